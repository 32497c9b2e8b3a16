import datetime
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from maillage.people.services import PeopleError, import_rne


class Command(BaseCommand):
    help = (
        "Importe les élus depuis des fichiers CSV du Répertoire national des élus "
        "(conseillers municipaux, maires, conseillers communautaires). Les lignes fautives sont "
        "refusées avec leur numéro et leur motif ; les autres sont importées."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", help="fichiers CSV du RNE")
        parser.add_argument(
            "--date",
            type=datetime.date.fromisoformat,
            default=None,
            help="date de fin des mandats disparus (AAAA-MM-JJ, défaut : aujourd'hui)",
        )

    def handle(self, *args, files, date, **options):
        for name in files:
            path = Path(name)
            if not path.is_file():
                raise CommandError(f"Fichier introuvable : {path}")
            started = time.monotonic()
            try:
                report = import_rne(raw=path.read_bytes(), filename=path.name, effective_date=date)
            except PeopleError as error:
                raise CommandError(f"{path.name} refusé, rien n'a changé. {error}") from error
            for line in report.lines():
                self.stdout.write(line)
            for error in report.errors[:200]:
                self.stdout.write(self.style.WARNING(f"  ligne {error.line} : {error.reason}"))
            if len(report.errors) > 200:
                self.stdout.write(f"  … et {len(report.errors) - 200} autres lignes refusées.")
            self.stdout.write(
                self.style.SUCCESS(f"{path.name} importé en {time.monotonic() - started:.1f} s.")
            )

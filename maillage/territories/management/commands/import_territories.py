import datetime
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from maillage.territories.services import TerritoryImportError, import_territories


class Command(BaseCommand):
    help = (
        "Importe les communes, départements, régions et EPCI de France depuis les fichiers "
        "de @etalab/decoupage-administratif (regions.json, departements.json, communes.json, "
        "epci.json). Idempotent : une deuxième exécution ne change rien."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--source",
            default=str(settings.TERRITORIES_SOURCE_DIR),
            help="dossier des fichiers JSON (défaut : %(default)s)",
        )
        parser.add_argument(
            "--date",
            type=datetime.date.fromisoformat,
            default=None,
            help="date d'effet des changements (AAAA-MM-JJ, défaut : aujourd'hui)",
        )

    def handle(self, *args, source, date, verbosity, **options):
        started = time.monotonic()

        def progress(message):
            if verbosity >= 1:
                self.stdout.write(f"[{time.monotonic() - started:6.1f} s] {message}")
                self.stdout.flush()

        try:
            report = import_territories(source_dir=source, effective_date=date, progress=progress)
        except TerritoryImportError as error:
            raise CommandError(f"Import refusé, rien n'a changé. {error}") from error
        for line in report.lines():
            self.stdout.write(line)
        self.stdout.write(
            self.style.SUCCESS(f"Import terminé en {time.monotonic() - started:.1f} s.")
        )

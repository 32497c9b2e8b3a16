"""Record the addresses the mail server reported as undeliverable.

    manage.py record_bounces FILE [--reason TEXT]

FILE holds one address per line (blank lines and lines starting with # are skipped); "-"
reads standard input. *(choix)* A plain list, not an mbox of DSNs: every mail server or
provider can export one, and it is easy to check by eye before recording."""

import sys

from django.core.management.base import BaseCommand, CommandError

from maillage.bulletins.services import record_bounces


class Command(BaseCommand):
    help = "Marque en erreur les adresses listées (une par ligne) : plus rien ne leur part."

    def add_arguments(self, parser):
        parser.add_argument(
            "file", help="fichier d'adresses, une par ligne (« - » : entrée standard)"
        )
        parser.add_argument("--reason", default="", help="motif enregistré avec chaque adresse")

    def handle(self, *args, file, reason, **options):
        try:
            handle = sys.stdin if file == "-" else open(file, encoding="utf-8")  # noqa: SIM115
        except OSError as error:
            raise CommandError(f"Impossible de lire {file} : {error}") from error
        with handle:
            lines = [line.strip() for line in handle]
        addresses = [line for line in lines if line and not line.startswith("#")]
        recorded, ignored = record_bounces(addresses=addresses, reason=reason)
        self.stdout.write(
            f"{recorded} adresse(s) marquée(s) en erreur, {ignored} ligne(s) ignorée(s)."
        )

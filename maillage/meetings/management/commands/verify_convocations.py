"""Check the proof chain of convocation sendings: every hash, and every record against the
current convocation (sending time, person, address). Exit code 1 on the first broken link."""

import sys

from django.core.management.base import BaseCommand

from maillage.meetings.services.convocations import verify_chain


class Command(BaseCommand):
    help = "Vérifie la chaîne des preuves d'envoi des convocations."

    def handle(self, *args, **options):
        report = verify_chain()
        if report.ok:
            self.stdout.write(f"Chaîne de preuves intègre : {report.checked} envois vérifiés.")
            return
        self.stderr.write(
            f"Chaîne de preuves rompue au maillon n° {report.broken_at} "
            f"(après {report.checked} envois vérifiés) : {report.reason}."
        )
        sys.exit(1)

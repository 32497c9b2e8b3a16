"""Run daily (cron or a systemd timer): tell the owner of each process whose review is
overdue, at most once a week per process."""

from django.core.management.base import BaseCommand

from maillage.quality.services import remind_overdue_reviews


class Command(BaseCommand):
    help = "Prévient les pilotes des processus dont la revue est en retard (à lancer chaque jour)."

    def handle(self, *args, **options):
        reminded = remind_overdue_reviews()
        self.stdout.write(f"{len(reminded)} pilote(s) de processus relancé(s).")

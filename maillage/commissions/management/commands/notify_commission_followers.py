"""Tell the followers of commissions about their convened sittings (each person once per
sitting). Run it every few minutes from cron or a systemd timer."""

from django.core.management.base import BaseCommand

from maillage.commissions.services import notify_followers_of_convened_sittings


class Command(BaseCommand):
    help = "Prévient les conseillers qui suivent une commission de ses séances convoquées."

    def handle(self, *args, **options):
        told = notify_followers_of_convened_sittings()
        self.stdout.write(f"{told} personne(s) prévenue(s).")

"""Send the notification digests. Run by cron or a systemd timer, e.g. every day at 7:00
with --daily and every Monday at 7:00 with --weekly (docs/participation-notifications.md)."""

from django.core.management.base import BaseCommand, CommandError

from maillage.audit.services import log_action
from maillage.notifications import services
from maillage.notifications.models import Frequency


class Command(BaseCommand):
    help = "Envoie les résumés de notifications (quotidien ou hebdomadaire)."

    def add_arguments(self, parser):
        group = parser.add_mutually_exclusive_group(required=True)
        group.add_argument("--daily", action="store_true", help="le résumé quotidien")
        group.add_argument("--weekly", action="store_true", help="le résumé hebdomadaire")

    def handle(self, *args, daily=False, weekly=False, **options):
        frequency = Frequency.DAILY if daily else Frequency.WEEKLY
        try:
            sent = services.send_digests(frequency)
        except services.NotificationError as error:
            raise CommandError(str(error)) from error
        if sent:
            log_action(
                actor=None,
                action="notifications.digests_sent",
                data={"frequency": str(frequency), "emails": sent},
            )
        label = "quotidien(s)" if daily else "hebdomadaire(s)"
        self.stdout.write(f"{sent} résumé(s) {label} mis en file d'envoi.")

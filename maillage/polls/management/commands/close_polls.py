"""Close every poll whose closing date has passed and tell its audience. Run it from a cron
job or a systemd timer, e.g. every five minutes (docs/participation-sondages.md); a poll is
also closed on the first view of its page or of the list after its date."""

from django.core.management.base import BaseCommand

from maillage.polls.services import close_due_polls


class Command(BaseCommand):
    help = (
        "Clôt les sondages dont la date de clôture est passée et prévient les personnes "
        "interrogées."
    )

    def handle(self, *args, **options):
        closed = close_due_polls()
        self.stdout.write(f"{closed} sondage{'s' if closed > 1 else ''} clos.")

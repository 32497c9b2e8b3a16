"""Close the opinion requests whose deadline has passed, and send the space's agents and
admins the totals. Run it once a day (cron or a systemd timer, see docs/participation-avis.md);
running it twice does nothing more."""

import datetime

from django.core.management.base import BaseCommand, CommandError

from maillage.opinions.services import close_due_requests


class Command(BaseCommand):
    help = "Clôt les demandes d'avis dont le délai est passé et en envoie le bilan aux agents."

    def add_arguments(self, parser):
        parser.add_argument(
            "--date",
            help="Jour de référence AAAA-MM-JJ (par défaut aujourd'hui) : clôt les demandes "
            "dont la date limite est antérieure.",
        )

    def handle(self, *args, **options):
        today = None
        if options.get("date"):
            try:
                today = datetime.date.fromisoformat(options["date"])
            except ValueError:
                raise CommandError("Date attendue au format AAAA-MM-JJ.") from None
        closed = close_due_requests(today=today)
        for request in closed:
            self.stdout.write(f"Close : {request.space.slug} · {request.title}")
        self.stdout.write(f"{len(closed)} demande(s) d'avis close(s).")

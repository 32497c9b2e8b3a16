"""Remind the people who have not answered an open survey, 3 days and 1 day before its
deadline. Run it by cron or a systemd timer, e.g. every hour:

    17 * * * *  cd /srv/maillage && .venv/bin/python manage.py send_survey_reminders

Each step is recorded (ReminderSent): running it again never sends a reminder twice."""

from django.core.management.base import BaseCommand

from maillage.surveys.services import send_reminders


class Command(BaseCommand):
    help = "Relance les personnes qui n'ont pas répondu aux enquêtes (J-3 et J-1)."

    def handle(self, *args, **options):
        sent = send_reminders()
        for survey, step, count in sent:
            self.stdout.write(
                f"{survey.space.slug} · {survey.title} : relance J-{step}, {count} personne(s)"
            )
        self.stdout.write(f"{len(sent)} relance(s) envoyée(s).")

"""Run daily (cron or a systemd timer): remind the agents and admins of each space of the
legal deadlines of their pacte de gouvernance (debate, sending, adoption: L5211-11-2), and tell
them (and the rapporteur) the day after a document's contributions closed."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from maillage.governance import rules
from maillage.governance.models import Document, DocumentKind
from maillage.notifications.models import Kind
from maillage.notifications.services import notify
from maillage.people.models import Person
from maillage.spaces.models import Role, SpaceRole


class Command(BaseCommand):
    help = "Rappelle aux agents et administrateurs les échéances légales du pacte de gouvernance."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Le jour à considérer (AAAA-MM-JJ), aujourd'hui sinon.")

    def handle(self, *args, date=None, **options):
        import datetime

        today = datetime.date.fromisoformat(date) if date else timezone.localdate()
        sent = 0
        documents = Document.objects.filter(
            kind=DocumentKind.PACTE, renewal_date__isnull=False, archived_at__isnull=True
        ).select_related("space")
        for document in documents:
            reminders = rules.due_reminders(
                renewal=document.renewal_date,
                stage=document.status,
                debate_held=document.debate_held_on is not None,
                sent=document.opinion_request_id is not None,
                today=today,
            )
            if not reminders:
                continue
            people = Person.objects.filter(
                pk__in=SpaceRole.objects.current()
                .filter(space=document.space, role__in=[Role.AGENT, Role.ADMIN])
                .values("person_id")
            )
            for reminder in reminders:
                notify(
                    recipients=people,
                    kind=Kind.GOVERNANCE,
                    title=f"Pacte de gouvernance « {document.title} » : {reminder.message}",
                    url=document.get_absolute_url(),
                    space=document.space,
                )
                sent += 1
        sent += self._closed_contributions(today)
        self.stdout.write(f"{sent} rappel(s) d'échéance envoyé(s).")

    def _closed_contributions(self, today) -> int:
        import datetime

        sent = 0
        documents = Document.objects.filter(
            status=rules.Stage.CONTRIBUTIONS.value,
            contributions_until=today - datetime.timedelta(days=1),
            archived_at__isnull=True,
        ).select_related("space", "rapporteur")
        for document in documents:
            if not rules.contributions_just_closed(
                document.status, document.contributions_until, today
            ):
                continue
            people = list(
                Person.objects.filter(
                    pk__in=SpaceRole.objects.current()
                    .filter(space=document.space, role__in=[Role.AGENT, Role.ADMIN])
                    .values("person_id")
                )
            )
            if document.rapporteur:
                people.append(document.rapporteur)
            notify(
                recipients=people,
                kind=Kind.GOVERNANCE,
                title=f"Contributions closes : « {document.title} »",
                body=(
                    f"Les contributions sont closes depuis le "
                    f"{document.contributions_until:%d/%m/%Y}. Décidez des amendements en "
                    "discussion et passez à l'étape suivante."
                ),
                url=document.get_absolute_url(),
                space=document.space,
            )
            sent += 1
        return sent

import datetime

from django.utils import timezone

from maillage.polls import services
from maillage.polls.models import Audience, Poll, PollKind
from tests.meetings.factories import in_days

OPTIONS = {
    PollKind.RANKED: ["Salle des fêtes", "Médiathèque", "Gymnase"],
    PollKind.DOTS: ["Voirie", "Écoles", "Numérique"],
    PollKind.SCORE: ["Projet A", "Projet B"],
}


def make_poll(space, author, kind=PollKind.CONSENT, *, audience=Audience.SPACE, **kwargs) -> Poll:
    """A poll opened through the service (its audience is notified), closing in 7 days."""
    values = {
        "title": f"Sondage {kind}",
        "closes_at": timezone.now() + datetime.timedelta(days=7),
        "options": OPTIONS.get(kind, []),
        "dates": [in_days(20), in_days(21, 9), in_days(22)] if kind == PollKind.DATE else [],
        "dot_budget": 10 if kind == PollKind.DOTS else None,
        **kwargs,
    }
    return services.create_poll(
        actor=getattr(author, "user", author), space=space, kind=kind, audience=audience, **values
    )


def expire(poll: Poll) -> Poll:
    """Move the poll's closing date into the past (it is not closed yet)."""
    Poll.objects.filter(pk=poll.pk).update(closes_at=timezone.now() - datetime.timedelta(minutes=1))
    poll.refresh_from_db()
    return poll


def option_ids(poll: Poll) -> list[int]:
    return list(poll.options.order_by("position").values_list("pk", flat=True))

"""Who is in each audience of a space's bulletin, computed from the people and spaces models,
as (address, audience, person id) with each address once (first audience chosen wins)."""

from dataclasses import dataclass

from django.db.models import Q

from maillage.people.models import ELECTED_FUNCTIONS, Function, Mandate, Person
from maillage.referents.services import referent_people

from .models import Audience, Bounce, OptOut, Subscriber

# Order in which audiences claim an address: a mayor who is also a subscriber receives the
# members' edition.
AUDIENCE_ORDER = [
    Audience.MAYORS,
    Audience.DGS,
    Audience.ELUS,
    Audience.REFERENTS,
    Audience.SUBSCRIBERS,
]


@dataclass(frozen=True)
class Recipient:
    address: str
    audience: str
    person_id: int | None = None


SERVICES_NEED_REFERENTS = (
    "Pour écrire aux référents de certains services, cochez aussi la liste « Les référents »."
)


def normalise(address: str) -> str:
    return (address or "").strip().lower()


def _person_ids(space, audience: str, services=()):
    mandates = Mandate.objects.current().in_space(space)
    if audience == Audience.ELUS:
        return mandates.filter(function__in=ELECTED_FUNCTIONS).values("person_id")
    if audience == Audience.MAYORS:
        return mandates.filter(function=Function.MAIRE).values("person_id")
    if audience == Audience.DGS:
        return mandates.filter(function=Function.DGS).values("person_id")
    if audience == Audience.REFERENTS:
        return referent_people(space, services=services).values("pk")
    raise ValueError(audience)


def _people(space, audience: str, services=()) -> list[tuple[str, int]]:
    rows = (
        Person.objects.filter(pk__in=_person_ids(space, audience, services))
        .filter(Q(email__gt="") | Q(user__email__gt=""))
        .values_list("pk", "email", "user__email")
        .order_by("pk")
    )
    return [(normalise(email or user_email), pk) for pk, email, user_email in rows]


def members_of(space, audience: str, services=()) -> list[Recipient]:
    """The addresses of one audience (before removing bounces and opt-outs). `services`: the
    référents' audience holds only the référents of those services."""
    if audience == Audience.SUBSCRIBERS:
        emails = Subscriber.objects.filter(
            space=space, confirmed_at__isnull=False, unsubscribed_at__isnull=True
        ).values_list("email", flat=True)
        return [Recipient(normalise(email), audience) for email in emails]
    people = _people(space, audience, services)
    return [Recipient(address, audience, pk) for address, pk in people]


def recipients(space, audiences, services=()) -> list[Recipient]:
    """Each address once, in the order of AUDIENCE_ORDER; with `services`, the référents
    are only those of these services."""
    chosen = [audience for audience in AUDIENCE_ORDER if audience in set(audiences)]
    seen: dict[str, Recipient] = {}
    for audience in chosen:
        for recipient in members_of(space, audience, services):
            if recipient.address and recipient.address not in seen:
                seen[recipient.address] = recipient
    return list(seen.values())


def blocked_addresses(space, addresses) -> tuple[set[str], set[str]]:
    """(bounced, opted out) among `addresses`."""
    addresses = list(addresses)
    bounced, opted_out = set(), set()
    for start in range(0, len(addresses), 900):  # SQLite's parameter limit
        chunk = addresses[start : start + 900]
        bounced |= set(Bounce.objects.filter(address__in=chunk).values_list("address", flat=True))
        opted_out |= set(
            OptOut.objects.filter(space=space, address__in=chunk).values_list("address", flat=True)
        )
    return bounced, opted_out


def audience_counts(space) -> dict[str, int]:
    """How many addresses each audience reaches today, for the send form."""
    counts = {}
    for audience in AUDIENCE_ORDER:
        addresses = {r.address for r in members_of(space, audience)}
        bounced, opted_out = blocked_addresses(space, addresses)
        counts[audience] = len(addresses - bounced - opted_out)
    return counts

"""Reads shared by the services, the permissions and the pages: who is a municipal councillor
of which member commune, which bodies are listed for councillors, their settings."""

from django.db.models import Q

from maillage.meetings.models import Body, BodyKind, Seat, SeatKind
from maillage.people.models import Function, Mandate, Person
from maillage.territories.models import Kind, Organisation

from .models import OPENABLE_KINDS, CommissionSettings

# The mandates of a municipal council: every one of them makes a « conseiller municipal ».
MUNICIPAL_FUNCTIONS = frozenset(
    {Function.MAIRE, Function.ADJOINT, Function.MAIRE_DELEGUE, Function.CONSEILLER_MUNICIPAL}
)


def member_communes(space):
    """The space's current member organisations that are communes (a queryset of ids)."""
    return space.members.current().filter(organisation__kind=Kind.COMMUNE).values("organisation_id")


def councillor_mandates(space):
    """Current municipal mandates in the space's current member communes."""
    return Mandate.objects.current().filter(
        function__in=MUNICIPAL_FUNCTIONS, organisation_id__in=member_communes(space)
    )


def communes_of(person, space) -> list[Organisation]:
    """The member communes where the person is a current municipal councillor."""
    if person is None:
        return []
    ids = councillor_mandates(space).filter(person=person).values("organisation_id")
    return list(Organisation.objects.filter(pk__in=ids).order_by("name"))


def mayor_communes(person, space) -> list[Organisation]:
    """The member communes of which the person is the current mayor."""
    if person is None:
        return []
    ids = (
        councillor_mandates(space)
        .filter(person=person, function=Function.MAIRE)
        .values("organisation_id")
    )
    return list(Organisation.objects.filter(pk__in=ids).order_by("name"))


def is_councillor_of(person, commune, space) -> bool:
    return councillor_mandates(space).filter(person=person, organisation=commune).exists()


def is_mayor_of(person, commune, space) -> bool:
    return (
        person is not None
        and councillor_mandates(space)
        .filter(person=person, organisation=commune, function=Function.MAIRE)
        .exists()
    )


def councillors_of(commune, space):
    """Current municipal councillors of a member commune, by name."""
    ids = councillor_mandates(space).filter(organisation=commune).values("person_id")
    return Person.objects.filter(pk__in=ids).order_by("last_name", "first_name")


def listed_filter() -> Q:
    """Bodies listed for councillors: every commission thématique, and the comités and
    working groups the space admin opened *(choice)*."""
    return Q(kind=BodyKind.COMMISSION) | Q(
        kind__in=OPENABLE_KINDS, commission_settings__open_to_councillors=True
    )


def listed_bodies(space):
    return Body.objects.filter(space=space).filter(listed_filter())


def settings_of(body) -> CommissionSettings:
    """The body's settings, or the defaults (not saved) when the admin set none."""
    if "_commission_settings" not in body.__dict__:
        try:
            found = body.commission_settings
        except CommissionSettings.DoesNotExist:
            found = CommissionSettings(body=body)
        body.__dict__["_commission_settings"] = found
    return body.__dict__["_commission_settings"]


def is_listed(body) -> bool:
    if body.kind == BodyKind.COMMISSION:
        return True
    return body.kind in OPENABLE_KINDS and settings_of(body).open_to_councillors


def is_open(body) -> bool:
    """Whether councillors may ask to sit in the body."""
    return body.kind in OPENABLE_KINDS and settings_of(body).open_to_councillors


def current_titulaires(body):
    return Seat.objects.current().filter(body=body, kind=SeatKind.TITULAIRE)


def seats_of_commune(body, commune) -> int:
    """Current titulaires of the body who represent the commune."""
    return current_titulaires(body).filter(organisation=commune).count()


def seat_commune(seat, space) -> Organisation | None:
    """The commune a seat represents: its organisation, or else the member commune where its
    holder is a municipal councillor *(choice)*."""
    if seat.organisation_id is not None:
        return seat.organisation
    communes = communes_of(seat.person, space)
    return communes[0] if len(communes) == 1 else None


def chair_person_id(body) -> int | None:
    return (
        Seat.objects.current()
        .filter(body=body, is_chair=True)
        .values_list("person_id", flat=True)
        .first()
    )

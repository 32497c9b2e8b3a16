"""Who receives what for a sitting: the body's members and their suppléants, and, for an EPCI
council, a copy for every municipal councillor who is not a community councillor (L5211-40-2)."""

from django.db.models import Q, QuerySet

from maillage.people.models import Function, Mandate, Person

from ..models import Body, BodyKind

MUNICIPAL_FUNCTIONS = (
    Function.MAIRE,
    Function.ADJOINT,
    Function.MAIRE_DELEGUE,
    Function.CONSEILLER_MUNICIPAL,
)
COMMUNITY_FUNCTIONS = (
    Function.CONSEILLER_COMMUNAUTAIRE,
    Function.CONSEILLER_COMMUNAUTAIRE_SUPPLEANT,
)


def receives_copies(body: Body) -> bool:
    """Only the council of an EPCI (à fiscalité propre) sends copies to the municipal
    councillors of its communes (L5211-40-2)."""
    return body.kind == BodyKind.CONSEIL_COMMUNAUTAIRE and body.space.is_epci


def municipal_councillors_to_copy(body: Body) -> QuerySet[Person]:
    """Municipal councillors of the space's member communes who are not community councillors:
    no current seat in the body and no current community councillor mandate (L5211-40-2).
    Empty when the body is not an EPCI council."""
    if not receives_copies(body):
        return Person.objects.none()
    municipal = (
        Mandate.objects.current()
        .in_space(body.space)
        .filter(function__in=MUNICIPAL_FUNCTIONS)
        .values("person_id")
    )
    community = Mandate.objects.current().filter(function__in=COMMUNITY_FUNCTIONS)
    return (
        Person.objects.filter(pk__in=municipal)
        .exclude(pk__in=community.values("person_id"))
        .exclude(Q(seats__body=body, seats__end_date__isnull=True))
        .distinct()
    )

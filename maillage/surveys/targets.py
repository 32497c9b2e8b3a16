"""Who a survey asks: the target as a queryset of people, and the member organisations a person
may answer for when the unit is the organisation."""

from django.db.models import Q, QuerySet

from maillage.meetings.models import Seat
from maillage.people.models import AGENT_FUNCTIONS, Function, Mandate, Person
from maillage.spaces.models import SpaceRole
from maillage.territories.models import Organisation

from .models import AnswerUnit, Survey, Target


def _member_ids(space):
    return space.members.current().values("organisation_id")


def target_people(survey: Survey) -> QuerySet[Person]:
    """Everyone the survey asks, each once.

    - all members: everyone with a role or a current mandate in the space;
    - mayors: current mayors of the member communes;
    - agents: people with a current agent function (DGS, DSI, secrétaire de mairie, référent,
      agent) in a member organisation;
    - a body: the people holding a current seat in it;
    - a list: the people chosen by hand."""
    space = survey.space
    if survey.target == Target.ALL:
        return Person.objects.in_space(space)
    if survey.target == Target.MAYORS:
        mandates = Mandate.objects.current().filter(
            function=Function.MAIRE, organisation_id__in=_member_ids(space)
        )
        return Person.objects.filter(pk__in=mandates.values("person_id"))
    if survey.target == Target.AGENTS:
        mandates = Mandate.objects.current().filter(
            function__in=AGENT_FUNCTIONS, organisation_id__in=_member_ids(space)
        )
        return Person.objects.filter(pk__in=mandates.values("person_id"))
    if survey.target == Target.BODY:
        seats = Seat.objects.current().filter(body_id=survey.body_id)
        return Person.objects.filter(pk__in=seats.values("person_id"))
    return Person.objects.filter(pk__in=survey.people.values("pk"))


def in_target(survey: Survey, person: Person) -> bool:
    return target_people(survey).filter(pk=person.pk).exists()


def organisations_for(survey: Survey, person: Person) -> list[Organisation]:
    """The member organisations a person answers for (unit: organisation): those where they
    hold a current mandate — as mayor for a survey of mayors, as agent for a survey of agents
    — or for which they are the space's référent. Empty for a survey per person."""
    if survey.answer_unit != AnswerUnit.ORGANISATION:
        return []
    members = _member_ids(survey.space)
    mandates = Mandate.objects.current().filter(person=person, organisation_id__in=members)
    if survey.target == Target.MAYORS:
        mandates = mandates.filter(function=Function.MAIRE)
    elif survey.target == Target.AGENTS:
        mandates = mandates.filter(function__in=AGENT_FUNCTIONS)
    condition = Q(pk__in=mandates.values("organisation_id"))
    if survey.target not in (Target.MAYORS, Target.AGENTS):
        referent = SpaceRole.objects.current().filter(
            space=survey.space, person=person, organisation_id__in=members
        )
        condition |= Q(pk__in=referent.values("organisation_id"))
    return list(Organisation.objects.filter(condition).order_by("name"))


def organisations_of_people(survey: Survey, person_ids) -> dict[int, set[int]]:
    """For reminders: person id → the member organisations they could answer for."""
    members = _member_ids(survey.space)
    mandates = Mandate.objects.current().filter(
        person_id__in=person_ids, organisation_id__in=members
    )
    if survey.target == Target.MAYORS:
        mandates = mandates.filter(function=Function.MAIRE)
    elif survey.target == Target.AGENTS:
        mandates = mandates.filter(function__in=AGENT_FUNCTIONS)
    result: dict[int, set[int]] = {}
    for person_id, organisation_id in mandates.values_list("person_id", "organisation_id"):
        result.setdefault(person_id, set()).add(organisation_id)
    if survey.target not in (Target.MAYORS, Target.AGENTS):
        roles = SpaceRole.objects.current().filter(
            space=survey.space, person_id__in=person_ids, organisation_id__in=members
        )
        for person_id, organisation_id in roles.values_list("person_id", "organisation_id"):
            result.setdefault(person_id, set()).add(organisation_id)
    return result


def targeted_filter(space, person) -> Q:
    """A filter on surveys of the space selecting those whose target includes the person, in
    a fixed number of queries whatever the number of surveys."""
    members = _member_ids(space)
    current = Mandate.objects.current().filter(person=person)
    chosen = Survey.people.through.objects.filter(person_id=person.pk).values("survey_id")
    condition = Q(target=Target.LIST, pk__in=chosen)
    if Person.objects.in_space(space).filter(pk=person.pk).exists():
        condition |= Q(target=Target.ALL)
    if current.filter(function=Function.MAIRE, organisation_id__in=members).exists():
        condition |= Q(target=Target.MAYORS)
    if current.filter(function__in=AGENT_FUNCTIONS, organisation_id__in=members).exists():
        condition |= Q(target=Target.AGENTS)
    bodies = list(Seat.objects.current().filter(person=person).values_list("body_id", flat=True))
    if bodies:
        condition |= Q(target=Target.BODY, body_id__in=bodies)
    return condition


def member_organisation_ids(space, person) -> list[int]:
    """Every member organisation where the person holds a current mandate or is référent."""
    members = _member_ids(space)
    ids = set(
        Mandate.objects.current()
        .filter(person=person, organisation_id__in=members)
        .values_list("organisation_id", flat=True)
    )
    ids |= set(
        SpaceRole.objects.current()
        .filter(space=space, person=person, organisation_id__in=members)
        .values_list("organisation_id", flat=True)
    )
    return sorted(ids)

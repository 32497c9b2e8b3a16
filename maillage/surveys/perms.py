"""Who may build, answer and read surveys. One function per decision; the docstring is the rule.
Built on the space roles (`maillage.spaces.perms`)."""

from maillage.spaces.models import Role
from maillage.spaces.perms import person_of, roles

from . import targets
from .models import Participation, Status, Survey


def _is_superuser(user) -> bool:
    return bool(getattr(user, "is_superuser", False))


def can_build_surveys(user, space) -> bool:
    """The space's agents and admins build surveys, open and close them, read every result
    and export the answers."""
    return _is_superuser(user) or bool({Role.ADMIN, Role.AGENT} & roles(user, space))


def can_list_surveys(user, space) -> bool:
    """Any logged-in person opens the list: it shows the surveys they are asked to answer
    (and, for agents and admins, every survey of the space)."""
    return bool(getattr(user, "is_authenticated", False))


def is_targeted(user, survey: Survey) -> bool:
    """The person behind the account is in the survey's target, looked up once per request."""
    person = person_of(user)
    if person is None:
        return False
    cache = user.__dict__.setdefault("_survey_targets", {})
    if survey.pk not in cache:
        cache[survey.pk] = targets.in_target(survey, person)
    return cache[survey.pk]


def can_view_survey(user, survey: Survey) -> bool:
    """A survey in preparation is seen by its builders; once open, also by the people it
    targets."""
    if can_build_surveys(user, survey.space):
        return True
    return survey.status != Status.DRAFT and is_targeted(user, survey)


def can_edit_survey(user, survey: Survey) -> bool:
    """Builders change a survey and its questions only while it is a draft (the service says
    so in French otherwise)."""
    return can_build_surveys(user, survey.space)


def can_answer(user, survey: Survey) -> bool:
    """A person of the target answers an open survey (after the deadline or the close, the
    page says so in French and refuses the answer)."""
    return survey.status != Status.DRAFT and is_targeted(user, survey)


def has_participated(user, survey: Survey) -> bool:
    person = person_of(user)
    return (
        person is not None and Participation.objects.filter(survey=survey, person=person).exists()
    )


def can_view_results(user, survey: Survey) -> bool:
    """Builders read the live results; respondents too when the survey shares its results."""
    if can_build_surveys(user, survey.space):
        return True
    return (
        survey.results_shared and survey.status != Status.DRAFT and has_participated(user, survey)
    )


def can_export(user, survey: Survey) -> bool:
    """Only builders export every answer as CSV."""
    return can_build_surveys(user, survey.space)


def can_download_file(user, answer) -> bool:
    """A file sent with an answer is downloaded by the builders, and by its author for a named
    survey (an anonymous survey's files are tied to nobody, not even their author)."""
    survey = answer.response.survey
    if can_build_surveys(user, survey.space):
        return True
    person = person_of(user)
    return person is not None and not survey.anonymous and answer.response.person_id == person.pk

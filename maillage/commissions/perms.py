"""Who may see and do what with commissions open to municipal councillors. One function per
decision; the docstring is the rule. Built on the space roles and the sittings permissions."""

from maillage.meetings.models import SittingStatus
from maillage.meetings.perms import can_prepare_sittings, current_seat
from maillage.spaces.perms import can_admin_space, can_see_members_area, person_of

from . import queries
from .models import Follow, Replacement


def councillor_communes(user, space) -> list:
    """The member communes where the user is a current municipal councillor, looked up once
    per request."""
    cache = user.__dict__.setdefault("_councillor_communes", {})
    if space.pk not in cache:
        cache[space.pk] = queries.communes_of(person_of(user), space)
    return cache[space.pk]


def mayor_communes(user, space) -> list:
    """The member communes of which the user is the current mayor, looked up once."""
    cache = user.__dict__.setdefault("_mayor_communes", {})
    if space.pk not in cache:
        cache[space.pk] = queries.mayor_communes(person_of(user), space)
    return cache[space.pk]


def is_municipal_councillor(user, space) -> bool:
    """A municipal councillor holds a current mandate in a member commune: maire, adjoint,
    maire délégué or conseiller municipal."""
    return bool(councillor_communes(user, space))


def can_view_commissions(user, space) -> bool:
    """The commissions, their members and their next sittings are seen by the space's members
    (élus, agents, référents, admins), like the commissions' pages of the sittings."""
    return can_see_members_area(user, space)


def can_view_commission(user, body) -> bool:
    """A listed body (a commission, or a comité the admin opened) is seen by the space's
    members; the admin also sees the bodies they may open."""
    if can_admin_space(user, body.space):
        return True
    return queries.is_listed(body) and can_view_commissions(user, body.space)


def can_follow(user, body) -> bool:
    """A municipal councillor of a member commune follows a listed body without a seat."""
    return queries.is_listed(body) and is_municipal_councillor(user, body.space)


def is_following(user, body) -> bool:
    person = person_of(user)
    return person is not None and Follow.objects.filter(person=person, body=body).exists()


def can_ask_to_join(user, body) -> bool:
    """A municipal councillor without a seat asks to sit in a body opened to councillors."""
    return (
        queries.is_open(body)
        and is_municipal_councillor(user, body.space)
        and current_seat(user, body) is None
    )


def is_chair(user, body) -> bool:
    """The person holding the body's current chair seat."""
    seat = current_seat(user, body)
    return seat is not None and seat.is_chair


def can_decide_requests(user, body) -> bool:
    """The space admin or the commission's chair accepts or refuses requests to sit."""
    return can_admin_space(user, body.space) or is_chair(user, body)


def can_admin_commission(user, body) -> bool:
    """Only the space admin opens a body to councillors and sets the seats per commune."""
    return can_admin_space(user, body.space)


def can_name_replacement(user, body) -> bool:
    """The mayor of a member commune names a one-sitting replacement for a member of a listed
    body (L5211-40-1); which member and which councillor is checked by the service."""
    return queries.is_listed(body) and bool(mayor_communes(user, body.space))


def can_view_commission_sitting(user, sitting) -> bool:
    """A sitting of a listed body, once convened, with its dossier and remote link: seen by
    the body's members, its followers, the councillor named to replace a member at that
    sitting, and the agents and admins who prepare sittings."""
    body = sitting.body
    if sitting.status == SittingStatus.DRAFT:
        return False
    if can_prepare_sittings(user, body.space):
        return True
    if not queries.is_listed(body):
        return False
    if current_seat(user, body) is not None:
        return True
    person = person_of(user)
    if person is None:
        return False
    return (
        Follow.objects.filter(person=person, body=body).exists()
        or Replacement.objects.filter(sitting=sitting, replacement=person).exists()
    )


def can_view_history(user, space) -> bool:
    """Each member of the space sees their own attendance history."""
    return person_of(user) is not None and can_see_members_area(user, space)


def can_cancel_replacement(user, replacement, mayor_ids=None) -> bool:
    """The mayor of the replacement's commune (who named it) or the space admin withdraws a
    replacement, before the sitting opens (checked by the service)."""
    space = replacement.sitting.body.space
    if can_admin_space(user, space):
        return True
    if mayor_ids is None:
        mayor_ids = {c.pk for c in mayor_communes(user, space)}
    return replacement.commune_id in mayor_ids

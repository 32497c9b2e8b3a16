"""Who sees the dashboards. One function per decision; the docstring is the rule.

The dashboards only read what other capabilities record: they show a figure to whoever may
see it there, and never a project that its own rules hide from the reader.
"""

from maillage.spaces.perms import can_see_members_area

NEED_TERRITORY = (
    "Le tableau de bord du territoire est réservé aux personnes de l'espace : élus des "
    "organisations membres, agents, référents et administrateurs."
)
NEED_MEMBER = (
    "La page « Ma commune dans l'interco » est réservée aux personnes de l'espace : élus des "
    "organisations membres, agents, référents et administrateurs."
)


def _is_superuser(user) -> bool:
    return bool(getattr(user, "is_superuser", False))


def can_view_territory_dashboard(user, space) -> bool:
    """Anyone of the space (élus of the member organisations, agents, référents, admins) and
    superusers see the territory's dashboard *(choice: no public variant; the public portal
    shows the public projects)*."""
    return _is_superuser(user) or can_see_members_area(user, space)


def can_view_member_dashboard(user, space, organisation) -> bool:
    """Anyone of the space sees the page of every member organisation, not only their own
    commune's: the mayors compare what the EPCI brings to each *(choice: transparency between
    members, as for the polls)*."""
    return can_view_territory_dashboard(user, space)


def can_see_sittings_in_preparation(user, space) -> bool:
    """Sittings in preparation and the convocations still to send are shown to those who
    prepare sittings (agents and admins), as on the sittings pages."""
    from maillage.meetings.perms import can_prepare_sittings

    return can_prepare_sittings(user, space)


def can_export(user, space) -> bool:
    """Whoever sees a dashboard downloads its tables as CSV: the same figures, no more."""
    return can_view_territory_dashboard(user, space)

"""The models of other capabilities that carry comments. Each registration says who reads
and writes comments on an object; see docs/participation-commentaires.md to add one."""

from django.urls import reverse

from .registry import register


def register_agenda_items():
    """The items of a sitting's agenda: discussed by those who may read the sitting's dossier
    (members of the body, people convened or sent a copy, agents and admins); the item's
    rapporteur is told of every comment."""
    from maillage.meetings.models import AgendaItem
    from maillage.meetings.perms import can_view_dossier

    register(
        AgendaItem,
        can_read=lambda user, item: can_view_dossier(user, item.sitting),
        can_comment=lambda user, item: can_view_dossier(user, item.sitting),
        space_of=lambda item: item.sitting.body.space,
        url_of=lambda item: reverse(
            "comments:agenda_item",
            args=[item.sitting.body.space.slug, item.sitting_id, item.pk],
        ),
        followers=lambda item: [item.rapporteur] if item.rapporteur_id else [],
        label_of=lambda item: f"le point « {item.title} » ({item.sitting.body.name})",
    )


def register_all():
    register_agenda_items()

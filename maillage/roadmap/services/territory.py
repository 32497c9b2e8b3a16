"""The projet de territoire: axes → objectives → actions, ordered, each action carried by
projects of the space. Archiving an element archives what it holds (never deleted)."""

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from maillage.audit.services import log_action

from ..models import Action, Axis, Objective
from .common import RoadmapError, check_projects, integrity, optional_text, required_text

TITLE_MAX = 200
TEXT_MAX = 20000
RACE = "Quelqu'un modifie le projet de territoire en même temps : réessayez."


def siblings(element):
    """The live and archived elements among which `element` takes its rank."""
    if isinstance(element, Axis):
        return Axis.objects.filter(space_id=element.space_id)
    if isinstance(element, Objective):
        return Objective.objects.filter(axis_id=element.axis_id)
    return Action.objects.filter(objective_id=element.objective_id)


def space_of(element):
    if isinstance(element, Axis):
        return element.space
    if isinstance(element, Objective):
        return element.axis.space
    return element.objective.axis.space


def _next_position(queryset) -> int:
    return (queryset.aggregate(m=Max("position"))["m"] or 0) + 1


def _texts(title, description):
    return (
        required_text(title, "Écrivez l'intitulé.", TITLE_MAX),
        optional_text(description, TEXT_MAX),
    )


# --- Axes ----------------------------------------------------------------------------------------


def create_axis(*, actor, space, title: str, description: str = "") -> Axis:
    title, description = _texts(title, description)
    with transaction.atomic(), integrity(RACE):
        axis = Axis.objects.create(
            space=space,
            position=_next_position(Axis.objects.filter(space=space)),
            title=title,
            description=description,
        )
        log_action(actor=actor, action="roadmap.axis_create", obj=axis, space=space)
    return axis


def update_axis(*, actor, axis: Axis, title: str, description: str = "") -> Axis:
    _refuse_archived(axis)
    axis.title, axis.description = _texts(title, description)
    with transaction.atomic():
        axis.save(update_fields=["title", "description"])
        log_action(actor=actor, action="roadmap.axis_update", obj=axis, space=axis.space)
    return axis


# --- Objectives ----------------------------------------------------------------------------------


def _check_axis(axis, space):
    if axis is None:
        raise RoadmapError("Choisissez l'axe auquel l'objectif appartient.")
    if axis.space_id != space.pk:
        raise RoadmapError("Cet axe n'est pas de l'espace.")
    if axis.archived_at is not None:
        raise RoadmapError(f"L'axe « {axis.title} » est archivé.")


def create_objective(
    *, actor, space, axis: Axis | None, title: str, description: str = ""
) -> Objective:
    _check_axis(axis, space)
    title, description = _texts(title, description)
    with transaction.atomic(), integrity(RACE):
        objective = Objective.objects.create(
            axis=axis,
            position=_next_position(Objective.objects.filter(axis=axis)),
            title=title,
            description=description,
        )
        log_action(
            actor=actor,
            action="roadmap.objective_create",
            obj=objective,
            space=space,
            data={"axis": axis.pk},
        )
    return objective


def update_objective(
    *, actor, objective: Objective, axis: Axis | None, title: str, description: str = ""
) -> Objective:
    """Change an objective; given another axis, it moves there, last."""
    space = objective.axis.space
    _refuse_archived(objective)
    _check_axis(axis, space)
    objective.title, objective.description = _texts(title, description)
    fields = ["title", "description"]
    with transaction.atomic(), integrity(RACE):
        data = {}
        if axis.pk != objective.axis_id:
            data = {"from_axis": objective.axis_id, "to_axis": axis.pk}
            objective.axis = axis
            objective.position = _next_position(Objective.objects.filter(axis=axis))
            fields += ["axis", "position"]
        objective.save(update_fields=fields)
        log_action(
            actor=actor, action="roadmap.objective_update", obj=objective, space=space, data=data
        )
    return objective


# --- Actions -------------------------------------------------------------------------------------


def _check_objective(objective, space):
    if objective is None:
        raise RoadmapError("Choisissez l'objectif auquel l'action appartient.")
    if objective.axis.space_id != space.pk:
        raise RoadmapError("Cet objectif n'est pas de l'espace.")
    if objective.archived_at is not None:
        raise RoadmapError(f"L'objectif « {objective.title} » est archivé.")


def create_action(
    *,
    actor,
    space,
    objective: Objective | None,
    title: str,
    description: str = "",
    projects=(),
) -> Action:
    _check_objective(objective, space)
    title, description = _texts(title, description)
    projects = check_projects(space, projects)
    with transaction.atomic(), integrity(RACE):
        action = Action.objects.create(
            objective=objective,
            position=_next_position(Action.objects.filter(objective=objective)),
            title=title,
            description=description,
        )
        action.projects.set(projects)
        log_action(
            actor=actor,
            action="roadmap.action_create",
            obj=action,
            space=space,
            data={"objective": objective.pk, "projects": [p.pk for p in projects]},
        )
    return action


def update_action(
    *,
    actor,
    action: Action,
    objective: Objective | None,
    title: str,
    description: str = "",
    projects=(),
) -> Action:
    """Change an action and the projects that carry it; given another objective, it moves
    there, last. Archived projects already linked stay linked (their history counts)."""
    space = action.objective.axis.space
    _refuse_archived(action)
    _check_objective(objective, space)
    action.title, action.description = _texts(title, description)
    kept = set(action.projects.filter(archived_at__isnull=False).values_list("pk", flat=True))
    projects = list(dict.fromkeys(projects or []))
    check_projects(space, [p for p in projects if p.pk not in kept])
    fields = ["title", "description"]
    with transaction.atomic(), integrity(RACE):
        data = {"projects": [p.pk for p in projects]}
        if objective.pk != action.objective_id:
            data.update(from_objective=action.objective_id, to_objective=objective.pk)
            action.objective = objective
            action.position = _next_position(Action.objects.filter(objective=objective))
            fields += ["objective", "position"]
        action.save(update_fields=fields)
        action.projects.set(projects)
        log_action(actor=actor, action="roadmap.action_update", obj=action, space=space, data=data)
    return action


# --- Order and archive ---------------------------------------------------------------------------


def _refuse_archived(element):
    if element.archived_at is not None:
        raise RoadmapError(f"« {element.title} » est archivé : il ne se modifie plus.")


def move_element(*, actor, element, direction: str):
    """Move an axis, objective or action one rank up or down among its live siblings
    (swapping ranks with its neighbour); at the end already, nothing changes."""
    if direction not in ("up", "down"):
        raise RoadmapError("Choisissez de monter ou de descendre.")
    _refuse_archived(element)
    live = siblings(element).filter(archived_at__isnull=True)
    if direction == "up":
        neighbour = live.filter(position__lt=element.position).order_by("-position").first()
    else:
        neighbour = live.filter(position__gt=element.position).order_by("position").first()
    if neighbour is None:
        return element
    space = space_of(element)
    with transaction.atomic(), integrity(RACE):
        mine, theirs = element.position, neighbour.position
        # Through 0 (never a rank), so that the unique rank holds at each step.
        type(element).objects.filter(pk=element.pk).update(position=0)
        type(element).objects.filter(pk=neighbour.pk).update(position=mine)
        type(element).objects.filter(pk=element.pk).update(position=theirs)
        element.position = theirs
        log_action(
            actor=actor,
            action="roadmap.move",
            obj=element,
            space=space,
            data={"direction": direction},
        )
    return element


def archive_element(*, actor, element):
    """Archive an axis, objective or action and everything it holds: it leaves the projet
    de territoire, its record and links stay."""
    _refuse_archived(element)
    space = space_of(element)
    now = timezone.now()
    with transaction.atomic():
        held = 0
        if isinstance(element, Axis):
            objectives = Objective.objects.filter(axis=element, archived_at__isnull=True)
            held += Action.objects.filter(
                objective__in=objectives, archived_at__isnull=True
            ).update(archived_at=now)
            held += objectives.update(archived_at=now)
        elif isinstance(element, Objective):
            held += Action.objects.filter(objective=element, archived_at__isnull=True).update(
                archived_at=now
            )
        element.archived_at = now
        element.save(update_fields=["archived_at"])
        log_action(
            actor=actor,
            action="roadmap.archive",
            obj=element,
            space=space,
            data={"kind": element._meta.model_name, "held": held},
        )
    return element

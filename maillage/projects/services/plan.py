"""The plan of a project: milestones, tasks, budget lines and funding, indicators and their
measurements."""

import datetime
import re
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone

from maillage.audit.services import log_action
from maillage.people.models import Person

from .. import rules
from ..models import (
    BudgetLine,
    Direction,
    FundingSource,
    Indicator,
    Measurement,
    Milestone,
    Project,
    Task,
    Unit,
)
from .common import ProjectError, check_in_project, check_open, fr_date


def _log(actor, action, project, **data):
    log_action(actor=actor, action=action, obj=project, space=project.space, data=data)


# --- Milestones and tasks -----------------------------------------------------------------------


def add_milestone(*, actor, project: Project, title: str, due_date: datetime.date) -> Milestone:
    """Add a milestone; its due date falls within the project's start and end."""
    check_open(project)
    title = (title or "").strip()
    if not title:
        raise ProjectError("Donnez un intitulé au jalon.")
    if due_date is None:
        raise ProjectError("Indiquez l'échéance du jalon.")
    check_in_project(project, due_date, f"Le jalon « {title} »")
    with transaction.atomic():
        milestone = Milestone.objects.create(project=project, title=title, due_date=due_date)
        _log(actor, "projects.milestone_add", project, milestone=milestone.pk, title=title)
    return milestone


def update_milestone(
    *,
    actor,
    milestone: Milestone,
    title: str,
    due_date: datetime.date,
    done_on: datetime.date | None = None,
) -> Milestone:
    """Change a milestone, or record the day it was reached (not in the future)."""
    project = milestone.project
    check_open(project)
    title = (title or "").strip()
    if not title:
        raise ProjectError("Donnez un intitulé au jalon.")
    if due_date is None:
        raise ProjectError("Indiquez l'échéance du jalon.")
    check_in_project(project, due_date, f"Le jalon « {title} »")
    if done_on is not None and done_on > timezone.localdate():
        raise ProjectError(f"Un jalon ne peut pas être atteint dans le futur ({fr_date(done_on)}).")
    with transaction.atomic():
        was_done = milestone.done_on is not None
        milestone.title, milestone.due_date, milestone.done_on = title, due_date, done_on
        milestone.save()
        action = "projects.milestone_update"
        if done_on is not None and not was_done:
            action = "projects.milestone_done"
        _log(actor, action, project, milestone=milestone.pk, title=title)
    return milestone


def add_task(
    *,
    actor,
    project: Project,
    title: str,
    owner: Person | None = None,
    due_date: datetime.date | None = None,
    milestone: Milestone | None = None,
) -> Task:
    """Add a task; its owner has a role or a mandate in the space; its due date falls within
    the project *(choice: like milestones)*."""
    title = _check_task(project, title=title, owner=owner, due_date=due_date, milestone=milestone)
    with transaction.atomic():
        task = Task.objects.create(
            project=project, title=title, owner=owner, due_date=due_date, milestone=milestone
        )
        _log(actor, "projects.task_add", project, task=task.pk, title=title)
    return task


def _check_task(project, *, title, owner, due_date, milestone) -> str:
    """The rules of a task, added or changed; returns its title stripped."""
    check_open(project)
    title = (title or "").strip()
    if not title:
        raise ProjectError("Donnez un intitulé à la tâche.")
    if (
        owner is not None
        and not Person.objects.in_space(project.space).filter(pk=owner.pk).exists()
    ):
        raise ProjectError(f"{owner.full_name} n'a ni rôle ni mandat dans l'espace.")
    if milestone is not None and milestone.project_id != project.pk:
        raise ProjectError("Ce jalon n'est pas de ce projet.")
    check_in_project(project, due_date, f"La tâche « {title} »")
    return title


def update_task(
    *,
    actor,
    task: Task,
    title: str,
    owner: Person | None = None,
    due_date: datetime.date | None = None,
    milestone: Milestone | None = None,
) -> Task:
    """Change a task's title, owner, due date or milestone, by the same rules as adding it;
    the log keeps what it was before."""
    project = task.project
    title = _check_task(project, title=title, owner=owner, due_date=due_date, milestone=milestone)
    before = {
        "title": task.title,
        "owner": task.owner_id,
        "due_date": task.due_date.isoformat() if task.due_date else None,
        "milestone": task.milestone_id,
    }
    with transaction.atomic():
        task.title, task.owner, task.due_date, task.milestone = title, owner, due_date, milestone
        task.save(update_fields=["title", "owner", "due_date", "milestone"])
        _log(actor, "projects.task_update", project, task=task.pk, title=title, before=before)
    return task


def set_task_done(*, actor, task: Task, done: bool) -> Task:
    """Tick a task as done, or back to do."""
    project = task.project
    check_open(project)
    if done == task.is_done:
        raise ProjectError(
            "Cette tâche est déjà faite." if done else "Cette tâche est déjà à faire."
        )
    with transaction.atomic():
        task.done_at = timezone.now() if done else None
        task.done_by = actor if done and getattr(actor, "pk", None) else None
        task.save(update_fields=["done_at", "done_by"])
        _log(
            actor,
            "projects.task_done" if done else "projects.task_reopen",
            project,
            task=task.pk,
            title=task.title,
        )
    return task


# --- Budget -------------------------------------------------------------------------------------


def save_budget_line(
    *,
    actor,
    project: Project,
    label: str,
    planned: Decimal,
    committed: Decimal,
    spent: Decimal,
    line: BudgetLine | None = None,
) -> BudgetLine:
    """Add a budget line or change one (`line`): amounts ≥ 0, to the cent, spent ≤ committed."""
    check_open(project)
    label = (label or "").strip()
    if not label:
        raise ProjectError("Nommez le poste de dépense.")
    problem = rules.budget_problem(planned, committed, spent)
    if problem:
        raise ProjectError(problem)
    if line is not None and line.project_id != project.pk:
        raise ProjectError("Cette ligne n'est pas de ce projet.")
    try:
        with transaction.atomic():
            line = line or BudgetLine(project=project)
            before = {"planned": str(line.planned), "committed": str(line.committed)}
            line.label, line.planned, line.committed, line.spent = label, planned, committed, spent
            created = line.pk is None
            line.save()
            _log(
                actor,
                "projects.budget_add" if created else "projects.budget_update",
                project,
                line=line.pk,
                label=label,
                planned=str(planned),
                committed=str(committed),
                spent=str(spent),
                before=None if created else before,
            )
    except IntegrityError as error:
        raise ProjectError(f"Ce projet a déjà une ligne budgétaire « {label} ».") from error
    return line


def remove_budget_line(*, actor, line: BudgetLine) -> None:
    """Remove a budget line; its amounts stay in the action log."""
    project = line.project
    check_open(project)
    with transaction.atomic():
        _log(
            actor,
            "projects.budget_remove",
            project,
            label=line.label,
            planned=str(line.planned),
            committed=str(line.committed),
            spent=str(line.spent),
        )
        line.delete()


def add_funding(*, actor, project: Project, name: str, amount: Decimal) -> FundingSource:
    """Add a funding source (name, amount ≥ 0, to the cent)."""
    check_open(project)
    name = (name or "").strip()
    if not name:
        raise ProjectError("Nommez le financeur.")
    if amount is None:
        raise ProjectError("Indiquez le montant du financement.")
    if amount < 0:
        raise ProjectError("Un financement ne peut pas être négatif.")
    if amount >= rules.MAX_AMOUNT:
        raise ProjectError("Ce montant est trop grand (moins de mille milliards d'euros).")
    if amount != amount.quantize(Decimal("0.01")):
        raise ProjectError("Le montant s'écrit au centime près (deux décimales au plus).")
    try:
        with transaction.atomic():
            source = FundingSource.objects.create(project=project, name=name, amount=amount)
            _log(actor, "projects.funding_add", project, name=name, amount=str(amount))
    except IntegrityError as error:
        raise ProjectError(f"« {name} » figure déjà dans le plan de financement.") from error
    return source


def remove_funding(*, actor, source: FundingSource) -> None:
    project = source.project
    check_open(project)
    with transaction.atomic():
        _log(actor, "projects.funding_remove", project, name=source.name, amount=str(source.amount))
        source.delete()


# --- Indicators ---------------------------------------------------------------------------------


def add_indicator(
    *,
    actor,
    project: Project,
    name: str,
    unit: str,
    baseline: Decimal,
    target: Decimal,
    direction: str = Direction.UP,
) -> Indicator:
    """Add an indicator: a unit of the closed list, a baseline and a target."""
    check_open(project)
    name = (name or "").strip()
    if not name:
        raise ProjectError("Nommez l'indicateur.")
    if unit not in Unit.values:
        raise ProjectError("Choisissez une unité de la liste.")
    if direction not in Direction.values:
        raise ProjectError("Dites si l'indicateur doit monter ou baisser.")
    if baseline is None or target is None:
        raise ProjectError("Indiquez la valeur de départ et la cible.")
    if max(abs(baseline), abs(target)) >= rules.MAX_AMOUNT:
        raise ProjectError("Ces valeurs sont trop grandes.")
    if unit == Unit.PERCENT and not (0 <= baseline <= 100 and 0 <= target <= 100):
        raise ProjectError("Un pourcentage est compris entre 0 et 100.")
    try:
        with transaction.atomic():
            indicator = Indicator.objects.create(
                project=project,
                name=name,
                unit=unit,
                baseline=baseline,
                target=target,
                direction=direction,
            )
            _log(actor, "projects.indicator_add", project, indicator=indicator.pk, name=name)
    except IntegrityError as error:
        raise ProjectError(f"Ce projet a déjà un indicateur « {name} ».") from error
    return indicator


NUMBER_WITH_UNIT = re.compile(r"^\s*([-+]?\d[\d\s\u202f\u00a0]*(?:[.,]\d+)?)\s*(.*?)\s*$")
UNIT_SPELLINGS = {
    "%": Unit.PERCENT,
    "pourcent": Unit.PERCENT,
    "€": Unit.EURO,
    "eur": Unit.EURO,
    "euro": Unit.EURO,
    "euros": Unit.EURO,
    "km": Unit.KM,
    "t": Unit.TONNES,
    "tonne": Unit.TONNES,
    "tonnes": Unit.TONNES,
    "h": Unit.HOURS,
    "heure": Unit.HOURS,
    "heures": Unit.HOURS,
    "kwh": Unit.KWH,
    "m²": Unit.M2,
    "m2": Unit.M2,
    "personne": Unit.PEOPLE,
    "personnes": Unit.PEOPLE,
    "jour": Unit.DAYS,
    "jours": Unit.DAYS,
    "j": Unit.DAYS,
    "nombre": Unit.COUNT,
}


def parse_value(text: str) -> tuple[Decimal, str]:
    """ "1 250,5 km" → (Decimal("1250.5"), "km"); the suffix is "" when none is typed and the
    unit's code when recognised, or the raw suffix otherwise."""
    match = NUMBER_WITH_UNIT.match(text or "")
    if match is None:
        raise ProjectError(
            f"« {(text or '').strip()} » n'est pas un nombre : écrivez par exemple 12,5."
        )
    number = re.sub(r"[\s\u202f\u00a0]", "", match.group(1)).replace(",", ".")
    suffix = match.group(2)
    return Decimal(number), UNIT_SPELLINGS.get(suffix.lower(), suffix) if suffix else ""


def add_measurement(
    *,
    actor,
    indicator: Indicator,
    measured_on: datetime.date,
    value: Decimal,
    unit: str,
) -> Measurement:
    """Record a dated value in the indicator's unit; another unit is refused, not converted;
    one value per day; not in the future."""
    project = indicator.project
    check_open(project)
    if unit != indicator.unit:
        raise ProjectError(
            f"Cet indicateur se mesure en {indicator.unit}, pas en {unit or '(sans unité)'} : "
            f"saisissez la valeur en {indicator.unit}."
        )
    if measured_on is None:
        raise ProjectError("Indiquez la date de la mesure.")
    if measured_on > timezone.localdate():
        raise ProjectError(f"Une mesure ne peut pas être datée du futur ({fr_date(measured_on)}).")
    if value is None:
        raise ProjectError("Indiquez la valeur mesurée.")
    if value != value.quantize(Decimal("0.01")):
        raise ProjectError("La valeur s'écrit avec deux décimales au plus.")
    if abs(value) >= rules.MAX_AMOUNT:
        raise ProjectError("Cette valeur est trop grande.")
    if unit == Unit.PERCENT and not 0 <= value <= 100:
        raise ProjectError("Un pourcentage est compris entre 0 et 100.")
    try:
        with transaction.atomic():
            measurement = Measurement.objects.create(
                indicator=indicator,
                measured_on=measured_on,
                value=value,
                unit=unit,
                recorded_by=actor if getattr(actor, "pk", None) else None,
            )
            _log(
                actor,
                "projects.measurement_add",
                project,
                indicator=indicator.pk,
                value=str(value),
                unit=unit,
                measured_on=measured_on.isoformat(),
            )
    except IntegrityError as error:
        raise ProjectError(
            f"Une mesure existe déjà le {fr_date(measured_on)} pour « {indicator.name} »."
        ) from error
    return measurement

"""The multi-year roadmap: the working version (items), its numbered versions — proposed
(frozen), adopted by a deliberation of the space, or withdrawn — and their differences."""

from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from maillage.audit.services import log_action
from maillage.meetings.models import Outcome

from .. import rules
from ..models import (
    YEAR_MAX,
    YEAR_MIN,
    ItemStatus,
    Priority,
    RoadmapItem,
    RoadmapVersion,
    VersionStatus,
)
from .common import RoadmapError, check_projects, integrity, optional_text, required_text

MONEY_MAX = Decimal("999999999999.99")
FTE_MAX = Decimal("9999.99")


# --- Items of the working version ----------------------------------------------------------------


def _amount(value, *, what: str, maximum: Decimal) -> Decimal:
    try:
        amount = Decimal(str(value if value not in (None, "") else 0))
    except InvalidOperation as error:
        raise RoadmapError(f"Les {what} s'écrivent en chiffres.") from error
    if not amount.is_finite():
        raise RoadmapError(f"Les {what} s'écrivent en chiffres.")
    if amount < 0:
        raise RoadmapError(f"Les {what} ne peuvent pas être négatifs.")
    if amount > maximum:
        raise RoadmapError(f"Les {what} dépassent le maximum admis.")
    return amount.quantize(Decimal("0.01"))


def _item_values(space, *, title, description, priority, year_from, year_to, budget, fte,
                 status, needs, projects):  # fmt: skip
    values = {
        "title": required_text(title, "Écrivez l'intitulé de l'élément.", 200),
        "description": optional_text(description, 20000),
    }
    if priority not in Priority.values:
        raise RoadmapError("Choisissez la priorité.")
    if status not in ItemStatus.values:
        raise RoadmapError("Choisissez l'état de l'élément.")
    if year_from is None or year_to is None:
        raise RoadmapError("Indiquez les années de début et de fin.")
    if not (YEAR_MIN <= year_from <= YEAR_MAX and YEAR_MIN <= year_to <= YEAR_MAX):
        raise RoadmapError(f"Les années vont de {YEAR_MIN} à {YEAR_MAX}.")
    if year_to < year_from:
        raise RoadmapError(f"L'année de fin ({year_to}) précède l'année de début ({year_from}).")
    values.update(
        priority=priority,
        status=status,
        year_from=year_from,
        year_to=year_to,
        budget=_amount(budget, what="moyens financiers", maximum=MONEY_MAX),
        fte=_amount(fte, what="moyens humains (ETP)", maximum=FTE_MAX),
    )
    needs = list(dict.fromkeys(needs or []))
    foreign = [n.title for n in needs if n.space_id != space.pk]
    if foreign:
        raise RoadmapError("Ces besoins ne sont pas de l'espace : " + ", ".join(foreign) + ".")
    return values, needs, check_projects(space, projects)


def create_item(*, actor, space, title, description="", priority=Priority.MEDIUM, year_from,
                year_to, budget=0, fte=0, status=ItemStatus.PLANNED, needs=(),
                projects=()) -> RoadmapItem:  # fmt: skip
    values, needs, projects = _item_values(
        space, title=title, description=description, priority=priority, year_from=year_from,
        year_to=year_to, budget=budget, fte=fte, status=status, needs=needs, projects=projects,
    )  # fmt: skip
    with transaction.atomic():
        item = RoadmapItem.objects.create(
            space=space, created_by=actor if getattr(actor, "pk", None) else None, **values
        )
        item.needs.set(needs)
        item.projects.set(projects)
        log_action(
            actor=actor,
            action="roadmap.item_create",
            obj=item,
            space=space,
            data=_logged(values),
        )
    return item


def update_item(*, actor, item: RoadmapItem, title, description="", priority,
                year_from, year_to, budget=0, fte=0, status, needs=(),
                projects=()) -> RoadmapItem:  # fmt: skip
    if item.archived_at is not None:
        raise RoadmapError("Cet élément est retiré de la feuille de route : il ne se modifie plus.")
    space = item.space
    kept = set(item.projects.filter(archived_at__isnull=False).values_list("pk", flat=True))
    values, needs, projects = _item_values(
        space, title=title, description=description, priority=priority, year_from=year_from,
        year_to=year_to, budget=budget, fte=fte, status=status, needs=needs,
        projects=[p for p in projects or [] if p.pk not in kept],
    )  # fmt: skip
    projects += [p for p in projects_in(item) if p.pk in kept]
    before = _row(item)
    with transaction.atomic():
        for name, value in values.items():
            setattr(item, name, value)
        item.save()
        item.needs.set(needs)
        item.projects.set(projects)
        after = _row(item)
        changed = {k: [str(before[k]), str(after[k])] for k in after if before[k] != after[k]}
        log_action(actor=actor, action="roadmap.item_update", obj=item, space=space, data=changed)
    return item


def projects_in(item):
    return list(item.projects.all())


def archive_item(*, actor, item: RoadmapItem) -> RoadmapItem:
    """Withdraw an item from the working version: it is kept (and in the versions that hold
    it), and shows as removed in the next differences."""
    if item.archived_at is not None:
        raise RoadmapError("Cet élément est déjà retiré de la feuille de route.")
    with transaction.atomic():
        item.archived_at = timezone.now()
        item.save(update_fields=["archived_at"])
        log_action(actor=actor, action="roadmap.item_archive", obj=item, space=item.space)
    return item


def _logged(values):
    return {k: str(v) for k, v in values.items() if k != "description"}


def _row(item):
    return {
        "title": item.title,
        "description": item.description,
        "priority": item.priority,
        "year_from": item.year_from,
        "year_to": item.year_to,
        "budget": item.budget,
        "fte": item.fte,
        "status": item.status,
    }


# --- Snapshots and differences -------------------------------------------------------------------


def snapshot_items(space) -> list[dict]:
    """The working version as plain values (what a version freezes): one dict per item with
    its `id` and the fields of `rules.ITEM_FIELDS`; needs and projects as {id, title
    (, public)} so that a later renaming does not rewrite history. Four queries."""
    items = (
        RoadmapItem.objects.working(space)
        .prefetch_related("needs", "projects")
        .order_by("priority", "year_from", "title", "id")
    )
    return [
        {
            "id": item.pk,
            "title": item.title,
            "description": item.description,
            "priority": item.priority,
            "year_from": item.year_from,
            "year_to": item.year_to,
            "budget": str(item.budget),
            "fte": str(item.fte),
            "status": item.status,
            "needs": sorted(
                ({"id": n.pk, "title": n.title} for n in item.needs.all()),
                key=lambda n: n["id"],
            ),
            "projects": sorted(
                (
                    {"id": p.pk, "title": p.title, "public": p.is_public}
                    for p in item.projects.all()
                ),
                key=lambda p: p["id"],
            ),
        }
        for item in items
    ]


def changes_since_adopted(space):
    """(the version in force or None, the differences from it to the working version)."""
    adopted = RoadmapVersion.objects.last_adopted(space)
    return adopted, rules.diff_items(adopted.snapshot if adopted else [], snapshot_items(space))


def compare_versions(older: RoadmapVersion, newer: RoadmapVersion) -> rules.Diff:
    return rules.diff_items(older.snapshot, newer.snapshot)


# --- Versions ------------------------------------------------------------------------------------


def propose_version(*, actor, space, note: str = "") -> RoadmapVersion:
    """Freeze the working version as the next numbered version, proposed to the élus. One
    proposal at a time; an empty roadmap, or one with no change since the version in force,
    is not proposed."""
    note = optional_text(note, 10000)
    items = snapshot_items(space)
    if not items:
        raise RoadmapError("La feuille de route de travail est vide : ajoutez-y des éléments.")
    if RoadmapVersion.objects.filter(space=space, status=VersionStatus.PROPOSED).exists():
        raise RoadmapError(
            "Une version est déjà proposée : faites-la adopter ou retirez-la d'abord."
        )
    adopted = RoadmapVersion.objects.last_adopted(space)
    if adopted is not None and rules.diff_items(adopted.snapshot, items).is_empty:
        raise RoadmapError(
            f"Rien n'a changé depuis la version {adopted.number} adoptée : il n'y a rien à "
            "proposer."
        )
    with (
        transaction.atomic(),
        integrity("Une version vient d'être proposée par quelqu'un d'autre : rechargez la page."),
    ):
        number = (
            RoadmapVersion.objects.filter(space=space).aggregate(m=Max("number"))["m"] or 0
        ) + 1
        version = RoadmapVersion.objects.create(
            space=space,
            number=number,
            note=note,
            snapshot=items,
            proposed_by=actor if getattr(actor, "pk", None) else None,
        )
        log_action(
            actor=actor,
            action="roadmap.version_propose",
            obj=version,
            space=space,
            data={"number": number, "items": len(items)},
        )
    return version


def adopt_version(*, actor, version: RoadmapVersion, deliberation) -> RoadmapVersion:
    """Record that a deliberation of the same space adopted the proposed version: it
    becomes the version in force, public. The deliberation must have been adopted."""
    if version.status != VersionStatus.PROPOSED:
        raise RoadmapError(
            f"La version {version.number} est {version.get_status_display().lower()} : seule "
            "une version proposée est adoptée."
        )
    if deliberation is None:
        raise RoadmapError("Choisissez la délibération qui adopte la feuille de route.")
    if deliberation.space_id != version.space_id:
        raise RoadmapError("Cette délibération n'est pas de l'espace.")
    if deliberation.outcome != Outcome.ADOPTED:
        raise RoadmapError(
            f"La délibération n° {deliberation.number} a été rejetée : elle n'adopte pas la "
            "feuille de route."
        )
    with (
        transaction.atomic(),
        integrity("Cette délibération adopte déjà une autre version de la feuille de route."),
    ):
        version.status = VersionStatus.ADOPTED
        version.deliberation = deliberation
        version.adopted_at = timezone.now()
        version.adopted_by = actor if getattr(actor, "pk", None) else None
        version.save(update_fields=["status", "deliberation", "adopted_at", "adopted_by"])
        log_action(
            actor=actor,
            action="roadmap.version_adopt",
            obj=version,
            space=version.space,
            data={"number": version.number, "deliberation": deliberation.number},
        )
    return version


def withdraw_version(*, actor, version: RoadmapVersion) -> RoadmapVersion:
    """Withdraw a proposed version (the élus did not adopt it): it stays readable."""
    if version.status != VersionStatus.PROPOSED:
        raise RoadmapError("Seule une version proposée peut être retirée.")
    with transaction.atomic():
        version.status = VersionStatus.WITHDRAWN
        version.withdrawn_at = timezone.now()
        version.save(update_fields=["status", "withdrawn_at"])
        log_action(
            actor=actor,
            action="roadmap.version_withdraw",
            obj=version,
            space=version.space,
            data={"number": version.number},
        )
    return version

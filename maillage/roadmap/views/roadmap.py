"""The roadmap: the working version (items), what changed since the version in force, the
numbered versions (propose, adopt by a deliberation, withdraw), any two compared, and the
adopted version for the public."""

from decimal import Decimal

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from maillage.access import space_view
from maillage.dashboards.charts import bar_chart

from .. import perms, rules, services
from ..forms import AdoptForm, ItemForm, ProposeForm
from ..models import ItemStatus, Priority, RoadmapItem, RoadmapVersion, VersionStatus
from ..progress import items_per_year, roadmap_figures
from ..templatetags.roadmap_tags import money
from .common import PAGE_SIZE, object_view

PRIORITY_LABELS = {int(value): label for value, label in Priority.choices}
STATUS_LABELS = dict(ItemStatus.choices)


def display(name: str, value, *, public: bool = False) -> str:
    """A snapshot value in French, for the tables and the differences."""
    if name == "priority":
        return str(PRIORITY_LABELS.get(value, value))
    if name == "status":
        return str(STATUS_LABELS.get(value, value))
    if name in ("budget", "fte"):
        return money(value)
    if name in ("needs", "projects"):
        if public:
            hidden = sum(1 for v in value or [] if name == "needs" or not v.get("public"))
            shown = [v["title"] for v in value or [] if name == "projects" and v.get("public")]
            if hidden:
                shown.append(f"{hidden} non public{'s' if hidden > 1 else ''}")
            return ", ".join(shown) or "—"
        return ", ".join(v["title"] for v in value or []) or "—"
    if value in (None, ""):
        return "—"
    return str(value)


def rows_of(snapshot, *, public=False):
    """Snapshot items as table rows of French text, with totals."""
    rows = [
        {
            "id": item["id"],
            "title": item["title"],
            "description": item.get("description", ""),
            "priority": display("priority", item["priority"]),
            "years": f"{item['year_from']}–{item['year_to']}",
            "budget": display("budget", item["budget"]),
            "fte": display("fte", item["fte"]),
            "status": display("status", item["status"]),
            "needs": display("needs", item.get("needs"), public=public),
            "projects": display("projects", item.get("projects"), public=public),
        }
        for item in snapshot
    ]
    totals = {
        "budget": money(sum(Decimal(str(i["budget"])) for i in snapshot)),
        "fte": money(sum(Decimal(str(i["fte"])) for i in snapshot)),
    }
    return rows, totals


def diff_context(diff: rules.Diff):
    """The differences as French text."""
    return {
        "diff": diff,
        "added": [{"title": i["title"], "years": f"{i['year_from']}–{i['year_to']}"}
                  for i in diff.added],
        "removed": [{"title": i["title"]} for i in diff.removed],
        "changed": [
            {"title": c.title, "fields": [
                {"label": f.label, "old": display(f.field, f.old), "new": display(f.field, f.new)}
                for f in c.changes
            ]}
            for c in diff.changed
        ],
    }  # fmt: skip


# --- Working version -----------------------------------------------------------------------------


@space_view(perms.can_view_roadmap, need=perms.NEED_MEMBERS)
def roadmap(request, space):
    items = (
        RoadmapItem.objects.working(space)
        .prefetch_related("needs", "projects")
        .order_by("priority", "year_from", "title", "id")
    )
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    adopted, diff = services.changes_since_adopted(space)
    proposed = RoadmapVersion.objects.filter(space=space, status=VersionStatus.PROPOSED).first()
    per_year = list(items_per_year(space).items())
    return render(
        request,
        "roadmap/roadmap.html",
        {
            "space": space,
            "page": page,
            "per_year": per_year,
            "per_year_chart": bar_chart(
                "elements-par-annee",
                "Nombre d'éléments de la feuille de route de travail prévus chaque année",
                [(str(year), count) for year, count in per_year],
            ),
            "figures": roadmap_figures(space),
            "adopted": adopted,
            "proposed": proposed,
            "change_count": diff.count,
            "can_edit": perms.can_edit_roadmap(request.user, space),
        },
    )


def _item_values(form):
    return dict(form.cleaned_data)


@space_view(perms.can_edit_roadmap, need=perms.NEED_STEER)
def item_create(request, space):
    form = ItemForm(request.POST or None, space=space)
    if request.method == "POST" and form.is_valid():
        try:
            services.create_item(actor=request.user, space=space, **_item_values(form))
        except services.RoadmapError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "L'élément est ajouté à la feuille de route de travail.")
            return redirect("roadmap:roadmap", space.slug)
    return render(request, "roadmap/item_form.html", {"space": space, "form": form})


@object_view(RoadmapItem, perms.can_edit_roadmap, need=perms.NEED_STEER,
             queryset=RoadmapItem.objects.live())  # fmt: skip
def item_edit(request, space, item):
    linked = list(item.projects.all())
    form = ItemForm(request.POST or None, space=space, linked=linked,
                    initial=ItemForm.initial_of(item))  # fmt: skip
    if request.method == "POST" and form.is_valid():
        try:
            services.update_item(actor=request.user, item=item, **_item_values(form))
        except services.RoadmapError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "L'élément est modifié.")
            return redirect("roadmap:roadmap", space.slug)
    return render(request, "roadmap/item_form.html", {"space": space, "form": form, "item": item})


@object_view(RoadmapItem, perms.can_edit_roadmap, need=perms.NEED_STEER)
@require_POST
def item_archive(request, space, item):
    try:
        services.archive_item(actor=request.user, item=item)
    except services.RoadmapError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            f"« {item.title} » est retiré de la feuille de route de travail ; les versions qui "
            "le contiennent le gardent.",
        )
    return redirect("roadmap:roadmap", space.slug)


@space_view(perms.can_view_roadmap, need=perms.NEED_MEMBERS)
def changes(request, space):
    adopted, diff = services.changes_since_adopted(space)
    return render(
        request,
        "roadmap/changes.html",
        {"space": space, "adopted": adopted, **diff_context(diff)},
    )


# --- Versions ------------------------------------------------------------------------------------


@space_view(perms.can_view_roadmap, need=perms.NEED_MEMBERS)
def versions(request, space):
    queryset = (
        RoadmapVersion.objects.filter(space=space)
        .select_related("deliberation")
        .defer("snapshot")
        .order_by("-number")
    )
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "roadmap/versions.html",
        {"space": space, "page": page, "can_edit": perms.can_edit_roadmap(request.user, space)},
    )


@space_view(perms.can_edit_roadmap, need=perms.NEED_STEER)
def propose(request, space):
    form = ProposeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            version = services.propose_version(
                actor=request.user, space=space, note=form.cleaned_data["note"]
            )
        except services.RoadmapError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                f"La version {version.number} est proposée : elle est figée telle quelle "
                "jusqu'à son adoption par une délibération.",
            )
            return redirect(version)
    adopted, diff = services.changes_since_adopted(space)
    return render(
        request,
        "roadmap/propose.html",
        {"space": space, "form": form, "adopted": adopted, **diff_context(diff)},
    )


def _version(space, number):
    return get_object_or_404(
        RoadmapVersion.objects.select_related("deliberation", "space"), space=space, number=number
    )


@space_view(perms.can_view_roadmap, need=perms.NEED_MEMBERS)
def version(request, space, number):
    version = _version(space, number)
    rows, totals = rows_of(version.snapshot)
    previous = (
        RoadmapVersion.objects.adopted()
        .filter(space=space, number__lt=version.number)
        .order_by("-number")
        .first()
    )
    diff = services.compare_versions(previous, version) if previous else None
    return render(
        request,
        "roadmap/version.html",
        {
            "space": space,
            "version": version,
            "rows": rows,
            "totals": totals,
            "previous": previous,
            **(diff_context(diff) if diff else {}),
            "can_edit": perms.can_edit_roadmap(request.user, space),
        },
    )


@space_view(perms.can_edit_roadmap, need=perms.NEED_STEER)
def adopt(request, space, number):
    version = _version(space, number)
    form = AdoptForm(request.POST or None, space=space)
    if request.method == "POST" and form.is_valid():
        try:
            services.adopt_version(
                actor=request.user, version=version, deliberation=form.cleaned_data["deliberation"]
            )
        except services.RoadmapError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                f"La version {version.number} est adoptée : elle est en vigueur et publique.",
            )
            return redirect(version)
    return render(request, "roadmap/adopt.html", {"space": space, "version": version, "form": form})


@space_view(perms.can_edit_roadmap, need=perms.NEED_STEER)
@require_POST
def withdraw(request, space, number):
    version = _version(space, number)
    try:
        services.withdraw_version(actor=request.user, version=version)
    except services.RoadmapError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"La version {version.number} est retirée ; elle reste lisible.")
    return redirect(version)


@space_view(perms.can_view_roadmap, need=perms.NEED_MEMBERS)
def compare(request, space):
    numbers = list(
        RoadmapVersion.objects.filter(space=space)
        .order_by("-number")
        .values_list("number", "status")
    )
    context = {"space": space, "numbers": [(n, VersionStatus(s).label) for n, s in numbers]}
    try:
        older_number = int(request.GET.get("de", ""))
        newer_number = int(request.GET.get("a", ""))
    except ValueError:
        older_number = newer_number = None
    if older_number is None and len(numbers) >= 2:
        older_number, newer_number = numbers[1][0], numbers[0][0]
    if older_number is not None:
        versions_ = {v.number: v for v in RoadmapVersion.objects.filter(
            space=space, number__in=[older_number, newer_number])}  # fmt: skip
        older, newer = versions_.get(older_number), versions_.get(newer_number)
        if older is None or newer is None:
            context["error"] = "Choisissez deux versions qui existent."
        else:
            context.update(older=older, newer=newer,
                           **diff_context(services.compare_versions(older, newer)))  # fmt: skip
    return render(request, "roadmap/compare.html", context)


@space_view(perms.can_view_adopted_roadmap)
def adopted(request, space):
    version = RoadmapVersion.objects.select_related("deliberation").last_adopted(space)
    rows, totals = rows_of(version.snapshot, public=True) if version else ([], {})
    return render(
        request,
        "roadmap/adopted.html",
        {
            "space": space,
            "version": version,
            "rows": rows,
            "totals": totals,
            "members": perms.can_view_roadmap(request.user, space),
            "working_url": reverse("roadmap:roadmap", args=[space.slug]),
        },
    )

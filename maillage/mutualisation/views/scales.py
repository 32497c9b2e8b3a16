"""Pages of the scales: the mutualisation home of a space, defining and changing a scale,
archiving it, the members' custom weights (a table, or a CSV imported after a preview)."""

from django.contrib import messages
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from maillage.access import space_view

from .. import perms, services
from ..forms import PART_FIELDS, ScaleForm, WeightsForm, WeightsImportForm
from ..models import MemberWeight, Scenario
from .common import scale_view


@space_view(perms.can_view_mutualisation, need=perms.NEED_VIEW)
def home(request, space):
    scales = space.scales.active().annotate(
        scenario_count=Count("scenarios", filter=Q(scenarios__archived_at__isnull=True))
    )
    scenarios = (
        Scenario.objects.active()
        .filter(space=space)
        .select_related("service", "scale")
        .order_by("-year", "service__name", "created_at", "pk")[:200]
    )
    groups = {}
    for scenario in scenarios:
        groups.setdefault((scenario.service, scenario.year), []).append(scenario)
    year = timezone.localdate().year
    return render(
        request,
        "mutualisation/home.html",
        {
            "space": space,
            "scales": scales,
            "groups": [
                {"service": service, "year": y, "scenarios": items}
                for (service, y), items in groups.items()
            ],
            "year": year,
            "can_manage": perms.can_manage_mutualisation(request.user, space),
            "can_see_statements": perms.can_see_statements(request.user, space),
        },
    )


def _save_scale(request, space, form, scale=None):
    try:
        if scale is None:
            scale = services.create_scale(actor=request.user, space=space, **form.definition())
        else:
            services.update_scale(actor=request.user, scale=scale, **form.definition())
    except services.MutualisationError as error:
        field = error.field if error.field in form.fields else None
        form.add_error(field, str(error))
        return None
    return scale


@space_view(perms.can_manage_mutualisation, need=perms.NEED_MANAGE)
def scale_new(request, space):
    form = ScaleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        scale = _save_scale(request, space, form)
        if scale is not None:
            messages.success(request, f"Le barème « {scale.name} » est enregistré.")
            return redirect(scale)
    return render(
        request,
        "mutualisation/scale_form.html",
        {"space": space, "form": form, "title": "Nouveau barème", "part_names": PART_NAMES},
    )


PART_NAMES = [f"part_{basis}" for basis, _ in PART_FIELDS]


@scale_view(perms.can_manage_mutualisation, need=perms.NEED_MANAGE)
def scale_edit(request, scale):
    if scale.archived_at is not None:
        messages.error(request, "Ce barème est archivé : il ne se modifie plus.")
        return redirect(scale)
    form = ScaleForm(request.POST or None, initial=ScaleForm.initial_for(scale))
    if request.method == "POST" and form.is_valid():
        if _save_scale(request, scale.space, form, scale) is not None:
            messages.success(request, "Le barème est enregistré.")
            return redirect(scale)
    return render(
        request,
        "mutualisation/scale_form.html",
        {
            "space": scale.space,
            "scale": scale,
            "form": form,
            "title": f"Modifier le barème « {scale.name} »",
            "part_names": PART_NAMES,
        },
    )


@scale_view(perms.can_view_mutualisation, need=perms.NEED_VIEW)
def scale_detail(request, scale):
    space = scale.space
    weights = []
    if "weight" in scale.bases:
        weights = list(
            MemberWeight.objects.filter(scale=scale)
            .select_related("organisation")
            .order_by("organisation__name")[:50]
        )
    labels = dict(services.BASIS_LABELS)
    return render(
        request,
        "mutualisation/scale_detail.html",
        {
            "space": space,
            "scale": scale,
            "parts": [
                {"label": labels.get(p["basis"], p["basis"]), "percent": float(p["fraction"]) * 100}
                for p in scale.parts
            ],
            "weights": weights,
            "weight_count": MemberWeight.objects.filter(scale=scale).count(),
            "payer_percent": float(scale.payer_rate) * 100,
            "scenarios": scale.scenarios.active().select_related("service")[:50],
            "can_manage": perms.can_manage_mutualisation(request.user, space),
        },
    )


@scale_view(perms.can_manage_mutualisation, need=perms.NEED_MANAGE)
@require_POST
def scale_archive(request, scale):
    services.archive_scale(actor=request.user, scale=scale)
    messages.success(request, f"Le barème « {scale.name} » est archivé.")
    return redirect("mutualisation:home", scale.space.slug)


@scale_view(perms.can_manage_mutualisation, need=perms.NEED_MANAGE)
def weights(request, scale):
    space = scale.space
    organisations = services.member_organisations(space)
    stored = dict(MemberWeight.objects.filter(scale=scale).values_list("organisation_id", "value"))
    initial = {f"w_{pk}": value for pk, value in stored.items()}
    form = WeightsForm(request.POST or None, organisations=organisations, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            count = services.set_weights(actor=request.user, scale=scale, values=form.values())
        except services.MutualisationError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"{count} poids enregistré{'s' if count > 1 else ''}.")
            return redirect(scale)
    return render(
        request, "mutualisation/weights.html", {"space": space, "scale": scale, "form": form}
    )


@scale_view(perms.can_manage_mutualisation, need=perms.NEED_MANAGE)
def weights_import(request, scale):
    """First the file (or pasted lines) and its preview with each line's refusal; nothing is
    stored until the preview without refusal is confirmed."""
    space = scale.space
    preview, errors, text = None, [], ""
    if request.method == "POST" and request.POST.get("confirm"):
        text = request.POST.get("text", "")
        try:
            count = services.import_weights(actor=request.user, scale=scale, text=text)
        except services.MutualisationError as error:
            messages.error(request, str(error))
            form = WeightsImportForm(initial={"text": text})
        else:
            messages.success(request, f"{count} poids importé{'s' if count > 1 else ''}.")
            return redirect(scale)
    else:
        form = WeightsImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            text = form.cleaned_data["text"]
            preview, errors = services.parse_weights_csv(space, text)
    return render(
        request,
        "mutualisation/weights_import.html",
        {
            "space": space,
            "scale": scale,
            "form": form,
            "preview": preview,
            "errors": errors,
            "text": text,
        },
    )

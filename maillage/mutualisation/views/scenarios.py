"""Pages of the scenarios: building one (computed at once), its stored lines, recomputing,
archiving, recording the élus' choice, and several scenarios of a service and a year side by
side per member (paginated, the same number of queries whatever the number of members; CSV)."""

import csv
import io

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from maillage.access import space_view

from .. import comparison, perms, services
from ..forms import ChoiceForm, ScenarioForm
from .charts import difference_chart
from .common import PAGE_SIZE, scenario_view


@space_view(perms.can_manage_mutualisation, need=perms.NEED_MANAGE)
def scenario_new(request, space):
    initial = {}
    if request.GET.get("service"):
        service = space.services.filter(pk=request.GET["service"]).first()
        if service is not None:
            initial = {"service": service, "total": service.yearly_cost}
    form = ScenarioForm(request.POST or None, space=space, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            scenario = services.create_scenario(actor=request.user, space=space, **data)
        except services.MutualisationError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error))
        else:
            try:
                services.compute_scenario(actor=request.user, scenario=scenario)
            except services.MutualisationError as error:
                messages.error(
                    request, f"Le scénario est enregistré mais n'a pas pu être calculé : {error}"
                )
            else:
                messages.success(request, "Le scénario est enregistré et calculé.")
            return redirect(scenario)
    return render(request, "mutualisation/scenario_form.html", {"space": space, "form": form})


@scenario_view(perms.can_view_mutualisation, need=perms.NEED_VIEW)
def scenario_detail(request, scenario):
    space = scenario.space
    lines = scenario.lines.select_related("paid_by").order_by("position")
    page = Paginator(lines, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "mutualisation/scenario_detail.html",
        {
            "space": space,
            "scenario": scenario,
            "page": page,
            "changed": services.inputs_changed(scenario),
            "statement_count": scenario.statements.count(),
            "can_see_statements": perms.can_see_statements(request.user, space),
            "draft_count": scenario.statements.filter(status="brouillon").count(),
            "can_manage": perms.can_manage_mutualisation(request.user, space),
        },
    )


@scenario_view(perms.can_manage_mutualisation, need=perms.NEED_MANAGE)
@require_POST
def scenario_compute(request, scenario):
    try:
        services.compute_scenario(actor=request.user, scenario=scenario)
    except services.MutualisationError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Le scénario est recalculé.")
    return redirect(scenario)


@scenario_view(perms.can_manage_mutualisation, need=perms.NEED_MANAGE)
@require_POST
def scenario_archive(request, scenario):
    try:
        services.archive_scenario(actor=request.user, scenario=scenario)
    except services.MutualisationError as error:
        messages.error(request, str(error))
        return redirect(scenario)
    messages.success(request, f"Le scénario « {scenario.name} » est archivé.")
    return redirect("mutualisation:home", scenario.space.slug)


@scenario_view(perms.can_manage_mutualisation, need=perms.NEED_MANAGE)
def scenario_choose(request, scenario):
    space = scenario.space
    form = ChoiceForm(request.POST or None, space=space)
    if request.method == "POST" and form.is_valid():
        try:
            services.choose_scenario(
                actor=request.user,
                scenario=scenario,
                deliberation=form.cleaned_data["deliberation"],
                vote=form.cleaned_data["vote"],
            )
        except services.MutualisationError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Le scénario « {scenario.name} » est retenu.")
            return redirect(scenario)
    return render(
        request,
        "mutualisation/scenario_choose.html",
        {"space": space, "scenario": scenario, "form": form},
    )


# --- Side by side -----------------------------------------------------------------------------


def _comparison(space, service_id, year):
    """The service and its computed scenarios of the year with their labels, or 404."""
    service = get_object_or_404(space.services, pk=service_id)
    scenarios = comparison.comparable_scenarios(space, service, year)
    if not scenarios:
        raise Http404("Aucun scénario calculé pour ce service et cette année.")
    labels = comparison.labels_of(scenarios)
    return service, scenarios, [labels[s.pk] for s in scenarios], labels


@space_view(perms.can_view_mutualisation, need=perms.NEED_VIEW)
def compare(request, space, service_id, year):
    """Only the page's members are read; the summary is counted and summed by the database."""
    service, scenarios, label_list, labels = _comparison(space, service_id, year)
    page = Paginator(comparison.members(scenarios), PAGE_SIZE).get_page(request.GET.get("page"))
    outcomes = comparison.outcomes(scenarios, labels, page.paginator.count)
    return render(
        request,
        "mutualisation/compare.html",
        {
            "space": space,
            "service": service,
            "year": year,
            "scenarios": scenarios,
            "labels": label_list,
            "totals": outcomes,
            "page": page,
            "rows": comparison.rows(scenarios, list(page.object_list)),
            "chart": difference_chart(outcomes),
            "can_manage": perms.can_manage_mutualisation(request.user, space),
        },
    )


@space_view(perms.can_view_mutualisation, need=perms.NEED_VIEW)
def compare_csv(request, space, service_id, year):
    service, scenarios, labels, _ = _comparison(space, service_id, year)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    header = ["Membre"]
    for index, label in enumerate(labels):
        header += [f"{label} (€)", f"{label} : part du total (%)"]
        if index:
            header.append(f"{label} : écart avec « {labels[0]} » (€)")
    writer.writerow(header)
    for row in comparison.all_rows(scenarios):
        line = [row.name]
        for index, cell in enumerate(row.cells):
            line += [f"{cell.amount:.2f}", f"{cell.share:.2f}"]
            if index:
                line.append(f"{cell.difference:.2f}")
        writer.writerow(line)
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="scenarios-{service.pk}-{year}.csv"'
    return response

"""Pages of a project's plan: milestones and tasks, budget and funding, indicators and their
measurements (with an SVG chart and its table)."""

from django.contrib import messages
from django.db.models import OuterRef, Subquery
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from maillage.access import deny
from maillage.dashboards.charts import line_chart

from .. import perms, rules, services
from ..forms import (
    BudgetLineForm,
    FundingForm,
    IndicatorForm,
    MeasurementForm,
    MilestoneEditForm,
    MilestoneForm,
    TaskForm,
)
from ..models import Measurement
from .common import project_view

# --- Milestones and tasks -----------------------------------------------------------------------


def _milestones_page(request, project, *, milestone_form=None, task_form=None, status=200):
    can_manage = perms.can_edit(request.user, project)
    context = {
        "space": project.space,
        "project": project,
        "milestones": list(project.milestones.all()),
        "tasks": list(project.tasks.select_related("owner", "milestone")),
        "today": timezone.localdate(),
        "can_manage": can_manage,
        "can_contribute": perms.can_contribute(request.user, project),
        "milestone_form": milestone_form or (MilestoneForm() if can_manage else None),
        "task_form": task_form or (TaskForm(project=project) if can_manage else None),
    }
    return render(request, "projects/milestones.html", context, status=status)


@project_view(perms.can_view_project)
def milestones(request, project):
    if request.method != "POST":
        return _milestones_page(request, project)
    if not perms.can_edit(request.user, project):
        return deny(request, perms.NEED_MANAGE)
    if request.POST.get("form") == "tache":
        form = TaskForm(request.POST, project=project)
        if form.is_valid():
            try:
                services.add_task(actor=request.user, project=project, **form.cleaned_data)
            except services.ProjectError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, "La tâche est ajoutée.")
                return redirect("projects:milestones", project.space.slug, project.pk)
        return _milestones_page(request, project, task_form=form)
    form = MilestoneForm(request.POST)
    if form.is_valid():
        try:
            services.add_milestone(actor=request.user, project=project, **form.cleaned_data)
        except services.ProjectError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Le jalon est ajouté.")
            return redirect("projects:milestones", project.space.slug, project.pk)
    return _milestones_page(request, project, milestone_form=form)


@project_view(perms.can_edit, need=perms.NEED_MANAGE)
def milestone_edit(request, project, milestone_id):
    milestone = get_object_or_404(project.milestones, pk=milestone_id)
    initial = {
        "title": milestone.title,
        "due_date": milestone.due_date,
        "done_on": milestone.done_on,
    }
    form = MilestoneEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_milestone(actor=request.user, milestone=milestone, **form.cleaned_data)
        except services.ProjectError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Le jalon est modifié.")
            return redirect("projects:milestones", project.space.slug, project.pk)
    return render(
        request,
        "projects/milestone_form.html",
        {"space": project.space, "project": project, "milestone": milestone, "form": form},
    )


@project_view(perms.can_edit, need=perms.NEED_MANAGE)
def task_edit(request, project, task_id):
    task = get_object_or_404(project.tasks, pk=task_id)
    initial = {
        "title": task.title,
        "owner": task.owner_id,
        "due_date": task.due_date,
        "milestone": task.milestone_id,
    }
    form = TaskForm(request.POST or None, project=project, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_task(actor=request.user, task=task, **form.cleaned_data)
        except services.ProjectError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "La tâche est modifiée.")
            return redirect("projects:milestones", project.space.slug, project.pk)
    return render(
        request,
        "projects/task_form.html",
        {"space": project.space, "project": project, "task": task, "form": form},
    )


@project_view(perms.can_contribute, need=perms.NEED_CONTRIBUTE)
@require_POST
def task_done(request, project, task_id):
    task = get_object_or_404(project.tasks, pk=task_id)
    try:
        services.set_task_done(actor=request.user, task=task, done=request.POST.get("fait") == "1")
    except services.ProjectError as error:
        messages.info(request, str(error))
    else:
        messages.success(request, f"« {task.title} » : {'faite' if task.is_done else 'à faire'}.")
    return redirect("projects:milestones", project.space.slug, project.pk)


# --- Budget -------------------------------------------------------------------------------------


def _budget_page(request, project, *, line_form=None, funding_form=None):
    can_manage = perms.can_edit(request.user, project)
    lines = list(project.budget_lines.all())
    funding = list(project.funding_sources.all())
    totals = rules.sum_budget((line.planned, line.committed, line.spent) for line in lines)
    funded = sum((source.amount for source in funding), rules.ZERO)
    context = {
        "space": project.space,
        "project": project,
        "lines": lines,
        "funding": funding,
        "totals": totals,
        "funded": funded,
        "unfunded": totals.planned - funded,
        "can_manage": can_manage,
        "line_form": line_form or (BudgetLineForm() if can_manage else None),
        "funding_form": funding_form or (FundingForm() if can_manage else None),
    }
    return render(request, "projects/budget.html", context)


@project_view(perms.can_view_project)
def budget(request, project):
    if request.method != "POST":
        return _budget_page(request, project)
    if not perms.can_edit(request.user, project):
        return deny(request, perms.NEED_MANAGE)
    if request.POST.get("form") == "financement":
        form = FundingForm(request.POST)
        if form.is_valid():
            try:
                services.add_funding(actor=request.user, project=project, **form.cleaned_data)
            except services.ProjectError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, "Le financement est ajouté.")
                return redirect("projects:budget", project.space.slug, project.pk)
        return _budget_page(request, project, funding_form=form)
    form = BudgetLineForm(request.POST)
    if form.is_valid():
        try:
            services.save_budget_line(actor=request.user, project=project, **form.cleaned_data)
        except services.ProjectError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "La ligne budgétaire est ajoutée.")
            return redirect("projects:budget", project.space.slug, project.pk)
    return _budget_page(request, project, line_form=form)


def _amount(value):
    return f"{value:.2f}".replace(".", ",")


@project_view(perms.can_edit, need=perms.NEED_MANAGE)
def budget_line(request, project, line_id):
    line = get_object_or_404(project.budget_lines, pk=line_id)
    if request.method == "POST" and request.POST.get("supprimer"):
        services.remove_budget_line(actor=request.user, line=line)
        messages.success(request, f"La ligne « {line.label} » est retirée (elle reste au journal).")
        return redirect("projects:budget", project.space.slug, project.pk)
    initial = {
        "label": line.label,
        "planned": _amount(line.planned),
        "committed": _amount(line.committed),
        "spent": _amount(line.spent),
    }
    form = BudgetLineForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_budget_line(
                actor=request.user, project=project, line=line, **form.cleaned_data
            )
        except services.ProjectError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "La ligne budgétaire est modifiée.")
            return redirect("projects:budget", project.space.slug, project.pk)
    return render(
        request,
        "projects/budget_line_form.html",
        {"space": project.space, "project": project, "line": line, "form": form},
    )


@project_view(perms.can_edit, need=perms.NEED_MANAGE)
@require_POST
def funding_remove(request, project, source_id):
    source = get_object_or_404(project.funding_sources, pk=source_id)
    services.remove_funding(actor=request.user, source=source)
    messages.success(request, f"« {source.name} » est retiré du plan de financement.")
    return redirect("projects:budget", project.space.slug, project.pk)


# --- Indicators ---------------------------------------------------------------------------------


def with_latest(indicators):
    """The indicators with their latest measurement (`latest`, or None), the share of the way
    from baseline to target (`reached`) and whether the target is met (`on_target`), in one
    query whatever the number of indicators or measurements."""
    newest = Measurement.objects.filter(indicator=OuterRef("pk")).order_by("-measured_on", "-id")
    rows = list(
        indicators.annotate(
            latest_value=Subquery(newest.values("value")[:1]),
            latest_on=Subquery(newest.values("measured_on")[:1]),
        )
    )
    for indicator in rows:
        value = indicator.latest_value
        indicator.latest = (
            None
            if value is None
            else Measurement(value=value, measured_on=indicator.latest_on, unit=indicator.unit)
        )
        indicator.reached = rules.target_reached_percent(
            baseline=indicator.baseline, target=indicator.target, latest=value
        )
        indicator.on_target = rules.indicator_on_target(
            direction=indicator.direction, target=indicator.target, latest=value
        )
    return rows


@project_view(perms.can_view_project)
def indicators(request, project):
    can_manage = perms.can_edit(request.user, project)
    form = IndicatorForm(request.POST or None) if can_manage else None
    if request.method == "POST":
        if not can_manage:
            return deny(request, perms.NEED_MANAGE)
        if form.is_valid():
            try:
                indicator = services.add_indicator(
                    actor=request.user, project=project, **form.cleaned_data
                )
            except services.ProjectError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, "L'indicateur est ajouté ; saisissez ses mesures.")
                return redirect("projects:indicator", project.space.slug, project.pk, indicator.pk)
    return render(
        request,
        "projects/indicators.html",
        {
            "space": project.space,
            "project": project,
            "indicators": with_latest(project.indicators.all()),
            "form": form,
        },
    )


@project_view(perms.can_view_project)
def indicator_detail(request, project, indicator_id):
    indicator = get_object_or_404(project.indicators, pk=indicator_id)
    can_contribute = perms.can_contribute(request.user, project)
    form = MeasurementForm(request.POST or None, indicator=indicator) if can_contribute else None
    if request.method == "POST":
        if not can_contribute:
            return deny(request, perms.NEED_CONTRIBUTE)
        if form.is_valid():
            try:
                services.add_measurement(
                    actor=request.user,
                    indicator=indicator,
                    measured_on=form.cleaned_data["measured_on"],
                    value=form.cleaned_data["value"],
                    unit=indicator.unit,
                )
            except services.ProjectError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, "La mesure est enregistrée.")
                return redirect("projects:indicator", project.space.slug, project.pk, indicator.pk)
    measurements = list(indicator.measurements.order_by("-measured_on")[:200])
    latest = measurements[0] if measurements else None
    value = latest.value if latest else None
    return render(
        request,
        "projects/indicator_detail.html",
        {
            "space": project.space,
            "project": project,
            "indicator": indicator,
            "measurements": measurements,
            "latest": latest,
            "reached": rules.target_reached_percent(
                baseline=indicator.baseline, target=indicator.target, latest=value
            ),
            "on_target": rules.indicator_on_target(
                direction=indicator.direction, target=indicator.target, latest=value
            ),
            "chart": line_chart(
                "indicateur",
                f"Évolution de « {indicator.name} » en {indicator.unit}, avec sa cible",
                [(m.measured_on, m.value) for m in measurements],
                unit=indicator.unit,
                target=indicator.target,
            )
            if measurements
            else None,
            "form": form,
        },
    )

"""Experiments: the list, starting one, its page (hypothesis, pilots, criteria, period,
results, survey, decisions), editing, the decision, archiving."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Prefetch, Subquery
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from maillage.access import space_view

from .. import perms, services
from ..forms import DecisionForm, ExperimentForm
from ..models import Decision, Experiment
from ..services.experiments import current_decision
from .common import PAGE_SIZE, object_view


def _survey_create_url(request, space) -> str:
    """Where to create the pilots' survey — only for those who may prepare a survey (agents
    and admins): others are not shown a link to a refusal."""
    from maillage.surveys.perms import can_build_surveys

    if not can_build_surveys(request.user, space):
        return ""
    try:
        return reverse("surveys:create", args=[space.slug])
    except NoReverseMatch:
        return ""


@space_view(perms.can_view_experiments, need=perms.NEED_MEMBERS)
def experiment_list(request, space):
    last = Decision.objects.filter(experiment=OuterRef("pk"), superseded_by__isnull=True)
    queryset = (
        Experiment.objects.live()
        .filter(space=space)
        .annotate(
            decided=Exists(last),
            outcome=Subquery(last.values("outcome")[:1]),
        )
        .prefetch_related("pilots")
        .order_by("-start_date", "-id")
    )
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    labels = dict(Decision._meta.get_field("outcome").choices)
    for experiment in page:
        experiment.outcome_label = labels.get(experiment.outcome, "")
    return render(
        request,
        "roadmap/experiment_list.html",
        {"space": space, "page": page, "today": timezone.localdate(),
         "can_edit": perms.can_edit_experiments(request.user, space)},
    )  # fmt: skip


def _values(form):
    return dict(form.cleaned_data)


@space_view(perms.can_edit_experiments, need=perms.NEED_STEER)
def experiment_create(request, space):
    form = ExperimentForm(request.POST or None, space=space)
    if request.method == "POST" and form.is_valid():
        try:
            experiment = services.create_experiment(
                actor=request.user, space=space, **_values(form)
            )
        except services.RoadmapError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "L'expérimentation est enregistrée.")
            return redirect(experiment)
    return render(
        request,
        "roadmap/experiment_form.html",
        {"space": space, "form": form, "survey_create_url": _survey_create_url(request, space)},
    )


EXPERIMENTS = Experiment.objects.select_related("survey").prefetch_related(
    "pilots",
    Prefetch(
        "decisions",
        queryset=Decision.objects.select_related("deliberation", "body", "roadmap_item"),
    ),
)


@object_view(Experiment, perms.can_view_experiments, need=perms.NEED_MEMBERS,
             queryset=EXPERIMENTS)  # fmt: skip
def experiment_detail(request, space, experiment):
    decisions = list(experiment.decisions.all())
    superseded = {d.supersedes_id for d in decisions if d.supersedes_id}
    current = next((d for d in decisions if d.pk not in superseded), None)
    return render(
        request,
        "roadmap/experiment_detail.html",
        {
            "space": space,
            "experiment": experiment,
            "decisions": decisions,
            "current": current,
            "can_edit": perms.can_edit_experiments(request.user, space)
            and experiment.archived_at is None,
            "survey_create_url": _survey_create_url(request, space),
        },
    )


@object_view(Experiment, perms.can_edit_experiments, need=perms.NEED_STEER,
             queryset=Experiment.objects.live())  # fmt: skip
def experiment_edit(request, space, experiment):
    initial = {
        "title": experiment.title,
        "hypothesis": experiment.hypothesis,
        "criteria": experiment.criteria,
        "pilots": list(experiment.pilots.all()),
        "start_date": experiment.start_date,
        "end_date": experiment.end_date,
        "results": experiment.results,
        "survey": experiment.survey_id,
    }
    form = ExperimentForm(request.POST or None, space=space, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_experiment(actor=request.user, experiment=experiment, **_values(form))
        except services.RoadmapError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "L'expérimentation est modifiée.")
            return redirect(experiment)
    return render(
        request,
        "roadmap/experiment_form.html",
        {"space": space, "form": form, "experiment": experiment,
         "survey_create_url": _survey_create_url(request, space)},
    )  # fmt: skip


@object_view(Experiment, perms.can_edit_experiments, need=perms.NEED_STEER,
             queryset=Experiment.objects.live())  # fmt: skip
def experiment_decide(request, space, experiment):
    current = current_decision(experiment)
    form = DecisionForm(request.POST or None, space=space,
                        initial={"decided_on": timezone.localdate()})  # fmt: skip
    if request.method == "POST" and form.is_valid():
        try:
            services.decide(actor=request.user, experiment=experiment, **_values(form))
        except services.RoadmapError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "La décision est enregistrée ; elle ne se modifie plus.")
            return redirect(experiment)
    return render(
        request,
        "roadmap/decision_form.html",
        {"space": space, "experiment": experiment, "form": form, "current": current},
    )


@object_view(Experiment, perms.can_edit_experiments, need=perms.NEED_STEER)
@require_POST
def experiment_archive(request, space, experiment):
    try:
        services.archive_experiment(actor=request.user, experiment=experiment)
    except services.RoadmapError as error:
        messages.error(request, str(error))
        return redirect(experiment)
    messages.success(request, f"« {experiment.title} » est archivée ; rien n'est perdu.")
    return redirect("roadmap:experiments", space.slug)

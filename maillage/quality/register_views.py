"""Pages of the continuous-improvement register: the paginated list with its filters, the form
to submit a suggestion or an irritant, the page of one line with the form of its next step."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from maillage.access import deny, space_view
from maillage.spaces.perms import person_of

from . import perms, services
from .forms import (
    ActionForm,
    AnalysisForm,
    ImprovementForm,
    NoActionForm,
    RegisterFilter,
    ResultForm,
)
from .models import Improvement, Status
from .views import PAGE_SIZE, _apply_error


@space_view(perms.can_view_quality, need=perms.NEED_VIEW)
def improvement_list(request, space):
    filters = RegisterFilter(request.GET or None)
    queryset = Improvement.objects.filter(space=space).select_related(
        "submitted_by", "action_owner"
    )
    if filters.is_valid():
        data = filters.cleaned_data
        if data["status"]:
            queryset = queryset.filter(status=data["status"])
        if data["kind"]:
            queryset = queryset.filter(kind=data["kind"])
        if data["mine"]:
            queryset = queryset.filter(submitted_by=person_of(request.user))
    page = Paginator(queryset.order_by("-number"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "quality/improvement_list.html",
        {
            "space": space,
            "page": page,
            "filters": filters if filters.is_bound else RegisterFilter(),
            "can_submit": perms.can_submit_improvement(request.user, space),
        },
    )


@space_view(perms.can_submit_improvement, need=perms.NEED_SUBMIT)
def improvement_create(request, space):
    form = ImprovementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            improvement = services.submit_improvement(
                actor=request.user, space=space, **form.cleaned_data
            )
        except services.QualityError as error:
            _apply_error(form, error)
        else:
            messages.success(
                request,
                f"Votre proposition est inscrite au registre sous le n° {improvement.number}.",
            )
            return redirect(improvement.get_absolute_url())
    return render(request, "quality/improvement_form.html", {"space": space, "form": form})


def _forms_for(improvement, space, bound=None):
    """The forms of the next steps, the one just sent (`bound`) in place of its blank one."""
    forms = {}
    if improvement.status in (Status.SUBMITTED, Status.ANALYSED):
        forms["analyse"] = AnalysisForm(initial={"analysis": improvement.analysis})
        forms["sans_suite"] = NoActionForm()
    if improvement.status == Status.ANALYSED:
        forms["action"] = ActionForm(space=space)
    if improvement.status == Status.ACTION:
        forms["action"] = ActionForm(
            space=space,
            initial={
                "action": improvement.action,
                "owner": improvement.action_owner_id,
                "due_on": improvement.action_due_on,
            },
        )
        forms["resultat"] = ResultForm()
    if bound is not None:
        forms[bound[0]] = bound[1]
    return forms


def _load(space, improvement_id):
    return get_object_or_404(
        Improvement.objects.select_related("submitted_by", "action_owner", "space"),
        pk=improvement_id,
        space=space,
    )


def _page(request, space, improvement, bound=None, status=200):
    can_handle = perms.can_handle_improvement(request.user, improvement)
    return render(
        request,
        "quality/improvement_detail.html",
        {
            "space": space,
            "improvement": improvement,
            "can_handle": can_handle,
            "forms": _forms_for(improvement, space, bound) if can_handle else {},
        },
        status=status,
    )


@space_view(perms.can_view_quality, need=perms.NEED_VIEW)
def improvement_detail(request, space, improvement_id):
    return _page(request, space, _load(space, improvement_id))


STEPS = {
    "analyse": (AnalysisForm, False),
    "action": (ActionForm, True),
    "resultat": (ResultForm, False),
    "sans_suite": (NoActionForm, False),
}


@require_POST
@space_view(perms.can_view_quality, need=perms.NEED_VIEW)
def improvement_step(request, space, improvement_id):
    """One step of the line: `etape` is analyse, action, resultat or sans_suite."""
    improvement = _load(space, improvement_id)
    if not perms.can_handle_improvement(request.user, improvement):
        return deny(
            request,
            perms.NEED_MANAGE
            if not improvement.is_closed
            else "Cette ligne du registre est close : elle ne change plus.",
        )
    step = request.POST.get("etape")
    if step not in STEPS:
        messages.error(request, "Étape inconnue : choisissez l'un des formulaires de la page.")
        return redirect(improvement.get_absolute_url())
    form_class, needs_space = STEPS[step]
    form = form_class(request.POST, space=space) if needs_space else form_class(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            if step == "analyse":
                services.analyse_improvement(
                    actor=request.user, improvement=improvement, analysis=data["analysis"]
                )
            elif step == "action":
                services.decide_action(
                    actor=request.user,
                    improvement=improvement,
                    action=data["action"],
                    owner=data["owner"],
                    due_on=data["due_on"],
                )
            elif step == "resultat":
                services.record_result(
                    actor=request.user, improvement=improvement, result=data["result"]
                )
            else:
                services.close_without_action(
                    actor=request.user, improvement=improvement, reason=data["reason"]
                )
        except services.QualityError as error:
            _apply_error(form, error)
        else:
            messages.success(
                request, "Le registre est à jour ; l'auteur de la proposition est prévenu."
            )
            return redirect(improvement.get_absolute_url())
    improvement.refresh_from_db()
    return _page(request, space, improvement, bound=(step, form), status=400)

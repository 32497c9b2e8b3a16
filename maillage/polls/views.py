"""Pages of polls: the space's list, opening a poll (kind first, then its fields), the poll
page (answer form and results when visible), the results partial (HTMX refresh), closing,
the outcome, and turning a date poll into a sitting.

Every form works without JavaScript; with HTMX the results of an open poll refresh alone.
"""

import functools

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_POST

from maillage.access import deny as _deny
from maillage.meetings.models import Seat
from maillage.meetings.views.common import space_view
from maillage.spaces.perms import person_of, roles

from . import perms, services
from . import results as tally
from .forms import ConsentForm, KindForm, OptionsAnswerForm, OutcomeForm, PollForm, SittingForm
from .models import KIND_HINTS, Audience, Invitee, Poll, PollKind, PollStatus, Stance

PAGE_SIZE = 50
ROW_HEIGHT = 46


def poll_view(permission, need=""):
    """Load `slug` and `poll_id` from the URL; `permission(user, poll)` must hold. A poll
    whose date has passed is closed on this first view, so that it is never closed late."""

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, slug, poll_id, *args, **kwargs):
            poll = get_object_or_404(
                Poll.objects.select_related("space__organisation", "body", "sitting", "author"),
                pk=poll_id,
                space__slug=slug,
            )
            if not perms.can_view_poll(request.user, poll):
                return _deny(request, perms.NEED_VIEW)
            services.close_if_due(poll)
            if not permission(request.user, poll):
                return _deny(request, need)
            return view(request, poll, *args, **kwargs)

        return wrapper

    return decorator


# --- List ---------------------------------------------------------------------------------------


def _list_queryset(user, space):
    person = person_of(user)
    now = timezone.now()
    answers = (
        Stance.objects.filter(poll=OuterRef("pk"))
        .order_by()
        .values("poll")
        .annotate(n=Count("pk"))
        .values("n")
    )
    queryset = Poll.objects.filter(space=space).select_related("body", "author")
    if person is None:
        queryset = queryset.annotate(
            can_answer=Value(False, output_field=BooleanField()),
            answered=Value(False, output_field=BooleanField()),
        )
    else:
        seated = Seat.objects.current().filter(body=OuterRef("body"), person=person)
        invited = Invitee.objects.filter(poll=OuterRef("pk"), person=person)
        queryset = queryset.annotate(
            can_answer=Case(
                When(audience=Audience.SPACE, then=Value(bool(roles(user, space)))),
                When(audience=Audience.BODY, then=Exists(seated)),
                default=Exists(invited),
                output_field=BooleanField(),
            ),
            answered=Exists(Stance.objects.filter(poll=OuterRef("pk"), person=person)),
        )
    is_open = Q(status=PollStatus.OPEN, closes_at__gt=now)
    return queryset.annotate(
        answer_count=Coalesce(Subquery(answers), 0),
        group=Case(
            When(is_open & Q(can_answer=True), then=Value(0)),
            When(is_open, then=Value(1)),
            default=Value(2),
            output_field=IntegerField(),
        ),
        open_deadline=Case(When(is_open, then=F("closes_at")), default=None),
    ).order_by("group", F("open_deadline").asc(nulls_last=True), "-closes_at", "-pk")


@space_view(perms.can_view_polls, need=perms.NEED_VIEW)
def poll_list(request, space):
    services.close_due_polls(space=space)
    page = Paginator(_list_queryset(request.user, space), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "polls/poll_list.html",
        {"space": space, "page": page, "can_create": perms.can_create_poll(request.user, space)},
    )


# --- Opening ------------------------------------------------------------------------------------


@space_view(perms.can_create_poll, need=perms.NEED_CREATE)
def poll_create(request, space):
    kind = request.POST.get("type") or request.GET.get("type")
    if kind not in PollKind.values:
        return render(
            request,
            "polls/poll_kind.html",
            {"space": space, "form": KindForm(), "kinds": _kinds(), "error": bool(kind)},
        )
    form = PollForm(request.POST or None, space=space, kind=kind)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            poll = services.create_poll(
                actor=request.user,
                space=space,
                kind=kind,
                title=data["title"],
                description=data["description"],
                closes_at=data["closes_at"],
                audience=data["audience"],
                body=data.get("body"),
                invitees=data.get("invitees") or [],
                hide_results=data["hide_results"],
                options=data.get("options", []),
                dates=data.get("dates", []),
                dot_budget=data.get("dot_budget"),
            )
        except services.PollError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, "Le sondage est ouvert ; les personnes interrogées sont prévenues."
            )
            return redirect(poll)
    return render(
        request,
        "polls/poll_form.html",
        {"space": space, "form": form, "kind": kind, "kind_label": PollKind(kind).label,
         "kind_hint": KIND_HINTS[kind]},
    )  # fmt: skip


def _kinds():
    return [(value, label, KIND_HINTS[value]) for value, label in PollKind.choices]


# --- The poll page ------------------------------------------------------------------------------


def _answer_form(poll, options, stance, data=None):
    if poll.kind == PollKind.CONSENT:
        initial = {"consent": stance.consent, "reason": stance.reason} if stance else None
        return ConsentForm(data, initial=initial)
    initial = {f"option_{v.option_id}": v.value for v in stance.values.all()} if stance else {}
    if stance and poll.kind == PollKind.DOTS:
        initial = {f"option_{o.pk}": initial.get(f"option_{o.pk}", 0) for o in options}
    return OptionsAnswerForm(data, poll=poll, options=options, initial=initial)


def _results_context(request, poll, options, stances):
    visible = perms.can_see_results(request.user, poll)
    results = tally.compute_results(poll, options, stances) if visible else None
    if results is not None:
        for index, row in enumerate(results.rows):
            share = (row.value or 0) / results.maximum if results.maximum else 0
            row.percent = f"{100 * share:.1f}"
            row.y = index * ROW_HEIGHT
        results.height = len(results.rows) * ROW_HEIGHT
    return {
        "poll": poll,
        "results": results,
        "results_visible": visible,
        "option_labels": [o.label for o in options],
        "answer_count": len(stances),
        "audience_count": services.audience_people(poll).count(),
    }


def _page(request, poll, *, form=None, sitting_form=None, status=200):
    options = list(poll.options.order_by("position"))
    stances = tally.load_stances(poll)
    person = person_of(request.user)
    mine = next((s for s in stances if person and s.person_id == person.pk), None)
    can_answer = perms.can_answer(request.user, poll)
    if form is None and can_answer:
        form = _answer_form(poll, options, mine)
    can_make_sitting = perms.can_make_sitting(request.user, poll)
    if sitting_form is None and can_make_sitting:
        sitting_form = SittingForm()
    chosen = next((o for o in options if o.pk == poll.chosen_option_id), None)
    context = {
        "space": poll.space,
        "options": options,
        "form": form,
        "mine": mine,
        "in_audience": perms.in_audience(request.user, poll),
        "can_answer": can_answer,
        "can_close": perms.can_close_poll(request.user, poll),
        "can_write_outcome": perms.can_write_outcome(request.user, poll),
        "can_make_sitting": can_make_sitting,
        "sitting_form": sitting_form,
        "chosen": chosen,
        **_results_context(request, poll, options, stances),
    }
    return render(request, "polls/poll_detail.html", context, status=status)


@poll_view(perms.can_view_poll, need=perms.NEED_VIEW)
def poll_detail(request, poll):
    if request.method != "POST":
        return _page(request, poll)
    if not perms.in_audience(request.user, poll):
        raise PermissionDenied(
            "Ce sondage ne s'adresse pas à vous : seules les personnes interrogées y répondent."
        )
    options = list(poll.options.order_by("position"))
    form = _answer_form(poll, options, None, data=request.POST)
    if not form.is_valid():
        return _page(request, poll, form=form)
    if poll.kind == PollKind.CONSENT:
        kwargs = {"consent": form.cleaned_data["consent"], "reason": form.cleaned_data["reason"]}
    else:
        kwargs = {"values": form.values()}
    try:
        _, updated = services.submit_stance(actor=request.user, poll=poll, **kwargs)
    except services.PollError as error:
        form.add_error(None, str(error))
        return _page(request, poll, form=form)
    messages.success(
        request, "Votre réponse est modifiée." if updated else "Votre réponse est enregistrée."
    )
    return redirect(poll)


@poll_view(perms.can_view_poll, need=perms.NEED_VIEW)
def poll_results(request, poll):
    """The results block alone (HTMX refresh): the same rule as the page — hidden results
    are never sent before the close."""
    options = list(poll.options.order_by("position"))
    stances = tally.load_stances(poll)
    return render(request, "polls/_results.html", _results_context(request, poll, options, stances))


# --- Close, outcome, sitting --------------------------------------------------------------------


@poll_view(perms.can_close_poll, need=perms.NEED_MANAGE)
@require_POST
def poll_close(request, poll):
    try:
        services.close_poll(actor=request.user, poll=poll)
    except services.PollError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Le sondage est clos ; les personnes interrogées sont prévenues.")
    return redirect(poll)


@poll_view(perms.can_write_outcome, need=perms.NEED_OUTCOME)
def poll_outcome(request, poll):
    initial = {"text": poll.outcome, "chosen_option": poll.chosen_option_id}
    form = OutcomeForm(request.POST or None, poll=poll, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.write_outcome(
                actor=request.user,
                poll=poll,
                text=form.cleaned_data["text"],
                chosen_option=form.cleaned_data.get("chosen_option"),
            )
        except services.PollError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "La conclusion est publiée en tête du sondage.")
            return redirect(poll)
    return render(
        request, "polls/outcome_form.html", {"space": poll.space, "poll": poll, "form": form}
    )


@poll_view(perms.can_make_sitting, need=perms.NEED_SITTING)
@require_POST
def poll_to_sitting(request, poll):
    form = SittingForm(request.POST)
    if form.is_valid():
        try:
            sitting = services.create_sitting_from_poll(
                actor=request.user, poll=poll, place=form.cleaned_data["place"]
            )
        except services.PollError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "La séance est créée, en préparation.")
            return redirect(sitting)
    return _page(request, poll, sitting_form=form)


app_urls = [
    path("espaces/<slug:slug>/sondages/", poll_list, name="list"),
    path("espaces/<slug:slug>/sondages/nouveau/", poll_create, name="create"),
    path("espaces/<slug:slug>/sondages/<int:poll_id>/", poll_detail, name="detail"),
    path("espaces/<slug:slug>/sondages/<int:poll_id>/resultats/", poll_results, name="results"),
    path("espaces/<slug:slug>/sondages/<int:poll_id>/clore/", poll_close, name="close"),
    path("espaces/<slug:slug>/sondages/<int:poll_id>/conclusion/", poll_outcome, name="outcome"),
    path("espaces/<slug:slug>/sondages/<int:poll_id>/seance/", poll_to_sitting, name="sitting"),
]

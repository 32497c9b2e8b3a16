"""Opinion request pages: list, prepare, send, the summary table by member (with filters and a
CSV export), record an opinion, and the documents served after a permission check."""

import csv
import functools
import io

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from maillage.access import deny as _deny
from maillage.meetings.views.common import space_view

from . import perms, rules, services
from .forms import OpinionForm, RequestForm, SummaryFilterForm
from .models import Audience, Opinion, OpinionRequest, OpinionTarget, Status

PAGE_SIZE = 50
NEED_MANAGE = (
    "Préparer et envoyer les demandes d'avis est réservé aux agents et aux administrateurs de "
    "l'espace."
)
NEED_VIEW = (
    "Cette demande d'avis est réservée aux membres de l'espace (élus, référents, agents) ; "
    "connectez-vous avec un compte de l'espace."
)
NEED_RECORD = (
    "L'avis d'une organisation est enregistré par son maire (ou son président), par le "
    "référent de l'espace pour cette organisation, ou par un agent de l'espace."
)


def request_view(permission, need):
    """Load `slug` and `request_id` from the URL; `permission(user, opinion_request)` holds."""

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, slug, request_id, *args, **kwargs):
            opinion_request = get_object_or_404(
                OpinionRequest.objects.select_related("space__organisation", "body"),
                pk=request_id,
                space__slug=slug,
            )
            if not permission(request.user, opinion_request):
                return _deny(request, need)
            return view(request, opinion_request, *args, **kwargs)

        return wrapper

    return decorator


def _may_manage(user, opinion_request):
    return perms.can_manage_requests(user, opinion_request.space)


# --- List and preparation -----------------------------------------------------------------------


@space_view()
def request_list(request, space):
    can_manage = perms.can_manage_requests(request.user, space)
    queryset = space.opinion_requests.all()
    if not can_manage:
        queryset = queryset.exclude(status=Status.DRAFT)
    if not perms.can_see_all_requests(request.user, space):
        queryset = queryset.filter(is_public=True)
    targets = (
        OpinionTarget.objects.filter(request=OuterRef("pk"))
        .order_by()
        .values("request")
        .annotate(n=Count("pk"))
        .values("n")
    )
    answered = (
        Opinion.objects.filter(target__request=OuterRef("pk"))
        .order_by()
        .values("target__request")
        .annotate(n=Count("pk"))
        .values("n")
    )
    queryset = queryset.select_related("body").annotate(
        target_count=Coalesce(Subquery(targets, output_field=IntegerField()), 0),
        answer_count=Coalesce(Subquery(answered, output_field=IntegerField()), 0),
    )
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "opinions/request_list.html",
        {"space": space, "page": page, "can_manage": can_manage, "today": timezone.localdate()},
    )


def _request_fields(form):
    data = form.cleaned_data
    return {
        "title": data["title"],
        "description": data["description"],
        "audience": data["audience"],
        "body": data["body"],
        "answer_by": data["answer_by"],
        "rule": data["rule"],
        "silence": data["silence"],
        "deadline": data["deadline"],
        "is_public": data["is_public"],
    }


@space_view(perms.can_manage_requests, need=NEED_MANAGE)
def request_new(request, space):
    form = RequestForm(request.POST or None, request.FILES or None, space=space)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.create_request(
                actor=request.user,
                space=space,
                document=form.cleaned_data["document"],
                **_request_fields(form),
            )
        except services.OpinionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, "La demande est préparée : relisez-la, puis envoyez-la aux destinataires."
            )
            return redirect(created)
    return render(
        request,
        "opinions/request_form.html",
        {"space": space, "form": form, "title": "Nouvelle demande d'avis"},
    )


@request_view(_may_manage, NEED_MANAGE)
def request_edit(request, opinion_request):
    if not opinion_request.is_draft:
        messages.error(request, "Cette demande est déjà envoyée : elle ne se modifie plus.")
        return redirect(opinion_request)
    initial = {
        "title": opinion_request.title,
        "description": opinion_request.description,
        "audience": opinion_request.audience,
        "body": opinion_request.body,
        "answer_by": opinion_request.answer_by,
        "rule": opinion_request.rule,
        "silence": opinion_request.silence if opinion_request.rule == rules.Rule.CHOSEN else "",
        "deadline": opinion_request.deadline,
        "is_public": opinion_request.is_public,
    }
    form = RequestForm(
        request.POST or None,
        request.FILES or None,
        space=opinion_request.space,
        editing=True,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_request(
                actor=request.user,
                request=opinion_request,
                document=form.cleaned_data["document"],
                **_request_fields(form),
            )
        except services.OpinionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "La demande est enregistrée.")
            return redirect(opinion_request)
    return render(
        request,
        "opinions/request_form.html",
        {
            "space": opinion_request.space,
            "form": form,
            "opinion_request": opinion_request,
            "title": "Modifier la demande d'avis",
        },
    )


@request_view(_may_manage, NEED_MANAGE)
@require_POST
def request_send(request, opinion_request):
    try:
        services.send_request(actor=request.user, request=opinion_request)
    except services.OpinionError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            f"La demande est envoyée à {opinion_request.targets.count()} destinataires ; "
            f"date limite : {opinion_request.deadline:%d/%m/%Y}.",
        )
    return redirect(opinion_request)


# --- The summary table ------------------------------------------------------------------------


def _filtered_targets(opinion_request, form):
    targets = opinion_request.targets.select_related("organisation")
    if form.is_valid():
        if form.cleaned_data["q"]:
            targets = targets.filter(name__icontains=form.cleaned_data["q"].strip())
        wanted = form.cleaned_data["outcome"]
        if wanted == "sans_reponse":
            targets = targets.filter(opinions__isnull=True)
        elif wanted:
            targets = targets.filter(opinions__value=wanted)
    return targets


def _rows(opinion_request, targets, today):
    """Each target with its opinion (one query for the whole page) and its counted outcome."""
    targets = list(targets)
    opinions = {o.target_id: o for o in Opinion.objects.filter(target__in=[t.pk for t in targets])}
    rows = []
    for target in targets:
        opinion = opinions.get(target.pk)
        outcome = rules.outcome(
            opinion.value if opinion else None,
            deadline=opinion_request.deadline,
            today=today,
            silence=opinion_request.silence,
        )
        rows.append(
            {
                "target": target,
                "opinion": opinion,
                "outcome": outcome,
                "outcome_label": rules.OUTCOME_LABELS[outcome],
            }
        )
    return rows


@request_view(perms.can_view_request, NEED_VIEW)
def request_detail(request, opinion_request):
    today = timezone.localdate()
    space = opinion_request.space
    can_manage = perms.can_manage_requests(request.user, space)
    form = SummaryFilterForm(request.GET or None)
    context = {
        "space": space,
        "opinion_request": opinion_request,
        "can_manage": can_manage,
        "form": form,
        "today": today,
        "accepts": opinion_request.accepts_opinions(today),
        "show_population": not opinion_request.by_person,
        "is_members": opinion_request.audience == Audience.MEMBERS,
    }
    if not opinion_request.is_draft:
        page = Paginator(
            _filtered_targets(opinion_request, form).order_by("name", "pk"), PAGE_SIZE
        ).get_page(request.GET.get("page"))
        mine = perms.answerable_target_ids(request.user, opinion_request)
        context.update(
            page=page,
            rows=_rows(opinion_request, page.object_list, today),
            summary=services.summary(opinion_request, today),
            mine=mine,
            my_targets=list(opinion_request.targets.filter(pk__in=mine)[:20]) if mine else [],
        )
    return render(request, "opinions/request_detail.html", context)


CSV_COLUMNS = [
    "Destinataire",
    "Code",
    "Population totale",
    "Reçue le",
    "Avis",
    "Réserves ou motifs",
    "N° de délibération",
    "Date de délibération",
    "Délibération (PDF)",
    "Saisi par",
    "En qualité de",
    "Saisi le",
    "Corrections",
]


@request_view(perms.can_view_request, NEED_VIEW)
def request_csv(request, opinion_request):
    if opinion_request.is_draft:
        raise Http404("Une demande en préparation n'a pas encore d'avis.")
    today = timezone.localdate()
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    targets = opinion_request.targets.select_related("organisation").order_by("name", "pk")
    for row in _rows(opinion_request, targets, today):
        target, opinion = row["target"], row["opinion"]
        organisation = target.organisation
        pdf = ""
        if opinion and opinion.deliberation_pdf:
            pdf = request.build_absolute_uri(
                reverse(
                    "opinions:deliberation",
                    args=[opinion_request.space.slug, opinion_request.pk, target.pk],
                )
            )
        writer.writerow(
            [
                target.name,
                organisation.code if organisation else "",
                (organisation.population_totale or "") if organisation else "",
                target.received_on.isoformat(),
                row["outcome_label"],
                opinion.comment if opinion else "",
                opinion.deliberation_number if opinion else "",
                opinion.deliberation_date.isoformat()
                if opinion and opinion.deliberation_date
                else "",
                pdf,
                opinion.recorded_by_name if opinion else "",
                opinion.get_capacity_display() if opinion else "",
                timezone.localtime(opinion.recorded_at).strftime("%Y-%m-%d %H:%M")
                if opinion
                else "",
                opinion.corrections if opinion else "",
            ]
        )
    # A byte-order mark so that spreadsheet software reads the accents right.
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="avis-{opinion_request.pk}.csv"'
    return response


# --- Documents --------------------------------------------------------------------------------


def _pdf_response(field, filename):
    if not field:
        raise Http404("Ce document n'a pas été déposé.")
    try:
        handle = field.open("rb")
    except FileNotFoundError:
        raise Http404("Ce document est introuvable.") from None
    return FileResponse(handle, content_type="application/pdf", filename=filename)


@request_view(perms.can_view_request, NEED_VIEW)
def document(request, opinion_request):
    return _pdf_response(opinion_request.document, f"demande-avis-{opinion_request.pk}.pdf")


@request_view(perms.can_view_request, NEED_VIEW)
def deliberation(request, opinion_request, target_id):
    opinion = get_object_or_404(Opinion, target_id=target_id, target__request=opinion_request)
    return _pdf_response(opinion.deliberation_pdf, f"deliberation-avis-{target_id}.pdf")


# --- Recording an opinion ---------------------------------------------------------------------


def record_opinion(request, slug, request_id, target_id):
    target = get_object_or_404(
        OpinionTarget.objects.select_related(
            "request__space__organisation", "request__body", "organisation"
        ),
        pk=target_id,
        request_id=request_id,
        request__space__slug=slug,
    )
    opinion_request = target.request
    capacity = perms.recording_capacity(request.user, target)
    if capacity is None:
        return _deny(request, NEED_RECORD)
    today = timezone.localdate()
    existing = Opinion.objects.filter(target=target).first()
    initial = {}
    if existing is not None:
        initial = {
            "value": existing.value,
            "comment": existing.comment,
            "deliberation_number": existing.deliberation_number,
            "deliberation_date": existing.deliberation_date,
        }
    is_members = opinion_request.audience == Audience.MEMBERS
    form = OpinionForm(
        request.POST or None,
        request.FILES or None,
        initial=initial,
        council=is_members,
        has_pdf=bool(existing and existing.deliberation_pdf),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.record_opinion(
                actor=request.user,
                target=target,
                value=data["value"],
                comment=data["comment"],
                deliberation_number=data["deliberation_number"],
                deliberation_date=data["deliberation_date"],
                deliberation_pdf=data["deliberation_pdf"],
            )
        except services.OpinionError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error))
        else:
            messages.success(
                request,
                f"L'avis de {target.name} est "
                + ("corrigé." if existing is not None else "enregistré."),
            )
            return redirect(opinion_request)
    return render(
        request,
        "opinions/record.html",
        {
            "space": opinion_request.space,
            "opinion_request": opinion_request,
            "target": target,
            "existing": existing,
            "form": form,
            "accepts": opinion_request.accepts_opinions(today),
            "capacity": capacity,
            "is_members": is_members,
        },
    )

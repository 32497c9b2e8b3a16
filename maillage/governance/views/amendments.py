"""Amendments: the list (filtered by state, each with its word-level diff), proposing one on
an article, its page, supporting, withdrawing, and the rapporteur's decisions."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from maillage.access import deny

from .. import perms, services
from ..diffing import word_diff
from ..forms import AmendmentForm, MergeForm, RejectForm
from ..models import Amendment, AmendmentKind, AmendmentStatus, Support
from ..services.common import GovernanceError
from .common import document_view, show_error

PAGE_SIZE = 50


def diff_of(amendment) -> object:
    """The amendment against the article's current text."""
    current = "" if amendment.article.removed_at else amendment.article.text
    if amendment.kind == AmendmentKind.INSERT_AFTER:
        return word_diff("", amendment.text)
    if amendment.kind == AmendmentKind.DELETE:
        return word_diff(current, "")
    if not amendment.is_open and amendment.applied_text:
        return word_diff(amendment.base_text, amendment.applied_text)
    return word_diff(current if amendment.is_open else amendment.base_text, amendment.text)


def _supported_ids(user, amendment_ids) -> set[int]:
    from maillage.spaces.perms import person_of

    person = person_of(user)
    if person is None or not amendment_ids:
        return set()
    return set(
        Support.objects.filter(
            person=person, amendment_id__in=amendment_ids, withdrawn_at__isnull=True
        ).values_list("amendment_id", flat=True)
    )


@document_view(perms.can_view_document, perms.NEED_VIEW)
def amendment_list(request, document):
    status = request.GET.get("etat", "")
    queryset = (
        Amendment.objects.filter(document=document)
        .select_related("article", "author", "document__space")
        .order_by("article__position", "created_at", "id")
    )
    if status in AmendmentStatus.values:
        queryset = queryset.filter(status=status)
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    supported = _supported_ids(request.user, [a.pk for a in page])
    for amendment in page:
        amendment.diff = diff_of(amendment)
        amendment.supported = amendment.pk in supported
    return render(
        request,
        "governance/amendment_list.html",
        {
            "space": document.space,
            "document": document,
            "page": page,
            "status": status,
            "statuses": AmendmentStatus.choices,
            "can_decide": perms.can_decide(request.user, document),
        },
    )


@document_view(perms.can_view_document, perms.NEED_VIEW)
def amendment_new(request, document, article_id):
    article = get_object_or_404(document.articles, pk=article_id)
    if not perms.can_propose(request.user, document):
        return deny(request, perms.NEED_PROPOSE)
    form = AmendmentForm(
        request.POST or None, initial={"kind": AmendmentKind.REPLACE, "text": article.text}
    )
    if request.method == "POST" and form.is_valid():
        try:
            amendment = services.propose_amendment(
                actor=request.user, article=article, **form.cleaned_data
            )
        except GovernanceError as error:
            show_error(form, error)
        else:
            messages.success(request, "Votre amendement est déposé.")
            return redirect(amendment)
    return render(
        request,
        "governance/amendment_form.html",
        {"space": document.space, "document": document, "article": article, "form": form},
    )


def _amendment(document, amendment_id):
    return get_object_or_404(
        Amendment.objects.select_related("article", "author", "decided_by", "document__space"),
        pk=amendment_id,
        document=document,
    )


def _detail(request, document, amendment, *, merge_form=None, reject_form=None, status=200):
    can_decide = perms.can_decide(request.user, document) and amendment.is_open
    supporters = (
        Support.objects.filter(amendment=amendment, withdrawn_at__isnull=True)
        .select_related("person")
        .order_by("created_at")
    )
    if can_decide and merge_form is None and amendment.kind != AmendmentKind.DELETE:
        merge_form = MergeForm(
            initial={
                "text": amendment.text,
                "title": amendment.new_title,
                "revision": amendment.article.revision,
            }
        )
    return render(
        request,
        "governance/amendment_detail.html",
        {
            "space": document.space,
            "document": document,
            "amendment": amendment,
            "diff": diff_of(amendment),
            "base_diff": word_diff(amendment.base_text, amendment.article.text)
            if amendment.is_conflicting
            else None,
            "supporters": supporters,
            "supported": bool(_supported_ids(request.user, [amendment.pk])),
            "can_support": perms.can_support(request.user, amendment),
            "can_withdraw": perms.can_withdraw(request.user, amendment),
            "can_decide": can_decide,
            "merge_form": merge_form if can_decide else None,
            "reject_form": (reject_form or RejectForm()) if can_decide else None,
        },
        status=status,
    )


@document_view(perms.can_view_document, perms.NEED_VIEW)
def amendment_detail(request, document, amendment_id):
    return _detail(request, document, _amendment(document, amendment_id))


@require_POST
@document_view(perms.can_view_document, perms.NEED_VIEW)
def amendment_support(request, document, amendment_id):
    amendment = _amendment(document, amendment_id)
    withdraw = request.POST.get("retirer") == "1"
    if not withdraw and not perms.can_support(request.user, amendment):
        return deny(request, perms.NEED_PROPOSE)
    try:
        if withdraw:
            services.withdraw_support(actor=request.user, amendment=amendment)
            messages.success(request, "Votre soutien est retiré.")
        else:
            services.support_amendment(actor=request.user, amendment=amendment)
            messages.success(request, "Vous soutenez cet amendement.")
    except GovernanceError as error:
        messages.error(request, str(error))
    return redirect(request.POST.get("next") or amendment.get_absolute_url())


@require_POST
@document_view(perms.can_view_document, perms.NEED_VIEW)
def amendment_withdraw(request, document, amendment_id):
    amendment = _amendment(document, amendment_id)
    if not perms.can_withdraw(request.user, amendment):
        return deny(request, "Seul l'auteur retire son amendement, tant qu'il est en discussion.")
    try:
        services.withdraw_amendment(actor=request.user, amendment=amendment)
    except GovernanceError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Votre amendement est retiré ; il reste lisible.")
    return redirect(amendment)


@require_POST
@document_view(perms.can_decide, perms.NEED_DECIDE)
def amendment_accept(request, document, amendment_id):
    amendment = _amendment(document, amendment_id)
    try:
        services.accept_amendment(actor=request.user, amendment=amendment)
    except GovernanceError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "L'amendement est accepté : une nouvelle version est créée.")
    return redirect(amendment)


@require_POST
@document_view(perms.can_decide, perms.NEED_DECIDE)
def amendment_merge(request, document, amendment_id):
    amendment = _amendment(document, amendment_id)
    form = MergeForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.merge_amendment(
                actor=request.user,
                amendment=amendment,
                text=data["text"],
                title=data["title"],
                reason=data["reason"],
                expected_revision=data["revision"],
            )
        except GovernanceError as error:
            show_error(form, error)
            form.data = form.data.copy()
            amendment.article.refresh_from_db()
            form.data["revision"] = amendment.article.revision
        else:
            messages.success(request, "L'amendement retouché est appliqué : nouvelle version.")
            return redirect(amendment)
    return _detail(request, document, amendment, merge_form=form)


@require_POST
@document_view(perms.can_decide, perms.NEED_DECIDE)
def amendment_reject(request, document, amendment_id):
    amendment = _amendment(document, amendment_id)
    form = RejectForm(request.POST)
    if form.is_valid():
        try:
            services.reject_amendment(
                actor=request.user, amendment=amendment, reason=form.cleaned_data["reason"]
            )
        except GovernanceError as error:
            show_error(form, error)
        else:
            messages.success(request, "L'amendement est rejeté ; son auteur est prévenu.")
            return redirect(amendment)
    return _detail(request, document, amendment, reject_form=form)

"""Versions: the history, one version, two side by side (per article, word-level diff), the
PDF of a version, and the public pages of the adopted text (no login)."""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.text import slugify

from maillage.meetings.pdf import pdf_response

from .. import perms
from ..diffing import compare_snapshots
from ..models import Document, Version
from ..pdf import numbered, version_context
from .common import document_view

PAGE_SIZE = 50


@document_view(perms.can_view_document, perms.NEED_VIEW)
def version_list(request, document):
    queryset = document.versions.select_related("document__space").defer("snapshot")
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    numbers = list(document.versions.values_list("number", flat=True)[:2])
    return render(
        request,
        "governance/version_list.html",
        {
            "space": document.space,
            "document": document,
            "page": page,
            "latest": numbers[0] if numbers else None,
            "previous": numbers[1] if len(numbers) > 1 else None,
        },
    )


def _version(document, number):
    return get_object_or_404(Version, document=document, number=number)


@document_view(perms.can_view_document, perms.NEED_VIEW)
def version_detail(request, document, number):
    version = _version(document, number)
    return render(
        request,
        "governance/version_detail.html",
        {
            "space": document.space,
            "document": document,
            "version": version,
            "articles": numbered(version.snapshot),
        },
    )


def _number(value, default):
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


@document_view(perms.can_view_document, perms.NEED_VIEW)
def version_compare(request, document):
    numbers = list(document.versions.values_list("number", flat=True))
    if not numbers:
        raise Http404
    newest = numbers[0]
    old_number = _number(request.GET.get("de"), numbers[1] if len(numbers) > 1 else newest)
    new_number = _number(request.GET.get("a"), newest)
    versions = {
        v.number: v
        for v in Version.objects.filter(document=document, number__in=[old_number, new_number])
    }
    if old_number not in versions or new_number not in versions:
        raise Http404("Cette version n'existe pas.")
    old, new = versions[old_number], versions[new_number]
    rows = compare_snapshots(old.snapshot, new.snapshot)
    only_changes = request.GET.get("tout") != "1"
    return render(
        request,
        "governance/version_compare.html",
        {
            "space": document.space,
            "document": document,
            "old": old,
            "new": new,
            "numbers": numbers,
            "rows": [r for r in rows if r.change != "identique"] if only_changes else rows,
            "changed": sum(1 for r in rows if r.change != "identique"),
            "only_changes": only_changes,
        },
    )


@document_view(perms.can_view_document, perms.NEED_VIEW)
def version_pdf(request, document, number):
    version = _version(document, number)
    name = f"{slugify(document.title)[:60] or 'document'}-v{version.number}.pdf"
    return pdf_response(
        request, "governance/print/version.html", version_context(document, version), name
    )


def _public(document_id):
    document = get_object_or_404(
        Document.objects.public().select_related(
            "space__organisation", "published_version", "deliberation"
        ),
        pk=document_id,
    )
    return document, document.published_version


def public_document(request, document_id):
    """The adopted text, for everyone (no login)."""
    document, version = _public(document_id)
    return render(
        request,
        "governance/public_document.html",
        {
            "space": document.space,
            "document": document,
            "version": version,
            "articles": numbered(version.snapshot),
        },
    )


def public_pdf(request, document_id):
    document, version = _public(document_id)
    name = f"{slugify(document.title)[:60] or 'document'}.pdf"
    return pdf_response(
        request, "governance/print/version.html", version_context(document, version), name
    )

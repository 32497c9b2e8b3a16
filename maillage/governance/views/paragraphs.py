"""Comments on a paragraph: the article's page shows each paragraph with the latest comments
next to it, and each paragraph has its page with the whole thread and its form."""

from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, F, IntegerField, OuterRef, Q, Subquery, Window
from django.db.models.functions import Coalesce, RowNumber
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from maillage.comments.models import Comment

from .. import perms, rules, services
from ..models import Article, Paragraph
from ..pdf import numbered
from .common import document_view

LATEST = 3  # comments shown next to a paragraph on the article's page


@dataclass
class ParagraphRow:
    number: int
    text: str
    url: str
    comment_count: int = 0
    latest: list = field(default_factory=list)


def _with_counts(queryset):
    comments = (
        Comment.objects.filter(
            content_type=ContentType.objects.get_for_model(Paragraph),
            object_id=OuterRef("pk"),
            hidden_at__isnull=True,
        )
        .order_by()
        .values("object_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return queryset.annotate(
        comment_count=Coalesce(Subquery(comments, output_field=IntegerField()), 0)
    )


def paragraph_url(document, article, revision: int, number: int) -> str:
    from django.urls import reverse

    return reverse(
        "governance:paragraph",
        args=[document.space.slug, document.pk, article.pk, revision, number],
    )


def paragraph_rows(user, document, article) -> list[ParagraphRow]:
    """The paragraphs of the article as it reads now, each with its number of comments and
    the latest ones; three queries whatever the number of paragraphs and comments."""
    if article.removed_at is not None:
        return []
    rows = [
        ParagraphRow(number, text, paragraph_url(document, article, article.revision, number))
        for number, text in enumerate(rules.paragraphs(article.text), 1)
    ]
    recorded = {
        p.pk: p
        for p in _with_counts(Paragraph.objects.filter(article=article, revision=article.revision))
    }
    by_number = {row.number: row for row in rows}
    for paragraph in recorded.values():
        if paragraph.number in by_number:
            by_number[paragraph.number].comment_count = paragraph.comment_count
    if any(p.comment_count for p in recorded.values()):
        latest = (
            Comment.objects.filter(
                content_type=ContentType.objects.get_for_model(Paragraph),
                object_id__in=list(recorded),
                hidden_at__isnull=True,
            )
            .select_related("author")
            .annotate(
                rank=Window(
                    RowNumber(),
                    partition_by=[F("object_id")],
                    order_by=[F("created_at").desc(), F("id").desc()],
                )
            )
            .filter(rank__lte=LATEST)
            .order_by("object_id", "created_at", "id")
        )
        for comment in latest:
            row = by_number.get(recorded[comment.object_id].number)
            if row is not None:
                row.latest.append(comment)
    return rows


def earlier_paragraphs(article):
    """Paragraphs of earlier wordings that were commented on: their comments stay readable."""
    return list(
        _with_counts(
            Paragraph.objects.filter(article=article).filter(~Q(revision=article.revision))
        )
        .filter(comment_count__gt=0)
        .order_by("-revision", "number")
    )


@document_view(perms.can_view_document, perms.NEED_VIEW)
def paragraph_detail(request, document, article_id, revision, number):
    article = get_object_or_404(
        Article.objects.select_related("section"), pk=article_id, document=document
    )
    article.document = document
    paragraph = Paragraph.objects.filter(article=article, revision=revision, number=number).first()
    if paragraph is None:
        if revision != article.revision:
            raise Http404("Ce paragraphe n'existe pas dans cette version de l'article.")
        try:
            paragraph = services.paragraph_for(article=article, number=number)
        except services.GovernanceError as error:
            raise Http404(str(error)) from error
    paragraph.article = article
    numbers = {a["id"]: a["number"] for a in numbered(services.snapshot(document))}
    article.number = numbers.get(article.pk)
    return render(
        request,
        "governance/paragraph_detail.html",
        {
            "space": document.space,
            "document": document,
            "article": article,
            "paragraph": paragraph,
            "can_comment": perms.can_comment_paragraph(request.user, paragraph),
        },
    )

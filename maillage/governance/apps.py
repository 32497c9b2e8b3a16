from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "maillage.governance"
    verbose_name = "Documents de gouvernance"

    def ready(self):
        from django.urls import reverse

        from maillage.comments.registry import register

        from . import perms
        from .models import Article, Paragraph

        # Comments on a whole article: read and written by those who read the document; its
        # rapporteur is told of each comment.
        register(
            Article,
            can_read=lambda user, article: perms.can_view_document(user, article.document),
            can_comment=lambda user, article: perms.can_view_document(user, article.document),
            space_of=lambda article: article.document.space,
            url_of=lambda article: reverse(
                "governance:article",
                args=[article.document.space.slug, article.document_id, article.pk],
            ),
            followers=lambda article: (
                [article.document.rapporteur] if article.document.rapporteur_id else []
            ),
            label_of=lambda article: f"un article de « {article.document.title} »",
        )
        # Comments on one paragraph of an article, shown next to it.
        register(
            Paragraph,
            can_read=lambda user, paragraph: perms.can_view_document(
                user, paragraph.article.document
            ),
            can_comment=perms.can_comment_paragraph,
            space_of=lambda paragraph: paragraph.article.document.space,
            url_of=lambda paragraph: paragraph.get_absolute_url(),
            followers=lambda paragraph: (
                [paragraph.article.document.rapporteur]
                if paragraph.article.document.rapporteur_id
                else []
            ),
            label_of=lambda paragraph: (
                f"le paragraphe {paragraph.number} d'un article de "
                f"« {paragraph.article.document.title} »"
            ),
        )

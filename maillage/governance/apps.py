from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "maillage.governance"
    verbose_name = "Documents de gouvernance"

    def ready(self):
        from django.urls import reverse

        from maillage.comments.registry import register

        from . import perms
        from .models import Article

        # Comments on an article ("paragraph comments"): read and written by those who read
        # the document; its rapporteur is told of each comment.
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

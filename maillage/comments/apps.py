from django.apps import AppConfig


class CommentsConfig(AppConfig):
    name = "maillage.comments"
    verbose_name = "Commentaires"

    def ready(self):
        from .integrations import register_all

        register_all()

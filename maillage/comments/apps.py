from django.apps import AppConfig


class CommentsConfig(AppConfig):
    name = "maillage.comments"
    verbose_name = "Commentaires"

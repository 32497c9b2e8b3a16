from django.apps import AppConfig
from django.db.models.signals import post_save


class LibraryConfig(AppConfig):
    name = "maillage.library"
    verbose_name = "Bibliothèque de documents"

    def ready(self):
        from . import deliberations

        post_save.connect(
            deliberations.on_action_logged,
            sender="audit.ActionLog",
            dispatch_uid="library-index-published-deliberations",
        )

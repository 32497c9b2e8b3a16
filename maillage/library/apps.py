from django.apps import AppConfig


class LibraryConfig(AppConfig):
    name = "maillage.library"
    verbose_name = "Bibliothèque de documents"

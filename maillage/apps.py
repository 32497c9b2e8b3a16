from django.apps import AppConfig


class MaillageConfig(AppConfig):
    """The project package itself: base templates, static files, error pages."""

    name = "maillage"
    verbose_name = "Maillage"

from django.apps import AppConfig


class NeedsConfig(AppConfig):
    name = "maillage.needs"
    verbose_name = "Besoins des communes"

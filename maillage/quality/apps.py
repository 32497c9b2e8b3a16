from django.apps import AppConfig


class QualityConfig(AppConfig):
    name = "maillage.quality"
    verbose_name = "Plan qualité"

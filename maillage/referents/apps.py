from django.apps import AppConfig


class ReferentsConfig(AppConfig):
    name = "maillage.referents"
    verbose_name = "Référents"

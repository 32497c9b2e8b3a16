from django.apps import AppConfig


class SpacesConfig(AppConfig):
    name = "maillage.spaces"
    verbose_name = "Espaces"

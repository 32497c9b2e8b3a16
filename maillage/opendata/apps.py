from django.apps import AppConfig


class OpendataConfig(AppConfig):
    name = "maillage.opendata"
    verbose_name = "API ouverte et données"

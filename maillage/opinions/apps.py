from django.apps import AppConfig


class OpinionsConfig(AppConfig):
    name = "maillage.opinions"
    verbose_name = "Demandes d'avis"

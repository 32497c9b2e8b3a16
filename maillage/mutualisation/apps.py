from django.apps import AppConfig


class MutualisationConfig(AppConfig):
    name = "maillage.mutualisation"
    verbose_name = "Mutualisation : barèmes, scénarios et appels de contribution"

from django.apps import AppConfig


class CommissionsConfig(AppConfig):
    name = "maillage.commissions"
    verbose_name = "Commissions ouvertes"

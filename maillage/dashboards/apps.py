from django.apps import AppConfig


class DashboardsConfig(AppConfig):
    name = "maillage.dashboards"
    verbose_name = "Tableaux de bord"

from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "maillage.portal"
    verbose_name = "Portail public"

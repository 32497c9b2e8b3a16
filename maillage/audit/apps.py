from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "maillage.audit"
    verbose_name = "Journal des actions"

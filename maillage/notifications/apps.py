from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "maillage.notifications"
    verbose_name = "Notifications"

from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "maillage.meetings"
    verbose_name = "Instances et séances"

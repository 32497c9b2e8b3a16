from django.apps import AppConfig


class PollsConfig(AppConfig):
    name = "maillage.polls"
    verbose_name = "Sondages et consultations rapides"

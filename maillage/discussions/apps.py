from django.apps import AppConfig


class DiscussionsConfig(AppConfig):
    name = "maillage.discussions"
    verbose_name = "Conférence des maires : échanges"

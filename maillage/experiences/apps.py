from django.apps import AppConfig


class ExperiencesConfig(AppConfig):
    name = "maillage.experiences"
    verbose_name = "Retours d'expérience"

from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "maillage.projects"
    verbose_name = "Projets du territoire"

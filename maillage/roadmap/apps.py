from django.apps import AppConfig


class RoadmapConfig(AppConfig):
    name = "maillage.roadmap"
    verbose_name = "Projet de territoire, feuille de route et expérimentations"

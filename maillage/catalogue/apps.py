from django.apps import AppConfig


class CatalogueConfig(AppConfig):
    name = "maillage.catalogue"
    verbose_name = "Catalogue des services partagés"

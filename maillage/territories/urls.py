from django.urls import path, register_converter

from . import views


class SirenConverter:
    regex = r"[0-9]{9}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


class InseeCodeConverter:
    regex = r"[0-9]{5}|2[ABab][0-9]{3}"

    def to_python(self, value):
        return value.upper()

    def to_url(self, value):
        return value


register_converter(SirenConverter, "siren")
register_converter(InseeCodeConverter, "insee")

app_name = "territories"

urlpatterns = [
    path("recherche/", views.search, name="search"),
    path("epci/<siren:siren>/", views.epci_detail, name="epci"),
    path("communes/<insee:insee_code>/", views.commune_detail, name="commune"),
]

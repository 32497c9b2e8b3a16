from django.urls import path

# The `insee` converter is registered by the territory registry's URLs.
from maillage.territories import urls as _territory_urls  # noqa: F401

from . import feeds, views

app_name = "portal"

P = "p/<slug:slug>/"

urlpatterns = [
    path(P, views.home, name="home"),
    path(P + "carte/", views.commune_map, name="map"),
    path(P + "carte/retirer/", views.commune_map_remove, name="map_remove"),
    path(P + "seances.ics", feeds.sittings_ics, name="sittings_ics"),
    path(P + "deliberations.atom", feeds.deliberations_atom, name="deliberations_atom"),
    path("mon-territoire/", views.my_territory, name="my_territory"),
    path("mon-territoire/<insee:insee_code>/", views.territory, name="territory"),
]

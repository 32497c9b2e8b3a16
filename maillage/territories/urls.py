from django.urls import path

from . import views

app_name = "territories"

urlpatterns = [
    path("recherche/", views.search, name="search"),
    path("epci/<str:siren>/", views.epci_detail, name="epci"),
    path("communes/<str:insee_code>/", views.commune_detail, name="commune"),
]

from django.urls import path

from . import views

app_name = "dashboards"

urlpatterns = [
    path("espaces/<slug:slug>/tableau-de-bord/", views.territory, name="territory"),
    path(
        "espaces/<slug:slug>/tableau-de-bord/export.csv",
        views.territory_csv,
        name="territory_csv",
    ),
    path("espaces/<slug:slug>/tableau-de-bord/membres/", views.member_list, name="members"),
    path(
        "espaces/<slug:slug>/tableau-de-bord/membres/<int:organisation_id>/",
        views.member_page,
        name="member",
    ),
    path(
        "espaces/<slug:slug>/tableau-de-bord/membres/<int:organisation_id>/export.csv",
        views.member_csv,
        name="member_csv",
    ),
    path("espaces/<slug:slug>/ma-commune/", views.mine, name="mine"),
]

from django.urls import path

from . import views

app_name = "spaces"

urlpatterns = [
    path("espaces/", views.space_list, name="list"),
    path("espaces/nouveau/", views.open_space, name="open"),
    path("espaces/<slug:slug>/", views.space_home, name="home"),
    path("espaces/<slug:slug>/modifier/", views.edit_space, name="edit"),
    path("espaces/<slug:slug>/membres/", views.members, name="members"),
    path(
        "espaces/<slug:slug>/membres/<int:member_id>/retirer/", views.end_member, name="end_member"
    ),
    path("espaces/<slug:slug>/annuaire/", views.directory, name="directory"),
    path("espaces/<slug:slug>/personnes/", views.people, name="people"),
    path(
        "espaces/<slug:slug>/personnes/<int:person_id>/inviter/",
        views.invite_person,
        name="invite",
    ),
    path("espaces/<slug:slug>/roles/<int:role_id>/retirer/", views.end_role, name="end_role"),
    path(
        "espaces/<slug:slug>/mandats/<int:mandate_id>/delegation/",
        views.edit_mandate,
        name="edit_mandate",
    ),
    path("espaces/<slug:slug>/import-rne/", views.rne_upload, name="rne_upload"),
    path("espaces/<slug:slug>/import-rne/<int:import_id>/", views.rne_import, name="rne_import"),
    path("espaces/<slug:slug>/journal/", views.journal, name="journal"),
]

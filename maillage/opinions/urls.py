from django.urls import path

from . import views

app_name = "opinions"

urlpatterns = [
    path("espaces/<slug:slug>/avis/", views.request_list, name="list"),
    path("espaces/<slug:slug>/avis/nouvelle/", views.request_new, name="new"),
    path("espaces/<slug:slug>/avis/<int:request_id>/", views.request_detail, name="detail"),
    path("espaces/<slug:slug>/avis/<int:request_id>/modifier/", views.request_edit, name="edit"),
    path("espaces/<slug:slug>/avis/<int:request_id>/envoyer/", views.request_send, name="send"),
    path("espaces/<slug:slug>/avis/<int:request_id>/document/", views.document, name="document"),
    path("espaces/<slug:slug>/avis/<int:request_id>/avis.csv", views.request_csv, name="csv"),
    path(
        "espaces/<slug:slug>/avis/<int:request_id>/destinataires/<int:target_id>/",
        views.record_opinion,
        name="record",
    ),
    path(
        "espaces/<slug:slug>/avis/<int:request_id>/destinataires/<int:target_id>/deliberation/",
        views.deliberation,
        name="deliberation",
    ),
]

from django.urls import path

from . import public_views, views

app_name = "bulletins"

urlpatterns = [
    path("espaces/<slug:slug>/bulletin/", views.issue_list, name="list"),
    path("espaces/<slug:slug>/bulletin/nouveau/", views.issue_create, name="create"),
    path("espaces/<slug:slug>/bulletin/flux.atom", public_views.feed, name="feed"),
    path("espaces/<slug:slug>/bulletin/abonnement/", public_views.subscribe, name="subscribe"),
    path("espaces/<slug:slug>/bulletin/<int:number>/", views.issue_detail, name="detail"),
    path("espaces/<slug:slug>/bulletin/<int:number>/modifier/", views.issue_edit, name="edit"),
    path("espaces/<slug:slug>/bulletin/<int:number>/apercu/", views.email_preview, name="preview"),
    path("espaces/<slug:slug>/bulletin/<int:number>/envoyer/", views.issue_send, name="send"),
    path("espaces/<slug:slug>/bulletin/<int:number>/envois/", views.deliveries, name="deliveries"),
    path("bulletin/confirmer/<str:token>/", public_views.confirm, name="confirm"),
    path("bulletin/desabonnement/<str:token>/", public_views.unsubscribe, name="unsubscribe"),
]

from django.urls import path

from . import views

app_name = "commissions"

C = "espaces/<slug:slug>/commissions/"
B = C + "<int:body_id>/"
S = B + "seances/<int:sitting_id>/"

urlpatterns = [
    path(C, views.commission_list, name="list"),
    path(C + "mes-presences/", views.my_history, name="history"),
    path(B, views.commission_detail, name="detail"),
    path(B + "demander/", views.join, name="join"),
    path(B + "suivre/", views.follow, name="follow"),
    path(B + "reglages/", views.commission_settings, name="settings"),
    path(B + "demandes/<int:request_id>/", views.decide, name="decide"),
    path(B + "demandes/<int:request_id>/retirer/", views.withdraw, name="withdraw"),
    path(S, views.sitting_detail, name="sitting"),
    path(S + "note/", views.synthesis_note, name="note"),
    path(S + "annexes/<int:annex_id>/", views.annex_file, name="annex"),
    path(S + "remplacement/", views.replacement_new, name="replace"),
    path(
        S + "remplacement/<int:replacement_id>/retirer/",
        views.replacement_cancel,
        name="replacement_cancel",
    ),
]

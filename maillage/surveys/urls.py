from django.urls import path

from . import views

app_name = "surveys"

S = "espaces/<slug:slug>/enquetes/"
ONE = S + "<int:survey_id>/"

urlpatterns = [
    path(S, views.survey_list, name="list"),
    path(S + "nouvelle/", views.survey_create, name="create"),
    path(ONE, views.survey_detail, name="detail"),
    path(ONE + "modifier/", views.survey_edit, name="edit"),
    path(ONE + "questions/nouvelle/", views.question_add, name="question_add"),
    path(ONE + "questions/<int:question_id>/modifier/", views.question_edit, name="question_edit"),
    path(
        ONE + "questions/<int:question_id>/retirer/", views.question_delete, name="question_delete"
    ),
    path(ONE + "questions/<int:question_id>/deplacer/", views.question_move, name="question_move"),
    path(ONE + "ouvrir/", views.survey_open, name="open"),
    path(ONE + "clore/", views.survey_close, name="close"),
    path(ONE + "repondre/", views.answer, name="answer"),
    path(ONE + "resultats/", views.results, name="results"),
    path(ONE + "resultats/questions/<int:question_id>/", views.question_texts, name="texts"),
    path(ONE + "export.csv", views.export, name="export"),
    path(ONE + "fichiers/<uuid:answer_id>/", views.answer_file, name="file"),
]

from django.urls import path

from . import views

app_name = "mutualisation"

BASE = "espaces/<slug:slug>/mutualisation/"
SCALE = BASE + "baremes/<int:scale_id>/"
SCENARIO = BASE + "scenarios/<int:scenario_id>/"
COMPARE = BASE + "comparer/<int:service_id>/<int:year>/"
STATEMENT = BASE + "appels/<int:statement_id>/"
REPORT = BASE + "rapport/<int:year>/"

urlpatterns = [
    path(BASE, views.home, name="home"),
    path(BASE + "baremes/nouveau/", views.scale_new, name="scale_new"),
    path(SCALE, views.scale_detail, name="scale"),
    path(SCALE + "modifier/", views.scale_edit, name="scale_edit"),
    path(SCALE + "archiver/", views.scale_archive, name="scale_archive"),
    path(SCALE + "poids/", views.weights, name="weights"),
    path(SCALE + "poids/import/", views.weights_import, name="weights_import"),
    path(BASE + "scenarios/nouveau/", views.scenario_new, name="scenario_new"),
    path(SCENARIO, views.scenario_detail, name="scenario"),
    path(SCENARIO + "calculer/", views.scenario_compute, name="scenario_compute"),
    path(SCENARIO + "archiver/", views.scenario_archive, name="scenario_archive"),
    path(SCENARIO + "retenir/", views.scenario_choose, name="scenario_choose"),
    path(SCENARIO + "appels/", views.statements_generate, name="statements_generate"),
    path(SCENARIO + "appels/envoyer/", views.statements_send, name="statements_send"),
    path(COMPARE, views.compare, name="compare"),
    path(COMPARE + "comparaison.csv", views.compare_csv, name="compare_csv"),
    path(BASE + "appels/", views.statement_list, name="statements"),
    path(STATEMENT, views.statement_detail, name="statement"),
    path(STATEMENT + "appel.pdf", views.statement_pdf, name="statement_pdf"),
    path(STATEMENT + "appel.csv", views.statement_csv, name="statement_csv"),
    path(STATEMENT + "envoyer/", views.statement_send, name="statement_send"),
    path(STATEMENT + "corriger/", views.statement_correct, name="statement_correct"),
    path(BASE + "synthese/<int:year>/", views.summary, name="summary"),
    path(BASE + "synthese/<int:year>/synthese.csv", views.summary_csv, name="summary_csv"),
    path(REPORT, views.report, name="report"),
    path(REPORT + "rapport.pdf", views.report_pdf, name="report_pdf"),
    path(REPORT + "avis/", views.report_send, name="report_send"),
]

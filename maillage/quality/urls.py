from django.urls import path

from . import register_views, report_views, views

app_name = "quality"

P = "espaces/<slug:slug>/qualite/"

urlpatterns = [
    path(P, views.home, name="home"),
    path(P + "processus/", views.process_list, name="processes"),
    path(P + "processus/nouveau/", views.process_create, name="process_create"),
    path(P + "processus/<int:process_id>/", views.process_detail, name="process"),
    path(P + "processus/<int:process_id>/modifier/", views.process_edit, name="process_edit"),
    path(P + "processus/<int:process_id>/revue/", views.process_review, name="process_review"),
    path(
        P + "processus/<int:process_id>/document/", views.process_document, name="process_document"
    ),
    path(P + "processus/<int:process_id>/archiver/", views.process_archive, name="process_archive"),
    path(P + "indicateurs/", views.indicators, name="indicators"),
    path(P + "indicateurs.csv", views.indicators_csv, name="indicators_csv"),
    path(P + "ameliorations/", register_views.improvement_list, name="improvements"),
    path(
        P + "ameliorations/nouvelle/", register_views.improvement_create, name="improvement_create"
    ),
    path(
        P + "ameliorations/<int:improvement_id>/",
        register_views.improvement_detail,
        name="improvement",
    ),
    path(
        P + "ameliorations/<int:improvement_id>/suivi/",
        register_views.improvement_step,
        name="improvement_step",
    ),
    path(P + "rapports/", report_views.report_list, name="reports"),
    path(P + "rapports/<int:year>/", report_views.report_detail, name="report"),
    path(P + "rapports/<int:year>/produire/", report_views.report_generate, name="report_generate"),
    path(P + "rapports/<int:year>/envoyer/", report_views.report_send, name="report_send"),
    path(P + "rapports/<int:year>/rapport.pdf", report_views.report_pdf, name="report_pdf"),
]

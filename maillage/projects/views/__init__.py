"""Pages of projects; `app_urls` lists them for maillage/projects/urls.py."""

from django.urls import path

from . import export, gantt, plan, projects

P = "espaces/<slug:slug>/projets/"
ONE = P + "<int:project_id>/"

app_urls = [
    path(P, projects.project_list, name="list"),
    path(P + "nouveau/", projects.project_create, name="create"),
    path(P + "calendrier/", gantt.gantt, name="gantt"),
    path(P + "export.csv", export.project_list_csv, name="list_csv"),
    path(ONE, projects.project_detail, name="detail"),
    path(ONE + "modifier/", projects.project_edit, name="edit"),
    path(ONE + "etat/", projects.project_status, name="status"),
    path(ONE + "archiver/", projects.project_archive, name="archive"),
    path(ONE + "restaurer/", projects.project_restore, name="restore"),
    path(ONE + "suivre/", projects.project_follow, name="follow"),
    path(ONE + "meteo/", projects.project_post_update, name="post_update"),
    path(ONE + "jalons/", plan.milestones, name="milestones"),
    path(ONE + "jalons/<int:milestone_id>/", plan.milestone_edit, name="milestone"),
    path(ONE + "taches/<int:task_id>/", plan.task_done, name="task_done"),
    path(ONE + "taches/<int:task_id>/modifier/", plan.task_edit, name="task_edit"),
    path(ONE + "budget/", plan.budget, name="budget"),
    path(ONE + "budget/<int:line_id>/", plan.budget_line, name="budget_line"),
    path(ONE + "financements/<int:source_id>/retirer/", plan.funding_remove, name="funding_remove"),
    path(ONE + "indicateurs/", plan.indicators, name="indicators"),
    path(ONE + "indicateurs/<int:indicator_id>/", plan.indicator_detail, name="indicator"),
]

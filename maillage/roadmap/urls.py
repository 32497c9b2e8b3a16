from django.urls import path

from .views import experiments, roadmap, territory

app_name = "roadmap"

T = "espaces/<slug:slug>/projet-de-territoire/"
R = "espaces/<slug:slug>/feuille-de-route/"
V = R + "versions/<int:number>/"
E = "espaces/<slug:slug>/experimentations/"

urlpatterns = [
    path(T, territory.territory, name="territory"),
    path(T + "axes/nouveau/", territory.axis_create, name="axis_create"),
    path(T + "axes/<int:obj_id>/modifier/", territory.axis_edit, name="axis_edit"),
    path(T + "objectifs/nouveau/", territory.objective_create, name="objective_create"),
    path(T + "objectifs/<int:obj_id>/modifier/", territory.objective_edit, name="objective_edit"),
    path(T + "actions/nouvelle/", territory.action_create, name="action_create"),
    path(T + "actions/<int:obj_id>/modifier/", territory.action_edit, name="action_edit"),
    path(T + "<str:kind>/<int:obj_id>/deplacer/", territory.move, name="move"),
    path(T + "<str:kind>/<int:obj_id>/archiver/", territory.archive, name="archive"),
    path(R, roadmap.roadmap, name="roadmap"),
    path(R + "elements/nouveau/", roadmap.item_create, name="item_create"),
    path(R + "elements/<int:obj_id>/modifier/", roadmap.item_edit, name="item_edit"),
    path(R + "elements/<int:obj_id>/retirer/", roadmap.item_archive, name="item_archive"),
    path(R + "changements/", roadmap.changes, name="changes"),
    path(R + "versions/", roadmap.versions, name="versions"),
    path(R + "versions/proposer/", roadmap.propose, name="propose"),
    path(V, roadmap.version, name="version"),
    path(V + "adopter/", roadmap.adopt, name="adopt"),
    path(V + "retirer/", roadmap.withdraw, name="withdraw"),
    path(R + "comparer/", roadmap.compare, name="compare"),
    path(R + "adoptee/", roadmap.adopted, name="adopted"),
    path(E, experiments.experiment_list, name="experiments"),
    path(E + "nouvelle/", experiments.experiment_create, name="experiment_create"),
    path(E + "<int:obj_id>/", experiments.experiment_detail, name="experiment"),
    path(E + "<int:obj_id>/modifier/", experiments.experiment_edit, name="experiment_edit"),
    path(E + "<int:obj_id>/decision/", experiments.experiment_decide, name="experiment_decide"),
    path(E + "<int:obj_id>/archiver/", experiments.experiment_archive, name="experiment_archive"),
]

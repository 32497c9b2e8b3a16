"""The projet de territoire: the public tree with rolled-up progress, and its writing by
those who steer (axes, objectives, actions; order; archive)."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from maillage.access import space_view

from .. import perms, services
from ..forms import ActionForm, AxisForm, ObjectiveForm
from ..models import Action, Axis, Objective
from ..progress import territory_tree
from .common import project_url

KINDS = {"axes": Axis, "objectifs": Objective, "actions": Action}
SPACE_PATH = {Axis: "space", Objective: "axis__space", Action: "objective__axis__space"}


def _tree_url(space, element=None):
    url = reverse("roadmap:territory", args=[space.slug])
    if element is not None:
        url += f"#{element._meta.model_name}-{element.pk}"
    return url


def _element(space, kind, pk):
    model = KINDS.get(kind)
    if model is None:
        raise Http404
    return get_object_or_404(model, pk=pk, **{SPACE_PATH[model]: space})


# Up to this many actions the page shows them all; beyond, it shows the axes and objectives
# with their progress, and the actions of one axis at a time (?axe=) *(choice: a page of a
# thousand actions is slow to send and to read on a phone)*.
FULL_LIMIT = 200


@space_view(perms.can_view_territory_project)
def territory(request, space):
    can_edit = perms.can_edit_territory_project(request.user, space)
    tree = territory_tree(space, public=not perms.can_see_private_projects(request.user, space))
    collapsed = tree.action_count > FULL_LIMIT
    chosen = request.GET.get("axe", "")
    expanded = None
    for axis in tree.axes:
        axis.action_count = sum(len(objective.children) for objective in axis.children)
        axis.expanded = not collapsed or str(axis.obj.pk) == chosen
        if not axis.expanded:
            continue
        if collapsed:
            expanded = axis
        for objective in axis.children:
            for action in objective.children:
                for ref in action.projects:
                    ref.url = project_url(space, ref.pk)
    return render(
        request,
        "roadmap/territory.html",
        {
            "space": space,
            "tree": tree,
            "can_edit": can_edit,
            "collapsed": collapsed,
            "expanded": expanded,
        },
    )


def _form_page(request, space, form, *, heading, button, element=None, kind=""):
    return render(
        request,
        "roadmap/element_form.html",
        {"space": space, "form": form, "heading": heading, "button": button,
         "element": element, "kind": kind},
    )  # fmt: skip


def _saved(request, space, element, text):
    messages.success(request, text)
    return redirect(_tree_url(space, element))


# --- Axes ----------------------------------------------------------------------------------------


@space_view(perms.can_edit_territory_project, need=perms.NEED_STEER)
def axis_create(request, space):
    form = AxisForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            axis = services.create_axis(actor=request.user, space=space, **form.cleaned_data)
        except services.RoadmapError as error:
            form.add_error(None, str(error))
        else:
            return _saved(request, space, axis, "L'axe est ajouté au projet de territoire.")
    return _form_page(request, space, form, heading="Nouvel axe", button="Ajouter l'axe")


@space_view(perms.can_edit_territory_project, need=perms.NEED_STEER)
def axis_edit(request, space, obj_id):
    axis = _element(space, "axes", obj_id)
    initial = {"title": axis.title, "description": axis.description}
    form = AxisForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_axis(actor=request.user, axis=axis, **form.cleaned_data)
        except services.RoadmapError as error:
            form.add_error(None, str(error))
        else:
            return _saved(request, space, axis, "L'axe est modifié.")
    return _form_page(request, space, form, heading=f"Modifier l'axe « {axis.title} »",
                      button="Enregistrer", element=axis, kind="axes")  # fmt: skip


# --- Objectives ----------------------------------------------------------------------------------


@space_view(perms.can_edit_territory_project, need=perms.NEED_STEER)
def objective_create(request, space):
    form = ObjectiveForm(
        request.POST or None, space=space, initial={"axis": request.GET.get("axe")}
    )
    if request.method == "POST" and form.is_valid():
        try:
            objective = services.create_objective(
                actor=request.user, space=space, **form.cleaned_data
            )
        except services.RoadmapError as error:
            form.add_error(None, str(error))
        else:
            return _saved(request, space, objective, "L'objectif est ajouté.")
    return _form_page(request, space, form, heading="Nouvel objectif",
                      button="Ajouter l'objectif")  # fmt: skip


@space_view(perms.can_edit_territory_project, need=perms.NEED_STEER)
def objective_edit(request, space, obj_id):
    objective = _element(space, "objectifs", obj_id)
    initial = {"axis": objective.axis_id, "title": objective.title,
               "description": objective.description}  # fmt: skip
    form = ObjectiveForm(request.POST or None, space=space, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_objective(actor=request.user, objective=objective, **form.cleaned_data)
        except services.RoadmapError as error:
            form.add_error(None, str(error))
        else:
            return _saved(request, space, objective, "L'objectif est modifié.")
    return _form_page(request, space, form, heading=f"Modifier l'objectif « {objective.title} »",
                      button="Enregistrer", element=objective, kind="objectifs")  # fmt: skip


# --- Actions -------------------------------------------------------------------------------------


@space_view(perms.can_edit_territory_project, need=perms.NEED_STEER)
def action_create(request, space):
    initial = {"objective": request.GET.get("objectif")}
    form = ActionForm(request.POST or None, space=space, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            action = services.create_action(actor=request.user, space=space, **form.cleaned_data)
        except services.RoadmapError as error:
            form.add_error(None, str(error))
        else:
            return _saved(request, space, action, "L'action est ajoutée.")
    return _form_page(request, space, form, heading="Nouvelle action", button="Ajouter l'action")


@space_view(perms.can_edit_territory_project, need=perms.NEED_STEER)
def action_edit(request, space, obj_id):
    action = _element(space, "actions", obj_id)
    linked = list(action.projects.all())
    initial = {"objective": action.objective_id, "title": action.title,
               "description": action.description, "projects": linked}  # fmt: skip
    form = ActionForm(request.POST or None, space=space, linked=linked, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_action(actor=request.user, action=action, **form.cleaned_data)
        except services.RoadmapError as error:
            form.add_error(None, str(error))
        else:
            return _saved(request, space, action, "L'action est modifiée.")
    return _form_page(request, space, form, heading=f"Modifier l'action « {action.title} »",
                      button="Enregistrer", element=action, kind="actions")  # fmt: skip


# --- Order and archive ---------------------------------------------------------------------------


@space_view(perms.can_edit_territory_project, need=perms.NEED_STEER)
@require_POST
def move(request, space, kind, obj_id):
    element = _element(space, kind, obj_id)
    try:
        services.move_element(
            actor=request.user, element=element, direction=request.POST.get("direction", "")
        )
    except services.RoadmapError as error:
        messages.error(request, str(error))
    return redirect(_tree_url(space, element))


@space_view(perms.can_edit_territory_project, need=perms.NEED_STEER)
@require_POST
def archive(request, space, kind, obj_id):
    element = _element(space, kind, obj_id)
    try:
        services.archive_element(actor=request.user, element=element)
    except services.RoadmapError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, f"« {element.title} » est archivé, avec ce qu'il contient ; rien n'est perdu."
        )
    return redirect(_tree_url(space))

"""Pages of projects: the list, creating (from a need or a thread), the project page, editing
its card, changing its status, archiving and restoring, following, posting a status update."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from maillage.access import space_view
from maillage.discussions.models import Thread
from maillage.needs.models import Need
from maillage.spaces.perms import person_of
from maillage.territories.models import Organisation

from .. import perms, services
from ..forms import ProjectForm, StatusForm, UpdateForm
from ..models import Follow, Project, ProjectStatus, Weather
from ..progress import budget_totals, progress_by_project
from .common import project_view
from .plan import with_latest

PAGE_SIZE = 50


def visible_projects(user, space):
    """The projects of the space a user sees: all of them for people of the space, the public
    ones for the others."""
    queryset = Project.objects.filter(space=space)
    if not perms.can_see_all_projects(user, space):
        queryset = queryset.filter(is_public=True)
    return queryset


def list_filters(request, space):
    """The status, météo and commune filters of the list and the timeline."""
    status = request.GET.get("etat", "")
    weather = request.GET.get("meteo", "")
    commune = request.GET.get("commune", "")
    communes = list(
        Organisation.objects.filter(pk__in=space.members.current().values("organisation_id"))
        .order_by("name")
        .only("pk", "name")
    )
    return {
        "status": status if status in ProjectStatus.values else "",
        "weather": weather if weather in Weather.values else "",
        "commune": commune if commune in {str(c.pk) for c in communes} else "",
        "communes": communes,
        "statuses": ProjectStatus.choices,
        "weathers": Weather.choices,
    }


def filtered(queryset, filters):
    if filters["status"]:
        queryset = queryset.filter(status=filters["status"])
    if filters["weather"]:
        queryset = queryset.filter(weather=filters["weather"])
    if filters["commune"]:
        queryset = queryset.filter(communes__pk=int(filters["commune"]))
    return queryset


@space_view()
def project_list(request, space):
    archived = request.GET.get("archives") == "1" and perms.can_see_all_projects(
        request.user, space
    )
    filters = list_filters(request, space)
    queryset = filtered(visible_projects(request.user, space), filters).filter(
        archived_at__isnull=not archived
    )
    queryset = queryset.select_related("lead_person", "lead_organisation").prefetch_related(
        Prefetch("communes", queryset=Organisation.objects.only("pk", "name").order_by("name"))
    )
    page = Paginator(queryset.order_by("title", "pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    progress = progress_by_project([p.pk for p in page])
    for project in page:
        project.progress = progress.get(project.pk, 0)
    return render(
        request,
        "projects/project_list.html",
        {
            "space": space,
            "page": page,
            "filters": filters,
            "archived": archived,
            "keep": [("archives", "1")] if archived else [],
            "can_create": perms.can_create_project(request.user, space),
            "sees_all": perms.can_see_all_projects(request.user, space),
        },
    )


def _origin(request, space):
    """The need or the conference thread a new project starts from (?besoin= / ?discussion=)."""
    need = thread = None
    raw_need = request.POST.get("besoin") or request.GET.get("besoin") or ""
    raw_thread = request.POST.get("discussion") or request.GET.get("discussion") or ""
    if raw_need.isdigit():
        need = Need.objects.filter(space=space, pk=int(raw_need)).first()
    if raw_thread.isdigit():
        thread = Thread.objects.filter(space=space, pk=int(raw_thread)).first()
    return need, thread


@space_view(perms.can_create_project, need=perms.NEED_CREATE)
def project_create(request, space):
    need, thread = _origin(request, space)
    initial = {"status": ProjectStatus.IDEA}
    if need is not None:
        initial |= {
            "title": need.title,
            "description": need.description,
            "communes": [need.organisation_id],
            "lead_organisation": need.organisation_id,
        }
    elif thread is not None:
        initial |= {"title": thread.title, "description": thread.body}
    form = ProjectForm(request.POST or None, space=space, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            project = services.create_project(
                actor=request.user,
                space=space,
                need=need,
                thread=thread,
                communes=list(data["communes"]),
                participants=list(data["participants"]),
                **{key: data[key] for key in data if key not in ("communes", "participants")},
            )
        except services.ProjectError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Le projet est créé.")
            return redirect(project)
    return render(
        request,
        "projects/project_form.html",
        {"space": space, "form": form, "need": need, "thread": thread, "project": None},
    )


@project_view(perms.can_view_project)
def project_detail(request, project):
    user = request.user
    milestones = list(project.milestones.all())
    indicators = with_latest(project.indicators.all())
    person = person_of(user)
    following = bool(person) and Follow.objects.filter(project=project, person=person).exists()
    context = {
        "space": project.space,
        "project": project,
        "progress": progress_by_project([project.pk]).get(project.pk, 0),
        "milestones": milestones,
        "milestones_done": sum(1 for m in milestones if m.is_done),
        "tasks_open": project.tasks.filter(done_at__isnull=True).count(),
        "budget": budget_totals([project.pk]),
        "funding": list(project.funding_sources.all()),
        "indicators": indicators,
        "updates": list(project.updates.select_related("author")[:10]),
        "changes": list(project.status_changes.select_related("changed_by")[:10]),
        "communes": list(project.communes.order_by("name")),
        "participants": list(project.participants.order_by("last_name", "first_name")),
        "followers": project.follows.count(),
        "following": following,
        "can_manage": perms.can_edit(user, project),
        "can_contribute": perms.can_contribute(user, project),
        "can_follow": perms.can_follow(user, project),
        "can_archive": perms.can_archive(user, project),
        "can_restore": perms.can_restore(user, project),
        "update_form": UpdateForm() if perms.can_contribute(user, project) else None,
    }
    return render(request, "projects/project_detail.html", context)


@project_view(perms.can_edit, need=perms.NEED_MANAGE)
def project_edit(request, project):
    initial = {
        "title": project.title,
        "description": project.description,
        "start_date": project.start_date,
        "end_date": project.end_date,
        "lead_organisation": project.lead_organisation_id,
        "lead_person": project.lead_person_id,
        "communes": list(project.communes.values_list("pk", flat=True)),
        "participants": list(project.participants.values_list("pk", flat=True)),
        "body": project.body_id,
        "competence": project.competence_id,
        "is_public": project.is_public,
    }
    form = ProjectForm(request.POST or None, space=project.space, editing=True, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        communes, participants = list(data.pop("communes")), list(data.pop("participants"))
        try:
            services.update_project(
                actor=request.user,
                project=project,
                communes=communes,
                participants=participants,
                **data,
            )
        except services.ProjectError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Le projet est modifié.")
            return redirect(project)
    return render(
        request,
        "projects/project_form.html",
        {"space": project.space, "form": form, "project": project},
    )


@project_view(perms.can_edit, need=perms.NEED_MANAGE)
def project_status(request, project):
    form = StatusForm(request.POST or None, initial={"status": project.status})
    if request.method == "POST" and form.is_valid():
        try:
            services.change_status(
                actor=request.user,
                project=project,
                status=form.cleaned_data["status"],
                reason=form.cleaned_data["reason"],
            )
        except services.ProjectError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Le projet est « {project.get_status_display()} ».")
            return redirect(project)
    return render(
        request,
        "projects/status_form.html",
        {"space": project.space, "project": project, "form": form},
    )


@project_view(perms.can_archive, need=perms.NEED_MANAGE)
@require_POST
def project_archive(request, project):
    services.archive_project(actor=request.user, project=project)
    messages.success(
        request, "Le projet est archivé : il quitte les listes et reste consultable ici."
    )
    return redirect(project)


@project_view(perms.can_restore, need=perms.NEED_MANAGE)
@require_POST
def project_restore(request, project):
    services.restore_project(actor=request.user, project=project)
    messages.success(request, "Le projet est restauré : il revient dans les listes.")
    return redirect(project)


@project_view(perms.can_follow, need=perms.NEED_FOLLOW)
@require_POST
def project_follow(request, project):
    try:
        if request.POST.get("action") == "ne-plus-suivre":
            services.unfollow(actor=request.user, project=project)
            messages.success(request, "Vous ne suivez plus ce projet.")
        else:
            services.follow(actor=request.user, project=project)
            messages.success(
                request, "Vous suivez ce projet : ses points d'étape vous seront signalés."
            )
    except services.ProjectError as error:
        messages.info(request, str(error))
    return redirect(project)


@project_view(perms.can_contribute, need=perms.NEED_CONTRIBUTE)
def project_post_update(request, project):
    form = UpdateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.post_update(
                actor=request.user,
                project=project,
                weather=form.cleaned_data["weather"],
                text=form.cleaned_data["text"],
            )
        except services.ProjectError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Le point d'étape est publié ; les abonnés sont prévenus.")
            return redirect(project)
    return render(
        request,
        "projects/update_form.html",
        {"space": project.space, "project": project, "form": form},
    )

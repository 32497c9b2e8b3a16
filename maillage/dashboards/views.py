"""Pages of the dashboards: the territory's, the list of member organisations, « Ma commune
dans l'interco » for each of them, and their CSV exports. Read-only pages: no form, nothing
written. Every chart is followed by the table of its figures."""

from django.core.paginator import Paginator
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from maillage.access import deny, space_view
from maillage.spaces.models import SpaceMember

from . import agenda, charts, export, member, participation, perms, steering

PAGE_SIZE = 50


def _page(queryset, request, name="page"):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get(name))


def territory_figures(user, space, today):
    """Everything the territory's dashboard shows but its paginated lists."""
    projects = steering.visible_projects(user, space)
    status_rows = steering.by_status(projects)
    weather_rows = steering.by_weather(projects)
    budget = steering.budget(projects)
    roadmap = steering.roadmap(space)
    attendance = participation.attendance_by_body(space, today)
    return {
        "projects": projects,
        "status_rows": status_rows,
        "project_total": sum(n for _, n in status_rows),
        "weather_rows": weather_rows,
        "budget": budget,
        "roadmap": roadmap,
        "attendance": attendance,
        "surveys_in_window": participation.surveys_in_window(space, today).count(),
    }


@space_view(perms.can_view_territory_dashboard, need=perms.NEED_TERRITORY)
def territory(request, space):
    today = timezone.localdate()
    figures = territory_figures(request.user, space, today)
    projects = figures["projects"]
    member_page = _page(member.members(space), request, "membres")
    rows = participation.member_participation(
        space, [m.organisation_id for m in member_page], today
    )
    for row in member_page:
        row.figures = rows[row.organisation_id]
    budget = figures["budget"]
    context = {
        "space": space,
        "today": today,
        "window_start": participation.window_start(today),
        **figures,
        "late_page": _page(steering.late_milestones(projects, today), request, "jalons"),
        "member_page": member_page,
        "sittings": agenda.upcoming_sittings(request.user, space),
        "deadlines": agenda.deadlines(request.user, space),
        "own_members": member.own_members(request.user, space),
        "status_chart": charts.bar_chart(
            "projets-etat", "Projets par état", figures["status_rows"], unit="projets"
        ),
        "weather_chart": charts.stacked_bar(
            "projets-meteo", "Météo des projets en cours", figures["weather_rows"]
        ),
        "budget_chart": charts.bar_chart(
            "budget",
            "Budget des projets (en euros)",
            [
                ("Prévu", budget.planned),
                ("Engagé", budget.committed),
                ("Dépensé", budget.spent),
            ],
            unit="€",
        ),
        "roadmap_chart": charts.stacked_bar(
            "feuille-de-route", "Éléments de la feuille de route par état", figures["roadmap"].rows
        ),
        "roadmap_progress": charts.progress_bar(
            "feuille-de-route-avancement",
            "Avancement de la feuille de route",
            figures["roadmap"].percent if figures["roadmap"].counted else None,
        ),
        "attendance_chart": charts.bar_chart(
            "presence",
            "Taux de présence des membres titulaires par instance (12 derniers mois)",
            [(row.name, row.rate) for row in figures["attendance"]],
            unit="%",
        ),
    }
    return render(request, "dashboards/territory.html", context)


@space_view(perms.can_export, need=perms.NEED_TERRITORY)
def territory_csv(request, space):
    today = timezone.localdate()
    figures = territory_figures(request.user, space, today)
    lines = export.territory_lines(request.user, space, figures, today)
    return _csv(lines, f"tableau-de-bord-{space.slug}-{today:%Y-%m-%d}.csv")


@space_view(perms.can_view_territory_dashboard, need=perms.NEED_MEMBER)
def member_list(request, space):
    return render(
        request,
        "dashboards/member_list.html",
        {
            "space": space,
            "page": _page(member.members(space), request),
            "own_members": member.own_members(request.user, space),
        },
    )


@space_view(perms.can_view_territory_dashboard, need=perms.NEED_MEMBER)
def mine(request, space):
    """A mayor (an élu of one member) lands on their own organisation's page; anyone else, or
    an élu of several members, on the list of members."""
    own = member.own_members(request.user, space)
    if len(own) == 1:
        return redirect("dashboards:member", space.slug, own[0].pk)
    return redirect("dashboards:members", space.slug)


def _member_or_404(space, organisation_id):
    membership = (
        SpaceMember.objects.current()
        .filter(space=space, organisation_id=organisation_id)
        .select_related("organisation")
        .first()
    )
    if membership is None:
        raise Http404("Cette organisation n'est pas membre de l'espace.")
    return membership.organisation


@space_view(perms.can_view_territory_dashboard, need=perms.NEED_MEMBER)
def member_page(request, space, organisation_id):
    organisation = _member_or_404(space, organisation_id)
    if not perms.can_view_member_dashboard(request.user, space, organisation):
        return deny(request, perms.NEED_MEMBER)
    today = timezone.localdate()
    project_page = _page(member.projects_of(request.user, space, organisation), request)
    steering.with_progress(list(project_page))
    needs, shared = member.needs_of(space, organisation)
    seats = participation.seats_of_member(space, organisation, today)
    figures = participation.member_participation(space, [organisation.pk], today)[organisation.pk]
    project_status = steering.by_status(member.projects_of(request.user, space, organisation))
    context = {
        "space": space,
        "organisation": organisation,
        "today": today,
        "window_start": participation.window_start(today),
        "project_page": project_page,
        "project_status": project_status,
        "project_total": sum(n for _, n in project_status),
        "status_chart": charts.bar_chart(
            "commune-projets",
            f"Projets qui concernent {organisation.name}, par état",
            project_status,
            unit="projets",
        ),
        "seats": seats,
        "seats_chart": charts.bar_chart(
            "commune-presence",
            "Taux de présence des élus par siège (12 derniers mois)",
            [
                (f"{seat.person} — {seat.body.name}", seat.rate)
                for seat in seats
                if seat.rate is not None
            ],
            unit="%",
        ),
        "needs_page": _page(needs, request, "besoins"),
        "shared_needs": list(shared[: member.LIMIT]),
        "subscriptions": list(member.subscriptions_of(space, organisation, today)[: member.LIMIT]),
        "statements": list(member.statements_of(space, organisation)[: member.LIMIT]),
        "figures": figures,
        "surveys_in_window": participation.surveys_in_window(space, today).count(),
        "is_own": organisation in member.own_members(request.user, space),
    }
    return render(request, "dashboards/member.html", context)


@space_view(perms.can_export, need=perms.NEED_MEMBER)
def member_csv(request, space, organisation_id):
    organisation = _member_or_404(space, organisation_id)
    if not perms.can_view_member_dashboard(request.user, space, organisation):
        return deny(request, perms.NEED_MEMBER)
    today = timezone.localdate()
    lines = export.member_lines(request.user, space, organisation, today)
    return _csv(lines, f"ma-commune-{organisation.pk}-{today:%Y-%m-%d}.csv")


def _csv(lines, filename):
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response

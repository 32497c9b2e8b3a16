"""Pages of needs: the list (filters, grouping by the agents), expressing a need (possibly
from a conference thread), the need page (« nous aussi », status, services answering it),
the aggregated view by theme or group with its chart and CSV, and the space's themes.

Every form works without JavaScript."""

import functools

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, path, reverse
from django.views.decorators.http import require_POST

from maillage.access import deny, space_view

from . import perms, rules, services, summary
from .forms import FilterForm, GroupForm, NeedForm, StatusForm, SupportForm, ThemeForm
from .models import Need, Status, Support

PAGE_SIZE = 50


def need_view(permission=None, need_text=""):
    """Load `slug` and `need_id`; the user must see the space's needs, then `permission`."""

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, slug, need_id, *args, **kwargs):
            need = get_object_or_404(
                Need.objects.select_related("space__organisation", "organisation", "group"),
                pk=need_id,
                space__slug=slug,
            )
            if not perms.can_view_need(request.user, need):
                return deny(request, perms.NEED_VIEW)
            if permission is not None and not permission(request.user, need):
                return deny(request, need_text)
            return view(request, need, *args, **kwargs)

        return wrapper

    return decorator


def project_url(space, **query) -> str:
    """The projects app's creation page, once it exists."""
    try:
        base = reverse("projects:create", args=[space.slug])
    except NoReverseMatch:
        return ""
    key, value = next(iter(query.items()))
    return f"{base}?{key}={value}"


def _all_themes(space):
    used = Need.objects.in_space(space).values_list("theme", flat=True).distinct()
    return sorted(set(services.theme_names(space)) | set(used), key=str.casefold)


def _filter_form(request, space):
    form = FilterForm(
        request.GET or None,
        themes=_all_themes(space),
        organisations=summary.member_organisations(space),
    )
    data = form.cleaned_data if form.is_valid() else {}
    return form, data


# --- List ---------------------------------------------------------------------------------------


@space_view(perms.can_view_needs, need=perms.NEED_VIEW)
def need_list(request, space):
    form, data = _filter_form(request, space)
    queryset = summary.filter_needs(summary.needs_for_list(space), data)
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    can_manage = perms.can_manage_needs(request.user, space)
    return render(
        request,
        "needs/need_list.html",
        {
            "space": space,
            "page": page,
            "filter_form": form,
            "can_express": perms.can_express_need(request.user, space),
            "can_manage": can_manage,
            "group_form": GroupForm(space=space) if can_manage else None,
        },
    )


@space_view(perms.can_manage_needs, need=perms.NEED_MANAGE)
@require_POST
def need_group(request, space):
    form = GroupForm(request.POST, space=space)
    ids = [int(i) for i in request.POST.getlist("besoin") if i.isdigit()]
    needs = list(Need.objects.in_space(space).filter(pk__in=ids))
    if form.is_valid():
        try:
            group = services.group_needs(
                actor=request.user,
                space=space,
                needs=needs,
                group=form.cleaned_data["group"],
                title=form.cleaned_data["title"],
            )
        except services.NeedError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request, f"{len(needs)} besoin(s) dans le regroupement « {group.title} »."
            )
    else:
        messages.error(request, "Choisissez un regroupement existant ou nommez-en un nouveau.")
    return redirect(f"{reverse('needs:list', args=[space.slug])}?{request.GET.urlencode()}")


# --- Expressing and editing ---------------------------------------------------------------------


def _thread_from(request, space):
    """The conference thread of `?discussion=<pk>`, when the user may read it."""
    from maillage.discussions import perms as discussion_perms
    from maillage.discussions.models import Thread

    pk = request.POST.get("discussion") or request.GET.get("discussion")
    if not pk or not str(pk).isdigit():
        return None
    thread = Thread.objects.filter(space=space, pk=pk).select_related("theme").first()
    if thread is None or not discussion_perms.can_read(request.user, space):
        return None
    return thread


@space_view(perms.can_express_need, need=perms.NEED_EXPRESS)
def need_create(request, space):
    organisations = perms.acting_organisations(request.user, space)
    themes = services.theme_names(space)
    thread = _thread_from(request, space)
    initial = {}
    if thread is not None:
        initial = {
            "title": thread.title,
            "description": f"{thread.body}\n\n*D'après l'échange de la conférence des maires "
            f"« {thread.title} ».*",
        }
        if thread.theme.name in themes:
            initial["theme"] = thread.theme.name
    form = NeedForm(
        request.POST or None, organisations=organisations, themes=themes, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        chosen = next(o for o in organisations if o.pk == data["organisation"])
        try:
            need = services.express_need(
                actor=request.user,
                space=space,
                organisation=chosen,
                theme=data["theme"],
                title=data["title"],
                description=data["description"],
                urgency=data["urgency"],
                current_cost=data["current_cost"],
                workaround=data["workaround"],
                thread=thread,
            )
        except services.NeedError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                "Le besoin est enregistré ; les autres membres peuvent dire « nous aussi ».",
            )
            return redirect(need)
    return render(
        request,
        "needs/need_form.html",
        {"space": space, "form": form, "thread": thread, "need": None},
    )


@need_view(perms.can_edit_need, perms.NEED_EDIT)
def need_edit(request, need):
    themes = sorted(set(services.theme_names(need.space)) | {need.theme}, key=str.casefold)
    initial = {
        "theme": need.theme,
        "title": need.title,
        "description": need.description,
        "urgency": need.urgency,
        "current_cost": need.current_cost,
        "workaround": need.workaround,
    }
    form = NeedForm(request.POST or None, themes=themes, editing=True, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.edit_need(actor=request.user, need=need, **form.cleaned_data)
        except services.NeedError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Le besoin est modifié.")
            return redirect(need)
    return render(
        request,
        "needs/need_form.html",
        {"space": need.space, "form": form, "need": need, "thread": None},
    )


# --- The need page ------------------------------------------------------------------------------


def _page(request, need, *, support_form=None, status_form=None, status=200):
    user = request.user
    supports = list(need.supports.filter(withdrawn_at__isnull=True).select_related("organisation"))
    organisations = [
        o
        for o in perms.support_organisations(user, need)
        if o.pk not in {s.organisation_id for s in supports}
    ]
    if support_form is None and organisations and need.status != Status.DROPPED:
        support_form = SupportForm(organisations=organisations)
    can_manage = perms.can_manage_needs(user, need.space)
    if status_form is None and can_manage:
        status_form = StatusForm(initial={"status": need.status, "reason": need.status_reason})
    mine = {o.pk for o in perms.acting_organisations(user, need.space)}
    contributions = summary.contributions(Need.objects.filter(pk=need.pk))
    rows = rules.aggregate(contributions)
    context = {
        "space": need.space,
        "need": need,
        "supports": supports,
        "withdrawable": {s.pk for s in supports if s.organisation_id in mine},
        "support_form": support_form,
        "status_form": status_form,
        "can_edit": perms.can_edit_need(user, need),
        "can_manage": can_manage,
        "services": list(need.services.order_by("name")),
        "project_url": project_url(need.space, besoin=need.pk)
        if perms.can_start_project(user, need.space)
        else "",
        "totals": rows[0] if rows else None,
        "thread": need.thread,
    }
    return render(request, "needs/need_detail.html", context, status=status)


@need_view()
def need_detail(request, need):
    return _page(request, need)


@need_view(perms.can_support, perms.NEED_SUPPORT)
@require_POST
def need_support(request, need):
    organisations = perms.support_organisations(request.user, need)
    form = SupportForm(request.POST, organisations=organisations)
    if not form.is_valid():
        return _page(request, need, support_form=form)
    chosen = next(o for o in organisations if o.pk == form.cleaned_data["organisation"])
    try:
        services.support_need(
            actor=request.user,
            need=need,
            organisation=chosen,
            current_cost=form.cleaned_data["current_cost"],
            remark=form.cleaned_data["remark"],
        )
    except services.NeedError as error:
        form.add_error(None, str(error))
        return _page(request, need, support_form=form)
    messages.success(request, f"« Nous aussi » est enregistré pour {chosen.name}.")
    return redirect(need)


@need_view()
@require_POST
def need_withdraw_support(request, need, support_id):
    support = get_object_or_404(
        Support.objects.select_related("organisation"), pk=support_id, need=need
    )
    if not perms.can_withdraw_support(request.user, support):
        return deny(request, "Seuls les élus, agents et référents de l'organisation retirent "
                    "son « nous aussi ».")  # fmt: skip
    try:
        services.withdraw_support(actor=request.user, support=support)
    except services.NeedError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Le « nous aussi » de {support.organisation.name} est retiré.")
    return redirect(need)


@need_view(lambda user, need: perms.can_manage_needs(user, need.space), perms.NEED_MANAGE)
@require_POST
def need_status(request, need):
    form = StatusForm(request.POST)
    if not form.is_valid():
        return _page(request, need, status_form=form)
    try:
        services.set_status(actor=request.user, need=need, **form.cleaned_data)
    except services.NeedError as error:
        form.add_error(None, str(error))
        return _page(request, need, status_form=form)
    messages.success(request, "L'état du besoin est changé ; son auteur est prévenu.")
    return redirect(need)


@need_view(lambda user, need: perms.can_manage_needs(user, need.space), perms.NEED_MANAGE)
@require_POST
def need_ungroup(request, need):
    try:
        services.ungroup_need(actor=request.user, need=need)
    except services.NeedError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Le besoin est sorti de son regroupement.")
    return redirect(need)


# --- Aggregated view ----------------------------------------------------------------------------


def _by(request) -> str:
    return "group" if request.GET.get("par") == "regroupement" else "theme"


@space_view(perms.can_view_needs, need=perms.NEED_VIEW)
def need_summary(request, space):
    form, data = _filter_form(request, space)
    by = _by(request)
    rows, total = summary.summarise(summary.filter_needs(Need.objects.in_space(space), data), by=by)
    return render(
        request,
        "needs/need_summary.html",
        {
            "space": space,
            "filter_form": form,
            "rows": rows,
            "total": total,
            "bars": rules.bars(rows),
            "chart_height": len(rows) * 46,
            "by": by,
            "query": request.GET.urlencode(),
        },
    )


@space_view(perms.can_view_needs, need=perms.NEED_VIEW)
def need_summary_csv(request, space):
    _, data = _filter_form(request, space)
    by = _by(request)
    rows, total = summary.summarise(summary.filter_needs(Need.objects.in_space(space), data), by=by)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="besoins-{space.slug}.csv"'
    response.write("\ufeff")  # a BOM, so that spreadsheets read the accents
    return summary.write_summary_csv(response, rows, total, by=by)


# --- Themes -------------------------------------------------------------------------------------


@space_view(perms.can_manage_needs, need=perms.NEED_MANAGE)
def need_themes(request, space):
    if request.method == "POST" and "archiver" in request.POST:
        name = request.POST["archiver"]
        try:
            services.archive_theme(actor=request.user, space=space, name=name)
        except services.NeedError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, f"Le thème « {name} » n'est plus proposé.")
        return redirect("needs:themes", space.slug)
    form = ThemeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_theme(actor=request.user, space=space, name=form.cleaned_data["name"])
        except services.NeedError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Le thème est ajouté.")
            return redirect("needs:themes", space.slug)
    return render(
        request,
        "needs/need_themes.html",
        {"space": space, "form": form, "themes": services.theme_names(space)},
    )


app_urls = [
    path("espaces/<slug:slug>/besoins/", need_list, name="list"),
    path("espaces/<slug:slug>/besoins/nouveau/", need_create, name="create"),
    path("espaces/<slug:slug>/besoins/regrouper/", need_group, name="group"),
    path("espaces/<slug:slug>/besoins/synthese/", need_summary, name="summary"),
    path("espaces/<slug:slug>/besoins/synthese.csv", need_summary_csv, name="summary_csv"),
    path("espaces/<slug:slug>/besoins/themes/", need_themes, name="themes"),
    path("espaces/<slug:slug>/besoins/<int:need_id>/", need_detail, name="detail"),
    path("espaces/<slug:slug>/besoins/<int:need_id>/modifier/", need_edit, name="edit"),
    path("espaces/<slug:slug>/besoins/<int:need_id>/nous-aussi/", need_support, name="support"),
    path(
        "espaces/<slug:slug>/besoins/<int:need_id>/nous-aussi/<int:support_id>/retirer/",
        need_withdraw_support,
        name="withdraw_support",
    ),
    path("espaces/<slug:slug>/besoins/<int:need_id>/etat/", need_status, name="status"),
    path("espaces/<slug:slug>/besoins/<int:need_id>/degrouper/", need_ungroup, name="ungroup"),
]

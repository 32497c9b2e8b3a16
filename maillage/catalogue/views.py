"""Pages of the catalogue: the list of shared services, creating and editing one, its page
(the needs it answers, its subscribers with the totals of units, CSV), opening and closing
it, subscribing a member or all the communes of an EPCI, changing units, ending.

Every form works without JavaScript."""

import csv
import functools

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_POST

from maillage.access import deny, space_view

from . import perms, services
from .forms import (
    CatalogueFilterForm,
    CloseForm,
    EndForm,
    EpciSubscribeForm,
    ServiceForm,
    SubscribeForm,
    UnitsForm,
)
from .models import Service, ServiceStatus, Subscription

PAGE_SIZE = 50


def service_view(permission=None, need=""):
    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, slug, service_id, *args, **kwargs):
            service = get_object_or_404(
                Service.objects.select_related("space__organisation"),
                pk=service_id,
                space__slug=slug,
            )
            if not perms.can_view_catalogue(request.user, service.space):
                return deny(request, perms.NEED_VIEW)
            if permission is not None and not permission(request.user, service):
                return deny(request, need)
            return view(request, service, *args, **kwargs)

        return wrapper

    return decorator


def subscription_view(view):
    @functools.wraps(view)
    def wrapper(request, slug, subscription_id):
        subscription = get_object_or_404(
            Subscription.objects.select_related(
                "service__space__organisation", "organisation", "paid_by"
            ),
            pk=subscription_id,
            service__space__slug=slug,
        )
        if not perms.can_view_catalogue(request.user, subscription.service.space):
            return deny(request, perms.NEED_VIEW)
        if not perms.can_change_subscription(request.user, subscription):
            return deny(request, perms.NEED_SUBSCRIBE)
        return view(request, subscription)

    return wrapper


# --- List ---------------------------------------------------------------------------------------


@space_view(perms.can_view_catalogue, need=perms.NEED_VIEW)
def service_list(request, space):
    form = CatalogueFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    queryset = Service.objects.in_space(space).with_subscription_counts()
    if data.get("category"):
        queryset = queryset.filter(category=data["category"])
    status = data.get("status")
    if not status:
        queryset = queryset.exclude(status=ServiceStatus.CLOSED)
    elif status != "tous":
        queryset = queryset.filter(status=status)
    queryset = queryset.annotate(
        need_count=Coalesce(
            Subquery(
                Service.needs.through.objects.filter(service=OuterRef("pk"))
                .order_by()
                .values("service")
                .annotate(n=Count("pk"))
                .values("n")
            ),
            0,
        )
    )
    page = Paginator(queryset.order_by("category", "name", "pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "catalogue/service_list.html",
        {
            "space": space,
            "page": page,
            "filter_form": form,
            "can_manage": perms.can_manage_catalogue(request.user, space),
        },
    )


# --- Creating and editing -----------------------------------------------------------------------


def _service_data(form):
    data = dict(form.cleaned_data)
    data.pop("open_now", None)
    return data


@space_view(perms.can_manage_catalogue, need=perms.NEED_MANAGE)
def service_create(request, space):
    initial = {"available_from": timezone.localdate()}
    need_id = request.GET.get("besoin")
    if need_id and need_id.isdigit():
        initial["needs"] = [int(need_id)]
    form = ServiceForm(request.POST or None, space=space, initial=initial)
    if request.method == "POST" and form.is_valid():
        status = ServiceStatus.OPEN if form.cleaned_data["open_now"] else ServiceStatus.PROPOSED
        try:
            service = services.create_service(
                actor=request.user, space=space, status=status, **_service_data(form)
            )
        except services.CatalogueError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Le service est ajouté au catalogue.")
            return redirect(service)
    return render(
        request, "catalogue/service_form.html", {"space": space, "form": form, "service": None}
    )


@service_view(lambda user, s: perms.can_manage_catalogue(user, s.space), perms.NEED_MANAGE)
def service_edit(request, service):
    initial = {key: getattr(service, key) for key in services.SERVICE_FIELDS}
    initial["needs"] = list(service.needs.values_list("pk", flat=True))
    form = ServiceForm(request.POST or None, space=service.space, editing=True, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.edit_service(actor=request.user, service=service, **_service_data(form))
        except services.CatalogueError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Le service est modifié.")
            return redirect(service)
    return render(
        request,
        "catalogue/service_form.html",
        {"space": service.space, "form": form, "service": service},
    )


# --- The service page ---------------------------------------------------------------------------


def _subscribers(service):
    return service.subscriptions.select_related("organisation", "paid_by").order_by(
        "organisation__name", "-start_date", "-pk"
    )


def _page(request, service, *, close_form=None, status=200):
    user = request.user
    today = timezone.localdate()
    active = Q(start_date__lte=today) & (Q(end_date__isnull=True) | Q(end_date__gte=today))
    totals = service.subscriptions.aggregate(
        organisations=Count("organisation", filter=active, distinct=True),
        units=Sum("units", filter=active),
    )
    page = Paginator(_subscribers(service), PAGE_SIZE).get_page(request.GET.get("page"))
    can_manage = perms.can_manage_catalogue(user, service.space)
    if can_manage and close_form is None and service.status != ServiceStatus.CLOSED:
        close_form = CloseForm(initial={"on": today})
    space = service.space
    mine = {o.pk for o in perms.subscribing_organisations(user, space)}
    mine |= {o.pk for o in perms.paying_epcis(user, space)}
    context = {
        "space": space,
        "service": service,
        "needs": list(service.needs.select_related("organisation").order_by("title")),
        "page": page,
        "today": today,
        "totals": totals,
        "mine": mine,
        "can_manage": can_manage,
        "can_subscribe": perms.can_subscribe(user, service),
        "can_subscribe_epci": perms.can_subscribe_epci(user, service),
        "close_form": close_form,
    }
    return render(request, "catalogue/service_detail.html", context, status=status)


@service_view()
def service_detail(request, service):
    return _page(request, service)


@service_view()
def service_subscribers_csv(request, service):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="abonnes-{service.space.slug}-{service.pk}.csv"'
    )
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";")
    writer.writerow(
        ["Organisation", "SIREN", "Code INSEE", "Depuis le", "Jusqu'au",
         f"Unités ({service.unit_label or 'unités'})", "Payé par"]
    )  # fmt: skip
    for s in _subscribers(service).iterator(chunk_size=500):
        writer.writerow(
            [
                s.organisation.name,
                s.organisation.siren or "",
                s.organisation.insee_code,
                s.start_date.isoformat(),
                s.end_date.isoformat() if s.end_date else "",
                f"{s.units:.2f}".replace(".", ","),
                s.paid_by.name if s.paid_by else "",
            ]
        )
    return response


@service_view(lambda user, s: perms.can_manage_catalogue(user, s.space), perms.NEED_MANAGE)
@require_POST
def service_status(request, service):
    try:
        if request.POST.get("action") == "ouvrir":
            services.open_service(actor=request.user, service=service)
            messages.success(request, "Le service est ouvert aux abonnements.")
        else:
            form = CloseForm(request.POST)
            if not form.is_valid():
                return _page(request, service, close_form=form)
            ended = services.close_service(
                actor=request.user, service=service, on=form.cleaned_data["on"]
            )
            messages.success(
                request, f"Le service est fermé ; {ended} abonnement(s) en cours terminé(s)."
            )
    except services.CatalogueError as error:
        messages.error(request, str(error))
    return redirect(service)


# --- Subscribing --------------------------------------------------------------------------------


@service_view(perms.can_subscribe, perms.NEED_SUBSCRIBE)
def service_subscribe(request, service):
    organisations = perms.subscribing_organisations(request.user, service.space)
    form = SubscribeForm(
        request.POST or None,
        organisations=organisations,
        unit_label=service.unit_label,
        initial={"start_date": max(timezone.localdate(), service.available_from)},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        chosen = next(o for o in organisations if o.pk == data["organisation"])
        try:
            services.subscribe(
                actor=request.user,
                service=service,
                organisation=chosen,
                start_date=data["start_date"],
                units=data["units"],
            )
        except services.CatalogueError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"{chosen.name} est abonnée à « {service.name} ».")
            return redirect(service)
    return render(
        request,
        "catalogue/subscription_form.html",
        {"space": service.space, "service": service, "form": form, "epci": False},
    )


@service_view(perms.can_subscribe_epci, perms.NEED_SUBSCRIBE_EPCI)
def service_subscribe_epci(request, service):
    epcis = perms.paying_epcis(request.user, service.space)
    form = EpciSubscribeForm(
        request.POST or None,
        epcis=epcis,
        unit_label=service.unit_label,
        initial={"start_date": max(timezone.localdate(), service.available_from)},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        chosen = next(o for o in epcis if o.pk == data["epci"])
        try:
            created = services.subscribe_epci(
                actor=request.user,
                service=service,
                epci=chosen,
                start_date=data["start_date"],
                units_per_commune=data["units_per_commune"],
            )
        except services.CatalogueError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                f"{len(created)} communes de {chosen.name} sont abonnées, payées par l'EPCI.",
            )
            return redirect(service)
    return render(
        request,
        "catalogue/subscription_form.html",
        {"space": service.space, "service": service, "form": form, "epci": True},
    )


@subscription_view
def subscription_units(request, subscription):
    form = UnitsForm(
        request.POST or None,
        initial={"units": subscription.units, "from_date": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.change_units(
                actor=request.user, subscription=subscription, **form.cleaned_data
            )
        except services.CatalogueError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Le nombre d'unités est changé à partir de la date indiquée.")
            return redirect(subscription.service)
    return render(
        request,
        "catalogue/subscription_change.html",
        {"space": subscription.service.space, "service": subscription.service,
         "subscription": subscription, "form": form, "action": "units"},
    )  # fmt: skip


@subscription_view
def subscription_end(request, subscription):
    form = EndForm(request.POST or None, initial={"end_date": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.end_subscription(
                actor=request.user, subscription=subscription, **form.cleaned_data
            )
        except services.CatalogueError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, f"L'abonnement de {subscription.organisation.name} prendra fin."
            )
            return redirect(subscription.service)
    return render(
        request,
        "catalogue/subscription_change.html",
        {"space": subscription.service.space, "service": subscription.service,
         "subscription": subscription, "form": form, "action": "end"},
    )  # fmt: skip


app_urls = [
    path("espaces/<slug:slug>/catalogue/", service_list, name="list"),
    path("espaces/<slug:slug>/catalogue/nouveau/", service_create, name="create"),
    path("espaces/<slug:slug>/catalogue/<int:service_id>/", service_detail, name="service"),
    path("espaces/<slug:slug>/catalogue/<int:service_id>/modifier/", service_edit, name="edit"),
    path("espaces/<slug:slug>/catalogue/<int:service_id>/etat/", service_status, name="status"),
    path(
        "espaces/<slug:slug>/catalogue/<int:service_id>/abonnes.csv",
        service_subscribers_csv,
        name="subscribers_csv",
    ),
    path(
        "espaces/<slug:slug>/catalogue/<int:service_id>/abonner/",
        service_subscribe,
        name="subscribe",
    ),
    path(
        "espaces/<slug:slug>/catalogue/<int:service_id>/abonner-epci/",
        service_subscribe_epci,
        name="subscribe_epci",
    ),
    path(
        "espaces/<slug:slug>/catalogue/abonnements/<int:subscription_id>/unites/",
        subscription_units,
        name="units",
    ),
    path(
        "espaces/<slug:slug>/catalogue/abonnements/<int:subscription_id>/fin/",
        subscription_end,
        name="end",
    ),
]

"""Every change to the catalogue: a service created, edited, opened, closed; a subscription
taken (by one member, or by an EPCI for all its communes), its units changed (a new dated
period), ended.

Every function takes keyword-only arguments and the acting user as `actor`, runs in a
transaction, records the action in the log, and raises `CatalogueError` with a French message
— naming the member concerned — that a screen shows as it is. A refusal stores nothing.
"""

import datetime
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.utils import timezone

from maillage.audit.services import log_action
from maillage.territories.models import Membership, Organisation

from . import perms
from .models import Category, Service, ServiceStatus, Subscription


class CatalogueError(Exception):
    """A change refused; the message is in French and shown as it is."""


def _fr(day: datetime.date) -> str:
    return day.strftime("%d/%m/%Y")


def _money(value) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        value = Decimal(value)
    except InvalidOperation:
        raise CatalogueError("Écrivez le coût annuel en euros.") from None
    if value < 0:
        raise CatalogueError("Le coût annuel ne peut pas être négatif.")
    if value.as_tuple().exponent < -2:
        raise CatalogueError("Le coût annuel s'écrit au centime près.")
    return value.quantize(Decimal("0.01"))


def _units(value) -> Decimal:
    try:
        value = Decimal(value if value not in (None, "") else 0)
    except InvalidOperation:
        raise CatalogueError("Écrivez le nombre d'unités, par exemple 3 ou 2,5.") from None
    if value < 0:
        raise CatalogueError("Le nombre d'unités ne peut pas être négatif.")
    if value.as_tuple().exponent < -2:
        raise CatalogueError("Le nombre d'unités a au plus deux décimales.")
    if value >= Decimal("1e10"):
        raise CatalogueError("Le nombre d'unités est trop grand.")
    return value.quantize(Decimal("0.01"))


# --- Services -----------------------------------------------------------------------------------

SERVICE_FIELDS = (
    "name",
    "category",
    "description",
    "conditions",
    "yearly_cost",
    "cost_model",
    "unit_label",
    "available_from",
)


def _clean_service(space, data: dict, *, service=None) -> dict:
    name = " ".join((data.get("name") or "").split())
    if not name:
        raise CatalogueError("Donnez un nom au service.")
    if data.get("category") not in Category.values:
        raise CatalogueError("Choisissez la catégorie du service.")
    if data.get("available_from") is None:
        raise CatalogueError("Indiquez la date à partir de laquelle le service est proposé.")
    same_name = Service.objects.filter(space=space, name__iexact=name)
    if service is not None:
        same_name = same_name.exclude(pk=service.pk)
    if same_name.exists():
        raise CatalogueError(f"Le catalogue a déjà un service « {name} ».")
    clean = {key: data.get(key) for key in SERVICE_FIELDS}
    clean["name"] = name
    clean["yearly_cost"] = _money(data.get("yearly_cost"))
    for key in ("description", "conditions", "cost_model", "unit_label"):
        clean[key] = (clean[key] or "").strip()
    if service is not None and data["available_from"] > service.available_from:
        first = service.subscriptions.order_by("start_date").first()
        if first is not None and first.start_date < data["available_from"]:
            raise CatalogueError(
                f"{first.organisation.name} est abonnée depuis le {_fr(first.start_date)} : "
                "le service ne peut pas être proposé plus tard."
            )
    return clean


def _check_needs(space, needs):
    needs = list(needs or [])
    if any(n.space_id != space.pk for n in needs):
        raise CatalogueError("Ces besoins ne sont pas tous de l'espace.")
    return needs


def create_service(*, actor, space, needs=(), status=ServiceStatus.PROPOSED, **data) -> Service:
    """Add a service to the space's catalogue (proposed, or open at once)."""
    if status not in (ServiceStatus.PROPOSED, ServiceStatus.OPEN):
        raise CatalogueError("Un nouveau service est proposé ou ouvert.")
    clean = _clean_service(space, data)
    needs = _check_needs(space, needs)
    try:
        with transaction.atomic():
            service = Service.objects.create(space=space, status=status, created_by=actor, **clean)
            service.needs.set(needs)
            log_action(
                actor=actor,
                action="catalogue.create",
                obj=service,
                space=space,
                data={"status": status, "needs": [n.pk for n in needs]},
            )
    except IntegrityError:
        raise CatalogueError(f"Le catalogue a déjà un service « {clean['name']} ».") from None
    return service


def edit_service(*, actor, service: Service, needs=(), **data) -> Service:
    clean = _clean_service(service.space, data, service=service)
    needs = _check_needs(service.space, needs)
    try:
        with transaction.atomic():
            for key, value in clean.items():
                setattr(service, key, value)
            service.save()
            service.needs.set(needs)
            log_action(actor=actor, action="catalogue.edit", obj=service, space=service.space)
    except IntegrityError:
        raise CatalogueError(f"Le catalogue a déjà un service « {clean['name']} ».") from None
    return service


def open_service(*, actor, service: Service) -> Service:
    """Open a proposed (or closed) service to subscriptions."""
    if service.status == ServiceStatus.OPEN:
        raise CatalogueError("Le service est déjà ouvert.")
    with transaction.atomic():
        service.status, service.closed_on = ServiceStatus.OPEN, None
        service.save(update_fields=["status", "closed_on", "updated_at"])
        log_action(actor=actor, action="catalogue.open", obj=service, space=service.space)
    return service


def close_service(*, actor, service: Service, on: datetime.date | None = None) -> int:
    """Close a service: no new subscription; the running ones end on `on` (their last day).
    Nothing is deleted. Returns how many subscriptions were ended."""
    on = on or timezone.localdate()
    if service.status == ServiceStatus.CLOSED:
        raise CatalogueError("Le service est déjà fermé.")
    later = service.subscriptions.filter(start_date__gt=on).select_related("organisation").first()
    if later is not None:
        raise CatalogueError(
            f"L'abonnement de {later.organisation.name} commence le {_fr(later.start_date)}, "
            f"après la fermeture au {_fr(on)} : choisissez une date plus tardive."
        )
    with transaction.atomic():
        ended = service.subscriptions.filter(end_date__isnull=True).update(
            end_date=on, ended_by=actor
        )
        ended += service.subscriptions.filter(end_date__gt=on).update(end_date=on, ended_by=actor)
        service.status, service.closed_on = ServiceStatus.CLOSED, on
        service.save(update_fields=["status", "closed_on", "updated_at"])
        log_action(
            actor=actor,
            action="catalogue.close",
            obj=service,
            space=service.space,
            data={"on": on.isoformat(), "ended": ended},
        )
    return ended


# --- Subscriptions ------------------------------------------------------------------------------


def _check_start(service: Service, start_date, who: str):
    if service.status != ServiceStatus.OPEN:
        raise CatalogueError(
            f"Le service « {service.name} » n'est pas ouvert aux abonnements "
            f"({service.get_status_display().lower()})."
        )
    if start_date is None:
        raise CatalogueError("Indiquez la date de début de l'abonnement.")
    if start_date < service.available_from:
        raise CatalogueError(
            f"{who} : l'abonnement ne peut pas commencer le {_fr(start_date)}, avant que le "
            f"service soit proposé (le {_fr(service.available_from)})."
        )


def _overlap_message(existing: Subscription) -> str:
    period = f"depuis le {_fr(existing.start_date)}"
    if existing.end_date:
        period = f"du {_fr(existing.start_date)} au {_fr(existing.end_date)}"
    return f"{existing.organisation.name} est déjà abonnée à « {existing.service.name} » {period}."


def _first_overlap(service, organisation_ids, start, end=None, exclude=None):
    queryset = (
        Subscription.objects.filter(service=service, organisation_id__in=organisation_ids)
        .overlapping(start, end)
        .select_related("organisation", "service")
        .order_by("organisation__name", "start_date")
    )
    if exclude is not None:
        queryset = queryset.exclude(pk=exclude.pk)
    return queryset.first()


def subscribe(
    *, actor, service: Service, organisation: Organisation, start_date, units=0, paid_by=None
) -> Subscription:
    """Subscribe one member organisation from `start_date`, with `units` used."""
    if organisation is None:
        raise CatalogueError("Choisissez l'organisation abonnée.")
    _check_start(service, start_date, organisation.name)
    units = _units(units)
    if not perms.space_members(service.space).filter(pk=organisation.pk).exists():
        raise CatalogueError(f"{organisation.name} n'est pas membre de l'espace.")
    if organisation.pk not in {o.pk for o in perms.subscribing_organisations(actor, service.space)}:
        raise CatalogueError(
            f"Vous ne pouvez pas abonner {organisation.name} : {perms.NEED_SUBSCRIBE}"
        )
    existing = _first_overlap(service, [organisation.pk], start_date)
    if existing is not None:
        raise CatalogueError(_overlap_message(existing))
    try:
        with transaction.atomic():
            subscription = Subscription.objects.create(
                service=service,
                organisation=organisation,
                paid_by=paid_by,
                start_date=start_date,
                units=units,
                created_by=actor,
            )
            log_action(
                actor=actor,
                action="catalogue.subscribe",
                obj=subscription,
                space=service.space,
                data={"start": start_date.isoformat(), "units": str(units)},
            )
    except IntegrityError:
        raise CatalogueError(f"{organisation.name} est déjà abonnée à ce service.") from None
    return subscription


def epci_communes(epci: Organisation):
    """The current member communes of an EPCI à fiscalité propre."""
    members = (
        Membership.objects.current()
        .filter(group=epci, nature=Membership.Nature.EPCI)
        .values("member_id")
    )
    return Organisation.objects.filter(pk__in=members).order_by("name")


def subscribe_epci(
    *, actor, service: Service, epci: Organisation, start_date, units_per_commune=0
) -> list[Subscription]:
    """One subscription per current member commune of `epci`, paid by the EPCI. All or
    nothing: one commune already subscribed refuses the whole."""
    if epci is None:
        raise CatalogueError("Choisissez l'EPCI qui abonne ses communes.")
    _check_start(service, start_date, epci.name)
    units = _units(units_per_commune)
    if epci.pk not in {o.pk for o in perms.paying_epcis(actor, service.space)}:
        raise CatalogueError(
            f"{epci.name} ne peut pas abonner ses communes ici : il doit être l'EPCI de "
            f"l'espace ou l'un de ses membres, et vous, parler pour lui."
        )
    communes = list(epci_communes(epci))
    if not communes:
        raise CatalogueError(f"{epci.name} n'a aucune commune membre connue.")
    existing = _first_overlap(service, [c.pk for c in communes], start_date)
    if existing is not None:
        raise CatalogueError(
            f"Rien n'est enregistré : {_overlap_message(existing)} Mettez fin à cet abonnement "
            "ou choisissez une date de début après sa fin."
        )
    try:
        with transaction.atomic():
            created = Subscription.objects.bulk_create(
                Subscription(
                    service=service,
                    organisation=commune,
                    paid_by=epci,
                    start_date=start_date,
                    units=units,
                    created_by=actor,
                )
                for commune in communes
            )
            log_action(
                actor=actor,
                action="catalogue.subscribe_epci",
                obj=service,
                space=service.space,
                data={
                    "epci": epci.name,
                    "communes": len(created),
                    "start": start_date.isoformat(),
                    "units": str(units),
                },
            )
    except IntegrityError:
        raise CatalogueError(
            "Rien n'est enregistré : une commune de l'EPCI vient d'être abonnée à ce service."
        ) from None
    return created


def change_units(*, actor, subscription: Subscription, units, from_date) -> Subscription:
    """New units from `from_date`: the current period ends the day before and a new one
    starts, pointing back to it. On the first day of the period, the units are corrected
    in place."""
    units = _units(units)
    if subscription.end_date is not None and subscription.end_date < timezone.localdate():
        raise CatalogueError("Cet abonnement est terminé : on ne change plus ses unités.")
    if from_date is None:
        raise CatalogueError("Indiquez la date à partir de laquelle les unités changent.")
    if from_date < subscription.start_date:
        raise CatalogueError(
            f"Le changement ne peut pas précéder le début de la période "
            f"({_fr(subscription.start_date)})."
        )
    if subscription.end_date is not None and from_date > subscription.end_date:
        raise CatalogueError(
            f"L'abonnement se termine le {_fr(subscription.end_date)} : le changement ne peut "
            "pas être plus tard."
        )
    if units == subscription.units:
        raise CatalogueError("C'est déjà le nombre d'unités de l'abonnement.")
    before = subscription.units
    try:
        with transaction.atomic():
            if from_date == subscription.start_date:
                subscription.units = units
                subscription.save(update_fields=["units"])
                result = subscription
            else:
                end = subscription.end_date
                subscription.end_date = from_date - datetime.timedelta(days=1)
                subscription.ended_by = actor
                subscription.save(update_fields=["end_date", "ended_by"])
                result = Subscription.objects.create(
                    service=subscription.service,
                    organisation=subscription.organisation,
                    paid_by=subscription.paid_by,
                    start_date=from_date,
                    end_date=end,
                    units=units,
                    previous=subscription,
                    created_by=actor,
                )
            log_action(
                actor=actor,
                action="catalogue.change_units",
                obj=result,
                space=subscription.service.space,
                data={"from": str(before), "to": str(units), "on": from_date.isoformat()},
            )
    except IntegrityError:
        raise CatalogueError("Cet abonnement vient d'être modifié : rechargez la page.") from None
    return result


def end_subscription(*, actor, subscription: Subscription, end_date) -> Subscription:
    """The subscription's last day is `end_date`; the row stays (history, statements)."""
    if end_date is None:
        raise CatalogueError("Indiquez le dernier jour de l'abonnement.")
    if subscription.end_date is not None:
        raise CatalogueError(f"Cet abonnement se termine déjà le {_fr(subscription.end_date)}.")
    if end_date < subscription.start_date:
        raise CatalogueError(
            f"La fin ne peut pas précéder le début de l'abonnement "
            f"({_fr(subscription.start_date)})."
        )
    with transaction.atomic():
        subscription.end_date, subscription.ended_by = end_date, actor
        subscription.save(update_fields=["end_date", "ended_by"])
        log_action(
            actor=actor,
            action="catalogue.end_subscription",
            obj=subscription,
            space=subscription.service.space,
            data={"end": end_date.isoformat()},
        )
    return subscription

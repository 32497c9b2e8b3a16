"""The catalogue of shared services of a space, and the member organisations' subscriptions.

The core fields below are the ones other capabilities rely on (mutualisation scales and
statements, dashboards, the annual report): keep their names and meaning.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    """One list for every space *(choix)*: the first four are an EPCI's usual shared
    services, the next ones an operator's; each space uses those that fit."""

    COMMON_SERVICES = "services_communs", _("Services communs")
    SHARED_STAFF = "personnel_partage", _("Personnel partagé")
    EQUIPMENT = "pret_materiel", _("Prêt de matériel")
    GROUP_PURCHASE = "groupement_commandes", _("Groupement de commandes")
    DIGITAL = "dematerialisation", _("Dématérialisation")
    SOFTWARE = "logiciels_metiers", _("Logiciels métiers")
    GDPR = "rgpd", _("RGPD et protection des données")
    SECURITY = "cybersecurite", _("Cybersécurité")
    HOSTING = "hebergement", _("Hébergement")
    OTHER = "autre", _("Autre")


class ServiceStatus(models.TextChoices):
    PROPOSED = "propose", _("Proposé")
    OPEN = "ouvert", _("Ouvert aux abonnements")
    CLOSED = "ferme", _("Fermé")


class ServiceQuerySet(models.QuerySet):
    def in_space(self, space):
        return self.filter(space=space)

    def open(self):
        return self.filter(status=ServiceStatus.OPEN)

    def with_subscription_counts(self, on=None):
        """Annotate `subscriber_count` (organisations) and `unit_total`: subscriptions
        active on `on` (today by default). Subqueries, so that other joins do not multiply."""
        on = on or timezone.localdate()
        active = (
            Subscription.objects.filter(service=models.OuterRef("pk"))
            .active_on(on)
            .order_by()
            .values("service")
        )
        return self.annotate(
            subscriber_count=Coalesce(
                models.Subquery(
                    active.annotate(n=models.Count("organisation", distinct=True)).values("n")
                ),
                0,
            ),
            unit_total=models.Subquery(active.annotate(u=models.Sum("units")).values("u")),
        )


class Service(models.Model):
    space = models.ForeignKey(
        "spaces.Space", on_delete=models.CASCADE, related_name="services", verbose_name=_("espace")
    )
    name = models.CharField(_("nom"), max_length=200)
    description = models.TextField(_("description"), blank=True, max_length=20000)
    # What a subscriber's "units" count for this service (utilisateurs, heures, licences…).
    unit_label = models.CharField(_("unité de mesure"), max_length=60, blank=True)
    yearly_cost = models.DecimalField(
        _("coût annuel (€)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    available_from = models.DateField(_("proposé depuis le"))
    needs = models.ManyToManyField(
        "needs.Need", blank=True, related_name="services", verbose_name=_("besoins couverts")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Added by the catalogue capability.
    category = models.CharField(
        _("catégorie"), max_length=32, choices=Category.choices, default=Category.OTHER
    )
    conditions = models.TextField(_("conditions"), blank=True, max_length=20000)
    cost_model = models.TextField(_("modèle de coût"), blank=True, max_length=3000)
    status = models.CharField(
        _("état"), max_length=16, choices=ServiceStatus.choices, default=ServiceStatus.PROPOSED
    )
    closed_on = models.DateField(_("fermé le"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ServiceQuerySet.as_manager()

    class Meta:
        verbose_name = _("service partagé")
        verbose_name_plural = _("services partagés")
        ordering = ["name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(yearly_cost__isnull=True) | Q(yearly_cost__gte=0),
                name="service_cost_not_negative",
                violation_error_message="Le coût annuel ne peut pas être négatif.",
            ),
            models.UniqueConstraint(
                fields=["space", "name"],
                name="service_unique_name_per_space",
                violation_error_message="Un service porte déjà ce nom dans le catalogue.",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("catalogue:service", args=[self.space.slug, self.pk])


class SubscriptionQuerySet(models.QuerySet):
    def in_space(self, space):
        return self.filter(service__space=space)

    def current(self):
        """Subscriptions without an end date (they may start in the future)."""
        return self.filter(end_date__isnull=True)

    def active_on(self, date):
        """Subscriptions that run on `date` (started, not yet ended; the end day counts)."""
        return self.filter(start_date__lte=date).filter(
            Q(end_date__isnull=True) | Q(end_date__gte=date)
        )

    def overlapping(self, start, end=None):
        """Subscriptions that share at least one day with [start, end] (end None: open)."""
        queryset = self.filter(Q(end_date__isnull=True) | Q(end_date__gte=start))
        if end is not None:
            queryset = queryset.filter(start_date__lte=end)
        return queryset

    def for_year(self, year: int):
        """Subscriptions that run at least one day of the calendar year `year`."""
        import datetime

        return self.overlapping(datetime.date(year, 1, 1), datetime.date(year, 12, 31))


class Subscription(models.Model):
    service = models.ForeignKey(
        Service, on_delete=models.PROTECT, related_name="subscriptions", verbose_name=_("service")
    )
    # The member organisation that uses the service.
    organisation = models.ForeignKey(
        "territories.Organisation",
        on_delete=models.PROTECT,
        related_name="subscriptions",
        verbose_name=_("organisation"),
    )
    # An EPCI that subscribes on behalf of its communes pays for them (see the scales).
    paid_by = models.ForeignKey(
        "territories.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="subscriptions_paid",
        verbose_name=_("payé par"),
    )
    start_date = models.DateField(_("depuis le"))
    end_date = models.DateField(_("jusqu'au"), null=True, blank=True)
    units = models.DecimalField(_("unités utilisées"), max_digits=12, decimal_places=2, default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Added by the catalogue capability: a change of units ends this period and opens a new
    # one that points back to it, so that each year's units are known day by day.
    previous = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="next",
        verbose_name=_("période précédente"),
    )
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        verbose_name = _("abonnement")
        verbose_name_plural = _("abonnements")
        ordering = ["service", "organisation", "start_date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(units__gte=0),
                name="subscription_units_not_negative",
                violation_error_message="Le nombre d'unités ne peut pas être négatif.",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="subscription_ends_after_start",
                violation_error_message="La fin de l'abonnement précède son début.",
            ),
            models.UniqueConstraint(
                fields=["service", "organisation"],
                condition=Q(end_date__isnull=True),
                name="subscription_one_open_per_organisation",
                violation_error_message="Cette organisation est déjà abonnée à ce service.",
            ),
            models.CheckConstraint(
                condition=Q(paid_by__isnull=True) | ~Q(paid_by=models.F("organisation")),
                name="subscription_not_paid_by_itself",
                violation_error_message="Une organisation ne paie pas « pour elle-même » : "
                "laissez « payé par » vide.",
            ),
        ]

    def __str__(self):
        return f"{self.organisation} — {self.service}"

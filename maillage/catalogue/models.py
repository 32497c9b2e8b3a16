"""The catalogue of shared services of a space, and the member organisations' subscriptions.

The core fields below are the ones other capabilities rely on (mutualisation scales and
statements, dashboards, the annual report): keep their names and meaning.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


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

    class Meta:
        verbose_name = _("service partagé")
        verbose_name_plural = _("services partagés")
        ordering = ["name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(yearly_cost__isnull=True) | Q(yearly_cost__gte=0),
                name="service_cost_not_negative",
                violation_error_message="Le coût annuel ne peut pas être négatif.",
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("catalogue:service", args=[self.space.slug, self.pk])


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
        ]

    def __str__(self):
        return f"{self.organisation} — {self.service}"

"""Référents: each member organisation of a space has its référents (a `spaces.SpaceRole`
with the role REFERENT and the organisation, given by a space admin). For an operator, a
référent may also answer for some services of the catalogue: `ServiceReferent` links the
référent's role to those services, dated; ending it keeps the history."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ServiceReferentQuerySet(models.QuerySet):
    def current(self):
        return self.filter(end_date__isnull=True)


class ServiceReferent(models.Model):
    role = models.ForeignKey(
        "spaces.SpaceRole",
        on_delete=models.PROTECT,
        related_name="service_assignments",
        verbose_name=_("référent"),
    )
    service = models.ForeignKey(
        "catalogue.Service",
        on_delete=models.PROTECT,
        related_name="referent_assignments",
        verbose_name=_("service"),
    )
    start_date = models.DateField(_("depuis le"), auto_now_add=True)
    end_date = models.DateField(_("jusqu'au"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = ServiceReferentQuerySet.as_manager()

    class Meta:
        verbose_name = _("référent d'un service")
        verbose_name_plural = _("référents des services")
        ordering = ["service__name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["role", "service"],
                condition=Q(end_date__isnull=True),
                name="servicereferent_one_current_per_role_and_service",
                violation_error_message=_("Cette personne est déjà référente de ce service."),
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="servicereferent_ends_after_start",
                violation_error_message=_("La fin précède le début."),
            ),
        ]

    def __str__(self):
        return f"{self.role.person} — {self.service}"

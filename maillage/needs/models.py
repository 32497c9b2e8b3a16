"""Needs expressed by the member organisations: the ground of the schéma de mutualisation.

The core fields below are the ones other capabilities rely on (projects, roadmap, catalogue,
dashboards): keep their names and meaning.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Urgency(models.TextChoices):
    LOW = "faible", _("Peut attendre")
    MEDIUM = "moyenne", _("Dans l'année")
    HIGH = "forte", _("Urgent")


class Need(models.Model):
    space = models.ForeignKey(
        "spaces.Space", on_delete=models.CASCADE, related_name="needs", verbose_name=_("espace")
    )
    # The member organisation (usually a commune) that expresses the need.
    organisation = models.ForeignKey(
        "territories.Organisation",
        on_delete=models.PROTECT,
        related_name="needs",
        verbose_name=_("organisation"),
    )
    theme = models.CharField(_("thème"), max_length=100)
    title = models.CharField(_("intitulé"), max_length=200)
    description = models.TextField(_("description"), max_length=10000)
    urgency = models.CharField(
        _("urgence"), max_length=16, choices=Urgency.choices, default=Urgency.MEDIUM
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("besoin")
        verbose_name_plural = _("besoins")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("needs:detail", args=[self.space.slug, self.pk])

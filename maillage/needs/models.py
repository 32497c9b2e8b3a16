"""Needs expressed by the member organisations: the ground of the schéma de mutualisation.

The core fields (space, organisation, theme, title, description, urgency, created_by,
created_at) are the ones other capabilities rely on (projects, roadmap, catalogue,
dashboards): keep their names and meaning. A need is never deleted: it ends « sans suite »
with a reason. « Nous aussi » (`Support`) is one per organisation, withdrawn, never deleted.
"""

from django.conf import settings
from django.db import models
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Urgency(models.TextChoices):
    LOW = "faible", _("Peut attendre")
    MEDIUM = "moyenne", _("Dans l'année")
    HIGH = "forte", _("Urgent")


class Status(models.TextChoices):
    OPEN = "ouvert", _("Ouvert")
    STUDY = "etude", _("À l'étude")
    COVERED = "couvert", _("Couvert par un service")
    DROPPED = "sans_suite", _("Sans suite")


class NeedTheme(models.Model):
    """A theme of the list a space keeps for its needs; an archived theme is no longer
    offered but the needs keep it (Need.theme holds the name)."""

    space = models.ForeignKey("spaces.Space", on_delete=models.CASCADE, related_name="need_themes")
    name = models.CharField(_("thème"), max_length=100)
    position = models.PositiveSmallIntegerField(_("rang"), default=100)
    archived_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("thème de besoins")
        verbose_name_plural = _("thèmes de besoins")
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["space", "name"],
                name="needtheme_unique_name_per_space",
                violation_error_message="Ce thème existe déjà dans l'espace.",
            )
        ]

    def __str__(self):
        return self.name


class NeedGroup(models.Model):
    """Similar needs gathered by an agent under one title (a need is in one group at most)."""

    space = models.ForeignKey("spaces.Space", on_delete=models.CASCADE, related_name="need_groups")
    title = models.CharField(_("intitulé du regroupement"), max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("regroupement de besoins")
        verbose_name_plural = _("regroupements de besoins")
        ordering = ["title", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["space", "title"],
                name="needgroup_unique_title_per_space",
                violation_error_message="Un regroupement porte déjà ce nom dans l'espace.",
            )
        ]

    def __str__(self):
        return self.title


class NeedQuerySet(models.QuerySet):
    def in_space(self, space):
        return self.filter(space=space)

    def active(self):
        """Needs still alive: every status but « sans suite »."""
        return self.exclude(status=Status.DROPPED)

    def with_support_counts(self):
        """Annotate `support_count` (current « nous aussi ») and `organisation_count`
        (the expressing organisation plus those supporting it)."""
        return self.annotate(
            support_count=Count("supports", filter=Q(supports__withdrawn_at__isnull=True))
        ).annotate(organisation_count=models.F("support_count") + 1)


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
    # Added by the needs capability.
    current_cost = models.DecimalField(
        _("coût actuel par an (€)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    workaround = models.TextField(_("solution de contournement"), blank=True, max_length=5000)
    status = models.CharField(_("état"), max_length=16, choices=Status.choices, default=Status.OPEN)
    status_reason = models.TextField(_("motif de l'état"), blank=True, max_length=2000)
    group = models.ForeignKey(
        NeedGroup,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="needs",
        verbose_name=_("regroupement"),
    )
    thread = models.ForeignKey(
        "discussions.Thread",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="needs",
        verbose_name=_("échange de la conférence d'origine"),
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = NeedQuerySet.as_manager()

    class Meta:
        verbose_name = _("besoin")
        verbose_name_plural = _("besoins")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(current_cost__isnull=True) | Q(current_cost__gte=0),
                name="need_cost_not_negative",
                violation_error_message="Le coût actuel ne peut pas être négatif.",
            ),
            models.CheckConstraint(
                condition=~Q(status="sans_suite") | ~Q(status_reason=""),
                name="need_dropped_has_a_reason",
                violation_error_message="Un besoin classé sans suite en donne le motif.",
            ),
        ]
        indexes = [models.Index(fields=["space", "theme"], name="need_space_theme")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("needs:detail", args=[self.space.slug, self.pk])


class Support(models.Model):
    """« Nous aussi » : another organisation has the same need, with its own numbers."""

    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="supports")
    organisation = models.ForeignKey(
        "territories.Organisation",
        on_delete=models.PROTECT,
        related_name="need_supports",
        verbose_name=_("organisation"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    current_cost = models.DecimalField(
        _("coût actuel par an (€)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    remark = models.TextField(_("remarque"), blank=True, max_length=3000)
    created_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("« nous aussi »")
        verbose_name_plural = _("« nous aussi »")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["need", "organisation"],
                condition=Q(withdrawn_at__isnull=True),
                name="support_one_current_per_organisation",
                violation_error_message="Cette organisation a déjà dit « nous aussi ».",
            ),
            models.CheckConstraint(
                condition=Q(current_cost__isnull=True) | Q(current_cost__gte=0),
                name="support_cost_not_negative",
                violation_error_message="Le coût actuel ne peut pas être négatif.",
            ),
        ]

    def __str__(self):
        return f"{self.organisation} — {self.need}"

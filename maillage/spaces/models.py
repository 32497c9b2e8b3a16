"""Spaces: an EPCI or an operator opens one for its member organisations."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from maillage.periods import PeriodQuerySet
from maillage.territories.models import Kind


class SpaceQuerySet(models.QuerySet):
    def for_person(self, person):
        """Spaces where the person has a role or a current mandate (in the space's
        organisation or in one of its current members)."""
        organisation_ids = person.mandates.current().values("organisation_id")
        return self.filter(
            Q(roles__person=person, roles__end_date__isnull=True)
            | Q(organisation_id__in=organisation_ids)
            | Q(members__organisation_id__in=organisation_ids, members__end_date__isnull=True)
        ).distinct()


class Space(models.Model):
    """The place where an EPCI or an operator governs with its members.

    An EPCI's members are its communes; an operator (syndicat mixte…) chooses its members
    among organisations of any kind.
    """

    slug = models.SlugField(_("adresse courte"), max_length=60, unique=True)
    name = models.CharField(_("nom"), max_length=200)
    organisation = models.ForeignKey(
        "territories.Organisation",
        on_delete=models.PROTECT,
        related_name="spaces",
        verbose_name=_("organisation"),
    )
    presentation = models.TextField(_("présentation"), blank=True, max_length=5000)
    logo = models.FileField(_("logo"), upload_to="spaces/logos/", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SpaceQuerySet.as_manager()

    class Meta:
        verbose_name = _("espace")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("spaces:home", args=[self.slug])

    @property
    def is_epci(self) -> bool:
        return self.organisation.kind == Kind.EPCI


class SpaceMemberQuerySet(PeriodQuerySet):
    pass


class SpaceMember(models.Model):
    """A member organisation of a space, dated; a member that leaves is ended."""

    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="members")
    organisation = models.ForeignKey(
        "territories.Organisation",
        on_delete=models.PROTECT,
        related_name="space_memberships",
        verbose_name=_("organisation membre"),
    )
    start_date = models.DateField(_("depuis le"), null=True, blank=True)
    end_date = models.DateField(_("jusqu'au"), null=True, blank=True)

    objects = SpaceMemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation membre")
        constraints = [
            models.UniqueConstraint(
                fields=["space", "organisation"],
                condition=Q(end_date__isnull=True),
                name="spacemember_one_current_per_organisation",
                violation_error_message=_("Cette organisation est déjà membre de l'espace."),
            )
        ]

    def __str__(self):
        return f"{self.organisation} ∈ {self.space}"


class Role(models.TextChoices):
    ADMIN = "admin", _("Administrateur de l'espace")
    AGENT = "agent", _("Agent")
    REFERENT = "referent", _("Référent")


class SpaceRoleQuerySet(PeriodQuerySet):
    pass


class SpaceRole(models.Model):
    """A role a space admin gives a person, for the space or one member organisation."""

    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="roles")
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="space_roles"
    )
    role = models.CharField(_("rôle"), max_length=16, choices=Role.choices)
    organisation = models.ForeignKey(
        "territories.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("pour l'organisation"),
    )
    start_date = models.DateField(_("depuis le"), auto_now_add=True)
    end_date = models.DateField(_("jusqu'au"), null=True, blank=True)

    objects = SpaceRoleQuerySet.as_manager()

    class Meta:
        verbose_name = _("rôle")
        constraints = [
            models.UniqueConstraint(
                fields=["space", "person", "role"],
                condition=Q(end_date__isnull=True),
                name="spacerole_one_current_per_person_and_role",
                violation_error_message=_("Cette personne a déjà ce rôle dans l'espace."),
            )
        ]

    def __str__(self):
        return f"{self.person} — {self.get_role_display()} ({self.space})"


class RneImport(models.Model):
    """An RNE file uploaded by a space admin: previewed, then imported in the background."""

    class Status(models.TextChoices):
        PREVIEW = "apercu", _("Aperçu")
        QUEUED = "en_attente", _("En attente d'import")
        DONE = "termine", _("Importé")
        FAILED = "echec", _("Refusé")

    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="rne_imports")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    file = models.FileField(upload_to="rne/")
    original_name = models.CharField(max_length=255)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PREVIEW)
    report = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("import RNE")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.original_name} ({self.get_status_display()})"

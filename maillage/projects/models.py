"""Transverse projects of a space: the communes involved, milestones, budget, indicators, news.

The core fields below are the ones other capabilities rely on (the roadmap, the dashboards,
the public portal): keep their names and meaning.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class ProjectStatus(models.TextChoices):
    IDEA = "idee", _("Idée")
    STUDY = "etude", _("À l'étude")
    COMMITTED = "engage", _("Engagé")
    IN_PROGRESS = "en_cours", _("En cours")
    DONE = "termine", _("Terminé")
    ABANDONED = "abandonne", _("Abandonné")


class Project(models.Model):
    space = models.ForeignKey(
        "spaces.Space", on_delete=models.CASCADE, related_name="projects", verbose_name=_("espace")
    )
    title = models.CharField(_("intitulé"), max_length=200)
    description = models.TextField(_("description"), blank=True, max_length=20000)
    status = models.CharField(
        _("état"), max_length=16, choices=ProjectStatus.choices, default=ProjectStatus.IDEA
    )
    start_date = models.DateField(_("début"), null=True, blank=True)
    end_date = models.DateField(_("fin prévue"), null=True, blank=True)
    # The communes (or other member organisations) the project concerns.
    communes = models.ManyToManyField(
        "territories.Organisation",
        blank=True,
        related_name="projects",
        verbose_name=_("communes concernées"),
    )
    is_public = models.BooleanField(_("visible du public"), default=False)
    archived_at = models.DateTimeField(_("archivé le"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("projet")
        verbose_name_plural = _("projets")
        ordering = ["title", "id"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("projects:detail", args=[self.space.slug, self.pk])

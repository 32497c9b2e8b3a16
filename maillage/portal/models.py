"""Portail public: the commune contours a space uploads for its portal map. Everything else the
portal shows belongs to other apps and is read through their public querysets."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class CommuneMapQuerySet(models.QuerySet):
    def current(self):
        return self.filter(archived_at__isnull=True)


class CommuneMap(models.Model):
    """A GeoJSON file of commune contours uploaded by a space admin, kept as sent, and its
    drawing (one SVG path per member commune) computed once at upload. A new upload or a
    removal archives the previous map: the file stays."""

    space = models.ForeignKey("spaces.Space", on_delete=models.CASCADE, related_name="commune_maps")
    file = models.FileField(_("fichier GeoJSON"), upload_to="portal/maps/")
    original_name = models.CharField(_("nom du fichier"), max_length=255)
    width = models.PositiveIntegerField(_("largeur du dessin"))
    height = models.PositiveIntegerField(_("hauteur du dessin"))
    # [{"code": INSEE code, "name": commune name, "path": SVG path data}, …]
    shapes = models.JSONField(_("contours dessinés"), default=list)
    ignored_codes = models.JSONField(_("codes hors de l'espace"), default=list)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("envoyé le"), auto_now_add=True)
    archived_at = models.DateTimeField(_("retiré le"), null=True, blank=True)

    objects = CommuneMapQuerySet.as_manager()

    class Meta:
        verbose_name = _("carte des communes")
        verbose_name_plural = _("cartes des communes")
        ordering = ["-uploaded_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["space"],
                condition=Q(archived_at__isnull=True),
                name="communemap_one_current_per_space",
                violation_error_message=_("Cet espace a déjà une carte des communes en service."),
            ),
            models.CheckConstraint(
                condition=Q(width__gt=0, height__gt=0),
                name="communemap_has_a_size",
                violation_error_message=_("Une carte a une largeur et une hauteur."),
            ),
        ]

    def __str__(self):
        return f"Carte des communes — {self.space}"

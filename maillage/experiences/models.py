"""Retours d'expérience: an élu or an agent tells the others what they did, with text, photos
and a video filmed on a phone; others comment and say « ça m'a aidé ».

An experience is never deleted: its author or an admin archives it. Its files are stored
under random names and served only by the views of this app, which check the right to see
the experience (`perms.can_view_experience`).
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Theme(models.TextChoices):
    """One list for every space *(choix)*: the fields where communes and EPCI usually share
    what worked."""

    DIGITAL = "numerique", _("Numérique et dématérialisation")
    SCHOOL = "ecole", _("École, enfance et jeunesse")
    ROADS = "voirie", _("Voirie, mobilités")
    WATER = "eau", _("Eau, assainissement, déchets")
    ENVIRONMENT = "environnement", _("Environnement, énergie, climat")
    PLANNING = "urbanisme", _("Urbanisme, habitat")
    SOCIAL = "social", _("Action sociale, santé")
    CULTURE = "culture", _("Culture, sport, vie associative")
    ECONOMY = "economie", _("Économie, tourisme, commerce")
    FINANCE = "finances", _("Finances, marchés publics")
    STAFF = "personnel", _("Personnel, organisation des services")
    DEMOCRACY = "democratie", _("Démocratie locale, participation")
    SHARING = "mutualisation", _("Mutualisation, coopération")
    OTHER = "autre", _("Autre")


class Visibility(models.TextChoices):
    MEMBERS = "membres", _("Les membres de l'espace")
    PUBLIC = "public", _("Tout le monde (portail public)")


class Status(models.TextChoices):
    PUBLISHED = "publie", _("Publié")
    ARCHIVED = "archive", _("Archivé")


class PosterStatus(models.TextChoices):
    NONE = "aucune", _("Pas de vidéo")
    PENDING = "en_cours", _("Image d'aperçu en préparation")
    DONE = "prete", _("Image d'aperçu prête")
    FAILED = "echec", _("Image d'aperçu impossible à créer")


def _random_name(prefix, filename):
    # A random name: the stored path tells nothing about the file or its author.
    extension = filename.rsplit(".", 1)[-1].lower()[:8] if "." in filename else "bin"
    return f"experiences/{prefix}/{uuid.uuid4().hex}.{extension}"


def video_path(instance, filename):
    return _random_name("videos", filename)


def poster_path(instance, filename):
    return _random_name("posters", filename)


def captions_path(instance, filename):
    return _random_name("captions", filename)


def photo_path(instance, filename):
    return _random_name("photos", filename)


class ExperienceQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Status.PUBLISHED)

    def public(self):
        """Published experiences their author made public: what the public portal and the
        public API may show, to anyone, without login."""
        return self.published().filter(visibility=Visibility.PUBLIC)

    def in_space(self, space):
        return self.filter(space=space)

    def with_helpful_counts(self, since=None, until=None):
        """Annotate `helpful_count`: the current « ça m'a aidé », given in [since, until)
        when those are set."""
        marks = Helpful.objects.filter(experience=OuterRef("pk"), withdrawn_at__isnull=True)
        if since is not None:
            marks = marks.filter(created_at__gte=since)
        if until is not None:
            marks = marks.filter(created_at__lt=until)
        # A subquery, not a join: other filters do not multiply it, and a page of the list
        # only counts its own rows.
        counted = marks.order_by().values("experience").annotate(n=Count("pk")).values("n")
        return self.annotate(
            helpful_count=Coalesce(Subquery(counted, output_field=models.IntegerField()), 0)
        )

    def best(self, space, since=None, until=None, *, public_only=False):
        """The space's published experiences that helped most over the period (« ça m'a
        aidé » given since `since`, before `until`), best first, only those that helped at
        least once; ties go to the most recent. For the bulletin: slice what you need
        (`[:5]`); `public_only` for the public edition."""
        queryset = (self.public() if public_only else self.published()).filter(space=space)
        return (
            queryset.with_helpful_counts(since, until)
            .filter(helpful_count__gt=0)
            .select_related("author", "space")
            .order_by("-helpful_count", "-created_at", "-pk")
        )


class Experience(models.Model):
    space = models.ForeignKey(
        "spaces.Space",
        on_delete=models.CASCADE,
        related_name="experiences",
        verbose_name=_("espace"),
    )
    author = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        related_name="experiences",
        verbose_name=_("auteur"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    title = models.CharField(_("titre"), max_length=200)
    text = models.TextField(_("récit"), max_length=20000)
    visibility = models.CharField(
        _("visible par"), max_length=16, choices=Visibility.choices, default=Visibility.MEMBERS
    )
    organisations = models.ManyToManyField(
        "territories.Organisation",
        blank=True,
        related_name="+",
        verbose_name=_("communes concernées"),
    )
    video = models.FileField(_("vidéo"), upload_to=video_path, blank=True)
    video_type = models.CharField(max_length=40, blank=True)
    video_size = models.PositiveBigIntegerField(default=0)
    poster = models.FileField(_("image d'aperçu"), upload_to=poster_path, blank=True)
    poster_status = models.CharField(
        _("image d'aperçu"), max_length=16, choices=PosterStatus.choices, default=PosterStatus.NONE
    )
    captions = models.FileField(_("sous-titres (WebVTT)"), upload_to=captions_path, blank=True)
    status = models.CharField(
        _("état"), max_length=16, choices=Status.choices, default=Status.PUBLISHED
    )
    archived_at = models.DateTimeField(_("archivé le"), null=True, blank=True)
    archived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("publié le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    objects = ExperienceQuerySet.as_manager()

    class Meta:
        verbose_name = _("retour d'expérience")
        verbose_name_plural = _("retours d'expérience")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["space", "status", "-created_at"], name="experience_list_idx")
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="publie") | Q(archived_at__isnull=False),
                name="experience_archived_has_date",
                violation_error_message=_("Un retour d'expérience archivé a une date d'archivage."),
            ),
            models.CheckConstraint(
                condition=~Q(video="") | Q(captions=""),
                name="experience_captions_need_video",
                violation_error_message=_("Des sous-titres accompagnent une vidéo."),
            ),
            models.CheckConstraint(
                condition=Q(video_size__gte=0),
                name="experience_video_size_not_negative",
                violation_error_message=_("La taille de la vidéo ne peut pas être négative."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("experiences:detail", args=[self.space.slug, self.pk])

    @property
    def is_archived(self) -> bool:
        return self.status == Status.ARCHIVED

    @property
    def is_public(self) -> bool:
        return self.visibility == Visibility.PUBLIC and self.status == Status.PUBLISHED

    def media_url(self, kind: str) -> str:
        """The URL of the view that serves the video, the poster or the captions."""
        return reverse(f"experiences:{kind}", args=[self.space.slug, self.pk])


class ExperienceTheme(models.Model):
    """A theme tag of an experience (several per experience)."""

    experience = models.ForeignKey(Experience, on_delete=models.CASCADE, related_name="themes")
    theme = models.CharField(_("thème"), max_length=20, choices=Theme.choices)

    class Meta:
        verbose_name = _("thème")
        ordering = ["theme"]
        constraints = [
            models.UniqueConstraint(
                fields=["experience", "theme"],
                name="experiencetheme_once_per_experience",
                violation_error_message=_("Ce thème est déjà choisi."),
            )
        ]

    def __str__(self):
        return self.get_theme_display()


class Photo(models.Model):
    experience = models.ForeignKey(Experience, on_delete=models.CASCADE, related_name="photos")
    file = models.FileField(upload_to=photo_path)
    content_type = models.CharField(max_length=40)
    position = models.PositiveSmallIntegerField()
    original_name = models.CharField(max_length=255, blank=True)
    # Removed from the story by its author: kept, no longer shown.
    removed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("photo")
        ordering = ["experience", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["experience", "position"],
                name="photo_unique_position",
                violation_error_message=_("Deux photos ont la même place."),
            )
        ]

    def __str__(self):
        return f"Photo {self.position} de {self.experience_id}"

    def get_absolute_url(self):
        return reverse(
            "experiences:photo", args=[self.experience.space.slug, self.experience_id, self.pk]
        )


class Helpful(models.Model):
    """« Ça m'a aidé »: one current mark per person and experience; withdrawn, never
    deleted (a new mark after a withdrawal is a new row)."""

    experience = models.ForeignKey(
        Experience, on_delete=models.CASCADE, related_name="helpful_marks"
    )
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("« ça m'a aidé »")
        constraints = [
            models.UniqueConstraint(
                fields=["experience", "person"],
                condition=Q(withdrawn_at__isnull=True),
                name="helpful_one_current_per_person",
                violation_error_message=_("Vous avez déjà dit que ce retour vous a aidé."),
            )
        ]

    def __str__(self):
        return f"{self.person_id} → {self.experience_id}"

"""The document library of a space (files with versions, tags, visibility) and the full-text
search index shared by every app (`SearchEntry`, maintained only through `search.py`)."""

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class SearchEntry(models.Model):
    """One searchable thing (a library document, a published deliberation, a governance
    document…), known by a `key` its owner chooses ("library.document:12"). On SQLite the
    stems live in the FTS5 table `library_fts` (rowid = id); on PostgreSQL in `search_vector`
    (GIN index). The original text stays here for the passage shown in results."""

    space = models.ForeignKey(
        "spaces.Space", on_delete=models.CASCADE, related_name="search_entries"
    )
    key = models.CharField(max_length=200)
    kind = models.CharField(max_length=40)
    title = models.CharField(max_length=500)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=500)
    # Folded tags between bars ("|voirie|budget|"): one portable `contains` filter.
    tags = models.TextField(blank=True, default="")
    is_public = models.BooleanField(default=False)
    search_vector = SearchVectorField(null=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("entrée de l'index de recherche")
        verbose_name_plural = _("entrées de l'index de recherche")
        constraints = [
            models.UniqueConstraint(
                fields=["key"],
                name="search_entry_unique_key",
                violation_error_message=_("Cette entrée est déjà dans l'index."),
            )
        ]
        indexes = [models.Index(fields=["space", "is_public", "kind"], name="search_entry_scope")]

    def __str__(self):
        return self.title


class Category(models.TextChoices):
    MINUTES = "compte-rendu", _("Compte rendu, procès-verbal")
    STUDY = "etude", _("Étude, diagnostic")
    GUIDE = "guide", _("Guide, mode d'emploi")
    REPORT = "rapport", _("Rapport")
    PRESENTATION = "presentation", _("Présentation")
    LEGAL = "juridique", _("Texte juridique, convention")
    OTHER = "autre", _("Autre")


class Visibility(models.TextChoices):
    MEMBERS = "membres", _("Réservé aux membres de l'espace")
    PUBLIC = "public", _("Public")


class Tag(models.Model):
    """A free tag of a space's library ("voirie", "budget 2026")."""

    space = models.ForeignKey("spaces.Space", on_delete=models.CASCADE, related_name="tags")
    name = models.CharField(_("étiquette"), max_length=60)
    slug = models.SlugField(max_length=60)

    class Meta:
        verbose_name = _("étiquette")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["space", "slug"],
                name="tag_unique_per_space",
                violation_error_message=_("Cette étiquette existe déjà dans l'espace."),
            )
        ]

    def __str__(self):
        return self.name


class DocumentQuerySet(models.QuerySet):
    def current(self):
        return self.filter(archived_at__isnull=True)

    def visible_to_public(self):
        return self.filter(visibility=Visibility.PUBLIC)


class Document(models.Model):
    """A file of the library with its title, description, tags, date and visibility; its file
    is the latest of its versions. "Deleting" archives it: its versions stay readable."""

    space = models.ForeignKey(
        "spaces.Space", on_delete=models.PROTECT, related_name="library_documents"
    )
    title = models.CharField(_("titre"), max_length=200)
    description = models.TextField(_("description"), blank=True, max_length=10000)
    category = models.CharField(
        _("nature"), max_length=16, choices=Category.choices, default=Category.OTHER
    )
    tags = models.ManyToManyField(Tag, blank=True, related_name="documents")
    dated = models.DateField(_("date du document"), null=True, blank=True)
    visibility = models.CharField(
        _("visibilité"), max_length=8, choices=Visibility.choices, default=Visibility.MEMBERS
    )
    current_version = models.ForeignKey(
        "DocumentVersion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    archived_at = models.DateTimeField(_("archivé le"), null=True, blank=True)
    archived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("document de la bibliothèque")
        verbose_name_plural = _("documents de la bibliothèque")
        ordering = ["-dated", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(title=""),
                name="library_document_has_title",
                violation_error_message=_("Un document a un titre."),
            ),
            models.CheckConstraint(
                condition=Q(archived_at__isnull=True, archived_by__isnull=True)
                | Q(archived_at__isnull=False),
                name="library_document_archive_consistent",
                violation_error_message=_("Un document archivé a une date d'archivage."),
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def is_public(self) -> bool:
        return self.visibility == Visibility.PUBLIC

    @property
    def search_key(self) -> str:
        return f"library.document:{self.pk}"

    def get_absolute_url(self):
        return reverse("library:detail", args=[self.space.slug, self.pk])


class Extraction(models.TextChoices):
    PENDING = "attente", _("Lecture du texte en attente")
    DONE = "lu", _("Texte lu et indexé")
    NONE = "sans", _("Pas de texte à lire (image)")
    FAILED = "echec", _("Le texte n'a pas pu être lu")


def version_path(version, filename):
    return f"library/{version.document.space_id}/{version.document_id}/{filename}"


class DocumentVersion(models.Model):
    """One uploaded file of a document; replacing the file adds a version, none is lost."""

    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    file = models.FileField(_("fichier"), upload_to=version_path, max_length=300)
    original_name = models.CharField(max_length=255)
    mime_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    note = models.CharField(_("ce qui change"), max_length=300, blank=True)
    text = models.TextField(blank=True, default="")
    extraction = models.CharField(
        max_length=8, choices=Extraction.choices, default=Extraction.PENDING
    )
    extraction_error = models.CharField(max_length=300, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("version d'un document")
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "number"],
                name="library_version_unique_number",
                violation_error_message=_("Cette version du document existe déjà."),
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1),
                name="library_version_number_positive",
                violation_error_message=_("Les versions se numérotent à partir de 1."),
            ),
        ]

    def __str__(self):
        return f"{self.document} — version {self.number}"

    def get_absolute_url(self):
        return reverse(
            "library:download", args=[self.document.space.slug, self.document_id, self.number]
        )

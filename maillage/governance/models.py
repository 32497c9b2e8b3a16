"""Governance documents drafted together (pacte de gouvernance, charte, règlement intérieur…):
numbered sections and articles, amendments with supports, versions kept whole, and a workflow
from the draft to the text in force (see `rules.py`). Nothing is ever deleted: an article
removed by an amendment is marked removed, a withdrawn amendment stays readable, every version
keeps a full snapshot of the text."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from . import rules


class DocumentKind(models.TextChoices):
    PACTE = rules.PACTE, _("Pacte de gouvernance")
    CHARTE = "charte", _("Charte")
    REGLEMENT = "reglement_interieur", _("Règlement intérieur")
    SCHEMA = rules.SCHEMA, _("Schéma de mutualisation")
    PROJET = "projet_territoire", _("Projet de territoire")
    STATUTS = "statuts", _("Statuts")
    AUTRE = "autre", _("Autre document")


class Status(models.TextChoices):
    DRAFT = rules.Stage.DRAFT.value, _("Projet en rédaction")
    CONTRIBUTIONS = rules.Stage.CONTRIBUTIONS.value, _("Ouvert aux contributions")
    CONSULTATION = rules.Stage.CONSULTATION.value, _("Soumis à l'avis des conseils municipaux")
    FINAL = rules.Stage.FINAL.value, _("Version finale")
    ADOPTED = rules.Stage.ADOPTED.value, _("Adopté")
    IN_FORCE = rules.Stage.IN_FORCE.value, _("En vigueur")


class DocumentQuerySet(models.QuerySet):
    def public(self):
        """Documents with an adopted version, not archived: anyone may read that version
        without an account (a revision under way does not hide it)."""
        return self.filter(published_version__isnull=False, archived_at__isnull=True)


class Document(models.Model):
    space = models.ForeignKey(
        "spaces.Space",
        on_delete=models.CASCADE,
        related_name="governance_documents",
        verbose_name=_("espace"),
    )
    kind = models.CharField(_("nature du document"), max_length=24, choices=DocumentKind.choices)
    title = models.CharField(_("titre"), max_length=200)
    summary = models.TextField(_("présentation"), blank=True, max_length=10000)
    status = models.CharField(
        _("étape"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    cycle = models.PositiveSmallIntegerField(_("cycle de rédaction"), default=1)
    rapporteur = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("rapporteur"),
    )
    renewal_date = models.DateField(
        _("date du renouvellement général des conseils municipaux"), null=True, blank=True
    )
    debate_held_on = models.DateField(
        _("débat sur l'élaboration du pacte tenu le"), null=True, blank=True
    )
    contributions_until = models.DateField(
        _("contributions ouvertes jusqu'au"), null=True, blank=True
    )
    opinion_request = models.ForeignKey(
        "opinions.OpinionRequest",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("demande d'avis"),
    )
    deliberation = models.ForeignKey(
        "meetings.Deliberation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("délibération d'adoption"),
    )
    published_version = models.ForeignKey(
        "Version",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("version adoptée publiée"),
    )
    in_force_on = models.DateField(_("en vigueur depuis le"), null=True, blank=True)
    archived_at = models.DateTimeField(_("archivé le"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("document de gouvernance")
        verbose_name_plural = _("documents de gouvernance")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status__in=rules.PUBLIC_STAGES) | Q(deliberation__isnull=False),
                name="governance_adopted_has_deliberation",
                violation_error_message=_("Un document adopté renvoie à sa délibération."),
            ),
            models.CheckConstraint(
                condition=~Q(status=Status.CONTRIBUTIONS) | Q(contributions_until__isnull=False),
                name="governance_contributions_have_end",
                violation_error_message=_("Les contributions ont une date de fin."),
            ),
            models.CheckConstraint(
                condition=~Q(status=Status.IN_FORCE) | Q(in_force_on__isnull=False),
                name="governance_in_force_has_date",
                violation_error_message=_("Un document en vigueur a une date d'entrée en vigueur."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("governance:detail", args=[self.space.slug, self.pk])

    @property
    def stage(self) -> rules.Stage:
        return rules.Stage(self.status)

    @property
    def is_public(self) -> bool:
        return self.published_version_id is not None and self.archived_at is None

    @property
    def is_pacte(self) -> bool:
        return self.kind == DocumentKind.PACTE

    @property
    def contributions_closed(self) -> bool:
        """In the contributions step but past its last day: closed by themselves, waiting for
        the next step."""
        from django.utils import timezone

        return (
            self.status == Status.CONTRIBUTIONS
            and self.contributions_until is not None
            and self.contributions_until < timezone.localdate()
        )


class Section(models.Model):
    """A numbered part of the document (titre, chapitre) grouping articles."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="sections")
    number = models.PositiveSmallIntegerField(_("numéro"))
    title = models.CharField(_("intitulé"), max_length=300)

    class Meta:
        verbose_name = _("partie")
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "number"],
                name="governance_section_unique_number",
                violation_error_message=_("Ce numéro de partie existe déjà."),
            )
        ]

    def __str__(self):
        return f"{self.number}. {self.title}"


class ArticleQuerySet(models.QuerySet):
    def in_force(self):
        """The articles of the current text (removed ones stay in the history)."""
        return self.filter(removed_at__isnull=True)


class Article(models.Model):
    """An article: its place (`position`, gaps of 10 so that one can be inserted after
    another), its text in Markdown, and `revision`, raised at each change: an amendment or an
    editor's form remembers the revision it was written on (optimistic check)."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="articles")
    section = models.ForeignKey(
        Section,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="articles",
        verbose_name=_("partie"),
    )
    position = models.PositiveIntegerField()
    title = models.CharField(_("intitulé"), max_length=300, blank=True)
    text = models.TextField(_("texte"), max_length=50000)
    revision = models.PositiveIntegerField(default=1)
    removed_at = models.DateTimeField(_("supprimé le"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        verbose_name = _("article")
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "position"],
                name="governance_article_unique_position",
                violation_error_message=_("Deux articles ne peuvent occuper la même place."),
            )
        ]

    def __str__(self):
        return self.title or f"Article (place {self.position})"

    def get_absolute_url(self):
        return reverse(
            "governance:article", args=[self.document.space.slug, self.document_id, self.pk]
        )


class AmendmentKind(models.TextChoices):
    REPLACE = rules.AmendmentKind.REPLACE.value, _("Remplacer le texte de l'article")
    INSERT_AFTER = rules.AmendmentKind.INSERT_AFTER.value, _("Insérer un article après celui-ci")
    DELETE = rules.AmendmentKind.DELETE.value, _("Supprimer l'article")


class AmendmentStatus(models.TextChoices):
    PROPOSED = "propose", _("Proposé")
    ACCEPTED = "accepte", _("Accepté")
    MERGED = "fusionne", _("Accepté après retouche")
    REJECTED = "rejete", _("Rejeté")
    WITHDRAWN = "retire", _("Retiré par son auteur")


class Amendment(models.Model):
    """A change proposed to an article during the contributions, written on one revision of
    the article (`base_revision`, `base_text`): if the article changed since, it conflicts and
    is only applied by hand (merge)."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="amendments")
    article = models.ForeignKey(Article, on_delete=models.PROTECT, related_name="amendments")
    kind = models.CharField(_("nature"), max_length=16, choices=AmendmentKind.choices)
    text = models.TextField(_("texte proposé"), blank=True, max_length=50000)
    new_title = models.CharField(_("intitulé du nouvel article"), max_length=300, blank=True)
    rationale = models.TextField(_("exposé des motifs"), max_length=10000)
    author = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("auteur")
    )
    base_revision = models.PositiveIntegerField()
    base_text = models.TextField(max_length=50000)
    status = models.CharField(
        _("état"), max_length=16, choices=AmendmentStatus.choices, default=AmendmentStatus.PROPOSED
    )
    decision_reason = models.TextField(_("motif de la décision"), blank=True, max_length=10000)
    applied_text = models.TextField(_("texte appliqué"), blank=True, max_length=50000)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    support_count = models.PositiveIntegerField(_("soutiens"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("amendement")
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind=AmendmentKind.DELETE) | ~Q(text=""),
                name="governance_amendment_has_text",
                violation_error_message=_("Un amendement qui remplace ou insère propose un texte."),
            ),
            models.CheckConstraint(
                condition=~Q(status="rejete") | ~Q(decision_reason=""),
                name="governance_rejection_has_reason",
                violation_error_message=_("Un rejet s'explique par un motif."),
            ),
        ]

    def __str__(self):
        return f"Amendement n° {self.pk} ({self.get_kind_display().lower()})"

    def get_absolute_url(self):
        return reverse(
            "governance:amendment", args=[self.document.space.slug, self.document_id, self.pk]
        )

    @property
    def is_open(self) -> bool:
        return self.status == AmendmentStatus.PROPOSED

    @property
    def is_conflicting(self) -> bool:
        """Written on a revision of the article that is no longer the current one."""
        return self.is_open and rules.is_conflicting(
            self.base_revision, self.article.revision, self.article.removed_at is not None
        )


class Support(models.Model):
    """One person supports an amendment; withdrawing keeps the row (`withdrawn_at`)."""

    amendment = models.ForeignKey(Amendment, on_delete=models.CASCADE, related_name="supports")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("soutien")
        constraints = [
            models.UniqueConstraint(
                fields=["amendment", "person"],
                condition=Q(withdrawn_at__isnull=True),
                name="governance_one_support_per_person",
                violation_error_message=_("Vous soutenez déjà cet amendement."),
            )
        ]

    def __str__(self):
        return f"Soutien à l'amendement n° {self.amendment_id}"


class Version(models.Model):
    """The whole text at one moment, with who changed it, when and why. The adopted version
    is frozen (`frozen_at`): it is the text published."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("numéro"))
    cycle = models.PositiveSmallIntegerField(default=1)
    reason = models.CharField(_("motif"), max_length=500)
    snapshot = models.JSONField(default=dict)
    amendment = models.ForeignKey(
        Amendment, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    author_name = models.CharField(_("auteur"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    frozen_at = models.DateTimeField(_("figée le"), null=True, blank=True)

    class Meta:
        verbose_name = _("version")
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "number"],
                name="governance_version_unique_number",
                violation_error_message=_("Cette version vient d'être enregistrée."),
            )
        ]

    def __str__(self):
        return f"Version {self.number}"

    def get_absolute_url(self):
        return reverse(
            "governance:version", args=[self.document.space.slug, self.document_id, self.number]
        )


class Paragraph(models.Model):
    """One paragraph of one revision of an article, the thing a paragraph comment hangs on.
    Recorded the first time someone opens it to comment; it keeps the text commented on, so a
    comment stays next to the words it speaks of when the article changes later."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="paragraphs")
    revision = models.PositiveIntegerField(_("version de l'article"))
    number = models.PositiveSmallIntegerField(_("numéro du paragraphe"))
    text = models.TextField(_("texte du paragraphe"), max_length=50000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("paragraphe")
        ordering = ["article", "revision", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "revision", "number"],
                name="governance_paragraph_unique_place",
                violation_error_message=_("Ce paragraphe est déjà enregistré."),
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1),
                name="governance_paragraph_number_positive",
                violation_error_message=_("Les paragraphes sont numérotés à partir de 1."),
            ),
        ]

    def __str__(self):
        return f"Paragraphe {self.number} de « {self.article} »"

    @property
    def is_current(self) -> bool:
        """Still the text of the article as it reads now."""
        return self.revision == self.article.revision and self.article.removed_at is None

    def get_absolute_url(self):
        document = self.article.document
        return reverse(
            "governance:paragraph",
            args=[document.space.slug, document.pk, self.article_id, self.revision, self.number],
        )

"""Plan qualité: the space's documented processes, its continuous-improvement register and its
yearly activity reports (article L5211-39 du CGCT).

Nothing here is deleted: a process is archived, an improvement is closed with its result, a
report keeps the trace of every sending. The activity indicators are not stored: they are
computed from the platform (`indicators.py`) each time they are shown.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import rules


class ProcessQuerySet(models.QuerySet):
    def current(self):
        return self.filter(archived_at__isnull=True)

    def overdue(self, today=None):
        """Current processes whose next review date has passed."""
        return self.current().filter(next_review_on__lt=today or timezone.localdate())


class Process(models.Model):
    """A documented process: its purpose, its ordered steps, its owner, the documents it uses
    and its review dates."""

    space = models.ForeignKey(
        "spaces.Space", on_delete=models.CASCADE, related_name="processes", verbose_name=_("espace")
    )
    title = models.CharField(_("intitulé"), max_length=200)
    purpose = models.TextField(_("finalité"), max_length=10000)
    steps = models.JSONField(_("étapes"), default=list)
    owner = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        related_name="owned_processes",
        verbose_name=_("pilote du processus"),
    )
    last_review_on = models.DateField(_("dernière revue le"), null=True, blank=True)
    next_review_on = models.DateField(_("prochaine revue le"))
    archived_at = models.DateTimeField(_("archivé le"), null=True, blank=True)
    reminded_on = models.DateField(_("pilote relancé le"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProcessQuerySet.as_manager()

    class Meta:
        verbose_name = _("processus")
        verbose_name_plural = _("processus")
        ordering = ["title", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["space", "title"],
                condition=Q(archived_at__isnull=True),
                name="quality_process_unique_title",
                violation_error_message=_("Un processus de l'espace porte déjà cet intitulé."),
            ),
            models.CheckConstraint(
                condition=Q(last_review_on__isnull=True)
                | Q(next_review_on__gte=F("last_review_on")),
                name="quality_process_next_review_after_last",
                violation_error_message=_(
                    "La prochaine revue ne peut pas précéder la dernière revue."
                ),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("quality:process", args=[self.space.slug, self.pk])

    @property
    def is_overdue(self) -> bool:
        return self.archived_at is None and rules.review_overdue(
            self.next_review_on, timezone.localdate()
        )


class ProcessDocument(models.Model):
    """A document a process uses: a file of the library, or a link."""

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="documents")
    document = models.ForeignKey(
        "library.Document",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("document de la bibliothèque"),
    )
    url = models.URLField(_("lien"), blank=True)
    label = models.CharField(_("libellé du lien"), max_length=200, blank=True)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("document d'un processus")
        ordering = ["added_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(document__isnull=False) & Q(url=""))
                | (Q(document__isnull=True) & ~Q(url="")),
                name="quality_processdocument_file_or_link",
                violation_error_message=_(
                    "Choisissez un document de la bibliothèque ou donnez un lien, pas les deux."
                ),
            ),
            models.UniqueConstraint(
                fields=["process", "document"],
                condition=Q(document__isnull=False),
                name="quality_processdocument_once",
                violation_error_message=_("Ce document est déjà lié au processus."),
            ),
        ]

    def __str__(self):
        return self.label or self.url or str(self.document_id)


class Kind(models.TextChoices):
    SUGGESTION = "suggestion", _("Suggestion")
    IRRITANT = "irritant", _("Irritant")


class Status(models.TextChoices):
    SUBMITTED = "soumis", _("Soumis")
    ANALYSED = "analyse", _("Analysé")
    ACTION = "action", _("Action décidée")
    DONE = "resultat", _("Résultat constaté")
    NO_ACTION = "sans_suite", _("Sans suite")


class ImprovementQuerySet(models.QuerySet):
    def open(self):
        return self.exclude(status__in=[Status.DONE, Status.NO_ACTION])


class Improvement(models.Model):
    """One line of the continuous-improvement register: a suggestion or an irritant, its
    analysis, the action decided (owner, due date) and its result, each with its date."""

    space = models.ForeignKey(
        "spaces.Space",
        on_delete=models.CASCADE,
        related_name="improvements",
        verbose_name=_("espace"),
    )
    number = models.PositiveIntegerField(_("numéro"))
    kind = models.CharField(_("nature"), max_length=16, choices=Kind.choices)
    title = models.CharField(_("intitulé"), max_length=200)
    description = models.TextField(_("description"), max_length=10000)
    submitted_by = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        related_name="submitted_improvements",
        verbose_name=_("proposé par"),
    )
    submitted_at = models.DateTimeField(_("proposé le"), auto_now_add=True)
    status = models.CharField(
        _("état"), max_length=16, choices=Status.choices, default=Status.SUBMITTED
    )
    analysis = models.TextField(_("analyse"), blank=True, max_length=20000)
    analysed_at = models.DateTimeField(_("analysé le"), null=True, blank=True)
    action = models.TextField(_("action décidée"), blank=True, max_length=10000)
    action_owner = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="improvement_actions",
        verbose_name=_("responsable de l'action"),
    )
    action_due_on = models.DateField(_("échéance de l'action"), null=True, blank=True)
    decided_at = models.DateTimeField(_("action décidée le"), null=True, blank=True)
    result = models.TextField(_("résultat"), blank=True, max_length=10000)
    closed_at = models.DateTimeField(_("clos le"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ImprovementQuerySet.as_manager()

    class Meta:
        verbose_name = _("amélioration")
        ordering = ["-submitted_at", "-id"]
        indexes = [models.Index(fields=["space", "status"], name="quality_improvement_list_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["space", "number"],
                name="quality_improvement_unique_number",
                violation_error_message=_("Ce numéro est déjà pris dans le registre."),
            ),
            models.CheckConstraint(
                condition=Q(status="soumis") | Q(analysed_at__isnull=False),
                name="quality_improvement_analysed_has_date",
                violation_error_message=_("Une amélioration analysée a une date d'analyse."),
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["action", "resultat"])
                | Q(
                    decided_at__isnull=False,
                    action_owner__isnull=False,
                    action_due_on__isnull=False,
                ),
                name="quality_improvement_action_complete",
                violation_error_message=_(
                    "Une action décidée a un responsable, une échéance et une date de décision."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["resultat", "sans_suite"]) | Q(closed_at__isnull=False),
                name="quality_improvement_closed_has_date",
                violation_error_message=_("Une amélioration close a une date de clôture."),
            ),
        ]

    def __str__(self):
        return f"n° {self.number} — {self.title}"

    def get_absolute_url(self):
        return reverse("quality:improvement", args=[self.space.slug, self.pk])

    @property
    def is_closed(self) -> bool:
        return self.status in (Status.DONE, Status.NO_ACTION)


class ReportStatus(models.TextChoices):
    DRAFT = "brouillon", _("En rédaction")
    GENERATING = "generation", _("PDF en cours de production")
    READY = "pret", _("PDF prêt")
    SENT = "envoye", _("Envoyé aux maires")


class ActivityReport(models.Model):
    """The yearly activity report of the space (L5211-39): one per space and year, an
    introduction written by an agent, a PDF produced in the background, sent to each mayor of
    the member communes before 30 September of the following year."""

    space = models.ForeignKey(
        "spaces.Space",
        on_delete=models.CASCADE,
        related_name="activity_reports",
        verbose_name=_("espace"),
    )
    year = models.PositiveSmallIntegerField(_("année du rapport"))
    introduction = models.TextField(_("introduction"), blank=True, max_length=30000)
    status = models.CharField(
        _("état"), max_length=16, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    pdf = models.FileField(_("rapport (PDF)"), upload_to="quality/reports/", blank=True)
    generated_at = models.DateTimeField(_("PDF produit le"), null=True, blank=True)
    sent_at = models.DateTimeField(_("envoyé le"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("rapport d'activité")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["space", "year"],
                name="quality_report_one_per_year",
                violation_error_message=_("Le rapport de cette année existe déjà."),
            ),
            models.CheckConstraint(
                condition=Q(year__gte=2000, year__lte=2100),
                name="quality_report_plausible_year",
                violation_error_message=_(
                    "L'année du rapport doit être comprise entre 2000 et 2100."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["pret", "envoye"]) | ~Q(pdf=""),
                name="quality_report_ready_has_pdf",
                violation_error_message=_("Un rapport prêt a son PDF."),
            ),
        ]

    def __str__(self):
        return f"Rapport d'activité {self.year}"

    def get_absolute_url(self):
        return reverse("quality:report", args=[self.space.slug, self.year])

    @property
    def deadline(self):
        return rules.report_deadline(self.year)


class ReportDelivery(models.Model):
    """The report sent to one mayor: one row per report and person, so that a second click
    sends nothing twice."""

    report = models.ForeignKey(ActivityReport, on_delete=models.PROTECT, related_name="deliveries")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(
        "territories.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    email = models.EmailField(_("adresse"))
    queued_at = models.DateTimeField(_("mis en file le"), auto_now_add=True)
    delivered_at = models.DateTimeField(_("remis le"), null=True, blank=True)

    class Meta:
        verbose_name = _("envoi du rapport")
        ordering = ["organisation__name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "person"],
                name="quality_delivery_once_per_person",
                violation_error_message=_("Le rapport a déjà été envoyé à cette personne."),
            )
        ]

    def __str__(self):
        return f"{self.report} → {self.email}"

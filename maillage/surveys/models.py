"""Surveys (enquêtes): an agent builds a questionnaire and sends it to a target of the space.

Anonymity is structural: the answers of an anonymous survey (Response, Answer) carry no link
to a person or an organisation, random UUID keys and only the date; a separate Participation
row (person, survey) only prevents a second answer. See docs/participation-enquetes.md.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Status(models.TextChoices):
    DRAFT = "brouillon", _("Brouillon")
    OPEN = "ouverte", _("Ouverte")
    # "Close" alone is in Django's own catalogue, translated as the verb « Fermer ».
    CLOSED = "close", pgettext_lazy("état d'une enquête", "Close")


class Target(models.TextChoices):
    ALL = "tous", _("Tous les membres de l'espace")
    MAYORS = "maires", _("Les maires des communes membres")
    AGENTS = "agents", _("Les agents des organisations membres")
    BODY = "instance", _("Les membres d'une instance")
    LIST = "liste", _("Une liste de personnes")


class AnswerUnit(models.TextChoices):
    PERSON = "personne", _("Une réponse par personne")
    ORGANISATION = "organisation", _("Une réponse par organisation membre")


class QuestionKind(models.TextChoices):
    SHORT_TEXT = "texte_court", _("Texte court")
    LONG_TEXT = "texte_long", _("Texte long")
    SINGLE = "choix_unique", _("Choix unique")
    MULTIPLE = "choix_multiple", _("Choix multiple")
    SCALE = "echelle", _("Échelle")
    RANKING = "classement", _("Classement")
    DATE = "date", _("Date")
    FILE = "fichier", _("Fichier")
    MATRIX = "matrice", _("Tableau (lignes × colonnes)")


class SurveyQuerySet(models.QuerySet):
    def accepting(self, now=None):
        """Open surveys whose deadline has not passed."""
        return self.filter(status=Status.OPEN, deadline__gt=now or timezone.now())


class Survey(models.Model):
    space = models.ForeignKey(
        "spaces.Space", on_delete=models.CASCADE, related_name="surveys", verbose_name=_("espace")
    )
    title = models.CharField(_("titre"), max_length=200)
    description = models.TextField(
        _("présentation"), blank=True, max_length=10000, help_text=_("En Markdown.")
    )
    deadline = models.DateTimeField(_("date limite de réponse"))
    target = models.CharField(_("destinataires"), max_length=16, choices=Target.choices)
    body = models.ForeignKey(
        "meetings.Body",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("instance"),
    )
    people = models.ManyToManyField(
        "people.Person", blank=True, related_name="+", verbose_name=_("personnes choisies")
    )
    answer_unit = models.CharField(
        _("unité de réponse"), max_length=16, choices=AnswerUnit.choices, default=AnswerUnit.PERSON
    )
    anonymous = models.BooleanField(_("réponses anonymes"), default=False)
    results_shared = models.BooleanField(_("résultats visibles des répondants"), default=False)
    status = models.CharField(
        _("état"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    objects = SurveyQuerySet.as_manager()

    class Meta:
        verbose_name = _("enquête")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(target="instance") | Q(body__isnull=False),
                name="survey_body_target_has_a_body",
                violation_error_message=_("Choisissez l'instance dont les membres répondent."),
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("surveys:detail", args=[self.space.slug, self.pk])

    def is_accepting(self, now=None) -> bool:
        return self.status == Status.OPEN and self.deadline > (now or timezone.now())

    @property
    def status_label(self) -> str:
        """ "Ouverte", "Close", or "Échéance passée" for an open survey past its deadline."""
        if self.status == Status.OPEN and self.deadline <= timezone.now():
            return "Échéance passée"
        return self.get_status_display()


class Question(models.Model):
    """One question. `options` (choices, ranking), `rows` and `columns` (matrix) are lists of
    labels; a conditional question shows only if `condition_question` (an earlier single or
    multiple choice) was answered with one of `condition_values`."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveIntegerField(_("position"))
    kind = models.CharField(_("type de question"), max_length=16, choices=QuestionKind.choices)
    label = models.CharField(_("question"), max_length=500)
    help_text = models.CharField(_("aide"), max_length=500, blank=True)
    required = models.BooleanField(_("réponse obligatoire"), default=False)
    options = models.JSONField(default=list, blank=True)
    rows = models.JSONField(default=list, blank=True)
    columns = models.JSONField(default=list, blank=True)
    scale_min = models.SmallIntegerField(null=True, blank=True)
    scale_max = models.SmallIntegerField(null=True, blank=True)
    min_label = models.CharField(_("libellé du minimum"), max_length=100, blank=True)
    max_label = models.CharField(_("libellé du maximum"), max_length=100, blank=True)
    condition_question = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="dependents"
    )
    condition_values = models.JSONField(default=list, blank=True)

    class Meta:
        verbose_name = _("question")
        ordering = ["survey", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(scale_min__isnull=True)
                | Q(scale_max__isnull=True)
                | Q(scale_min__lt=models.F("scale_max")),
                name="question_scale_min_below_max",
                violation_error_message=_("Le minimum de l'échelle doit être sous le maximum."),
            )
        ]

    def __str__(self):
        return self.label

    @property
    def field_name(self) -> str:
        return f"q{self.pk}"


class Participation(models.Model):
    """Who answered (a person, for an organisation when the unit is the organisation) — only to
    refuse a second answer and to remind the others. No date, no link to the answers."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="participations")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(
        "territories.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("participation")
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "person"],
                condition=Q(organisation__isnull=True),
                name="participation_one_per_person",
                violation_error_message=_("Vous avez déjà répondu à cette enquête."),
            ),
            models.UniqueConstraint(
                fields=["survey", "organisation"],
                condition=Q(organisation__isnull=False),
                name="participation_one_per_organisation",
                violation_error_message=_("Votre organisation a déjà répondu à cette enquête."),
            ),
        ]

    def __str__(self):
        return f"{self.person} → {self.survey}"


class Response(models.Model):
    """One set of answers. For an anonymous survey: no person, no organisation, no time of
    day (the database refuses them); its key is a random UUID."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    anonymous = models.BooleanField(default=False)
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    organisation = models.ForeignKey(
        "territories.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    submitted_on = models.DateField(_("envoyée le"))
    updated_at = models.DateTimeField(_("modifiée le"), null=True, blank=True)

    class Meta:
        verbose_name = _("réponse")
        ordering = ["submitted_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(anonymous=False)
                | Q(person__isnull=True, organisation__isnull=True, updated_at__isnull=True),
                name="response_anonymous_has_no_author",
                violation_error_message=_("Une réponse anonyme ne désigne personne."),
            ),
            models.CheckConstraint(
                condition=Q(anonymous=True) | Q(person__isnull=False),
                name="response_named_has_a_person",
                violation_error_message=_("Une réponse nominative désigne son auteur."),
            ),
            models.UniqueConstraint(
                fields=["survey", "person"],
                condition=Q(person__isnull=False, organisation__isnull=True),
                name="response_one_per_person",
                violation_error_message=_("Vous avez déjà répondu à cette enquête."),
            ),
            models.UniqueConstraint(
                fields=["survey", "organisation"],
                condition=Q(organisation__isnull=False),
                name="response_one_per_organisation",
                violation_error_message=_("Votre organisation a déjà répondu à cette enquête."),
            ),
        ]

    def __str__(self):
        return f"Réponse à {self.survey}"


def _answer_file_path(instance, filename):
    # A random name: the stored path tells nothing about who sent the file.
    extension = filename.rsplit(".", 1)[-1].lower()[:8] if "." in filename else "bin"
    return f"surveys/{instance.response.survey_id}/{uuid.uuid4().hex}.{extension}"


class Answer(models.Model):
    """The answer to one question: `value` is a string, a list (multiple choice, ranking in
    order), a number (scale) or a mapping row → column (matrix); a file is in `file`."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    value = models.JSONField(null=True, blank=True)
    file = models.FileField(upload_to=_answer_file_path, blank=True)
    file_name = models.CharField(max_length=255, blank=True)

    class Meta:
        verbose_name = _("réponse à une question")
        constraints = [
            models.UniqueConstraint(
                fields=["response", "question"],
                name="answer_one_per_question",
                violation_error_message=_("Cette question a déjà une réponse."),
            )
        ]

    def __str__(self):
        return f"{self.question} : {self.value}"


class ReminderSent(models.Model):
    """A reminder step (days before the deadline) done for a survey: never sent twice."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="reminders")
    days_before = models.PositiveSmallIntegerField()
    sent_at = models.DateTimeField(auto_now_add=True)
    recipients = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("relance envoyée")
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "days_before"],
                name="reminder_once_per_survey_and_step",
                violation_error_message=_("Cette relance a déjà été envoyée."),
            )
        ]

    def __str__(self):
        return f"Relance J-{self.days_before} : {self.survey}"

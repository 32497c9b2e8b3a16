"""Formal opinion requests (demandes d'avis): a space asks its member councils, or a body, for
an opinion on a document within a deadline; each one answers once (correctable until the
deadline); silence counts as the rule says (see `rules.py`)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from . import rules


class Audience(models.TextChoices):
    MEMBERS = "membres", _("Les conseils des organisations membres de l'espace")
    BODY = "instance", _("Une instance de l'espace")


class AnswerBy(models.TextChoices):
    PERSON = "personne", _("Chaque membre de l'instance")
    ORGANISATION = "organisation", _("Chaque organisation représentée dans l'instance")


class RuleChoice(models.TextChoices):
    PACTE = rules.Rule.PACTE.value, _("Pacte de gouvernance : 2 mois (article L5211-11-2 du CGCT)")
    MUTUALISATION = (
        rules.Rule.MUTUALISATION.value,
        _("Rapport de mutualisation : 3 mois, silence favorable (article L5211-39-1 du CGCT)"),
    )
    CHOSEN = rules.Rule.CHOSEN.value, _("Délai choisi")


class SilenceChoice(models.TextChoices):
    FAVOURABLE = rules.Silence.FAVOURABLE.value, _("Réputé favorable")
    NO_OPINION = rules.Silence.NO_OPINION.value, _("Sans avis")
    PROCEDURE_CONTINUES = (
        rules.Silence.PROCEDURE_CONTINUES.value,
        _("Pas d'avis rendu, la procédure se poursuit"),
    )


class Status(models.TextChoices):
    DRAFT = "brouillon", _("En préparation")
    OPEN = "ouverte", _("Envoyée, en attente des avis")
    # "Close" alone is in Django's own catalogue, translated as the verb « Fermer ».
    CLOSED = "close", pgettext_lazy("état d'une demande d'avis", "Close")


class OpinionRequestQuerySet(models.QuerySet):
    def due(self, today):
        """Sent requests whose deadline has passed and that are not closed yet."""
        return self.filter(status=Status.OPEN, deadline__lt=today)


class OpinionRequest(models.Model):
    """A space asks for an opinion on a document (a PDF), with a deadline and a silence rule."""

    space = models.ForeignKey(
        "spaces.Space",
        on_delete=models.CASCADE,
        related_name="opinion_requests",
        verbose_name=_("espace"),
    )
    title = models.CharField(_("titre"), max_length=200)
    description = models.TextField(_("présentation"), blank=True, max_length=10000)
    document = models.FileField(_("document (PDF)"), upload_to="opinions/documents/")
    document_name = models.CharField(max_length=255, blank=True)
    audience = models.CharField(
        _("avis demandé à"), max_length=16, choices=Audience.choices, default=Audience.MEMBERS
    )
    body = models.ForeignKey(
        "meetings.Body",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="opinion_requests",
        verbose_name=_("instance"),
    )
    answer_by = models.CharField(
        _("qui répond pour l'instance"), max_length=16, choices=AnswerBy.choices, blank=True
    )
    rule = models.CharField(_("délai"), max_length=32, choices=RuleChoice.choices)
    silence = models.CharField(
        _("sans réponse dans le délai"), max_length=16, choices=SilenceChoice.choices
    )
    deadline = models.DateField(_("date limite de réponse"), null=True, blank=True)
    is_public = models.BooleanField(_("demande publique"), default=False)
    status = models.CharField(
        _("état"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    sent_on = models.DateField(_("envoyée le"), null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OpinionRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("demande d'avis")
        verbose_name_plural = _("demandes d'avis")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(audience=Audience.BODY) & Q(body__isnull=False) & ~Q(answer_by=""))
                | (Q(audience=Audience.MEMBERS) & Q(body__isnull=True) & Q(answer_by="")),
                name="opinionrequest_body_iff_body_audience",
                violation_error_message=_(
                    "Une demande adressée à une instance nomme l'instance et qui y répond ; "
                    "une demande adressée aux membres n'en nomme pas."
                ),
            ),
            models.CheckConstraint(
                condition=Q(rule=RuleChoice.PACTE, silence=SilenceChoice.PROCEDURE_CONTINUES)
                | Q(rule=RuleChoice.MUTUALISATION, silence=SilenceChoice.FAVOURABLE)
                | Q(
                    rule=RuleChoice.CHOSEN,
                    silence__in=[SilenceChoice.FAVOURABLE, SilenceChoice.NO_OPINION],
                ),
                name="opinionrequest_silence_follows_rule",
                violation_error_message=_("Le silence ne se compte pas ainsi sous ce délai."),
            ),
            models.CheckConstraint(
                condition=Q(status=Status.DRAFT)
                | (Q(deadline__isnull=False) & Q(sent_on__isnull=False)),
                name="opinionrequest_sent_has_deadline",
                violation_error_message=_("Une demande envoyée a une date d'envoi et une limite."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("opinions:detail", args=[self.space.slug, self.pk])

    @property
    def by_person(self) -> bool:
        return self.audience == Audience.BODY and self.answer_by == AnswerBy.PERSON

    @property
    def is_draft(self) -> bool:
        return self.status == Status.DRAFT

    def accepts_opinions(self, today) -> bool:
        return self.status == Status.OPEN and rules.is_open(self.deadline, today)

    @property
    def audience_label(self) -> str:
        if self.audience == Audience.BODY:
            return f"{self.body} ({self.get_answer_by_display().lower()})"
        return "Les conseils des organisations membres"


class OpinionTarget(models.Model):
    """Who is asked: a member organisation (or an organisation represented in the body), or a
    person seated in the body; with the day they received the document."""

    request = models.ForeignKey(OpinionRequest, on_delete=models.CASCADE, related_name="targets")
    organisation = models.ForeignKey(
        "territories.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisation"),
    )
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("personne"),
    )
    name = models.CharField(_("nom"), max_length=200)
    received_on = models.DateField(_("reçue le"))

    class Meta:
        verbose_name = _("destinataire")
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["request", "organisation"],
                condition=Q(person__isnull=True),
                name="opiniontarget_one_per_request_and_organisation",
                violation_error_message=_("Cette organisation est déjà destinataire."),
            ),
            models.UniqueConstraint(
                fields=["request", "person"],
                condition=Q(person__isnull=False),
                name="opiniontarget_one_per_request_and_person",
                violation_error_message=_("Cette personne est déjà destinataire."),
            ),
            models.CheckConstraint(
                condition=Q(organisation__isnull=False) | Q(person__isnull=False),
                name="opiniontarget_names_someone",
                violation_error_message=_("Un destinataire est une organisation ou une personne."),
            ),
        ]

    def __str__(self):
        return self.name


class Value(models.TextChoices):
    FAVOURABLE = rules.Outcome.FAVOURABLE.value, _("Favorable")
    RESERVATIONS = rules.Outcome.RESERVATIONS.value, _("Favorable avec réserves")
    UNFAVOURABLE = rules.Outcome.UNFAVOURABLE.value, _("Défavorable")


class Capacity(models.TextChoices):
    HEAD = "executif", _("Le maire ou le président")
    REFERENT = "referent", _("Le référent de l'espace pour l'organisation")
    MEMBER = "membre", _("Le membre de l'instance")
    AGENT = "agent", _("Un agent de l'espace, pour le compte du conseil")


class Opinion(models.Model):
    """The opinion of one target: given once, corrected until the deadline (each correction is
    in the action log)."""

    target = models.ForeignKey(OpinionTarget, on_delete=models.CASCADE, related_name="opinions")
    value = models.CharField(_("avis"), max_length=16, choices=Value.choices)
    comment = models.TextField(_("réserves ou motifs"), blank=True, max_length=10000)
    deliberation_number = models.CharField(
        _("numéro de la délibération"), max_length=60, blank=True
    )
    deliberation_date = models.DateField(_("date de la délibération"), null=True, blank=True)
    deliberation_pdf = models.FileField(
        _("délibération (PDF)"), upload_to="opinions/deliberations/", blank=True
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_by_name = models.CharField(_("saisi par"), max_length=300)
    capacity = models.CharField(_("en qualité de"), max_length=16, choices=Capacity.choices)
    recorded_at = models.DateTimeField(_("saisi le"))
    corrected_at = models.DateTimeField(_("corrigé le"), null=True, blank=True)
    corrections = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("avis")
        verbose_name_plural = _("avis")
        constraints = [
            models.UniqueConstraint(
                fields=["target"],
                name="opinion_one_per_target",
                violation_error_message=_("Un avis est déjà enregistré pour ce destinataire."),
            ),
            models.CheckConstraint(
                condition=Q(value="favorable") | ~Q(comment=""),
                name="opinion_reservations_have_text",
                violation_error_message=_("Des réserves ou un avis défavorable s'expliquent."),
            ),
        ]

    def __str__(self):
        return f"{self.target} : {self.get_value_display()}"

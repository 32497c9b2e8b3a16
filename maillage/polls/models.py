"""Polls for quick collective decisions and for finding a meeting date.

A poll belongs to a space, asks an audience (everyone of the space, the current seats of a
body, or a hand-picked list) and closes at a date. Each person of the audience holds one
stance, which they may change until the close. The results are computed by the pure
functions of `rules.py`; once closed, the author writes the outcome and, for a date poll
linked to a body, an agent turns the chosen date into a sitting in preparation.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import rules


class PollKind(models.TextChoices):
    CONSENT = "consentement", _("Consentement")
    RANKED = "classement", _("Classement des options (vote préférentiel)")
    DOTS = "points", _("Vote par points à répartir")
    SCORE = "notes", _("Notes de 0 à 5")
    DATE = "date", _("Choix d'une date de réunion")


KIND_HINTS = {
    PollKind.CONSENT: "Une proposition : chacun dit d'accord, abstention, pas d'accord ou "
    "blocage, avec une raison.",
    PollKind.RANKED: "Chacun classe les options par ordre de préférence ; le résultat est "
    "calculé par éliminations successives.",
    PollKind.DOTS: "Chacun répartit un nombre de points que vous fixez entre les options.",
    PollKind.SCORE: "Chacun note chaque option de 0 à 5 ; la moyenne départage.",
    PollKind.DATE: "Vous proposez des dates ; chacun répond oui, si nécessaire ou non.",
}


class Audience(models.TextChoices):
    SPACE = "espace", _("Toutes les personnes de l'espace (élus, agents, référents)")
    BODY = "instance", _("Les membres en fonctions d'une instance")
    LIST = "liste", _("Une liste de personnes choisies")


class PollStatus(models.TextChoices):
    OPEN = "ouvert", _("Ouvert")
    CLOSED = "clos", _("Clos")


class PollQuerySet(models.QuerySet):
    def due(self, now=None):
        """Open polls whose closing date has passed: to close."""
        return self.filter(status=PollStatus.OPEN, closes_at__lte=now or timezone.now())


class Poll(models.Model):
    space = models.ForeignKey(
        "spaces.Space", on_delete=models.CASCADE, related_name="polls", verbose_name=_("espace")
    )
    kind = models.CharField(_("type de sondage"), max_length=16, choices=PollKind.choices)
    title = models.CharField(_("question"), max_length=200)
    description = models.TextField(_("présentation"), blank=True, max_length=10000)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("auteur (compte)"),
    )
    author = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="authored_polls",
        verbose_name=_("auteur"),
    )
    audience = models.CharField(_("personnes interrogées"), max_length=16, choices=Audience.choices)
    body = models.ForeignKey(
        "meetings.Body",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="polls",
        verbose_name=_("instance"),
    )
    invitees = models.ManyToManyField(
        "people.Person", through="Invitee", related_name="invited_polls", blank=True
    )
    closes_at = models.DateTimeField(_("clôture"))
    hide_results = models.BooleanField(_("résultats cachés jusqu'à la clôture"), default=False)
    dot_budget = models.PositiveSmallIntegerField(_("points à répartir"), null=True, blank=True)
    status = models.CharField(
        _("état"), max_length=8, choices=PollStatus.choices, default=PollStatus.OPEN
    )
    closed_at = models.DateTimeField(_("clos le"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    outcome = models.TextField(_("conclusion"), blank=True, max_length=10000)
    outcome_at = models.DateTimeField(_("conclusion publiée le"), null=True, blank=True)
    chosen_option = models.ForeignKey(
        "Option",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("date retenue"),
    )
    sitting = models.ForeignKey(
        "meetings.Sitting",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="polls",
        verbose_name=_("séance créée"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PollQuerySet.as_manager()

    class Meta:
        verbose_name = _("sondage")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["space", "status", "closes_at"], name="poll_list_idx")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(audience="instance") | Q(body__isnull=False),
                name="poll_body_audience_has_body",
                violation_error_message=_("Choisissez l'instance dont les membres répondent."),
            ),
            models.CheckConstraint(
                condition=~Q(kind="points")
                | Q(dot_budget__gte=1, dot_budget__lte=rules.DOT_BUDGET_MAX),
                name="poll_dots_have_a_budget",
                violation_error_message=_(
                    "Un vote par points demande un nombre de points à répartir (1 à 100)."
                ),
            ),
            models.CheckConstraint(
                condition=Q(status="ouvert") | Q(closed_at__isnull=False),
                name="poll_closed_has_date",
                violation_error_message=_("Un sondage clos a une date de clôture effective."),
            ),
            models.CheckConstraint(
                condition=Q(sitting__isnull=True) | Q(kind="date", status="clos"),
                name="poll_sitting_from_closed_date_poll",
                violation_error_message=_("Seul un sondage de date clos devient une séance."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("polls:detail", args=[self.space.slug, self.pk])

    @property
    def is_open(self) -> bool:
        """Open until its closing date, even if nobody closed it yet."""
        return self.status == PollStatus.OPEN and self.closes_at > timezone.now()

    @property
    def has_options(self) -> bool:
        return self.kind != PollKind.CONSENT

    @property
    def kind_hint(self) -> str:
        return KIND_HINTS[self.kind]


class Invitee(models.Model):
    """A person of a hand-picked audience."""

    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="invitee_rows")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("personne interrogée")
        constraints = [
            models.UniqueConstraint(
                fields=["poll", "person"],
                name="invitee_once_per_poll",
                violation_error_message=_("Cette personne est déjà dans la liste."),
            )
        ]

    def __str__(self):
        return f"{self.person_id} ∈ {self.poll_id}"


class Option(models.Model):
    """One option of a poll: a label, or a date and time for a date poll."""

    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="options")
    position = models.PositiveSmallIntegerField()
    label = models.CharField(_("option"), max_length=200)
    starts_at = models.DateTimeField(_("date et heure"), null=True, blank=True)

    class Meta:
        verbose_name = _("option")
        ordering = ["poll", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["poll", "position"],
                name="option_unique_position",
                violation_error_message=_("Deux options ont la même place."),
            )
        ]

    def __str__(self):
        return self.label


class Stance(models.Model):
    """A person's answer to a poll: one per poll and person, replaced when they change it.

    `consent` and `reason` carry a consent stance; `values` (one row per option) carry the
    ranks, points, scores or date answers of the other kinds."""

    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="stances")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    consent = models.CharField(
        _("position"),
        max_length=16,
        blank=True,
        choices=[(key, label) for key, label in rules.CONSENT_LABELS.items()],
    )
    reason = models.TextField(_("raison"), blank=True, max_length=rules.REASON_MAX_LENGTH)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("réponse")
        constraints = [
            models.UniqueConstraint(
                fields=["poll", "person"],
                name="stance_one_per_person_and_poll",
                violation_error_message=_("Vous avez déjà répondu : votre réponse est modifiée."),
            )
        ]

    def __str__(self):
        return f"{self.person} → {self.poll}"


class StanceValue(models.Model):
    """A stance's value for one option: rank, points, score or date answer (2 oui, 1 si
    nécessaire, 0 non)."""

    stance = models.ForeignKey(Stance, on_delete=models.CASCADE, related_name="values")
    option = models.ForeignKey(Option, on_delete=models.CASCADE, related_name="+")
    value = models.SmallIntegerField()

    class Meta:
        verbose_name = _("valeur d'une réponse")
        constraints = [
            models.UniqueConstraint(
                fields=["stance", "option"],
                name="stancevalue_once_per_option",
                violation_error_message=_("Une option ne reçoit qu'une valeur par réponse."),
            ),
            models.CheckConstraint(
                condition=Q(value__gte=0),
                name="stancevalue_not_negative",
                violation_error_message=_("Une valeur ne peut pas être négative."),
            ),
        ]

    def __str__(self):
        return f"{self.option_id} : {self.value}"

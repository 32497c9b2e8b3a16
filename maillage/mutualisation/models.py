"""Mutualisation: the space's stored contribution scales (barèmes), the scenarios that apply
them to a shared service for a year (their computed lines stored, exact to the cent), the
scenario the élus choose, the statements (appels de contribution) it produces, and the annual
mutualisation report (article L5211-39-1 du CGCT).

The computations are pure functions of `scales.py` / `allocation.py`; these models only keep
their inputs and results.
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

MONEY = {"max_digits": 14, "decimal_places": 2}


class TierPopulation(models.TextChoices):
    MUNICIPALE = "population_municipale", _("Population municipale")
    TOTALE = "population_totale", _("Population totale")


class ScaleQuerySet(models.QuerySet):
    def active(self):
        return self.filter(archived_at__isnull=True)


class Scale(models.Model):
    """A contribution scale of the space: a fixed part per member, then the rest of the total
    split by parts (each a fraction on one basis), with a floor and a ceiling per member and
    the share an EPCI pays for the communes it subscribes for.

    `parts` is a list of {"basis": one of scales.BASES, "fraction": "0.4"}; `tiers` a list of
    {"lower": 0, "upper": 500 or None, "weight": "1"} (population brackets)."""

    space = models.ForeignKey(
        "spaces.Space", on_delete=models.CASCADE, related_name="scales", verbose_name=_("espace")
    )
    name = models.CharField(_("nom"), max_length=200)
    description = models.TextField(_("description"), blank=True, max_length=10000)
    parts = models.JSONField(_("parts"), default=list)
    tiers = models.JSONField(_("tranches"), default=list, blank=True)
    tier_population = models.CharField(
        _("population des tranches"),
        max_length=32,
        choices=TierPopulation.choices,
        default=TierPopulation.MUNICIPALE,
    )
    per_inhabitant_in_tier = models.BooleanField(_("montant par habitant selon la tranche"))
    fixed_amount = models.DecimalField(_("part fixe par membre (€)"), default=0, **MONEY)
    floor = models.DecimalField(_("plancher par membre (€)"), null=True, blank=True, **MONEY)
    ceiling = models.DecimalField(_("plafond par membre (€)"), null=True, blank=True, **MONEY)
    payer_rate = models.DecimalField(
        _("part payée par l'EPCI payeur"), max_digits=5, decimal_places=4, default=0
    )
    archived_at = models.DateTimeField(_("archivé le"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScaleQuerySet.as_manager()

    class Meta:
        verbose_name = _("barème")
        verbose_name_plural = _("barèmes")
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["space", "name"],
                condition=Q(archived_at__isnull=True),
                name="scale_unique_name_in_space",
                violation_error_message="Un barème de l'espace porte déjà ce nom.",
            ),
            models.CheckConstraint(
                condition=Q(floor__isnull=True)
                | Q(ceiling__isnull=True)
                | Q(floor__lte=F("ceiling")),
                name="scale_floor_not_above_ceiling",
                violation_error_message="Le plancher dépasse le plafond.",
            ),
            models.CheckConstraint(
                condition=Q(payer_rate__gte=0) & Q(payer_rate__lte=1),
                name="scale_payer_rate_between_0_and_1",
                violation_error_message="La part payée par l'EPCI est comprise entre 0 et 100 %.",
            ),
            models.CheckConstraint(
                condition=Q(fixed_amount__gte=0)
                & (Q(floor__isnull=True) | Q(floor__gte=0))
                & (Q(ceiling__isnull=True) | Q(ceiling__gte=0)),
                name="scale_amounts_not_negative",
                violation_error_message="La part fixe, le plancher et le plafond sont positifs.",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("mutualisation:scale", args=[self.space.slug, self.pk])

    @property
    def bases(self) -> set[str]:
        return {part["basis"] for part in self.parts}


class MemberWeight(models.Model):
    """A custom weight of one member organisation for a scale (e.g. its potentiel fiscal)."""

    scale = models.ForeignKey(Scale, on_delete=models.CASCADE, related_name="weights")
    organisation = models.ForeignKey(
        "territories.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("organisation"),
    )
    value = models.DecimalField(_("poids"), max_digits=18, decimal_places=4)

    class Meta:
        verbose_name = _("poids d'un membre")
        verbose_name_plural = _("poids des membres")
        constraints = [
            models.UniqueConstraint(
                fields=["scale", "organisation"],
                name="memberweight_one_per_scale_and_organisation",
                violation_error_message="Ce membre a déjà un poids dans ce barème.",
            ),
            models.CheckConstraint(
                condition=Q(value__gte=0),
                name="memberweight_not_negative",
                violation_error_message="Un poids ne peut pas être négatif.",
            ),
        ]

    def __str__(self):
        return f"{self.organisation} : {self.value}"


class MembersRule(models.TextChoices):
    SUBSCRIBERS = "abonnes", _("Les organisations abonnées au service pendant l'année")
    ALL = "tous", _("Toutes les organisations membres de l'espace pendant l'année")


class ScenarioQuerySet(models.QuerySet):
    def active(self):
        return self.filter(archived_at__isnull=True)


class Scenario(models.Model):
    """A scale applied to a service, a year and a total cost. Its lines are stored when it is
    computed; `inputs_digest` tells whether the inputs changed since."""

    space = models.ForeignKey(
        "spaces.Space", on_delete=models.CASCADE, related_name="scenarios", verbose_name=_("espace")
    )
    name = models.CharField(_("nom"), max_length=200)
    service = models.ForeignKey(
        "catalogue.Service",
        on_delete=models.PROTECT,
        related_name="scenarios",
        verbose_name=_("service"),
    )
    scale = models.ForeignKey(
        Scale, on_delete=models.PROTECT, related_name="scenarios", verbose_name=_("barème")
    )
    year = models.PositiveSmallIntegerField(_("année"))
    total = models.DecimalField(_("coût total à répartir (€)"), **MONEY)
    members_rule = models.CharField(
        _("membres concernés"),
        max_length=16,
        choices=MembersRule.choices,
        default=MembersRule.SUBSCRIBERS,
    )
    computed_at = models.DateTimeField(_("calculé le"), null=True, blank=True)
    inputs_digest = models.CharField(max_length=64, blank=True)
    chosen = models.BooleanField(_("retenu"), default=False)
    chosen_at = models.DateTimeField(_("retenu le"), null=True, blank=True)
    chosen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    deliberation = models.ForeignKey(
        "meetings.Deliberation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("délibération"),
    )
    vote = models.ForeignKey(
        "meetings.Vote",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("vote"),
    )
    archived_at = models.DateTimeField(_("archivé le"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScenarioQuerySet.as_manager()

    class Meta:
        verbose_name = _("scénario")
        verbose_name_plural = _("scénarios")
        ordering = ["-year", "service", "created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(total__gte=0),
                name="scenario_total_not_negative",
                violation_error_message="Le coût total ne peut pas être négatif.",
            ),
            models.UniqueConstraint(
                fields=["service", "year"],
                condition=Q(chosen=True),
                name="scenario_one_chosen_per_service_and_year",
                violation_error_message=(
                    "Un scénario est déjà retenu pour ce service et cette année."
                ),
            ),
            models.CheckConstraint(
                condition=Q(chosen=False)
                | (
                    Q(computed_at__isnull=False)
                    & (Q(deliberation__isnull=False) | Q(vote__isnull=False))
                ),
                name="scenario_chosen_by_a_decision",
                violation_error_message=(
                    "Un scénario retenu est calculé et lié à une délibération ou à un vote."
                ),
            ),
            models.CheckConstraint(
                condition=Q(chosen=False) | Q(archived_at__isnull=True),
                name="scenario_chosen_not_archived",
                violation_error_message="Un scénario retenu ne s'archive pas.",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.service}, {self.year})"

    def get_absolute_url(self):
        return reverse("mutualisation:scenario", args=[self.space.slug, self.pk])


class ScenarioLine(models.Model):
    """One member's (or one payer's) line of a computed scenario, with the inputs used."""

    scenario = models.ForeignKey(Scenario, on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveIntegerField()
    organisation = models.ForeignKey(
        "territories.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("membre"), max_length=200)
    is_member = models.BooleanField(default=True)  # False: a payer absent from the members
    population_municipale = models.PositiveIntegerField(null=True, blank=True)
    population_totale = models.PositiveIntegerField(null=True, blank=True)
    units = models.DecimalField(max_digits=12, decimal_places=2, default=0)
    weight = models.DecimalField(max_digits=18, decimal_places=4, null=True, blank=True)
    paid_by = models.ForeignKey(
        "territories.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    computed = models.DecimalField(**MONEY)
    own_share = models.DecimalField(**MONEY)
    paid_by_payer = models.DecimalField(**MONEY)
    paid_for_others = models.DecimalField(**MONEY)
    amount = models.DecimalField(_("montant appelé"), **MONEY)
    # The line's share of the total called, in %, stored when the scenario is computed so that
    # the comparison reads only the members it shows (the shares of a scenario sum to 100,00).
    share = models.DecimalField(_("part du total (%)"), max_digits=5, decimal_places=2, default=0)
    floored = models.BooleanField(default=False)
    capped = models.BooleanField(default=False)
    explanation = models.TextField(blank=True)

    class Meta:
        verbose_name = _("ligne de scénario")
        ordering = ["scenario", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["scenario", "organisation"],
                name="scenarioline_one_per_organisation",
                violation_error_message="Ce membre a déjà une ligne dans ce scénario.",
            ),
            models.CheckConstraint(
                condition=Q(share__gte=0) & Q(share__lte=100),
                name="scenarioline_share_between_0_and_100",
                violation_error_message="La part d'un membre est comprise entre 0 et 100 %.",
            ),
        ]

    def __str__(self):
        return f"{self.name} : {self.amount} €"


class StatementStatus(models.TextChoices):
    DRAFT = "brouillon", _("En préparation")
    SENT = "envoye", _("Envoyé")


class StatementQuerySet(models.QuerySet):
    def sent(self):
        return self.filter(status=StatementStatus.SENT)


class Statement(models.Model):
    """An appel de contribution: what one paying member owes for a service and a year, from
    the chosen scenario. Once sent it never changes; a correction is a new statement that
    references it, with the difference."""

    space = models.ForeignKey("spaces.Space", on_delete=models.PROTECT, related_name="statements")
    scenario = models.ForeignKey(Scenario, on_delete=models.PROTECT, related_name="statements")
    organisation = models.ForeignKey(
        "territories.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("membre appelé"),
    )
    year = models.PositiveSmallIntegerField(_("année"))
    sequence = models.PositiveIntegerField(_("numéro d'ordre"))
    amount = models.DecimalField(_("montant (€)"), **MONEY)
    detail = models.JSONField(_("détail"), default=list)
    explanation = models.TextField(_("explication"), blank=True, max_length=10000)
    corrects = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrections",
        verbose_name=_("corrige l'appel"),
    )
    difference = models.DecimalField(_("écart avec l'appel corrigé (€)"), null=True, **MONEY)
    status = models.CharField(
        _("état"), max_length=16, choices=StatementStatus.choices, default=StatementStatus.DRAFT
    )
    pdf = models.FileField(upload_to="mutualisation/appels/", blank=True)
    sent_at = models.DateTimeField(_("envoyé le"), null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = StatementQuerySet.as_manager()

    class Meta:
        verbose_name = _("appel de contribution")
        verbose_name_plural = _("appels de contribution")
        ordering = ["-year", "-sequence"]
        constraints = [
            models.UniqueConstraint(
                fields=["space", "year", "sequence"],
                name="statement_unique_number",
                violation_error_message="Ce numéro d'appel de contribution est déjà pris.",
            ),
            models.UniqueConstraint(
                fields=["scenario", "organisation"],
                condition=Q(corrects__isnull=True),
                name="statement_one_per_scenario_and_member",
                violation_error_message="Ce membre a déjà un appel pour ce scénario.",
            ),
            models.CheckConstraint(
                condition=Q(amount__gte=0),
                name="statement_amount_not_negative",
                violation_error_message="Le montant d'un appel ne peut pas être négatif.",
            ),
            models.CheckConstraint(
                condition=(Q(corrects__isnull=True) & Q(difference__isnull=True))
                | (Q(corrects__isnull=False) & Q(difference__isnull=False)),
                name="statement_correction_has_difference",
                violation_error_message="Une correction indique l'écart avec l'appel corrigé.",
            ),
            models.CheckConstraint(
                condition=Q(status=StatementStatus.DRAFT) | Q(sent_at__isnull=False),
                name="statement_sent_has_date",
                violation_error_message="Un appel envoyé a une date d'envoi.",
            ),
        ]

    def __str__(self):
        return f"Appel n° {self.number} — {self.organisation}"

    @property
    def number(self) -> str:
        return f"{self.year}-{self.sequence:04d}"

    @property
    def is_sent(self) -> bool:
        return self.status == StatementStatus.SENT

    def get_absolute_url(self):
        return reverse("mutualisation:statement", args=[self.space.slug, self.pk])

    def save(self, *args, **kwargs):
        # A sent statement is what the member received: it never changes (a correction is a
        # new statement). Checked against the stored row, whatever the caller holds.
        if self.pk is not None:
            stored = Statement.objects.filter(pk=self.pk).values_list("status", flat=True).first()
            if stored == StatementStatus.SENT:
                raise ValueError("Un appel de contribution envoyé ne se modifie plus.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.is_sent:
            raise ValueError("Un appel de contribution envoyé ne se supprime pas.")
        return super().delete(*args, **kwargs)


class AnnualReport(models.Model):
    """The annual mutualisation report of a space for a year (article L5211-39-1 du CGCT),
    with the agent's introduction and progress text; the figures are gathered when printed.
    Once sent for opinion, it names the opinion request."""

    space = models.ForeignKey("spaces.Space", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField(_("année"))
    intro = models.TextField(_("introduction"), blank=True, max_length=20000)
    progress = models.TextField(_("avancement du schéma"), blank=True, max_length=20000)
    opinion_request = models.ForeignKey(
        "opinions.OpinionRequest",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("demande d'avis"),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("rapport annuel de mutualisation")
        verbose_name_plural = _("rapports annuels de mutualisation")
        constraints = [
            models.UniqueConstraint(
                fields=["space", "year"],
                name="annualreport_one_per_space_and_year",
                violation_error_message="Le rapport de cette année existe déjà.",
            )
        ]

    def __str__(self):
        return f"Rapport de mutualisation {self.year}"


ZERO = Decimal("0.00")

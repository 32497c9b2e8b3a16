"""Projet de territoire, feuille de route pluriannuelle et expérimentations.

- The projet de territoire is a tree: axes → objectives → actions, ordered by `position`
  and numbered on screen (1, 1.2, 1.2.3); each action is carried by projects
  (`projects.Project`), whose progress rolls up (see `rules.py` and `progress.py`).
- The roadmap has one working version (the `RoadmapItem` rows not archived) and numbered
  `RoadmapVersion` records: a version is proposed (its items are frozen as a JSON snapshot
  at that moment), then adopted by a deliberation of the same space, or withdrawn.
- An experiment tests a hypothesis with pilot member organisations over a period and ends
  with a decision (generalise / adapt / stop). A decision is never edited: a new decision
  is a new record that supersedes the previous one.

Nothing with history is deleted: axes, objectives, actions, items and experiments are
archived (`archived_at`).
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

YEAR_MIN = 2000
YEAR_MAX = 2100


class LiveQuerySet(models.QuerySet):
    def live(self):
        """Not archived."""
        return self.filter(archived_at__isnull=True)


# --- Projet de territoire ------------------------------------------------------------------------


class Axis(models.Model):
    space = models.ForeignKey(
        "spaces.Space", on_delete=models.CASCADE, related_name="axes", verbose_name=_("espace")
    )
    position = models.PositiveIntegerField(_("rang"))
    title = models.CharField(_("intitulé"), max_length=200)
    description = models.TextField(_("description"), blank=True, max_length=20000)
    archived_at = models.DateTimeField(_("archivé le"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = LiveQuerySet.as_manager()

    class Meta:
        verbose_name = _("axe")
        ordering = ["space", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["space", "position"],
                name="axis_unique_position",
                violation_error_message=_("Deux axes ont le même rang : réessayez."),
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("roadmap:territory", args=[self.space.slug]) + f"#axe-{self.pk}"


class Objective(models.Model):
    axis = models.ForeignKey(
        Axis, on_delete=models.PROTECT, related_name="objectives", verbose_name=_("axe")
    )
    position = models.PositiveIntegerField(_("rang"))
    title = models.CharField(_("intitulé"), max_length=200)
    description = models.TextField(_("description"), blank=True, max_length=20000)
    archived_at = models.DateTimeField(_("archivé le"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = LiveQuerySet.as_manager()

    class Meta:
        verbose_name = _("objectif")
        ordering = ["axis", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["axis", "position"],
                name="objective_unique_position",
                violation_error_message=_("Deux objectifs de l'axe ont le même rang : réessayez."),
            )
        ]

    def __str__(self):
        return self.title


class Action(models.Model):
    objective = models.ForeignKey(
        Objective, on_delete=models.PROTECT, related_name="actions", verbose_name=_("objectif")
    )
    position = models.PositiveIntegerField(_("rang"))
    title = models.CharField(_("intitulé"), max_length=200)
    description = models.TextField(_("description"), blank=True, max_length=20000)
    projects = models.ManyToManyField(
        "projects.Project",
        blank=True,
        related_name="territory_actions",
        verbose_name=_("projets qui la portent"),
    )
    archived_at = models.DateTimeField(_("archivée le"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = LiveQuerySet.as_manager()

    class Meta:
        verbose_name = _("action")
        ordering = ["objective", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["objective", "position"],
                name="action_unique_position",
                violation_error_message=_(
                    "Deux actions de l'objectif ont le même rang : réessayez."
                ),
            )
        ]

    def __str__(self):
        return self.title


# --- Feuille de route ----------------------------------------------------------------------------


class Priority(models.IntegerChoices):
    HIGH = 1, _("Haute")
    MEDIUM = 2, _("Moyenne")
    LOW = 3, _("Basse")


class ItemStatus(models.TextChoices):
    PLANNED = "prevu", _("Prévu")
    IN_PROGRESS = "en_cours", _("En cours")
    DONE = "realise", _("Réalisé")
    POSTPONED = "reporte", _("Reporté")
    DROPPED = "abandonne", _("Abandonné")


class RoadmapItemQuerySet(LiveQuerySet):
    def working(self, space):
        """The items of the space's working version (not archived)."""
        return self.live().filter(space=space)

    def status_counts(self, space) -> dict[str, int]:
        """Items of the working version per status (every status present, 0 when none)."""
        counts = dict.fromkeys(ItemStatus.values, 0)
        rows = self.working(space).order_by().values("status").annotate(n=models.Count("pk"))
        counts.update({row["status"]: row["n"] for row in rows})
        return counts


class RoadmapItem(models.Model):
    """An item of the working version of the roadmap."""

    space = models.ForeignKey(
        "spaces.Space",
        on_delete=models.CASCADE,
        related_name="roadmap_items",
        verbose_name=_("espace"),
    )
    title = models.CharField(_("intitulé"), max_length=200)
    description = models.TextField(_("description"), blank=True, max_length=20000)
    priority = models.PositiveSmallIntegerField(
        _("priorité"), choices=Priority.choices, default=Priority.MEDIUM
    )
    year_from = models.PositiveSmallIntegerField(_("année de début"))
    year_to = models.PositiveSmallIntegerField(_("année de fin"))
    budget = models.DecimalField(
        _("moyens financiers (€)"), max_digits=14, decimal_places=2, default=0
    )
    fte = models.DecimalField(_("moyens humains (ETP)"), max_digits=6, decimal_places=2, default=0)
    status = models.CharField(
        _("état"), max_length=16, choices=ItemStatus.choices, default=ItemStatus.PLANNED
    )
    needs = models.ManyToManyField(
        "needs.Need", blank=True, related_name="roadmap_items", verbose_name=_("besoins")
    )
    projects = models.ManyToManyField(
        "projects.Project", blank=True, related_name="roadmap_items", verbose_name=_("projets")
    )
    archived_at = models.DateTimeField(_("retiré le"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = RoadmapItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("élément de la feuille de route")
        verbose_name_plural = _("éléments de la feuille de route")
        ordering = ["priority", "year_from", "title", "id"]
        indexes = [models.Index(fields=["space", "archived_at"], name="roadmapitem_working_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(year_to__gte=F("year_from")),
                name="roadmapitem_years_in_order",
                violation_error_message=_("L'année de fin précède l'année de début."),
            ),
            models.CheckConstraint(
                condition=Q(year_from__gte=YEAR_MIN, year_to__lte=YEAR_MAX),
                name="roadmapitem_years_plausible",
                violation_error_message=_("Les années vont de 2000 à 2100."),
            ),
            models.CheckConstraint(
                condition=Q(budget__gte=0, fte__gte=0),
                name="roadmapitem_means_not_negative",
                violation_error_message=_("Les moyens ne peuvent pas être négatifs."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("roadmap:item_edit", args=[self.space.slug, self.pk])


class VersionStatus(models.TextChoices):
    PROPOSED = "proposee", _("Proposée")
    ADOPTED = "adoptee", _("Adoptée")
    WITHDRAWN = "retiree", _("Retirée")


class RoadmapVersionQuerySet(models.QuerySet):
    def adopted(self):
        return self.filter(status=VersionStatus.ADOPTED)

    def last_adopted(self, space):
        """The version in force: the last one adopted (None before the first adoption)."""
        return self.adopted().filter(space=space).order_by("-number").first()


class RoadmapVersion(models.Model):
    """A numbered version of the roadmap, frozen when proposed: `snapshot` holds its items
    as plain values (see `services.roadmap.snapshot_items`), so that later edits of the
    working version never change what the élus adopted."""

    space = models.ForeignKey(
        "spaces.Space",
        on_delete=models.CASCADE,
        related_name="roadmap_versions",
        verbose_name=_("espace"),
    )
    number = models.PositiveIntegerField(_("numéro"))
    note = models.TextField(_("note de présentation"), blank=True, max_length=10000)
    snapshot = models.JSONField(_("éléments"), default=list)
    status = models.CharField(
        _("état"), max_length=16, choices=VersionStatus.choices, default=VersionStatus.PROPOSED
    )
    proposed_at = models.DateTimeField(_("proposée le"), auto_now_add=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    deliberation = models.ForeignKey(
        "meetings.Deliberation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="roadmap_versions",
        verbose_name=_("délibération"),
    )
    adopted_at = models.DateTimeField(_("adoptée le"), null=True, blank=True)
    adopted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    withdrawn_at = models.DateTimeField(_("retirée le"), null=True, blank=True)

    objects = RoadmapVersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("version de la feuille de route")
        verbose_name_plural = _("versions de la feuille de route")
        ordering = ["space", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["space", "number"],
                name="roadmapversion_unique_number",
                violation_error_message=_("Cette version existe déjà : réessayez."),
            ),
            models.UniqueConstraint(
                fields=["space"],
                condition=Q(status="proposee"),
                name="roadmapversion_one_proposed",
                violation_error_message=_(
                    "Une version est déjà proposée : faites-la adopter ou retirez-la d'abord."
                ),
            ),
            models.UniqueConstraint(
                fields=["deliberation"],
                name="roadmapversion_one_per_deliberation",
                violation_error_message=_(
                    "Cette délibération adopte déjà une autre version de la feuille de route."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(status="adoptee")
                | Q(deliberation__isnull=False, adopted_at__isnull=False),
                name="roadmapversion_adopted_by_a_deliberation",
                violation_error_message=_("Une version adoptée l'est par une délibération."),
            ),
        ]

    def __str__(self):
        return f"Feuille de route, version {self.number}"

    def get_absolute_url(self):
        return reverse("roadmap:version", args=[self.space.slug, self.number])


# --- Expérimentations ----------------------------------------------------------------------------


class Experiment(models.Model):
    space = models.ForeignKey(
        "spaces.Space",
        on_delete=models.CASCADE,
        related_name="experiments",
        verbose_name=_("espace"),
    )
    title = models.CharField(_("intitulé"), max_length=200)
    hypothesis = models.TextField(_("hypothèse"), max_length=10000)
    criteria = models.TextField(_("critères d'évaluation"), max_length=10000)
    pilots = models.ManyToManyField(
        "territories.Organisation",
        blank=True,
        related_name="pilot_experiments",
        verbose_name=_("organisations pilotes"),
    )
    start_date = models.DateField(_("début"))
    end_date = models.DateField(_("fin"))
    results = models.TextField(_("résultats"), blank=True, max_length=20000)
    survey = models.ForeignKey(
        "surveys.Survey",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="experiments",
        verbose_name=_("enquête des pilotes"),
    )
    archived_at = models.DateTimeField(_("archivée le"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = LiveQuerySet.as_manager()

    class Meta:
        verbose_name = _("expérimentation")
        ordering = ["-start_date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")),
                name="experiment_ends_after_it_starts",
                violation_error_message=_("La fin de l'expérimentation précède son début."),
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("roadmap:experiment", args=[self.space.slug, self.pk])


class DecisionOutcome(models.TextChoices):
    GENERALISE = "generaliser", _("Généraliser")
    ADAPT = "adapter", _("Adapter")
    STOP = "arreter", _("Arrêter")


class Decision(models.Model):
    """The decision that ends an experiment. Final: never edited; a later decision is a new
    record that `supersedes` the previous one (one chain per experiment)."""

    experiment = models.ForeignKey(Experiment, on_delete=models.PROTECT, related_name="decisions")
    outcome = models.CharField(_("décision"), max_length=16, choices=DecisionOutcome.choices)
    reason = models.TextField(_("motif"), max_length=10000)
    decided_on = models.DateField(_("date de la décision"))
    deliberation = models.ForeignKey(
        "meetings.Deliberation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="experiment_decisions",
        verbose_name=_("délibération"),
    )
    body = models.ForeignKey(
        "meetings.Body",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="experiment_decisions",
        verbose_name=_("instance qui décide"),
    )
    roadmap_item = models.ForeignKey(
        RoadmapItem,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decisions",
        verbose_name=_("élément de la feuille de route"),
    )
    supersedes = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="superseded_by",
        verbose_name=_("remplace la décision"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("décision d'expérimentation")
        ordering = ["experiment", "recorded_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["experiment"],
                condition=Q(supersedes__isnull=True),
                name="decision_one_first_per_experiment",
                violation_error_message=_(
                    "Cette expérimentation a déjà une décision : une nouvelle décision la remplace."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.get_outcome_display()} — {self.experiment}"

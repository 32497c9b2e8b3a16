"""Transverse projects of a space: the communes involved, milestones, budget, indicators, news.

The core fields of `Project` (space, title, description, status, start_date, end_date,
communes, is_public, archived_at, created_by) are the ones other capabilities rely on (the
roadmap, the dashboards, the public portal): keep their names and meaning. Every change goes
through `services.py`; the roll-ups (progress, budget sums) are in `progress.py` / `rules.py`.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

MONEY = {"max_digits": 14, "decimal_places": 2}


class ProjectStatus(models.TextChoices):
    IDEA = "idee", _("Idée")
    STUDY = "etude", _("À l'étude")
    COMMITTED = "engage", _("Engagé")
    IN_PROGRESS = "en_cours", _("En cours")
    DONE = "termine", _("Terminé")
    ABANDONED = "abandonne", _("Abandonné")


class Weather(models.TextChoices):
    """The "météo" of a project, given by its team in a status update."""

    ON_TRACK = "ok", _("Dans les temps")
    AT_RISK = "risque", _("À surveiller")
    LATE = "retard", _("En retard")


class ProjectQuerySet(models.QuerySet):
    def active(self):
        """Projects that are not archived: the ones lists and dashboards show."""
        return self.filter(archived_at__isnull=True)

    def visible_to_public(self):
        return self.active().filter(is_public=True)


class Project(models.Model):
    space = models.ForeignKey(
        "spaces.Space", on_delete=models.CASCADE, related_name="projects", verbose_name=_("espace")
    )
    title = models.CharField(_("intitulé"), max_length=200)
    description = models.TextField(_("description"), blank=True, max_length=20000)
    status = models.CharField(
        _("état"), max_length=16, choices=ProjectStatus.choices, default=ProjectStatus.IDEA
    )
    start_date = models.DateField(_("début"), null=True, blank=True)
    end_date = models.DateField(_("fin prévue"), null=True, blank=True)
    # The communes (or other member organisations) the project concerns.
    communes = models.ManyToManyField(
        "territories.Organisation",
        blank=True,
        related_name="projects",
        verbose_name=_("communes concernées"),
    )
    is_public = models.BooleanField(_("visible du public"), default=False)
    archived_at = models.DateTimeField(_("archivé le"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # --- Steering fields (issue 6) ---
    lead_organisation = models.ForeignKey(
        "territories.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="led_projects",
        verbose_name=_("organisation pilote"),
    )
    lead_person = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="led_projects",
        verbose_name=_("chef de projet"),
    )
    # The élus of the communes involved who take part in the project (its team, with the
    # lead person and the agents of the space).
    participants = models.ManyToManyField(
        "people.Person",
        blank=True,
        related_name="projects_joined",
        verbose_name=_("élus associés"),
    )
    body = models.ForeignKey(
        "meetings.Body",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="projects",
        verbose_name=_("commission de suivi"),
    )
    competence = models.ForeignKey(
        "territories.Competence",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="projects",
        verbose_name=_("compétence concernée"),
    )
    need = models.ForeignKey(
        "needs.Need",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="projects",
        verbose_name=_("besoin d'origine"),
    )
    thread = models.ForeignKey(
        "discussions.Thread",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="projects",
        verbose_name=_("échange d'origine"),
    )
    # The météo of the latest status update, kept by services.post_update so that lists
    # filter and show it without a join.
    weather = models.CharField(_("météo"), max_length=8, choices=Weather.choices, blank=True)
    weather_at = models.DateTimeField(_("météo du"), null=True, blank=True)

    objects = ProjectQuerySet.as_manager()

    class Meta:
        verbose_name = _("projet")
        verbose_name_plural = _("projets")
        ordering = ["title", "id"]
        indexes = [
            models.Index(fields=["space", "archived_at", "status"], name="project_list_idx"),
            models.Index(fields=["space", "start_date"], name="project_start_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
                name="project_ends_after_it_starts",
                violation_error_message=_("La fin prévue ne peut pas précéder le début."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=ProjectStatus.values),
                name="project_status_known",
                violation_error_message=_("Cet état de projet n'existe pas."),
            ),
            models.CheckConstraint(
                condition=Q(weather__in=["", *Weather.values]),
                name="project_weather_known",
                violation_error_message=_("Cette météo n'existe pas."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("projects:detail", args=[self.space.slug, self.pk])

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None


class StatusChange(models.Model):
    """One change of a project's status, with its reason (required to abandon or go back)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(_("ancien état"), max_length=16, choices=ProjectStatus.choices)
    to_status = models.CharField(_("nouvel état"), max_length=16, choices=ProjectStatus.choices)
    reason = models.TextField(_("motif"), blank=True, max_length=5000)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("changement d'état")
        ordering = ["-changed_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(from_status=F("to_status")),
                name="statuschange_changes_something",
                violation_error_message=_("Le projet est déjà dans cet état."),
            ),
        ]

    def __str__(self):
        return f"{self.project_id} : {self.from_status} → {self.to_status}"


class Milestone(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("intitulé"), max_length=200)
    due_date = models.DateField(_("échéance"))
    done_on = models.DateField(_("atteint le"), null=True, blank=True)

    class Meta:
        verbose_name = _("jalon")
        ordering = ["due_date", "id"]
        indexes = [models.Index(fields=["project", "due_date"], name="milestone_project_idx")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(title=""),
                name="milestone_has_title",
                violation_error_message=_("Donnez un intitulé au jalon."),
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def is_done(self) -> bool:
        return self.done_on is not None


class Task(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="tasks")
    milestone = models.ForeignKey(
        Milestone,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tasks",
        verbose_name=_("jalon"),
    )
    title = models.CharField(_("intitulé"), max_length=200)
    owner = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="project_tasks",
        verbose_name=_("responsable"),
    )
    due_date = models.DateField(_("échéance"), null=True, blank=True)
    done_at = models.DateTimeField(_("faite le"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("tâche")
        ordering = [F("due_date").asc(nulls_last=True), "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(title=""),
                name="task_has_title",
                violation_error_message=_("Donnez un intitulé à la tâche."),
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def is_done(self) -> bool:
        return self.done_at is not None


class BudgetLine(models.Model):
    """A line of the project's budget: planned, committed (engagé) and spent (mandaté)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="budget_lines")
    label = models.CharField(_("poste"), max_length=200)
    planned = models.DecimalField(_("prévu (€)"), default=0, **MONEY)
    committed = models.DecimalField(_("engagé (€)"), default=0, **MONEY)
    spent = models.DecimalField(_("dépensé (€)"), default=0, **MONEY)

    class Meta:
        verbose_name = _("ligne budgétaire")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(planned__gte=0) & Q(committed__gte=0) & Q(spent__gte=0),
                name="budgetline_not_negative",
                violation_error_message=_("Un montant du budget ne peut pas être négatif."),
            ),
            models.CheckConstraint(
                condition=Q(spent__lte=F("committed")),
                name="budgetline_spent_within_committed",
                violation_error_message=_(
                    "Le dépensé ne peut pas dépasser l'engagé : engagez d'abord la dépense."
                ),
            ),
            models.UniqueConstraint(
                fields=["project", "label"],
                name="budgetline_unique_label",
                violation_error_message=_("Ce projet a déjà une ligne budgétaire de ce nom."),
            ),
        ]

    def __str__(self):
        return self.label


class FundingSource(models.Model):
    """Who pays for the project: the EPCI's own budget, a State grant (DETR, DSIL…), the
    région, the communes…"""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="funding_sources")
    name = models.CharField(_("financeur"), max_length=200)
    amount = models.DecimalField(_("montant (€)"), **MONEY)

    class Meta:
        verbose_name = _("source de financement")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gte=0),
                name="funding_not_negative",
                violation_error_message=_("Un financement ne peut pas être négatif."),
            ),
            models.UniqueConstraint(
                fields=["project", "name"],
                name="funding_unique_name",
                violation_error_message=_("Ce financeur figure déjà dans le plan de financement."),
            ),
        ]

    def __str__(self):
        return self.name


class Unit(models.TextChoices):
    PERCENT = "%", _("%")
    EURO = "€", _("€")
    COUNT = "nombre", _("nombre")
    KM = "km", _("km")
    TONNES = "tonnes", _("tonnes")
    HOURS = "heures", _("heures")
    KWH = "kWh", _("kWh")
    M2 = "m²", _("m²")
    PEOPLE = "personnes", _("personnes")
    DAYS = "jours", _("jours")


class Direction(models.TextChoices):
    UP = "hausse", _("Plus c'est haut, mieux c'est")
    DOWN = "baisse", _("Plus c'est bas, mieux c'est")


class Indicator(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="indicators")
    name = models.CharField(_("indicateur"), max_length=200)
    unit = models.CharField(_("unité"), max_length=12, choices=Unit.choices)
    baseline = models.DecimalField(_("valeur de départ"), **MONEY)
    target = models.DecimalField(_("cible"), **MONEY)
    direction = models.CharField(
        _("sens"), max_length=8, choices=Direction.choices, default=Direction.UP
    )

    class Meta:
        verbose_name = _("indicateur")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(unit__in=Unit.values),
                name="indicator_unit_known",
                violation_error_message=_("Choisissez une unité de la liste."),
            ),
            models.UniqueConstraint(
                fields=["project", "name"],
                name="indicator_unique_name",
                violation_error_message=_("Ce projet a déjà un indicateur de ce nom."),
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.unit})"


class Measurement(models.Model):
    """A dated value of an indicator, in the indicator's unit (kept on the row too, so that a
    change of unit never silently reinterprets past values)."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="measurements")
    measured_on = models.DateField(_("date de la mesure"))
    value = models.DecimalField(_("valeur"), **MONEY)
    unit = models.CharField(_("unité"), max_length=12, choices=Unit.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("mesure")
        ordering = ["-measured_on", "-id"]
        indexes = [
            models.Index(fields=["indicator", "-measured_on"], name="measurement_latest_idx")
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "measured_on"],
                name="measurement_one_per_day",
                violation_error_message=_(
                    "Une mesure existe déjà à cette date pour cet indicateur."
                ),  # noqa: E501
            ),
        ]

    def __str__(self):
        return f"{self.value} {self.unit} ({self.measured_on})"


class StatusUpdate(models.Model):
    """A news item of the project team: its météo and a Markdown text."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="updates")
    weather = models.CharField(_("météo"), max_length=8, choices=Weather.choices)
    text = models.TextField(_("texte"), max_length=10000)
    author = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("auteur"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("point d'étape")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["project", "-created_at"], name="statusupdate_latest_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(weather__in=Weather.values),
                name="statusupdate_weather_known",
                violation_error_message=_("Choisissez la météo du projet."),
            ),
        ]

    def __str__(self):
        return f"{self.project_id} {self.get_weather_display()}"


class Follow(models.Model):
    """A person who follows a project: told of its status updates and comments."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="follows")
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("abonnement à un projet")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "person"],
                name="follow_once_per_project",
                violation_error_message=_("Vous suivez déjà ce projet."),
            )
        ]

    def __str__(self):
        return f"{self.person_id} → {self.project_id}"

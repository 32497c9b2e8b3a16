"""Forms of the steering: elements of the projet de territoire, roadmap items and versions,
experiments and their decision. The services check everything again; the forms say the
obvious mistakes under their field."""

from django import forms

from maillage.meetings.models import Body, Deliberation, Outcome
from maillage.needs.models import Need
from maillage.projects.models import Project
from maillage.surveys.models import Survey
from maillage.territories.models import Organisation

from .models import (
    YEAR_MAX,
    YEAR_MIN,
    Axis,
    DecisionOutcome,
    ItemStatus,
    Objective,
    Priority,
    RoadmapItem,
)

DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]
MARKDOWN_HINT = "Mise en forme Markdown : **gras**, listes à tirets, liens."


def _date_field(label, **kwargs):
    return forms.DateField(
        label=label,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        **kwargs,
    )


def _text(label, *, required=False, max_length=20000, rows=5, help_text=MARKDOWN_HINT):
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": rows}),
        help_text=help_text,
    )


def live_projects(space, linked=()):
    """The space's projects one may link: not archived, plus those already linked."""
    from django.db.models import Q

    return Project.objects.filter(space=space).filter(
        Q(archived_at__isnull=True) | Q(pk__in=[p.pk for p in linked])
    )


# --- Projet de territoire ------------------------------------------------------------------------


class AxisForm(forms.Form):
    title = forms.CharField(label="Intitulé de l'axe", max_length=200)
    description = _text("Description")


class ObjectiveChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.axis.title} › {obj.title}"


class ObjectiveForm(forms.Form):
    axis = forms.ModelChoiceField(
        label="Axe",
        queryset=Axis.objects.none(),
        empty_label="— Choisissez l'axe —",
        error_messages={"required": "Choisissez l'axe auquel l'objectif appartient."},
    )
    title = forms.CharField(label="Intitulé de l'objectif", max_length=200)
    description = _text("Description")

    def __init__(self, *args, space, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["axis"].queryset = Axis.objects.live().filter(space=space)


class ActionForm(forms.Form):
    objective = ObjectiveChoice(
        label="Objectif",
        queryset=Objective.objects.none(),
        empty_label="— Choisissez l'objectif —",
        error_messages={"required": "Choisissez l'objectif auquel l'action appartient."},
    )
    title = forms.CharField(label="Intitulé de l'action", max_length=200)
    description = _text("Description")
    projects = forms.ModelMultipleChoiceField(
        label="Projets qui portent l'action",
        queryset=Project.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="L'avancement de l'action est la moyenne de celui de ses projets.",
    )

    def __init__(self, *args, space, linked=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["objective"].queryset = (
            Objective.objects.live()
            .filter(axis__space=space, axis__archived_at__isnull=True)
            .select_related("axis")
            .order_by("axis__position", "position")
        )
        self.fields["projects"].queryset = live_projects(space, linked)


# --- Feuille de route ----------------------------------------------------------------------------


class ItemForm(forms.Form):
    title = forms.CharField(label="Intitulé", max_length=200)
    description = _text("Description")
    priority = forms.TypedChoiceField(
        label="Priorité", choices=Priority.choices, coerce=int, initial=Priority.MEDIUM
    )
    year_from = forms.IntegerField(label="Année de début", min_value=YEAR_MIN, max_value=YEAR_MAX)
    year_to = forms.IntegerField(label="Année de fin", min_value=YEAR_MIN, max_value=YEAR_MAX)
    budget = forms.DecimalField(
        label="Moyens financiers (€)",
        min_value=0,
        max_digits=14,
        decimal_places=2,
        initial=0,
        help_text="En euros, par exemple 12500 ou 12500,50.",
        localize=True,
    )
    fte = forms.DecimalField(
        label="Moyens humains (ETP)",
        min_value=0,
        max_digits=6,
        decimal_places=2,
        initial=0,
        help_text="En équivalents temps plein, par exemple 0,5.",
        localize=True,
    )
    status = forms.ChoiceField(label="État", choices=ItemStatus.choices)
    needs = forms.ModelMultipleChoiceField(
        label="Besoins auxquels il répond",
        queryset=Need.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    projects = forms.ModelMultipleChoiceField(
        label="Projets auxquels il répond",
        queryset=Project.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, space, linked=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["needs"].queryset = Need.objects.filter(space=space).select_related(
            "organisation"
        )
        self.fields["needs"].label_from_instance = lambda n: f"{n.title} ({n.organisation.name})"
        self.fields["projects"].queryset = live_projects(space, linked)

    def clean(self):
        data = super().clean()
        start, end = data.get("year_from"), data.get("year_to")
        if start and end and end < start:
            self.add_error("year_to", f"L'année de fin précède l'année de début ({start}).")
        return data

    @staticmethod
    def initial_of(item: RoadmapItem) -> dict:
        return {
            "title": item.title,
            "description": item.description,
            "priority": item.priority,
            "year_from": item.year_from,
            "year_to": item.year_to,
            "budget": item.budget,
            "fte": item.fte,
            "status": item.status,
            "needs": list(item.needs.all()),
            "projects": list(item.projects.all()),
        }


class ProposeForm(forms.Form):
    note = _text(
        "Note de présentation",
        max_length=10000,
        help_text="Ce qui change et pourquoi, pour les élus qui l'adopteront. " + MARKDOWN_HINT,
    )


class DeliberationChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"N° {obj.number} du {obj.decided_on:%d/%m/%Y} — {obj.title}"


def adopted_deliberations(space):
    return Deliberation.objects.filter(space=space, outcome=Outcome.ADOPTED).order_by(
        "-year", "-sequence"
    )


class AdoptForm(forms.Form):
    deliberation = DeliberationChoice(
        label="Délibération qui adopte la feuille de route",
        queryset=Deliberation.objects.none(),
        empty_label="— Choisissez la délibération —",
        error_messages={"required": "Choisissez la délibération qui adopte la feuille de route."},
        help_text="Les délibérations adoptées de l'espace, les plus récentes d'abord.",
    )

    def __init__(self, *args, space, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deliberation"].queryset = adopted_deliberations(space).exclude(
            roadmap_versions__isnull=False
        )


# --- Expérimentations ----------------------------------------------------------------------------


class ExperimentForm(forms.Form):
    title = forms.CharField(label="Intitulé", max_length=200)
    hypothesis = _text("Hypothèse", required=True, max_length=10000)
    criteria = _text(
        "Critères d'évaluation",
        required=True,
        max_length=10000,
        help_text="Comment saura-t-on si l'hypothèse est vérifiée ? " + MARKDOWN_HINT,
    )
    pilots = forms.ModelMultipleChoiceField(
        label="Organisations pilotes",
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Des organisations membres de l'espace.",
    )
    start_date = _date_field("Début")
    end_date = _date_field("Fin")
    results = _text("Résultats")
    survey = forms.ModelChoiceField(
        label="Enquête des pilotes",
        queryset=Survey.objects.none(),
        required=False,
        empty_label="— Aucune —",
    )

    def __init__(self, *args, space, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pilots"].queryset = Organisation.objects.filter(
            pk__in=space.members.current().values("organisation_id")
        ).order_by("name")
        self.fields["survey"].queryset = Survey.objects.filter(space=space)

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", "La fin précède le début.")
        return data


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label="Décision", choices=DecisionOutcome.choices, widget=forms.RadioSelect
    )
    reason = _text("Motif", required=True, max_length=10000)
    decided_on = _date_field("Date de la décision")
    deliberation = DeliberationChoice(
        label="Délibération qui décide",
        queryset=Deliberation.objects.none(),
        required=False,
        empty_label="— Aucune —",
    )
    body = forms.ModelChoiceField(
        label="Instance qui décide",
        queryset=Body.objects.none(),
        required=False,
        empty_label="— Aucune —",
    )
    roadmap_item = forms.ModelChoiceField(
        label="Élément de la feuille de route",
        queryset=RoadmapItem.objects.none(),
        required=False,
        empty_label="— Aucun —",
    )
    create_item = forms.BooleanField(
        label="Créer l'élément de la feuille de route (généralisation)", required=False
    )

    def __init__(self, *args, space, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deliberation"].queryset = Deliberation.objects.filter(space=space)
        self.fields["body"].queryset = Body.objects.filter(space=space)
        self.fields["roadmap_item"].queryset = RoadmapItem.objects.working(space)

"""Forms of projects: the card, a status change, a status update, milestones and tasks, budget
lines and funding, indicators and measurements. Amounts and values are typed the French way
("1 250,50"); a value typed with another unit than the indicator's is refused."""

import re
from decimal import Decimal, InvalidOperation

from django import forms

from maillage.meetings.models import Body
from maillage.people.models import ELECTED_FUNCTIONS, Mandate, Person
from maillage.territories.models import Competence, Organisation

from .models import Direction, ProjectStatus, Unit, Weather
from .services import ProjectError
from .services.plan import parse_value
from .services.projects import FOLLOWING_BODY_KINDS

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]


def date_field(label, required=True, **kwargs):
    return forms.DateField(
        label=label, required=required, widget=DATE_WIDGET, input_formats=DATE_FORMATS, **kwargs
    )


class AmountField(forms.CharField):
    """An amount in euros typed the French way: "1 250,50", "1250.5", "1 250 €". Negative
    amounts pass here so that the service says why they are refused."""

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"inputmode": "decimal", "maxlength": "30"})
        )
        super().__init__(**kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        if len(value) > 30:
            raise forms.ValidationError("Ce montant est trop long.")
        cleaned = re.sub(r"[\s\u202f\u00a0€]", "", value).replace(",", ".")
        try:
            return Decimal(cleaned)
        except InvalidOperation as error:
            raise forms.ValidationError(
                f"« {value} » n'est pas un montant : écrivez par exemple 1 250,50."
            ) from error


class PersonChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.full_name


class ElusChoice(forms.ModelMultipleChoiceField):
    """Élus labelled with the organisations where they hold their mandate (`places`)."""

    places: dict[int, list[str]] = {}

    def label_from_instance(self, obj):
        return f"{obj.full_name} ({', '.join(self.places.get(obj.pk, []))})"


class ProjectForm(forms.Form):
    title = forms.CharField(label="Intitulé", max_length=200)
    description = forms.CharField(
        label="Description",
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="Objectifs, contenu, publics… Mise en forme Markdown.",
    )
    status = forms.ChoiceField(label="État", choices=ProjectStatus.choices)
    start_date = date_field("Début", required=False)
    end_date = date_field("Fin prévue", required=False)
    lead_organisation = forms.ModelChoiceField(
        label="Organisation pilote", queryset=Organisation.objects.none(), required=False
    )
    lead_person = PersonChoice(
        label="Chef de projet", queryset=Person.objects.none(), required=False
    )
    communes = forms.ModelMultipleChoiceField(
        label="Communes concernées",
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    participants = ElusChoice(
        label="Élus associés",
        queryset=Person.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Les élus des communes concernées (ou de l'intercommunalité) qui prennent "
        "part au projet ; ils publient des points d'étape et cochent les tâches.",
    )
    body = forms.ModelChoiceField(
        label="Commission de suivi", queryset=Body.objects.none(), required=False
    )
    competence = forms.ModelChoiceField(
        label="Compétence concernée", queryset=Competence.objects.all(), required=False
    )
    is_public = forms.BooleanField(label="Visible du public", required=False)

    def __init__(self, *args, space, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.space = space
        members = Organisation.objects.filter(
            pk__in=space.members.current().values("organisation_id")
        ).order_by("name")
        self.fields["communes"].queryset = members
        self.fields["lead_organisation"].queryset = Organisation.objects.filter(
            pk__in=[*members.values_list("pk", flat=True), space.organisation_id]
        ).order_by("name")
        self.fields["lead_person"].queryset = Person.objects.in_space(space).order_by(
            "last_name", "first_name"
        )
        self.fields["body"].queryset = Body.objects.filter(
            space=space, kind__in=FOLLOWING_BODY_KINDS
        ).order_by("name")
        orgs = [*members.values_list("pk", flat=True), space.organisation_id]
        elected = (
            Mandate.objects.current()
            .filter(organisation_id__in=orgs, function__in=ELECTED_FUNCTIONS)
            .select_related("organisation")
            .order_by("organisation__name")
        )
        names: dict[int, list[str]] = {}
        for mandate in elected:
            names.setdefault(mandate.person_id, [])
            if mandate.organisation.name not in names[mandate.person_id]:
                names[mandate.person_id].append(mandate.organisation.name)
        self.fields["participants"].queryset = Person.objects.filter(pk__in=names).order_by(
            "last_name", "first_name"
        )
        self.fields["participants"].places = names
        if editing:
            del self.fields["status"]

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", "La fin prévue ne peut pas précéder le début.")
        return data


class StatusForm(forms.Form):
    status = forms.ChoiceField(label="Nouvel état", choices=ProjectStatus.choices)
    reason = forms.CharField(
        label="Motif",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Obligatoire pour abandonner le projet, revenir à un état antérieur ou "
        "reprendre un projet abandonné.",
    )


class UpdateForm(forms.Form):
    weather = forms.ChoiceField(
        label="Météo du projet", choices=Weather.choices, widget=forms.RadioSelect
    )
    text = forms.CharField(
        label="Où en est le projet ?",
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Ce qui a avancé, ce qui bloque, ce qui vient. Mise en forme Markdown.",
    )


class MilestoneForm(forms.Form):
    title = forms.CharField(label="Intitulé du jalon", max_length=200)
    due_date = date_field("Échéance")


class MilestoneEditForm(MilestoneForm):
    done_on = date_field("Atteint le", required=False, help_text="Laissez vide s'il ne l'est pas.")


class TaskForm(forms.Form):
    title = forms.CharField(label="Intitulé de la tâche", max_length=200)
    owner = PersonChoice(label="Responsable", queryset=Person.objects.none(), required=False)
    due_date = date_field("Échéance de la tâche", required=False)
    milestone = forms.ModelChoiceField(
        label="Jalon", queryset=None, required=False, empty_label="(aucun)"
    )

    def __init__(self, *args, project, **kwargs):
        kwargs.setdefault("auto_id", "tache_%s")  # beside the milestone form on one page
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = Person.objects.in_space(project.space).order_by(
            "last_name", "first_name"
        )
        self.fields["milestone"].queryset = project.milestones.all()


class BudgetLineForm(forms.Form):
    label = forms.CharField(label="Poste de dépense", max_length=200)
    planned = AmountField(label="Prévu (€)")
    committed = AmountField(label="Engagé (€)", initial="0")
    spent = AmountField(label="Dépensé (€)", initial="0")


class FundingForm(forms.Form):
    name = forms.CharField(label="Financeur", max_length=200)
    amount = AmountField(label="Montant (€)")


class IndicatorForm(forms.Form):
    name = forms.CharField(label="Indicateur", max_length=200)
    unit = forms.ChoiceField(label="Unité", choices=Unit.choices)
    baseline = AmountField(label="Valeur de départ")
    target = AmountField(label="Cible")
    direction = forms.ChoiceField(label="Sens", choices=Direction.choices)


class MeasurementForm(forms.Form):
    measured_on = date_field("Date de la mesure")
    value = forms.CharField(label="Valeur", max_length=40)

    def __init__(self, *args, indicator, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicator = indicator
        self.fields["value"].label = f"Valeur (en {indicator.unit})"
        self.fields[
            "value"
        ].help_text = (
            f"Un nombre, en {indicator.unit} : par exemple 12,5. Une autre unité est refusée."
        )

    def clean_value(self):
        try:
            value, suffix = parse_value(self.cleaned_data["value"])
        except ProjectError as error:
            raise forms.ValidationError(str(error)) from error
        unit = self.indicator.unit
        if suffix and suffix != unit:
            raise forms.ValidationError(
                f"Cet indicateur se mesure en {unit}, pas en {suffix} : saisissez la valeur "
                f"en {unit}."
            )
        return value

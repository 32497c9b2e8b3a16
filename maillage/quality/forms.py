"""Forms of the quality plan: a process, its review and its documents; a line of the
register and each of its steps; the report's introduction."""

from django import forms

from maillage.library.models import Document
from maillage.people.models import Person

from . import rules
from .models import Kind, Status

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]
MARKDOWN_HINT = "Mise en forme Markdown (titres, listes, liens)."


def people_of(space):
    return Person.objects.in_space(space).order_by("last_name", "first_name", "pk")


class PersonChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.full_name


class ProcessForm(forms.Form):
    title = forms.CharField(label="Intitulé", max_length=200)
    purpose = forms.CharField(
        label="Finalité",
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=f"À quoi sert le processus, pour qui. {MARKDOWN_HINT}",
    )
    steps = forms.CharField(
        label="Étapes",
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="Une étape par ligne, dans l'ordre ; la numérotation est ajoutée d'office.",
    )
    owner = PersonChoice(label="Pilote du processus", queryset=Person.objects.none())
    last_review_on = forms.DateField(
        label="Dernière revue le", required=False, widget=DATE, input_formats=DATE_FORMATS
    )
    next_review_on = forms.DateField(
        label="Prochaine revue le", widget=DATE, input_formats=DATE_FORMATS
    )

    def __init__(self, *args, space, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = people_of(space)

    def clean_steps(self):
        steps = rules.parse_steps(self.cleaned_data["steps"])
        error = rules.check_steps(steps)
        if error:
            raise forms.ValidationError(error)
        return steps


class ReviewForm(forms.Form):
    next_review_on = forms.DateField(
        label="Prochaine revue le", widget=DATE, input_formats=DATE_FORMATS
    )
    note = forms.CharField(
        label="Constat de la revue",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class DocumentForm(forms.Form):
    document = forms.ModelChoiceField(
        label="Document de la bibliothèque", required=False, queryset=Document.objects.none()
    )
    url = forms.URLField(label="ou un lien", required=False, assume_scheme="https")
    label = forms.CharField(label="Libellé du lien", required=False, max_length=200)

    def __init__(self, *args, space, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["document"].queryset = (
            Document.objects.current().filter(space=space).order_by("title")
        )

    def clean(self):
        data = super().clean()
        if bool(data.get("document")) == bool(data.get("url")):
            raise forms.ValidationError(
                "Choisissez un document de la bibliothèque ou donnez un lien, pas les deux."
            )
        return data


class ImprovementForm(forms.Form):
    kind = forms.ChoiceField(label="Nature", choices=Kind.choices, widget=forms.RadioSelect)
    title = forms.CharField(label="Intitulé", max_length=200)
    description = forms.CharField(
        label="Description",
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=f"Ce qui gêne ou ce qui pourrait être mieux, avec un exemple. {MARKDOWN_HINT}",
    )


class AnalysisForm(forms.Form):
    analysis = forms.CharField(
        label="Analyse",
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=MARKDOWN_HINT,
    )


class ActionForm(forms.Form):
    action = forms.CharField(
        label="Action décidée",
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=MARKDOWN_HINT,
    )
    owner = PersonChoice(label="Responsable de l'action", queryset=Person.objects.none())
    due_on = forms.DateField(label="Échéance", widget=DATE, input_formats=DATE_FORMATS)

    def __init__(self, *args, space, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = people_of(space)


class ResultForm(forms.Form):
    result = forms.CharField(
        label="Résultat constaté",
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=MARKDOWN_HINT,
    )


class NoActionForm(forms.Form):
    reason = forms.CharField(
        label="Motif du classement sans suite",
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class RegisterFilter(forms.Form):
    status = forms.ChoiceField(
        label="État", required=False, choices=[("", "Tous")] + list(Status.choices)
    )
    kind = forms.ChoiceField(
        label="Nature", required=False, choices=[("", "Toutes")] + list(Kind.choices)
    )
    mine = forms.BooleanField(label="Seulement mes propositions", required=False)


class IntroductionForm(forms.Form):
    introduction = forms.CharField(
        label="Introduction du rapport",
        max_length=30000,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=f"Le mot du président, les faits marquants de l'année. {MARKDOWN_HINT}",
    )

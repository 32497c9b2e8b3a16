"""Builder forms. The answer form is built from the questions in the template and read by
`rules.parse_answers` (one field per question, several for a ranking or a matrix)."""

from django import forms

from maillage.meetings.models import Body
from maillage.people.models import Person

from .models import AnswerUnit, Question, QuestionKind, Target


class PersonChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.full_name


class SurveyForm(forms.Form):
    title = forms.CharField(label="Titre", max_length=200)
    description = forms.CharField(
        label="Présentation",
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Pourquoi cette enquête, ce que vous ferez des réponses. Markdown accepté.",
    )
    deadline = forms.DateTimeField(
        label="Date limite de réponse",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M", "%Y-%m-%d %H:%M"],
        help_text="Les réponses sont refusées à partir de ce moment. Rappels 3 jours et 1 jour "
        "avant.",
    )
    target = forms.ChoiceField(label="Destinataires", choices=Target.choices)
    body = forms.ModelChoiceField(
        label="Instance (si les destinataires sont les membres d'une instance)",
        queryset=Body.objects.none(),
        required=False,
    )
    people = PersonChoiceField(
        label="Personnes (si les destinataires sont une liste)",
        queryset=Person.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text="Maintenez Ctrl (ou ⌘) pour en choisir plusieurs.",
    )
    answer_unit = forms.ChoiceField(
        label="Unité de réponse",
        choices=AnswerUnit.choices,
        help_text="Par organisation : la première personne d'une organisation membre répond "
        "pour elle.",
    )
    anonymous = forms.BooleanField(
        label="Réponses anonymes (les réponses ne sont liées à personne et ne se modifient pas)",
        required=False,
    )
    results_shared = forms.BooleanField(
        label="Montrer les résultats aux répondants", required=False
    )

    def __init__(self, *args, space, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = Body.objects.filter(space=space).order_by("name")
        self.fields["people"].queryset = Person.objects.in_space(space).order_by(
            "last_name", "first_name"
        )

    def clean(self):
        data = super().clean()
        if data.get("target") == Target.BODY and not data.get("body"):
            self.add_error("body", "Choisissez l'instance dont les membres répondent.")
        if data.get("target") == Target.LIST and not data.get("people"):
            self.add_error("people", "Choisissez au moins une personne.")
        return data


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class QuestionForm(forms.Form):
    kind = forms.ChoiceField(label="Type de question", choices=QuestionKind.choices)
    label = forms.CharField(label="Question", max_length=500)
    help_text = forms.CharField(label="Aide (facultatif)", max_length=500, required=False)
    required = forms.BooleanField(label="Réponse obligatoire", required=False)
    options = forms.CharField(
        label="Options (choix unique, choix multiple, classement)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Une option par ligne.",
    )
    rows = forms.CharField(
        label="Lignes du tableau",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Une ligne par ligne, par exemple les services à évaluer.",
    )
    columns = forms.CharField(
        label="Colonnes du tableau",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Une colonne par ligne, par exemple « Satisfait », « Pas satisfait ».",
    )
    scale_min = forms.IntegerField(label="Minimum de l'échelle", required=False, initial=1)
    scale_max = forms.IntegerField(label="Maximum de l'échelle", required=False, initial=5)
    min_label = forms.CharField(label="Libellé du minimum", max_length=100, required=False)
    max_label = forms.CharField(label="Libellé du maximum", max_length=100, required=False)
    condition_question = forms.ModelChoiceField(
        label="Afficher seulement selon la réponse à la question",
        queryset=Question.objects.none(),
        required=False,
        empty_label="Toujours afficher",
    )
    condition_values = forms.CharField(
        label="Réponses qui font apparaître la question",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Une réponse par ligne, recopiée des options de la question choisie.",
    )

    def __init__(self, *args, survey, question=None, **kwargs):
        super().__init__(*args, **kwargs)
        earlier = survey.questions.filter(
            kind__in=[QuestionKind.SINGLE, QuestionKind.MULTIPLE]
        ).order_by("position")
        if question is not None:
            earlier = earlier.filter(position__lt=question.position)
        self.fields["condition_question"].queryset = earlier
        self.fields["condition_question"].label_from_instance = lambda q: f"{q.position}. {q.label}"

    def service_values(self) -> dict:
        data = self.cleaned_data
        return {
            "kind": data["kind"],
            "label": data["label"],
            "help_text": data["help_text"],
            "required": data["required"],
            "options": _lines(data["options"]),
            "rows": _lines(data["rows"]),
            "columns": _lines(data["columns"]),
            "scale_min": data["scale_min"],
            "scale_max": data["scale_max"],
            "min_label": data["min_label"],
            "max_label": data["max_label"],
            "condition_question": data["condition_question"],
            "condition_values": _lines(data["condition_values"]),
        }


def question_initial(question: Question) -> dict:
    return {
        "kind": question.kind,
        "label": question.label,
        "help_text": question.help_text,
        "required": question.required,
        "options": "\n".join(question.options),
        "rows": "\n".join(question.rows),
        "columns": "\n".join(question.columns),
        "scale_min": question.scale_min,
        "scale_max": question.scale_max,
        "min_label": question.min_label,
        "max_label": question.max_label,
        "condition_question": question.condition_question_id,
        "condition_values": "\n".join(question.condition_values),
    }

"""Forms of polls: opening one (its fields follow the kind chosen in a first step), answering
(one form per kind), the outcome, and the place of the sitting."""

import datetime
import re

from django import forms
from django.utils import timezone

from maillage.meetings.models import Body
from maillage.people.models import Person

from . import rules
from .models import Audience, PollKind

DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M", "%d/%m/%Y %Hh%M"]
DATE_LINE = re.compile(
    r"^\s*(\d{1,2})/(\d{1,2})/(\d{4})\s+(?:à\s+)?(\d{1,2})\s*[h:]\s*(\d{2})?\s*$"
)


class KindForm(forms.Form):
    type = forms.ChoiceField(
        label="Type de sondage", choices=PollKind.choices, widget=forms.RadioSelect
    )


def parse_date_line(line: str) -> datetime.datetime:
    """ "25/03/2026 18:00", "25/03/2026 à 18 h 30", "25/03/2026 18h" → an aware datetime."""
    match = DATE_LINE.match(line.replace(" h ", "h"))
    if match is None:
        iso = line.strip()
        for fmt in DATETIME_FORMATS[:2]:
            try:
                return timezone.make_aware(datetime.datetime.strptime(iso, fmt))
            except ValueError:
                continue
        raise forms.ValidationError(
            f"« {line.strip()} » n'est pas une date lisible : écrivez par exemple 25/03/2026 18:00."
        )
    day, month, year, hour, minute = match.groups()
    try:
        naive = datetime.datetime(int(year), int(month), int(day), int(hour), int(minute or 0))
    except ValueError as error:
        raise forms.ValidationError(f"« {line.strip()} » n'est pas une date qui existe.") from error
    return timezone.make_aware(naive)


class PollForm(forms.Form):
    """The poll's fields for one kind (`kind`): options for ranked, dot and score polls, dates
    for a date poll, the number of points for a dot vote."""

    title = forms.CharField(label="Question posée", max_length=200)
    description = forms.CharField(
        label="Présentation",
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Le contexte, la proposition soumise au consentement… Mise en forme Markdown.",
    )
    options = forms.CharField(
        label="Options",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Une option par ligne (2 à 20).",
    )
    dates = forms.CharField(
        label="Dates proposées",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Une date et une heure par ligne, par exemple 25/03/2026 18:00 (heure de Paris).",
    )
    dot_budget = forms.IntegerField(
        label="Points que chacun répartit",
        min_value=1,
        max_value=rules.DOT_BUDGET_MAX,
        initial=10,
    )
    closes_at = forms.DateTimeField(
        label="Clôture du sondage",
        input_formats=DATETIME_FORMATS,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text="Date et heure (heure de Paris) ; on peut aussi clore plus tôt.",
    )
    audience = forms.ChoiceField(
        label="Qui répond ?", choices=Audience.choices, widget=forms.RadioSelect,
        initial=Audience.SPACE,
    )  # fmt: skip
    body = forms.ModelChoiceField(
        label="Instance",
        queryset=Body.objects.none(),
        required=False,
        empty_label="— Aucune —",
        help_text="Pour « les membres d'une instance » ; pour un choix de date, l'instance "
        "dont la séance sera créée à la date retenue.",
    )
    invitees = forms.ModelMultipleChoiceField(
        label="Personnes choisies",
        queryset=Person.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text="Pour « une liste de personnes choisies » ; Ctrl ou ⌘ pour en choisir plusieurs.",
    )
    hide_results = forms.BooleanField(
        label="Cacher les résultats jusqu'à la clôture (seul le nombre de réponses est visible)",
        required=False,
    )

    def __init__(self, *args, space, kind, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.fields["body"].queryset = Body.objects.filter(space=space).order_by("name")
        self.fields["invitees"].queryset = Person.objects.in_space(space).order_by(
            "last_name", "first_name"
        )
        if kind != PollKind.DATE:
            del self.fields["dates"]
        if kind in (PollKind.CONSENT, PollKind.DATE):
            del self.fields["options"]
        if kind != PollKind.DOTS:
            del self.fields["dot_budget"]
        if kind == PollKind.CONSENT:
            self.fields["title"].label = "Proposition soumise au consentement"

    def clean_options(self):
        return [line.strip() for line in self.cleaned_data["options"].splitlines() if line.strip()]

    def clean_dates(self):
        lines = [line for line in self.cleaned_data["dates"].splitlines() if line.strip()]
        errors, dates = [], []
        for line in lines:
            try:
                dates.append(parse_date_line(line))
            except forms.ValidationError as error:
                errors.extend(error.messages)
        if errors:
            raise forms.ValidationError(errors)
        return dates


class ConsentForm(forms.Form):
    consent = forms.ChoiceField(
        label="Votre position", choices=list(rules.CONSENT_LABELS.items()), widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label="Raison",
        required=False,
        max_length=rules.REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Obligatoire pour « pas d'accord » et « blocage ».",
    )


class OptionsAnswerForm(forms.Form):
    """One field per option (`option_<id>`), by kind: a rank, points, a score or a date
    answer."""

    def __init__(self, *args, poll, options, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = poll.kind
        count = len(options)
        for option in options:
            name = f"option_{option.pk}"
            if poll.kind == PollKind.RANKED:
                field = forms.TypedChoiceField(
                    choices=[("", "—")] + [(i, str(i)) for i in range(1, count + 1)],
                    coerce=int, empty_value=None, required=False,
                )  # fmt: skip
            elif poll.kind == PollKind.DOTS:
                field = forms.IntegerField(
                    min_value=0, max_value=poll.dot_budget, required=False,
                    widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
                )  # fmt: skip
            elif poll.kind == PollKind.SCORE:
                field = forms.TypedChoiceField(
                    choices=[("", "Sans avis")] + [(i, str(i)) for i in range(0, 6)],
                    coerce=int, empty_value=None, required=False,
                )  # fmt: skip
            else:
                field = forms.TypedChoiceField(
                    choices=list(rules.DATE_ANSWERS.items()), coerce=int,
                    widget=forms.RadioSelect, required=False, empty_value=None,
                )  # fmt: skip
            field.label = option.label
            field.option = option
            self.fields[name] = field

    def values(self) -> dict[int, int | None]:
        return {self.fields[name].option.pk: value for name, value in self.cleaned_data.items()}


class OutcomeForm(forms.Form):
    text = forms.CharField(
        label="Conclusion",
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="Ce qui est décidé ou retenu, affiché en tête du sondage. Markdown.",
    )
    chosen_option = forms.ModelChoiceField(
        label="Date retenue", queryset=None, required=False, empty_label=None
    )

    def __init__(self, *args, poll, **kwargs):
        super().__init__(*args, **kwargs)
        if poll.kind == PollKind.DATE:
            self.fields["chosen_option"].queryset = poll.options.order_by("position")
            self.fields["chosen_option"].required = True
        else:
            del self.fields["chosen_option"]


class SittingForm(forms.Form):
    place = forms.CharField(label="Lieu de la séance", max_length=300)

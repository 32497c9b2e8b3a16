"""Forms of the commissions pages. They only shape the input; the rules are checked by the
services, whose French refusals the views attach to the form."""

from django import forms

from maillage.meetings.models import Seat
from maillage.people.models import Person
from maillage.territories.models import Organisation

from .models import CommissionSettings


class JoinRequestForm(forms.Form):
    commune = forms.ModelChoiceField(
        label="Commune que vous représenteriez",
        queryset=Organisation.objects.none(),
        error_messages={"invalid_choice": "Choisissez une de vos communes dans la liste."},
    )
    message = forms.CharField(
        label="Message à l'administrateur et au président de la commission",
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        max_length=3000,
        help_text="Facultatif : vos motivations, vos disponibilités (Markdown accepté).",
    )

    def __init__(self, *args, communes, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["commune"]
        field.queryset = Organisation.objects.filter(pk__in=[c.pk for c in communes])
        if len(communes) == 1:
            field.initial = communes[0].pk
            field.empty_label = None


class DecisionForm(forms.Form):
    reason = forms.CharField(
        label="Motif du refus",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=3000,
        help_text="Obligatoire pour refuser : il est transmis au demandeur.",
    )


class SettingsForm(forms.ModelForm):
    class Meta:
        model = CommissionSettings
        fields = ["open_to_councillors", "max_seats_per_commune"]
        widgets = {"max_seats_per_commune": forms.NumberInput(attrs={"min": 1, "max": 100})}


class ReplacementForm(forms.Form):
    seat = forms.ModelChoiceField(
        label="Membre absent",
        queryset=Seat.objects.none(),
        error_messages={"invalid_choice": "Choisissez un membre de votre commune."},
    )
    replacement = forms.ModelChoiceField(
        label="Remplaçant pour cette séance",
        queryset=Person.objects.none(),
        help_text="Un conseiller municipal de la commune qui ne siège pas dans la commission.",
        error_messages={"invalid_choice": "Choisissez un conseiller municipal de la commune."},
    )

    def __init__(self, *args, seats, councillors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["seat"].queryset = seats
        self.fields["seat"].label_from_instance = lambda seat: (
            f"{seat.person.full_name} ({seat.organisation.name if seat.organisation else '—'})"
        )
        self.fields["replacement"].queryset = councillors
        self.fields["replacement"].label_from_instance = lambda person: person.full_name

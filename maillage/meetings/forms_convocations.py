"""Forms of the convocations area: sending (with urgency), paper convocations, replies."""

from django import forms

from .models import Answer

DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M", "%d/%m/%Y %Hh%M", "%Y-%m-%d %H:%M"]


class SendForm(forms.Form):
    urgent = forms.BooleanField(
        label="Convoquer en urgence (délai réduit à un jour franc, L2121-12)", required=False
    )
    urgency_reason = forms.CharField(
        label="Motif de l'urgence",
        help_text="Obligatoire en urgence : il est exposé à l'ouverture de la séance, et le "
        "conseil peut décider le renvoi à une séance ultérieure.",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )


class PaperForm(forms.Form):
    sent_at = forms.DateTimeField(
        label="Remise ou envoi le",
        help_text="Date et heure de la remise en main propre ou du dépôt du courrier, "
        "par exemple 23/02/2022 10:30.",
        input_formats=DATETIME_FORMATS,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    note = forms.CharField(
        label="Précision",
        help_text="Par exemple : remise en main propre par le secrétariat, lettre recommandée…",
        required=False,
        max_length=300,
    )


class ReplyForm(forms.Form):
    answer = forms.ChoiceField(label="Ma réponse", choices=Answer.choices, widget=forms.RadioSelect)
    proxy_holder = forms.ModelChoiceField(
        label="Je donne pouvoir à",
        help_text="Un autre membre de l'instance ; seulement si vous donnez pouvoir.",
        queryset=None,
        required=False,
        empty_label="— Choisir un membre —",
    )
    certified_illness = forms.BooleanField(
        label="Pouvoir donné pour une maladie dûment constatée (il vaut alors au-delà de "
        "trois séances consécutives)",
        required=False,
    )

    def __init__(self, *args, holders, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["proxy_holder"].queryset = holders
        self.fields["proxy_holder"].label_from_instance = lambda seat: seat.person.full_name

    def clean(self):
        data = super().clean()
        if data.get("answer") == Answer.PROXY and not data.get("proxy_holder"):
            self.add_error("proxy_holder", "Choisissez le membre à qui vous donnez pouvoir.")
        return data

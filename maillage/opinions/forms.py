"""Forms of opinion requests. They only shape the input; the rules are checked by the services,
whose French refusals the views attach to the form."""

from django import forms

from maillage.meetings.models import Body

from .models import AnswerBy, Audience, RuleChoice, SilenceChoice, Value
from .rules import CHOSEN_SILENCES
from .services import PDF_MAX_BYTES

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class RequestForm(forms.Form):
    title = forms.CharField(label="Titre", max_length=200)
    description = forms.CharField(
        label="Présentation",
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Ce qui est demandé et pourquoi. Mise en forme Markdown possible.",
    )
    document = forms.FileField(
        label="Document soumis à avis (PDF, 20 Mo au plus)",
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf"}),
    )
    audience = forms.ChoiceField(
        label="Avis demandé à",
        choices=Audience.choices,
        initial=Audience.MEMBERS,
        widget=forms.RadioSelect,
    )
    body = forms.ModelChoiceField(
        label="Instance (si l'avis est demandé à une instance)",
        queryset=Body.objects.none(),
        required=False,
        empty_label="—",
    )
    answer_by = forms.ChoiceField(
        label="Pour une instance, qui répond",
        choices=[("", "—"), *AnswerBy.choices],
        required=False,
    )
    rule = forms.ChoiceField(
        label="Délai de réponse",
        choices=RuleChoice.choices,
        initial=RuleChoice.PACTE,
        widget=forms.RadioSelect,
        help_text="Le délai court à partir de l'envoi de la demande sur la plateforme.",
    )
    deadline = forms.DateField(
        label="Date limite choisie (délai choisi seulement)",
        required=False,
        widget=DATE_WIDGET,
    )
    silence = forms.ChoiceField(
        label="Sans réponse dans le délai choisi, l'avis est compté",
        choices=[("", "—")] + [c for c in SilenceChoice.choices if c[0] in CHOSEN_SILENCES],
        required=False,
    )
    is_public = forms.BooleanField(
        label="Demande publique : le document et le tableau des avis sont visibles de tous",
        required=False,
    )

    def __init__(self, *args, space, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = Body.objects.filter(space=space).order_by("name")
        if not editing:
            self.fields["document"].required = True
            self.fields["document"].error_messages["required"] = "Déposez le document en PDF."
        if editing:
            self.fields["document"].label = "Remplacer le document (PDF, 20 Mo au plus)"
            self.fields["document"].help_text = "Laissez vide pour garder le document déposé."

    def clean_document(self):
        upload = self.cleaned_data.get("document")
        if upload and upload.size > PDF_MAX_BYTES:
            raise forms.ValidationError("Le document dépasse 20 Mo : réduisez-le.")
        return upload or None


class OpinionForm(forms.Form):
    value = forms.ChoiceField(label="Avis", choices=Value.choices, widget=forms.RadioSelect)
    comment = forms.CharField(
        label="Réserves ou motifs",
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Obligatoires pour un avis avec réserves ou défavorable. Markdown possible.",
    )
    deliberation_number = forms.CharField(
        label="Numéro de la délibération", max_length=60, required=False
    )
    deliberation_date = forms.DateField(
        label="Date de la délibération", required=False, widget=DATE_WIDGET
    )
    deliberation_pdf = forms.FileField(
        label="Délibération (PDF, 20 Mo au plus)",
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf"}),
    )

    def __init__(self, *args, council=True, has_pdf=False, **kwargs):
        super().__init__(*args, **kwargs)
        if council:
            self.fields[
                "deliberation_number"
            ].help_text = "Obligatoire : l'avis du conseil est rendu par délibération."
            self.fields["deliberation_date"].help_text = "Obligatoire."
        if has_pdf:
            self.fields[
                "deliberation_pdf"
            ].help_text = "Une délibération est déjà déposée : laissez vide pour la garder."


OUTCOME_FILTERS = [
    ("", "Tous"),
    (Value.FAVOURABLE, "Favorable"),
    (Value.RESERVATIONS, "Favorable avec réserves"),
    (Value.UNFAVOURABLE, "Défavorable"),
    ("sans_reponse", "Sans réponse"),
]


class SummaryFilterForm(forms.Form):
    q = forms.CharField(label="Nom", required=False, max_length=100)
    outcome = forms.ChoiceField(label="Avis", choices=OUTCOME_FILTERS, required=False)

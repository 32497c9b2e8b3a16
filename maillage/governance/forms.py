"""Forms of governance documents; the services check the rules, the forms the shapes."""

from django import forms

from maillage.meetings.models import Deliberation
from maillage.people.models import Mandate, Person
from maillage.spaces.models import SpaceRole

from .models import AmendmentKind, DocumentKind

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _people_of(space):
    return Person.objects.filter(
        pk__in=SpaceRole.objects.current().filter(space=space).values("person_id")
    ) | Person.objects.filter(pk__in=Mandate.objects.current().in_space(space).values("person_id"))


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label="Nature du document", choices=DocumentKind.choices)
    title = forms.CharField(label="Titre", max_length=200)
    summary = forms.CharField(
        label="Présentation",
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="En Markdown : à quoi sert le document, comment il a été préparé.",
    )
    rapporteur = forms.ModelChoiceField(
        label="Rapporteur",
        queryset=Person.objects.none(),
        required=False,
        help_text="Il reçoit les amendements et peut les accepter, fusionner ou rejeter.",
    )
    renewal_date = forms.DateField(
        label="Date du renouvellement général des conseils municipaux",
        required=False,
        widget=DATE,
        help_text="Pour un pacte de gouvernance : les échéances légales en découlent.",
    )
    source = forms.FileField(
        label="Importer un texte existant (Markdown, DOCX ou ODT, 5 Mo au plus)",
        required=False,
        help_text="Les titres deviennent des parties et des articles. Laissez vide pour partir "
        "du texte ci-dessous ou d'une page blanche.",
    )
    source_text = forms.CharField(
        label="Ou collez le texte en Markdown",
        required=False,
        max_length=500000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="« # Titre I » pour une partie, « ## Article 1 » pour un article.",
    )

    def __init__(self, *args, space, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rapporteur"].queryset = _people_of(space).order_by("last_name", "first_name")


class DocumentEditForm(forms.Form):
    title = forms.CharField(label="Titre", max_length=200)
    summary = DocumentForm.base_fields["summary"]
    rapporteur = DocumentForm.base_fields["rapporteur"]
    renewal_date = DocumentForm.base_fields["renewal_date"]
    debate_held_on = forms.DateField(
        label="Débat sur l'élaboration du pacte tenu le",
        required=False,
        widget=DATE,
        help_text="Pour un pacte : le débat que le conseil tient après le renouvellement.",
    )

    def __init__(self, *args, space, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rapporteur"].queryset = _people_of(space).order_by("last_name", "first_name")


class SectionForm(forms.Form):
    title = forms.CharField(label="Intitulé de la partie", max_length=300)


class ArticleForm(forms.Form):
    section = forms.ModelChoiceField(
        label="Partie", queryset=None, required=False, empty_label="(aucune)"
    )
    title = forms.CharField(label="Intitulé de l'article", max_length=300, required=False)
    text = forms.CharField(
        label="Texte",
        max_length=50000,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text="En Markdown.",
    )

    def __init__(self, *args, document, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].queryset = document.sections.all()


class ArticleEditForm(forms.Form):
    title = forms.CharField(label="Intitulé de l'article", max_length=300, required=False)
    text = ArticleForm.base_fields["text"]
    reason = forms.CharField(
        label="Motif de la modification", max_length=500, help_text="Il figure dans l'historique."
    )
    revision = forms.IntegerField(widget=forms.HiddenInput)


class AmendmentForm(forms.Form):
    kind = forms.ChoiceField(
        label="L'amendement propose de", choices=AmendmentKind.choices, widget=forms.RadioSelect
    )
    new_title = forms.CharField(
        label="Intitulé du nouvel article (insertion)", max_length=300, required=False
    )
    text = forms.CharField(
        label="Texte proposé",
        required=False,
        max_length=50000,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text="Le texte entier de l'article tel que vous le proposez (vide pour une "
        "suppression).",
    )
    rationale = forms.CharField(
        label="Exposé des motifs", max_length=10000, widget=forms.Textarea(attrs={"rows": 5})
    )


class MergeForm(forms.Form):
    prefix = "fusion"
    text = forms.CharField(
        label="Texte appliqué", max_length=50000, widget=forms.Textarea(attrs={"rows": 12})
    )
    title = forms.CharField(label="Intitulé (insertion)", max_length=300, required=False)
    reason = forms.CharField(
        label="Commentaire du rapporteur",
        max_length=10000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    revision = forms.IntegerField(widget=forms.HiddenInput)


class RejectForm(forms.Form):
    prefix = "rejet"
    reason = forms.CharField(
        label="Motif du rejet", max_length=10000, widget=forms.Textarea(attrs={"rows": 3})
    )


class ContributionsForm(forms.Form):
    until = forms.DateField(label="Contributions ouvertes jusqu'au (inclus)", widget=DATE)


class ConsultationForm(forms.Form):
    deadline = forms.DateField(
        label="Date limite des avis",
        required=False,
        widget=DATE,
        help_text="Pour un pacte (2 mois) ou un schéma de mutualisation (3 mois), la loi fixe "
        "le délai : laissez vide.",
    )


class AdoptionForm(forms.Form):
    deliberation = forms.ModelChoiceField(label="Délibération d'adoption", queryset=None)

    def __init__(self, *args, space, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deliberation"].queryset = Deliberation.objects.filter(space=space)


class InForceForm(forms.Form):
    on = forms.DateField(label="En vigueur à partir du", widget=DATE)


class RevisionForm(forms.Form):
    reason = forms.CharField(label="Motif de la révision", max_length=500)


class DebateForm(forms.Form):
    held_on = forms.DateField(label="Débat tenu le", widget=DATE)

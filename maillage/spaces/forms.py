from django import forms

from maillage.people.models import AGENT_FUNCTIONS, Function
from maillage.territories.models import Organisation

from .models import Role

AGENT_CHOICES = [
    (value, label)
    for value, label in Function.choices
    if value in AGENT_FUNCTIONS or value == Function.CONSEILLER_COMMUNAUTAIRE_SUPPLEANT
]


class OpenSpaceForm(forms.Form):
    organisation_code = forms.CharField(
        label="SIREN de l'intercommunalité ou de l'opérateur",
        max_length=20,
        help_text="Neuf chiffres, par exemple 200000172.",
    )
    name = forms.CharField(label="Nom de l'espace", max_length=200)
    slug = forms.SlugField(
        label="Adresse courte",
        max_length=60,
        required=False,
        help_text="Lettres minuscules, chiffres et tirets ; déduite du nom si vide.",
    )
    presentation = forms.CharField(
        label="Présentation",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=5000,
    )
    logo = forms.FileField(
        label="Logo", required=False, help_text="PNG, JPEG ou WebP, 1 Mo au plus."
    )

    def clean_organisation_code(self):
        code = self.cleaned_data["organisation_code"].replace(" ", "")
        organisation = Organisation.objects.active().by_code(code).first()
        if organisation is None:
            raise forms.ValidationError("Aucune organisation n'a ce SIREN.")
        self.cleaned_data["organisation"] = organisation
        return code


class SpaceForm(forms.Form):
    name = forms.CharField(label="Nom de l'espace", max_length=200)
    presentation = forms.CharField(
        label="Présentation",
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        max_length=5000,
    )
    logo = forms.FileField(
        label="Nouveau logo", required=False, help_text="PNG, JPEG ou WebP, 1 Mo au plus."
    )


class AddMembersForm(forms.Form):
    codes = forms.CharField(
        label="Organisations à ajouter",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Codes INSEE (communes) ou SIREN, séparés par des espaces, virgules ou retours "
        "à la ligne.",
        max_length=20000,
    )


class AddPersonForm(forms.Form):
    first_name = forms.CharField(label="Prénom", max_length=150)
    last_name = forms.CharField(label="Nom", max_length=150)
    email = forms.EmailField(label="Adresse électronique", required=False)
    function = forms.ChoiceField(label="Fonction", choices=AGENT_CHOICES)
    organisation_code = forms.CharField(
        label="Organisation (code INSEE ou SIREN)",
        max_length=20,
        required=False,
        help_text="Laissez vide pour l'organisation de l'espace. Pour un suppléant : la commune "
        "qu'il représente.",
    )
    role = forms.ChoiceField(
        label="Rôle dans l'espace",
        choices=[("", "Aucun rôle particulier")] + list(Role.choices),
        required=False,
    )
    invite = forms.BooleanField(label="Envoyer une invitation par courriel", required=False)

    def clean_organisation_code(self):
        code = self.cleaned_data["organisation_code"].replace(" ", "")
        if not code:
            return ""
        organisation = Organisation.objects.active().by_code(code).first()
        if organisation is None:
            raise forms.ValidationError("Aucune organisation n'a ce code INSEE ou ce SIREN.")
        self.cleaned_data["organisation"] = organisation
        return code

    def clean(self):
        data = super().clean()
        if data.get("invite") and not data.get("email"):
            self.add_error("email", "Une invitation demande une adresse électronique.")
        return data


RNE_MAX_BYTES = 200 * 1024 * 1024  # the national file of municipal councillors is ~60 Mo


class RneUploadForm(forms.Form):
    file = forms.FileField(
        label="Fichier CSV du Répertoire national des élus",
        help_text="Conseillers municipaux, maires ou conseillers communautaires ; séparateur « ; » "
        "ou « , » ; UTF-8 ou Latin-1.",
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > RNE_MAX_BYTES:
            raise forms.ValidationError("Le fichier dépasse 200 Mo.")
        return upload


class DelegationForm(forms.Form):
    delegation = forms.CharField(
        label="Délégation",
        max_length=300,
        required=False,
        help_text="Par exemple : Finances et mutualisation. Laissez vide pour l'effacer.",
    )

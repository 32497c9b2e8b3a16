"""Forms of the library: a document (with its first file when it is new), a new version of its
file, and the search box. The checks of the file itself live in `services.check_upload`."""

from django import forms

from .models import Category, Visibility
from .services import MAX_TAGS


class DocumentForm(forms.Form):
    title = forms.CharField(label="Titre", max_length=200)
    description = forms.CharField(
        label="Description",
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Ce que contient le document, pour qui, d'où il vient (Markdown accepté).",
    )
    category = forms.ChoiceField(label="Nature", choices=Category.choices, initial=Category.OTHER)
    tags = forms.CharField(
        label="Étiquettes",
        required=False,
        max_length=800,
        help_text=f"Séparées par des virgules, {MAX_TAGS} au plus : voirie, budget 2026.",
    )
    dated = forms.DateField(
        label="Date du document",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        help_text="Par exemple 15/03/2026.",
    )
    visibility = forms.ChoiceField(
        label="Qui peut le lire",
        choices=Visibility.choices,
        initial=Visibility.MEMBERS,
        widget=forms.RadioSelect,
    )
    file = forms.FileField(
        label="Fichier",
        help_text=(
            "PDF, ODT, DOCX, TXT, MD, image (PNG, JPEG, GIF, WebP), tableur ou présentation ; "
            "50 Mo au plus. Son texte est lu pour la recherche."
        ),
    )

    def __init__(self, *args, with_file=True, **kwargs):
        super().__init__(*args, **kwargs)
        if not with_file:
            del self.fields["file"]


class VersionForm(forms.Form):
    file = forms.FileField(
        label="Nouveau fichier",
        help_text="Les versions précédentes restent consultables. 50 Mo au plus.",
    )
    note = forms.CharField(
        label="Ce qui change", required=False, max_length=300, help_text="Facultatif."
    )


class SearchForm(forms.Form):
    q = forms.CharField(label="Rechercher dans la bibliothèque", required=False, max_length=500)
    kind = forms.CharField(required=False, max_length=40)
    tag = forms.CharField(required=False, max_length=60)

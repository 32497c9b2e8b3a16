"""Forms of experiences: posting and editing one (the same form), and the list's filters.

The file checks (real type, size, WebVTT) are the service's: the form only collects."""

from django import forms

from . import rules
from .models import Theme, Visibility


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        if isinstance(data, (list, tuple)):
            return [super(MultipleFileField, self).clean(d, initial) for d in data if d]
        return [super().clean(data, initial)] if data else []


class ExperienceForm(forms.Form):
    title = forms.CharField(label="Titre", max_length=200)
    text = forms.CharField(
        label="Votre récit",
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text="Ce que vous avez fait, comment, ce qui a marché ou non, à qui s'adresser. "
        "Mise en forme Markdown (**gras**, listes avec « - »).",
    )
    themes = forms.MultipleChoiceField(
        label="Thèmes", choices=Theme.choices, widget=forms.CheckboxSelectMultiple
    )
    organisations = forms.ModelMultipleChoiceField(
        label="Communes concernées",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    visibility = forms.ChoiceField(
        label="Qui peut le voir ?",
        choices=Visibility.choices,
        widget=forms.RadioSelect,
        initial=Visibility.MEMBERS,
        help_text="Public : les habitants le lisent aussi sur le portail public de l'espace, "
        "avec ses photos et sa vidéo (sans les commentaires).",
    )
    video = forms.FileField(
        label="Filmer une vidéo",
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "video/*", "capture": "environment"}),
        help_text=f"Sur un téléphone, ouvre la caméra. MP4, WebM ou QuickTime, "
        f"{rules.megabytes(rules.VIDEO_MAX_BYTES)} au plus. Une image d'aperçu est créée "
        "automatiquement.",
    )
    video_file = forms.FileField(
        label="… ou une vidéo déjà enregistrée",
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "video/mp4,video/webm,video/quicktime"}),
        help_text="Depuis la galerie du téléphone ou un fichier de l'ordinateur.",
    )
    captions = forms.FileField(
        label="Sous-titres (fichier WebVTT .vtt)",
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".vtt,text/vtt"}),
        help_text="Pour les personnes sourdes ou malentendantes, et pour regarder sans le son.",
    )
    photos = MultipleFileField(
        label="Photos",
        required=False,
        widget=MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        help_text=f"JPEG, PNG ou WebP, {rules.megabytes(rules.PHOTO_MAX_BYTES)} au plus "
        f"chacune, {rules.MAX_PHOTOS} photos au plus.",
    )

    def __init__(self, *args, organisations, photos=(), has_captions=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisations"].queryset = organisations
        if photos:
            self.fields["remove_photos"] = forms.MultipleChoiceField(
                label="Photos à retirer",
                required=False,
                choices=[(str(p.pk), f"Photo {p.position}") for p in photos],
                widget=forms.CheckboxSelectMultiple,
            )
        if has_captions:
            self.fields["remove_captions"] = forms.BooleanField(
                label="Retirer les sous-titres actuels", required=False
            )

    def clean(self):
        data = super().clean()
        if data.get("video") and data.get("video_file"):
            raise forms.ValidationError(
                "Choisissez une seule vidéo : filmée ou déjà enregistrée, pas les deux."
            )
        return data


class FilterForm(forms.Form):
    theme = forms.ChoiceField(
        label="Thème", required=False, choices=[("", "Tous les thèmes")] + Theme.choices
    )
    commune = forms.ModelChoiceField(
        label="Commune", required=False, queryset=None, empty_label="Toutes les communes"
    )
    tri = forms.ChoiceField(
        label="Ordre",
        required=False,
        choices=[("", "Les plus récents"), ("utiles", "Les plus utiles (90 derniers jours)")],
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = organisations

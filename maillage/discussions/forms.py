"""Forms of the conference of mayors. They only shape the input; the rules (who may post,
file types, the 4-a-year limit…) are checked by the services, whose French refusals the
views attach to the form."""

from django import forms

from maillage.meetings.models import ItemKind

from .models import Openness, Theme

MARKDOWN_HINT = (
    "Texte simple ; mise en forme Markdown possible (**gras**, listes avec « - »). "
    "Mentionnez quelqu'un de l'espace en écrivant @Prénom Nom."
)
FILES_HINT = (
    "Jusqu'à 5 fichiers de 10 Mo au plus : PDF, images (JPEG, PNG, GIF, WebP) ou documents "
    "bureautiques (Word, Excel, PowerPoint, OpenDocument)."
)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class ThreadForm(forms.Form):
    theme = forms.ModelChoiceField(
        label="Thème",
        queryset=Theme.objects.none(),
        empty_label=None,
        error_messages={"invalid_choice": "Choisissez un thème dans la liste."},
    )
    title = forms.CharField(label="Titre", max_length=200)
    body = forms.CharField(
        label="Message",
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=MARKDOWN_HINT,
    )
    files = MultipleFileField(
        label="Pièces jointes",
        required=False,
        help_text=FILES_HINT,
        widget=MultipleFileInput(),
    )

    def __init__(self, *args, space, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = Theme.objects.for_space(space)


class ReplyForm(forms.Form):
    body = forms.CharField(
        label="Votre réponse",
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=MARKDOWN_HINT,
    )
    files = MultipleFileField(
        label="Pièces jointes",
        required=False,
        help_text=FILES_HINT,
        widget=MultipleFileInput(),
    )


class AgendaForm(forms.Form):
    kind = forms.ChoiceField(
        label="Nature du point",
        choices=[
            (ItemKind.INFORMATION, "Information"),
            (ItemKind.OPINION, "Avis de la conférence"),
        ],
        initial=ItemKind.INFORMATION,
    )


class MeetingRequestForm(forms.Form):
    reason = forms.CharField(
        label="Motif de la demande",
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Ce que la conférence devrait examiner ; les autres maires le liront.",
    )


class OpennessForm(forms.Form):
    open_to = forms.ChoiceField(
        label="Qui peut publier, répondre et dire « moi aussi »",
        choices=Openness.choices,
        widget=forms.RadioSelect,
    )


class ThemeForm(forms.Form):
    name = forms.CharField(label="Nouveau thème", max_length=80)

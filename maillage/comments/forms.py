from django import forms

from .services import MAX_LENGTH, MAX_REASON


class CommentForm(forms.Form):
    text = forms.CharField(
        label="Votre commentaire",
        max_length=MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Mise en forme Markdown : **gras**, *italique*, listes avec « - », liens. "
        "Le HTML n'est pas interprété.",
    )

    def __init__(self, *args, prefix_id="", **kwargs):
        super().__init__(*args, **kwargs)
        if prefix_id:
            # Several threads on one page: distinct ids for the labels.
            self.auto_id = f"{prefix_id}-%s"


class ReportForm(forms.Form):
    reason = forms.CharField(
        label="Pourquoi signalez-vous ce commentaire ?",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Seuls les administrateurs de l'espace liront votre signalement.",
    )


class HideForm(forms.Form):
    reason = forms.CharField(
        label="Motif du masquage",
        max_length=MAX_REASON,
        help_text="Il sera affiché à la place du texte : « Commentaire masqué par la "
        "modération : <motif> ». L'auteur est prévenu.",
    )

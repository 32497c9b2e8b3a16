from django import forms

from .services import NAME_MAX


class TokenForm(forms.Form):
    name = forms.CharField(
        label="Nom du jeton",
        max_length=NAME_MAX,
        help_text="Ce qui l'utilisera, par exemple « Site de la communauté de communes ».",
    )

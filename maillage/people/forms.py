from django import forms

from .models import Person


class LoginLinkForm(forms.Form):
    email = forms.EmailField(
        label="Votre adresse électronique",
        max_length=254,
        help_text="Celle que votre intercommunalité ou votre opérateur connaît.",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": "Saisissez votre adresse électronique.",
            "invalid": "Adresse électronique non valide (exemple : prenom.nom@mairie.fr).",
        },
    )


class ProfileForm(forms.ModelForm):
    class Meta:
        model = Person
        fields = ["email", "show_email"]
        labels = {"email": "Adresse électronique de contact"}

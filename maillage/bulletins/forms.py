from django import forms

from .audiences import SERVICES_NEED_REFERENTS
from .models import Audience, Issue, Section


class IssueForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    # A token of this editing page, so that its own autosaves are not taken for someone else's.
    editor = forms.CharField(widget=forms.HiddenInput, required=False, max_length=32)

    class Meta:
        model = Issue
        fields = ["title", "introduction"]
        widgets = {"introduction": forms.Textarea(attrs={"rows": 4})}


class SectionForm(forms.ModelForm):
    class Meta:
        model = Section
        fields = ["heading", "body", "members_only"]
        widgets = {"body": forms.Textarea(attrs={"rows": 8})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["heading"].required = False
        self.empty_permitted = True


SectionFormSet = forms.formset_factory(SectionForm, extra=1, max_num=20, can_delete=True)


class SendForm(forms.Form):
    audiences = forms.MultipleChoiceField(
        label="Destinataires",
        choices=Audience.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choisissez au moins une liste de destinataires."},
    )
    services = forms.ModelMultipleChoiceField(
        label="Référents de certains services seulement",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Ce service n'est pas un service de cet espace."},
    )

    def __init__(self, *args, space, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["services"].queryset = space.services.all()

    def clean(self):
        cleaned = super().clean()
        audiences = cleaned.get("audiences") or []
        if cleaned.get("services") and Audience.REFERENTS not in audiences:
            self.add_error("services", SERVICES_NEED_REFERENTS)
        return cleaned


class SubscribeForm(forms.Form):
    email = forms.EmailField(
        label="Votre adresse électronique",
        max_length=254,
        error_messages={
            "required": "Indiquez votre adresse électronique.",
            "invalid": "Cette adresse électronique n'est pas valide.",
        },
    )

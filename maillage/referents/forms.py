from django import forms


class DirectoryForm(forms.Form):
    q = forms.CharField(label="Nom", required=False, max_length=100)
    organisation = forms.ModelChoiceField(
        label="Organisation", required=False, queryset=None, empty_label="Toutes"
    )
    commune = forms.CharField(label="Commune (nom ou code INSEE)", required=False, max_length=100)
    service = forms.ModelChoiceField(
        label="Service", required=False, queryset=None, empty_label="Tous"
    )

    def __init__(self, *args, organisations, services, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["service"].queryset = services


class ServicesForm(forms.Form):
    services = forms.ModelMultipleChoiceField(
        label="Services dont cette personne est référente",
        required=False,
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, services, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["services"].queryset = services

from django import forms

from . import rules
from .models import Frequency, Kind


class PreferencesForm(forms.Form):
    """One choice of frequency per kind; the help text says the default."""

    def __init__(self, *args, current: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(Frequency.choices)
        for kind in Kind:
            self.fields[kind.value] = forms.ChoiceField(
                label=kind.label,
                choices=Frequency.choices,
                widget=forms.RadioSelect,
                initial=current.get(kind.value),
                help_text=f"Par défaut : {labels[rules.default_frequency(kind.value)]}.",
            )

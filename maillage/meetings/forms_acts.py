"""Forms of the acts pages: a deliberation before publication, the link of a correction, the
minutes' summary of the debates and their approval."""

from django import forms

from .models import Body, Matter, Sitting, SittingStatus


class DeliberationForm(forms.Form):
    title = forms.CharField(label="Objet", max_length=500)
    text = forms.CharField(
        label="Texte de la délibération",
        required=False,
        max_length=100000,
        widget=forms.Textarea(attrs={"rows": 16}),
        help_text="Texte brut ; une ligne vide sépare deux paragraphes.",
    )


class CorrectionForm(forms.Form):
    number = forms.CharField(
        label="Numéro de la délibération rectifiée",
        max_length=12,
        help_text="Par exemple 2026-042 : l'acte d'une séance antérieure que celle-ci corrige.",
    )


class MinutesForm(forms.Form):
    debates_summary = forms.CharField(
        label="Synthèse des débats",
        required=False,
        max_length=100000,
        widget=forms.Textarea(attrs={"rows": 18}),
        help_text=(
            "Rédigée par le secrétaire de séance (L2121-15). Le reste du procès-verbal "
            "(présences, quorum, votes, délibérations) vient de ce qui a été enregistré."
        ),
    )


class ApproveMinutesForm(forms.Form):
    at_sitting = forms.ModelChoiceField(
        label="Séance d'approbation",
        queryset=Sitting.objects.none(),
        empty_label=None,
        help_text="Une séance postérieure de la même instance, ouverte ou close.",
    )

    def __init__(self, *args, sitting: Sitting, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["at_sitting"]
        field.queryset = Sitting.objects.filter(
            body_id=sitting.body_id,
            starts_at__gt=sitting.starts_at,
            status__in=[SittingStatus.OPEN, SittingStatus.CLOSED],
        ).order_by("starts_at")
        field.label_from_instance = lambda s: f"Séance du {s.starts_at:%d/%m/%Y}"


class ActsFilterForm(forms.Form):
    """Filters of the public acts page and of the register (every field optional)."""

    annee = forms.TypedChoiceField(label="Année", required=False, coerce=int, empty_value=None)
    instance = forms.ModelChoiceField(
        label="Instance", required=False, queryset=Body.objects.none(), empty_label="Toutes"
    )
    matiere = forms.ChoiceField(label="Matière", required=False)

    def __init__(self, *args, years, bodies, with_matter=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["annee"].choices = [("", "Toutes")] + [(y, str(y)) for y in years]
        self.fields["instance"].queryset = bodies
        if with_matter:
            self.fields["matiere"].choices = [("", "Toutes")] + list(Matter.choices)
        else:
            del self.fields["matiere"]

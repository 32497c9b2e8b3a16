"""Forms of needs. They only shape the input; the rules are checked by the services, whose
French refusals the views attach to the form."""

from django import forms

from .models import NeedGroup, Status, Urgency

COST_HELP = "En euros par an, au centime près ; laissez vide si vous ne le connaissez pas."


def cost_field(label="Coût actuel par an (€)"):
    return forms.DecimalField(
        label=label,
        required=False,
        min_value=0,
        max_digits=14,
        decimal_places=2,
        localize=True,
        help_text=COST_HELP,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
        error_messages={
            "invalid": "Écrivez un montant en euros, par exemple 1200 ou 1200,50.",
            "min_value": "Le coût actuel ne peut pas être négatif.",
            "max_decimal_places": "Le coût s'écrit au centime près.",
        },
    )


def organisation_field(organisations, label):
    return forms.TypedChoiceField(
        label=label,
        coerce=int,
        choices=[(o.pk, o.name) for o in organisations],
        error_messages={"invalid_choice": "Choisissez une organisation de la liste."},
    )


class NeedForm(forms.Form):
    organisation = forms.TypedChoiceField(label="Pour l'organisation", coerce=int)
    theme = forms.ChoiceField(label="Thème")
    title = forms.CharField(label="Intitulé", max_length=200)
    description = forms.CharField(
        label="Description",
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="Ce qui manque, pour qui, depuis quand. Mise en forme Markdown possible.",
    )
    urgency = forms.ChoiceField(
        label="Urgence", choices=Urgency.choices, initial=Urgency.MEDIUM, widget=forms.RadioSelect
    )
    current_cost = cost_field()
    workaround = forms.CharField(
        label="Solution de contournement actuelle",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Comment vous faites aujourd'hui, si vous avez une solution provisoire.",
    )

    def __init__(self, *args, organisations=None, themes=(), editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].choices = [("", "—")] + [(t, t) for t in themes]
        if editing:
            del self.fields["organisation"]
        else:
            self.fields["organisation"] = organisation_field(organisations, "Pour l'organisation")
            if len(organisations) == 1:
                self.fields["organisation"].initial = organisations[0].pk


class SupportForm(forms.Form):
    organisation = forms.TypedChoiceField(label="Pour l'organisation", coerce=int)
    current_cost = cost_field("Votre coût actuel par an (€)")
    remark = forms.CharField(
        label="Remarque",
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Ce qui diffère chez vous, vos contraintes. Mise en forme Markdown possible.",
    )

    def __init__(self, *args, organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"] = organisation_field(organisations, "Pour l'organisation")


class StatusForm(forms.Form):
    status = forms.ChoiceField(label="État", choices=Status.choices)
    reason = forms.CharField(
        label="Motif",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Obligatoire pour « sans suite » ; l'auteur du besoin le lira.",
    )


class GroupForm(forms.Form):
    group = forms.ModelChoiceField(
        label="Dans un regroupement existant",
        queryset=NeedGroup.objects.none(),
        required=False,
        empty_label="—",
    )
    title = forms.CharField(
        label="Ou dans un nouveau regroupement, nommé", max_length=200, required=False
    )

    def __init__(self, *args, space, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = NeedGroup.objects.filter(space=space)


class ThemeForm(forms.Form):
    name = forms.CharField(label="Nouveau thème", max_length=100)


class FilterForm(forms.Form):
    theme = forms.ChoiceField(label="Thème", required=False)
    urgency = forms.ChoiceField(
        label="Urgence", required=False, choices=[("", "Toutes")] + Urgency.choices
    )
    organisation = forms.TypedChoiceField(
        label="Commune ou organisation", required=False, coerce=int, empty_value=None
    )
    status = forms.ChoiceField(
        label="État",
        required=False,
        choices=[("", "En cours (tous sauf sans suite)"), ("tous", "Tous")] + Status.choices,
    )

    def __init__(self, *args, themes=(), organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].choices = [("", "Tous")] + [(t, t) for t in themes]
        self.fields["organisation"].choices = [("", "Toutes")] + [
            (o.pk, o.name) for o in organisations
        ]

"""Forms of the catalogue. They only shape the input; the rules are checked by the services,
whose French refusals the views attach to the form."""

from django import forms

from maillage.needs.models import Need

from .models import Category

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATE_ERRORS = {"invalid": "Écrivez une date, par exemple 01/01/2026."}


def amount_field(label, *, required=False, help_text=""):
    return forms.DecimalField(
        label=label,
        required=required,
        min_value=0,
        max_digits=14,
        decimal_places=2,
        localize=True,
        help_text=help_text,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
        error_messages={
            "invalid": "Écrivez un nombre, par exemple 1200 ou 2,5.",
            "min_value": "Ce nombre ne peut pas être négatif.",
            "max_decimal_places": "Deux décimales au plus.",
            "required": "Ce champ est obligatoire.",
        },
    )


class ServiceForm(forms.Form):
    name = forms.CharField(label="Nom du service", max_length=200)
    category = forms.ChoiceField(label="Catégorie", choices=[("", "—"), *Category.choices])
    description = forms.CharField(
        label="Description",
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Ce que le service apporte. Mise en forme Markdown possible.",
    )
    conditions = forms.CharField(
        label="Conditions",
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Qui peut s'abonner, engagement, délais. Mise en forme Markdown possible.",
    )
    yearly_cost = amount_field("Coût annuel du service (€)", help_text="Coût total par an.")
    cost_model = forms.CharField(
        label="Modèle de coût",
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Comment le coût est réparti, par exemple « au prorata des heures ».",
    )
    unit_label = forms.CharField(
        label="Unité de mesure des abonnements",
        required=False,
        max_length=60,
        help_text="Ce que comptent les unités : utilisateurs, heures, licences, places…",
    )
    available_from = forms.DateField(
        label="Proposé à partir du", widget=DATE_WIDGET, error_messages=DATE_ERRORS
    )
    needs = forms.ModelMultipleChoiceField(
        label="Besoins auxquels il répond",
        queryset=Need.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    open_now = forms.BooleanField(
        label="Ouvrir aux abonnements dès maintenant (sinon : proposé)", required=False
    )

    def __init__(self, *args, space, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["needs"].queryset = (
            Need.objects.in_space(space)
            .active()
            .select_related("organisation")
            .order_by("theme", "title")
        )
        self.fields["needs"].label_from_instance = lambda n: f"{n.title} ({n.organisation.name})"
        if editing:
            del self.fields["open_now"]


def organisation_choice(organisations, label):
    return forms.TypedChoiceField(
        label=label,
        coerce=int,
        choices=[("", "—")] + [(o.pk, o.name) for o in organisations],
        error_messages={
            "invalid_choice": "Choisissez une organisation de la liste.",
            "required": "Choisissez l'organisation.",
        },
    )


class SubscribeForm(forms.Form):
    organisation = forms.TypedChoiceField(label="Organisation abonnée", coerce=int)
    start_date = forms.DateField(
        label="Abonnée à partir du", widget=DATE_WIDGET, error_messages=DATE_ERRORS
    )
    units = amount_field("Unités utilisées", required=True)

    def __init__(self, *args, organisations=(), unit_label="", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"] = organisation_choice(organisations, "Organisation abonnée")
        if unit_label:
            self.fields["units"].label = f"Unités utilisées ({unit_label})"
        self.order_fields(["organisation", "start_date", "units"])


class EpciSubscribeForm(forms.Form):
    epci = forms.TypedChoiceField(label="EPCI qui paie pour ses communes", coerce=int)
    start_date = forms.DateField(
        label="Abonnées à partir du", widget=DATE_WIDGET, error_messages=DATE_ERRORS
    )
    units_per_commune = amount_field("Unités par commune", required=True)

    def __init__(self, *args, epcis=(), unit_label="", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["epci"] = organisation_choice(epcis, "EPCI qui paie pour ses communes")
        if unit_label:
            self.fields["units_per_commune"].label = f"Unités par commune ({unit_label})"
        self.order_fields(["epci", "start_date", "units_per_commune"])


class UnitsForm(forms.Form):
    units = amount_field("Nouveau nombre d'unités", required=True)
    from_date = forms.DateField(label="À partir du", widget=DATE_WIDGET, error_messages=DATE_ERRORS)


class EndForm(forms.Form):
    end_date = forms.DateField(
        label="Dernier jour de l'abonnement", widget=DATE_WIDGET, error_messages=DATE_ERRORS
    )


class CloseForm(forms.Form):
    on = forms.DateField(
        label="Fermé à partir du (dernier jour des abonnements en cours)",
        widget=DATE_WIDGET,
        error_messages=DATE_ERRORS,
    )


class CatalogueFilterForm(forms.Form):
    category = forms.ChoiceField(
        label="Catégorie", required=False, choices=[("", "Toutes"), *Category.choices]
    )
    status = forms.ChoiceField(
        label="État",
        required=False,
        choices=[("", "Proposés et ouverts"), ("tous", "Tous"), ("propose", "Proposés"),
                 ("ouvert", "Ouverts"), ("ferme", "Fermés")],
    )  # fmt: skip

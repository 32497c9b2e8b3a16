"""Forms of mutualisation. They shape the input (percentages, tiers written one per line, a
CSV file); the rules are checked by the services, whose French refusals the views attach to
the form, kept filled."""

import re
from decimal import Decimal

from django import forms
from django.utils import timezone

from maillage.meetings.models import Deliberation, Outcome, Vote
from maillage.uploads import real_type

from .models import MembersRule, TierPopulation

CSV_MAX_BYTES = 2 * 1024 * 1024
PERCENT = {"max_digits": 7, "decimal_places": 4, "min_value": 0, "max_value": 100}
MONEY = {"max_digits": 14, "decimal_places": 2, "min_value": 0}
PART_FIELDS = [
    ("equal", "Part égale entre les membres (%)"),
    ("population_municipale", "Part selon la population municipale (%)"),
    ("population_totale", "Part selon la population totale (%)"),
    ("units", "Part selon les unités utilisées (%)"),
    ("weight", "Part selon un poids propre à chaque membre, ex. potentiel fiscal (%)"),
    ("tiers", "Part selon les tranches de population (%)"),
]
TIER_RE = re.compile(
    r"^\s*(?P<lower>\d[\d  ]*)\s*(?:-\s*(?P<upper>\d[\d  ]*)|(?P<open>\+|et\s+plus|-))?\s*"
    r"[:=]\s*(?P<weight>\d+(?:[.,]\d+)?)\s*$"
)


def parse_tiers(text: str) -> list[tuple[int, int | None, Decimal]]:
    """Tiers written one per line, « 0-500 : 1 », « 500-2000 : 2,5 », « 2000+ : 4 »
    (population from the first number included to the second excluded; « + » for no upper
    limit). Raises ValidationError naming the line."""
    tiers, errors = [], []
    for number, raw in enumerate((text or "").splitlines(), start=1):
        if not raw.strip():
            continue
        match = TIER_RE.match(raw)
        if not match:
            errors.append(
                f"Ligne {number} des tranches : « {raw.strip()[:40]} » ne se lit pas ; écrivez "
                "par exemple « 0-500 : 1 » ou « 2000+ : 4 »."
            )
            continue
        lower = int(re.sub(r"\D", "", match["lower"]))
        upper = int(re.sub(r"\D", "", match["upper"])) if match["upper"] else None
        if upper is None and not match["open"]:
            errors.append(f"Ligne {number} des tranches : indiquez « {lower}-… » ou « {lower}+ ».")
            continue
        tiers.append((lower, upper, Decimal(match["weight"].replace(",", "."))))
    if errors:
        raise forms.ValidationError(errors)
    return tiers


def format_tiers(tiers: list[dict]) -> str:
    lines = []
    for tier in tiers:
        weight = str(Decimal(str(tier["weight"])).normalize()).replace(".", ",")
        if tier["upper"] is None:
            lines.append(f"{tier['lower']}+ : {weight}")
        else:
            lines.append(f"{tier['lower']}-{tier['upper']} : {weight}")
    return "\n".join(lines)


class ScaleForm(forms.Form):
    name = forms.CharField(label="Nom du barème", max_length=200)
    description = forms.CharField(
        label="Description",
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Pour qui et pourquoi ce barème. Mise en forme Markdown possible.",
    )
    fixed_amount = forms.DecimalField(
        label="Part fixe par membre (€)",
        initial=0,
        help_text="Prélevée avant les parts ci-dessous, la même pour chaque membre.",
        **MONEY,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for basis, label in PART_FIELDS:
            self.fields[f"part_{basis}"] = forms.DecimalField(
                label=label, required=False, **PERCENT
            )
        self.fields["part_equal"].help_text = (
            "Le reste du coût (après la part fixe) est réparti selon ces parts, dont la somme "
            "fait 100 %."
        )
        self.fields["tiers"] = forms.CharField(
            label="Tranches de population (une par ligne)",
            required=False,
            widget=forms.Textarea(attrs={"rows": 5}),
            help_text=(
                "« 0-500 : 1 » veut dire : de 0 à 499 habitants, poids 1 ; « 2000+ : 4 » : "
                "2 000 habitants et plus, poids 4. Les tranches commencent à 0, se suivent sans "
                "trou ni chevauchement."
            ),
        )
        self.fields["tier_population"] = forms.ChoiceField(
            label="Population des tranches",
            choices=TierPopulation.choices,
            initial=TierPopulation.MUNICIPALE,
        )
        self.fields["per_inhabitant_in_tier"] = forms.BooleanField(
            label="Tranches en montant par habitant (poids × population) plutôt que forfaitaires",
            required=False,
        )
        self.fields["floor"] = forms.DecimalField(
            label="Plancher par membre (€)", required=False, **MONEY
        )
        self.fields["ceiling"] = forms.DecimalField(
            label="Plafond par membre (€)", required=False, **MONEY
        )
        self.fields["payer_rate"] = forms.DecimalField(
            label="Part payée par l'EPCI qui s'abonne pour ses communes (%)",
            initial=0,
            help_text="100 : l'EPCI paie tout pour ses communes ; 0 : chaque commune paie sa part.",
            **PERCENT,
        )

    def clean_tiers(self):
        return parse_tiers(self.cleaned_data.get("tiers", ""))

    def definition(self) -> dict:
        data = self.cleaned_data
        return {
            "name": data["name"],
            "description": data["description"],
            "parts": [
                (basis, data[f"part_{basis}"] / 100)
                for basis, _ in PART_FIELDS
                if data.get(f"part_{basis}")
            ],
            "tiers": data["tiers"],
            "tier_population": data["tier_population"],
            "per_inhabitant_in_tier": data["per_inhabitant_in_tier"],
            "fixed_amount": data["fixed_amount"] or Decimal(0),
            "floor": data["floor"],
            "ceiling": data["ceiling"],
            "payer_rate": (data["payer_rate"] or Decimal(0)) / 100,
        }

    @staticmethod
    def initial_for(scale) -> dict:
        initial = {
            "name": scale.name,
            "description": scale.description,
            "fixed_amount": scale.fixed_amount,
            "tiers": format_tiers(scale.tiers),
            "tier_population": scale.tier_population,
            "per_inhabitant_in_tier": scale.per_inhabitant_in_tier,
            "floor": scale.floor,
            "ceiling": scale.ceiling,
            "payer_rate": (Decimal(scale.payer_rate) * 100).normalize(),
        }
        for part in scale.parts:
            initial[f"part_{part['basis']}"] = (Decimal(part["fraction"]) * 100).normalize()
        return initial


class WeightsForm(forms.Form):
    """One field per member organisation: its custom weight (empty: none)."""

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisations = list(organisations)
        for organisation in self.organisations:
            self.fields[f"w_{organisation.pk}"] = forms.DecimalField(
                label=f"Poids de {organisation.name}",
                required=False,
                max_digits=18,
                decimal_places=4,
                min_value=0,
                localize=True,
            )

    def rows(self):
        return [(o, self[f"w_{o.pk}"]) for o in self.organisations]

    def values(self) -> dict:
        return {o: self.cleaned_data.get(f"w_{o.pk}") for o in self.organisations}


class WeightsImportForm(forms.Form):
    file = forms.FileField(
        label="Fichier CSV (code INSEE ou SIREN ; valeur), 2 Mo au plus",
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv,text/plain"}),
    )
    text = forms.CharField(
        label="Ou collez les lignes ici",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Une ligne par membre : « 74042;125000,50 ». Une ligne d'en-tête est permise.",
    )

    def clean(self):
        data = super().clean()
        upload = data.get("file")
        if upload:
            if upload.size > CSV_MAX_BYTES:
                raise forms.ValidationError("Le fichier dépasse 2 Mo.")
            if real_type(upload) is not None:
                raise forms.ValidationError(
                    "Ce fichier n'est pas un CSV (texte) : enregistrez le tableau au format CSV."
                )
            raw = upload.read()
            try:
                data["text"] = raw.decode("utf-8-sig")
            except UnicodeDecodeError:
                data["text"] = raw.decode("cp1252", errors="replace")
        if not (data.get("text") or "").strip():
            raise forms.ValidationError("Déposez un fichier CSV ou collez ses lignes.")
        return data


class ScenarioForm(forms.Form):
    name = forms.CharField(label="Nom du scénario", max_length=200)
    service = forms.ModelChoiceField(label="Service partagé", queryset=None, empty_label="—")
    scale = forms.ModelChoiceField(label="Barème appliqué", queryset=None, empty_label="—")
    year = forms.IntegerField(label="Année", min_value=2000, max_value=2100)
    total = forms.DecimalField(label="Coût total à répartir (€)", **MONEY)
    members_rule = forms.ChoiceField(
        label="Membres concernés",
        choices=MembersRule.choices,
        initial=MembersRule.SUBSCRIBERS,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, space, **kwargs):
        super().__init__(*args, **kwargs)
        from maillage.catalogue.models import Service

        self.fields["service"].queryset = Service.objects.filter(space=space).order_by("name")
        self.fields["scale"].queryset = space.scales.active().order_by("name")
        self.fields["year"].initial = timezone.localdate().year
        self.fields["total"].help_text = "Par défaut, le coût annuel du service."


class ChoiceForm(forms.Form):
    deliberation = forms.ModelChoiceField(
        label="Délibération adoptée", queryset=None, required=False, empty_label="—"
    )
    vote = forms.ModelChoiceField(
        label="Ou vote adopté d'une séance", queryset=None, required=False, empty_label="—"
    )

    def __init__(self, *args, space, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deliberation"].queryset = Deliberation.objects.filter(
            space=space, outcome=Outcome.ADOPTED
        ).order_by("-year", "-sequence")
        self.fields["vote"].queryset = (
            Vote.objects.filter(
                item__sitting__body__space=space,
                status=Vote.Status.CLOSED,
                outcome=Outcome.ADOPTED,
            )
            .select_related("item__sitting")
            .order_by("-item__sitting__starts_at", "item__position")
        )
        self.fields["vote"].label_from_instance = lambda vote: (
            f"{vote.item.sitting.starts_at:%d/%m/%Y} — {vote.item.title}"
        )

    def clean(self):
        data = super().clean()
        if not data.get("deliberation") and not data.get("vote"):
            raise forms.ValidationError(
                "Choisissez la délibération ou le vote par lequel les élus ont retenu ce scénario."
            )
        if data.get("deliberation") and data.get("vote"):
            raise forms.ValidationError("Choisissez la délibération ou le vote, pas les deux.")
        return data


class CorrectionForm(forms.Form):
    amount = forms.DecimalField(label="Montant corrigé (€)", **MONEY)
    reason = forms.CharField(
        label="Motif de la correction",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Il figure sur l'appel corrigé, lu par le membre.",
    )


class ReportForm(forms.Form):
    intro = forms.CharField(
        label="Introduction",
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="Mise en forme Markdown possible.",
    )
    progress = forms.CharField(
        label="Avancement du schéma de mutualisation",
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="Ce qui a été mutualisé, ce qui reste à faire. Mise en forme Markdown possible.",
    )

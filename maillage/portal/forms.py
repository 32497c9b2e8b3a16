"""Forms of the portal: the commune contours file, and the "Mon territoire" search."""

from django import forms


class CommuneMapForm(forms.Form):
    fichier = forms.FileField(
        label="Fichier GeoJSON des contours des communes",
        help_text=(
            "Une collection d'entités (FeatureCollection) en WGS 84, un polygone par commune, "
            "avec le code INSEE de la commune dans une propriété « code », « insee » ou "
            "« codgeo ». 10 Mo au plus."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".geojson,.json,application/geo+json"}),
    )


class TerritorySearchForm(forms.Form):
    q = forms.CharField(
        label="Votre commune ou votre code postal",
        max_length=100,
        help_text="Par exemple : Bonneville, 74130 ou 74042 (code INSEE).",
        widget=forms.TextInput(attrs={"autocomplete": "address-level2", "inputmode": "search"}),
    )

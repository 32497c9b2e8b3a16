"""Forms of the bodies area: bodies, seats, sittings in preparation, agenda items, documents.

Forms only shape the input; the rules (who may sit, video, deadlines…) are checked by the
services, whose French refusals the views attach to the form.
"""

import datetime

from django import forms
from django.db.models import Q
from django.utils import timezone

from maillage.people.models import Person
from maillage.territories.models import Organisation

from .models import AgendaItem, BodyKind, ItemKind, Matter, Seat, SeatKind, SittingMode
from .services.bodies import PDF_MAX_BYTES, body_kinds, space_organisation_ids

PERSON_RESULTS = 50


class BodyForm(forms.Form):
    kind = forms.ChoiceField(label="Type d'instance", choices=BodyKind.choices)
    name = forms.CharField(label="Nom", max_length=200)
    description = forms.CharField(
        label="Description",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=5000,
        help_text="Rôle de l'instance, références des statuts ou du règlement intérieur.",
    )
    weighted_votes = forms.BooleanField(
        label="Les statuts pondèrent les voix (chaque siège porte un poids)", required=False
    )

    def __init__(self, *args, space, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = body_kinds(space)


class SeatForm(forms.Form):
    """The person is chosen among the people of the space matching a search (`query`), never
    from a select of every person: a space may have thousands."""

    person = forms.ModelChoiceField(
        label="Personne",
        queryset=Person.objects.all(),
        help_text="Cherchez d'abord la personne par son nom ci-dessus.",
        error_messages={"invalid_choice": "Choisissez une personne dans la liste."},
    )
    kind = forms.ChoiceField(label="Siège", choices=SeatKind.choices)
    organisation = forms.ModelChoiceField(
        label="Organisation représentée",
        queryset=Organisation.objects.all(),
        required=False,
        empty_label="—",
    )
    substitute_for = forms.ModelChoiceField(
        label="Suppléant de",
        queryset=Seat.objects.all(),
        required=False,
        empty_label="— (titulaire ou invité)",
        help_text="Pour un suppléant seulement : le titulaire qu'il remplace (L5211-6).",
    )
    weight = forms.IntegerField(
        label="Poids de la voix",
        initial=1,
        help_text="Nombre de voix que porte ce siège selon les statuts (au moins 1).",
    )
    is_chair = forms.BooleanField(label="Préside l'instance", required=False)
    start_date = forms.DateField(
        label="Depuis le",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="Laissez vide pour aujourd'hui.",
    )

    def __init__(self, *args, body, query="", **kwargs):
        super().__init__(*args, **kwargs)
        space = body.space
        people = Person.objects.in_space(space).order_by("last_name", "first_name", "pk")
        if query:
            for word in query.split()[:4]:
                people = people.filter(Q(last_name__icontains=word) | Q(first_name__icontains=word))
            shown = list(people[:PERSON_RESULTS])
        else:
            shown = []
        chosen = self.data.get(self.add_prefix("person")) if self.is_bound else None
        if chosen and str(chosen).isdigit() and all(str(p.pk) != chosen for p in shown):
            shown += list(Person.objects.filter(pk=chosen))
        self.people_found = len(shown)
        self.fields["person"].widget.choices = [("", "— Choisissez —")] + [
            (p.pk, p.full_name) for p in shown
        ]
        organisations = Organisation.objects.filter(pk__in=space_organisation_ids(space)).order_by(
            "search_name"
        )
        self.fields["organisation"].widget.choices = [("", "—")] + [
            (o.pk, o.name) for o in organisations
        ]
        titulaires = (
            Seat.objects.current()
            .filter(body=body, kind=SeatKind.TITULAIRE)
            .select_related("person", "organisation")
            .order_by("person__last_name", "person__first_name")
        )
        self.fields["substitute_for"].widget.choices = [("", "— (titulaire ou invité)")] + [
            (
                s.pk,
                s.person.full_name + (f" ({s.organisation.name})" if s.organisation else ""),
            )
            for s in titulaires
        ]
        if not body.weighted_votes:
            self.fields["weight"].widget = forms.HiddenInput()
            self.fields["weight"].required = False


class SeatEndForm(forms.Form):
    end_date = forms.DateField(
        label="Fin du siège le",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


class SittingForm(forms.Form):
    date = forms.DateField(
        label="Date",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    time = forms.TimeField(
        label="Heure",
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        help_text="Heure de Paris, par exemple 18:30.",
    )
    place = forms.CharField(label="Lieu", max_length=300)
    mode = forms.ChoiceField(
        label="Modalité",
        choices=SittingMode.choices,
        initial=SittingMode.IN_PERSON,
        widget=forms.RadioSelect,
    )
    video_url = forms.URLField(
        label="Lien de la visioconférence",
        required=False,
        assume_scheme="https",
        help_text="Obligatoire pour une séance en plusieurs lieux reliés ; la séance est "
        "retransmise (L5211-11-1).",
    )
    secretary = forms.ModelChoiceField(
        label="Secrétaire de séance",
        queryset=Person.objects.all(),
        required=False,
        empty_label="— Pas encore désigné",
        help_text="Parmi les membres de l'instance ; il peut aussi être désigné en début de "
        "séance (L2121-15).",
    )

    def __init__(self, *args, body, **kwargs):
        super().__init__(*args, **kwargs)
        members = (
            Seat.objects.current()
            .filter(body=body)
            .select_related("person")
            .order_by("person__last_name", "person__first_name")
        )
        self.fields["secretary"].widget.choices = [("", "— Pas encore désigné")] + [
            (s.person_id, s.person.full_name) for s in members
        ]
        if not body.is_council:
            self.fields["mode"].help_text = (
                "Seul le conseil peut se réunir en plusieurs lieux reliés par visioconférence "
                "(L5211-11-1)."
            )

    def starts_at(self) -> datetime.datetime:
        data = self.cleaned_data
        return timezone.make_aware(datetime.datetime.combine(data["date"], data["time"]))


class CancelSittingForm(forms.Form):
    reason = forms.CharField(
        label="Motif de l'annulation",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ItemForm(forms.ModelForm):
    class Meta:
        model = AgendaItem
        fields = [
            "title",
            "kind",
            "rapporteur",
            "summary",
            "draft_text",
            "matter",
            "budget_year",
            "budget_name",
        ]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 5}),
            "draft_text": forms.Textarea(attrs={"rows": 8}),
        }
        help_texts = {
            "kind": "Une désignation, le budget primitif ou une élection ne peuvent pas être "
            "traités en visioconférence (L5211-11-1).",
            "summary": "Ce que la note de synthèse dit de ce point.",
            "matter": "Premier niveau de la nomenclature ACTES, utilisé par l'export des "
            "délibérations.",
        }

    def __init__(self, *args, sitting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = ItemKind.choices
        self.fields["matter"].choices = [("", "—")] + list(Matter.choices)
        self.fields["rapporteur"].queryset = Person.objects.all()
        members = (
            Seat.objects.current()
            .filter(body=sitting.body)
            .select_related("person")
            .order_by("person__last_name", "person__first_name")
        )
        self.fields["rapporteur"].widget.choices = [("", "—")] + [
            (s.person_id, s.person.full_name) for s in members
        ]
        self.fields["rapporteur"].help_text = "Parmi les membres de l'instance."
        if sitting.is_second_convocation and self.instance.pk:
            # The same agenda as the first sitting (L2121-17): the object and nature stay.
            for name in ("title", "kind"):
                self.fields[name].disabled = True
                self.fields[name].help_text = (
                    "Seconde convocation : l'objet et la nature du point restent ceux de la "
                    "première séance (L2121-17)."
                )

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        return {
            "title": data.pop("title"),
            "kind": data.pop("kind"),
            **{key: data[key] for key in data},
        }


class PdfField(forms.FileField):
    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", f"PDF, {PDF_MAX_BYTES // (1024 * 1024)} Mo au plus.")
        kwargs.setdefault("widget", forms.ClearableFileInput(attrs={"accept": "application/pdf"}))
        super().__init__(**kwargs)


class AnnexForm(forms.Form):
    title = forms.CharField(label="Titre de l'annexe", max_length=300)
    item = forms.ModelChoiceField(
        label="Point concerné",
        queryset=AgendaItem.objects.none(),
        required=False,
        empty_label="La séance entière",
    )
    file = PdfField(label="Fichier")

    def __init__(self, *args, sitting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = sitting.items.all()
        self.fields["item"].label_from_instance = lambda item: f"{item.position}. {item.title}"


class SynthesisNoteForm(forms.Form):
    file = PdfField(label="Note explicative de synthèse")

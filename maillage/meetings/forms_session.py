"""Forms of the day of a sitting: attendance, withdrawals, a failed quorum, opening a vote,
the count of a show of hands, named ballots.

Forms only shape the input from the day's facts (`services.session.Day`, loaded once, so that
no choice list costs a query per member); the services check the rules and their French
refusals are attached to the form by the views.
"""

import datetime

from django import forms
from django.utils import timezone

from .models import BallotMode, Choice, Presence, SittingMode
from .services.votes import APPOINTMENT_KINDS, Candidate


def _seat_label(seat) -> str:
    return str(seat.person)


def _item_choices(day):
    return [("", "—")] + [(str(i.position), f"{i.position}. {i.title}"[:90]) for i in day.items]


class AttendanceForm(forms.Form):
    seat = forms.TypedChoiceField(label="Membre", coerce=int)
    status = forms.ChoiceField(label="Présence")
    replaced_by = forms.TypedChoiceField(
        label="Suppléant qui siège à sa place",
        coerce=int,
        required=False,
        empty_value=None,
        help_text="Seulement si le titulaire est remplacé par son suppléant (L5211-6).",
    )
    proxy_holder = forms.TypedChoiceField(
        label="Pouvoir exercé par",
        coerce=int,
        required=False,
        empty_value=None,
        help_text="Seulement si le membre est représenté ; un membre n'exerce qu'un pouvoir.",
    )
    arrived_at_item = forms.TypedChoiceField(
        label="Arrivé au point", coerce=int, required=False, empty_value=None
    )
    left_after_item = forms.TypedChoiceField(
        label="Parti après le point", coerce=int, required=False, empty_value=None
    )

    def __init__(self, *args, day, **kwargs):
        super().__init__(*args, **kwargs)
        self.day = day
        self.fields["seat"].choices = [
            (seat.pk, _seat_label(seat)) for seat in day.titulaires.values()
        ]
        statuses = list(Presence.choices)
        if day.sitting.mode != SittingMode.MULTI_SITE:
            statuses = [c for c in statuses if c[0] != Presence.REMOTE]
        self.fields["status"].choices = statuses
        substitutes = [
            (seat.pk, f"{_seat_label(seat)} (suppléant de {_seat_label(day.titulaires[tid])})")
            for tid, seats in day.substitutes.items()
            if tid in day.titulaires
            for seat in seats
        ]
        self.fields["replaced_by"].choices = [("", "—")] + substitutes
        self.fields["proxy_holder"].choices = [("", "—")] + [
            (seat.pk, _seat_label(seat)) for seat in day.voting_seats.values()
        ]
        self.fields["arrived_at_item"].choices = _item_choices(day)
        self.fields["left_after_item"].choices = _item_choices(day)

    def seat_of(self, name):
        value = self.cleaned_data.get(name)
        return self.day.voting_seats.get(value) if value is not None else None


class WithdrawalForm(forms.Form):
    item = forms.TypedChoiceField(label="Point", coerce=int)
    seat = forms.TypedChoiceField(label="Membre qui se retire", coerce=int)
    reason = forms.CharField(
        label="Motif",
        max_length=300,
        required=False,
        help_text="Par exemple : intérêt personnel à l'affaire (L2131-11).",
    )

    def __init__(self, *args, day, **kwargs):
        super().__init__(*args, **kwargs)
        self.day = day
        self.fields["item"].choices = [
            (i.pk, f"{i.position}. {i.title}"[:90]) for i in day.items if i.is_voted
        ]
        self.fields["seat"].choices = [
            (seat.pk, _seat_label(seat)) for seat in day.voting_seats.values()
        ]


class QuorumFailureForm(forms.Form):
    day = forms.DateField(
        label="Date de la seconde séance",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    time = forms.TimeField(
        label="Heure", widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    place = forms.CharField(label="Lieu", max_length=300)

    def starts_at(self) -> datetime.datetime:
        moment = datetime.datetime.combine(self.cleaned_data["day"], self.cleaned_data["time"])
        return timezone.make_aware(moment)


class OpenVoteForm(forms.Form):
    public_requests = forms.IntegerField(
        label="Membres demandant un vote public",
        min_value=0,
        initial=0,
        help_text="Un quart des membres présents l'impose (L2121-21).",
    )
    secret_requests = forms.IntegerField(
        label="Membres demandant un scrutin secret",
        min_value=0,
        initial=0,
        help_text="Un tiers des membres présents l'impose ; il l'emporte sur le vote public.",
    )
    electronic = forms.BooleanField(
        label="Les membres votent depuis leur téléphone", required=False
    )
    members = forms.TypedMultipleChoiceField(
        label="Candidats membres de l'instance", coerce=int, required=False
    )
    others = forms.CharField(
        label="Autres candidats",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=(
            "Un par ligne : « Prénom Nom ; JJ/MM/AAAA » (la date de naissance départage une "
            "égalité au troisième tour : le plus âgé est désigné)."
        ),
    )

    def __init__(self, *args, day, item, **kwargs):
        super().__init__(*args, **kwargs)
        self.day = day
        self.appointment = item.kind in APPOINTMENT_KINDS
        if self.appointment:
            del self.fields["public_requests"], self.fields["secret_requests"]
            self.fields["members"].choices = [
                (seat.pk, _seat_label(seat)) for seat in day.voting_seats.values()
            ]
        else:
            del self.fields["members"], self.fields["others"]

    def clean_others(self):
        candidates = []
        for number, line in enumerate(self.cleaned_data["others"].splitlines(), start=1):
            if not line.strip():
                continue
            name, _, born = line.partition(";")
            birth = None
            if born.strip():
                try:
                    birth = datetime.datetime.strptime(born.strip(), "%d/%m/%Y").date()
                except ValueError:
                    raise forms.ValidationError(
                        f"Ligne {number} : écrivez la date de naissance au format JJ/MM/AAAA."
                    ) from None
            candidates.append(Candidate(name.strip(), birth))
        return candidates

    def candidates(self) -> list:
        if not self.appointment:
            return []
        people = [self.day.voting_seats[pk].person for pk in self.cleaned_data["members"]]
        return people + self.cleaned_data["others"]


class CountsForm(forms.Form):
    votes_for = forms.IntegerField(label="Pour", min_value=0, initial=0)
    votes_against = forms.IntegerField(label="Contre", min_value=0, initial=0)
    abstentions = forms.IntegerField(label="Abstentions", min_value=0, initial=0)
    blank = forms.IntegerField(label="Blancs et nuls", min_value=0, initial=0)
    president_vote = forms.ChoiceField(
        label="Vote du président",
        required=False,
        choices=[("", "—")] + [c for c in Choice.choices if c[0] != Choice.BLANK],
        help_text="Il départage une égalité, sauf au scrutin secret (L2121-20).",
    )

    def __init__(self, *args, vote, **kwargs):
        super().__init__(*args, **kwargs)
        self.appointment = vote.item.kind in APPOINTMENT_KINDS
        if self.appointment:
            del self.fields["votes_for"], self.fields["votes_against"]
            del self.fields["abstentions"], self.fields["president_vote"]
            for index, candidate in enumerate(vote.candidates):
                self.fields[f"candidate_{index}"] = forms.IntegerField(
                    label=f"Voix pour {candidate['name']}",
                    min_value=0,
                    initial=candidate.get("votes", 0),
                )
        elif vote.mode == BallotMode.SECRET:
            del self.fields["president_vote"]
        self.vote = vote

    def counts(self) -> dict:
        data = dict(self.cleaned_data)
        if self.appointment:
            data["candidate_votes"] = {
                c["name"]: data.pop(f"candidate_{i}") for i, c in enumerate(self.vote.candidates)
            }
        return data


class NamedBallotForm(forms.Form):
    seat = forms.TypedChoiceField(label="Votant", coerce=int)
    on_behalf_of = forms.TypedChoiceField(
        label="Pour le pouvoir de", coerce=int, required=False, empty_value=None
    )
    choice = forms.ChoiceField(label="Vote", choices=Choice.choices)
    candidate = forms.ChoiceField(label="Candidat", required=False)

    def __init__(self, *args, day, vote, figures, **kwargs):
        super().__init__(*args, **kwargs)
        self.day = day
        self.fields["seat"].choices = [
            (pk, _seat_label(day.voting_seats[pk]))
            for pk in day.voting_seats
            if pk in figures.voting_seats
        ]
        self.fields["on_behalf_of"].choices = [("", "—")] + [
            (giver, _seat_label(day.titulaires[giver])) for giver in figures.proxies.values()
        ]
        if vote.item.kind in APPOINTMENT_KINDS:
            self.fields["candidate"].choices = [("", "—")] + [
                (c["name"], c["name"]) for c in vote.candidates
            ]
        else:
            del self.fields["candidate"]

    def seat_of(self, name):
        value = self.cleaned_data.get(name)
        return self.day.voting_seats.get(value) if value is not None else None

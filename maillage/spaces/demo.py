"""A demo space for a real communauté de communes, with clearly fictitious people."""

import datetime
import random

from django.db import transaction
from django.utils import timezone

from maillage.audit.services import log_action
from maillage.people.models import Function, Mandate, Person
from maillage.people.services import account_for
from maillage.territories.models import Kind, Membership, Organisation

from .models import Role, Space, SpaceMember, SpaceRole

DEMO_SLUG = "demo"
DEMO_DOMAIN = "demo.maillage.test"  # .test is reserved: these addresses reach nobody
GRAND_EST = "44"
FIRST_NAMES = [
    "Camille",
    "Dominique",
    "Claude",
    "Sacha",
    "Alix",
    "Morgan",
    "Lou",
    "Charlie",
    "Jules",
    "Noa",
    "Eden",
    "Maxime",
    "Andréa",
    "Yannick",
    "Gaëlle",
    "Hugo",
    "Inès",
    "Louis",
    "Manon",
    "Nathan",
    "Océane",
    "Paul",
    "Rose",
    "Simon",
    "Théa",
    "Victor",
    "Zoé",
    "Léa",
    "Émile",
]
LAST_NAMES = [
    "Exemple",
    "Fictif",
    "Démo",
    "Modèle",
    "Essai",
    "Prototype",
    "Maquette",
    "Brouillon",
    "Esquisse",
    "Ébauche",
    "Échantillon",
    "Patron",
    "Gabarit",
    "Spécimen",
    "Témoin",
]
MANDATE_START = "2020-05-23"


def council_size(population: int | None) -> int:
    """Seats of a municipal council by population (L2121-2 CGCT, from 2026: 7 below 100)."""
    population = population or 0
    for ceiling, seats in ((100, 7), (500, 11), (1500, 15), (2500, 19), (3500, 23), (5000, 27)):
        if population < ceiling:
            return seats
    return 29


def pick_epci() -> Organisation:
    """The first (by SIREN) communauté de communes of Grand Est with 10,000–20,000 people."""
    epci = (
        Organisation.objects.active()
        .filter(
            kind=Kind.EPCI,
            epci_type="CC",
            region__insee_code=GRAND_EST,
            population_totale__gte=10_000,
            population_totale__lte=20_000,
        )
        .order_by("siren")
        .first()
    )
    if epci is None:
        raise ValueError("Aucune communauté de communes de Grand Est de 10 000 à 20 000 habitants.")
    return epci


def create_demo_space() -> tuple[Space, dict[str, Person]]:
    """Create the demo space once; return it and the people to log in as (admin, mayor,
    councillor and a commune's référent)."""
    space = Space.objects.filter(slug=DEMO_SLUG).first()
    if space is None:
        space = _create()
    if not space.bodies.exists():
        _create_meetings(space)
    if not space.deliberations.exists():
        _create_past_sitting(space)
    from .demo_steering import create_steering_demo

    create_steering_demo(space)
    from .demo_communication import create_communication_demo

    create_communication_demo(space)
    logins = {
        key: Person.objects.get(email=f"{key}@{DEMO_DOMAIN}")
        for key in ("admin", "maire", "conseiller")
    }
    # The référent of the first member commune: its page « ce qui me concerne ».
    referent = Person.objects.filter(email=f"referent-1@{DEMO_DOMAIN}").first()
    if referent is not None:
        logins["referent"] = referent
    return space, logins


@transaction.atomic
def _create() -> Space:
    rng = random.Random(2026)
    epci = pick_epci()
    space = Space.objects.create(
        slug=DEMO_SLUG,
        name=f"{epci.name} (démonstration)",
        organisation=epci,
        presentation=(
            "Espace de démonstration : l'intercommunalité et ses communes sont réelles, "
            "les personnes sont fictives."
        ),
    )
    communes = list(
        Organisation.objects.filter(
            memberships__group=epci,
            memberships__nature=Membership.Nature.EPCI,
            memberships__end_date__isnull=True,
        ).order_by("-population_totale", "name")
    )
    today = timezone.localdate()
    SpaceMember.objects.bulk_create(
        SpaceMember(space=space, organisation=c, start_date=today) for c in communes
    )
    counter = iter(range(1, 1_000_000))

    def person(email: str = "") -> Person:
        n = next(counter)
        return Person.objects.create(
            first_name=rng.choice(FIRST_NAMES),
            last_name=f"{rng.choice(LAST_NAMES)}-{n}",
            email=email,
            is_fictitious=True,
        )

    mandates, mayors, councillors = [], [], []
    for index, commune in enumerate(communes):
        seats = council_size(commune.population_totale)
        members = [person() for _ in range(seats)]
        mayors.append(members[0])
        mandates += [
            Mandate(
                person=p,
                organisation=commune,
                function=Function.CONSEILLER_MUNICIPAL,
                start_date=MANDATE_START,
                source=Mandate.Source.MANUAL,
            )
            for p in members
        ]
        mandates.append(
            Mandate(
                person=members[0],
                organisation=commune,
                function=Function.MAIRE,
                start_date=MANDATE_START,
                source=Mandate.Source.MANUAL,
            )
        )
        for rank, adjoint in enumerate(members[1 : 1 + min(4, seats // 4)], start=1):
            mandates.append(
                Mandate(
                    person=adjoint,
                    organisation=commune,
                    function=Function.ADJOINT,
                    rank=rank,
                    start_date=MANDATE_START,
                    source=Mandate.Source.MANUAL,
                )
            )
        community_seats = 1 + (commune.population_totale or 0) // 2500
        for member in members[:community_seats]:
            mandates.append(
                Mandate(
                    person=member,
                    organisation=epci,
                    function=Function.CONSEILLER_COMMUNAUTAIRE,
                    represents=commune,
                    start_date=MANDATE_START,
                    source=Mandate.Source.MANUAL,
                )
            )
        if community_seats == 1:
            mandates.append(
                Mandate(
                    person=members[1],
                    organisation=epci,
                    function=Function.CONSEILLER_COMMUNAUTAIRE_SUPPLEANT,
                    represents=commune,
                    start_date=MANDATE_START,
                    source=Mandate.Source.MANUAL,
                )
            )
        councillors.append(members[-1])
        if index == 0:
            mandates.append(
                Mandate(
                    person=members[0],
                    organisation=epci,
                    function=Function.PRESIDENT,
                    start_date=MANDATE_START,
                    source=Mandate.Source.MANUAL,
                )
            )
    for rank, vice in enumerate(mayors[1:5], start=1):
        mandates.append(
            Mandate(
                person=vice,
                organisation=epci,
                function=Function.VICE_PRESIDENT,
                rank=rank,
                delegation=["Finances", "Mobilités", "Économie", "Environnement"][rank - 1],
                start_date=MANDATE_START,
                source=Mandate.Source.MANUAL,
            )
        )
    Mandate.objects.bulk_create(mandates)

    # The three people to log in as.
    mayor = mayors[1] if len(mayors) > 1 else mayors[0]
    mayor.email = f"maire@{DEMO_DOMAIN}"
    councillor = councillors[-1]
    councillor.email = f"conseiller@{DEMO_DOMAIN}"
    for p in (mayor, councillor):
        p.save(update_fields=["email"])
    admin = person(f"admin@{DEMO_DOMAIN}")
    Mandate.objects.create(
        person=admin,
        organisation=epci,
        function=Function.DGS,
        start_date=today,
        source=Mandate.Source.MANUAL,
    )
    SpaceRole.objects.create(space=space, person=admin, role=Role.ADMIN)
    for p in (admin, mayor, councillor):
        account_for(person=p)
    log_action(actor=None, action="spaces.demo_created", obj=space, space=space)
    return space


@transaction.atomic
def _create_meetings(space: Space) -> None:
    """The demo's bodies, built from its mandates through the meetings services: the council
    (community councillors as titulaires, the single-seat communes' suppléants, the president
    in the chair), the bureau (president and vice-presidents), the conférence des maires (every
    mayor, chaired by the president), a commission, and a council sitting in preparation three
    weeks ahead with four items."""
    from maillage.meetings.models import BodyKind, ItemKind, Matter, SeatKind
    from maillage.meetings.services import bodies as meetings

    epci = space.organisation
    current = Mandate.objects.current().select_related("person", "represents")
    titulaires = list(
        current.filter(organisation=epci, function=Function.CONSEILLER_COMMUNAUTAIRE).order_by(
            "represents__name", "pk"
        )
    )
    commune_of = {m.person_id: m.represents for m in titulaires}
    president = current.filter(organisation=epci, function=Function.PRESIDENT).first()
    president = president.person if president else None
    vices = [
        m.person
        for m in current.filter(organisation=epci, function=Function.VICE_PRESIDENT).order_by(
            "rank"
        )
    ]
    members = space.members.current().values("organisation_id")
    mayors = list(
        current.filter(function=Function.MAIRE, organisation_id__in=members).order_by(
            "organisation__name"
        )
    )

    def seat(body, person, organisation=None, **kwargs):
        return meetings.add_seat(
            actor=None,
            body=body,
            person=person,
            kind=kwargs.pop("kind", SeatKind.TITULAIRE),
            organisation=organisation,
            start_date=datetime.date(2020, 7, 15),
            **kwargs,
        )

    council = meetings.create_body(
        actor=None,
        space=space,
        kind=BodyKind.CONSEIL_COMMUNAUTAIRE,
        name="Conseil communautaire",
        description="L'organe délibérant : un ou plusieurs conseillers par commune membre.",
    )
    seats_by_commune = {}
    for mandate in titulaires:
        council_seat = seat(
            council, mandate.person, mandate.represents, is_chair=mandate.person == president
        )
        seats_by_commune.setdefault(mandate.represents_id, []).append(council_seat)
    # A commune with a single seat has a suppléant (L5211-6): the demo's, or else one of its
    # municipal councillors who is not yet seated.
    suppleants = {
        m.represents_id: m.person
        for m in current.filter(
            organisation=epci, function=Function.CONSEILLER_COMMUNAUTAIRE_SUPPLEANT
        )
    }
    for commune_id, commune_seats in seats_by_commune.items():
        if len(commune_seats) != 1:
            continue
        person = suppleants.get(commune_id)
        if person is None:
            candidate = (
                current.filter(organisation_id=commune_id, function=Function.CONSEILLER_MUNICIPAL)
                .exclude(person_id__in=[m.person_id for m in titulaires])
                .first()
            )
            person = candidate.person if candidate else None
        if person is not None:
            seat(
                council,
                person,
                commune_seats[0].organisation,
                kind=SeatKind.SUPPLEANT,
                substitute_for=commune_seats[0],
            )

    bureau = meetings.create_body(
        actor=None,
        space=space,
        kind=BodyKind.BUREAU,
        name="Bureau",
        description="Le président et les vice-présidents.",
    )
    for person in [president, *vices]:
        if person is not None:
            seat(bureau, person, commune_of.get(person.pk), is_chair=person == president)

    conference = meetings.create_body(
        actor=None,
        space=space,
        kind=BodyKind.CONFERENCE_MAIRES,
        name="Conférence des maires",
        description="Chaque maire des communes membres ; présidée par le président (L5211-11-3).",
    )
    if president is not None:
        seat(conference, president, commune_of.get(president.pk), is_chair=True)
    for mandate in mayors:
        if mandate.person != president:
            seat(conference, mandate.person, mandate.organisation)

    finances = meetings.create_body(
        actor=None,
        space=space,
        kind=BodyKind.COMMISSION,
        name="Commission Finances et mutualisation",
    )
    chair = vices[0] if vices else president
    if chair is not None:
        seat(finances, chair, commune_of.get(chair.pk), is_chair=True)
    for mandate in [m for m in titulaires if m.person != chair][:8]:
        seat(finances, mandate.person, mandate.represents)

    day = timezone.localdate() + datetime.timedelta(weeks=3)
    sitting = meetings.create_sitting(
        actor=None,
        body=council,
        starts_at=timezone.make_aware(datetime.datetime.combine(day, datetime.time(18, 30))),
        place=f"Salle du conseil, siège de {epci.name}",
        secretary=titulaires[-1].person if titulaires else None,
    )
    rapporteur = vices[0] if vices else president
    for title, kind, matter in (
        (
            "Adhésion au service commun d'instruction des autorisations d'urbanisme",
            ItemKind.DELIBERATION,
            Matter.URBANISME,
        ),
        ("Rapport d'activité de l'année écoulée (L5211-39)", ItemKind.INFORMATION, ""),
        (
            "Avis sur le projet de schéma de cohérence territoriale arrêté",
            ItemKind.OPINION,
            Matter.URBANISME,
        ),
        (
            "Désignation d'un délégué au syndicat départemental d'énergie",
            ItemKind.APPOINTMENT,
            Matter.INSTITUTIONS,
        ),
    ):
        meetings.add_item(
            actor=None,
            sitting=sitting,
            title=title,
            kind=kind,
            matter=matter,
            rapporteur=rapporteur,
            summary="Texte de démonstration : la note de synthèse présente ce point.",
            draft_text="Le conseil communautaire, après en avoir délibéré, …"
            if kind != ItemKind.INFORMATION
            else "",
        )


@transaction.atomic
def _create_past_sitting(space: Space) -> None:
    """A council sitting held six weeks ago, so that the register, the public acts page and the
    SCDL export have something to show: its facts (convocation, attendance, show-of-hands
    votes) are written as history, then its deliberations are numbered and published by the
    acts services."""
    from maillage.meetings.models import (
        AgendaItem,
        Attendance,
        BallotMode,
        Body,
        BodyKind,
        ItemKind,
        Matter,
        Outcome,
        Presence,
        Sitting,
        SittingStatus,
        Vote,
    )
    from maillage.meetings.services import acts

    council = Body.objects.filter(space=space, kind=BodyKind.CONSEIL_COMMUNAUTAIRE).first()
    if council is None:
        return
    seats = list(council.seats.current().voting().order_by("pk"))
    if not seats:
        return
    day = timezone.localdate() - datetime.timedelta(weeks=6)
    starts_at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(18, 30)))
    sitting = Sitting.objects.create(
        body=council,
        starts_at=starts_at,
        place=f"Salle du conseil, siège de {space.organisation.name}",
        clear_days=5,
        status=SittingStatus.CLOSED,
        convened_at=starts_at - datetime.timedelta(days=8),
        opened_at=starts_at,
        closed_at=starts_at + datetime.timedelta(hours=2),
        quorum_at_opening=True,
        secretary=seats[-1].person,
    )
    # Most members present, one in ten excused: the quorum is reached.
    present = [seat for n, seat in enumerate(seats) if n % 10 != 9]
    Attendance.objects.bulk_create(
        Attendance(
            sitting=sitting,
            seat=seat,
            status=Presence.PRESENT if seat in present else Presence.EXCUSED,
        )
        for seat in seats
    )
    for position, (title, matter, votes_against, abstentions) in enumerate(
        (
            ("Approbation du compte administratif de l'exercice écoulé", Matter.FINANCES, 0, 2),
            (
                "Création d'un service commun de secrétariat de mairie itinérant",
                Matter.INSTITUTIONS,
                3,
                1,
            ),
            ("Tarifs de la redevance d'enlèvement des ordures ménagères", Matter.FINANCES, 5, 0),
        ),
        start=1,
    ):
        item = AgendaItem.objects.create(
            sitting=sitting,
            position=position,
            title=title,
            kind=ItemKind.DELIBERATION,
            matter=matter,
            draft_text=(
                "Le conseil communautaire, après en avoir délibéré, approuve la proposition "
                "présentée par le rapporteur. (Texte de démonstration.)"
            ),
        )
        against = min(votes_against, len(present))
        abstain = min(abstentions, len(present) - against)
        Vote.objects.create(
            item=item,
            mode=BallotMode.ORDINARY,
            status=Vote.Status.CLOSED,
            members_in_office=len(seats),
            present=len(present),
            votes_for=len(present) - against - abstain,
            votes_against=against,
            abstentions=abstain,
            outcome=Outcome.ADOPTED
            if len(present) - against - abstain > against
            else Outcome.REJECTED,
            closed_at=starts_at + datetime.timedelta(minutes=20 * position),
        )
    acts.number_deliberations(actor=None, sitting=sitting)
    acts.publish_deliberations(actor=None, sitting=sitting)

"""Services of the bodies area: bodies, seats, sittings in preparation, agenda, documents.
Every refusal says why in French and changes nothing."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from maillage.audit.models import ActionLog
from maillage.meetings.models import (
    AgendaItem,
    Annex,
    BodyKind,
    ItemKind,
    Seat,
    SeatKind,
    SittingMode,
    SittingStatus,
)
from maillage.meetings.services import MeetingError
from maillage.meetings.services import bodies as services
from maillage.people.models import Function
from maillage.territories.models import Kind
from tests.meetings.factories import (
    AgendaItemFactory,
    BodyFactory,
    SeatFactory,
    SittingFactory,
    in_days,
)
from tests.people.factories import MandateFactory, PersonFactory
from tests.spaces.factories import SpaceFactory
from tests.territories.factories import EpciFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


def pdf(name="annexe.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def refused(message, call, **kwargs):
    with pytest.raises(MeetingError) as error:
        call(**kwargs)
    assert message in str(error.value)


@pytest.fixture
def actor(world):
    return world.admin.user


@pytest.fixture
def council(world, actor):
    return services.create_body(
        actor=actor, space=world.space, kind=BodyKind.CONSEIL_COMMUNAUTAIRE, name="Conseil"
    )


# --- Bodies -----------------------------------------------------------------------------------


def test_an_admin_creates_a_council_and_the_log_says_so(world, actor):
    body = services.create_body(
        actor=actor,
        space=world.space,
        kind=BodyKind.CONSEIL_COMMUNAUTAIRE,
        name=" Conseil communautaire ",
        description="Organe délibérant",
    )
    assert body.name == "Conseil communautaire"
    assert body.is_council
    assert ActionLog.objects.filter(action="meetings.create_body", space=world.space).exists()


def test_an_operator_space_has_a_comite_syndical_not_a_conseil_communautaire(actor):
    operator = EpciFactory(kind=Kind.SYNDICAT_MIXTE_OUVERT, epci_type="")
    space = SpaceFactory(organisation=operator)
    refused(
        "comité syndical",
        services.create_body,
        actor=actor,
        space=space,
        kind=BodyKind.CONSEIL_COMMUNAUTAIRE,
        name="Conseil",
    )
    body = services.create_body(
        actor=actor, space=space, kind=BodyKind.COMITE_SYNDICAL, name="Comité syndical"
    )
    assert body.is_council
    assert (BodyKind.CONSEIL_COMMUNAUTAIRE, "Conseil communautaire") not in services.body_kinds(
        space
    )


def test_an_epci_space_has_no_comite_syndical(world, actor):
    refused(
        "conseil communautaire, pas un comité syndical",
        services.create_body,
        actor=actor,
        space=world.space,
        kind=BodyKind.COMITE_SYNDICAL,
        name="Comité",
    )


def test_two_bodies_of_a_space_cannot_share_a_name(world, actor, council):
    refused(
        "porte déjà ce nom",
        services.create_body,
        actor=actor,
        space=world.space,
        kind=BodyKind.COMMISSION,
        name="conseil",
    )


def test_a_space_has_a_single_council(world, actor, council):
    refused(
        "déjà une instance de type « Conseil communautaire »",
        services.create_body,
        actor=actor,
        space=world.space,
        kind=BodyKind.CONSEIL_COMMUNAUTAIRE,
        name="Autre conseil",
    )


def test_a_body_without_a_name_is_refused(world, actor):
    refused(
        "Donnez un nom",
        services.create_body,
        actor=actor,
        space=world.space,
        kind=BodyKind.COMMISSION,
        name="  ",
    )


def test_the_kind_of_a_body_with_sittings_does_not_change(actor, council):
    SittingFactory(body=council)
    refused(
        "déjà des séances",
        services.update_body,
        actor=actor,
        body=council,
        kind=BodyKind.COMMISSION,
        name="Conseil",
    )
    council.refresh_from_db()
    assert council.kind == BodyKind.CONSEIL_COMMUNAUTAIRE


def test_an_admin_renames_a_body_and_weighs_its_votes(actor, council):
    services.update_body(
        actor=actor,
        body=council,
        kind=council.kind,
        name="Conseil de la CC",
        weighted_votes=True,
    )
    council.refresh_from_db()
    assert council.name == "Conseil de la CC" and council.weighted_votes
    assert ActionLog.objects.filter(action="meetings.update_body").exists()


# --- Seats ------------------------------------------------------------------------------------


def test_a_mayor_of_a_member_commune_is_seated_as_titulaire_and_chair(world, actor, council):
    seat = services.add_seat(
        actor=actor,
        body=council,
        person=world.elu,
        kind=SeatKind.TITULAIRE,
        organisation=world.commune,
        is_chair=True,
    )
    assert seat.is_chair and seat.start_date == timezone.localdate()
    assert ActionLog.objects.filter(action="meetings.add_seat").count() == 1


def test_a_person_outside_the_space_cannot_sit(world, actor, council):
    refused(
        "n'est pas une personne de l'espace",
        services.add_seat,
        actor=actor,
        body=council,
        person=world.outsider,
        kind=SeatKind.TITULAIRE,
    )
    assert not Seat.objects.exists()


def test_a_person_already_seated_is_refused(world, actor, council):
    services.add_seat(actor=actor, body=council, person=world.elu, kind=SeatKind.TITULAIRE)
    refused(
        "siège déjà dans cette instance",
        services.add_seat,
        actor=actor,
        body=council,
        person=world.elu,
        kind=SeatKind.INVITE,
    )


def test_a_body_has_a_single_chair(world, actor, council):
    services.add_seat(
        actor=actor, body=council, person=world.elu, kind=SeatKind.TITULAIRE, is_chair=True
    )
    refused(
        "déjà un président",
        services.add_seat,
        actor=actor,
        body=council,
        person=world.agent,
        kind=SeatKind.TITULAIRE,
        is_chair=True,
    )


def test_only_a_titulaire_chairs(world, actor, council):
    refused(
        "Seul un titulaire peut présider",
        services.add_seat,
        actor=actor,
        body=council,
        person=world.agent,
        kind=SeatKind.INVITE,
        is_chair=True,
    )


def test_a_suppleant_without_a_titulaire_is_refused(world, actor, council):
    refused(
        "Un suppléant remplace un titulaire : choisissez lequel",
        services.add_seat,
        actor=actor,
        body=council,
        person=world.agent,
        kind=SeatKind.SUPPLEANT,
    )


def test_a_suppleant_for_a_seat_of_another_body_is_refused(world, actor, council):
    bureau = BodyFactory(space=world.space, kind=BodyKind.BUREAU, name="Bureau")
    other = SeatFactory(body=bureau, person=world.elu)
    refused(
        "même instance",
        services.add_seat,
        actor=actor,
        body=council,
        person=world.agent,
        kind=SeatKind.SUPPLEANT,
        substitute_for=other,
    )


def test_a_suppleant_stands_in_for_a_current_titulaire_only(world, actor, council):
    ended = SeatFactory(body=council, person=world.elu, end_date=timezone.localdate())
    refused(
        "titulaire en fonctions",
        services.add_seat,
        actor=actor,
        body=council,
        person=world.agent,
        kind=SeatKind.SUPPLEANT,
        substitute_for=ended,
    )


def test_a_titulaire_is_nobodys_suppleant(world, actor, council):
    titulaire = services.add_seat(
        actor=actor, body=council, person=world.elu, kind=SeatKind.TITULAIRE
    )
    refused(
        "Seul un suppléant remplace un titulaire",
        services.add_seat,
        actor=actor,
        body=council,
        person=world.agent,
        kind=SeatKind.TITULAIRE,
        substitute_for=titulaire,
    )
    suppleant = services.add_seat(
        actor=actor,
        body=council,
        person=world.agent,
        kind=SeatKind.SUPPLEANT,
        substitute_for=titulaire,
    )
    assert suppleant.substitute_for == titulaire


def test_a_weight_below_one_is_refused(world, actor, council):
    refused(
        "au moins 1",
        services.add_seat,
        actor=actor,
        body=council,
        person=world.elu,
        kind=SeatKind.TITULAIRE,
        weight=0,
    )


def test_the_weight_counts_only_in_a_body_that_weighs_votes(world, actor, council):
    plain = services.add_seat(
        actor=actor, body=council, person=world.elu, kind=SeatKind.TITULAIRE, weight=200
    )
    assert plain.weight == 1
    syndicate = BodyFactory(space=world.space, kind=BodyKind.COMMISSION, weighted_votes=True)
    weighted = services.add_seat(
        actor=actor, body=syndicate, person=world.elu, kind=SeatKind.TITULAIRE, weight=200
    )
    assert weighted.weight == 200


def test_a_seat_represents_a_member_of_the_space_only(world, actor, council):
    stranger = EpciFactory(name="CC d'ailleurs")
    refused(
        "ni l'organisation de l'espace ni l'un de ses membres",
        services.add_seat,
        actor=actor,
        body=council,
        person=world.elu,
        kind=SeatKind.TITULAIRE,
        organisation=stranger,
    )


def test_ending_a_seat_keeps_it_with_its_end_date(world, actor, council):
    seat = SeatFactory(body=council, person=world.elu)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    services.end_seat(actor=actor, seat=seat, end_date=yesterday)
    seat.refresh_from_db()
    assert seat.end_date == yesterday
    assert not Seat.objects.current().filter(body=council).exists()
    assert ActionLog.objects.filter(action="meetings.end_seat").exists()
    # The person may then be seated again.
    services.add_seat(actor=actor, body=council, person=world.elu, kind=SeatKind.TITULAIRE)


@pytest.mark.parametrize(
    "days, message",
    [(1, "au plus tard aujourd'hui"), (-10_000, "ne peut pas précéder son début")],
)
def test_a_seat_cannot_end_in_the_future_or_before_it_began(world, actor, council, days, message):
    seat = SeatFactory(body=council, person=world.elu)
    end = timezone.localdate() + datetime.timedelta(days=days)
    refused(message, services.end_seat, actor=actor, seat=seat, end_date=end)
    seat.refresh_from_db()
    assert seat.end_date is None


def test_ending_a_titulaire_seat_ends_its_suppleant_seat_at_the_same_date(world, actor, council):
    titulaire = SeatFactory(body=council, person=world.elu)
    suppleant = SeatFactory(body=council, person=world.agent, kind=SeatKind.SUPPLEANT,
                            substitute_for=titulaire)  # fmt: skip
    former = SeatFactory(body=council, kind=SeatKind.SUPPLEANT, substitute_for=titulaire,
                         end_date=datetime.date(2022, 1, 31))  # fmt: skip
    other = SeatFactory(body=council)
    other_suppleant = SeatFactory(body=council, kind=SeatKind.SUPPLEANT, substitute_for=other)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    services.end_seat(actor=actor, seat=titulaire, end_date=yesterday)
    ends = dict(Seat.objects.values_list("pk", "end_date"))
    assert ends[suppleant.pk] == yesterday
    assert ends[former.pk] == datetime.date(2022, 1, 31)
    assert (ends[other.pk], ends[other_suppleant.pk]) == (None, None)
    logged = ActionLog.objects.filter(action="meetings.end_seat")
    assert {log.data.get("with_titulaire") for log in logged} == {None, titulaire.pk}
    # The suppléant may then stand in for the next titulaire.
    services.add_seat(actor=actor, body=council, person=suppleant.person,
                      kind=SeatKind.SUPPLEANT, substitute_for=other)  # fmt: skip


def test_a_titulaire_seat_does_not_end_before_its_suppleant_seat_began(world, actor, council):
    titulaire = SeatFactory(body=council, person=world.elu)
    SeatFactory(body=council, kind=SeatKind.SUPPLEANT, substitute_for=titulaire,
                start_date=timezone.localdate())  # fmt: skip
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    refused("prend fin avec celui du titulaire", services.end_seat, actor=actor, seat=titulaire,
            end_date=yesterday)  # fmt: skip
    assert set(Seat.objects.values_list("end_date", flat=True)) == {None}


def test_a_seat_ends_once(world, actor, council):
    seat = SeatFactory(body=council, person=world.elu, end_date=timezone.localdate())
    refused(
        "déjà pris fin",
        services.end_seat,
        actor=actor,
        seat=seat,
        end_date=timezone.localdate(),
    )


# --- Conférence des maires (L5211-11-3) ---------------------------------------------------------


def test_the_conference_of_mayors_is_mandatory_while_a_mayor_is_not_in_the_bureau(world):
    bureau = BodyFactory(space=world.space, kind=BodyKind.BUREAU, name="Bureau")
    other_mayor = PersonFactory()
    MandateFactory(
        person=other_mayor,
        organisation=world.space.members.exclude(organisation=world.commune).get().organisation,
        function=Function.MAIRE,
    )
    SeatFactory(body=bureau, person=world.elu)
    status = services.conference_of_mayors_status(world.space)
    assert status["mandatory"] and status["mayors"] == 2 and status["mayors_outside_bureau"] == 1
    SeatFactory(body=bureau, person=other_mayor)
    status = services.conference_of_mayors_status(world.space)
    assert not status["mandatory"] and status["bureau_includes_every_mayor"]


def test_with_no_mayor_recorded_the_conference_is_said_mandatory(world):
    world.elu.mandates.update(end_date=timezone.localdate())
    status = services.conference_of_mayors_status(world.space)
    assert status["mayors"] == 0 and status["mandatory"]


def test_the_conference_of_mayors_is_not_for_an_operator():
    space = SpaceFactory(organisation=EpciFactory(kind=Kind.SYNDICAT_MIXTE_FERME, epci_type=""))
    assert not services.conference_of_mayors_status(space)["mandatory"]


# --- Sittings ---------------------------------------------------------------------------------


def test_a_sitting_is_prepared_with_five_clear_days(world, actor, council):
    sitting = services.create_sitting(
        actor=actor,
        body=council,
        starts_at=in_days(20),
        place="Salle du conseil",
        secretary=world.elu,
    )
    assert sitting.status == SittingStatus.DRAFT
    assert sitting.clear_days == 5
    assert sitting.created_by == actor
    assert ActionLog.objects.filter(action="meetings.create_sitting").exists()


def test_a_sitting_in_the_past_is_refused(actor, council):
    refused(
        "dans le passé",
        services.create_sitting,
        actor=actor,
        body=council,
        starts_at=in_days(-1),
        place="Salle",
    )


def test_a_sitting_needs_a_place(actor, council):
    refused(
        "lieu",
        services.create_sitting,
        actor=actor,
        body=council,
        starts_at=in_days(10),
        place=" ",
    )


def test_only_a_council_sits_in_several_linked_places(world, actor):
    bureau = BodyFactory(space=world.space, kind=BodyKind.BUREAU, name="Bureau")
    refused(
        "L5211-11-1",
        services.create_sitting,
        actor=actor,
        body=bureau,
        starts_at=in_days(10),
        place="Salle",
        mode=SittingMode.MULTI_SITE,
        video_url="https://visio.example.test/bureau",
    )


def test_a_multi_site_sitting_needs_its_video_link(actor, council):
    refused(
        "lien de la visioconférence",
        services.create_sitting,
        actor=actor,
        body=council,
        starts_at=in_days(10),
        place="Salle",
        mode=SittingMode.MULTI_SITE,
    )
    sitting = services.create_sitting(
        actor=actor,
        body=council,
        starts_at=in_days(10),
        place="Salle",
        mode=SittingMode.MULTI_SITE,
        video_url="https://visio.example.test/conseil",
    )
    assert sitting.video_url == "https://visio.example.test/conseil"


def test_a_secretary_outside_the_space_is_refused(world, actor, council):
    refused(
        "n'est pas une personne de l'espace",
        services.create_sitting,
        actor=actor,
        body=council,
        starts_at=in_days(10),
        place="Salle",
        secretary=world.outsider,
    )


def test_a_convened_sitting_is_no_longer_edited(actor, council):
    sitting = SittingFactory(body=council, status=SittingStatus.CONVENED)
    refused(
        "n'est plus possible",
        services.update_sitting,
        actor=actor,
        sitting=sitting,
        starts_at=in_days(30),
        place="Ailleurs",
    )
    sitting.refresh_from_db()
    assert sitting.place != "Ailleurs"


def test_a_sitting_with_an_appointment_cannot_switch_to_several_places(actor, council):
    sitting = SittingFactory(body=council)
    AgendaItemFactory(sitting=sitting, position=1, kind=ItemKind.APPOINTMENT, title="Délégués")
    refused(
        "Une nomination ne peut pas avoir lieu en visioconférence (L5211-11-1)",
        services.update_sitting,
        actor=actor,
        sitting=sitting,
        starts_at=sitting.starts_at,
        place=sitting.place,
        mode=SittingMode.MULTI_SITE,
        video_url="https://visio.example.test/",
    )
    sitting.refresh_from_db()
    assert sitting.mode == SittingMode.IN_PERSON


def test_an_agent_moves_a_draft_sitting(world, council):
    sitting = SittingFactory(body=council)
    services.update_sitting(
        actor=world.agent.user,
        sitting=sitting,
        starts_at=in_days(30, hour=9),
        place="Salle des fêtes",
        mode=SittingMode.MULTI_SITE,
        video_url="https://visio.example.test/",
    )
    sitting.refresh_from_db()
    assert sitting.place == "Salle des fêtes" and sitting.mode == SittingMode.MULTI_SITE


def test_a_cancelled_sitting_keeps_its_reason_in_the_log(actor, council):
    sitting = SittingFactory(body=council, status=SittingStatus.CONVENED)
    services.cancel_sitting(actor=actor, sitting=sitting, reason="Salle indisponible")
    sitting.refresh_from_db()
    assert sitting.status == SittingStatus.CANCELLED
    log = ActionLog.objects.get(action="meetings.cancel_sitting")
    assert log.data["reason"] == "Salle indisponible"
    assert log.data["previous_status"] == SittingStatus.CONVENED


def test_cancelling_a_sitting_nobody_was_convened_to_sends_no_email(
    actor, council, mailoutbox, django_capture_on_commit_callbacks
):
    sitting = SittingFactory(body=council)
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_sitting(actor=actor, sitting=sitting, reason="Ordre du jour reporté")
    assert mailoutbox == []
    log = ActionLog.objects.get(action="meetings.cancel_sitting")
    assert (log.data["notified"], log.data["without_address"]) == (0, 0)


def test_cancelling_needs_a_reason_and_a_sitting_not_yet_held(actor, council):
    sitting = SittingFactory(body=council)
    refused("motif", services.cancel_sitting, actor=actor, sitting=sitting, reason="")
    closed = SittingFactory(body=council, status=SittingStatus.CLOSED)
    refused("ne peut plus être annulée", services.cancel_sitting, actor=actor, sitting=closed,
            reason="Erreur")  # fmt: skip
    closed.refresh_from_db()
    assert closed.status == SittingStatus.CLOSED


# --- Agenda -----------------------------------------------------------------------------------


def test_items_are_added_in_order_with_their_fields(world, actor, council):
    sitting = SittingFactory(body=council)
    first = services.add_item(
        actor=actor,
        sitting=sitting,
        title="Budget annexe des déchets",
        kind=ItemKind.DELIBERATION,
        rapporteur=world.elu,
        matter="7",
        budget_year=2026,
        budget_name="Déchets",
    )
    second = services.add_item(actor=actor, sitting=sitting, title="Rapport", kind="information")
    assert (first.position, second.position) == (1, 2)
    assert first.rapporteur == world.elu and first.budget_year == 2026
    assert ActionLog.objects.filter(action="meetings.add_item").count() == 2


def test_the_agenda_of_a_convened_sitting_is_fixed(actor, council):
    sitting = SittingFactory(body=council, status=SittingStatus.CONVENED)
    refused(
        "l'ordre du jour et le dossier sont arrêtés",
        services.add_item,
        actor=actor,
        sitting=sitting,
        title="Point tardif",
        kind=ItemKind.DELIBERATION,
    )
    assert not AgendaItem.objects.exists()


def second_sitting(council):
    """A second sitting in preparation after a failed quorum, with the first one's two items."""
    first = SittingFactory(body=council, status=SittingStatus.CLOSED, starts_at=in_days(-7))
    second = SittingFactory(body=council, quorum_failed_for=first)
    for position, title in enumerate(("Budget annexe", "Pacte de gouvernance"), start=1):
        AgendaItemFactory(sitting=second, position=position, title=title)
    return second


def test_no_item_is_added_to_or_removed_from_a_second_sitting(actor, council):
    sitting = second_sitting(council)
    refused("même ordre du jour", services.add_item, actor=actor, sitting=sitting,
            title="Point nouveau", kind=ItemKind.DELIBERATION)  # fmt: skip
    refused("aucun point ne peut y être ajouté ni retiré", services.delete_item, actor=actor,
            item=sitting.items.get(position=1))  # fmt: skip
    assert list(sitting.items.values_list("title", flat=True)) == [
        "Budget annexe",
        "Pacte de gouvernance",
    ]
    assert not ActionLog.objects.filter(action__in=["meetings.add_item", "meetings.delete_item"])


@pytest.mark.parametrize(
    "change",
    [{"title": "Autre objet"}, {"kind": ItemKind.OPINION}],
    ids=["object", "nature"],
)
def test_the_object_and_nature_of_a_second_sitting_item_do_not_change(actor, council, change):
    item = second_sitting(council).items.get(position=1)
    fields = {"title": item.title, "kind": item.kind, **change}
    refused("l'objet et la nature des points ne changent pas", services.update_item,
            actor=actor, item=item, **fields)  # fmt: skip
    item.refresh_from_db()
    assert (item.title, item.kind) == ("Budget annexe", ItemKind.DELIBERATION)


def test_the_texts_and_order_of_a_second_sitting_items_may_still_change(world, actor, council):
    sitting = second_sitting(council)
    item = sitting.items.get(position=1)
    services.update_item(actor=actor, item=item, title=" Budget annexe ", kind=item.kind,
                         draft_text="Texte corrigé", rapporteur=world.elu)  # fmt: skip
    services.move_item(actor=actor, item=item, direction="down")
    item.refresh_from_db()
    assert (item.draft_text, item.rapporteur, item.position) == ("Texte corrigé", world.elu, 2)


@pytest.mark.parametrize(
    "kind", [ItemKind.APPOINTMENT, ItemKind.BUDGET_PRIMITIF, ItemKind.ELECTION]
)
def test_an_item_the_law_keeps_from_video_is_refused_at_a_multi_site_sitting(actor, council, kind):
    sitting = SittingFactory(
        body=council, mode=SittingMode.MULTI_SITE, video_url="https://visio.example.test/"
    )
    refused(
        "ne peut pas avoir lieu en visioconférence (L5211-11-1)",
        services.add_item,
        actor=actor,
        sitting=sitting,
        title="Point",
        kind=kind,
    )
    item = services.add_item(
        actor=actor, sitting=sitting, title="Point", kind=ItemKind.DELIBERATION
    )
    refused(
        "L5211-11-1",
        services.update_item,
        actor=actor,
        item=item,
        title="Point",
        kind=kind,
    )
    item.refresh_from_db()
    assert item.kind == ItemKind.DELIBERATION


def test_a_rapporteur_outside_the_space_is_refused(world, actor, council):
    refused(
        "rapporteur",
        services.add_item,
        actor=actor,
        sitting=SittingFactory(body=council),
        title="Point",
        kind=ItemKind.DELIBERATION,
        rapporteur=world.outsider,
    )


def test_an_item_without_a_title_is_refused(actor, council):
    refused(
        "objet",
        services.add_item,
        actor=actor,
        sitting=SittingFactory(body=council),
        title="",
        kind=ItemKind.DELIBERATION,
    )


def titles(sitting):
    return list(sitting.items.order_by("position").values_list("position", "title"))


def test_deleting_an_item_renumbers_the_following_ones(actor, council):
    sitting = SittingFactory(body=council)
    a, b, c = (
        services.add_item(actor=actor, sitting=sitting, title=t, kind="deliberation") for t in "ABC"
    )
    services.delete_item(actor=actor, item=a)
    assert titles(sitting) == [(1, "B"), (2, "C")]
    assert ActionLog.objects.get(action="meetings.delete_item").data["title"] == "A"


def test_moving_an_item_swaps_it_with_its_neighbour(actor, council):
    sitting = SittingFactory(body=council)
    a, b, c = (
        services.add_item(actor=actor, sitting=sitting, title=t, kind="deliberation") for t in "ABC"
    )
    services.move_item(actor=actor, item=c, direction="up")
    assert titles(sitting) == [(1, "A"), (2, "C"), (3, "B")]
    services.move_item(actor=actor, item=a, direction="down")
    assert titles(sitting) == [(1, "C"), (2, "A"), (3, "B")]
    refused("déjà le premier", services.move_item, actor=actor,
            item=AgendaItem.objects.get(title="C"), direction="up")  # fmt: skip
    refused("déjà le dernier", services.move_item, actor=actor,
            item=AgendaItem.objects.get(title="B"), direction="down")  # fmt: skip
    assert titles(sitting) == [(1, "C"), (2, "A"), (3, "B")]


# --- Documents --------------------------------------------------------------------------------


def test_a_pdf_annex_is_attached_to_an_item(actor, council):
    sitting = SittingFactory(body=council)
    item = AgendaItemFactory(sitting=sitting, position=1)
    annex = services.add_annex(
        actor=actor, sitting=sitting, title="Plan", file=pdf("plan.PDF"), item=item
    )
    assert annex.file.name.endswith(".pdf")
    assert annex.file.read().startswith(b"%PDF")
    assert ActionLog.objects.filter(action="meetings.add_annex").exists()


def test_a_file_named_pdf_that_is_not_a_pdf_is_refused(actor, council):
    refused(
        "n'est pas un PDF",
        services.add_annex,
        actor=actor,
        sitting=SittingFactory(body=council),
        title="Faux",
        file=pdf("faux.pdf", b"<html>pas un pdf</html>"),
    )
    assert not Annex.objects.exists()


def test_a_pdf_over_20_mo_is_refused(actor, council):
    big = pdf()
    big.size = 20 * 1024 * 1024 + 1
    refused(
        "dépasse 20 Mo",
        services.add_annex,
        actor=actor,
        sitting=SittingFactory(body=council),
        title="Gros",
        file=big,
    )


def test_an_annex_for_an_item_of_another_sitting_is_refused(actor, council):
    other_item = AgendaItemFactory(sitting=SittingFactory(body=council), position=1)
    refused(
        "pas à l'ordre du jour de cette séance",
        services.add_annex,
        actor=actor,
        sitting=SittingFactory(body=council),
        title="Plan",
        file=pdf(),
        item=other_item,
    )


def test_no_annex_once_the_sitting_is_convened(actor, council):
    refused(
        "n'est plus possible",
        services.add_annex,
        actor=actor,
        sitting=SittingFactory(body=council, status=SittingStatus.CONVENED),
        title="Plan",
        file=pdf(),
    )


def test_the_synthesis_note_is_a_pdf(actor, council):
    sitting = SittingFactory(body=council)
    refused("n'est pas un PDF", services.set_synthesis_note, actor=actor, sitting=sitting,
            file=pdf("note.pdf", b"GIF89a"))  # fmt: skip
    services.set_synthesis_note(actor=actor, sitting=sitting, file=pdf("note.pdf"))
    sitting.refresh_from_db()
    assert sitting.synthesis_note.name.startswith("meetings/notes/")

"""Pages of the bodies area: forms keep what was typed and say why in French; lists do not
grow in queries with their length."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from maillage.meetings.models import (
    AgendaItem,
    Annex,
    Body,
    BodyKind,
    ItemKind,
    Seat,
    SeatKind,
    Sitting,
    SittingMode,
    SittingStatus,
)
from maillage.people.models import Function
from tests.meetings.factories import (
    AgendaItemFactory,
    BodyFactory,
    SeatFactory,
    SittingFactory,
    in_days,
    meeting_world,
)
from tests.people.factories import MandateFactory, PersonFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


def url(name, *args):
    return reverse(f"meetings:{name}", args=["cc-test", *args])


def test_the_space_home_links_to_its_bodies_and_sittings(client, world):
    assertContains(client.get("/espaces/cc-test/"), url("bodies"))


def test_an_admin_creates_a_body_and_lands_on_its_page(client, world, login):
    login(world.admin)
    response = client.post(
        url("body_new"),
        {"kind": BodyKind.COMMISSION, "name": "Commission des finances", "description": "Budget"},
    )
    body = Body.objects.get()
    assert response["Location"] == body.get_absolute_url()
    assertContains(client.get(response["Location"]), "Commission des finances")


def test_a_refused_body_keeps_what_was_typed(client, world, login):
    BodyFactory(space=world.space, name="Conseil")
    login(world.admin)
    response = client.post(
        url("body_new"),
        {"kind": BodyKind.COMMISSION, "name": "Conseil", "description": "Mon texte à garder"},
    )
    assertContains(response, "Une instance de l&#x27;espace porte déjà ce nom.")
    assertContains(response, "Mon texte à garder")


def test_an_operator_space_is_offered_a_comite_syndical(client, world, login):
    from maillage.territories.models import Kind

    world.space.organisation.kind = Kind.SYNDICAT_MIXTE_FERME
    world.space.organisation.epci_type = ""
    world.space.organisation.save()
    login(world.admin)
    response = client.get(url("body_new"))
    assertContains(response, "Comité syndical")
    assertNotContains(response, "Conseil communautaire")


def test_anyone_sees_the_council_but_only_members_see_a_commission(client, world, login):
    council = BodyFactory(space=world.space, name="Conseil communautaire")
    commission = BodyFactory(space=world.space, kind=BodyKind.COMMISSION, name="Commission eau")
    response = client.get(url("bodies"))
    assertContains(response, "Conseil communautaire")
    assertNotContains(response, "Commission eau")
    assert client.get(url("body", commission.pk)).status_code == 302
    login(world.outsider)
    assert client.get(url("body", commission.pk)).status_code == 403
    assert client.get(url("body", council.pk)).status_code == 200
    login(world.elu)
    assertContains(client.get(url("bodies")), "Commission eau")


def test_the_body_list_says_the_conference_of_mayors_is_mandatory_and_offers_to_create_it(
    client, world, login
):
    login(world.admin)
    response = client.get(url("bodies"))
    assertContains(response, "Obligatoire")
    assertContains(response, "L5211-11-3")
    assertContains(response, "1 maire sur 1 ne siège pas au bureau")
    assertContains(response, url("body_new") + "?type=conference_maires")
    form = client.get(url("body_new") + "?type=conference_maires")
    assertContains(form, '<option value="conference_maires" selected>')


def test_the_conference_is_optional_when_the_bureau_holds_every_mayor(client, world):
    bureau = BodyFactory(space=world.space, kind=BodyKind.BUREAU, name="Bureau")
    SeatFactory(body=bureau, person=world.elu)
    response = client.get(url("bodies"))
    assertContains(response, "Facultative")


def test_the_seat_form_searches_people_of_the_space_by_name(client, world, login):
    body = BodyFactory(space=world.space)
    login(world.admin)
    empty = client.get(url("seat_new", body.pk))
    assertNotContains(empty, "Élise Maire")
    found = client.get(url("seat_new", body.pk) + "?q=maire")
    assertContains(found, f'<option value="{world.elu.pk}">Élise Maire</option>', html=True)
    assertContains(found, "1 personne trouvée")
    assertContains(client.get(url("seat_new", body.pk) + "?q=Ailleurs"), "Aucune personne")


def test_a_refused_seat_says_why_and_keeps_the_form(client, world, login):
    body = BodyFactory(space=world.space)
    SeatFactory(body=body, person=world.agent, is_chair=True)
    login(world.admin)
    response = client.post(
        url("seat_new", body.pk),
        {"q": "Maire", "person": world.elu.pk, "kind": SeatKind.TITULAIRE, "weight": 1,
         "is_chair": "on", "start_date": "2026-01-05", "organisation": world.commune.pk},
    )  # fmt: skip
    assertContains(response, "L&#x27;instance a déjà un président")
    assertContains(response, 'value="2026-01-05"')
    assertContains(response, f'<option value="{world.elu.pk}" selected>Élise Maire</option>',
                   html=True)  # fmt: skip
    assert Seat.objects.count() == 1


def test_a_person_outside_the_space_is_refused_a_seat_in_french(client, world, login):
    body = BodyFactory(space=world.space)
    login(world.admin)
    response = client.post(
        url("seat_new", body.pk),
        {"person": world.outsider.pk, "kind": SeatKind.TITULAIRE, "weight": 1},
    )
    assertContains(response, "n&#x27;est pas une personne de l&#x27;espace")


def test_the_body_page_groups_seats_with_their_organisation_and_weight(client, world, login):
    body = BodyFactory(space=world.space, weighted_votes=True, name="Comité")
    titulaire = SeatFactory(
        body=body, person=world.elu, organisation=world.commune, weight=58, is_chair=True
    )
    SeatFactory(body=body, person=world.agent, kind=SeatKind.SUPPLEANT, substitute_for=titulaire)
    response = client.get(url("body", body.pk))
    assertContains(response, "Titulaires (1)")
    assertContains(response, "Suppléants (1)")
    assertContains(response, "Bonneville")
    assertContains(response, '<td class="num">58</td>', html=True)
    assertContains(response, "(préside)")
    assertContains(response, "suppléant de Élise Maire")


def test_an_admin_ends_a_seat_which_leaves_the_composition(client, world, login):
    body = BodyFactory(space=world.space)
    seat = SeatFactory(body=body, person=world.elu)
    login(world.admin)
    today = timezone.localdate().isoformat()
    response = client.post(url("seat_end", body.pk, seat.pk), {"end_date": today}, follow=True)
    assertContains(response, "a pris fin")
    seat.refresh_from_db()
    assert seat.end_date == timezone.localdate()
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    other = SeatFactory(body=body, person=world.agent)
    response = client.post(url("seat_end", body.pk, other.pk), {"end_date": tomorrow}, follow=True)
    assertContains(response, "au plus tard aujourd&#x27;hui")


def test_ending_a_titulaire_seat_says_it_ends_the_suppleant_seat_too(client, world, login):
    body = BodyFactory(space=world.space)
    seat = SeatFactory(body=body, person=world.elu)
    suppleant = SeatFactory(body=body, person=world.agent, kind=SeatKind.SUPPLEANT,
                            substitute_for=seat)  # fmt: skip
    login(world.admin)
    assertContains(client.get(url("body", body.pk)), "Met aussi fin au siège de son suppléant")
    today = timezone.localdate().isoformat()
    response = client.post(url("seat_end", body.pk, seat.pk), {"end_date": today}, follow=True)
    assertContains(response, "Le siège de son suppléant, Arno Agent, prend fin à la même date")
    suppleant.refresh_from_db()
    assert suppleant.end_date == timezone.localdate()
    assertContains(response, "Personne ne siège encore dans cette instance.")


def sitting_data(**overrides):
    day = timezone.localdate() + datetime.timedelta(days=21)
    return {"date": day.isoformat(), "time": "18:30", "place": "Salle du conseil",
            "mode": SittingMode.IN_PERSON, "video_url": "", **overrides}  # fmt: skip


def test_an_agent_prepares_a_sitting(client, world, login):
    body = BodyFactory(space=world.space)
    login(world.agent)
    response = client.post(url("sitting_new", body.pk), sitting_data())
    sitting = Sitting.objects.get()
    assert response["Location"] == url("sitting", sitting.pk)
    assert timezone.localtime(sitting.starts_at).time() == datetime.time(18, 30)
    page = client.get(response["Location"])
    assertContains(page, "En préparation")
    assertContains(page, "(5 jours francs)")


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"date": "2020-01-07"}, "La séance ne peut pas avoir lieu dans le passé."),
        ({"mode": SittingMode.MULTI_SITE}, "demande le lien de la visioconférence"),
    ],
)
def test_a_refused_sitting_keeps_what_was_typed(client, world, login, overrides, message):
    body = BodyFactory(space=world.space)
    login(world.agent)
    response = client.post(url("sitting_new", body.pk), sitting_data(place="Salle Rabelais",
                                                                       **overrides))  # fmt: skip
    assertContains(response, message)
    assertContains(response, "Salle Rabelais")
    assert not Sitting.objects.exists()


def test_a_bureau_cannot_sit_by_video_and_the_page_cites_the_article(client, world, login):
    bureau = BodyFactory(space=world.space, kind=BodyKind.BUREAU, name="Bureau")
    login(world.agent)
    response = client.post(
        url("sitting_new", bureau.pk),
        sitting_data(mode=SittingMode.MULTI_SITE, video_url="https://visio.example.test/"),
    )
    assertContains(response, "ni au bureau ni à un conseil municipal (L5211-11-1)")


def test_the_sitting_page_shows_the_legal_deadline_of_the_convocation(client, world, login):
    body = BodyFactory(space=world.space)
    starts = timezone.make_aware(datetime.datetime(2022, 3, 1, 18, 0))
    sitting = SittingFactory(body=body, starts_at=starts)
    login(world.agent)
    response = client.get(url("sitting", sitting.pk))
    assertContains(response, "mardi 1er mars 2022 à 18 h 00")
    assertContains(response, "À envoyer au plus tard le mercredi 23 février 2022 (5 jours francs)")
    assertContains(response, "Délai dépassé")


def test_a_sitting_in_preparation_is_hidden_from_elus(client, world, login):
    sitting = SittingFactory(body=meeting_world(world)["body"])
    login(world.elu)
    assert client.get(url("sitting", sitting.pk)).status_code == 403
    assertNotContains(client.get(url("sittings")), url("sitting", sitting.pk))


def test_the_video_link_is_for_those_who_see_the_dossier(client, world, login):
    sitting = meeting_world(world)["sitting"]
    sitting.mode, sitting.video_url = SittingMode.MULTI_SITE, "https://visio.example.test/cc"
    sitting.save()
    assertNotContains(client.get(url("sitting", sitting.pk)), "visio.example.test")
    login(world.elu)
    assertContains(client.get(url("sitting", sitting.pk)), "https://visio.example.test/cc")


def test_an_appointment_at_a_multi_site_sitting_is_refused_and_the_item_kept(client, world, login):
    body = BodyFactory(space=world.space)
    sitting = SittingFactory(
        body=body, mode=SittingMode.MULTI_SITE, video_url="https://visio.example.test/"
    )
    login(world.agent)
    response = client.post(
        url("item_new", sitting.pk),
        {"title": "Désignation au SCoT", "kind": ItemKind.APPOINTMENT, "summary": "Deux sièges"},
    )
    assertContains(response, "Une nomination ne peut pas avoir lieu en visioconférence")
    assertContains(response, "Désignation au SCoT")
    assertContains(response, "Deux sièges")
    assert not AgendaItem.objects.exists()


def test_an_agent_builds_the_agenda_moves_and_removes_items(client, world, login):
    sitting = SittingFactory(body=BodyFactory(space=world.space))
    login(world.agent)
    for title in ("Premier", "Second"):
        response = client.post(url("item_new", sitting.pk),
                               {"title": title, "kind": ItemKind.DELIBERATION})  # fmt: skip
        assert response.status_code == 302
    second = AgendaItem.objects.get(title="Second")
    client.post(url("item_move", sitting.pk, second.pk), {"direction": "up"})
    assert list(sitting.items.values_list("title", flat=True)) == ["Second", "Premier"]
    client.post(url("item_edit", sitting.pk, second.pk),
                {"title": "Second modifié", "kind": ItemKind.OPINION})  # fmt: skip
    client.post(url("item_delete", sitting.pk, second.pk))
    assert list(sitting.items.values_list("position", "title")) == [(1, "Premier")]


def test_once_convened_the_agenda_pages_say_it_is_fixed(client, world, login):
    sitting = meeting_world(world)["sitting"]
    login(world.agent)
    response = client.get(url("item_new", sitting.pk), follow=True)
    assertContains(response, "l&#x27;ordre du jour et le dossier sont arrêtés")
    assertContains(client.get(url("sitting", sitting.pk)), "ordre du jour est arrêté")


def test_a_second_sitting_offers_no_new_item_and_says_why(client, world, login):
    body = BodyFactory(space=world.space)
    first = SittingFactory(body=body, status=SittingStatus.CLOSED, starts_at=in_days(-7))
    second = SittingFactory(body=body, quorum_failed_for=first)
    item = AgendaItemFactory(sitting=second, position=1, title="Pacte de gouvernance")
    login(world.agent)
    page = client.get(url("sitting", second.pk))
    assertNotContains(page, url("item_new", second.pk))
    assertNotContains(page, url("item_delete", second.pk, item.pk))
    assertContains(page, "délibère sur le même ordre du jour que la première (L2121-17)")
    assertContains(page, url("item_edit", second.pk, item.pk))
    response = client.get(url("item_new", second.pk), follow=True)
    assertContains(response, "aucun point ne peut y être ajouté")
    changes = {"title": "Autre objet", "kind": ItemKind.OPINION, "summary": "Précisé"}
    client.post(url("item_edit", second.pk, item.pk), changes)
    item.refresh_from_db()
    assert (item.title, item.kind, item.summary) == (
        "Pacte de gouvernance",
        ItemKind.DELIBERATION,
        "Précisé",
    )
    assertContains(client.get(url("sitting", SittingFactory(body=body).pk)), "Ajouter un point")


def test_an_annex_that_is_not_a_pdf_is_refused_in_french(client, world, login):
    sitting = SittingFactory(body=BodyFactory(space=world.space))
    login(world.agent)
    response = client.post(
        url("annex_new", sitting.pk),
        {"title": "Plan de financement", "file": SimpleUploadedFile("plan.pdf", b"PK\x03\x04zip")},
    )
    assertContains(response, "n&#x27;est pas un PDF")
    assertContains(response, "Plan de financement")
    assert not Annex.objects.exists()


def test_the_dossier_is_served_to_members_only_never_from_a_public_url(client, world, login):
    draft = SittingFactory(body=meeting_world(world)["body"])
    login(world.agent)
    client.post(url("annex_new", draft.pk),
                {"title": "Plan", "file": SimpleUploadedFile("plan.pdf", PDF)})  # fmt: skip
    client.post(url("synthesis_note_upload", draft.pk),
                {"file": SimpleUploadedFile("note.pdf", PDF)})  # fmt: skip
    annex = Annex.objects.get()
    draft.refresh_from_db()
    assert draft.synthesis_note
    Sitting.objects.filter(pk=draft.pk).update(status=SittingStatus.CONVENED)
    page = client.get(url("sitting", draft.pk))
    assertContains(page, url("annex", draft.pk, annex.pk))
    assertNotContains(page, "/media/")
    login(world.elu)  # seated in the council
    response = client.get(url("annex", draft.pk, annex.pk))
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF
    assert client.get(url("synthesis_note", draft.pk)).status_code == 200
    login(world.referent)
    assert client.get(url("annex", draft.pk, annex.pk)).status_code == 403
    assertNotContains(client.get(url("sitting", draft.pk)), url("annex", draft.pk, annex.pk))


def test_an_agent_cancels_a_sitting_with_a_reason(client, world, login):
    sitting = SittingFactory(body=BodyFactory(space=world.space))
    login(world.agent)
    missing = client.post(url("sitting_cancel", sitting.pk), {"reason": ""})
    assertContains(missing, "Ce champ est obligatoire.")
    response = client.post(url("sitting_cancel", sitting.pk), {"reason": "Salle inondée"})
    assert response.status_code == 302
    sitting.refresh_from_db()
    assert sitting.status == SittingStatus.CANCELLED


def test_the_sittings_list_puts_upcoming_first_and_filters_by_body(client, world, login):
    council = BodyFactory(space=world.space, name="Conseil")
    bureau = BodyFactory(space=world.space, kind=BodyKind.BUREAU, name="Bureau")
    past = SittingFactory(body=council, starts_at=in_days(-30), status=SittingStatus.CLOSED)
    later = SittingFactory(body=council, starts_at=in_days(40), status=SittingStatus.CONVENED)
    soon = SittingFactory(body=council, starts_at=in_days(10), status=SittingStatus.CONVENED)
    other = SittingFactory(body=bureau, starts_at=in_days(5), status=SittingStatus.CONVENED)
    login(world.elu)
    content = client.get(url("sittings")).content.decode()
    positions = [content.index(url("sitting", s.pk) + '"') for s in (other, soon, later, past)]
    assert positions == sorted(positions)
    filtered = client.get(url("sittings") + f"?instance={council.pk}")
    assertNotContains(filtered, url("sitting", other.pk) + '"')
    assertContains(filtered, url("sitting", soon.pk) + '"')


# --- Query counts -------------------------------------------------------------------------------


@pytest.mark.parametrize("count", [1, 50])
def test_the_bodies_pages_query_count_does_not_grow_with_their_length(
    client, world, login, django_assert_max_num_queries, count
):
    council = BodyFactory(space=world.space, weighted_votes=True)
    for index in range(count):
        BodyFactory(space=world.space, kind=BodyKind.COMMISSION, name=f"Commission {index}")
        person = PersonFactory()
        MandateFactory(person=person, organisation=world.commune, function=Function.MAIRE)
        titulaire = SeatFactory(body=council, person=person, organisation=world.commune)
        SeatFactory(body=council, kind=SeatKind.SUPPLEANT, substitute_for=titulaire)
        SittingFactory(body=council, starts_at=in_days(index + 1))
    login(world.admin)
    # 12: the pages of a logged-in person count their unread notifications in the header.
    for path in (url("bodies"), url("body", council.pk), url("sittings")):
        with django_assert_max_num_queries(12):
            response = client.get(path)
        assert response.status_code == 200


def test_the_item_annexes_of_a_sitting_page_are_listed_with_their_item(client, world, login):
    sitting = SittingFactory(body=meeting_world(world)["body"])
    item = AgendaItemFactory(sitting=sitting, position=1, title="Voirie")
    annex = Annex(sitting=sitting, item=item, title="Plan des travaux")
    annex.file.save("plan.pdf", ContentFile(PDF))
    login(world.agent)
    assertContains(client.get(url("sitting", sitting.pk)), "Plan des travaux")

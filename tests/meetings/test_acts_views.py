"""Acts pages: deliberation, register, list, minutes, PDFs, public acts, SCDL export, panel."""

import csv
import datetime
import io

import pytest
from django.http import StreamingHttpResponse
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import timezone

from maillage.meetings.models import (
    AgendaItem,
    Attendance,
    Ballot,
    BallotMode,
    BodyKind,
    Choice,
    Deliberation,
    Matter,
    Minutes,
    Outcome,
    Presence,
    SittingStatus,
)
from maillage.meetings.pdf import local_only_fetcher
from maillage.meetings.services import acts
from maillage.meetings.views.acts import SCDL_COLUMNS, panel_context
from tests.meetings.factories import (
    AgendaItemFactory,
    BodyFactory,
    SeatFactory,
    SittingFactory,
    at,
    closed_sitting,
    closed_vote,
    council,
)
from tests.people.factories import PersonFactory


@pytest.fixture
def body(world):
    return council(world.space, people=[world.elu], chair=world.elu, members=2)


@pytest.fixture
def sitting(body):
    secretary = PersonFactory(first_name="Sophie", last_name="Secrétaire")
    return closed_sitting(body, at(2026, 3, 10), secretary=secretary)


def deliberate(sitting, position=1, publish=False, **item):
    values = {"title": f"Objet {position}", "draft_text": "Le conseil approuve.", **item}
    agenda_item = AgendaItemFactory(sitting=sitting, position=position, **values)
    vote = closed_vote(agenda_item)
    (deliberation,) = acts.number_deliberations(actor=None, sitting=sitting)
    if publish:
        Deliberation.objects.filter(pk=deliberation.pk).update(published_at=timezone.now())
        deliberation.refresh_from_db()
    return deliberation, vote


def many(sitting, count, *, published=True):
    """`count` deliberations of the sitting, created in bulk."""
    items = AgendaItem.objects.bulk_create(
        AgendaItem(sitting=sitting, position=n, title=f"Objet {n}") for n in range(1, count + 1)
    )
    day = acts.sitting_day(sitting)
    Deliberation.objects.bulk_create(
        Deliberation(
            space=sitting.body.space,
            item=item,
            year=day.year,
            sequence=n,
            title=item.title,
            text="Texte.",
            decided_on=day,
            outcome=Outcome.ADOPTED,
            matter=Matter.FINANCES,
            members_in_office=3,
            present=3,
            represented=0,
            votes_for=3,
            votes_against=0,
            abstentions=0,
            published_at=timezone.now() if published else None,
        )
        for n, item in enumerate(items, start=1)
    )


# --- Deliberation page -------------------------------------------------------------------------


def test_a_published_deliberation_is_public_with_its_text_escaped_in_paragraphs(client, sitting):
    deliberation, _ = deliberate(
        sitting,
        publish=True,
        title="Tarifs de l'eau",
        draft_text="Vu le code <script>alert(1)</script>,\n\nDécide de fixer les tarifs.",
    )

    response = client.get(deliberation.get_absolute_url())

    page = response.content.decode()
    assert response.status_code == 200
    assert "Délibération n° 2026-001" in page and "Tarifs de l&#x27;eau" in page
    assert "&lt;script&gt;" in page and "<script>alert" not in page
    assert "<p>Décide de fixer les tarifs.</p>" in page
    assert "Membres en exercice" in page


def test_an_unpublished_deliberation_is_seen_by_agents_only(client, login, world, sitting):
    deliberation, _ = deliberate(sitting)

    assert client.get(deliberation.get_absolute_url()).status_code == 302
    login(world.referent)
    assert client.get(deliberation.get_absolute_url()).status_code == 403
    login(world.agent)
    page = client.get(deliberation.get_absolute_url()).content.decode()
    assert "Pas encore publiée" in page and "au plus tard le 17 mars 2026" in page


def test_a_deliberation_number_that_is_not_one_gives_a_404(client, world, sitting):
    assert client.get("/espaces/cc-test/deliberations/abc/").status_code == 404
    assert client.get("/espaces/cc-test/deliberations/2026-999/").status_code == 404


def test_a_public_vote_shows_the_voters_names_and_a_weighted_vote_says_so(client, world, sitting):
    body = sitting.body
    body.weighted_votes = True
    body.save()
    deliberation, vote = deliberate(sitting, publish=True)
    vote.mode, vote.public_requests = BallotMode.PUBLIC, 1
    vote.save()
    seat = body.seats.get(person=world.elu)
    other = body.seats.exclude(pk=seat.pk).first()
    Ballot.objects.create(vote=vote, voter=seat, choice=Choice.FOR, weight=200)
    Ballot.objects.create(vote=vote, voter=other, choice=Choice.AGAINST, weight=11)

    page = client.get(deliberation.get_absolute_url()).content.decode()

    assert "Élise Maire" in page and f"{other.person.full_name}" in page
    assert "[200 voix]" in page
    assert "Totaux pondérés" in page
    assert "1 de vote public" in page


def test_editing_a_published_deliberation_is_refused_and_keeps_what_was_typed(
    client, login, world, sitting
):
    deliberation, _ = deliberate(sitting, publish=True)
    login(world.agent)

    response = client.post(
        f"/espaces/cc-test/deliberations/{deliberation.number}/modifier/",
        {"title": "Objet réécrit", "text": "Nouveau texte"},
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "elle ne se modifie plus" in page and "Objet réécrit" in page
    deliberation.refresh_from_db()
    assert deliberation.title == "Objet 1"


def test_both_deliberations_show_the_correction_link(client, login, world, sitting, body):
    wrong, _ = deliberate(sitting, publish=True)
    later = closed_sitting(body, at(2026, 4, 7))
    corrector, _ = deliberate(later)
    login(world.agent)

    response = client.post(
        f"/espaces/cc-test/deliberations/{corrector.number}/rectification/", {"number": "2026-001"}
    )

    assert response.status_code == 302
    page = client.get(corrector.get_absolute_url()).content.decode()
    assert "rectifie</strong> la" in page and wrong.get_absolute_url() in page
    page = client.get(wrong.get_absolute_url()).content.decode()
    assert "a été rectifiée" in page and corrector.get_absolute_url() in page


# --- Register ----------------------------------------------------------------------------------


def test_the_register_lists_acts_by_date_then_number_signed_by_chair_and_secretary(
    client, login, world, body, sitting
):
    later = closed_sitting(body, at(2026, 5, 5))
    deliberate(later)  # 2026-001, in May
    deliberate(sitting)  # 2026-002, in March
    deliberate(closed_sitting(body, at(2027, 1, 12)))  # 2027-001
    login(world.agent)

    page = client.get("/espaces/cc-test/registre/").content.decode()

    assert page.index("2026-002") < page.index("2026-001") < page.index("2027-001")
    assert "Président : Élise Maire" in page and "Secrétaire : Sophie Secrétaire" in page
    filtered = client.get("/espaces/cc-test/registre/?annee=2027").content.decode()
    assert "2027-001" in filtered and "2026-001" not in filtered


@pytest.mark.parametrize("rows", [1, 50])
def test_the_register_query_count_does_not_grow_with_its_length(
    client, login, world, sitting, rows, django_assert_max_num_queries
):
    many(sitting, rows, published=False)
    login(world.agent)
    with django_assert_max_num_queries(14):
        response = client.get("/espaces/cc-test/registre/")
    assert response.content.decode().count("Président : Élise Maire") == rows


# --- List of a sitting -------------------------------------------------------------------------


def test_the_list_is_published_from_its_page_and_then_public(client, login, world, sitting):
    deliberate(sitting)
    url = f"/espaces/cc-test/seances/{sitting.pk}/liste/"
    assert client.get(url).status_code == 302
    login(world.agent)

    client.post(f"/espaces/cc-test/seances/{sitting.pk}/liste/publier/")
    client.logout()

    page = client.get(url).content.decode()
    assert "2026-001" in page and "Publiée le" in page


def test_the_pdfs_are_pdf_documents(client, login, world, sitting):
    deliberate(sitting)
    login(world.agent)
    convened = SittingFactory(body=sitting.body, status=SittingStatus.CONVENED)
    AgendaItemFactory(sitting=convened, position=1, rapporteur=world.elu)
    for url in [
        f"/espaces/cc-test/seances/{sitting.pk}/liste.pdf",
        f"/espaces/cc-test/seances/{sitting.pk}/proces-verbal.pdf",
        f"/espaces/cc-test/seances/{convened.pk}/convocation.pdf",
    ]:
        response = client.get(url)
        assert response["Content-Type"] == "application/pdf", url
        assert response.content.startswith(b"%PDF"), url


def test_the_pdf_printer_refuses_to_fetch_anything_from_outside():
    fetcher = local_only_fetcher()
    for url in ["https://example.org/logo.png", "http://127.0.0.1/x.css", "file:///etc/passwd"]:
        with pytest.raises(ValueError):
            fetcher.fetch(url)
    assert fetcher.fetch("data:text/plain,ok").read() == b"ok"


# --- Minutes -----------------------------------------------------------------------------------


def test_the_minutes_page_shows_proxies_quorum_and_the_names_of_a_public_vote(
    client, login, world, sitting
):
    body = sitting.body
    elu_seat = body.seats.get(person=world.elu)
    first, second = body.seats.exclude(pk=elu_seat.pk)
    Attendance.objects.create(sitting=sitting, seat=elu_seat, status=Presence.PRESENT)
    Attendance.objects.create(
        sitting=sitting, seat=first, status=Presence.REPRESENTED, proxy_holder=elu_seat
    )
    Attendance.objects.create(sitting=sitting, seat=second, status=Presence.EXCUSED)
    _, vote = deliberate(sitting)
    vote.mode = BallotMode.PUBLIC
    vote.save()
    Ballot.objects.create(vote=vote, voter=elu_seat, choice=Choice.FOR)
    login(world.elu)  # a member of the council reads the draft

    page = client.get(f"/espaces/cc-test/seances/{sitting.pk}/proces-verbal/").content.decode()

    assert "Procès-verbal (projet)" in page
    assert f"{first.person.full_name}" in page and "pouvoir à Élise Maire" in page
    assert "1 présent pour un quorum de 2" in page and "quorum non atteint" in page
    assert "<strong>Pour</strong> (1) : Élise Maire" in page
    assert "Délibération n° 2026-001" in page
    assert "Rédiger la synthèse" not in page


def test_agents_write_approve_and_publish_the_minutes_from_their_page(
    client, login, world, sitting, body
):
    deliberate(sitting)
    base = f"/espaces/cc-test/seances/{sitting.pk}/proces-verbal/"
    login(world.agent)

    client.post(base + "modifier/", {"debates_summary": "Le président présente le projet."})
    next_sitting = closed_sitting(body, at(2026, 4, 7))
    client.post(base + "approuver/", {"at_sitting": next_sitting.pk})
    client.post(base + "publier/")

    minutes = Minutes.objects.get(sitting=sitting)
    assert minutes.approved_on == datetime.date(2026, 4, 7) and minutes.published_at
    page = client.get(base).content.decode()
    assert "Le président présente le projet." in page
    assert "Approuvé</strong> le 7 avril 2026" in page
    client.logout()
    assert client.get(base).status_code == 200  # published: public
    response = client.post(base + "modifier/", {"debates_summary": "Trop tard"})
    assert response.status_code == 302  # anonymous: to the login page


def test_an_approval_at_an_earlier_sitting_is_refused_on_the_page(
    client, login, world, sitting, body
):
    earlier = closed_sitting(body, at(2026, 2, 3))
    login(world.agent)
    response = client.post(
        f"/espaces/cc-test/seances/{sitting.pk}/proces-verbal/approuver/",
        {"at_sitting": earlier.pk},
        follow=True,
    )
    assert "Choisissez la séance" in response.content.decode()
    assert Minutes.objects.get(sitting=sitting).approved_on is None


# --- Public acts and SCDL export ---------------------------------------------------------------


def test_the_acts_page_shows_published_acts_newest_first_and_filters_by_matter(
    client, world, body, sitting
):
    deliberate(sitting, publish=True, matter=Matter.URBANISME, title="PLUi")
    later = closed_sitting(body, at(2026, 5, 5))
    deliberate(later, publish=True, matter=Matter.FINANCES, title="Budget")
    hidden = closed_sitting(body, at(2026, 6, 2))
    deliberate(hidden, title="Pas encore publiée")

    page = client.get("/espaces/cc-test/actes/").content.decode()
    assert page.index("Budget") < page.index("PLUi")
    assert "Pas encore publiée" not in page
    page = client.get("/espaces/cc-test/actes/?matiere=2").content.decode()
    assert "PLUi" in page and "Budget" not in page


def test_a_visitor_reaches_the_acts_page_from_the_menu_of_bodies_and_sittings(client, world, body):
    """The public acts page was linked from nowhere a visitor could start (browser journey)."""
    for url in ("/espaces/cc-test/instances/", "/espaces/cc-test/seances/"):
        page = client.get(url).content.decode()
        assert '<a href="/espaces/cc-test/actes/">Actes</a>' in page


@pytest.mark.parametrize("rows", [1, 50])
def test_the_acts_page_query_count_does_not_grow_with_its_length(
    client, world, sitting, rows, django_assert_max_num_queries
):
    many(sitting, rows)
    with django_assert_max_num_queries(10):
        response = client.get("/espaces/cc-test/actes/")
    assert response.content.decode().count("/espaces/cc-test/deliberations/2026-") == rows


def test_the_scdl_export_has_the_exact_columns_and_the_values_of_published_acts(
    client, world, body, sitting, settings
):
    settings.SITE_URL = "https://maillage.example.org"
    deliberate(
        sitting,
        publish=True,
        title="Budget annexe de l'eau",
        matter=Matter.FINANCES,
        budget_year=2026,
        budget_name="Eau",
    )
    Deliberation.objects.update(present=30, represented=4, members_in_office=40)
    deliberate(closed_sitting(body, at(2026, 4, 7)), title="Non publiée")

    response = client.get("/espaces/cc-test/actes/deliberations.csv")

    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.splitlines()[0] == ",".join(SCDL_COLUMNS)
    assert SCDL_COLUMNS == [
        "COLL_NOM", "COLL_SIRET", "DELIB_ID", "DELIB_DATE", "DELIB_MATIERE_CODE",
        "DELIB_MATIERE_NOM", "DELIB_OBJET", "BUDGET_ANNEE", "BUDGET_NOM", "PREF_ID",
        "PREF_DATE", "VOTE_EFFECTIF", "VOTE_REEL", "VOTE_POUR", "VOTE_CONTRE",
        "VOTE_ABSTENTION", "DELIB_URL",
    ]  # fmt: skip
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows == [
        {
            "COLL_NOM": "CC du Test",
            "COLL_SIRET": "",
            "DELIB_ID": "2026-001",
            "DELIB_DATE": "2026-03-10",
            "DELIB_MATIERE_CODE": "7",
            "DELIB_MATIERE_NOM": "Finances locales",
            "DELIB_OBJET": "Budget annexe de l'eau",
            "BUDGET_ANNEE": "2026",
            "BUDGET_NOM": "Eau",
            "PREF_ID": "",
            "PREF_DATE": "",
            "VOTE_EFFECTIF": "40",
            "VOTE_REEL": "34",
            "VOTE_POUR": "3",
            "VOTE_CONTRE": "0",
            "VOTE_ABSTENTION": "0",
            "DELIB_URL": "https://maillage.example.org/espaces/cc-test/deliberations/2026-001/",
        }
    ]


# --- The sitting page's panel ------------------------------------------------------------------


def _panel(user, sitting):
    request = RequestFactory().get("/")
    request.user = user
    context = {"space": sitting.body.space, "sitting": sitting, "request": request}
    context.update(panel_context(request, sitting))
    return render_to_string("meetings/acts/_sitting_panel.html", context, request=request)


def test_the_panel_offers_agents_to_publish_and_says_in_words_that_a_copy_is_late(world, body):
    long_ago = closed_sitting(body, timezone.now() - datetime.timedelta(days=45))
    deliberate(long_ago)

    html = _panel(world.agent.user, long_ago)

    assert "Publier la liste et les 1 délibération" in html
    assert "<strong>En retard</strong> : à publier au plus tard" in html
    assert "Copies aux conseillers municipaux" in html
    assert "acts-late" in html and "En retard</strong> : à envoyer avant le" in html


def test_the_panel_shows_visitors_only_published_acts_and_no_copies(world, body):
    from django.contrib.auth.models import AnonymousUser

    sitting = closed_sitting(body, at(2026, 3, 10))
    deliberate(sitting)

    html = _panel(AnonymousUser(), sitting)

    assert "2026-001" not in html and "Publier" not in html
    assert "Copies aux conseillers" not in html


def test_a_commission_sitting_panel_says_its_votes_are_opinions(world):
    commission = BodyFactory(space=world.space, kind=BodyKind.COMMISSION)
    SeatFactory(body=commission, person=world.elu)
    sitting = closed_sitting(commission, at(2026, 3, 10))
    html = _panel(world.agent.user, sitting)
    assert "rend des avis" in html


def test_the_sitting_page_shows_the_acts_panel_with_its_deliberations(
    client, login, world, sitting
):
    deliberate(sitting)
    login(world.agent)

    page = client.get(sitting.get_absolute_url()).content.decode()

    assert "Actes de la séance" in page
    assert "/espaces/cc-test/deliberations/2026-001/" in page
    assert f"/espaces/cc-test/seances/{sitting.pk}/proces-verbal/" in page

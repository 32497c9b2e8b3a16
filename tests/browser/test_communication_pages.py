"""The pages of issue 9 in the browser, on a phone (390 px): axe-core (WCAG 2.1 AA) and no
horizontal scrolling on every public page of a space (portal, « Mon territoire », projects,
acts, sittings, bulletin, public experiences, open data, API documentation) and on the
members' pages (référents, quality plan, experiences, bulletin, API tokens); then two journeys:
a mayor posts an experience with a video from a phone and watches it, a citizen subscribes to
the bulletin from the portal, confirms and unsubscribes.

The public pages are also checked with axe on a computer's screen, and every page the portal
links to must open for an anonymous visitor (no redirection to the login page). Each sweep
visits its pages in one test and reports every failing page at once."""

import datetime
import re
from urllib.parse import unquote

import pytest
from django.core import mail
from django.db import transaction
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from maillage.bulletins import emails as bulletin_emails
from maillage.bulletins.models import Subscriber
from maillage.experiences.models import Experience, Theme, Visibility
from maillage.meetings.models import Minutes, SittingStatus
from maillage.portal import services as portal_services
from maillage.roadmap import services as roadmap_services
from maillage.territories.models import Competence, CompetenceCategory, ExercisedCompetence
from tests.browser.conftest import (  # noqa: F401 — fixtures of the browser tests
    PHONE,
    assert_accessible,
    browser,
    new_page,
)
from tests.bulletins.factories import make_issue, make_subscriber, referents_of_two_services
from tests.experiences.factories import captions, make_experience, needs_ffmpeg, video
from tests.governance.factories import adopted
from tests.library.factories import make_document
from tests.opendata.factories import token_for
from tests.portal.factories import deliberation, geojson_upload, sitting
from tests.quality.factories import make_improvement, make_process, report_with_pdf
from tests.roadmap.factories import deliberation as roadmap_deliberation
from tests.roadmap.factories import item, project, tree
from tests.territories.factories import add_postcode

pytestmark = [pytest.mark.browser, needs_ffmpeg]
SLOW_MACHINE_MS = 60_000  # several test suites share two cores


def phone(new_page, live_server, person=None):  # noqa: F811
    """A phone page, anonymous or signed in as `person`."""
    page = new_page(viewport=PHONE, is_mobile=True, has_touch=True)
    page.set_default_timeout(SLOW_MACHINE_MS)
    page.set_default_navigation_timeout(SLOW_MACHINE_MS)
    if person is not None:
        client = Client()
        client.force_login(person.user)
        page.context.add_cookies(
            [
                {
                    "name": "sessionid",
                    "value": client.cookies["sessionid"].value,
                    "url": live_server.url,
                }
            ]
        )
    return page


def sweep(page, base, paths) -> list[str]:
    """Opens each path and returns what is wrong with it: a status other than 200, a redirection,
    a page wider than the phone (on a phone), an axe-core violation."""
    problems = []
    for path in paths:
        response = page.goto(base + path)
        if response is None or response.status != 200:
            problems.append(f"{path} : statut {response and response.status}")
            continue
        if unquote(page.url) != base + path:  # e.g. sent to the login page
            problems.append(f"{path} : redirigé vers {page.url}")
            continue
        width = page.evaluate("document.documentElement.scrollWidth")
        if page.viewport_size == PHONE and width > PHONE["width"]:
            problems.append(
                f"{path} : {width} px de large sur un téléphone de {PHONE['width']} px "
                f"(dépassent : {', '.join(wider_than_the_screen(page))})"
            )
        try:
            assert_accessible(page)
        except AssertionError as error:
            problems.append(str(error))
    return problems


def wider_than_the_screen(page) -> list[str]:
    """The innermost elements that stick out on the right, as `tag.class` (for the message)."""
    return page.evaluate(
        """(width) => {
          const clipped = e => e.parentElement && e.parentElement !== document.body && (
            getComputedStyle(e.parentElement).overflowX !== "visible" || clipped(e.parentElement));
          const out = e => e.getBoundingClientRect().right > width + 1 && !clipped(e);
          return [...document.querySelectorAll("body *")]
            .filter(e => out(e) && ![...e.children].some(out))
            .slice(0, 5)
            .map(e => e.tagName.toLowerCase() + (e.className ? "." + e.className : "")
                      + " « " + e.textContent.trim().slice(0, 40) + " »");
        }""",
        PHONE["width"],
    )


def links_of(page, base) -> set[str]:
    """The paths of the site the page links to (no anchors, feeds or files)."""
    hrefs = page.eval_on_selector_all(
        "main a[href]",  # the map's links are SVG ones: their `href` is not a string
        "links => links.map(a => new URL(a.getAttribute('href'), location.href).href)",
    )
    paths = set()
    for href in hrefs:
        if not href.startswith(base):
            continue
        path = href[len(base) :].split("#")[0]
        if path and not re.search(r"\.(ics|atom|csv|json|pdf|jpg|vtt|mp4)$|/video/$", path):
            paths.add(path)
    return paths


def public_space(world):
    """Everything a space shows the public: a map, a competence, the projet de territoire and
    an adopted roadmap, a public project, published acts and minutes, a convened sitting, an
    adopted governance document, a public library entry, a sent bulletin, a public experience
    with a video and its captions."""
    add_postcode(world.commune, "74130")
    other = world.space.members.exclude(organisation=world.commune).get().organisation
    add_postcode(other, "74130")
    portal_services.upload_commune_map(
        actor=world.admin.user, space=world.space, upload=geojson_upload()
    )
    ExercisedCompetence.objects.create(
        epci=world.epci,
        competence=Competence.objects.create(code="portail-eau", name="Eau potable"),
        category=CompetenceCategory.MANDATORY,
        start_date=datetime.date(2020, 1, 1),
    )
    public_project = project(world.space, "Voie verte publique")
    public_project.communes.add(world.commune)
    tree(world.space, world.agent.user, projects=[public_project])
    secret = project(world.space, "Projet confidentiel", public=False)
    item(world.space, None, projects=[public_project, secret])
    version = roadmap_services.propose_version(actor=None, space=world.space)
    roadmap_services.adopt_version(
        actor=None, version=version, deliberation=roadmap_deliberation(world.space)
    )
    # First: the governance factory makes the space's « Conseil », the portal's reuses it.
    document = adopted(world.space, world.agent, title="Charte des élus")
    act = deliberation(world.space, title="Création d'une voie verte entre les deux communes")
    sitting(world.space, place="Salle du conseil de Bonneville")
    held = sitting(world.space, status=SittingStatus.CLOSED, days=-20)
    Minutes.objects.create(sitting=held, debates_summary="Débats.", published_at=timezone.now())
    make_document(world.space, world.agent, title="Guide du citoyen", visibility="public")
    issue = make_issue(world.space, sent=True, title="Les nouvelles de juin")
    experience = make_experience(
        world.space,
        world.elu,
        title="Un secrétariat de mairie partagé",
        visibility=Visibility.PUBLIC,
        organisations=[world.commune],
        video=video(),
        captions=captions(),
    )
    subscriber = make_subscriber(world.space, email="habitant@example.org", confirmed=False)
    return {
        "project": public_project.get_absolute_url(),
        "deliberation": act.get_absolute_url(),
        "document": f"/gouvernance/{document.pk}/",
        "issue": issue.get_absolute_url(),
        "experience": experience.get_absolute_url(),
        "confirm": f"/bulletin/confirmer/{bulletin_emails.confirm_token(subscriber)}/",
        "unsubscribe": "/bulletin/desabonnement/"
        + bulletin_emails.unsubscribe_token(world.space.pk, "habitant@example.org")
        + "/",
    }


def test_every_public_page_passes_axe_and_fits_a_phone(
    new_page,  # noqa: F811
    live_server,
    world,
    monkeypatch,
):
    # The library indexes a document after the commit, which a test never makes.
    monkeypatch.setattr(transaction, "on_commit", lambda func, using=None, robust=False: func())
    made = public_space(world)
    page = phone(new_page, live_server)
    portal = "/p/cc-test/"
    page.goto(live_server.url + portal)
    expect(page.locator(".portal-map svg a")).to_have_count(2)
    reachable = links_of(page, live_server.url)
    # The portal links to its own sections' pages: each of them is swept too.
    for name in ("project", "deliberation", "document", "issue", "experience"):
        assert made[name] in reachable, name
    assert "/mon-territoire/74042/" in reachable
    space = "/espaces/cc-test/"
    paths = [
        portal,
        "/mon-territoire/",
        "/mon-territoire/?q=74130",
        "/mon-territoire/?q=introuvable",
        "/mon-territoire/74042/",
        f"{space}projets/",
        f"{space}projet-de-territoire/",
        f"{space}feuille-de-route/adoptee/",
        f"{space}actes/",
        f"{space}bulletin/",
        f"{space}bulletin/abonnement/",
        made["confirm"],
        made["unsubscribe"],
        f"{space}donnees/",
        "/api/docs/",
        *sorted(reachable),
    ]
    paths = list(dict.fromkeys(paths))
    problems = sweep(page, live_server.url, paths)
    # A computer's wider layout (navigation, tables, the map) is checked as well.
    problems += [f"(ordinateur) {problem}" for problem in sweep(new_page(), live_server.url, paths)]
    assert not problems, "\n".join(problems)

    # The public experience plays its video with French captions.
    page.goto(live_server.url + made["experience"])
    expect(page.locator("video track[kind='captions'][srclang='fr']")).to_have_count(1)


def test_every_members_page_of_the_communication_passes_axe_on_a_phone(
    new_page,  # noqa: F811
    live_server,
    world,
):
    make_process(world.space, world.agent)
    make_improvement(world.space, world.elu)
    report = report_with_pdf(world.space)
    referents_of_two_services(world)  # the send page offers the référents of some services
    draft = make_issue(world.space, title="Les nouvelles de juillet")
    sent = make_issue(world.space, sent=True, title="Les nouvelles de juin")
    experience = make_experience(
        world.space, world.elu, organisations=[world.commune], video=video(), captions=captions()
    )
    token_for(world)
    role = world.referent.space_roles.get()
    space = "/espaces/cc-test/"
    as_agent = [
        f"{space}referents/",
        f"{space}referents/?q=Rémi",
        f"{space}referents/{role.pk}/",
        f"{space}qualite/",
        f"{space}qualite/processus/",
        f"{space}qualite/processus/nouveau/",
        f"{space}qualite/processus/{world.space.processes.get().pk}/",
        f"{space}qualite/indicateurs/",
        f"{space}qualite/ameliorations/",
        f"{space}qualite/ameliorations/nouvelle/",
        f"{space}qualite/ameliorations/{world.space.improvements.get().pk}/",
        f"{space}qualite/rapports/",
        f"{space}qualite/rapports/{report.year}/",
        f"{space}retours-experience/",
        f"{space}retours-experience/nouveau/",
        experience.get_absolute_url(),
        f"{space}bulletin/",
        f"{space}bulletin/{draft.number}/",
        f"{space}bulletin/{draft.number}/modifier/",
        f"{space}bulletin/{draft.number}/apercu/",
        f"{space}bulletin/{draft.number}/envoyer/",
        f"{space}bulletin/{sent.number}/",
        f"{space}bulletin/{sent.number}/envois/",
    ]
    problems = sweep(phone(new_page, live_server, world.agent), live_server.url, as_agent)
    problems += sweep(
        # « Ce qui me concerne » (referents/moi/ leads the référent there).
        phone(new_page, live_server, world.referent),
        live_server.url,
        [f"{space}referents/{role.pk}/"],
    )
    problems += sweep(
        phone(new_page, live_server, world.elu),
        live_server.url,
        [
            f"{space}retours-experience/",
            experience.get_absolute_url(),
            f"{space}retours-experience/{experience.pk}/modifier/",
            f"{space}bulletin/",
        ],
    )
    problems += sweep(
        phone(new_page, live_server, world.admin),
        live_server.url,
        [f"{space}donnees/jetons/", "/p/cc-test/carte/", f"{space}referents/{role.pk}/services/"],
    )
    assert not problems, "\n".join(problems)


def test_a_mayor_posts_an_experience_with_a_video_from_a_phone(
    new_page,  # noqa: F811
    live_server,
    world,
    tmp_path,
):
    film = tmp_path / "film.mp4"
    film.write_bytes(video().read())
    page = phone(new_page, live_server, world.elu)
    page.goto(f"{live_server.url}/espaces/cc-test/retours-experience/")
    page.get_by_role("link", name="Partager une expérience").click()
    page.get_by_role("textbox", name="Titre (obligatoire)").fill("La cantine bio en régie")
    page.get_by_label("Votre récit").fill("Nous avons **repris** la cantine en régie.")
    page.get_by_label(str(Theme.SHARING.label)).check()
    page.get_by_label("Bonneville", exact=True).check()
    page.get_by_label("Tout le monde (portail public)").check()
    page.get_by_label("… ou une vidéo déjà enregistrée").set_input_files(str(film))
    page.get_by_role("button", name="Publier").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("La cantine bio en régie")
    experience = Experience.objects.get(title="La cantine bio en régie")
    assert experience.video and experience.poster  # the poster was made from the video
    expect(page.locator("video")).to_be_visible()
    duration = page.eval_on_selector(
        "video",
        """video => new Promise(resolve => {
            if (video.readyState >= 1) return resolve(video.duration);
            video.addEventListener("loadedmetadata", () => resolve(video.duration));
            video.addEventListener("error", () => resolve(-1));
            video.load();
        })""",
    )
    assert duration > 0  # the browser's own player reads the uploaded file
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert_accessible(page)

    citizen = phone(new_page, live_server)
    citizen.goto(f"{live_server.url}/p/cc-test/")
    citizen.get_by_role("link", name="La cantine bio en régie").click()
    expect(citizen.locator("video")).to_have_count(1)
    assert_accessible(citizen)


def test_a_citizen_subscribes_from_the_portal_confirms_and_unsubscribes(
    new_page,  # noqa: F811
    live_server,
    world,
):
    make_issue(world.space, sent=True, title="Les nouvelles de juin")
    page = phone(new_page, live_server)
    page.goto(f"{live_server.url}/p/cc-test/")
    page.get_by_role("link", name="Bulletin n° 1 : Les nouvelles de juin").click()
    page.get_by_role("link", name="Recevoir les prochains numéros par courriel").click()
    page.get_by_label("Votre adresse électronique").fill("habitant@example.org")
    page.get_by_role("button", name="S'abonner").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Consultez vos courriels")

    (message,) = mail.outbox
    link = re.search(r"https?://\S+/bulletin/confirmer/\S+/", message.body).group(0)
    page.goto(live_server.url + link[link.index("/bulletin/") :])
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Confirmer votre abonnement au bulletin"
    )
    assert_accessible(page)
    page.get_by_role("button", name="Confirmer mon abonnement").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Abonnement confirmé")
    assert_accessible(page)
    subscriber = Subscriber.objects.get(space=world.space)
    assert subscriber.confirmed_at is not None

    # The one-click link every issue's email carries to this address.
    token = bulletin_emails.unsubscribe_token(world.space.pk, "habitant@example.org")
    page.goto(f"{live_server.url}/bulletin/desabonnement/{token}/")
    page.get_by_role("button", name="Me désabonner").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Vous êtes désabonné")
    assert_accessible(page)
    subscriber.refresh_from_db()
    assert subscriber.unsubscribed_at is not None

    # A link cut short in a mail reader says so, in French, and changes nothing.
    response = page.goto(f"{live_server.url}/bulletin/desabonnement/{token[:-4]}/")
    assert response.status == 400
    expect(page.get_by_role("heading", level=1)).to_have_text("Ce lien ne fonctionne pas")
    assert_accessible(page)


def test_a_title_made_of_a_long_web_address_wraps_on_a_phone(
    new_page,  # noqa: F811
    live_server,
    world,
    monkeypatch,
):
    monkeypatch.setattr(transaction, "on_commit", lambda func, using=None, robust=False: func())
    title = "Voir https://www.service-public.fr/particuliers/vosdroits/F1234567-dematerialisation"
    experience = make_experience(world.space, world.elu, title=title, visibility=Visibility.PUBLIC)
    pages = {
        phone(new_page, live_server, world.agent): [
            "/espaces/cc-test/retours-experience/",
            experience.get_absolute_url(),
            "/notifications/",
        ],
        phone(new_page, live_server): ["/p/cc-test/"],
    }
    for page, paths in pages.items():
        for path in paths:
            page.goto(live_server.url + path)
            expect(page.get_by_text(title).first).to_be_visible()
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= PHONE["width"], f"{path} : {width} px ({wider_than_the_screen(page)})"

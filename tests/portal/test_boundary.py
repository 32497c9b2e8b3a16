"""The public/private boundary, in one place: a space full of private things (and another
space's public things), then every public page and feed of the portal and the bulletin, read
without logging in, must show none of them — while the public things of the space do show,
so that the test fails if a page goes blank.

Each private thing carries the word SECRET in its title (or place, or text); each public
thing of the space the word PUBLIC; each public thing of the other space the word AUTRE.
"""

import datetime
import re

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from maillage.bulletins import services as bulletins
from maillage.bulletins.models import Issue
from maillage.experiences import services as experiences
from maillage.experiences.models import Visibility
from maillage.meetings.models import AgendaItem, BodyKind, SittingStatus
from maillage.projects.models import ProjectStatus, StatusChange
from tests.bulletins.factories import make_issue, make_subscriber
from tests.experiences.factories import make_experience
from tests.projects.factories import ProjectFactory
from tests.spaces.factories import SpaceFactory
from tests.territories.factories import EpciFactory

from .factories import deliberation, sitting

pytestmark = pytest.mark.django_db

HIDDEN = re.compile(r"SECRET|AUTRE")


def moved(project):
    """A status change today: the project "moved" since the last bulletin."""
    StatusChange.objects.create(
        project=project, from_status=ProjectStatus.STUDY, to_status=ProjectStatus.IN_PROGRESS
    )
    return project


@pytest.fixture
def secrets(world, monkeypatch):
    monkeypatch.setattr(transaction, "on_commit", lambda func, using=None, robust=False: func())
    space, agent = world.space, world.agent
    # Projects: a private one (even tagged with the commune), a public one.
    private = moved(ProjectFactory(space=space, title="Projet SECRET", is_public=False))
    private.communes.add(world.commune)
    moved(ProjectFactory(space=space, title="Projet PUBLIC", is_public=True)).communes.add(
        world.commune
    )
    # Sittings: a council sitting still in preparation, a bureau's; a convened council's.
    sitting(world.space, status=SittingStatus.DRAFT, place="Salle SECRET en préparation")
    sitting(world.space, kind=BodyKind.BUREAU, place="Bureau SECRET à huis clos")
    sitting(world.space, place="Salle PUBLIC du conseil")
    # Acts: an unpublished deliberation, a published one.
    act = deliberation(world.space, title="Délibération SECRET non publiée", published=False)
    # The agenda of a convened council sitting is public (L2121-10 CGCT): only the act waits
    # for its publication, so its item bears another title.
    AgendaItem.objects.filter(pk=act.item_id).update(title="Tarifs de l'eau")
    deliberation(world.space, title="Délibération PUBLIC publiée")
    # Experiences: for members, public but archived; public.
    make_experience(space, world.elu, title="Retour SECRET entre membres")
    archived = make_experience(
        space, world.elu, title="Retour SECRET archivé", visibility=Visibility.PUBLIC
    )
    experiences.archive_experience(actor=world.elu.user, experience=archived)
    make_experience(space, world.elu, title="Retour PUBLIC", visibility=Visibility.PUBLIC)
    # Library and governance: a members' note, a draft pacte.
    from tests.governance.factories import make_document as governance_document
    from tests.library.factories import make_document as library_document

    library_document(space, agent, title="Note SECRET aux maires")
    governance_document(space, agent, title="Pacte SECRET en brouillon")
    # Bulletin: a draft issue; a sent one with a members' section.
    make_issue(space, title="Numéro SECRET en brouillon")
    last = make_issue(
        space,
        sent=True,
        title="Numéro PUBLIC paru",
        sections=[("Pour tous", "Texte PUBLIC.", False), ("Entre nous", "Texte SECRET.", True)],
    )
    # Sent before all the above happened: the next issue's draft gathers it.
    Issue.objects.filter(pk=last.pk).update(sent_at=timezone.now() - datetime.timedelta(days=2))
    # Another space: its public things belong on its own portal, never on this one.
    # A SIREN of its own: the factory's sequence may reach the world's EPCI (200000172).
    other = SpaceFactory(
        slug="cc-autre", name="CC Autre", organisation=EpciFactory(siren="249999998")
    )
    ProjectFactory(space=other, title="Projet AUTRE", is_public=True).communes.add(world.commune)
    sitting(other, place="Salle AUTRE du conseil")
    deliberation(other, title="Délibération AUTRE publiée")
    make_issue(other, sent=True, title="Numéro AUTRE paru", sections=[("A", "Texte AUTRE.", 0)])
    return world


def public_pages(client, world):
    """Every public page and feed of the portal and the bulletin of the space, as read by
    someone who is not logged in."""
    sent = world.space.bulletin_issues.get(title="Numéro PUBLIC paru")
    urls = [
        "/p/cc-test/",
        "/p/cc-test/seances.ics",
        "/p/cc-test/deliberations.atom",
        f"/mon-territoire/{world.commune.insee_code}/",
        "/espaces/cc-test/bulletin/",
        "/espaces/cc-test/bulletin/flux.atom",
        sent.get_absolute_url(),
        world.space.experiences.get(title="Retour PUBLIC").get_absolute_url(),
    ]
    pages = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        pages[url] = response.content.decode()
    return pages


def test_no_public_page_or_feed_shows_anything_private_or_of_another_space(client, secrets):
    pages = public_pages(client, secrets)
    leaks = {url: sorted(set(HIDDEN.findall(page))) for url, page in pages.items()}
    assert {url: found for url, found in leaks.items() if found} == {}
    everything = "".join(pages.values())
    for shown in (
        "Projet PUBLIC",
        "Salle PUBLIC du conseil",
        "Délibération PUBLIC publiée",
        "Retour PUBLIC",
        "Numéro PUBLIC paru",
        "Texte PUBLIC.",
    ):
        assert shown in everything, shown


def test_private_pages_are_refused_to_a_visitor_even_with_their_address(client, secrets):
    space = secrets.space
    for title in ("Retour SECRET entre membres", "Retour SECRET archivé"):
        url = space.experiences.get(title=title).get_absolute_url()
        response = client.get(url)
        assert response.status_code in (302, 403), url
        assert "SECRET" not in response.content.decode()
        for media in ("video/", "apercu.jpg", "sous-titres.vtt", "photos/1/"):
            assert client.get(f"{url}{media}").status_code in (302, 403), media
    draft = space.bulletin_issues.get(title="Numéro SECRET en brouillon")
    response = client.get(draft.get_absolute_url())
    assert response.status_code in (302, 403)
    assert "SECRET" not in response.content.decode()


def test_an_issue_drafted_from_everything_sends_nothing_private_to_subscribers(client, secrets):
    """The draft gathers private things too (in members' sections): the subscribers' email,
    the public web edition and the feed carry none of them; the members' email does."""
    space = secrets.space
    make_subscriber(space, "citoyen@example.org")
    issue = bulletins.create_issue(actor=secrets.agent.user, space=space)
    drafted = "\n".join(s.body for s in issue.sections.all())
    for private in ("Projet SECRET", "Retour SECRET entre membres", "Salle SECRET"):
        assert private in drafted, private  # the members are told…
    bulletins.send_issue(actor=secrets.agent.user, issue=issue, audiences=["maires", "abonnes"])
    (citizen,) = [m for m in mail.outbox if m.to == ["citoyen@example.org"]]
    (mayor,) = [m for m in mail.outbox if m.to == [secrets.elu.email]]
    public_email = citizen.body + citizen.alternatives[0][0]
    assert HIDDEN.findall(public_email) == []  # …the public is not
    assert "Retour PUBLIC" in public_email and "Projet PUBLIC" in public_email
    assert "Projet SECRET" in mayor.body
    for url in (issue.get_absolute_url(), "/espaces/cc-test/bulletin/flux.atom"):
        assert HIDDEN.findall(client.get(url).content.decode()) == [], url


def test_the_other_space_shows_its_own_public_things_on_its_own_portal(client, secrets):
    page = client.get("/p/cc-autre/").content.decode()
    assert "Délibération AUTRE publiée" in page
    assert "SECRET" not in page and "PUBLIC" not in page

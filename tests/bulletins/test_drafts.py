import datetime

import pytest
from django.utils import timezone

from maillage.bulletins import services
from maillage.bulletins.drafting import _text, draft_sections
from maillage.bulletins.models import Issue
from maillage.meetings.models import BodyKind, SittingStatus
from maillage.projects.models import Project, ProjectStatus, StatusChange
from tests.meetings.factories import BodyFactory, SittingFactory, in_days

from .factories import make_issue

pytestmark = pytest.mark.django_db


def headings(sections):
    return {s.heading: s for s in sections}


def test_the_draft_lists_sittings_to_come_public_ones_for_everyone(world):
    council = BodyFactory(space=world.space, name="Conseil communautaire")
    bureau = BodyFactory(space=world.space, name="Bureau", kind=BodyKind.BUREAU)
    SittingFactory(body=council, status=SittingStatus.CONVENED, starts_at=in_days(10))
    SittingFactory(body=bureau, status=SittingStatus.CONVENED, starts_at=in_days(12))
    SittingFactory(body=council, status=SittingStatus.CLOSED, starts_at=in_days(-10))
    found = headings(draft_sections(world.space, timezone.now() - datetime.timedelta(days=30)))
    assert "Conseil communautaire" in found["Séances à venir"].body
    assert not found["Séances à venir"].members_only
    assert "Bureau" in found["Réunions à venir (membres)"].body
    assert found["Réunions à venir (membres)"].members_only


def test_a_council_sitting_in_preparation_is_announced_to_members_only(world):
    council = BodyFactory(space=world.space, name="Conseil communautaire")
    SittingFactory(
        body=council, status=SittingStatus.DRAFT, starts_at=in_days(20), place="Salle à définir"
    )
    found = headings(draft_sections(world.space, timezone.now() - datetime.timedelta(days=30)))
    assert "Séances à venir" not in found
    assert "Salle à définir" in found["Réunions à venir (membres)"].body
    assert "pas encore convoquée" in found["Réunions à venir (membres)"].body


def test_the_draft_lists_the_deliberations_published_since_the_last_issue(world):
    from tests.portal.factories import deliberation

    deliberation(world.space, title="Création d'une voie verte")
    deliberation(world.space, title="Délibération non publiée", published=False)
    found = headings(draft_sections(world.space, timezone.now() - datetime.timedelta(days=1)))
    body = found["Délibérations publiées"].body
    assert "Création d'une voie verte" in body and "(adoptée le " in body
    assert "non publiée" not in body


def test_open_surveys_and_opinion_requests_are_listed_public_ones_for_everyone(world):
    from tests.opinions.factories import sent_request
    from tests.surveys.factories import make_survey

    make_survey(world.space, title="Besoins numériques")
    sent_request(world.space, actor=world.agent.user, title="Pacte public", is_public=True,
                 deadline=datetime.date.today() + datetime.timedelta(days=20))  # fmt: skip
    sent_request(world.space, actor=world.agent.user, title="Avis interne",
                 deadline=datetime.date.today() + datetime.timedelta(days=20))  # fmt: skip
    found = headings(draft_sections(world.space, timezone.now() - datetime.timedelta(days=1)))
    public = found["Consultations ouvertes"]
    members = found["Enquêtes et demandes d'avis en cours (membres)"]
    assert "Pacte public" in public.body and not public.members_only
    assert "Avis interne" not in public.body and "Besoins numériques" not in public.body
    assert "Avis interne" in members.body and "Besoins numériques" in members.body
    assert members.members_only


def test_new_and_most_helpful_experiences_are_in_the_draft_the_best_first(world):
    from maillage.experiences import services as experiences
    from maillage.experiences.models import Experience, Visibility
    from tests.experiences.factories import make_experience

    since = timezone.now() - datetime.timedelta(days=1)
    public = {"visibility": Visibility.PUBLIC}
    make_experience(world.space, world.elu, title="Nouvelle et publique", **public)
    best = make_experience(world.space, world.elu, title="La plus utile", **public)
    old = make_experience(world.space, world.elu, title="Ancienne mais utile", **public)
    make_experience(world.space, world.elu, title="Ancienne oubliée", **public)
    make_experience(world.space, world.elu, title="Entre nous")
    archived = make_experience(world.space, world.elu, title="Archivée", **public)
    Experience.objects.filter(title__startswith="Ancienne").update(
        created_at=since - datetime.timedelta(days=40)
    )
    for person in (world.agent, world.referent):
        experiences.say_helpful(actor=person.user, experience=best)
    experiences.say_helpful(actor=world.admin.user, experience=old)
    experiences.archive_experience(actor=world.elu.user, experience=archived)
    found = headings(draft_sections(world.space, since))
    lines = found["Retours d'expérience"].body.splitlines()
    assert [line.split("]")[0] for line in lines] == [
        "- [La plus utile",
        "- [Ancienne mais utile",
        "- [Nouvelle et publique",
    ]
    assert "(Élise Maire, 2 « ça m'a aidé »)" in lines[0]
    assert not found["Retours d'expérience"].members_only
    members = found["Retours d'expérience entre membres"]
    assert "Entre nous" in members.body and members.members_only


def test_projects_that_moved_are_split_between_public_and_members(world):
    public = Project.objects.create(space=world.space, title="Voie verte", is_public=True)
    private = Project.objects.create(space=world.space, title="Étude interne")
    for project in (public, private):
        StatusChange.objects.create(
            project=project, from_status=ProjectStatus.IDEA, to_status=ProjectStatus.STUDY
        )
    found = headings(draft_sections(world.space, timezone.now() - datetime.timedelta(days=1)))
    assert "Voie verte" in found["Projets qui avancent"].body
    assert "Étude interne" not in found["Projets qui avancent"].body
    assert "Étude interne" in found["Autres projets qui avancent (membres)"].body


def test_nothing_older_than_the_last_issue_is_repeated(world):
    project = Project.objects.create(space=world.space, title="Voie verte", is_public=True)
    StatusChange.objects.create(
        project=project, from_status=ProjectStatus.IDEA, to_status=ProjectStatus.STUDY
    )
    assert draft_sections(world.space, timezone.now() + datetime.timedelta(seconds=1)) == []


def test_a_new_issue_covers_what_happened_since_the_last_sent_one(world):
    last = make_issue(world.space, sent=True)
    issue = services.create_issue(actor=world.agent.user, space=world.space)
    assert issue.number == last.number + 1
    assert issue.covers_since == last.sent_at
    assert issue.is_draft


def test_the_first_issue_looks_back_one_month(world):
    now = timezone.now()
    issue = services.create_issue(actor=world.agent.user, space=world.space, now=now)
    assert issue.covers_since == now - datetime.timedelta(days=30)


@pytest.mark.parametrize("title", ["[lien](javascript:x)", "a*b_c`d", "<b>x</b>"])
def test_titles_cannot_inject_markdown(title):
    escaped = _text(title)
    for char in "[]*_`<>":
        assert char not in escaped.replace("\\" + char, "")


def test_saving_with_an_old_version_is_refused_and_changes_nothing(world):
    issue = make_issue(world.space)
    services.save_issue(
        actor=world.agent.user,
        issue=issue,
        version=1,
        title="Premier",
        introduction="",
        sections=[{"heading": "A", "body": "a"}],
    )
    with pytest.raises(services.BulletinError, match="Quelqu'un d'autre"):
        services.save_issue(
            actor=world.admin.user,
            issue=issue,
            version=1,
            title="Second",
            introduction="",
            sections=[],
        )
    issue.refresh_from_db()
    assert (issue.title, issue.version) == ("Premier", 2)


@pytest.mark.parametrize(
    "title, sections, message",
    [
        ("", [], "titre"),
        ("Titre", [{"heading": "", "body": "Un texte"}], "intertitre"),
    ],
)
def test_an_invalid_save_is_refused(world, title, sections, message):
    issue = make_issue(world.space)
    with pytest.raises(services.BulletinError, match=message):
        services.save_issue(
            actor=world.agent.user,
            issue=issue,
            version=1,
            title=title,
            introduction="",
            sections=sections,
        )


def test_a_sent_issue_cannot_be_changed(world):
    issue = make_issue(world.space, sent=True)
    with pytest.raises(services.BulletinError, match="déjà envoyé"):
        services.save_issue(
            actor=world.agent.user,
            issue=issue,
            version=issue.version,
            title="X",
            introduction="",
            sections=[],
        )


def test_blank_sections_are_dropped_and_the_rest_keep_their_order(world):
    issue = make_issue(world.space)
    services.save_issue(
        actor=world.agent.user,
        issue=issue,
        version=1,
        title="T",
        introduction="",
        sections=[
            {"heading": "B", "body": "b", "members_only": True},
            {"heading": "", "body": ""},
            {"heading": "A", "body": "a"},
        ],
    )
    assert list(Issue.objects.get().sections.values_list("heading", "members_only")) == [
        ("B", True),
        ("A", False),
    ]

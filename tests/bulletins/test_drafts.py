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

"""The roadmap: items of the working version, versions proposed then adopted by a
deliberation of the space (or withdrawn), and what changed since."""

from decimal import Decimal

import pytest

from maillage.audit.models import ActionLog
from maillage.roadmap import services
from maillage.roadmap.models import ItemStatus, RoadmapItem, RoadmapVersion, VersionStatus
from maillage.roadmap.progress import items_per_year, roadmap_figures
from tests.spaces.factories import SpaceFactory

from .factories import deliberation, item, need, project

pytestmark = pytest.mark.django_db


def test_an_item_keeps_its_means_as_exact_decimals(world):
    made = item(world.space, world.agent.user, budget="12500.50", fte="1.25")
    made.refresh_from_db()
    assert (made.budget, made.fte) == (Decimal("12500.50"), Decimal("1.25"))
    assert ActionLog.objects.get(action="roadmap.item_create").data["budget"] == "12500.50"


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"year_from": 2030, "year_to": 2027}, "L'année de fin \\(2027\\) précède"),
        ({"year_from": 1999}, "Les années vont de 2000 à 2100"),
        ({"year_to": None}, "Indiquez les années"),
        ({"budget": "-1"}, "moyens financiers ne peuvent pas être négatifs"),
        ({"fte": "-0.5"}, "ETP\\) ne peuvent pas être négatifs"),
        ({"budget": "beaucoup"}, "s'écrivent en chiffres"),
        ({"budget": "NaN"}, "s'écrivent en chiffres"),
        ({"title": ""}, "Écrivez l'intitulé"),
        ({"priority": 9}, "Choisissez la priorité"),
        ({"status": "fini"}, "Choisissez l'état"),
    ],
)
def test_bad_items_are_refused_and_nothing_is_saved(world, kwargs, message):
    with pytest.raises(services.RoadmapError, match=message):
        item(world.space, world.agent.user, **kwargs)
    assert not RoadmapItem.objects.exists()


def test_needs_and_projects_come_from_the_space(world):
    with pytest.raises(services.RoadmapError, match="besoins ne sont pas de l'espace"):
        item(world.space, None, needs=[need(SpaceFactory(), world.commune)])
    with pytest.raises(services.RoadmapError, match="projets ne sont pas de l'espace"):
        item(world.space, None, projects=[project(SpaceFactory())])
    made = item(world.space, None, needs=[need(world.space, world.commune, "Fibre")],
                projects=[project(world.space, "Réseau")])  # fmt: skip
    assert [n.title for n in made.needs.all()] == ["Fibre"]


def test_an_update_logs_the_fields_that_changed(world):
    made = item(world.space, None)
    services.update_item(actor=world.agent.user, item=made, title=made.title, priority=1,
                         year_from=2026, year_to=2028, budget="10000", fte="0.5",
                         status=ItemStatus.IN_PROGRESS)  # fmt: skip
    log = ActionLog.objects.get(action="roadmap.item_update")
    assert log.data == {
        "priority": ["2", "1"],
        "year_to": ["2027", "2028"],
        "status": ["prevu", "en_cours"],
    }


def test_a_proposed_version_is_frozen_and_adopted_by_a_deliberation(world):
    made = item(world.space, world.agent.user)
    version = services.propose_version(actor=world.agent.user, space=world.space, note="V1")
    services.update_item(actor=None, item=made, title="Renommé", priority=2, year_from=2026,
                         year_to=2027, budget="10000", fte="0.5", status="prevu")  # fmt: skip
    version.refresh_from_db()
    assert version.snapshot[0]["title"] == "Portail citoyen"
    act = deliberation(world.space)
    services.adopt_version(actor=world.agent.user, version=version, deliberation=act)
    assert RoadmapVersion.objects.last_adopted(world.space) == version
    adopted, diff = services.changes_since_adopted(world.space)
    assert adopted == version
    ((change),) = diff.changed
    assert [(c.field, c.old, c.new) for c in change.changes] == [
        ("title", "Portail citoyen", "Renommé")
    ]
    assert list(
        ActionLog.objects.filter(action__startswith="roadmap.version").values_list(
            "action", flat=True
        )
    ) == ["roadmap.version_adopt", "roadmap.version_propose"]


def test_a_deliberation_of_another_space_rejected_or_used_twice_is_refused(world):
    item(world.space, None)
    version = services.propose_version(actor=None, space=world.space)
    with pytest.raises(services.RoadmapError, match="n'est pas de l'espace"):
        services.adopt_version(actor=None, version=version,
                               deliberation=deliberation(SpaceFactory()))  # fmt: skip
    with pytest.raises(services.RoadmapError, match="a été rejetée"):
        services.adopt_version(actor=None, version=version,
                               deliberation=deliberation(world.space, rejected=True))  # fmt: skip
    with pytest.raises(services.RoadmapError, match="Choisissez la délibération"):
        services.adopt_version(actor=None, version=version, deliberation=None)
    act = deliberation(world.space)
    services.adopt_version(actor=None, version=version, deliberation=act)
    with pytest.raises(services.RoadmapError, match="seule une version proposée"):
        services.adopt_version(actor=None, version=version, deliberation=act)
    item(world.space, None, title="Autre")
    second = services.propose_version(actor=None, space=world.space)
    with pytest.raises(services.RoadmapError, match="adopte déjà une autre version"):
        services.adopt_version(actor=None, version=second, deliberation=act)
    second.refresh_from_db()
    assert second.status == VersionStatus.PROPOSED


@pytest.mark.parametrize("situation", ["vide", "déjà proposée", "inchangée"])
def test_a_version_is_proposed_only_when_there_is_something_new(world, situation):
    message = {"vide": "est vide", "déjà proposée": "déjà proposée", "inchangée": "Rien n'a"}
    if situation != "vide":
        item(world.space, None)
        version = services.propose_version(actor=None, space=world.space)
    if situation == "inchangée":
        services.adopt_version(actor=None, version=version,
                               deliberation=deliberation(world.space))  # fmt: skip
    with pytest.raises(services.RoadmapError, match=message[situation]):
        services.propose_version(actor=None, space=world.space)


def test_a_withdrawn_version_stays_readable_and_frees_the_way(world):
    item(world.space, None)
    first = services.propose_version(actor=None, space=world.space)
    services.withdraw_version(actor=world.agent.user, version=first)
    second = services.propose_version(actor=None, space=world.space)
    assert (first.status, second.number) == (VersionStatus.WITHDRAWN, 2)
    with pytest.raises(services.RoadmapError, match="Seule une version proposée"):
        services.withdraw_version(actor=None, version=first)


def test_any_two_versions_compare_and_a_withdrawn_item_shows_as_removed(world):
    kept = item(world.space, None, title="Gardé")
    gone = item(world.space, None, title="Retiré")
    v1 = services.propose_version(actor=None, space=world.space)
    services.adopt_version(actor=None, version=v1, deliberation=deliberation(world.space))
    services.archive_item(actor=world.agent.user, item=gone)
    item(world.space, None, title="Nouveau")
    v2 = services.propose_version(actor=None, space=world.space)
    diff = services.compare_versions(v1, v2)
    assert [i["title"] for i in diff.added] == ["Nouveau"]
    assert [i["title"] for i in diff.removed] == ["Retiré"]
    assert diff.changed == []
    assert RoadmapItem.objects.get(pk=gone.pk).archived_at is not None
    assert kept in RoadmapItem.objects.working(world.space)
    with pytest.raises(services.RoadmapError, match="déjà retiré"):
        services.archive_item(actor=None, item=gone)


def test_the_dashboards_read_the_roadmap_in_figures(world):
    item(world.space, None, budget="1000.10", fte="1", status=ItemStatus.DONE)
    item(world.space, None, budget="2000", fte="0.5", year_from=2027, year_to=2029)
    item(world.space, None, budget="0", fte="0", status=ItemStatus.DROPPED)
    figures = roadmap_figures(world.space)
    assert figures["total"] == 3
    assert (figures["done"], figures["percent_done"]) == (1, 50)
    assert figures["budget"] == Decimal("3000.10")
    assert figures["fte"] == Decimal("1.50")
    assert figures["by_status"][ItemStatus.PLANNED] == 1
    assert figures["adopted_version"] is None
    assert items_per_year(world.space) == {2026: 2, 2027: 3, 2028: 1, 2029: 1}

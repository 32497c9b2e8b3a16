"""Every change to needs and every refusal, through the services."""

from decimal import Decimal

import pytest

from maillage.audit.models import ActionLog
from maillage.needs import services
from maillage.needs.models import Need, NeedGroup, Status, Support
from maillage.needs.services import NeedError
from maillage.notifications.models import Notification
from tests.discussions.factories import ThreadFactory
from tests.spaces.factories import SpaceFactory

from .factories import make_need, other_commune

pytestmark = pytest.mark.django_db


def express(world, person=None, organisation=None, **changes):
    fields = {
        "theme": "Numérique et informatique",
        "title": "Logiciel de gestion du cimetière",
        "description": "Le registre est papier.",
        "urgency": "forte",
        "current_cost": "1200.50",
    }
    fields.update(changes)
    return services.express_need(
        actor=(person or world.elu).user,
        space=world.space,
        organisation=organisation or world.commune,
        **fields,
    )


# --- Expressing ---------------------------------------------------------------------------------


def test_a_mayor_expresses_a_need_for_her_commune_and_it_is_logged(world):
    need = express(world)
    assert (need.organisation, need.current_cost, need.status) == (
        world.commune, Decimal("1200.50"), Status.OPEN)  # fmt: skip
    assert ActionLog.objects.filter(action="needs.express", object_id=str(need.pk)).exists()


def test_a_referent_expresses_a_need_for_the_commune_he_represents(world):
    assert express(world, world.referent).organisation == world.commune


def test_an_agent_may_record_a_need_for_any_member(world):
    assert express(world, world.agent, other_commune(world)).organisation != world.commune


@pytest.mark.parametrize(
    "who, where, message",
    [
        ("elu", "other", "organisation membre"),  # not her commune
        ("outsider", "commune", "organisation membre"),
        ("elu", "epci", "organisation membre"),  # the space's EPCI is not a member
    ],
)
def test_a_need_is_refused_for_an_organisation_one_does_not_speak_for(world, who, where, message):
    organisation = {"other": other_commune(world), "commune": world.commune,
                    "epci": world.epci}[where]  # fmt: skip
    with pytest.raises(NeedError, match=message):
        express(world, getattr(world, who), organisation)
    assert not Need.objects.exists()


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"title": "  "}, "intitulé"),
        ({"description": ""}, "Décrivez"),
        ({"urgency": "demain"}, "urgence"),
        ({"theme": "Pas un thème"}, "thème"),
        ({"current_cost": "-1"}, "négatif"),
        ({"current_cost": "1.005"}, "centime"),
    ],
)
def test_bad_input_is_refused_with_a_french_reason_and_nothing_is_stored(world, changes, message):
    with pytest.raises(NeedError, match=message):
        express(world, **changes)
    assert not Need.objects.exists()


def test_a_need_expressed_from_a_thread_keeps_the_link(world):
    thread = ThreadFactory(space=world.space, author=world.elu)
    need = express(world, thread=thread)
    assert need.thread == thread


def test_a_thread_of_another_space_is_refused(world):
    with pytest.raises(NeedError, match="pas de l'espace"):
        express(world, thread=ThreadFactory(space=SpaceFactory(), author=world.elu))


# --- « Nous aussi » -----------------------------------------------------------------------------


def test_nous_aussi_records_the_organisation_numbers_and_tells_the_author(world):
    need = make_need(world.space, world.agent, other_commune(world))
    support = services.support_need(actor=world.elu.user, need=need, organisation=world.commune,
                                    current_cost="300", remark="Pareil chez nous")  # fmt: skip
    assert (support.current_cost, support.remark) == (Decimal("300.00"), "Pareil chez nous")
    assert Notification.objects.filter(person=world.agent, title__contains="Bonneville").exists()
    assert ActionLog.objects.filter(action="needs.support").exists()


def test_nous_aussi_is_once_per_organisation(world):
    need = make_need(world.space, world.agent, other_commune(world))
    services.support_need(actor=world.elu.user, need=need, organisation=world.commune)
    with pytest.raises(NeedError, match="déjà dit « nous aussi »"):
        services.support_need(actor=world.referent.user, need=need, organisation=world.commune)
    assert Support.objects.count() == 1


def test_the_organisation_of_the_need_cannot_say_nous_aussi(world):
    need = make_need(world.space, world.elu, world.commune)
    with pytest.raises(NeedError, match="déjà celui de Bonneville"):
        services.support_need(actor=world.agent.user, need=need, organisation=world.commune)


def test_nous_aussi_is_only_for_an_organisation_one_speaks_for(world):
    need = make_need(world.space, world.elu, world.commune)
    with pytest.raises(NeedError, match="pour laquelle vous êtes"):
        services.support_need(actor=world.elu.user, need=need, organisation=other_commune(world))


def test_nous_aussi_is_refused_on_a_dropped_need(world):
    need = make_need(world.space, world.agent, other_commune(world))
    services.set_status(actor=world.agent.user, need=need, status=Status.DROPPED, reason="Doublon")
    with pytest.raises(NeedError, match="sans suite"):
        services.support_need(actor=world.elu.user, need=need, organisation=world.commune)


def test_a_withdrawn_nous_aussi_is_kept_and_can_be_said_again(world):
    need = make_need(world.space, world.agent, other_commune(world))
    support = services.support_need(actor=world.elu.user, need=need, organisation=world.commune)
    services.withdraw_support(actor=world.referent.user, support=support)
    support.refresh_from_db()
    assert support.withdrawn_at is not None
    with pytest.raises(NeedError, match="déjà retiré"):
        services.withdraw_support(actor=world.elu.user, support=support)
    services.support_need(actor=world.elu.user, need=need, organisation=world.commune)
    assert Support.objects.count() == 2
    assert Need.objects.with_support_counts().get().organisation_count == 2


def test_only_someone_of_the_organisation_withdraws_its_nous_aussi(world):
    need = make_need(world.space, world.elu, world.commune)
    support = services.support_need(actor=world.agent.user, need=need,
                                    organisation=other_commune(world))  # fmt: skip
    with pytest.raises(NeedError, match="Seuls"):
        services.withdraw_support(actor=world.elu.user, support=support)


# --- Grouping, status, themes -------------------------------------------------------------------


def test_an_agent_groups_needs_and_a_need_is_in_one_group_at_most(world):
    a = make_need(world.space, world.elu, world.commune, title="A")
    b = make_need(world.space, world.agent, other_commune(world), title="B")
    first = services.group_needs(actor=world.agent.user, space=world.space, needs=[a, b],
                                 title="Secrétariat")  # fmt: skip
    second = services.group_needs(actor=world.agent.user, space=world.space, needs=[b],
                                  title="Autre")  # fmt: skip
    a.refresh_from_db(), b.refresh_from_db()
    assert (a.group, b.group) == (first, second)
    services.ungroup_need(actor=world.agent.user, need=b)
    b.refresh_from_db()
    assert b.group is None


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"needs": [], "title": "X"}, "au moins un"),
        ({"title": ""}, "existant ou nommez"),
        ({"title": "Secrétariat"}, "déjà"),
    ],
)
def test_bad_groupings_are_refused(world, kwargs, message):
    need = make_need(world.space, world.elu, world.commune)
    services.group_needs(
        actor=world.agent.user, space=world.space, needs=[need], title="Secrétariat"
    )
    kwargs.setdefault("needs", [need])
    with pytest.raises(NeedError, match=message):
        services.group_needs(actor=world.agent.user, space=world.space, **kwargs)
    assert NeedGroup.objects.count() == 1


def test_a_mayor_cannot_group_needs(world):
    need = make_need(world.space, world.elu, world.commune)
    with pytest.raises(NeedError, match="agents"):
        services.group_needs(actor=world.elu.user, space=world.space, needs=[need], title="X")


def test_dropping_a_need_requires_a_reason_and_tells_the_author(world):
    need = make_need(world.space, world.elu, world.commune)
    with pytest.raises(NeedError, match="motif"):
        services.set_status(actor=world.agent.user, need=need, status=Status.DROPPED)
    services.set_status(actor=world.agent.user, need=need, status=Status.DROPPED,
                        reason="Relève de la commune")  # fmt: skip
    assert Notification.objects.get(person=world.elu).body == "Relève de la commune"
    assert ActionLog.objects.filter(action="needs.status").count() == 1


def test_a_mayor_cannot_change_the_status(world):
    need = make_need(world.space, world.elu, world.commune)
    with pytest.raises(NeedError, match="agents"):
        services.set_status(actor=world.elu.user, need=need, status=Status.STUDY)


def test_the_space_starts_with_default_themes_and_agents_change_the_list(world):
    assert "Numérique et informatique" in services.theme_names(world.space)
    services.add_theme(actor=world.agent.user, space=world.space, name="Tourisme")
    services.archive_theme(actor=world.agent.user, space=world.space, name="Autre")
    names = services.theme_names(world.space)
    assert "Tourisme" in names and "Autre" not in names
    with pytest.raises(NeedError, match="existe déjà"):
        services.add_theme(actor=world.agent.user, space=world.space, name="tourisme")


def test_a_need_keeps_a_theme_taken_off_the_list_when_edited(world):
    need = make_need(world.space, world.elu, world.commune, theme="Autre")
    services.archive_theme(actor=world.agent.user, space=world.space, name="Autre")
    services.edit_need(actor=world.elu.user, need=need, theme="Autre", title="Nouveau titre",
                       description="x", urgency="faible")  # fmt: skip
    need.refresh_from_db()
    assert (need.title, need.theme) == ("Nouveau titre", "Autre")


def test_the_author_no_longer_edits_a_need_once_it_is_covered(world):
    need = make_need(world.space, world.elu, world.commune)
    services.set_status(actor=world.agent.user, need=need, status=Status.COVERED)
    with pytest.raises(NeedError, match="auteur"):
        services.edit_need(actor=world.elu.user, need=need, theme=need.theme, title="x",
                           description="x", urgency="faible")  # fmt: skip

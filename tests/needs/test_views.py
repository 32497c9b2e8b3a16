"""Pages of needs: expressing (also from a conference thread), « nous aussi », the list and
its filters, grouping, status, the synthesis with its chart and CSV; query counts."""

import pytest

from maillage.needs.models import Need, NeedGroup, Status, Support
from tests.discussions.factories import ThreadFactory
from tests.spaces.factories import add_space_members
from tests.territories.factories import CommuneFactory

from .factories import make_need, other_commune

pytestmark = pytest.mark.django_db

FORM = {
    "organisation": "",
    "theme": "Numérique et informatique",
    "title": "Logiciel de gestion du cimetière",
    "description": "Le registre est **papier**.",
    "urgency": "forte",
    "current_cost": "1200,50",
    "workaround": "",
}


def test_the_space_home_links_to_the_needs_for_people_logged_in(login, world):
    assert "/espaces/cc-test/besoins/" in login(world.elu).get("/espaces/cc-test/").content.decode()


def test_a_mayor_expresses_a_need_from_the_form(login, world):
    client = login(world.elu)
    page = client.get("/espaces/cc-test/besoins/nouveau/")
    assert 'for="id_title"' in page.content.decode()
    response = client.post("/espaces/cc-test/besoins/nouveau/",
                           {**FORM, "organisation": world.commune.pk})  # fmt: skip
    need = Need.objects.get()
    assert response.status_code == 302 and response["Location"] == need.get_absolute_url()
    assert str(need.current_cost) == "1200.50"
    html = client.get(need.get_absolute_url()).content.decode()
    assert "<strong>papier</strong>" in html and "1\u202f200,50\u00a0€" in html


def test_a_refused_need_shows_the_form_again_filled(login, world):
    response = login(world.elu).post(
        "/espaces/cc-test/besoins/nouveau/",
        {**FORM, "organisation": world.commune.pk, "current_cost": "-3"},
    )
    html = response.content.decode()
    assert response.status_code == 200 and "ne peut pas être négatif" in html
    assert "Logiciel de gestion du cimetière" in html
    assert not Need.objects.exists()


def test_a_need_is_expressed_from_a_conference_thread(login, world):
    thread = ThreadFactory(space=world.space, author=world.elu, title="Déneigement partagé")
    client = login(world.elu)
    thread_page = client.get(thread.get_absolute_url()).content.decode()
    assert f"/espaces/cc-test/besoins/nouveau/?discussion={thread.pk}" in thread_page
    form = client.get(f"/espaces/cc-test/besoins/nouveau/?discussion={thread.pk}")
    assert 'value="Déneigement partagé"' in form.content.decode()
    client.post("/espaces/cc-test/besoins/nouveau/",
                {**FORM, "organisation": world.commune.pk, "discussion": thread.pk})  # fmt: skip
    assert Need.objects.get().thread == thread


def test_an_outsider_sees_no_need_link_on_a_thread_he_cannot_read(login, world):
    thread = ThreadFactory(space=world.space, author=world.elu)
    html = login(world.outsider).get(thread.get_absolute_url()).content.decode()
    assert "Exprimer un besoin à partir de cet échange" not in html


def test_another_commune_says_nous_aussi_with_its_numbers_then_withdraws(login, world):
    need = make_need(world.space, world.agent, other_commune(world), cost="100")
    client = login(world.elu)
    response = client.post(f"{need.get_absolute_url()}nous-aussi/",
                           {"organisation": world.commune.pk, "current_cost": "250",
                            "remark": "Pareil"})  # fmt: skip
    assert response.status_code == 302
    html = client.get(need.get_absolute_url()).content.decode()
    assert "2 organisations, 1960 habitants" in html and "350,00\u00a0€" in html
    support = Support.objects.get()
    client.post(f"{need.get_absolute_url()}nous-aussi/{support.pk}/retirer/")
    support.refresh_from_db()
    assert support.withdrawn_at is not None


def test_nous_aussi_with_a_bad_cost_keeps_the_remark(login, world):
    need = make_need(world.space, world.agent, other_commune(world))
    response = login(world.elu).post(f"{need.get_absolute_url()}nous-aussi/",
                                     {"organisation": world.commune.pk, "current_cost": "abc",
                                      "remark": "Ma remarque"})  # fmt: skip
    assert response.status_code == 200
    assert "Ma remarque" in response.content.decode() and not Support.objects.exists()


def test_the_list_filters_by_theme_urgency_commune_and_status(login, world):
    mine = make_need(world.space, world.elu, world.commune, title="Chez nous", theme="Autre")
    theirs = make_need(world.space, world.agent, other_commune(world), title="Chez eux",
                       urgency="forte")  # fmt: skip
    client = login(world.elu)

    def titles(query):
        return [n.title for n in client.get(f"/espaces/cc-test/besoins/?{query}").context["page"]]

    assert titles("theme=Autre") == ["Chez nous"]
    assert titles("urgency=forte") == ["Chez eux"]
    assert titles(f"organisation={world.commune.pk}") == ["Chez nous"]
    from maillage.needs import services

    services.support_need(actor=world.elu.user, need=theirs, organisation=world.commune)
    assert titles(f"organisation={world.commune.pk}") == ["Chez eux", "Chez nous"]
    services.set_status(actor=world.agent.user, need=mine, status=Status.DROPPED, reason="Non")
    assert titles("") == ["Chez eux"]
    assert titles("status=sans_suite") == ["Chez nous"]


def test_an_agent_groups_needs_from_the_list(login, world):
    a = make_need(world.space, world.elu, world.commune, title="A")
    b = make_need(world.space, world.agent, other_commune(world), title="B")
    client = login(world.agent)
    assert 'name="besoin"' in client.get("/espaces/cc-test/besoins/").content.decode()
    client.post("/espaces/cc-test/besoins/regrouper/",
                {"besoin": [a.pk, b.pk], "title": "Secrétariat partagé"})  # fmt: skip
    group = NeedGroup.objects.get()
    assert set(group.needs.all()) == {a, b}
    summary = client.get("/espaces/cc-test/besoins/synthese/?par=regroupement").content.decode()
    assert "Secrétariat partagé" in summary


def test_a_mayor_sees_no_grouping_boxes(login, world):
    make_need(world.space, world.elu, world.commune)
    assert 'name="besoin"' not in login(world.elu).get("/espaces/cc-test/besoins/").content.decode()


def test_an_agent_drops_a_need_with_a_reason_from_its_page(login, world):
    need = make_need(world.space, world.elu, world.commune)
    client = login(world.agent)
    refused = client.post(f"{need.get_absolute_url()}etat/", {"status": "sans_suite"})
    assert "motif" in refused.content.decode()
    client.post(f"{need.get_absolute_url()}etat/", {"status": "sans_suite", "reason": "Doublon"})
    need.refresh_from_db()
    assert (need.status, need.status_reason) == ("sans_suite", "Doublon")


def test_the_synthesis_shows_a_chart_with_its_table_and_exports_csv(login, world):
    need = make_need(world.space, world.elu, world.commune, cost="100")
    from maillage.needs import services

    services.support_need(actor=world.agent.user, need=need, organisation=other_commune(world),
                          current_cost="50")  # fmt: skip
    client = login(world.elu)
    html = client.get("/espaces/cc-test/besoins/synthese/").content.decode()
    assert "<svg" in html and "<table" in html and "2 organisations" in html
    assert "Bonneville, Marignier" in html
    csv = client.get("/espaces/cc-test/besoins/synthese.csv").content.decode("utf-8-sig")
    lines = csv.splitlines()
    assert lines[0].startswith("Thème;Besoins;Organisations concernées;Habitants")
    assert lines[1].startswith("Ressources humaines et remplacements;1;2;1960;;150,00;0;")


def test_the_service_answering_a_need_is_shown_on_its_page(login, world):
    from tests.catalogue.factories import make_service

    need = make_need(world.space, world.elu, world.commune)
    make_service(world.space, world.agent, name="Secrétaires itinérantes", needs=[need])
    assert (
        "Secrétaires itinérantes" in login(world.elu).get(need.get_absolute_url()).content.decode()
    )


def test_the_mayor_is_not_offered_to_start_a_project(login, world):
    need = make_need(world.space, world.elu, world.commune)
    assert "Lancer un projet" not in login(world.elu).get(need.get_absolute_url()).content.decode()


def many_needs(world, count):
    communes = CommuneFactory.create_batch(3)
    add_space_members(world.space, communes)
    for i in range(count):
        need = make_need(world.space, world.agent, communes[i % 3], title=f"Besoin {i}",
                         cost="10")  # fmt: skip
        Support.objects.create(need=need, organisation=world.commune)


@pytest.mark.parametrize("count", [1, 50])
def test_the_list_query_count_does_not_grow_with_the_needs(
    login, world, django_assert_max_num_queries, count
):
    many_needs(world, count)
    client = login(world.agent)
    with django_assert_max_num_queries(15):
        response = client.get("/espaces/cc-test/besoins/")
    assert len(response.context["page"]) == count


@pytest.mark.parametrize("count", [1, 50])
def test_the_synthesis_query_count_does_not_grow_with_the_needs(
    login, world, django_assert_max_num_queries, count
):
    many_needs(world, count)
    client = login(world.elu)
    with django_assert_max_num_queries(13):
        response = client.get("/espaces/cc-test/besoins/synthese/")
    assert response.context["total"].need_count == count


def test_an_agent_adds_and_withdraws_themes_from_the_themes_page(login, world):
    client = login(world.agent)
    client.post("/espaces/cc-test/besoins/themes/", {"name": "Tourisme"})
    client.post("/espaces/cc-test/besoins/themes/", {"archiver": "Autre"})
    html = client.get("/espaces/cc-test/besoins/themes/").content.decode()
    assert "Tourisme" in html and "« Autre »" not in html.split("<h1")[1].split("</form>")[0]
    again = client.post("/espaces/cc-test/besoins/themes/", {"name": "tourisme"})
    assert "existe déjà" in again.content.decode()

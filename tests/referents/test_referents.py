"""The référents: services they answer for, their mailing audience, the directory and the
page « ce qui me concerne »."""

import pytest
from django.utils import timezone

from maillage.audit.models import ActionLog
from maillage.meetings.models import Convocation, SittingStatus
from maillage.referents import services
from maillage.referents.concerns import concerns
from maillage.referents.models import ServiceReferent
from maillage.referents.services import ReferentError, referent_people
from maillage.spaces.models import Role
from maillage.surveys.models import Participation
from tests.catalogue.factories import make_service, subscribe
from tests.meetings.factories import BodyFactory, SittingFactory, in_days
from tests.needs.factories import make_need
from tests.opinions.factories import sent_request
from tests.people.factories import person_with_account
from tests.spaces.factories import SpaceFactory, give
from tests.surveys.factories import make_survey

pytestmark = pytest.mark.django_db


def role(world):
    return world.referent.space_roles.get()


# --- Services of a référent ---------------------------------------------------------------------


def test_an_admin_chooses_the_services_a_referent_answers_for_and_history_is_kept(world):
    dpo = make_service(world.space, world.admin, name="DPO mutualisé")
    sig = make_service(world.space, world.admin, name="SIG")
    assert services.set_services(actor=world.admin.user, role=role(world), services=[dpo, sig]) == (
        2, 0,
    )  # fmt: skip
    assert services.set_services(actor=world.admin.user, role=role(world), services=[sig]) == (0, 1)
    assert ServiceReferent.objects.count() == 2  # the ended link is kept
    assert [a.service.name for a in ServiceReferent.objects.current()] == ["SIG"]
    assert ActionLog.objects.filter(action="referents.assign_service").count() == 2
    assert ActionLog.objects.filter(action="referents.end_service").count() == 1


@pytest.mark.parametrize("who", ["agent", "referent", "elu"])
def test_only_admins_choose_the_services_of_a_referent(world, who):
    dpo = make_service(world.space, world.admin)
    with pytest.raises(ReferentError, match="administrateurs"):
        services.set_services(actor=getattr(world, who).user, role=role(world), services=[dpo])


def test_a_service_of_another_space_is_refused(world):
    other = SpaceFactory()
    give(other, world.admin, Role.ADMIN)
    foreign = make_service(other, world.admin, name="Service d'ailleurs")
    with pytest.raises(ReferentError, match="Service d'ailleurs"):
        services.set_services(actor=world.admin.user, role=role(world), services=[foreign])


def test_an_agent_role_cannot_receive_services(world):
    dpo = make_service(world.space, world.admin)
    with pytest.raises(ReferentError, match="plus référente"):
        services.set_services(
            actor=world.admin.user, role=world.agent.space_roles.get(), services=[dpo]
        )


def test_referent_people_is_the_referents_audience_optionally_per_service(world):
    second = person_with_account(first_name="Sam", last_name="Second")
    second_role = give(world.space, second, Role.REFERENT, organisation=world.commune)
    ended = person_with_account(first_name="Eva", last_name="Partie")
    gone = give(world.space, ended, Role.REFERENT)
    gone.end_date = timezone.localdate()
    gone.save()
    dpo = make_service(world.space, world.admin)
    services.set_services(actor=world.admin.user, role=second_role, services=[dpo])
    assert list(referent_people(world.space)) == [world.referent, second]
    assert list(referent_people(world.space, service=dpo)) == [second]


# --- Ce qui me concerne -------------------------------------------------------------------------


def test_the_referent_page_gathers_what_concerns_their_organisation(world):
    need = make_need(world.space, world.elu, world.commune, title="Un besoin de Bonneville")
    dpo = make_service(world.space, world.admin)
    subscribe(dpo, world.admin, world.commune)
    services.set_services(actor=world.admin.user, role=role(world), services=[dpo])
    request = sent_request(world.space, actor=world.agent.user)
    survey = make_survey(world.space, title="À remplir")
    answered = make_survey(world.space, title="Déjà remplie")
    Participation.objects.create(survey=answered, person=world.referent)
    body = BodyFactory(space=world.space)
    sitting = SittingFactory(body=body, starts_at=in_days(10), status=SittingStatus.CONVENED)
    past = SittingFactory(body=body, starts_at=in_days(-10), status=SittingStatus.CLOSED)
    for s in (sitting, past):
        Convocation.objects.create(sitting=s, person=world.referent, reason="invite",
                                   channel="courriel")  # fmt: skip
    blocks = concerns(role(world))
    assert blocks["needs"].rows == [need]
    assert [s.service for s in blocks["subscriptions"].rows] == [dpo]
    assert [a.service for a in blocks["services"].rows] == [dpo]
    assert [t.request for t in blocks["opinions"].rows] == [request]
    assert blocks["surveys"].rows == [survey]
    assert [c.sitting for c in blocks["sittings"].rows] == [sitting]
    target = blocks["opinions"].rows[0]
    assert target.organisation == world.commune


def test_the_referent_page_shows_each_block(login, world):
    make_need(world.space, world.elu, world.commune, title="Un besoin de Bonneville")
    html = login(world.referent).get(f"/espaces/cc-test/referents/{role(world).pk}/")
    text = html.content.decode()
    assert "Ce qui me concerne" in text and "Un besoin de Bonneville" in text
    for heading in ("Séances", "Demandes d'avis", "Enquêtes", "Besoins ouverts", "Abonnements"):
        assert heading in text


def test_my_page_sends_the_referent_to_their_own_page(login, world):
    response = login(world.referent).get("/espaces/cc-test/referents/moi/")
    assert response.url == f"/espaces/cc-test/referents/{role(world).pk}/"


# --- Directory ----------------------------------------------------------------------------------


def test_the_directory_searches_by_name_organisation_commune_and_service(login, world):
    other = world.space.members.exclude(organisation=world.commune).get().organisation
    marc = person_with_account(first_name="Marc", last_name="Martin")
    marc_role = give(world.space, marc, Role.REFERENT, organisation=other)
    dpo = make_service(world.space, world.admin)
    services.set_services(actor=world.admin.user, role=marc_role, services=[dpo])
    client = login(world.elu)

    def names(query):
        page = client.get("/espaces/cc-test/referents/" + query).context["page"]
        return [r.person.last_name for r in page]

    assert names("") == ["Référent", "Martin"]  # Bonneville, then Marignier
    assert names("?q=mart") == ["Martin"]
    # Typed on a phone without accents, in another case, first name and last name.
    assert names("?q=REMI") == ["Référent"]
    assert names("?q=remi+referent") == ["Référent"]
    assert names("?q=rémi+martin") == []
    assert names("?commune=MARIGNIÈR") == ["Martin"]
    assert names(f"?organisation={world.commune.pk}") == ["Référent"]
    assert names("?commune=74164") == ["Martin"]
    assert names("?commune=bonne") == ["Référent"]
    assert names(f"?service={dpo.pk}") == ["Martin"]


def test_the_admin_sets_services_from_the_form(login, world):
    dpo = make_service(world.space, world.admin)
    url = f"/espaces/cc-test/referents/{role(world).pk}/services/"
    response = login(world.admin).post(url, {"services": [dpo.pk]})
    assert response.status_code == 302
    assert ServiceReferent.objects.current().get().service == dpo


@pytest.mark.parametrize("count", [1, 50])
def test_the_directory_query_count_does_not_grow_with_its_length(
    login, world, django_assert_max_num_queries, count
):
    dpo = make_service(world.space, world.admin)
    for i in range(count - 1):
        person = person_with_account(first_name=f"P{i}", last_name=f"Nom{i}")
        item = give(world.space, person, Role.REFERENT, organisation=world.commune)
        ServiceReferent.objects.create(role=item, service=dpo)
    client = login(world.elu)
    with django_assert_max_num_queries(14):
        response = client.get("/espaces/cc-test/referents/")
    assert response.context["page"].paginator.count == count


def test_the_referent_page_query_count_is_fixed(login, world, django_assert_max_num_queries):
    for i in range(5):
        make_need(world.space, world.elu, world.commune, title=f"Besoin {i}")
        make_survey(world.space, title=f"Enquête {i}")
    client = login(world.referent)
    with django_assert_max_num_queries(25):
        client.get(f"/espaces/cc-test/referents/{role(world).pk}/")

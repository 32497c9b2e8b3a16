import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from maillage.audit.models import ActionLog
from maillage.people.models import Function, Mandate, Person
from maillage.spaces.models import RneImport, Role, Space, SpaceRole
from tests.people.factories import MandateFactory, UserFactory
from tests.people.test_rne import CM_HEADER, cm_row
from tests.territories.factories import CommuneFactory, EpciFactory, add_members

pytestmark = pytest.mark.django_db

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00"
    b"\x00\x00\x00IEND\xaeB`\x82"
)


def test_staff_open_a_space_for_an_epci_whose_communes_become_members(client):
    epci = EpciFactory(siren="200000172")
    add_members(epci, CommuneFactory.create_batch(3))
    staff = UserFactory(is_staff=True, first_name="Sam", last_name="Équipe")
    client.force_login(staff)

    response = client.post(
        reverse("spaces:open"),
        {"organisation_code": "200 000 172", "name": "CC du Faucigny", "presentation": "Bonjour",
         "logo": SimpleUploadedFile("logo.png", PNG, content_type="image/png")},
    )  # fmt: skip

    space = Space.objects.get()
    assert response["Location"] == "/espaces/cc-du-faucigny/"
    assert space.members.current().count() == 3
    assert SpaceRole.objects.get(space=space).role == Role.ADMIN
    assert SpaceRole.objects.get(space=space).person.user == staff
    assert space.logo.name.startswith("spaces/logos/")
    assertContains(client.get(response["Location"]), "Bonjour")


@pytest.mark.parametrize(
    "data, message",
    [
        ({"organisation_code": "999999999"}, "Aucune organisation n&#x27;a ce SIREN."),
        ({"name": ""}, "Ce champ est obligatoire."),
        ({"logo": SimpleUploadedFile("logo.png", b"<svg></svg>")}, "PNG, JPEG ou WebP"),
    ],
)
def test_a_bad_space_form_is_refused_in_french_and_keeps_what_was_typed(client, data, message):
    EpciFactory(siren="200000172")
    client.force_login(UserFactory(is_staff=True))
    form = {"organisation_code": "200000172", "name": "Mon espace", "presentation": "Texte"}
    response = client.post(reverse("spaces:open"), {**form, **data})
    assertContains(response, message)
    assertContains(response, "Texte")
    assert not Space.objects.exists()


def test_a_commune_cannot_open_a_space(client):
    commune = CommuneFactory(siren="217400423")
    client.force_login(UserFactory(is_staff=True))
    response = client.post(
        reverse("spaces:open"), {"organisation_code": commune.siren, "name": "Commune"}
    )
    assertContains(response, "pas pour une commune")


def test_an_operator_adds_members_of_any_kind_by_code(client, world, login):
    world.space.members.all().delete()
    login(world.admin)
    CommuneFactory(insee_code="01001")
    EpciFactory(siren="200011773")
    response = client.post(
        reverse("spaces:members", args=["cc-test"]), {"codes": "01001, 200011773\n74042"}
    )
    assert response.status_code == 302
    assert world.space.members.current().count() == 3


def test_unknown_member_codes_add_nothing_and_are_named(client, world, login):
    login(world.admin)
    response = client.post(reverse("spaces:members", args=["cc-test"]), {"codes": "01001 99999"})
    assertContains(response, "Codes inconnus, rien n&#x27;a été ajouté : 01001, 99999.")


def test_the_directory_shows_elus_to_everyone_but_agents_only_to_members(client, world, login):
    anonymous = client.get(reverse("spaces:directory", args=["cc-test"]))
    assertContains(anonymous, "Élise Maire")
    assertNotContains(anonymous, "Arno Agent")
    login(world.elu)
    assertContains(client.get(reverse("spaces:directory", args=["cc-test"])), "Arno Agent")


def test_the_directory_filters_by_commune_and_function(client, world):
    MandateFactory(organisation=world.epci, function=Function.PRESIDENT,
                   person__first_name="Paul", person__last_name="Président")  # fmt: skip
    url = reverse("spaces:directory", args=["cc-test"])
    by_commune = client.get(url, {"organisation": "74042"})
    assertContains(by_commune, "Élise Maire")
    assertNotContains(by_commune, "Paul Président")
    executive = client.get(url, {"fonction": "executif"})
    assertContains(executive, "Paul Président")
    assertNotContains(executive, "Élise Maire")


@pytest.mark.parametrize("count", [1, 50])
def test_the_directory_query_count_does_not_grow_with_its_length(
    client, world, django_assert_max_num_queries, count
):
    MandateFactory.create_batch(count, organisation=world.commune)
    with django_assert_max_num_queries(6):
        response = client.get(reverse("spaces:directory", args=["cc-test"]))
    assert len(response.context["page"].object_list) == min(count + 1, 50)


def test_a_public_profile_shows_no_birth_date_and_no_email_unless_chosen(client, world):
    world.elu.birth_date = "1965-03-12"
    world.elu.save()
    response = client.get(world.elu.get_absolute_url())
    assertContains(response, "Maire — ")
    assertNotContains(response, "1965")
    assertNotContains(response, world.elu.email)
    world.elu.show_email = True
    world.elu.save()
    assertContains(client.get(world.elu.get_absolute_url()), world.elu.email)


def test_my_space_lists_mandates_spaces_and_what_one_may_do(client, world, login):
    login(world.elu)
    response = client.get(reverse("people:my_space"))
    assertContains(response, "<strong>Maire</strong>", html=True)
    assertContains(response, "CC du Test")
    assertContains(response, "Voir les agents et les référents")
    assertNotContains(response, "Consulter le journal des actions")
    login(world.admin)
    assertContains(client.get(reverse("people:my_space")), "Consulter le journal des actions")


def test_an_admin_adds_an_agent_with_a_role_and_invites_them(
    client, world, login, django_capture_on_commit_callbacks
):
    login(world.admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("spaces:people", args=["cc-test"]),
            {"first_name": "Sophie", "last_name": "Secrétaire", "email": "Sophie@Mairie.test",
             "function": Function.SECRETAIRE_MAIRIE, "organisation_code": "74042",
             "role": Role.REFERENT, "invite": "on"},
        )  # fmt: skip
    assert response.status_code == 302
    sophie = Person.objects.get(last_name="Secrétaire")
    assert sophie.email == "sophie@mairie.test"
    assert sophie.mandates.get().organisation == world.commune
    assert world.space.roles.current().get(person=sophie).role == Role.REFERENT
    assert mail.outbox[0].subject == "Invitation à rejoindre l'espace CC du Test sur Maillage"
    assert "/connexion/lien/" in mail.outbox[0].body
    assert ActionLog.objects.filter(space=world.space, action="spaces.invite").exists()


def test_elus_are_not_added_by_hand_but_imported(client, world, login):
    login(world.admin)
    response = client.post(
        reverse("spaces:people", args=["cc-test"]),
        {"first_name": "A", "last_name": "B", "function": Function.MAIRE},
    )
    assertContains(response, "Sélectionnez un choix valide")


def test_an_invitation_without_an_email_is_refused_and_nothing_is_added(client, world, login):
    login(world.admin)
    response = client.post(
        reverse("spaces:people", args=["cc-test"]),
        {"first_name": "A", "last_name": "B", "function": Function.AGENT, "invite": "on"},
    )
    assertContains(response, "Une invitation demande une adresse électronique.")
    assert not Person.objects.filter(last_name="B").exists()


def test_the_last_admin_cannot_remove_their_own_role(client, world, login):
    login(world.admin)
    role = world.admin.space_roles.get()
    response = client.post(reverse("spaces:end_role", args=["cc-test", role.pk]), follow=True)
    assertContains(response, "C&#x27;est le dernier administrateur de l&#x27;espace")
    role.refresh_from_db()
    assert role.end_date is None


def test_an_admin_previews_then_imports_an_rne_file(
    client, world, login, django_capture_on_commit_callbacks
):
    login(world.admin)
    content = "\n".join(
        [CM_HEADER, cm_row(nom="NOUVEL", fonction="Maire"), cm_row(commune="99999")]
    )
    response = client.post(
        reverse("spaces:rne_upload", args=["cc-test"]),
        {"file": SimpleUploadedFile("rne-cm.csv", content.encode("latin-1"))},
    )
    preview_url = response["Location"]
    preview = client.get(preview_url)
    assertContains(preview, "1 ligne valide, 1 refusée")
    assertContains(preview, "Ligne 3 : commune inconnue du registre : 99999")
    assert not Mandate.objects.filter(person__last_name="NOUVEL").exists()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(preview_url)

    rne_import = RneImport.objects.get()
    assert rne_import.status == RneImport.Status.DONE
    assert Mandate.objects.filter(person__last_name="NOUVEL", function="maire").exists()
    report = client.get(preview_url)
    assertContains(report, "Mandats : 2 créé(s)")
    assertContains(report, "Ligne 3 : commune inconnue du registre : 99999")
    assert ActionLog.objects.filter(space=world.space, action="people.import_rne").exists()


def test_a_file_that_is_not_an_rne_export_is_explained(client, world, login):
    login(world.admin)
    response = client.post(
        reverse("spaces:rne_upload", args=["cc-test"]),
        {"file": SimpleUploadedFile("photo.csv", b"a;b\n1;2")},
    )
    assertContains(client.get(response["Location"]), "En-têtes non reconnus")


def test_the_journal_lists_the_space_actions_and_filters_them(client, world, login):
    login(world.admin)
    client.post(reverse("spaces:members", args=["cc-test"]), {"codes": "74042"})
    response = client.get(
        reverse("spaces:journal", args=["cc-test"]), {"action": "spaces.add_members"}
    )
    assertContains(response, "<td>Membres ajoutés</td>", html=True)


def test_a_person_without_the_right_is_told_what_they_would_need(client, world, login):
    login(world.elu)
    response = client.get(reverse("spaces:journal", args=["cc-test"]))
    assertContains(
        response, "Le journal est réservé aux administrateurs de l&#x27;espace.", status_code=403
    )


def test_an_anonymous_visitor_of_an_admin_page_is_sent_to_login(client, world):
    response = client.get(reverse("spaces:people", args=["cc-test"]))
    assert response["Location"] == "/connexion/?next=/espaces/cc-test/personnes/"


def test_the_api_lists_the_current_mandates_of_an_organisation(client, world):
    MandateFactory(organisation=world.commune, function=Function.ADJOINT, rank=1,
                   person__first_name="Ad", person__last_name="Joint")  # fmt: skip
    ended = MandateFactory(organisation=world.commune, end_date="2024-01-01",
                           person__last_name="Parti")  # fmt: skip
    data = client.get("/api/v1/organisations/74042/mandates/").json()
    assert data["count"] == 2
    assert [(m["person"], m["function"], m["function_label"]) for m in data["results"]] == [
        ("Élise Maire", "maire", "Maire"),
        ("Ad Joint", "adjoint", "1er adjoint au maire"),
    ]
    assert data["results"][0]["since"] == "2020-05-23"
    assert ended.person.last_name not in str(data)


def test_the_demo_space_is_a_real_grand_est_cc_with_fictitious_people(db, capsys):
    from django.core.management import call_command

    from tests.territories.factories import DepartementFactory, RegionFactory

    region = RegionFactory(insee_code="44", name="Grand Est")
    epci = EpciFactory(region=region, population_totale=15_000, name="CC de Démo")
    communes = [
        CommuneFactory(population_totale=9000),
        CommuneFactory(population_totale=6000, departement=DepartementFactory()),
    ]
    add_members(epci, communes)
    call_command("create_demo_space")
    call_command("create_demo_space")  # idempotent
    output = capsys.readouterr().out
    space = Space.objects.get(slug="demo")
    assert space.organisation == epci
    assert Space.objects.count() == 1
    assert "admin@demo.maillage.test" in output and "maire@demo.maillage.test" in output
    assert "référent d'une commune membre" in output and "referent-1@demo.maillage.test" in output
    assert "/connexion/lien/" in output
    assert Person.objects.filter(is_fictitious=False).count() == 0
    assert Mandate.objects.filter(function=Function.MAIRE).count() == 2


@pytest.mark.parametrize("count", [1, 50])
def test_the_space_list_pages_query_count_does_not_grow_with_their_length(
    client, world, login, django_assert_max_num_queries, count
):
    from maillage.audit.services import log_action
    from tests.people.factories import PersonFactory
    from tests.spaces.factories import SpaceFactory, add_space_members, give

    add_space_members(world.space, CommuneFactory.create_batch(count))
    for _ in range(count):
        give(world.space, PersonFactory(), Role.REFERENT, organisation=world.commune)
        log_action(actor=world.admin.user, action="spaces.update", obj=world.space,
                   space=world.space)  # fmt: skip
    SpaceFactory.create_batch(count)
    login(world.admin)
    for name, args in [("spaces:members", ["cc-test"]), ("spaces:people", ["cc-test"]),
                       ("spaces:journal", ["cc-test"]), ("spaces:list", [])]:  # fmt: skip
        with django_assert_max_num_queries(12):
            response = client.get(reverse(name, args=args))
        assert response.status_code == 200


def test_an_admin_records_a_suppleant_for_a_member_commune(client, world, login):
    login(world.admin)
    response = client.post(
        reverse("spaces:people", args=["cc-test"]),
        {"first_name": "Sam", "last_name": "Suppléant", "organisation_code": "74042",
         "function": Function.CONSEILLER_COMMUNAUTAIRE_SUPPLEANT},
    )  # fmt: skip
    assert response.status_code == 302
    mandate = Mandate.objects.get(person__last_name="Suppléant")
    assert (mandate.organisation, mandate.represents) == (world.epci, world.commune)
    assertContains(client.get(reverse("spaces:directory", args=["cc-test"])), "pour Bonneville")


def test_a_suppleant_must_represent_a_commune(client, world, login):
    login(world.admin)
    response = client.post(
        reverse("spaces:people", args=["cc-test"]),
        {"first_name": "Sam", "last_name": "Suppléant",
         "function": Function.CONSEILLER_COMMUNAUTAIRE_SUPPLEANT},
    )  # fmt: skip
    assertContains(response, "Un suppléant représente une commune membre")


def test_an_admin_sets_a_vice_presidents_delegation_shown_in_the_whos_who(client, world, login):
    vice = MandateFactory(organisation=world.epci, function=Function.VICE_PRESIDENT, rank=2,
                          person__first_name="Vera", person__last_name="Vice")  # fmt: skip
    login(world.admin)
    url = reverse("spaces:edit_mandate", args=["cc-test", vice.pk])
    response = client.post(url, {"delegation": "Finances et mutualisation"})
    assert response.status_code == 302
    page = client.get(reverse("spaces:directory", args=["cc-test"]))
    assertContains(page, "2e vice-président")
    assertContains(page, "Finances et mutualisation")
    assert ActionLog.objects.filter(action="spaces.set_delegation").exists()


def test_an_admin_cannot_invite_or_edit_someone_outside_the_space(client, world, login):
    login(world.admin)
    outsider_mandate = world.outsider.mandates.get()
    invite = client.post(reverse("spaces:invite", args=["cc-test", world.outsider.pk]))
    edit = client.get(reverse("spaces:edit_mandate", args=["cc-test", outsider_mandate.pk]))
    assert (invite.status_code, edit.status_code) == (404, 404)
    assert mail.outbox == []

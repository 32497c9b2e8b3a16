"""The authorisation matrix: every URL of the project, every role, the expected status.

A URL without a row here fails `test_every_url_has_a_row`: whoever adds a page says who may
open it. Later capabilities extend the table.
"""

import pytest
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver

from maillage.spaces.models import RneImport
from tests.bulletins.matrix import ROWS as BULLETINS_ROWS
from tests.catalogue.matrix import ROWS as CATALOGUE_ROWS
from tests.comments.matrix import ROWS as COMMENTS_ROWS
from tests.commissions.matrix import ROWS as COMMISSIONS_ROWS
from tests.dashboards.matrix import ROWS as DASHBOARDS_ROWS
from tests.discussions.matrix import ROWS as DISCUSSIONS_ROWS
from tests.experiences.matrix import ROWS as EXPERIENCES_ROWS
from tests.governance.matrix import ROWS as GOVERNANCE_ROWS
from tests.library.matrix import ROWS as LIBRARY_ROWS
from tests.meetings.matrix import ROWS as MEETINGS_ROWS
from tests.mutualisation.matrix import ROWS as MUTUALISATION_ROWS
from tests.needs.matrix import ROWS as NEEDS_ROWS
from tests.notifications.matrix import ROWS as NOTIFICATIONS_ROWS
from tests.opendata.matrix import ROWS as OPENDATA_ROWS
from tests.opinions.matrix import ROWS as OPINIONS_ROWS
from tests.polls.matrix import ROWS as POLLS_ROWS
from tests.portal.matrix import ROWS as PORTAL_ROWS
from tests.projects.matrix import ROWS as PROJECTS_ROWS
from tests.quality.matrix import ROWS as QUALITY_ROWS
from tests.referents.matrix import ROWS as REFERENTS_ROWS
from tests.roadmap.matrix import ROWS as ROADMAP_ROWS
from tests.surveys.matrix import ROWS as SURVEYS_ROWS

ROLES = ["anonymous", "outsider", "elu", "referent", "agent", "admin", "superuser"]

PUBLIC = (200,) * 7
MEMBERS_ONLY = (302, 200, 200, 200, 200, 200, 200)  # any logged-in person
ADMIN_ONLY = (302, 403, 403, 403, 403, 200, 200)
ADMIN_POST = (302, 403, 403, 403, 403, 302, 302)


def rne_import(world):
    item = RneImport.objects.create(space=world.space, original_name="rne.csv")
    item.file.save("rne.csv", ContentFile(b"Code de la commune;Nom\n"))
    return item.pk


# name → (method, path, expected statuses in ROLES order)
MATRIX = {
    "home": ("get", lambda w: "/", PUBLIC),
    "about": ("get", lambda w: "/a-propos/", PUBLIC),
    "api-index": ("get", lambda w: "/api/v1/", PUBLIC),
    "api-schema": ("get", lambda w: "/api/schema/", PUBLIC),
    "api-docs": ("get", lambda w: "/api/docs/", PUBLIC),
    "api-swagger": ("get", lambda w: "/api/essayer/", PUBLIC),
    "admin:index": ("get", lambda w: "/admin/", (302, 302, 302, 302, 302, 302, 200)),
    "territories:search": ("get", lambda w: "/recherche/?q=bonneville", PUBLIC),
    "territories:epci": ("get", lambda w: f"/epci/{w.epci.siren}/", PUBLIC),
    "territories:commune": ("get", lambda w: f"/communes/{w.commune.insee_code}/", PUBLIC),
    "organisation-list": ("get", lambda w: "/api/v1/organisations/", PUBLIC),
    "organisation-detail": ("get", lambda w: "/api/v1/organisations/74042/", PUBLIC),
    "organisation-mandates": ("get", lambda w: "/api/v1/organisations/74042/mandates/", PUBLIC),
    "people:login": ("get", lambda w: "/connexion/", PUBLIC),
    "people:login_link": ("get", lambda w: "/connexion/lien/jeton/", PUBLIC),
    "people:password_login": ("get", lambda w: "/connexion/mot-de-passe/", PUBLIC),
    "people:logout": ("post", lambda w: "/deconnexion/", (302,) * 7),
    "people:logout_everywhere": ("post", lambda w: "/deconnexion/partout/", (302,) * 7),
    "people:my_space": ("get", lambda w: "/mon-espace/", MEMBERS_ONLY),
    # The superuser has no person record: the profile form sends them back to "Mon espace".
    "people:edit_profile": ("get", lambda w: "/mon-espace/profil/", MEMBERS_ONLY[:-1] + (302,)),
    "people:profile": ("get", lambda w: f"/personnes/{w.elu.pk}/", PUBLIC),
    "spaces:list": ("get", lambda w: "/espaces/", PUBLIC),
    "spaces:open": ("get", lambda w: "/espaces/nouveau/", (302, 403, 403, 403, 403, 403, 200)),
    "spaces:home": ("get", lambda w: "/espaces/cc-test/", PUBLIC),
    "spaces:edit": ("get", lambda w: "/espaces/cc-test/modifier/", ADMIN_ONLY),
    "spaces:members": ("get", lambda w: "/espaces/cc-test/membres/", PUBLIC),
    "spaces:end_member": (
        "post",
        lambda w: f"/espaces/cc-test/membres/{w.space.members.first().pk}/retirer/",
        ADMIN_POST,
    ),
    "spaces:directory": ("get", lambda w: "/espaces/cc-test/annuaire/", PUBLIC),
    "spaces:people": ("get", lambda w: "/espaces/cc-test/personnes/", ADMIN_ONLY),
    "spaces:invite": (
        "post",
        lambda w: f"/espaces/cc-test/personnes/{w.elu.pk}/inviter/",
        ADMIN_POST,
    ),
    "spaces:end_role": (
        "post",
        lambda w: f"/espaces/cc-test/roles/{w.referent.space_roles.get().pk}/retirer/",
        ADMIN_POST,
    ),
    "spaces:edit_mandate": (
        "get",
        lambda w: f"/espaces/cc-test/mandats/{w.elu.mandates.get().pk}/delegation/",
        ADMIN_ONLY,
    ),
    "spaces:rne_upload": ("get", lambda w: "/espaces/cc-test/import-rne/", ADMIN_ONLY),
    "spaces:rne_import": (
        "get",
        lambda w: f"/espaces/cc-test/import-rne/{rne_import(w)}/",
        ADMIN_ONLY,
    ),
    "spaces:journal": ("get", lambda w: "/espaces/cc-test/journal/", ADMIN_ONLY),
}

MATRIX.update(MEETINGS_ROWS)
for rows in (
    DISCUSSIONS_ROWS,
    COMMISSIONS_ROWS,
    SURVEYS_ROWS,
    POLLS_ROWS,
    OPINIONS_ROWS,
    NOTIFICATIONS_ROWS,
    COMMENTS_ROWS,
    NEEDS_ROWS,
    CATALOGUE_ROWS,
    MUTUALISATION_ROWS,
    PROJECTS_ROWS,
    ROADMAP_ROWS,
    DASHBOARDS_ROWS,
    GOVERNANCE_ROWS,
    LIBRARY_ROWS,
    EXPERIENCES_ROWS,
    REFERENTS_ROWS,
    BULLETINS_ROWS,
    PORTAL_ROWS,
    OPENDATA_ROWS,
    QUALITY_ROWS,
):
    MATRIX.update(rows)


def url_names(resolver=None, namespace=""):
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                yield "admin:index"  # the admin guards its own pages (is_staff)
                continue
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from url_names(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}"


def test_every_url_has_a_row():
    names = set(url_names())
    assert names - MATRIX.keys() == set(), "Ajoutez ces adresses à la matrice des droits."
    assert MATRIX.keys() - names == set(), "Ces lignes ne correspondent à aucune adresse."


@pytest.mark.parametrize("role_index, role", list(enumerate(ROLES)))
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_each_role_gets_the_expected_status(client, world, name, role_index, role):
    method, path, expected = MATRIX[name]
    account = None if role == "anonymous" else getattr(world, role)
    if account is not None:
        client.force_login(getattr(account, "user", account))
    response = getattr(client, method)(path(world))
    assert response.status_code == expected[role_index], f"{role} sur {name}"
    if response.status_code == 403:
        assert "Accès refusé" in response.content.decode()

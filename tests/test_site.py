"""Site-wide pages: about, error pages, static assets."""

import pytest
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory
from django.urls import path

from maillage import views
from maillage.urls import urlpatterns as site_urlpatterns


def forbidden(request):
    raise PermissionDenied


def broken(request):
    raise RuntimeError("panne")


urlpatterns = [path("interdit/", forbidden), path("panne/", broken), *site_urlpatterns]
handler403 = "maillage.views.permission_denied"
handler500 = "maillage.views.server_error"


@pytest.mark.django_db
def test_the_about_page_explains_which_population_is_which(client):
    response = client.get("/a-propos/")
    assert "population totale" in response.content.decode()
    assert "population municipale" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.urls("tests.test_site")
def test_a_forbidden_page_is_explained_in_french(client):
    response = client.get("/interdit/")
    assert response.status_code == 403
    assert "Accès refusé" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.urls("tests.test_site")
def test_a_server_error_is_a_french_page(client):
    client.raise_request_exception = False
    response = client.get("/panne/")
    assert response.status_code == 500
    assert "Une erreur est survenue" in response.content.decode()


def test_an_api_server_error_is_json():
    response = views.server_error(RequestFactory().get("/api/v1/organisations/"))
    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"


@pytest.mark.django_db
def test_every_page_links_its_own_stylesheet_and_htmx_no_cdn(client):
    html = client.get("/").content.decode()
    assert '<link rel="stylesheet" href="/static/maillage/maillage.css">' in html
    assert '<script src="/static/django_htmx/' in html
    assert "https://" not in html

"""The 404 page: the view's own French reason when it gave one, never Django's English."""

import pytest

pytestmark = pytest.mark.django_db


def test_a_page_not_found_gives_the_views_french_reason_never_djangos_english(login, world):
    client = login(world.agent)
    response = client.get("/espaces/cc-test/qualite/rapports/1999/")  # the view's own reason
    assert response.status_code == 404
    assert "Un rapport d&#x27;activité porte sur une année passée" in response.content.decode()
    response = client.get("/espaces/cc-test/bulletin/999/")  # get_object_or_404
    page = response.content.decode()
    assert response.status_code == 404
    assert "matches the given query" not in page
    assert "La page demandée n'existe pas, ou plus" in page

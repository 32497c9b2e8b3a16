"""Uploading and removing the commune contours of the portal map."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from maillage.audit.models import ActionLog
from maillage.portal import services
from maillage.portal.models import CommuneMap

from .factories import feature, geojson_bytes, geojson_upload


def upload(world, content=None, actor=None, name="communes.geojson"):
    return services.upload_commune_map(
        actor=(actor or world.admin).user if actor is not world.superuser else actor,
        space=world.space,
        upload=geojson_upload(content, name=name),
    )


def test_an_admin_uploads_contours_and_only_member_communes_are_drawn(world):
    commune_map = upload(world)
    assert [s["code"] for s in commune_map.shapes] == ["74042", "74164"]
    assert commune_map.ignored_codes == ["01001"]
    assert commune_map.file.read().startswith(b'{"type": "FeatureCollection"')
    log = ActionLog.objects.get(action="portal.map_upload")
    assert log.space == world.space and log.data["communes"] == 2


def test_the_registry_name_is_shown_not_the_name_in_the_file(world):
    commune_map = upload(world, geojson_bytes(feature("74042", "BONNEVILLE (ancienne)")))
    assert commune_map.shapes[0]["name"] == "Bonneville"


def test_a_new_upload_archives_the_previous_map(world):
    first = upload(world)
    second = upload(world)
    first.refresh_from_db()
    assert first.archived_at is not None and second.archived_at is None
    assert CommuneMap.objects.current().get() == second


@pytest.mark.parametrize("role", ["elu", "agent", "referent", "outsider"])
def test_only_an_admin_uploads_a_map(world, role):
    with pytest.raises(services.PortalError, match="administrateurs"):
        upload(world, actor=getattr(world, role))
    assert not CommuneMap.objects.exists()


REFUSED = [
    (b"%PDF-1.4 not a map", "autre type"),
    (b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "autre type"),
    (b"{}", "FeatureCollection"),
    (geojson_bytes(feature("01001")), "Aucun contour du fichier ne correspond"),
]


@pytest.mark.parametrize(("content", "message"), REFUSED)
def test_a_wrong_file_is_refused_and_changes_nothing(world, content, message):
    kept = upload(world)
    with pytest.raises(services.PortalError, match=message):
        upload(world, content)
    assert CommuneMap.objects.current().get() == kept
    assert ActionLog.objects.filter(action="portal.map_upload").count() == 1


def test_a_file_over_the_limit_is_refused(world, monkeypatch):
    monkeypatch.setattr(services, "MAX_MAP_BYTES", 100)
    with pytest.raises(services.PortalError, match="la limite est de"):
        upload(world)


def test_no_file_is_refused(world):
    with pytest.raises(services.PortalError, match="Choisissez"):
        services.upload_commune_map(actor=world.admin.user, space=world.space, upload=None)


def test_a_file_named_geojson_but_a_zip_is_refused(world):
    zipped = SimpleUploadedFile("communes.geojson", b"PK\x03\x04" + b"\x00" * 60)
    with pytest.raises(services.PortalError, match="autre type"):
        services.upload_commune_map(actor=world.admin.user, space=world.space, upload=zipped)


def test_removing_the_map_archives_it_and_keeps_the_file(world):
    commune_map = upload(world)
    services.remove_commune_map(actor=world.admin.user, space=world.space)
    commune_map.refresh_from_db()
    assert commune_map.archived_at is not None and commune_map.file.name
    assert ActionLog.objects.filter(action="portal.map_remove").exists()


def test_removing_when_there_is_no_map_says_so(world):
    with pytest.raises(services.PortalError, match="pas de carte"):
        services.remove_commune_map(actor=world.admin.user, space=world.space)


def test_the_database_refuses_two_maps_in_service(world):
    from django.db import IntegrityError, transaction

    upload(world)
    first = CommuneMap.objects.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        CommuneMap.objects.create(space=world.space, width=1, height=1, file=first.file.name)

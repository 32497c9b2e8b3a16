"""Every change the portal makes: uploading the commune contours of a space's map and
removing them. Keyword-only arguments, the acting user as `actor`, one transaction, one line in
the action log; a refusal raises `PortalError` with a French message shown as it is."""

from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from maillage.audit.services import log_action
from maillage.spaces.models import SpaceMember
from maillage.uploads import real_type

from . import perms, rules
from .models import CommuneMap

MAX_MAP_BYTES = 10 * 1024 * 1024
# GeoJSON is text: `filetype` recognises no type in it. A file it does recognise (a zip, a
# PDF, an image…) is not GeoJSON, whatever its name.
TEXT_TYPES = {None, "application/json", "text/plain"}


class PortalError(Exception):
    """A change refused; the message is in French and shown as it is."""


def map_cache_key(commune_map) -> str:
    """A map never changes once uploaded: its id and upload time name its drawing for good."""
    return f"portal:map:{commune_map.pk}:{commune_map.uploaded_at.timestamp():.6f}"


def member_codes(space) -> dict[str, str]:
    """INSEE code → name of the space's current member communes."""
    return dict(
        SpaceMember.objects.current()
        .filter(space=space)
        .exclude(organisation__insee_code="")
        .values_list("organisation__insee_code", "organisation__name")
    )


def upload_commune_map(*, actor, space, upload) -> CommuneMap:
    """Read the GeoJSON file, keep the contours of the space's member communes, draw them and
    put the map in service (the previous one is archived)."""
    if not perms.can_manage_map(actor, space):
        raise PortalError(perms.NEED_MANAGE_MAP)
    if upload is None:
        raise PortalError("Choisissez un fichier GeoJSON.")
    if upload.size > MAX_MAP_BYTES:
        raise PortalError(
            f"Le fichier pèse {upload.size / 1024 / 1024:.1f} Mo : la limite est de "
            f"{MAX_MAP_BYTES // 1024 // 1024} Mo. Simplifiez les contours avant de l'envoyer."
        )
    if real_type(upload) not in TEXT_TYPES:
        raise PortalError(
            "Ce fichier n'est pas du GeoJSON (son contenu est d'un autre type, quel que soit "
            "son nom)."
        )
    raw = upload.read()
    try:
        contours = rules.read_geojson(raw)
    except rules.MapFileError as error:
        raise PortalError(str(error)) from None
    members = member_codes(space)
    kept = [c for c in contours if c.code in members]
    ignored = sorted(c.code for c in contours if c.code not in members)
    if not kept:
        raise PortalError(
            "Aucun contour du fichier ne correspond à une commune membre de l'espace (codes "
            "INSEE). Vérifiez que le fichier est celui de vos communes."
        )
    width, height, shapes = rules.draw(kept)
    # The file's names may be shortened or out of date: the registry's names are shown.
    drawn = [{"code": s.code, "name": members[s.code], "path": s.path} for s in shapes]
    try:
        with transaction.atomic():
            now = timezone.now()
            CommuneMap.objects.current().filter(space=space).update(archived_at=now)
            commune_map = CommuneMap(
                space=space,
                original_name=(getattr(upload, "name", "") or "contours.geojson")[-255:],
                width=width,
                height=height,
                shapes=drawn,
                ignored_codes=ignored,
                uploaded_by=actor if getattr(actor, "pk", None) else None,
            )
            commune_map.file.save("contours.geojson", ContentFile(raw), save=False)
            commune_map.save()
            log_action(
                actor=actor,
                action="portal.map_upload",
                obj=commune_map,
                space=space,
                data={
                    "file": commune_map.original_name,
                    "communes": len(drawn),
                    "ignored": len(ignored),
                },
            )
    except IntegrityError:
        raise PortalError(
            "Une autre carte vient d'être envoyée en même temps : rechargez la page."
        ) from None
    return commune_map


def remove_commune_map(*, actor, space) -> CommuneMap:
    """Take the map off the portal (archived: the file stays); the table of communes stays."""
    if not perms.can_manage_map(actor, space):
        raise PortalError(perms.NEED_MANAGE_MAP)
    with transaction.atomic():
        commune_map = CommuneMap.objects.current().filter(space=space).select_for_update().first()
        if commune_map is None:
            raise PortalError("Le portail n'a pas de carte des communes à retirer.")
        commune_map.archived_at = timezone.now()
        commune_map.save(update_fields=["archived_at"])
        log_action(actor=actor, action="portal.map_remove", obj=commune_map, space=space)
    cache.delete(map_cache_key(commune_map))
    return commune_map

"""Commune contours for the portal map: reading an uploaded GeoJSON file and drawing it as
SVG paths. Pure functions on plain values (no ORM, no request).

No tile server and no outside call: the map is only the contours the space uploaded,
projected on a plane (equirectangular, longitudes shrunk by the cosine of the middle
latitude, which is faithful enough at the scale of an intercommunality).
"""

import json
import math
import re
from dataclasses import dataclass

MAX_FEATURES = 3000
MAX_POINTS = 500_000
MAP_WIDTH = 1000
# Points closer than this (in map units, the map being MAP_WIDTH wide) are merged: the file of
# a large EPCI at IGN precision weighs megabytes, its drawing a few dozen kilobytes.
MIN_STEP = 0.8

INSEE_CODE_RE = re.compile(r"^(?:[0-9]{5}|2[AB][0-9]{3})$")
# Property names that hold the commune's INSEE code in the usual national files (IGN Admin
# Express, OpenStreetMap exports, geo.api.gouv.fr, Etalab contours).
CODE_KEYS = ("code", "code_insee", "insee", "insee_com", "codgeo", "com", "ref:insee", "inseecode")
NAME_KEYS = ("nom", "name", "nom_com", "libelle", "libgeo", "nom_officiel")


class MapFileError(ValueError):
    """The file cannot be used; the message is in French and shown as it is."""


@dataclass(frozen=True)
class Contour:
    """One commune's contour: its INSEE code, the name in the file, and its polygons, each a
    list of rings, each ring a list of (longitude, latitude)."""

    code: str
    name: str
    polygons: tuple


@dataclass(frozen=True)
class Shape:
    code: str
    name: str
    path: str


def _property(properties: dict, keys) -> str:
    lowered = {str(key).lower(): value for key, value in properties.items()}
    for key in keys:
        value = lowered.get(key)
        if value not in (None, ""):
            return str(value).strip()
    return ""


def _ring(raw, where: str) -> tuple:
    if not isinstance(raw, list) or len(raw) < 4:
        raise MapFileError(f"{where} : un contour doit compter au moins quatre points.")
    points = []
    for point in raw:
        if (
            not isinstance(point, list | tuple)
            or len(point) < 2
            or not all(isinstance(c, int | float) and not isinstance(c, bool) for c in point[:2])
        ):
            raise MapFileError(f"{where} : un point n'est pas une paire de nombres.")
        lon, lat = float(point[0]), float(point[1])
        if not (-180 <= lon <= 180 and -90 <= lat <= 90) or math.isnan(lon + lat):
            raise MapFileError(
                f"{where} : un point est hors des longitudes et latitudes possibles ; le fichier "
                "doit être en WGS 84 (degrés), pas en Lambert 93."
            )
        points.append((lon, lat))
    return tuple(points)


def _polygons(geometry, where: str) -> list:
    if not isinstance(geometry, dict):
        raise MapFileError(f"{where} : la géométrie manque.")
    kind, coordinates = geometry.get("type"), geometry.get("coordinates")
    if kind == "Polygon":
        coordinates = [coordinates]
    elif kind != "MultiPolygon":
        raise MapFileError(
            f"{where} : la géométrie est de type « {kind} » ; seuls les polygones "
            "(Polygon, MultiPolygon) dessinent une commune."
        )
    if not isinstance(coordinates, list) or not coordinates:
        raise MapFileError(f"{where} : la géométrie n'a pas de coordonnées.")
    polygons = []
    for polygon in coordinates:
        if not isinstance(polygon, list) or not polygon:
            raise MapFileError(f"{where} : un polygone est vide.")
        polygons.append(tuple(_ring(ring, where) for ring in polygon))
    return polygons


def read_geojson(raw: bytes) -> list[Contour]:
    """The contours of a GeoJSON FeatureCollection of communes, one per INSEE code (features
    of the same commune are merged), in the file's order. Raises MapFileError."""
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        raise MapFileError("Ce fichier n'est pas du GeoJSON lisible (JSON en UTF-8).") from None
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise MapFileError(
            "Le fichier doit être une collection d'entités GeoJSON (« FeatureCollection »)."
        )
    features = data.get("features")
    if not isinstance(features, list) or not features:
        raise MapFileError("Le fichier ne contient aucune commune.")
    if len(features) > MAX_FEATURES:
        raise MapFileError(f"Le fichier contient plus de {MAX_FEATURES} entités.")
    merged: dict[str, tuple[str, list]] = {}
    points = 0
    for index, feature in enumerate(features, start=1):
        where = f"Entité n° {index}"
        if not isinstance(feature, dict):
            raise MapFileError(f"{where} : ce n'est pas une entité GeoJSON.")
        properties = feature.get("properties") or {}
        if not isinstance(properties, dict):
            raise MapFileError(f"{where} : ses propriétés sont illisibles.")
        code = _property(properties, CODE_KEYS).upper()
        if len(code) == 4 and code.isdigit():  # a leading zero lost by a spreadsheet
            code = "0" + code
        if not INSEE_CODE_RE.match(code):
            raise MapFileError(
                f"{where} : aucun code INSEE de commune (propriété « code », « insee » ou "
                "« codgeo » de cinq caractères)."
            )
        name = _property(properties, NAME_KEYS)[:200]
        polygons = _polygons(feature.get("geometry"), f"{where} ({name or code})")
        points += sum(len(ring) for polygon in polygons for ring in polygon)
        if points > MAX_POINTS:
            raise MapFileError(
                f"Le fichier compte plus de {MAX_POINTS:,} points : simplifiez les contours "
                "(par exemple avec mapshaper) avant de l'envoyer.".replace(",", "\u202f")
            )
        if code in merged:
            merged[code][1].extend(polygons)
        else:
            merged[code] = (name, polygons)
    return [Contour(code, name, tuple(polygons)) for code, (name, polygons) in merged.items()]


def _fmt(value: float) -> str:
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def draw(contours: list[Contour], *, width: int = MAP_WIDTH) -> tuple[int, int, list[Shape]]:
    """(width, height, shapes): each contour as an SVG path in a box `width` wide, north up,
    with a small margin; rings of less than three distinct points after merging are left out."""
    if not contours:
        return width, width, []
    lons = [p[0] for c in contours for poly in c.polygons for ring in poly for p in ring]
    lats = [p[1] for c in contours for poly in c.polygons for ring in poly for p in ring]
    shrink = math.cos(math.radians((min(lats) + max(lats)) / 2))
    span_x = max((max(lons) - min(lons)) * shrink, 1e-9)
    span_y = max(max(lats) - min(lats), 1e-9)
    margin = width * 0.02
    scale = (width - 2 * margin) / max(span_x, span_y)
    height = math.ceil(span_y * scale + 2 * margin)
    real_width = math.ceil(span_x * scale + 2 * margin)
    west, north = min(lons), max(lats)

    def xy(point):
        return (margin + (point[0] - west) * shrink * scale, margin + (north - point[1]) * scale)

    shapes = []
    for contour in contours:
        parts = []
        for polygon in contour.polygons:
            for ring in polygon:
                kept = []
                for point in map(xy, ring):
                    if kept and math.dist(kept[-1], point) < MIN_STEP:
                        continue
                    kept.append(point)
                if len(kept) < 3:
                    continue
                coords = " ".join(f"{_fmt(x)} {_fmt(y)}" for x, y in kept)
                parts.append(f"M{coords}Z")
        if parts:
            shapes.append(Shape(contour.code, contour.name, "".join(parts)))
    return real_width, height, shapes

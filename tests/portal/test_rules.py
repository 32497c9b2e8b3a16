"""Reading and drawing commune contours: pure functions, tables of cases and hypothesis."""

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from maillage.portal import rules

from .factories import collection, feature, geojson_bytes, square


def test_a_feature_collection_gives_one_contour_per_commune():
    contours = rules.read_geojson(geojson_bytes(feature("74042", "Bonneville"), feature("2A004")))
    assert [(c.code, c.name) for c in contours] == [("74042", "Bonneville"), ("2A004", "")]


def test_two_features_of_the_same_commune_are_merged():
    contours = rules.read_geojson(
        geojson_bytes(feature("74042", lon=6.4), feature("74042", lon=6.5))
    )
    assert len(contours) == 1
    assert len(contours[0].polygons) == 2


@pytest.mark.parametrize("key", ["code", "insee", "INSEE_COM", "codgeo", "ref:INSEE"])
def test_the_insee_code_is_read_from_the_usual_property_names(key):
    (contour,) = rules.read_geojson(geojson_bytes(feature("74042", key=key)))
    assert contour.code == "74042"


def test_a_code_that_lost_its_leading_zero_is_repaired():
    (contour,) = rules.read_geojson(geojson_bytes(feature(1001)))
    assert contour.code == "01001"


def test_a_multipolygon_is_read():
    geometry = {"type": "MultiPolygon", "coordinates": [square(6.4, 46), square(6.6, 46)]}
    (contour,) = rules.read_geojson(geojson_bytes(feature("74042", geometry=geometry)))
    assert len(contour.polygons) == 2


BAD_FILES = [
    (b"\xff\xfe not utf-8", "GeoJSON lisible"),
    (b"{not json", "GeoJSON lisible"),
    (json.dumps({"type": "Feature"}).encode(), "FeatureCollection"),
    (json.dumps(collection()).encode(), "aucune commune"),
    (geojson_bytes(feature("")), "aucun code INSEE"),
    (geojson_bytes(feature("740")), "aucun code INSEE"),
    (
        geojson_bytes(feature("74042", geometry={"type": "Point", "coordinates": [6, 46]})),
        "« Point »",
    ),
    (
        geojson_bytes(
            feature("74042", geometry={"type": "Polygon", "coordinates": [[[6, 46], [7, 46]]]})
        ),
        "au moins quatre points",
    ),
    (
        geojson_bytes(
            feature(
                "74042",
                geometry={
                    "type": "Polygon",
                    "coordinates": [
                        [[950000, 6550000], [950100, 6550000], [950100, 6550100], [950000, 6550000]]
                    ],
                },  # fmt: skip
            )
        ),
        "Lambert 93",
    ),
    (
        geojson_bytes(
            feature(
                "74042",
                geometry={"type": "Polygon", "coordinates": [[["a", 46]] * 4]},
            )
        ),
        "paire de nombres",
    ),
]


@pytest.mark.parametrize(("content", "message"), BAD_FILES)
def test_a_file_that_cannot_be_drawn_is_refused_with_a_french_reason(content, message):
    with pytest.raises(rules.MapFileError, match=message):
        rules.read_geojson(content)


def test_too_many_points_are_refused(monkeypatch):
    monkeypatch.setattr(rules, "MAX_POINTS", 8)
    with pytest.raises(rules.MapFileError, match="simplifiez"):
        rules.read_geojson(geojson_bytes(feature("74042"), feature("74164")))


def test_the_drawing_keeps_north_up_and_fits_the_width():
    contours = rules.read_geojson(
        geojson_bytes(feature("74042", lon=6.4, lat=46.0), feature("74164", lon=6.4, lat=46.2))
    )
    width, height, shapes = rules.draw(contours)
    assert width <= rules.MAP_WIDTH and height <= rules.MAP_WIDTH
    first_y = float(shapes[0].path[1:].split()[1])
    second_y = float(shapes[1].path[1:].split()[1])
    assert first_y > second_y  # the southern commune is drawn lower


def test_points_closer_than_the_step_are_merged():
    ring = [[6.4 + i * 1e-7, 46.0] for i in range(50)] + [[6.5, 46.1], [6.4, 46.1], [6.4, 46.0]]
    contour = rules.Contour("74042", "", (([tuple(p) for p in ring],),))
    _, _, (shape,) = rules.draw([contour])
    assert shape.path.count(" ") < 20


coordinate = st.tuples(
    st.floats(min_value=-5, max_value=9, allow_nan=False),
    st.floats(min_value=41, max_value=51, allow_nan=False),
)


@given(st.lists(coordinate, min_size=1, max_size=20))
def test_every_drawn_point_lies_inside_the_box(corners):
    contours = [
        rules.Contour(f"{10000 + i:05d}", "", ((tuple(map(tuple, square(lon, lat, 0.1)[0])),),))
        for i, (lon, lat) in enumerate(corners)
    ]
    width, height, shapes = rules.draw(contours)
    for shape in shapes:
        numbers = [float(n) for n in shape.path.replace("M", " ").replace("Z", " ").split()]
        xs, ys = numbers[0::2], numbers[1::2]
        assert all(-0.1 <= x <= width + 0.1 for x in xs)
        assert all(-0.1 <= y <= height + 0.1 for y in ys)

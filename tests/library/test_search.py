"""The search wrapper, on whichever database runs the suite (SQLite by default, PostgreSQL in
CI and with scripts/with-postgres.sh): accents and plurals, visibility, filters, any input."""

import pytest
from django.db import connection

from maillage.library import search
from maillage.library.models import SearchEntry
from tests.spaces.factories import SpaceFactory

pytestmark = pytest.mark.django_db


def put(space, key, title, body, *, kind="etude", tags=(), is_public=False):
    search.index_entry(
        space=space,
        key=key,
        title=title,
        body=body,
        url=f"/{key}/",
        kind=kind,
        tags=tags,
        is_public=is_public,
    )


@pytest.fixture
def space(db):
    return SpaceFactory(slug="cc-recherche")


@pytest.mark.parametrize(
    "indexed, typed",
    [
        ("Les délibérations du conseil communautaire", "délibération"),
        ("Les délibérations du conseil communautaire", "deliberation"),
        ("La délibération du conseil", "deliberations"),
        ("La délibération du conseil", "DÉLIBÉRATIONS"),
        ("Schéma de mutualisation des services", "schemas"),
        ("Les communes membres", "commune"),
        ("Une commune rurale", "communes"),
        ("Travaux de voirie communautaires", "communautaire voirie"),
        ("Le pacte de gouvernance adopté", "pactes gouvernances"),
        ("Réunion de l'intercommunalité", "intercommunalite"),
        ("Équipements sportifs", "equipement"),
    ],
)
def test_accents_and_plurals_do_not_matter(space, indexed, typed):
    put(space, "k:1", "Document", indexed, is_public=True)
    results = search.search(space=space, query=typed)
    assert [r.key for r in results] == ["k:1"], (indexed, typed)


@pytest.mark.parametrize(
    "typed",
    [
        '"',
        '"délibération',
        "délibération*",
        "*",
        "-",
        "- - -",
        "NOT",
        "délibération OR NEAR(a b)",
        "AND",
        "(((",
        "'; DROP TABLE library_fts; --",
        "col:valeur",
        "^début",
        "a" * 5000,
        "\x00",
        "🙂 délibération",
        "",
        "   ",
    ],
)
def test_any_input_is_searched_without_error(space, typed):
    put(space, "k:1", "Délibération", "Une délibération du conseil", is_public=True)
    results = search.search(space=space, query=typed)
    assert results.total in (0, 1)
    assert SearchEntry.objects.count() == 1


def test_every_word_must_be_found(space):
    put(space, "a", "Voirie", "Travaux de voirie à Bonneville", is_public=True)
    put(space, "b", "Voirie", "Travaux de voirie à Marignier", is_public=True)
    assert [r.key for r in search.search(space=space, query="voirie bonneville")] == ["a"]
    assert {r.key for r in search.search(space=space, query="voirie")} == {"a", "b"}


def test_the_passage_marks_the_words_found_and_is_escaped(space):
    body = (
        "Préambule sans rapport. "
        * 30
        + "Le conseil adopte les délibérations <script>alert(1)</script> relatives à la voirie"
        " (si 3 < 5 & 2 > 1)."
    )
    put(space, "a", "Compte rendu", body, is_public=True)
    (result,) = search.search(space=space, query="deliberation")
    assert "<mark>délibérations</mark>" in result.passage
    assert "<" not in result.passage.replace("<mark>", "").replace("</mark>", "")


def test_a_title_weighs_more_than_a_body(space):
    put(space, "body", "Rapport annuel", "Il est question de voirie une fois.", is_public=True)
    put(space, "title", "Voirie communautaire", "Un rapport.", is_public=True)
    assert [r.key for r in search.search(space=space, query="voirie")][0] == "title"


def test_a_private_entry_never_appears_in_a_public_search(space, world):
    put(space, "private", "Étude confidentielle", "Le budget secret", is_public=False)
    put(space, "public", "Étude publique", "Le budget ouvert", is_public=True)
    assert [r.key for r in search.search(space=space, query="budget")] == ["public"]
    assert [r.key for r in search.search(space=space, query="budget", public_only=True)] == [
        "public"
    ]
    # An outsider (élu elsewhere) is no member of this space.
    assert [
        r.key for r in search.search(space=space, query="budget", user=world.outsider.user)
    ] == ["public"]


def test_members_find_members_entries_too(world):
    put(world.space, "private", "Étude", "Le budget secret", is_public=False)
    put(world.space, "public", "Étude", "Le budget ouvert", is_public=True)
    for person in (world.elu, world.agent, world.referent, world.admin):
        found = search.search(space=world.space, query="budget", user=person.user)
        assert {r.key for r in found} == {"private", "public"}
    found = search.search(space=world.space, query="budget", user=world.elu.user, public_only=True)
    assert [r.key for r in found] == ["public"]


def test_other_spaces_are_not_searched(space):
    other = SpaceFactory()
    put(other, "elsewhere", "Voirie", "voirie", is_public=True)
    assert search.search(space=space, query="voirie").total == 0


def test_kind_and_tag_filter_the_results(space):
    put(space, "a", "Voirie", "voirie", kind="etude", tags=["Routes", "Été 2026"], is_public=True)
    put(space, "b", "Voirie", "voirie", kind="guide", tags=["routes"], is_public=True)
    assert [r.key for r in search.search(space=space, query="voirie", kind="guide")] == ["b"]
    assert {r.key for r in search.search(space=space, query="voirie", tag="Routes")} == {"a", "b"}
    assert [r.key for r in search.search(space=space, query="voirie", tag="ete 2026")] == ["a"]
    assert search.search(space=space, query="voirie", tag="rout").total == 0


def test_indexing_again_replaces_and_removing_forgets(space):
    put(space, "a", "Voirie", "voirie", is_public=True)
    put(space, "a", "Budget", "budget", is_public=True)
    assert search.search(space=space, query="voirie").total == 0
    assert search.search(space=space, query="budget").total == 1
    search.remove_entry("a")
    search.remove_entry("a")  # twice is harmless
    assert search.search(space=space, query="budget").total == 0
    assert SearchEntry.objects.count() == 0


def test_results_come_by_pages_with_the_total(space):
    search.index_entries(
        search.Entry(space.pk, f"k:{i}", f"Note {i}", "voirie", "/", "etude", is_public=True)
        for i in range(45)
    )
    first = search.search(space=space, query="voirie", limit=20)
    last = search.search(space=space, query="voirie", limit=20, offset=40)
    assert (first.total, len(first), len(last)) == (45, 20, 5)
    assert not {r.key for r in first} & {r.key for r in last}


def test_bulk_indexing_replaces_by_key(space):
    put(space, "k:1", "Ancien", "ancien", is_public=True)
    search.index_entries([search.Entry(space.pk, "k:1", "Nouveau", "nouveau", "/", "etude")])
    assert SearchEntry.objects.get().title == "Nouveau"
    assert search.search(space=space, query="ancien").total == 0


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")
def test_on_postgresql_the_french_configuration_with_unaccent_is_used(space):
    put(space, "a", "Équipe", "Les délibérations prises", is_public=True)
    with connection.cursor() as cursor:
        cursor.execute("SELECT search_vector::text FROM library_searchentry")
        (vector,) = cursor.fetchone()
    assert "'deliber'" in vector and "'equip'" in vector
    (result,) = search.search(space=space, query="DÉLIBÉRATION")
    assert "<mark>délibérations</mark>" in result.passage


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite only")
def test_on_sqlite_the_fts5_table_holds_the_stems(space):
    put(space, "a", "Équipe", "Les délibérations prises", is_public=True)
    with connection.cursor() as cursor:
        cursor.execute("SELECT title, body FROM library_fts")
        assert cursor.fetchone() == ("equip", "deliber pris")

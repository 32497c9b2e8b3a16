"""The word-level diff and the comparison of two versions, article by article."""

import re

from hypothesis import given
from hypothesis import strategies as st

from maillage.governance.diffing import compare_snapshots, tokens, word_diff


def _strip(html, drop):
    """The text a reader gets after removing `drop` ("del" or "ins") parts and the markers."""
    html = re.sub(rf"<{drop}>.*?</{drop}>", "", html, flags=re.S)
    html = re.sub(r'<span class="visually-hidden">.*?</span>', "", html)
    html = re.sub(r"</?(ins|del)>", "", html)
    return (
        html.replace("&#x27;", "'")
        .replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", '"')
    )


def test_a_changed_word_is_deleted_and_inserted_with_markers_for_screen_readers():
    diff = word_diff("Le bureau se réunit chaque mois.", "Le bureau se réunit chaque semaine.")
    assert (
        '<del><span class="visually-hidden">[supprimé : </span>mois'
        '<span class="visually-hidden">]</span></del>' in diff.html
    )
    assert "[ajouté : </span>semaine" in diff.html
    assert (diff.inserted, diff.deleted) == (1, 1)


def test_identical_texts_have_no_difference():
    diff = word_diff("Un texte.", "Un texte.")
    assert not diff.changed
    assert "<ins>" not in diff.html and "<del>" not in diff.html


def test_markup_in_the_texts_is_shown_escaped_never_interpreted():
    diff = word_diff("Texte", "Texte <script>alert(1)</script>")
    assert "<script>" not in diff.html
    assert "&lt;script&gt;" in diff.html


def test_words_with_an_apostrophe_stay_whole():
    assert tokens("l'article d’intérêt") == ["l'article", " ", "d’intérêt"]


@given(st.text(max_size=200), st.text(max_size=200))
def test_the_diff_gives_back_the_old_text_without_insertions_and_the_new_without_deletions(a, b):
    html = word_diff(a, b).html
    assert _strip(html, "ins") == a
    assert _strip(html, "del") == b


def _snap(*articles):
    return {"articles": [{"id": i, "title": t, "text": x} for i, t, x in articles]}


def test_versions_compare_article_by_article_with_added_removed_and_changed():
    old = _snap((1, "Objet", "A"), (2, "Bureau", "B"), (3, "Fin", "C"))
    new = _snap((1, "Objet", "A"), (4, "Nouveau", "N"), (3, "Fin", "C modifié"))
    rows = compare_snapshots(old, new)
    assert [(r.key, r.change) for r in rows] == [
        ("1", "identique"),
        ("2", "supprime"),
        ("4", "ajoute"),
        ("3", "modifie"),
    ]
    assert rows[1].old_number == 2 and rows[1].new_number is None
    assert rows[3].diff.inserted == 1


def test_a_title_change_alone_counts_as_a_change():
    rows = compare_snapshots(_snap((1, "Avant", "A")), _snap((1, "Après", "A")))
    assert rows[0].change == "modifie"

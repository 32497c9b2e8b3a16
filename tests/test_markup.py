import pytest

from maillage.markup import render_markdown


@pytest.mark.parametrize(
    "text, expected",
    [
        ("**gras** et *italique*", "<p><strong>gras</strong> et <em>italique</em></p>"),
        ("# Titre", "<h3>Titre</h3>"),
        ("- un\n- deux", "<ul>\n<li>un</li>\n<li>deux</li>\n</ul>"),
    ],
)
def test_markdown_becomes_html(text, expected):
    assert render_markdown(text).strip() == expected


@pytest.mark.parametrize(
    "text",
    [
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        "[lien](javascript:alert(1))",
        '<a href="https://exemple.fr" onclick="alert(1)">x</a>',
    ],
)
def test_scripts_in_user_text_are_neutralised(text):
    html = render_markdown(text)
    assert "<script" not in html
    assert "<img" not in html
    assert "<a " not in html  # raw HTML is shown as text, never as a tag
    assert 'href="javascript' not in html


def test_links_open_safely():
    html = render_markdown("[Maillage](https://exemple.fr)")
    assert 'href="https://exemple.fr"' in html
    assert "noopener" in html

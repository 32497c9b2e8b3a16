"""Reading Markdown, DOCX and ODT into sections and articles; unreadable files refused with
the reason."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from maillage.governance.importing import ImportRefused, read_text, read_upload

from .files import docx, odt


def shape(parsed):
    return [(s.title, [(a.title, a.text) for a in s.articles]) for s in parsed.sections]


def test_markdown_level_one_headings_are_sections_and_deeper_ones_articles():
    parsed = read_text(
        "# Les instances\n\n## Le bureau\n\nIl se réunit.\n\n## La conférence\n\nDeux fois."
    )
    assert shape(parsed) == [
        ("Les instances", [("Le bureau", "Il se réunit."), ("La conférence", "Deux fois.")])
    ]


def test_headings_named_article_or_titre_follow_their_name_whatever_their_level():
    parsed = read_text(
        "## Titre I – Principes\n\n# Article 1 – Objet\n\nTexte.\n\n# Art. 2\n\nSuite."
    )
    assert shape(parsed) == [("Titre I – Principes", [("Objet", "Texte."), ("", "Suite.")])]


def test_a_file_with_one_level_of_headings_is_all_articles():
    parsed = read_text("# Objet\n\nA.\n\n# Durée\n\nB.")
    assert shape(parsed) == [("", [("Objet", "A."), ("Durée", "B.")])]


def test_text_before_any_heading_is_a_preamble_and_text_without_heading_one_article():
    assert shape(read_text("Vu le code.\n\n# Objet\n\nA.")) == [
        ("", [("Préambule", "Vu le code."), ("Objet", "A.")])
    ]
    assert shape(read_text("Un seul paragraphe.")) == [("", [("Préambule", "Un seul paragraphe.")])]


def test_paragraphs_of_an_article_are_kept_separated():
    parsed = read_text("# Objet\n\nPremier.\n\nSecond.")
    assert parsed.sections[0].articles[0].text == "Premier.\n\nSecond."


def test_a_docx_file_is_read_with_its_heading_styles():
    upload = docx(
        [
            ("Heading1", "Titre I – Gouvernance"),
            ("Heading2", "Article 1 – La conférence des maires"),
            ("", "Elle se réunit deux fois par an."),
            ("Titre2", "Article 2 – Le bureau"),
            ("", "Il comprend les vice-présidents."),
        ]
    )
    assert shape(read_upload(upload)) == [
        (
            "Titre I – Gouvernance",
            [
                ("La conférence des maires", "Elle se réunit deux fois par an."),
                ("Le bureau", "Il comprend les vice-présidents."),
            ],
        )
    ]


def test_an_odt_file_is_read_with_its_outline_levels():
    upload = odt(
        [(1, "Chapitre 1"), (2, "Objet"), (0, "La charte fixe."), (2, "Durée"), (0, "Six ans.")]
    )
    assert shape(read_upload(upload)) == [
        ("Chapitre 1", [("Objet", "La charte fixe."), ("Durée", "Six ans.")])
    ]


def test_a_markdown_upload_is_read_as_utf8():
    upload = SimpleUploadedFile("pacte.md", "# Objet\n\nDélibération.".encode())
    assert shape(read_upload(upload)) == [("", [("Objet", "Délibération.")])]


def _zip(members):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize(
    "name, content, reason",
    [
        ("pacte.docx", b"ceci n'est pas un zip", "n'en est pas un"),
        ("pacte.docx", _zip({"autre.txt": "x"}), "ni un document Word"),
        ("pacte.docx", _zip({"word/document.xml": "<w:document"}), "XML abîmé"),
        ("pacte.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 300, "image/png"),
        ("pacte.md", "Déjà vu".encode("latin-1"), "UTF-8"),
        ("pacte.md", b"   \n\n  ", "aucun texte"),
        ("vide.docx", None, "aucun texte"),
    ],
)
def test_an_unreadable_file_is_refused_with_the_reason(name, content, reason):
    upload = docx([("", "  ")], name) if content is None else SimpleUploadedFile(name, content)
    with pytest.raises(ImportRefused, match=reason):
        read_upload(upload)


def test_a_file_over_five_megabytes_is_refused():
    upload = SimpleUploadedFile("gros.md", b"a" * (5 * 1024 * 1024 + 1))
    with pytest.raises(ImportRefused, match="5 Mo"):
        read_upload(upload)

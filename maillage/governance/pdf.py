"""The PDF of a version (WeasyPrint, no outside fetch: see `maillage.meetings.pdf`)."""

from maillage.meetings.pdf import render_pdf


def version_context(document, version) -> dict:
    return {
        "space": document.space,
        "document": document,
        "version": version,
        "articles": numbered(version.snapshot),
    }


def numbered(snapshot: dict) -> list[dict]:
    """The articles of a snapshot with their number and, when it changes, their section."""
    rows, previous = [], None
    for number, article in enumerate(snapshot.get("articles", []), 1):
        section = article.get("section_title", "")
        rows.append(
            {**article, "number": number, "new_section": section if section != previous else ""}
        )
        previous = section
    return rows


def version_pdf(document, version) -> bytes:
    return render_pdf("governance/print/version.html", version_context(document, version))

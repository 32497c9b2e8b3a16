"""The PDFs of mutualisation: a statement (appel de contribution) and the annual
mutualisation report, printed by WeasyPrint with the meetings' local-only fetcher."""

from maillage.meetings.pdf import render_pdf

from .statements import statement_rows


def statement_pdf(statement) -> bytes:
    return render_pdf(
        "mutualisation/print/statement.html",
        {
            "space": statement.space,
            "statement": statement,
            "rows": statement_rows(statement),
            "service": statement.scenario.service,
        },
    )


def report_pdf(space, year: int, report, data: dict) -> bytes:
    return render_pdf(
        "mutualisation/print/report.html",
        {"space": space, "year": year, "report": report, **data},
    )

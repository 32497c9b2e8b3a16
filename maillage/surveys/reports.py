"""The results page's figures (read once, computed by `results`) and the streamed CSV export."""

import csv
from collections import defaultdict

from django.http import StreamingHttpResponse
from django.utils.safestring import mark_safe
from django.utils.text import slugify

from . import perms, results, rules
from .models import Answer, AnswerUnit, Response
from .services import spec_of

TEXTS_SHOWN = 5


def results_context(survey, user) -> dict:
    """Every question with its figures, chart(s), first texts and files, from one read of the
    answers (the query count does not grow with the number of answers)."""
    questions = list(survey.questions.order_by("position", "pk"))
    can_build = perms.can_build_surveys(user, survey.space)
    fields = ["question_id", "value", "file", "file_name", "id"]
    named = not survey.anonymous and can_build
    if named:
        fields += [
            "response__person__first_name",
            "response__person__last_name",
            "response__organisation__name",
        ]
    by_question = defaultdict(list)
    for row in Answer.objects.filter(response__survey=survey).order_by("id").values_list(*fields):
        by_question[row[0]].append(row)
    responses = survey.participations.count()
    blocks = []
    for position, question in enumerate(questions, start=1):
        spec = spec_of(question)
        rows = by_question.get(question.pk, [])
        values = [row[1] for row in rows if row[1] is not None]
        result = results.compute(spec, values)
        block = {
            "question": question,
            "position": position,
            "result": result,
            "skipped": responses - len(rows),
            "charts": [],
        }
        title = f"Question {position} : {question.label}"
        if spec.kind in rules.CHOICE_KINDS or spec.kind in (rules.SCALE, rules.DATE):
            block["charts"].append(("", mark_safe(results.bar_chart_svg(title, result.rows))))  # noqa: S308 — escaped by bar_chart_svg
        elif spec.kind == rules.MATRIX:
            for label, matrix_rows in result.matrix:
                svg = results.bar_chart_svg(f"{title} — {label}", matrix_rows)
                block["charts"].append((label, mark_safe(svg)))  # noqa: S308 — escaped
        elif spec.kind == rules.RANKING:
            total = sum(r.borda for r in result.ranking)
            points = [
                results.Row(r.label, r.borda, results.percent(r.borda, total))
                for r in result.ranking
            ]
            svg = results.bar_chart_svg(title, points, unit="points")
            block["charts"].append(("", mark_safe(svg)))  # noqa: S308 — escaped
        elif spec.kind in (rules.SHORT_TEXT, rules.LONG_TEXT):
            block["texts"] = values[:TEXTS_SHOWN]
            block["more_texts"] = len(values) > TEXTS_SHOWN
        elif spec.kind == rules.FILE:
            block["files"] = (
                None
                if not can_build
                else [
                    {
                        "id": row[4],
                        "name": row[3],
                        "author": f"{row[5]} {row[6]}".strip() + (f" ({row[7]})" if row[7] else "")
                        if named
                        else "",
                    }
                    for row in rows
                    if row[2]
                ]
            )
        block["answered"] = len(rows) if spec.kind == rules.FILE else len(values)
        blocks.append(block)
    return {"blocks": blocks, "responses": responses, "can_export": perms.can_export(user, survey)}


# --- CSV ---------------------------------------------------------------------------------------


class _Echo:
    def write(self, value):
        return value


def _safe(value: str) -> str:
    """A cell that a spreadsheet would read as a formula is prefixed with an apostrophe."""
    if value and value[0] in "=+-@\t\r":
        return "'" + value
    return value


def _cell(question, value, file_name="") -> str:
    if question.kind == rules.FILE:
        return file_name
    if value is None:
        return ""
    if question.kind == rules.MULTIPLE:
        return " ; ".join(value)
    if question.kind == rules.RANKING:
        return " ; ".join(f"{n}. {option}" for n, option in enumerate(value, start=1))
    return str(value)


def export_header(survey, questions) -> list[str]:
    if survey.anonymous:
        header = ["Réponse n°", "Date"]
    else:
        header = ["Date", "Modifiée le", "Personne"]
        if survey.answer_unit == AnswerUnit.ORGANISATION:
            header.append("Organisation")
    for position, question in enumerate(questions, start=1):
        if question.kind == rules.MATRIX:
            header += [f"Q{position}. {question.label} — {row}" for row in question.rows]
        else:
            header.append(f"Q{position}. {question.label}")
    return header


def export_rows(survey):
    """One row per response, one column per question (a matrix: one column per row). The
    responses of an anonymous survey are numbered in the order of their random keys."""
    questions = list(survey.questions.order_by("position", "pk"))
    yield export_header(survey, questions)
    responses = Response.objects.filter(survey=survey).prefetch_related("answers")
    if survey.anonymous:
        responses = responses.order_by("id")
    else:
        responses = responses.select_related("person", "organisation").order_by(
            "submitted_on", "person__last_name", "id"
        )
    for number, response in enumerate(responses.iterator(chunk_size=500), start=1):
        answers = {a.question_id: a for a in response.answers.all()}
        if survey.anonymous:
            row = [str(number), response.submitted_on.isoformat()]
        else:
            row = [
                response.submitted_on.isoformat(),
                response.updated_at.date().isoformat() if response.updated_at else "",
                response.person.full_name,
            ]
            if survey.answer_unit == AnswerUnit.ORGANISATION:
                row.append(response.organisation.name if response.organisation else "")
        for question in questions:
            answer = answers.get(question.pk)
            if question.kind == rules.MATRIX:
                value = answer.value if answer is not None and answer.value else {}
                row += [value.get(label, "") for label in question.rows]
            else:
                row.append(
                    _cell(question, answer.value, answer.file_name) if answer is not None else ""
                )
        yield [_safe(cell) for cell in row]


def csv_response(survey) -> StreamingHttpResponse:
    """All the answers as CSV (separator ";", UTF-8 with a BOM so that spreadsheets read the
    accents), streamed row by row."""
    writer = csv.writer(_Echo(), delimiter=";")

    def lines():
        yield "\ufeff"
        for row in export_rows(survey):
            yield writer.writerow(row)

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    name = slugify(survey.title)[:60] or "enquete"
    response["Content-Disposition"] = f'attachment; filename="enquete-{survey.pk}-{name}.csv"'
    return response

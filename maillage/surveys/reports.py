"""The results page's figures (read once, computed by `results`) and the streamed CSV export."""

import csv
from collections import defaultdict

from django.http import StreamingHttpResponse
from django.utils import timezone
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
    named = not survey.anonymous and can_build
    # Only what the figures need: no key (a UUID to convert per row), no author. The random
    # keys also order the texts: their order tells nothing of who wrote them.
    answers = Answer.objects.filter(response__survey=survey).order_by("id")
    by_question = defaultdict(list)
    for question_id, value in answers.values_list("question_id", "value"):
        by_question[question_id].append(value)
    files = defaultdict(list)
    if can_build and any(q.kind == rules.FILE for q in questions):
        fields = ["question_id", "id", "file_name"]
        if named:
            fields += [
                "response__person__first_name",
                "response__person__last_name",
                "response__organisation__name",
            ]
        for row in answers.exclude(file="").values_list(*fields):
            author = ""
            if named:
                author = f"{row[3]} {row[4]}".strip() + (f" ({row[5]})" if row[5] else "")
            files[row[0]].append({"id": row[1], "name": row[2], "author": author})
    responses = survey.participations.count()
    blocks = []
    for position, question in enumerate(questions, start=1):
        spec = spec_of(question)
        values = [value for value in by_question.get(question.pk, []) if value is not None]
        result = results.compute(spec, values)
        block = {"question": question, "position": position, "result": result, "charts": []}
        title = f"Question {position} : {question.label}"
        if spec.kind in rules.CHOICE_KINDS or spec.kind in (rules.SCALE, rules.DATE):
            block["charts"].append(("", results.bar_chart_svg(title, result.rows)))
        elif spec.kind == rules.MATRIX:
            for label, matrix_rows in result.matrix:
                svg = results.bar_chart_svg(f"{title} — {label}", matrix_rows)
                block["charts"].append((label, svg))
        elif spec.kind == rules.RANKING:
            total = sum(r.borda for r in result.ranking)
            points = [
                results.Row(r.label, r.borda, results.percent(r.borda, total))
                for r in result.ranking
            ]
            block["charts"].append(("", results.bar_chart_svg(title, points, unit="points")))
        elif spec.kind in (rules.SHORT_TEXT, rules.LONG_TEXT):
            block["texts"] = values[:TEXTS_SHOWN]
            block["more_texts"] = len(values) > TEXTS_SHOWN
        elif spec.kind == rules.FILE:
            block["files"] = files.get(question.pk, []) if can_build else None
        # bar_chart_svg escapes every text it writes.
        block["charts"] = [(label, mark_safe(svg)) for label, svg in block["charts"]]  # noqa: S308
        block["answered"] = (
            len(by_question.get(question.pk, [])) if spec.kind == rules.FILE else len(values)
        )
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
    responses = Response.objects.filter(survey=survey)
    if survey.anonymous:
        responses = responses.order_by("id").values_list("id", "submitted_on")
    else:
        responses = responses.order_by("submitted_on", "person__last_name", "id").values_list(
            "id",
            "submitted_on",
            "updated_at",
            "person__first_name",
            "person__last_name",
            "organisation__name",
        )
    number = 0
    # Read in chunks of 500 responses, their answers in one query per chunk (plain values:
    # no model instance per answer).
    for chunk in _chunks(responses.iterator(chunk_size=500), 500):
        answers = defaultdict(dict)
        for response_id, question_id, value, file_name in Answer.objects.filter(
            response_id__in=[r[0] for r in chunk]
        ).values_list("response_id", "question_id", "value", "file_name"):
            answers[response_id][question_id] = (value, file_name)
        for response in chunk:
            number += 1
            if survey.anonymous:
                row = [str(number), response[1].isoformat()]
            else:
                updated = timezone.localtime(response[2]).date().isoformat() if response[2] else ""
                row = [response[1].isoformat(), updated, f"{response[3]} {response[4]}".strip()]
                if survey.answer_unit == AnswerUnit.ORGANISATION:
                    row.append(response[5] or "")
            given = answers.get(response[0], {})
            for question in questions:
                value, file_name = given.get(question.pk, (None, ""))
                if question.kind == rules.MATRIX:
                    value = value or {}
                    row += [value.get(label, "") for label in question.rows]
                else:
                    row.append(_cell(question, value, file_name))
            yield [_safe(cell) for cell in row]


def _chunks(iterable, size):
    chunk = []
    for item in iterable:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


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

"""The surveys part of the bench: a survey of 10 questions of mixed types with 1,000 answers;
the live results page (median, p95, query count) and the streamed CSV export."""

import datetime
import random
import statistics
import sys
import time

ANSWERS = 1_000


def _survey():
    """A space of its own, a survey of 10 questions and 1,000 named responses, written with
    bulk inserts (the answering service is measured by the tests, not here)."""
    from django.utils import timezone
    from fixtures import bench_epci

    from maillage.people.models import Person, User
    from maillage.spaces.models import Space
    from maillage.surveys.models import (
        Answer,
        Participation,
        Question,
        QuestionKind,
        Response,
        Status,
        Survey,
        Target,
    )

    organisation = bench_epci("CC du banc d'essai des enquêtes")
    space = Space.objects.create(
        slug="bench-enquetes", name="Bench enquêtes", organisation=organisation
    )
    survey = Survey.objects.create(
        space=space,
        title="Besoins numériques des communes (bench)",
        deadline=timezone.now() + datetime.timedelta(days=30),
        target=Target.ALL,
        status=Status.OPEN,
    )
    tools = ["Messagerie", "Site web", "Parapheur", "Télétransmission", "GRC"]
    specs = [
        (QuestionKind.SINGLE, {"options": ["Oui", "Non", "Ne sait pas"]}),
        (QuestionKind.MULTIPLE, {"options": tools}),
        (QuestionKind.SCALE, {"scale_min": 1, "scale_max": 10}),
        (QuestionKind.RANKING, {"options": tools}),
        (QuestionKind.DATE, {}),
        (QuestionKind.MATRIX, {"rows": tools, "columns": ["Satisfait", "Moyen", "Pas satisfait"]}),
        (QuestionKind.SHORT_TEXT, {}),
        (QuestionKind.LONG_TEXT, {}),
        (QuestionKind.SINGLE, {"options": ["Moins de 500", "500 à 2 000", "Plus de 2 000"]}),
        (QuestionKind.SCALE, {"scale_min": 0, "scale_max": 5}),
    ]
    questions = [
        Question.objects.create(
            survey=survey, position=n, kind=kind, label=f"Question {n} ({kind})", **extra
        )
        for n, (kind, extra) in enumerate(specs, start=1)
    ]
    rng = random.Random(5)
    people = Person.objects.bulk_create(
        Person(first_name="Répondant", last_name=f"Bench {n}", is_fictitious=True)
        for n in range(ANSWERS)
    )
    Participation.objects.bulk_create(Participation(survey=survey, person=p) for p in people)
    today = timezone.localdate()
    responses = Response.objects.bulk_create(
        Response(survey=survey, person=p, submitted_on=today) for p in people
    )
    answers = []
    for response in responses:
        for question in questions:
            kind = question.kind
            if kind == QuestionKind.SINGLE:
                value = rng.choice(question.options)
            elif kind == QuestionKind.MULTIPLE:
                value = rng.sample(question.options, rng.randint(1, 3))
            elif kind == QuestionKind.SCALE:
                value = rng.randint(question.scale_min, question.scale_max)
            elif kind == QuestionKind.RANKING:
                value = rng.sample(question.options, len(question.options))
            elif kind == QuestionKind.DATE:
                value = (today + datetime.timedelta(days=rng.randint(0, 30))).isoformat()
            elif kind == QuestionKind.MATRIX:
                value = {row: rng.choice(question.columns) for row in question.rows}
            else:
                value = f"Réponse libre n° {rng.randint(1, 10_000)} : besoin d'accompagnement."
            answers.append(Answer(response=response, question=question, value=value))
    Answer.objects.bulk_create(answers, batch_size=1000)
    actor = User.objects.create(username="bench-surveys", is_superuser=True, is_staff=True)
    return space, survey, actor


def run(measure, repeat) -> tuple[list[str], list[tuple]]:
    """Returns the report's lines and the page rows to add to the table."""
    from django.test import Client

    print(f"Surveys: a survey of 10 questions with {ANSWERS} answers…", file=sys.stderr)
    start = time.perf_counter()
    space, survey, actor = _survey()
    setup_s = time.perf_counter() - start
    client = Client()
    client.force_login(actor)
    base = f"/espaces/{space.slug}/enquetes/{survey.pk}"
    rows = []
    for label, url in [
        (f"Survey results, 10 questions, {ANSWERS} answers", f"{base}/resultats/"),
        ("Survey list", f"/espaces/{space.slug}/enquetes/"),
    ]:
        print(f"  {label}: {url}", file=sys.stderr)
        rows.append((label, url, {}, measure(client, url, repeat, {})))
    export_times, size, lines_out = [], 0, 0
    for _ in range(max(3, min(repeat, 10))):
        begin = time.perf_counter()
        response = client.get(f"{base}/export.csv")
        content = b"".join(response.streaming_content)
        export_times.append((time.perf_counter() - begin) * 1000)
        size, lines_out = len(content), content.count(b"\n")
    lines = [
        f"- Survey of 10 questions (every type but the file) with {ANSWERS} answers, "
        f"written in {setup_s:.1f} s; CSV export of {lines_out - 1} responses "
        f"({size / 1024:.0f} KB, streamed): median {statistics.median(export_times):.0f} ms "
        f"over {len(export_times)} runs",
    ]
    return lines, rows


if __name__ == "__main__":
    print("Run through bench/run.py, which sets up a throw-away database.")

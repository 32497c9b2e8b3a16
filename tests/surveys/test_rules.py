"""The pure rules of surveys, with tables of cases."""

import datetime

import pytest

from maillage.surveys import rules
from maillage.surveys.rules import QuestionSpec, UploadInfo
from tests.surveys.factories import PDF_BYTES, PNG_BYTES, getlist

CHOICE = QuestionSpec(1, rules.SINGLE, "Équipés ?", required=True, options=("Oui", "Non"))
WHICH = QuestionSpec(
    2,
    rules.MULTIPLE,
    "Lesquels ?",
    required=True,
    options=("Messagerie", "Site", "Parapheur"),
    condition_question=1,
    condition_values=("Oui",),
)
WHY = QuestionSpec(
    3,
    rules.LONG_TEXT,
    "Pourquoi ?",
    required=True,
    condition_question=2,
    condition_values=("Parapheur",),
)
SCALE = QuestionSpec(4, rules.SCALE, "Satisfaction", scale_min=1, scale_max=5)
RANK = QuestionSpec(5, rules.RANKING, "Priorités", options=("A", "B", "C"), required=True)
MATRIX = QuestionSpec(
    6, rules.MATRIX, "Services", required=True, rows=("Mail", "Web"), columns=("Bien", "Mal")
)
DATE = QuestionSpec(7, rules.DATE, "Date souhaitée")
FILE = QuestionSpec(8, rules.FILE, "Schéma", required=True)
ALL = [CHOICE, WHICH, WHY, SCALE, RANK, MATRIX, DATE, FILE]

NOW = datetime.datetime(2025, 5, 15, 12, tzinfo=datetime.UTC)


@pytest.mark.parametrize(
    "status, deadline, expected",
    [
        ("ouverte", NOW + datetime.timedelta(minutes=1), True),
        ("ouverte", NOW, False),
        ("ouverte", NOW - datetime.timedelta(days=1), False),
        ("close", NOW + datetime.timedelta(days=1), False),
        ("brouillon", NOW + datetime.timedelta(days=1), False),
    ],
)
def test_a_survey_accepts_answers_only_while_open_and_before_its_deadline(
    status, deadline, expected
):
    assert rules.is_accepting(status, deadline, NOW) is expected


@pytest.mark.parametrize(
    "anonymous, accepting, expected",
    [(False, True, True), (True, True, False), (False, False, False), (True, False, False)],
)
def test_only_a_named_answer_can_be_changed_and_only_before_the_close(
    anonymous, accepting, expected
):
    assert rules.may_change_answer(anonymous=anonymous, accepting=accepting) is expected


@pytest.mark.parametrize(
    "values, expected",
    [
        ({}, False),
        ({1: "Non"}, False),
        ({1: "Oui"}, True),
    ],
)
def test_a_conditional_question_shows_only_for_the_given_single_answer(values, expected):
    assert rules.is_visible(WHICH, values) is expected


@pytest.mark.parametrize(
    "values, expected",
    [({2: ["Site"]}, False), ({2: ["Site", "Parapheur"]}, True), ({2: ["Parapheur"]}, True)],
)
def test_a_condition_on_a_multiple_choice_holds_if_any_chosen_option_matches(values, expected):
    assert rules.is_visible(WHY, values) is expected


def _complete(**extra):
    data = {
        "q1": "Oui",
        "q2": ["Messagerie", "Parapheur"],
        "q3": "Pour signer à distance",
        "q4": "4",
        "q5_0": "2",
        "q5_1": "1",
        "q5_2": "3",
        "q6_0": "Bien",
        "q6_1": "Mal",
        "q7": "2025-06-01",
    }
    data.update(extra)
    return data


def _file(content=PDF_BYTES, size=None, name="schema.pdf"):
    return UploadInfo(name, len(content) if size is None else size, content)


def test_a_complete_form_gives_each_question_its_value():
    parsed = rules.parse_answers(ALL, getlist(_complete()), {8: _file()})
    assert parsed.errors == {}
    assert parsed.values == {
        1: "Oui",
        2: ["Messagerie", "Parapheur"],
        3: "Pour signer à distance",
        4: 4,
        5: ["B", "A", "C"],
        6: {"Mail": "Bien", "Web": "Mal"},
        7: "2025-06-01",
    }
    assert list(parsed.files) == [8]


def test_a_required_question_left_empty_is_refused_in_french():
    parsed = rules.parse_answers(ALL, getlist(_complete(q1="")), {8: _file()})
    assert parsed.errors == {1: "Répondez à cette question : elle est obligatoire."}


def test_a_hidden_required_question_is_not_required_and_its_answer_is_ignored():
    data = _complete(q1="Non", q3="")
    parsed = rules.parse_answers(ALL, getlist(data), {8: _file()})
    assert parsed.errors == {}
    assert 2 not in parsed.values and 3 not in parsed.values


def test_a_visible_required_question_depending_on_another_is_required():
    parsed = rules.parse_answers(ALL, getlist(_complete(q3="")), {8: _file()})
    assert parsed.errors == {3: "Répondez à cette question : elle est obligatoire."}


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("q1", "Peut-être", "Choisissez l'une des réponses proposées."),
        ("q2", ["Messagerie", "Autre"], "Choisissez parmi les réponses proposées."),
        ("q4", "6", "Choisissez une valeur entre 1 et 5."),
        ("q4", "beaucoup", "Choisissez une valeur de l'échelle."),
        ("q5_2", "2", "Classez toutes les options, chacune à un rang différent de 1 à 3."),
        ("q5_2", "", "Classez toutes les options, chacune à un rang différent de 1 à 3."),
        ("q6_1", "", "Répondez pour chaque ligne : Web."),
        ("q6_1", "Moyen", "Choisissez l'une des colonnes proposées."),
        ("q7", "31/02/2025", "Saisissez une date valide (jj/mm/aaaa)."),
        ("q3", "x" * 10_001, "La réponse dépasse 10000 caractères."),
    ],
)
def test_invalid_values_are_refused_with_a_french_message(field, value, message):
    parsed = rules.parse_answers(ALL, getlist(_complete(**{field: value})), {8: _file()})
    assert list(parsed.errors.values()) == [message]


@pytest.mark.parametrize(
    "upload, message",
    [
        (_file(), None),
        (_file(PNG_BYTES, name="plan.png"), None),
        (_file(b"MZ\x90\x00" + b"\x00" * 60, name="schema.pdf"), "type de fichier"),
        (_file(b"just text, named as a PDF", name="schema.pdf"), "type de fichier"),
        (_file(size=10 * 1024 * 1024 + 1), "10 Mo"),
        (_file(b"", name="vide.pdf"), "vide"),
    ],
)
def test_a_file_is_checked_by_its_real_type_and_its_size(upload, message):
    error = rules.check_file(upload)
    if message is None:
        assert error is None
    else:
        assert message in error


def test_a_required_file_is_asked_for_unless_one_was_already_sent():
    assert rules.parse_answers(ALL, getlist(_complete())).errors == {
        8: "Joignez un fichier : cette question est obligatoire."
    }
    assert rules.parse_answers(ALL, getlist(_complete()), kept_files=frozenset({8})).errors == {}


def test_an_optional_ranking_or_matrix_left_empty_is_no_answer():
    rank = QuestionSpec(1, rules.RANKING, "R", options=("A", "B"))
    matrix = QuestionSpec(2, rules.MATRIX, "M", rows=("L",), columns=("a", "b"))
    parsed = rules.parse_answers([rank, matrix], getlist({}))
    assert parsed.values == {} and parsed.errors == {}


@pytest.mark.parametrize(
    "spec, earlier, message",
    [
        (QuestionSpec(1, rules.SINGLE, "Q", options=("Oui",)), [], "au moins deux options"),
        (QuestionSpec(1, rules.RANKING, "Q", options=("A", "A")), [], "même libellé"),
        (QuestionSpec(1, rules.MATRIX, "Q", rows=(), columns=("a", "b")), [], "une ligne"),
        (QuestionSpec(1, rules.MATRIX, "Q", rows=("L",), columns=("a",)), [], "deux colonnes"),
        (QuestionSpec(1, rules.SCALE, "Q", scale_min=5, scale_max=1), [], "L'échelle"),
        (QuestionSpec(1, rules.SCALE, "Q"), [], "minimum et le maximum"),
        (
            QuestionSpec(2, rules.SHORT_TEXT, "Q", condition_question=9, condition_values=("x",)),
            [CHOICE],
            "question à choix placée avant",
        ),
        (
            QuestionSpec(2, rules.SHORT_TEXT, "Q", condition_question=1, condition_values=()),
            [CHOICE],
            "la ou les réponses",
        ),
        (
            QuestionSpec(
                2, rules.SHORT_TEXT, "Q", condition_question=1, condition_values=("Peut-être",)
            ),
            [CHOICE],
            "options de la question choisie",
        ),
        (
            QuestionSpec(2, rules.SHORT_TEXT, "Q", condition_question=4, condition_values=("1",)),
            [SCALE],
            "question à choix",
        ),
    ],
)
def test_a_badly_built_question_is_refused_in_french(spec, earlier, message):
    errors = rules.check_question(spec, earlier)
    assert any(message in error for error in errors), errors


def test_a_well_built_conditional_question_is_accepted():
    assert rules.check_question(WHICH, [CHOICE]) == []


def test_a_condition_placed_after_its_question_is_broken():
    assert rules.broken_conditions([WHICH, CHOICE]) == [WHICH]
    assert rules.broken_conditions([CHOICE, WHICH]) == []


DEADLINE = datetime.datetime(2025, 6, 30, 18, tzinfo=datetime.UTC)


@pytest.mark.parametrize(
    "before, done, expected",
    [
        (datetime.timedelta(days=5), set(), (None, [])),
        (datetime.timedelta(days=3), set(), (3, [3])),
        (datetime.timedelta(days=2), set(), (3, [3])),
        (datetime.timedelta(days=2), {3}, (None, [])),
        (datetime.timedelta(hours=20), {3}, (1, [1])),
        # Opened late (or the command did not run): only the nearest step, the other is passed.
        (datetime.timedelta(hours=20), set(), (1, [3, 1])),
        (datetime.timedelta(hours=20), {3, 1}, (None, [])),
        (datetime.timedelta(0), set(), (None, [])),
        (-datetime.timedelta(hours=1), set(), (None, [])),
    ],
)
def test_reminders_are_due_3_days_and_1_day_before_the_deadline_once(before, done, expected):
    assert rules.due_reminder(DEADLINE, DEADLINE - before, done) == expected


def test_opening_needs_a_question_and_a_future_deadline():
    later = NOW + datetime.timedelta(days=1)
    assert rules.check_opening(questions=0, deadline=later, now=NOW).startswith("Ajoutez")
    assert "passée" in rules.check_opening(questions=2, deadline=NOW, now=NOW)
    assert rules.check_opening(questions=2, deadline=later, now=NOW) == ""

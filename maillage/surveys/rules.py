"""The rules of surveys as pure functions: which questions show, what an answer must be, when a
survey accepts answers, which reminders are due. No ORM, no request.

No article of the CGCT governs surveys: where the issue is silent, the choices below are
documented in docs/participation-enquetes.md (« Choix »).
"""

import datetime
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import filetype

SHORT_TEXT = "texte_court"
LONG_TEXT = "texte_long"
SINGLE = "choix_unique"
MULTIPLE = "choix_multiple"
SCALE = "echelle"
RANKING = "classement"
DATE = "date"
FILE = "fichier"
MATRIX = "matrice"
CHOICE_KINDS = {SINGLE, MULTIPLE}
KINDS_WITH_OPTIONS = {SINGLE, MULTIPLE, RANKING}

SHORT_TEXT_MAX = 300
LONG_TEXT_MAX = 10_000
FILE_MAX_BYTES = 10 * 1024 * 1024
FILE_HEAD_BYTES = 64 * 1024
FILE_TYPES = {
    "application/pdf": "PDF",
    "image/png": "PNG",
    "image/jpeg": "JPEG",
    "image/webp": "WebP",
    "application/vnd.oasis.opendocument.text": "ODT",
    "application/vnd.oasis.opendocument.spreadsheet": "ODS",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "DOCX",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "XLSX",
}
# Reminder steps, in days before the deadline (choice).
REMINDER_STEPS = (3, 1)
SCALE_BOUNDS = (-10, 100)
MAX_OPTIONS = 50


@dataclass(frozen=True)
class QuestionSpec:
    id: int
    kind: str
    label: str
    required: bool = False
    options: tuple[str, ...] = ()
    rows: tuple[str, ...] = ()
    columns: tuple[str, ...] = ()
    scale_min: int | None = None
    scale_max: int | None = None
    condition_question: int | None = None
    condition_values: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        return f"q{self.id}"


@dataclass(frozen=True)
class UploadInfo:
    """What the rules need to know about an uploaded file."""

    name: str
    size: int
    head: bytes


@dataclass
class Parsed:
    values: dict[int, object] = field(default_factory=dict)
    files: dict[int, UploadInfo] = field(default_factory=dict)
    errors: dict[int, str] = field(default_factory=dict)


# --- Answering -------------------------------------------------------------------------------


def is_accepting(status: str, deadline: datetime.datetime, now: datetime.datetime) -> bool:
    """A survey accepts answers while it is open and its deadline has not passed (the
    deadline itself is too late)."""
    return status == "ouverte" and now < deadline


def may_change_answer(*, anonymous: bool, accepting: bool) -> bool:
    """A named answer can be changed by its author until the close or the deadline (choice);
    an anonymous answer is final once sent, since nothing ties it to its author any more."""
    return accepting and not anonymous


def is_visible(spec: QuestionSpec, values: Mapping[int, object]) -> bool:
    """A conditional question shows only if its (earlier, single or multiple choice) question
    was answered with one of the given options. A question without a condition always shows."""
    if spec.condition_question is None:
        return True
    given = values.get(spec.condition_question)
    if given is None:
        return False
    chosen = set(given) if isinstance(given, list) else {given}
    return bool(chosen & set(spec.condition_values))


def check_file(upload: UploadInfo) -> str | None:
    """A file is at most 10 Mo and, by its content (not its name), a PDF, an image (PNG, JPEG,
    WebP) or an office document (ODT, ODS, DOCX, XLSX). Returns the French error or None."""
    if upload.size > FILE_MAX_BYTES:
        return "Le fichier dépasse 10 Mo : choisissez un fichier plus léger."
    if upload.size == 0:
        return "Le fichier est vide."
    kind = filetype.guess(upload.head)
    if kind is None or kind.mime not in FILE_TYPES:
        allowed = ", ".join(dict.fromkeys(FILE_TYPES.values()))
        return f"Ce type de fichier n'est pas accepté : envoyez un fichier {allowed}."
    return None


def _parse_one(spec: QuestionSpec, getlist: Callable[[str], list[str]]):
    """(value or None when unanswered, error or None) for one question from the form data."""
    raw = [v.strip() for v in getlist(spec.name) if v.strip()]
    if spec.kind in (SHORT_TEXT, LONG_TEXT):
        text = raw[0] if raw else ""
        limit = SHORT_TEXT_MAX if spec.kind == SHORT_TEXT else LONG_TEXT_MAX
        if len(text) > limit:
            return None, f"La réponse dépasse {limit} caractères."
        return (text or None), None
    if spec.kind == SINGLE:
        if not raw:
            return None, None
        if raw[0] not in spec.options:
            return None, "Choisissez l'une des réponses proposées."
        return raw[0], None
    if spec.kind == MULTIPLE:
        if any(v not in spec.options for v in raw):
            return None, "Choisissez parmi les réponses proposées."
        chosen = [o for o in spec.options if o in raw]
        return (chosen or None), None
    if spec.kind == SCALE:
        if not raw:
            return None, None
        try:
            number = int(raw[0])
        except ValueError:
            return None, "Choisissez une valeur de l'échelle."
        if not spec.scale_min <= number <= spec.scale_max:
            return None, f"Choisissez une valeur entre {spec.scale_min} et {spec.scale_max}."
        return number, None
    if spec.kind == RANKING:
        ranks = {}
        for index, option in enumerate(spec.options):
            given = [v.strip() for v in getlist(f"{spec.name}_{index}") if v.strip()]
            if given:
                ranks[option] = given[0]
        if not ranks:
            return None, None
        n = len(spec.options)
        try:
            numbers = {option: int(rank) for option, rank in ranks.items()}
        except ValueError:
            return None, f"Donnez à chaque option un rang entre 1 et {n}."
        if len(numbers) != n or sorted(numbers.values()) != list(range(1, n + 1)):
            return None, f"Classez toutes les options, chacune à un rang différent de 1 à {n}."
        return sorted(spec.options, key=lambda option: numbers[option]), None
    if spec.kind == DATE:
        if not raw:
            return None, None
        try:
            day = datetime.date.fromisoformat(raw[0])
        except ValueError:
            return None, "Saisissez une date valide (jj/mm/aaaa)."
        return day.isoformat(), None
    if spec.kind == MATRIX:
        chosen = {}
        for index, row in enumerate(spec.rows):
            given = [v.strip() for v in getlist(f"{spec.name}_{index}") if v.strip()]
            if given:
                if given[0] not in spec.columns:
                    return None, "Choisissez l'une des colonnes proposées."
                chosen[row] = given[0]
        if not chosen:
            return None, None
        if spec.required and len(chosen) != len(spec.rows):
            missing = [row for row in spec.rows if row not in chosen]
            return chosen, "Répondez pour chaque ligne : " + ", ".join(missing) + "."
        return chosen, None
    raise ValueError(f"Type de question inconnu : {spec.kind}")


def parse_answers(
    specs: list[QuestionSpec],
    getlist: Callable[[str], list[str]],
    uploads: Mapping[int, UploadInfo | None] | None = None,
    kept_files: frozenset[int] = frozenset(),
) -> Parsed:
    """Read and check the answers of a form, in the order of the questions.

    A question hidden by its condition is ignored (its answer is dropped, and if it is
    required it is not required). A required question without an answer is refused, in
    French. `kept_files` are file questions that already have a file (changing an answer
    keeps the file unless a new one is sent)."""
    uploads = uploads or {}
    parsed = Parsed()
    for spec in specs:
        if not is_visible(spec, parsed.values):
            continue
        if spec.kind == FILE:
            upload = uploads.get(spec.id)
            if upload is not None:
                error = check_file(upload)
                if error:
                    parsed.errors[spec.id] = error
                else:
                    parsed.files[spec.id] = upload
            elif spec.required and spec.id not in kept_files:
                parsed.errors[spec.id] = "Joignez un fichier : cette question est obligatoire."
            continue
        value, error = _parse_one(spec, getlist)
        if error:
            parsed.errors[spec.id] = error
            continue
        if value is None:
            if spec.required:
                parsed.errors[spec.id] = "Répondez à cette question : elle est obligatoire."
            continue
        parsed.values[spec.id] = value
    return parsed


# --- Building --------------------------------------------------------------------------------


def check_question(spec: QuestionSpec, earlier: list[QuestionSpec]) -> list[str]:
    """What is wrong with a question as the builder wrote it (French messages): choices need
    two distinct options, a matrix rows and two columns, a scale min < max within bounds; a
    condition points to an earlier single/multiple choice question and to its options."""
    errors = []
    if spec.kind in KINDS_WITH_OPTIONS:
        if len(spec.options) < 2:
            errors.append("Donnez au moins deux options, une par ligne.")
        if len(set(spec.options)) != len(spec.options):
            errors.append("Deux options portent le même libellé.")
        if len(spec.options) > MAX_OPTIONS:
            errors.append(f"Pas plus de {MAX_OPTIONS} options.")
    if spec.kind == MATRIX:
        if not spec.rows:
            errors.append("Donnez au moins une ligne au tableau.")
        if len(spec.columns) < 2:
            errors.append("Donnez au moins deux colonnes au tableau.")
        if len(set(spec.rows)) != len(spec.rows) or len(set(spec.columns)) != len(spec.columns):
            errors.append("Deux lignes ou deux colonnes portent le même libellé.")
    if spec.kind == SCALE:
        low, high = spec.scale_min, spec.scale_max
        if low is None or high is None:
            errors.append("Indiquez le minimum et le maximum de l'échelle.")
        elif not SCALE_BOUNDS[0] <= low < high <= SCALE_BOUNDS[1]:
            errors.append(
                f"L'échelle va d'un minimum à un maximum plus grand, entre {SCALE_BOUNDS[0]} "
                f"et {SCALE_BOUNDS[1]}."
            )
    if spec.condition_question is not None:
        target = next((q for q in earlier if q.id == spec.condition_question), None)
        if target is None or target.kind not in CHOICE_KINDS:
            errors.append("La condition porte sur une question à choix placée avant celle-ci.")
        elif not spec.condition_values:
            errors.append("Indiquez la ou les réponses qui font apparaître la question.")
        elif not set(spec.condition_values) <= set(target.options):
            errors.append(
                "Les réponses de la condition doivent être des options de la question choisie."
            )
    return errors


def broken_conditions(specs: list[QuestionSpec]) -> list[QuestionSpec]:
    """Questions whose condition no longer points to an earlier choice question (after a
    reorder): they must be fixed before the survey opens."""
    broken = []
    for index, spec in enumerate(specs):
        if spec.condition_question is not None and check_question(spec, specs[:index]):
            broken.append(spec)
    return broken


def check_opening(*, questions: int, deadline: datetime.datetime, now: datetime.datetime) -> str:
    """A survey opens with at least one question and a deadline in the future."""
    if questions == 0:
        return "Ajoutez au moins une question avant d'ouvrir l'enquête."
    if deadline <= now:
        return "La date limite est passée : reportez-la avant d'ouvrir l'enquête."
    return ""


# --- Reminders -------------------------------------------------------------------------------


def due_reminder(
    deadline: datetime.datetime,
    now: datetime.datetime,
    done: set[int],
    steps: tuple[int, ...] = REMINDER_STEPS,
) -> tuple[int | None, list[int]]:
    """Which reminder to send now, and which steps to record as done.

    A step of N days is due once less than N days remain before the deadline (and the deadline
    has not passed). When several steps are due at once (a survey opened late, or the command
    did not run), only the nearest one is sent and the others are recorded as passed: nobody
    gets two reminders in a row (choice). A recorded step is never sent again."""
    if now >= deadline:
        return None, []
    remaining = deadline - now
    due = [s for s in steps if s not in done and remaining <= datetime.timedelta(days=s)]
    if not due:
        return None, []
    return min(due), sorted(due, reverse=True)

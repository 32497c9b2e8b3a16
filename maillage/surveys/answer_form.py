"""What the answer page shows for each question, filled with what was sent (a refused form comes
back as it was typed) or with the stored answer (a named answer being changed)."""

from dataclasses import dataclass, field

from . import rules


@dataclass
class Item:
    question: object
    name: str
    error: str = ""
    condition_text: str = ""
    text: str = ""
    choices: list = field(default_factory=list)  # (index, option, checked)
    points: list = field(default_factory=list)  # (value, label, checked)
    ranks: list = field(default_factory=list)  # (index, option, rank as str)
    rank_numbers: list = field(default_factory=list)
    matrix: list = field(default_factory=list)  # (index, row, [(column index, column, checked)])
    kept_file: str = ""
    kept_file_id: str = ""

    @property
    def described_by(self) -> str:
        ids = []
        if self.question.help_text:
            ids.append(f"{self.name}-aide")
        if self.condition_text:
            ids.append(f"{self.name}-condition")
        if self.error:
            ids.append(f"{self.name}-erreur")
        return " ".join(ids)


def _quote_join(values) -> str:
    quoted = [f"« {v} »" for v in values]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " ou " + quoted[-1]


def answer_items(questions, *, getlist=None, stored=None, errors=None) -> list[Item]:
    stored = stored or {}
    errors = errors or {}
    positions = {q.pk: index for index, q in enumerate(questions, start=1)}
    items = []
    for question in questions:
        name = question.field_name
        item = Item(question=question, name=name, error=errors.get(question.pk, ""))
        if question.condition_question_id:
            item.condition_text = (
                f"À remplir seulement si vous avez répondu {_quote_join(question.condition_values)}"
                f" à la question {positions.get(question.condition_question_id, '?')}."
            )
        answer = stored.get(question.pk)
        value = answer.value if answer is not None else None

        def sent(key=name):
            return [v for v in getlist(key) if v.strip()] if getlist else []

        kind = question.kind
        if kind in (rules.SHORT_TEXT, rules.LONG_TEXT, rules.DATE):
            item.text = (sent() or [""])[0] if getlist else (value or "")
        elif kind in rules.CHOICE_KINDS:
            if getlist:
                chosen = set(sent())
            elif isinstance(value, list):
                chosen = set(value)
            else:
                chosen = {value} if value else set()
            item.choices = [(i, o, o in chosen) for i, o in enumerate(question.options)]
        elif kind == rules.SCALE:
            chosen = (sent() or [""])[0] if getlist else ("" if value is None else str(value))
            item.points = []
            for n in range(question.scale_min, question.scale_max + 1):
                label = str(n)
                if n == question.scale_min and question.min_label:
                    label += f" ({question.min_label})"
                if n == question.scale_max and question.max_label:
                    label += f" ({question.max_label})"
                item.points.append((n, label, str(n) == chosen))
        elif kind == rules.RANKING:
            item.rank_numbers = [str(n) for n in range(1, len(question.options) + 1)]
            ranked = value if isinstance(value, list) else []
            for index, option in enumerate(question.options):
                if getlist:
                    rank = (sent(f"{name}_{index}") or [""])[0]
                else:
                    rank = str(ranked.index(option) + 1) if option in ranked else ""
                item.ranks.append((index, option, rank))
        elif kind == rules.MATRIX:
            given = value if isinstance(value, dict) else {}
            for index, row in enumerate(question.rows):
                if getlist:
                    chosen = (sent(f"{name}_{index}") or [""])[0]
                else:
                    chosen = given.get(row, "")
                item.matrix.append(
                    (
                        index,
                        row,
                        [(c, col, col == chosen) for c, col in enumerate(question.columns)],
                    )
                )
        elif kind == rules.FILE and answer is not None:
            item.kept_file = answer.file_name
            item.kept_file_id = str(answer.pk)
        items.append(item)
    return items

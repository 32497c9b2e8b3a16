"""The rules of governance documents, as pure functions on plain values (no ORM, no request):
the workflow's steps, the legal dates of the pacte de gouvernance, the reminders, whether an
amendment conflicts, and the numbering of articles.

Points marked *(choice)* are where the law is silent (see docs/gouvernance-documents.md).
Errors are `ValueError`s with a French message a page shows as it is.
"""

import datetime
import re
from dataclasses import dataclass
from enum import StrEnum

from maillage.opinions.rules import add_months

PACTE = "pacte_gouvernance"
SCHEMA = "schema_mutualisation"


class Stage(StrEnum):
    DRAFT = "brouillon"
    CONTRIBUTIONS = "contributions"
    CONSULTATION = "consultation"
    FINAL = "finale"
    ADOPTED = "adopte"
    IN_FORCE = "en_vigueur"


class AmendmentKind(StrEnum):
    REPLACE = "remplacer"
    INSERT_AFTER = "inserer_apres"
    DELETE = "supprimer"


PUBLIC_STAGES = (Stage.ADOPTED.value, Stage.IN_FORCE.value)
# Where the text may still change: by the rapporteur's hand, or by amendments.
EDITABLE_STAGES = (Stage.DRAFT, Stage.CONTRIBUTIONS, Stage.FINAL)

# The workflow: from each step, the steps one may go to.
TRANSITIONS = {
    Stage.DRAFT: (Stage.CONTRIBUTIONS, Stage.CONSULTATION, Stage.FINAL),
    Stage.CONTRIBUTIONS: (Stage.CONSULTATION, Stage.FINAL),
    Stage.CONSULTATION: (Stage.FINAL,),
    Stage.FINAL: (Stage.ADOPTED,),
    Stage.ADOPTED: (Stage.IN_FORCE, Stage.DRAFT),
    Stage.IN_FORCE: (Stage.DRAFT,),
}
STAGE_LABELS = {
    Stage.DRAFT: "Projet en rédaction",
    Stage.CONTRIBUTIONS: "Ouvert aux contributions",
    Stage.CONSULTATION: "Soumis à l'avis des conseils municipaux",
    Stage.FINAL: "Version finale",
    Stage.ADOPTED: "Adopté",
    Stage.IN_FORCE: "En vigueur",
}
WORKFLOW = tuple(STAGE_LABELS)


def consultation_required(kind: str) -> bool:
    """The pacte de gouvernance is adopted "after the opinion of the municipal councils"
    (L5211-11-2): it cannot skip the consultation. The mutualisation scheme follows the report
    of L5211-39-1 (3 months, silence favourable) *(choice: consultation required too)*. Other
    documents may go to the final version without it *(choice)*."""
    return kind in (PACTE, SCHEMA)


def check_transition(
    kind: str,
    current: Stage | str,
    target: Stage | str,
    *,
    consulted: bool = False,
) -> None:
    """Raise a French `ValueError` if the document may not go from `current` to `target`.
    A revision (back to the draft) starts a new cycle from an adopted or in-force text."""
    current, target = Stage(current), Stage(target)
    if target not in TRANSITIONS[current]:
        raise ValueError(
            f"Un document « {STAGE_LABELS[current].lower()} » ne peut pas passer à l'étape "
            f"« {STAGE_LABELS[target].lower()} »."
        )
    if target == Stage.FINAL and consultation_required(kind) and not consulted:
        raise ValueError(
            "Ce document est soumis à l'avis des conseils municipaux avant sa version finale "
            "(article L5211-11-2 du CGCT pour le pacte de gouvernance)."
        )


def check_contributions_end(until: datetime.date | None, today: datetime.date) -> None:
    """Contributions open until a day after today *(choice: at least one full day)*."""
    if until is None:
        raise ValueError("Indiquez jusqu'à quand les contributions sont ouvertes.")
    if until <= today:
        raise ValueError(
            f"La fin des contributions ({until:%d/%m/%Y}) doit venir après aujourd'hui "
            f"({today:%d/%m/%Y})."
        )


def contributions_open(
    stage: Stage | str, until: datetime.date | None, today: datetime.date
) -> bool:
    """Amendments are proposed, supported and withdrawn during the contribution phase, until
    its last day included."""
    return Stage(stage) == Stage.CONTRIBUTIONS and until is not None and today <= until


def adoption_allowed(
    opinion_deadline: datetime.date | None, all_answered: bool, today: datetime.date
) -> bool:
    """The final version follows the consultation once every council answered or the
    two-month delay ran out: silence does not stop the procedure (L5211-11-2)."""
    if opinion_deadline is None:
        return True
    return all_answered or today > opinion_deadline


@dataclass(frozen=True)
class PacteDates:
    """The legal calendar of a pacte de gouvernance from the general renewal (L5211-11-2).

    - `debate_by`: the council debates whether to draft a pacte "after each general renewal";
      the law sets no day *(choice: within 3 months, so that the rest fits in the 9 months)*.
    - `send_by`: the last day to send the draft to the councils so that their two months end
      by the adoption deadline.
    - `adopt_by`: adoption within nine months of the renewal.
    """

    renewal: datetime.date
    debate_by: datetime.date
    send_by: datetime.date
    adopt_by: datetime.date


def pacte_dates(renewal: datetime.date) -> PacteDates:
    adopt_by = add_months(renewal, 9)
    return PacteDates(
        renewal=renewal,
        debate_by=add_months(renewal, 3),
        send_by=add_months(renewal, 7),
        adopt_by=adopt_by,
    )


# Days before a legal date when the agents and admins are reminded (0: the day itself).
REMINDER_DAYS = (30, 7, 1, 0)


@dataclass(frozen=True)
class Reminder:
    key: str
    day: datetime.date
    days_left: int
    message: str


def due_reminders(
    *,
    renewal: datetime.date | None,
    stage: Stage | str,
    debate_held: bool,
    sent: bool,
    today: datetime.date,
) -> list[Reminder]:
    """The pacte's deadlines to remind today: each legal date still ahead (and not met) is
    reminded 30, 7 and 1 days before and on the day; a date passed and not met is reminded
    once a week *(choice)*, on the same weekday as the date."""
    if renewal is None:
        return []
    stage = Stage(stage)
    dates = pacte_dates(renewal)
    adopted = stage in (Stage.ADOPTED, Stage.IN_FORCE)
    pending = []
    if not debate_held and not adopted:
        pending.append(("debat", dates.debate_by, "le débat sur l'élaboration du pacte"))
    if not sent and not adopted and stage != Stage.FINAL:
        pending.append(("envoi", dates.send_by, "l'envoi du projet aux conseils municipaux"))
    if not adopted:
        pending.append(("adoption", dates.adopt_by, "l'adoption du pacte de gouvernance"))
    result = []
    for key, day, what in pending:
        left = (day - today).days
        if left in REMINDER_DAYS:
            when = "aujourd'hui" if left == 0 else f"dans {left} jour{'s' if left > 1 else ''}"
            message = f"Échéance {when} ({day:%d/%m/%Y}) : {what}."
        elif left < 0 and left % 7 == 0:
            message = f"Échéance dépassée depuis le {day:%d/%m/%Y} : {what}."
        else:
            continue
        result.append(Reminder(key=key, day=day, days_left=left, message=message))
    return result


def contributions_just_closed(
    stage: Stage | str, until: datetime.date | None, today: datetime.date
) -> bool:
    """The day after the contributions' last day, those who decide are told they closed (they
    close by themselves; the document waits for its next step) *(choice)*."""
    return (
        Stage(stage) == Stage.CONTRIBUTIONS
        and until is not None
        and today == until + datetime.timedelta(days=1)
    )


def is_conflicting(base_revision: int, current_revision: int, removed: bool) -> bool:
    """An amendment conflicts when the article changed (or was removed) after it was
    written: it is never applied as it stands."""
    return removed or base_revision != current_revision


def position_after(previous: int, following: int | None) -> int | None:
    """The place of an article inserted between two others (gaps of 10), or None when there
    is no room left and the following articles must move."""
    if following is None:
        return previous + 10
    if following - previous >= 2:
        return previous + (following - previous) // 2
    return None


PARAGRAPH_BREAK = re.compile(r"\n[ \t]*(?:\n[ \t]*)+")


def paragraphs(text: str) -> list[str]:
    """The paragraphs of an article's Markdown text, as readers see them: blocks separated by
    a blank line (a list without blank lines is one paragraph). Comments attach to them by
    their place, numbered from 1."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n")
    return [block.strip() for block in PARAGRAPH_BREAK.split(text) if block.strip()]

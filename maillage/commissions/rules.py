"""The rules of commissions open to municipal councillors, as pure functions on plain values
(no ORM, no request). Each returns the French reason of a refusal, or None when allowed."""

from dataclasses import dataclass

# The state of a sitting in words that fit a sentence (« la séance est close »).
STATUS_WORDS = {
    "preparation": "en préparation",
    "convoquee": "convoquée",
    "ouverte": "en cours",
    "close": "close",
    "annulee": "annulée",
}

# A replacement is named for a convened sitting, before its opening *(choice)*.
REPLACEABLE_STATUSES = frozenset({"convoquee"})


def representation_refusal(*, commune: str, seats_of_commune: int, maximum: int) -> str | None:
    """A commission opened to municipal councillors (L5211-40-1) keeps the representation of
    each commune that the council set: a commune has at most `maximum` titulaires in it (set by
    the space admin, 1 by default *(choice)*). Seats already held count, whoever gave them."""
    if seats_of_commune >= maximum:
        places = "un siège" if maximum == 1 else f"{maximum} sièges"
        return (
            f"{commune} a déjà {places} dans cette commission, le maximum fixé pour une "
            "commune : la demande ne peut pas être acceptée tant qu'aucun siège de la commune "
            "ne se libère."
        )
    return None


@dataclass(frozen=True)
class ReplacementFacts:
    """What the naming of a one-sitting replacement depends on."""

    namer_is_mayor: bool  # current maire of `commune`
    commune: str  # the commune the mayor names for
    member: str
    member_commune_matches: bool  # the absent member represents `commune`
    member_is_titulaire: bool  # a current titulaire seat of the body
    replacement: str
    replacement_is_councillor: bool  # current municipal councillor of `commune`
    replacement_is_member: bool  # already seated in the body
    sitting_status: str
    already_replaced_by: str = ""  # the member already has a replacement for this sitting
    replacement_already_replaces: str = ""  # the replacement already stands in for someone


def replacement_refusal(facts: ReplacementFacts) -> str | None:
    """L5211-40-1: a member of a commission who cannot attend may be replaced, for one
    sitting, by a municipal councillor of the same commune named by the mayor. Hence: the
    namer is the current mayor of the member's commune, the replacement a current municipal
    councillor of that commune who does not already sit in the commission, the sitting is
    convened and not yet opened *(choice)*, and a member has one replacement per
    sitting, a replacement replaces one member."""
    if not facts.namer_is_mayor:
        return (
            f"Seul le maire de {facts.commune} peut désigner le remplaçant d'un membre qui "
            "représente la commune (L5211-40-1)."
        )
    if not facts.member_commune_matches:
        return (
            f"{facts.member} ne représente pas {facts.commune} dans cette commission : seul le "
            "maire de sa commune peut le faire remplacer (L5211-40-1)."
        )
    if not facts.member_is_titulaire:
        return f"{facts.member} n'est pas membre titulaire de cette commission."
    if facts.sitting_status not in REPLACEABLE_STATUSES:
        state = STATUS_WORDS.get(facts.sitting_status, facts.sitting_status)
        return (
            f"La séance est {state} : un remplaçant se désigne pour une séance convoquée, "
            "avant son ouverture."
        )
    if not facts.replacement_is_councillor:
        return (
            f"{facts.replacement} n'est pas conseiller municipal de {facts.commune} : le "
            "remplaçant est un conseiller municipal de la même commune (L5211-40-1)."
        )
    if facts.replacement_is_member:
        return (
            f"{facts.replacement} siège déjà dans cette commission : choisissez un conseiller "
            "municipal qui n'en est pas membre."
        )
    if facts.already_replaced_by:
        return (
            f"{facts.member} est déjà remplacé par {facts.already_replaced_by} à cette séance : "
            "un membre a un seul remplaçant par séance."
        )
    if facts.replacement_already_replaces:
        return (
            f"{facts.replacement} remplace déjà {facts.replacement_already_replaces} à cette "
            "séance."
        )
    return None

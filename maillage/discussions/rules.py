"""Pure rules of the conference of mayors: meeting requests (L5211-11-3 of the CGCT) and
mentions in what people write. No ORM, no request: plain values in, plain values out."""

import re
from dataclasses import dataclass

from maillage.meetings.rules import (
    MAX_CONFERENCE_MEETINGS_PER_YEAR,
    conference_meeting_request_threshold,
)

ARTICLE = "article L5211-11-3 du CGCT"


@dataclass(frozen=True)
class RequestCount:
    """Where a round of meeting requests stands."""

    mayors: int
    requests: int
    needed: int
    reached: bool
    missing: int


def request_count(*, mayors: int, requests: int) -> RequestCount:
    """The conférence des maires meets at the request of one third of the mayors of the
    member communes, rounded up (L5211-11-3): `needed` requests, `missing` ones still to
    come. A space without a mayor cannot gather requests (needed is 0, never reached)."""
    if requests < 0 or mayors < 0:
        raise ValueError("Un nombre de demandes ou de maires ne peut pas être négatif.")
    if mayors == 0:
        return RequestCount(mayors=0, requests=requests, needed=0, reached=False, missing=0)
    needed = conference_meeting_request_threshold(mayors)
    return RequestCount(
        mayors=mayors,
        requests=requests,
        needed=needed,
        reached=requests >= needed,
        missing=max(needed - requests, 0),
    )


def meetings_left(reached_this_year: int) -> int:
    """Meetings the mayors may still obtain this calendar year: at most 4 a year at the
    request of one third of the mayors (L5211-11-3). *(choice)* What is counted: the rounds
    of requests that reached the threshold during the calendar year; the meetings the
    president convenes on his own initiative are not limited by the article and not counted."""
    if reached_this_year < 0:
        raise ValueError("Un nombre de réunions ne peut pas être négatif.")
    return max(MAX_CONFERENCE_MEETINGS_PER_YEAR - reached_this_year, 0)


def request_refusal(*, reached_this_year: int, year: int) -> str:
    """Why a new request is refused, or "" when it is allowed: once 4 rounds reached the
    threshold in the calendar year, a fifth meeting at the mayors' request is not possible
    that year (L5211-11-3)."""
    if meetings_left(reached_this_year) > 0:
        return ""
    return (
        f"La conférence des maires a déjà été réunie {MAX_CONFERENCE_MEETINGS_PER_YEAR} fois "
        f"en {year} à la demande d'un tiers des maires : c'est la limite de "
        f"{MAX_CONFERENCE_MEETINGS_PER_YEAR} réunions par an ({ARTICLE}). Une nouvelle demande "
        f"sera possible à partir du 1er janvier {year + 1} ; le président peut toujours la "
        "réunir à son initiative."
    )


# A mention is "@" then a first name and a last name (2 to 4 words: « Jean-Marc Le Goff »).
_MENTION = re.compile(r"(?<![\w@])@((?:[^\W\d_][\w'’-]*)(?:[ \t]+[^\W\d_][\w'’-]*){1,3})")


def mention_candidates(text: str) -> set[str]:
    """The full names a text may mention, lower-cased: for each "@" followed by words, the
    first 2, 3 and 4 words (« @Élise Maire, merci » gives « élise maire »). The caller keeps
    those that are the name of a person of the space."""
    names: set[str] = set()
    for match in _MENTION.finditer(text or ""):
        words = match.group(1).split()
        for size in range(2, len(words) + 1):
            names.add(" ".join(words[:size]).casefold())
    return names

"""Pure computations on territories: search normalisation, code recognition, population shares.

No ORM and no request here: plain values in, plain values out.
"""

import re
import unicodedata
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal

# A query longer than this is not a commune or EPCI name (the longest French commune name has
# 45 characters): it gets an empty result rather than a slow scan.
MAX_QUERY_LENGTH = 100

INSEE_CODE_RE = re.compile(r"^(\d{5}|2[AB]\d{3})$")
SIREN_RE = re.compile(r"^\d{9}$")
POSTCODE_RE = re.compile(r"^\d{5}$")
AREA_CODE_RE = re.compile(r"^(\d{2,3}|2[AB])$")  # département or région (COG)

_NON_ALNUM_RE = re.compile(r"[^a-z0-9]+")


def normalize(text: str) -> str:
    """Lower case, without accents, words separated by one space.

    "Saint-Étienne-du-Rouvray" and "saint etienne du rouvray" both become
    "saint etienne du rouvray", so that accents, hyphens and apostrophes do not matter.
    """
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    ascii_text = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    ascii_text = ascii_text.replace("œ", "oe").replace("æ", "ae")
    return _NON_ALNUM_RE.sub(" ", ascii_text).strip()


@dataclass(frozen=True)
class Query:
    """What a search box's text means: codes to look up exactly, and/or a name to match."""

    insee_code: str = ""
    postcode: str = ""
    siren: str = ""
    name: str = ""

    @property
    def is_empty(self) -> bool:
        return not (self.insee_code or self.postcode or self.siren or self.name)


def parse_query(raw: str) -> Query:
    """Recognise an INSEE code, a postcode, a SIREN or a name in what the user typed.

    Five digits may be an INSEE code or a postcode (01400 is both kinds of code for different
    communes): both are looked up. A SIREN may be typed with spaces ("200 054 781").
    Anything longer than MAX_QUERY_LENGTH, or with nothing searchable left, is an empty query.
    """
    text = (raw or "").strip()
    if not text or len(text) > MAX_QUERY_LENGTH:
        return Query()
    compact = text.replace(" ", "").upper()
    if SIREN_RE.match(compact):
        return Query(siren=compact)
    if INSEE_CODE_RE.match(compact):
        return Query(
            insee_code=compact,
            postcode=compact if POSTCODE_RE.match(compact) else "",
        )
    return Query(name=normalize(text))


def shares(values: list[int | None], places: int = 2) -> list[Decimal | None]:
    """Each value's share of the total, in percent, rounded so that the shares add up to 100.

    Largest-remainder rounding: each share is rounded down to `places` decimals, then the
    missing hundredths go to the values that lost the most in rounding (ties: first in the
    list). A missing value (None) has no share and does not count in the total. With a total
    of zero, every known share is zero.
    """
    known = [v for v in values if v is not None]
    total = sum(known)
    if total <= 0:
        return [None if v is None else Decimal(0) for v in values]
    quantum = Decimal(1).scaleb(-places)
    exact = {i: Decimal(v) * 100 / total for i, v in enumerate(values) if v is not None}
    floored = {i: e.quantize(quantum, rounding=ROUND_DOWN) for i, e in exact.items()}
    missing = int((Decimal(100) - sum(floored.values())) / quantum)
    by_remainder = sorted(exact, key=lambda i: (-(exact[i] - floored[i]), i))
    for i in by_remainder[:missing]:
        floored[i] += quantum
    return [floored.get(i) for i in range(len(values))]


def main_area(weighted_codes: list[tuple[str, int]]) -> str:
    """The code that carries the largest total weight (an EPCI's main département).

    The national files give no département for an EPCI; the one where most of its
    inhabitants live is shown and used for filtering. Ties go to the smallest code.
    """
    totals: dict[str, int] = {}
    for code, weight in weighted_codes:
        if code:
            totals[code] = totals.get(code, 0) + weight
    if not totals:
        return ""
    return min(totals, key=lambda code: (-totals[code], code))

"""Exact allocation of an amount of money, to the cent (pure functions: no ORM, no request).

Money is a `Decimal` in euros; every result is in cents (two decimal places) and sums EXACTLY
to the total. The method is the largest remainder (Hamilton): each share is first rounded down
to the cent, then the cents left over go one by one to the shares with the largest dropped
remainder; at equal remainder, to the key that comes first in the weights' order. Each share is
therefore within one cent of its exact proportional value, and a bigger weight never gets less.

Computations are made on integers (cents, and weights brought to a common denominator), so
they are exact and fast; never on floats.

*(choix)* A total with digits below the cent (e.g. 10,005 €) is refused rather than rounded:
rounding would create or lose money silently; the caller rounds explicitly if it wants to.
*(choix)* A weight must be a `Decimal` or an `int`; a float (inexact) or a bool is refused.
"""

import math
from collections.abc import Hashable, Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import TypeVar

K = TypeVar("K", bound=Hashable)

CENT = Decimal("0.01")


def _label(key) -> str:
    return f"« {key} »"


def _shown(amount) -> str:
    """A number as the French write it in a message: decimal comma."""
    return str(amount).replace(".", ",")


def to_cents(amount, what: str = "Le total") -> int:
    """The amount in whole cents. ValueError (French) for a non-number, a negative amount, a
    non-finite amount or one with digits below the cent."""
    if isinstance(amount, bool) or not isinstance(amount, Decimal | int):
        raise ValueError(
            f"{what} doit être un montant exact en euros (Decimal ou entier), "
            f"pas {type(amount).__name__}."
        )
    if isinstance(amount, Decimal) and not amount.is_finite():
        raise ValueError(f"{what} n'est pas un nombre ({amount}).")
    if amount < 0:
        raise ValueError(f"{what} ne peut pas être négatif ({_shown(amount)} €).")
    numerator, denominator = amount.as_integer_ratio()
    cents, below = divmod(numerator * 100, denominator)
    if below:
        raise ValueError(
            f"{what} ({_shown(amount)} €) a des chiffres au-delà du centime : "
            "arrondissez-le au centime."
        )
    return cents


def from_cents(cents: int) -> Decimal:
    """Whole cents as euros with exactly two decimal places (150 → Decimal("1.50"))."""
    return Decimal(cents).scaleb(-2)


def check_weight(key, value) -> None:
    """ValueError (French, naming the key) unless the weight is a non-negative exact number."""
    if isinstance(value, bool) or not isinstance(value, Decimal | int):
        raise ValueError(
            f"Le poids de {_label(key)} doit être un nombre exact (Decimal ou entier), "
            f"pas {type(value).__name__}."
        )
    if isinstance(value, Decimal) and not value.is_finite():
        raise ValueError(f"Le poids de {_label(key)} n'est pas un nombre ({value}).")
    if value < 0:
        raise ValueError(f"Le poids de {_label(key)} ne peut pas être négatif ({_shown(value)}).")


def integers(values: Sequence[Decimal | int | Fraction]) -> list[int]:
    """Exact numbers as integers in the same proportions (brought to a common denominator)."""
    ratios = [value.as_integer_ratio() for value in values]
    common = math.lcm(*(denominator for _, denominator in ratios)) if ratios else 1
    return [numerator * (common // denominator) for numerator, denominator in ratios]


def largest_remainder(cents: int, numerators: Sequence[int], denominator: int) -> list[int]:
    """Round exact shares numerators[i] / denominator (in cents, summing to `cents`) to whole
    cents summing to `cents`: each rounded down, then the cents left over given one by one to
    the largest remainders, ties to the first. A whole share never receives a cent."""
    floors, remainders = [], []
    for numerator in numerators:
        whole, remainder = divmod(numerator, denominator)
        floors.append(whole)
        remainders.append(remainder)
    left = cents - sum(floors)
    if left:
        # sorted() is stable, also in reverse: at equal remainder the first keeps its place
        ranked = sorted(range(len(floors)), key=remainders.__getitem__, reverse=True)
        for index in ranked[:left]:
            floors[index] += 1
    return floors


def allocate_cents(cents: int, weights: Sequence[int]) -> list[int]:
    """Whole cents proportional to non-negative integer weights (not all zero), summing to
    `cents`; largest remainder, ties to the first."""
    return largest_remainder(cents, [cents * weight for weight in weights], sum(weights))


def allocate(total: Decimal, weights: Mapping[K, Decimal | int]) -> dict[K, Decimal]:
    """Shares of `total` proportional to `weights`, each rounded to the cent, summing exactly to
    `total` (largest remainder; ties go to the key that comes first in `weights`' order). A zero
    weight gets zero. The result keeps `weights`' order.

    ValueError (French message) for a negative total, a total with digits below the cent, a
    negative weight, no weight at all, or weights that are all zero.
    """
    cents = to_cents(total)
    if not weights:
        raise ValueError("Aucun poids : il faut au moins un bénéficiaire pour répartir le total.")
    for key, value in weights.items():
        check_weight(key, value)
    scaled = integers(list(weights.values()))
    if not any(scaled):
        raise ValueError("Tous les poids sont nuls : impossible de répartir le total.")
    return dict(zip(weights, map(from_cents, allocate_cents(cents, scaled)), strict=True))


def _check_fractions(keys: Sequence[tuple]) -> None:
    if not keys:
        raise ValueError("Aucune clé de répartition : il en faut au moins une.")
    for position, entry in enumerate(keys, start=1):
        fraction = entry[0]
        if isinstance(fraction, bool) or not isinstance(fraction, Decimal | int):
            raise ValueError(
                f"La fraction de la clé n° {position} doit être un nombre exact "
                f"(Decimal ou entier), pas {type(fraction).__name__}."
            )
        if isinstance(fraction, Decimal) and not fraction.is_finite():
            raise ValueError(f"La fraction de la clé n° {position} n'est pas un nombre.")
        if fraction < 0:
            raise ValueError(
                f"La fraction de la clé n° {position} ne peut pas être négative "
                f"({_shown(fraction)})."
            )
    if sum(Fraction(entry[0]) for entry in keys) != 1:
        shown = " + ".join(_shown(entry[0]) for entry in keys)
        raise ValueError(
            f"Les fractions des clés de répartition doivent faire exactement 1 (ici {shown})."
        )


def parts_cents(
    cents: int, fractions: Sequence[Decimal | int], weights: Sequence[Sequence[int]]
) -> list[list[int]]:
    """The integer core of `allocate_by_keys`, for inputs already checked: `cents` split among
    the keys by their fractions (summing to 1), then each part by its integer weights (not all
    zero unless the fraction is zero). One list of cents per key, in order."""
    parts = allocate_cents(cents, integers(fractions))
    return [
        allocate_cents(part, key_weights) if fraction else [0] * len(key_weights)
        for part, fraction, key_weights in zip(parts, fractions, weights, strict=True)
    ]


def allocate_parts(
    total: Decimal, keys: Sequence[tuple[Decimal, Mapping[K, Decimal | int]]]
) -> list[dict[K, Decimal]]:
    """The detail of `allocate_by_keys`: for each key, in order, the shares of its part (a key
    whose fraction is zero gets an empty dict). Each dict sums exactly to its part of `total`,
    and the parts sum exactly to `total`."""
    cents = to_cents(total)
    _check_fractions(keys)
    scaled = []
    for position, (fraction, weights) in enumerate(keys, start=1):
        try:
            if not weights and fraction:
                raise ValueError("Aucun poids : il faut au moins un bénéficiaire.")
            for key, value in weights.items():
                check_weight(key, value)
            scaled.append(integers(list(weights.values())))
            if fraction and not any(scaled[-1]):
                raise ValueError("Tous les poids sont nuls : impossible de répartir le total.")
        except ValueError as error:
            raise ValueError(f"Clé de répartition n° {position} : {error}") from error
    shares = parts_cents(cents, [fraction for fraction, _ in keys], scaled)
    return [
        dict(zip(weights, map(from_cents, part), strict=True)) if fraction else {}
        for (fraction, weights), part in zip(keys, shares, strict=True)
    ]


def allocate_by_keys(
    total: Decimal, keys: Sequence[tuple[Decimal, Mapping[K, Decimal | int]]]
) -> dict[K, Decimal]:
    """Allocate `total` by several keys: `keys` is a list of (fraction of the total, weights),
    the fractions summing to exactly 1 (e.g. 40 % by population, 60 % by hours). The total is
    first split exactly among the keys with `allocate`, then each part is allocated by its
    weights; the result sums exactly to `total`. Its keys are those of all the weights, in order
    of first appearance; a key absent from a weight mapping gets nothing from that part.

    ValueError (French message) for no key, a negative fraction, fractions not summing to 1, and
    every refusal of `allocate` (said with the number of the key concerned). A key whose
    fraction is zero is not allocated, so its weights may all be zero.
    """
    cents: dict = {}
    for _, weights in keys:
        for key in weights:
            cents.setdefault(key, 0)
    for shares in allocate_parts(total, keys):
        for key, share in shares.items():
            cents[key] += to_cents(share)
    return {key: from_cents(value) for key, value in cents.items()}


def bounded_cents(
    cents: int, weights: Sequence[int], floor: int, ceiling: int | None
) -> tuple[list[int], list[bool], list[bool]]:
    """Whole cents summing to `cents`, each between `floor` and `ceiling` (whole cents, or no
    ceiling), as close as possible to proportional to the non-negative integer weights: the
    exact shares are clamp(λ · weight, floor, ceiling) for the one factor λ ≥ 0 that makes them
    sum to `cents` (their sum grows with λ). So a share pinned at the floor or the ceiling keeps
    it and the rest is re-allocated among the others in proportion to their weights, until
    stable; then the largest remainder rounds to the cent (a pinned share, being whole, never
    moves). Returns the cents and, for each share, whether it is pinned at floor / ceiling.

    ValueError when the floors alone exceed `cents` or the ceilings cannot reach it."""
    if floor * len(weights) > cents:
        raise ValueError("Les planchers seuls dépassent le total.")
    if ceiling is not None and sum(ceiling if w > 0 else floor for w in weights) < cents:
        raise ValueError("Les plafonds ne permettent pas d'atteindre le total.")
    factor = _bounded_factor(cents, weights, floor, ceiling)
    p, q = factor.numerator, factor.denominator
    low, high = floor * q, None if ceiling is None else ceiling * q
    numerators, floored, capped = [], [], []
    for weight in weights:
        value = p * weight
        floored.append(value < low)
        capped.append(high is not None and value > high)
        numerators.append(low if floored[-1] else high if capped[-1] else value)
    return largest_remainder(cents, numerators, q), floored, capped


def _bounded_factor(cents: int, weights: Sequence[int], floor: int, ceiling: int | None):
    """The factor λ of `bounded_cents`, by a sweep over the points where a share leaves its
    floor (λ = floor / weight) or reaches its ceiling (λ = ceiling / weight): on each segment
    the sum is constant + slope · λ. Floor and ceiling being the same for all, both kinds of
    points come in the order of decreasing weights: two sorted lists merged, in integers."""
    constant, slope = floor * len(weights), 0
    if constant == cents:
        return Fraction(0)
    ordered = sorted((weight for weight in weights if weight > 0), reverse=True)
    entering, leaving, count = 0, 0, len(ordered)
    while entering < count or (ceiling is not None and leaving < count):
        # the next point: a share leaving its floor (first at a tie) or reaching its ceiling
        enters = entering < count and (
            ceiling is None or floor * ordered[leaving] <= ceiling * ordered[entering]
        )
        weight = ordered[entering] if enters else ordered[leaving]
        limit = floor if enters else ceiling
        # at λ = limit / weight the sum is constant + slope · limit / weight
        if slope and constant * weight + slope * limit >= cents * weight:
            break
        if enters:
            constant, slope, entering = constant - floor, slope + weight, entering + 1
        else:
            constant, slope, leaving = constant + ceiling, slope - weight, leaving + 1
    if not slope:
        raise ValueError("Les poids sont tous nuls : impossible de répartir le total.")
    return Fraction(cents - constant, slope)


def allocate_bounded(
    total: Decimal,
    weights: Mapping[K, Decimal | int],
    *,
    floor: Decimal | None = None,
    ceiling: Decimal | None = None,
) -> dict[K, Decimal]:
    """Like `allocate`, but each share at least `floor` and at most `ceiling` (to the cent): a
    share that would fall below the floor is raised to it, one above the ceiling is lowered to
    it, and the difference is re-allocated among the others in proportion to their weights,
    until stable. The result sums exactly to `total`; a zero weight gets the floor.

    ValueError (French) for every refusal of `allocate`, a floor above the ceiling, floors
    alone exceeding the total, ceilings unable to reach the total."""
    cents = to_cents(total)
    if not weights:
        raise ValueError("Aucun poids : il faut au moins un bénéficiaire pour répartir le total.")
    for key, value in weights.items():
        check_weight(key, value)
    scaled = integers(list(weights.values()))
    low = to_cents(floor, "Le plancher") if floor is not None else 0
    high = to_cents(ceiling, "Le plafond") if ceiling is not None else None
    if high is not None and low > high:
        raise ValueError("Le plancher est supérieur au plafond.")
    if not any(scaled) and low * len(scaled) != cents:
        raise ValueError("Tous les poids sont nuls : impossible de répartir le total.")
    shares, _, _ = bounded_cents(cents, scaled, low, high)
    return dict(zip(weights, map(from_cents, shares), strict=True))


# --- Amounts as the French write them ---------------------------------------------------------


def group(number: int) -> str:
    """An integer with French thousands separators (narrow no-break space): 12 345."""
    sign = "-" if number < 0 else ""
    return sign + f"{abs(number):,}".replace(",", "\u202f")


def euros(amount: Decimal) -> str:
    """An amount in euros as the French write it: 1 234,50 € (rounded half up to the cent)."""
    numerator, denominator = amount.as_integer_ratio()
    cents, remainder = divmod(abs(numerator) * 100, denominator)
    cents += 2 * remainder >= denominator
    return cents_in_euros(-cents if numerator < 0 else cents)


def cents_in_euros(cents: int) -> str:
    """Whole cents said in euros the French way: 123450 → 1 234,50 €."""
    units, hundredths = divmod(abs(cents), 100)
    sign = "-" if cents < 0 else ""
    return f"{sign}{group(units)},{hundredths:02d}\u00a0€"


def number(value: Decimal | int) -> str:
    """A number as the French write it: 1 234,5 (no trailing zeros)."""
    value = Decimal(value)
    if value == value.to_integral_value():
        return group(int(value))
    units, _, decimals = f"{abs(value):f}".partition(".")
    sign = "-" if value < 0 else ""
    return f"{sign}{group(int(units))},{decimals.rstrip('0')}"


def percent(fraction: Decimal) -> str:
    """A fraction as a French percentage: Decimal("0.4") → 40 %."""
    return f"{number(Decimal(fraction) * 100)}\u00a0%"

"""Contribution scales (barèmes) built on the exact allocation (pure: no ORM, no request).

A scale says how a service's yearly cost is shared among the members that use it: an optional
fixed part per member, then one or several parts of the rest, each allocated on one basis
(equal shares, population municipale or totale, units used, a custom weight such as the
potentiel fiscal, or tiers by population bracket), then a floor and a ceiling per member, and
the share that an EPCI paying for its communes takes on. Everything is exact to the cent: the
amounts billed always sum exactly to the total (see `allocation.py`).

The law sets no formula: the financial terms of a service commun are fixed by the convention
(CGCT L5211-4-2), those of a shared equipment or purchase by the agreement between the members;
the annual report on mutualisation (L5211-39-1) gives the result. Every *(choix)* below is
documented for the élus in docs/mutualisation-baremes.md.
"""

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from maillage.mutualisation.allocation import (
    allocate_cents,
    bounded_cents,
    cents_in_euros,
    euros,
    from_cents,
    group,
    integers,
    number,
    parts_cents,
    percent,
    to_cents,
)

BASES = ("equal", "population_municipale", "population_totale", "units", "weight", "tiers")
BASIS_LABELS = {
    "equal": "à parts égales",
    "population_municipale": "selon la population municipale",
    "population_totale": "selon la population totale",
    "units": "selon les unités utilisées",
    "weight": "selon le poids personnalisé",
    "tiers": "selon la tranche de population",
}
POPULATIONS = ("population_municipale", "population_totale")
POPULATION_LABELS = {
    "population_municipale": "population municipale",
    "population_totale": "population totale",
}


class ScaleError(ValueError):
    """A scale or its application is refused: `str(error)` is the French reason, `member` the
    name of the member concerned (or None when the refusal concerns no single member)."""

    def __init__(self, message: str, member: str | None = None):
        super().__init__(message)
        self.message = message
        self.member = member


@dataclass(frozen=True)
class MemberData:
    key: Hashable  # the caller uses Organisation pk
    name: str  # used in messages and explanations
    population_municipale: int | None = None
    population_totale: int | None = None
    units: Decimal = Decimal(0)  # units used (from subscriptions)
    weight: Decimal | None = None  # custom weight (e.g. potentiel fiscal)
    paid_by: Hashable | None = None  # key of an EPCI paying for this member (may be absent)


@dataclass(frozen=True)
class Tier:
    """Population in [lower, upper) → this weight; upper None = no limit."""

    lower: int
    upper: int | None
    weight: Decimal


@dataclass(frozen=True)
class Part:
    """A fraction of the total (after the fixed parts) allocated on one basis."""

    fraction: Decimal
    basis: str  # one of BASES


@dataclass(frozen=True)
class Scale:
    parts: tuple[Part, ...]  # fractions sum to exactly 1
    tiers: tuple[Tier, ...] = ()  # for basis "tiers"; contiguous from 0, no overlap, no gap
    tier_population: str = "population_municipale"  # or "population_totale"
    per_inhabitant_in_tier: bool = False  # True: weight = tier weight × population
    fixed_amount: Decimal = Decimal(0)  # a fixed part per member, taken before the parts
    floor: Decimal | None = None  # per member
    ceiling: Decimal | None = None  # per member
    payer_rate: Decimal = Decimal(0)  # 0..1: share of a member's amount its paid_by payer pays


@dataclass(frozen=True)
class Line:
    key: Hashable
    name: str
    computed: Decimal  # the member's share before floor/ceiling
    own_share: Decimal  # after floor/ceiling (what the member's use costs)
    paid_by_payer: Decimal  # the part of own_share its payer pays
    paid_for_others: Decimal  # what this key pays for members it pays for
    amount: Decimal  # what this key is billed: own_share - paid_by_payer + paid_for_others
    floored: bool
    capped: bool
    explanation: str  # one French sentence: how the amount was computed


# --- Validation ---------------------------------------------------------------------------------


def _is_exact(value) -> bool:
    return (
        not isinstance(value, bool)
        and isinstance(value, Decimal | int)
        and (not isinstance(value, Decimal) or value.is_finite())
    )


def _check_amount(value, what: str) -> int:
    try:
        return to_cents(value, what)
    except ValueError as error:
        raise ScaleError(str(error)) from error


def tier_for(tiers: Sequence[Tier], population: int) -> Tier | None:
    """The tier whose bracket [lower, upper) holds the population, or None."""
    for tier in tiers:
        if tier.lower <= population and (tier.upper is None or population < tier.upper):
            return tier
    return None


def _tier_range(tier: Tier) -> str:
    if tier.upper is None:
        return f"{group(tier.lower)} habitants et plus"
    return f"{group(tier.lower)} à {group(tier.upper - 1)} habitants"


def validate_scale(scale: Scale) -> None:
    """Refuse (ScaleError, French) a scale that cannot be applied: no part, an unknown basis, a
    basis twice, a negative fraction, fractions not summing to exactly 1, tiers missing for the
    basis « tranches », tiers that do not start at 0, overlap or leave a gap, or whose last one
    has an upper limit *(choix: every population must fall in a tier)*, a negative tier weight,
    a negative fixed part, floor or ceiling, an amount below the cent, a floor above the
    ceiling, a payer rate outside 0..1."""
    if not scale.parts:
        raise ScaleError("Le barème n'a aucune part : ajoutez au moins une clé de répartition.")
    seen = set()
    for part in scale.parts:
        if part.basis not in BASES:
            raise ScaleError(f"Base de répartition inconnue : « {part.basis} ».")
        if part.basis in seen:
            raise ScaleError(
                f"La base « {BASIS_LABELS[part.basis]} » figure deux fois : "
                "regroupez ses fractions en une seule part."
            )
        seen.add(part.basis)
        if not _is_exact(part.fraction) or part.fraction < 0:
            raise ScaleError(
                f"La fraction de la part « {BASIS_LABELS[part.basis]} » doit être un nombre "
                "positif ou nul."
            )
    total = sum(Fraction(part.fraction) for part in scale.parts)
    if total != 1:
        shown = " + ".join(percent(part.fraction) for part in scale.parts)
        raise ScaleError(
            f"Les parts du barème doivent faire exactement 100\u00a0% (ici {shown} = "
            f"{percent(Decimal(total.numerator) / Decimal(total.denominator))})."
        )
    if scale.tier_population not in POPULATIONS:
        raise ScaleError(
            "Les tranches se fondent sur la population municipale ou la population totale."
        )
    if "tiers" in seen and not scale.tiers:
        raise ScaleError("Le barème par tranches n'a aucune tranche.")
    _validate_tiers(scale.tiers)
    _check_amount(scale.fixed_amount, "La part fixe")
    if scale.floor is not None:
        _check_amount(scale.floor, "Le plancher")
    if scale.ceiling is not None:
        _check_amount(scale.ceiling, "Le plafond")
    if scale.floor is not None and scale.ceiling is not None and scale.floor > scale.ceiling:
        raise ScaleError(
            f"Le plancher ({euros(scale.floor)}) est supérieur au plafond ({euros(scale.ceiling)})."
        )
    if not _is_exact(scale.payer_rate) or not 0 <= scale.payer_rate <= 1:
        raise ScaleError(
            "La part payée par l'EPCI pour ses communes doit être comprise entre 0 et 100\u00a0%."
        )


def _validate_tiers(tiers: Sequence[Tier]) -> None:
    if not tiers:
        return
    ordered = sorted(tiers, key=lambda tier: tier.lower)
    for tier in ordered:
        if isinstance(tier.lower, bool) or not isinstance(tier.lower, int) or tier.lower < 0:
            raise ScaleError("Le bas d'une tranche doit être un nombre d'habitants positif.")
        if tier.upper is not None and (
            isinstance(tier.upper, bool) or not isinstance(tier.upper, int)
        ):
            raise ScaleError("Le haut d'une tranche doit être un nombre d'habitants.")
        if tier.upper is not None and tier.upper <= tier.lower:
            raise ScaleError(
                f"La tranche de {group(tier.lower)} à {group(tier.upper)} habitants est vide "
                "ou inversée : son haut doit dépasser son bas."
            )
        if not _is_exact(tier.weight) or tier.weight < 0:
            raise ScaleError(
                f"Le coefficient de la tranche « {_tier_range(tier)} » doit être un nombre "
                "positif ou nul."
            )
    if ordered[0].lower != 0:
        raise ScaleError(
            f"Les tranches doivent commencer à 0 habitant (la première commence à "
            f"{group(ordered[0].lower)})."
        )
    for before, after in zip(ordered, ordered[1:], strict=False):
        if before.upper is None or after.lower < before.upper:
            raise ScaleError(
                f"Les tranches « {_tier_range(before)} » et « {_tier_range(after)} » se "
                "chevauchent."
            )
        if after.lower > before.upper:
            raise ScaleError(
                f"Les tranches laissent un trou de {group(before.upper)} à "
                f"{group(after.lower - 1)} habitants."
            )
    if ordered[-1].upper is not None:
        raise ScaleError(
            f"La dernière tranche s'arrête à {group(ordered[-1].upper)} habitants : laissez son "
            "haut vide pour couvrir toutes les populations."
        )


# --- Application --------------------------------------------------------------------------------


def _population(member: MemberData, attribute: str) -> int:
    population = getattr(member, attribute)
    if population is None:
        raise ScaleError(
            f"{member.name} n'a pas de {POPULATION_LABELS[attribute]} connue : "
            "le barème en a besoin.",
            member.name,
        )
    if isinstance(population, bool) or not isinstance(population, int) or population < 0:
        raise ScaleError(
            f"La {POPULATION_LABELS[attribute]} de {member.name} doit être un nombre "
            "d'habitants positif ou nul.",
            member.name,
        )
    return population


def _basis_weight(scale: Scale, basis: str, member: MemberData) -> tuple[Decimal | int, str]:
    """The member's weight on a basis, and the words saying it (for the explanation)."""
    if basis == "equal":
        return 1, ""
    if basis in POPULATIONS:
        population = _population(member, basis)
        return population, f"{group(population)} hab."
    if basis == "units":
        if not _is_exact(member.units) or member.units < 0:
            raise ScaleError(
                f"Les unités utilisées par {member.name} doivent être un nombre positif ou nul.",
                member.name,
            )
        return member.units, f"{number(member.units)} unité{'s' if member.units > 1 else ''}"
    if basis == "weight":
        if member.weight is None:
            raise ScaleError(
                f"{member.name} n'a pas de poids personnalisé : le barème en a besoin.",
                member.name,
            )
        if not _is_exact(member.weight) or member.weight < 0:
            raise ScaleError(
                f"Le poids personnalisé de {member.name} doit être un nombre positif ou nul.",
                member.name,
            )
        return member.weight, f"poids {number(member.weight)}"
    population = _population(member, scale.tier_population)
    tier = tier_for(scale.tiers, population)
    if tier is None:  # validate_scale makes the tiers cover every population
        raise ScaleError(
            f"La population de {member.name} ({group(population)} hab.) ne tombe dans "
            "aucune tranche.",
            member.name,
        )
    inhabitants = f"{POPULATION_LABELS[scale.tier_population]} {group(population)} hab."
    if scale.per_inhabitant_in_tier:
        words = f"{inhabitants} × {number(tier.weight)}, tranche {_tier_range(tier)}"
        return tier.weight * population, words
    words = f"{inhabitants}, tranche {_tier_range(tier)}, coefficient {number(tier.weight)}"
    return tier.weight, words


def apply_scale(
    total: Decimal,
    scale: Scale,
    members: Sequence[MemberData],
    *,
    payer_names: Mapping[Hashable, str] | None = None,
) -> list[Line]:
    """Share `total` among `members` by `scale`: one Line per member, in members' order, then
    one per payer absent from members (named by `payer_names`; else « Payeur <key> », and the
    explanations say « l'organisation qui la prend en charge »). The amounts billed sum exactly
    to `total`.

    1. Each member pays the fixed part; the rest is split among the parts by their fractions,
       then each part by the members' weights on its basis (as `allocation.allocate_by_keys`
       does): that is the computed share.
    2. Floors and ceilings: a member whose share would fall below the floor pays the floor, one
       above the ceiling pays the ceiling, and the difference is re-allocated among the others
       in proportion to their computed shares, until stable *(choix)*; exact to the cent.
    3. A member paid for by a payer (an EPCI paying for its communes) has `payer_rate` of its
       share paid by the payer, rounded half up to the cent *(choix)*; the payer is billed it.

    ScaleError (French, with `.member`) for an invalid scale or total, no member, a member
    twice, a member paying for itself, a member without the population or weight the scale
    needs, all weights zero on a basis, fixed parts or floors alone exceeding the total,
    ceilings unable to reach the total.
    """
    validate_scale(scale)
    total_cents = _check_amount(total, "Le total à répartir")
    if not members:
        raise ScaleError("Aucun membre à qui répartir le total.")
    keys = set()
    for member in members:
        if member.key in keys:
            raise ScaleError(f"{member.name} figure deux fois dans la répartition.", member.name)
        keys.add(member.key)
        if member.paid_by is not None and member.paid_by == member.key:
            raise ScaleError(f"{member.name} ne peut pas payer pour lui-même.", member.name)
    count = len(members)
    fixed = to_cents(scale.fixed_amount)
    variable = total_cents - fixed * count
    if variable < 0:
        raise ScaleError(
            f"Les parts fixes ({count} × {euros(scale.fixed_amount)} = "
            f"{cents_in_euros(fixed * count)}) dépassent le total "
            f"({cents_in_euros(total_cents)})."
        )
    floor = to_cents(scale.floor) if scale.floor is not None else 0
    ceiling = to_cents(scale.ceiling) if scale.ceiling is not None else None
    if floor * count > total_cents:
        raise ScaleError(
            f"Les planchers seuls ({count} × {euros(scale.floor)} = "
            f"{cents_in_euros(floor * count)}) dépassent le total "
            f"({cents_in_euros(total_cents)})."
        )

    # 1. The computed shares, part by part.
    weights, described = [], []
    for part in scale.parts:
        if not part.fraction:  # a part of 0 % needs no data *(choix)*
            pairs = [(0, "")] * count
        else:
            pairs = [_basis_weight(scale, part.basis, member) for member in members]
        weights.append(integers([weight for weight, _ in pairs]))
        if part.fraction and not any(weights[-1]):
            raise ScaleError(
                f"Tous les membres ont un poids nul pour la part « {BASIS_LABELS[part.basis]} » "
                ": impossible de la répartir."
            )
        described.append([words for _, words in pairs])
    part_cents = parts_cents(variable, [part.fraction for part in scale.parts], weights)
    computed = [fixed + sum(cents[index] for cents in part_cents) for index in range(count)]

    # 2. Floors and ceilings.
    if ceiling is not None:
        reachable = sum(ceiling if share > 0 else floor for share in computed)
        if reachable < total_cents:
            raise ScaleError(
                f"Les plafonds ne permettent pas d'atteindre le total : au plus "
                f"{cents_in_euros(reachable)} peuvent être appelés sur "
                f"{cents_in_euros(total_cents)}."
            )
    if all(floor <= share and (ceiling is None or share <= ceiling) for share in computed):
        own, floored, capped = list(computed), [False] * count, [False] * count
    else:
        own, floored, capped = bounded_cents(total_cents, computed, floor, ceiling)

    # 3. The payers.
    rate = scale.payer_rate.as_integer_ratio()
    names = {member.key: member.name for member in members}
    paid_by_payer = [0] * count
    paid_for: dict[Hashable, int] = {}
    paid_for_count: dict[Hashable, int] = {}
    for index, member in enumerate(members):
        if member.paid_by is None:
            continue
        paid_by_payer[index] = _half_up(own[index], rate)
        paid_for[member.paid_by] = paid_for.get(member.paid_by, 0) + paid_by_payer[index]
        paid_for_count[member.paid_by] = paid_for_count.get(member.paid_by, 0) + 1
        if member.paid_by not in names and member.paid_by in (payer_names or {}):
            names[member.paid_by] = payer_names[member.paid_by]

    lines = []
    for index, member in enumerate(members):
        others = paid_for.get(member.key, 0)
        explanation = _explain(
            scale,
            fixed=fixed,
            parts=[
                (part, described[n][index], part_cents[n][index])
                for n, part in enumerate(scale.parts)
            ],
            computed=computed[index],
            own=own[index],
            floored=floored[index],
            capped=capped[index],
            paid_by_payer=paid_by_payer[index],
            payer=names.get(member.paid_by),
            paid_for_others=others,
            paid_for_count=paid_for_count.get(member.key, 0),
        )
        lines.append(
            Line(
                key=member.key,
                name=member.name,
                computed=from_cents(computed[index]),
                own_share=from_cents(own[index]),
                paid_by_payer=from_cents(paid_by_payer[index]),
                paid_for_others=from_cents(others),
                amount=from_cents(own[index] - paid_by_payer[index] + others),
                floored=floored[index],
                capped=capped[index],
                explanation=explanation,
            )
        )
    for payer, others in paid_for.items():
        if payer in keys:
            continue
        lines.append(
            Line(
                key=payer,
                name=names.get(payer, f"Payeur {payer}"),
                computed=from_cents(0),
                own_share=from_cents(0),
                paid_by_payer=from_cents(0),
                paid_for_others=from_cents(others),
                amount=from_cents(others),
                floored=False,
                capped=False,
                explanation=(
                    "Ne fait pas partie de la répartition ; paie "
                    f"{percent(scale.payer_rate)} de la part de {_members(paid_for_count[payer])} "
                    f"pris en charge : {cents_in_euros(others)}."
                ),
            )
        )
    return lines


def _half_up(cents: int, rate: tuple[int, int]) -> int:
    """cents × rate (a fraction as an integer ratio), rounded to the cent, half up."""
    numerator, denominator = rate
    return (2 * cents * numerator + denominator) // (2 * denominator)


def _members(count: int) -> str:
    return f"{count} membre{'s' if count > 1 else ''}"


def _explain(
    scale: Scale,
    *,
    fixed: int,
    parts,
    computed: int,
    own: int,
    floored: bool,
    capped: bool,
    paid_by_payer: int,
    payer: str | None,
    paid_for_others: int,
    paid_for_count: int,
) -> str:
    """One French sentence: how the member's amount was computed."""
    terms = []
    if fixed:
        terms.append(f"part fixe {cents_in_euros(fixed)}")
    for part, words, cents in parts:
        if not part.fraction:
            continue
        detail = f" ({words})" if words else ""
        share = "" if part.fraction == 1 else f"{percent(part.fraction)} "
        terms.append(f"{share}{BASIS_LABELS[part.basis]}{detail} : {cents_in_euros(cents)}")
    sentence = "Part calculée : " + " + ".join(terms)
    if len(terms) > 1:
        sentence += f" = {cents_in_euros(computed)}"
    if floored:
        sentence += f" ; portée au plancher de {euros(scale.floor)}"
    elif capped:
        sentence += f" ; ramenée au plafond de {euros(scale.ceiling)}"
    elif own != computed:
        sentence += (
            f" ; ajustée à {cents_in_euros(own)} pour compenser les planchers et plafonds "
            "des autres membres"
        )
    if paid_by_payer:
        payer = payer or "l'organisation qui la prend en charge"
        sentence += (
            f" ; dont {percent(scale.payer_rate)} ({cents_in_euros(paid_by_payer)}) "
            f"payés par {payer}"
        )
    if paid_for_others:
        sentence += (
            f" ; plus {cents_in_euros(paid_for_others)} payés pour "
            f"{_members(paid_for_count)} pris en charge"
        )
    final = own - paid_by_payer + paid_for_others
    return f"{sentence} ; montant appelé : {cents_in_euros(final)}."


# --- Comparison ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Comparison:
    """One member across several scenarios: the amount billed in each (by scenario label), the
    difference to the first scenario, and the share of each scenario's total (in %, 2 places;
    the shares of a scenario sum to exactly 100 % when its total is not zero)."""

    key: Hashable
    name: str
    amounts: dict[str, Decimal]
    differences: dict[str, Decimal]
    shares: dict[str, Decimal]

    def outcome(self, label: str) -> str:
        """« gagne » (pays less than in the first scenario), « perd » (pays more) or « égal »."""
        difference = self.differences[label]
        return "gagne" if difference < 0 else "perd" if difference > 0 else "égal"

    @property
    def winners(self) -> tuple[str, ...]:
        """The scenarios in which this member pays less than in the first one."""
        return tuple(label for label in self.differences if self.differences[label] < 0)

    @property
    def losers(self) -> tuple[str, ...]:
        """The scenarios in which this member pays more than in the first one."""
        return tuple(label for label in self.differences if self.differences[label] > 0)


def compare(results: Mapping[str, Sequence[Line]]) -> list[Comparison]:
    """Several scenarios side by side, per member (by key, in order of first appearance). A
    member absent from a scenario pays 0,00 € in it *(choix)*. Differences are to the first
    scenario (so zero for it); shares are allocated exactly (largest remainder) so that a
    scenario's shares sum to 100,00 %. ValueError for a key twice in a scenario."""
    labels = tuple(results)
    names: dict[Hashable, str] = {}
    amounts: dict[Hashable, dict[str, Decimal]] = {}
    for label, lines in results.items():
        for line in lines:
            names.setdefault(line.key, line.name)
            per_member = amounts.setdefault(line.key, {})
            if label in per_member:
                raise ValueError(f"{line.name} figure deux fois dans le scénario « {label} ».")
            per_member[label] = line.amount
    zero = from_cents(0)
    for per_member in amounts.values():
        for label in labels:
            per_member.setdefault(label, zero)
    shares: dict[str, dict[Hashable, Decimal]] = {}
    for label in labels:
        column = {key: amounts[key][label] for key in amounts}
        if any(column.values()):
            hundredths = allocate_cents(100_00, [to_cents(amount) for amount in column.values()])
            shares[label] = dict(zip(column, map(from_cents, hundredths), strict=True))
        else:
            shares[label] = dict.fromkeys(column, zero)
    comparisons = []
    for key, per_member in amounts.items():
        first = per_member[labels[0]]
        comparisons.append(
            Comparison(
                key=key,
                name=names[key],
                amounts={label: per_member[label] for label in labels},
                differences={label: per_member[label] - first for label in labels},
                shares={label: shares[label][key] for label in labels},
            )
        )
    return comparisons

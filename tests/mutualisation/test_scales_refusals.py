"""Every refusal of a contribution scale (maillage/mutualisation/scales.py): the French reason,
and the member concerned when there is one."""

from decimal import Decimal as D

import pytest

from maillage.mutualisation.scales import (
    MemberData,
    Part,
    Scale,
    ScaleError,
    Tier,
    apply_scale,
    validate_scale,
)

A = MemberData(1, "Bonneville", 1_200, 1_250, D(10), D(300))
B = MemberData(2, "Grandbourg", 6_000, 6_150, D(25), D(1500))
TIERS = (Tier(0, 1_000, D(1)), Tier(1_000, 5_000, D(2)), Tier(5_000, None, D(4)))
EQUAL = (Part(D(1), "equal"),)


@pytest.mark.parametrize(
    "scale, message",
    [
        (Scale(parts=()), "aucune part"),
        (Scale(parts=(Part(D(1), "surface"),)), "Base de répartition inconnue : « surface »"),
        (
            Scale(parts=(Part(D("0.5"), "equal"), Part(D("0.5"), "equal"))),
            "figure deux fois",
        ),
        (
            Scale(parts=(Part(D("0.4"), "equal"), Part(D("0.5"), "units"))),
            "exactement 100\u00a0% \\(ici 40\u00a0% \\+ 50\u00a0% = 90\u00a0%\\)",
        ),
        (
            Scale(parts=(Part(D("1.5"), "equal"), Part(D("-0.5"), "units"))),
            "doit être un nombre positif",
        ),
        (Scale(parts=(Part(0.5, "equal"), Part(0.5, "units"))), "doit être un nombre positif"),
        (Scale(parts=(Part(D(1), "tiers"),)), "aucune tranche"),
        (
            Scale(parts=EQUAL, tiers=(Tier(0, 1000, D(1)), Tier(900, None, D(2)))),
            "« 0 à 999 habitants » et « 900 habitants et plus » se chevauchent",
        ),
        (
            Scale(parts=EQUAL, tiers=(Tier(0, 1000, D(1)), Tier(1500, None, D(2)))),
            "trou de 1\u202f000 à 1\u202f499 habitants",
        ),
        (
            Scale(parts=EQUAL, tiers=(Tier(100, 1000, D(1)), Tier(1000, None, D(2)))),
            "commencer à 0 habitant",
        ),
        (
            Scale(parts=EQUAL, tiers=(Tier(0, 1000, D(1)), Tier(1000, 5000, D(2)))),
            "La dernière tranche s'arrête à 5\u202f000 habitants",
        ),
        (Scale(parts=EQUAL, tiers=(Tier(0, None, D(1)), Tier(0, 10, D(1)))), "chevauchent"),
        (Scale(parts=EQUAL, tiers=(Tier(0, 0, D(1)),)), "vide ou inversée"),
        (Scale(parts=EQUAL, tiers=(Tier(0, None, D(-1)),)), "coefficient de la tranche"),
        (Scale(parts=EQUAL, tiers=(Tier(-5, None, D(1)),)), "nombre d'habitants positif"),
        (Scale(parts=EQUAL, tier_population="habitants"), "population municipale ou"),
        (Scale(parts=EQUAL, fixed_amount=D(-1)), "La part fixe ne peut pas être négati"),
        (Scale(parts=EQUAL, floor=D("-1")), "Le plancher ne peut pas être négatif"),
        (Scale(parts=EQUAL, ceiling=D("10.001")), "Le plafond .* au-delà du centime"),
        (
            Scale(parts=EQUAL, floor=D(500), ceiling=D(100)),
            "Le plancher \\(500,00\u00a0€\\) est supérieur au plafond \\(100,00\u00a0€\\)",
        ),
        (Scale(parts=EQUAL, payer_rate=D("1.5")), "entre 0 et 100\u00a0%"),
        (Scale(parts=EQUAL, payer_rate=D("-0.1")), "entre 0 et 100\u00a0%"),
    ],
)
def test_an_invalid_scale_is_refused_with_its_reason(scale, message):
    with pytest.raises(ScaleError, match=message) as refusal:
        validate_scale(scale)
    assert refusal.value.member is None
    with pytest.raises(ScaleError, match=message):
        apply_scale(D(100), scale, [A, B])


def test_tiers_given_in_any_order_are_accepted():
    validate_scale(Scale(parts=(Part(D(1), "tiers"),), tiers=tuple(reversed(TIERS))))


def scale_on(basis: str, **options) -> Scale:
    return Scale(parts=(Part(D(1), basis),), **options)


@pytest.mark.parametrize(
    "scale, members, message, member",
    [
        (
            scale_on("population_municipale"),
            [A, MemberData(3, "Sans-Recensement", None, 400)],
            "Sans-Recensement n'a pas de population municipale connue : le barème en a besoin.",
            "Sans-Recensement",
        ),
        (
            scale_on("population_totale"),
            [MemberData(3, "Nouvelle", 400, None), A],
            "Nouvelle n'a pas de population totale connue",
            "Nouvelle",
        ),
        (
            scale_on("tiers", tiers=TIERS, tier_population="population_totale"),
            [A, MemberData(3, "Nouvelle", 400, None)],
            "Nouvelle n'a pas de population totale connue",
            "Nouvelle",
        ),
        (
            scale_on("population_municipale"),
            [A, MemberData(3, "Fausse", -4)],
            "La population municipale de Fausse doit être un nombre d'habitants positif",
            "Fausse",
        ),
        (
            scale_on("weight"),
            [A, MemberData(3, "Sans-Potentiel", 100, 100)],
            "Sans-Potentiel n'a pas de poids personnalisé",
            "Sans-Potentiel",
        ),
        (
            scale_on("weight"),
            [A, MemberData(3, "Négatif", 100, 100, weight=D(-1))],
            "Le poids personnalisé de Négatif doit être un nombre positif",
            "Négatif",
        ),
        (
            scale_on("units"),
            [A, MemberData(3, "Moins", 100, 100, units=D(-2))],
            "Les unités utilisées par Moins",
            "Moins",
        ),
        (scale_on("equal"), [A, A], "Bonneville figure deux fois", "Bonneville"),
        (
            scale_on("equal"),
            [MemberData(1, "Seule", paid_by=1)],
            "Seule ne peut pas payer pour lui-même",
            "Seule",
        ),
    ],
)
def test_a_member_without_the_data_the_scale_needs_is_named(scale, members, message, member):
    with pytest.raises(ScaleError, match=message) as refusal:
        apply_scale(D(1000), scale, members)
    assert refusal.value.member == member


def test_a_missing_population_is_not_needed_by_a_scale_that_does_not_use_it():
    lines = apply_scale(D(10), scale_on("equal"), [A, MemberData(3, "Nouvelle")])
    assert [line.amount for line in lines] == [D("5.00"), D("5.00")]


@pytest.mark.parametrize(
    "total, scale, members, message",
    [
        (D(100), scale_on("equal"), [], "Aucun membre"),
        (D(-100), scale_on("equal"), [A], "Le total à répartir ne peut pas être négatif"),
        (D("100.001"), scale_on("equal"), [A], "au-delà du centime"),
        (
            D(100),
            scale_on("equal", fixed_amount=D(60)),
            [A, B],
            "Les parts fixes \\(2 × 60,00\u00a0€ = 120,00\u00a0€\\) dépassent le total "
            "\\(100,00\u00a0€\\)",
        ),
        (
            D(100),
            scale_on("equal", floor=D(60)),
            [A, B],
            "Les planchers seuls \\(2 × 60,00\u00a0€ = 120,00\u00a0€\\) dépassent le total",
        ),
        (
            D(100),
            scale_on("equal", ceiling=D(40)),
            [A, B],
            "Les plafonds ne permettent pas d'atteindre le total : au plus 80,00\u00a0€",
        ),
        (
            D(100),
            scale_on("units", ceiling=D(60)),
            [A, MemberData(3, "Vide", units=D(0))],
            "au plus 60,00\u00a0€ peuvent être appelés sur 100,00\u00a0€",
        ),
        (
            D(100),
            scale_on("units"),
            [MemberData(3, "Vide", units=D(0)), MemberData(4, "Rien", units=D(0))],
            "Tous les membres ont un poids nul pour la part « selon les unités utilisées »",
        ),
    ],
)
def test_an_impossible_allocation_is_refused_with_its_reason(total, scale, members, message):
    with pytest.raises(ScaleError, match=message) as refusal:
        apply_scale(total, scale, members)
    assert refusal.value.member is None


def test_a_scale_error_is_a_value_error_whose_text_is_the_french_reason():
    error = ScaleError("Le plancher dépasse le plafond.", member="Bonneville")
    assert isinstance(error, ValueError)
    assert str(error) == error.message == "Le plancher dépasse le plafond."
    assert error.member == "Bonneville"

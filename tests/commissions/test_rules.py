"""The pure rules of commissions open to municipal councillors (L5211-40-1)."""

import dataclasses

import pytest

from maillage.commissions import rules


@pytest.mark.parametrize(
    "seats, maximum, refused",
    [(0, 1, False), (1, 1, True), (1, 2, False), (2, 2, True), (3, 2, True), (0, 3, False)],
)
def test_a_commune_sits_up_to_its_maximum(seats, maximum, refused):
    reason = rules.representation_refusal(
        commune="Bonneville", seats_of_commune=seats, maximum=maximum
    )
    assert (reason is not None) is refused
    if refused:
        assert "Bonneville a déjà" in reason


def test_the_representation_refusal_says_how_many_seats():
    assert "un siège" in rules.representation_refusal(
        commune="Bonneville", seats_of_commune=1, maximum=1
    )
    assert "2 sièges" in rules.representation_refusal(
        commune="Bonneville", seats_of_commune=2, maximum=2
    )


ALLOWED = rules.ReplacementFacts(
    namer_is_mayor=True,
    commune="Bonneville",
    member="Marc Membre",
    member_commune_matches=True,
    member_is_titulaire=True,
    replacement="Rose Remplaçante",
    replacement_is_councillor=True,
    replacement_is_member=False,
    sitting_status="convoquee",
)


@pytest.mark.parametrize(
    "change, expected",
    [
        ({}, None),
        ({"namer_is_mayor": False}, "Seul le maire de Bonneville"),
        ({"member_commune_matches": False}, "ne représente pas Bonneville"),
        ({"member_is_titulaire": False}, "n'est pas membre titulaire"),
        ({"sitting_status": "close"}, "La séance est close"),
        ({"sitting_status": "ouverte"}, "en cours"),
        (
            {"sitting_status": "preparation"},
            "en préparation",
        ),
        ({"sitting_status": "annulee"}, "annulée"),
        ({"replacement_is_councillor": False}, "n'est pas conseiller municipal de Bonneville"),
        ({"replacement_is_member": True}, "siège déjà dans cette commission"),
        ({"already_replaced_by": "Paul"}, "déjà remplacé par Paul"),
        ({"replacement_already_replaces": "Anne"}, "remplace déjà Anne"),
    ],
)
def test_a_replacement_is_named_by_the_mayor_from_the_same_commune(change, expected):
    reason = rules.replacement_refusal(dataclasses.replace(ALLOWED, **change))
    if expected is None:
        assert reason is None
    else:
        assert expected in reason


def test_the_first_failing_rule_is_the_one_reported():
    facts = dataclasses.replace(ALLOWED, namer_is_mayor=False, replacement_is_councillor=False)
    assert rules.replacement_refusal(facts).startswith("Seul le maire")

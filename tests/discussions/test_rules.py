import pytest

from maillage.discussions import rules


@pytest.mark.parametrize(
    "mayors, requests, needed, reached, missing",
    [
        (1, 0, 1, False, 1),
        (1, 1, 1, True, 0),
        (3, 1, 1, True, 0),
        (4, 1, 2, False, 1),
        (4, 2, 2, True, 0),
        (10, 3, 4, False, 1),
        (10, 4, 4, True, 0),
        (12, 4, 4, True, 0),
        (158, 52, 53, False, 1),
        (158, 53, 53, True, 0),
        (158, 60, 53, True, 0),
    ],
)
def test_one_third_of_the_mayors_rounded_up_reaches_the_threshold(
    mayors, requests, needed, reached, missing
):
    count = rules.request_count(mayors=mayors, requests=requests)
    assert (count.needed, count.reached, count.missing) == (needed, reached, missing)


def test_a_space_without_mayors_never_reaches_the_threshold():
    count = rules.request_count(mayors=0, requests=3)
    assert (count.needed, count.reached) == (0, False)


def test_negative_counts_are_refused():
    with pytest.raises(ValueError):
        rules.request_count(mayors=-1, requests=0)
    with pytest.raises(ValueError):
        rules.meetings_left(-1)


@pytest.mark.parametrize("reached, left", [(0, 4), (1, 3), (3, 1), (4, 0), (5, 0)])
def test_at_most_four_meetings_a_year_at_the_mayors_request(reached, left):
    assert rules.meetings_left(reached) == left


@pytest.mark.parametrize("reached, refused", [(0, False), (3, False), (4, True), (6, True)])
def test_a_fifth_request_triggered_meeting_in_the_year_is_refused(reached, refused):
    message = rules.request_refusal(reached_this_year=reached, year=2026)
    assert bool(message) is refused
    if refused:
        assert "L5211-11-3" in message
        assert "1er janvier 2027" in message


@pytest.mark.parametrize(
    "text, names",
    [
        ("Merci @Élise Maire, très utile", {"élise maire"}),
        (
            "@Jean-Marc Le Goff a la même saleuse",
            {"jean-marc le", "jean-marc le goff", "jean-marc le goff a"},
        ),
        ("Écrire à contact@mairie.fr Pierre", set()),
        ("Un @ seul", set()),
        ("@Paul", set()),
        ("", set()),
        ("Voir @ANNE DURAND et @bob martin", {"anne durand", "anne durand et", "bob martin"}),
    ],
)
def test_mention_candidates_are_the_first_words_after_an_at_sign(text, names):
    assert rules.mention_candidates(text) == names

"""Cohen's and Fleiss' kappa against values worked by hand from textbook tables, and the
undefined cases reported as undefined."""

from __future__ import annotations

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workbench.core.kappa import NO_ITEMS, NO_VARIANCE, PairCounts, cohen, fleiss, pair_counts


@pytest.mark.parametrize(
    ("both", "only_a", "only_b", "neither", "observed", "expected", "value"),
    [
        # The textbook 2×2 table (50 items): po = 35/50, pe = .5·.6 + .5·.4 = .5, κ = .4.
        (20, 5, 10, 15, 0.7, 0.5, 0.4),
        # Same observed agreement (.6), different marginals, different kappa:
        # pe = .6·.7 + .4·.3 = .54, κ = .06/.46; pe = .6·.3 + .4·.7 = .46, κ = .14/.54.
        (45, 15, 25, 15, 0.6, 0.54, 0.06 / 0.46),
        (25, 35, 5, 35, 0.6, 0.46, 0.14 / 0.54),
        # Perfect agreement with something to agree on.
        (3, 0, 0, 7, 1.0, 0.58, 1.0),
        # Every item the other way round: worse than chance.
        (0, 5, 5, 0, 0.0, 0.5, -1.0),
        # One tags everything, the other nothing: pe = 1·0 + 0·1 = 0, κ = 0.
        (0, 10, 0, 0, 0.0, 0.0, 0.0),
    ],
)
def test_cohen_matches_hand_computed_tables(
    both: int,
    only_a: int,
    only_b: int,
    neither: int,
    observed: float,
    expected: float,
    value: float,
) -> None:
    result = cohen(PairCounts(both, only_a, only_b, neither))
    assert result.observed == pytest.approx(observed)
    assert result.expected == pytest.approx(expected)
    assert result.value == pytest.approx(value)
    assert result.note == ""


@pytest.mark.parametrize(
    "counts",
    [PairCounts(0, 0, 0, 12), PairCounts(9, 0, 0, 0)],
    ids=["nobody-tagged-anything", "everyone-tagged-everything"],
)
def test_cohen_without_variance_is_undefined_not_perfect(counts: PairCounts) -> None:
    result = cohen(counts)
    assert result.value is None
    assert result.observed == 1.0  # they did answer alike: that much is true
    assert result.note == NO_VARIANCE


def test_cohen_of_nothing_is_undefined() -> None:
    result = cohen(PairCounts(0, 0, 0, 0))
    assert (result.value, result.observed, result.note) == (None, None, NO_ITEMS)


def test_pair_counts_cross_counts_two_answer_lists() -> None:
    a = [True, True, False, False, True]
    b = [True, False, True, False, False]
    assert pair_counts(a, b) == PairCounts(both=1, only_a=2, only_b=1, neither=1)
    with pytest.raises(ValueError, match="same items"):
        pair_counts(a, b[:-1])


# The textbook Fleiss example: 10 items, 14 raters, 5 categories; P̄ = .378, P̄e = .213,
# κ = .210.
FLEISS_TABLE = [
    [0, 0, 0, 0, 14],
    [0, 2, 6, 4, 2],
    [0, 0, 3, 5, 6],
    [0, 3, 9, 2, 0],
    [2, 2, 8, 1, 1],
    [7, 7, 0, 0, 0],
    [3, 2, 6, 3, 0],
    [2, 5, 3, 2, 2],
    [6, 5, 2, 1, 0],
    [0, 2, 2, 3, 7],
]


def test_fleiss_matches_the_textbook_example() -> None:
    result = fleiss(FLEISS_TABLE)
    assert result.observed == pytest.approx(0.378, abs=5e-4)
    assert result.expected == pytest.approx(0.213, abs=5e-4)
    assert result.value == pytest.approx(0.210, abs=5e-4)


def test_fleiss_of_three_reviewers_on_yes_no_by_hand() -> None:
    # Three reviewers, four sentences: (yes, no) counts 3/0, 0/3, 2/1, 1/2.
    # P_i = 1, 1, 1/3, 1/3 → P̄ = 2/3; p_yes = p_no = 6/12 → P̄e = .5; κ = (2/3 − .5)/.5 = 1/3.
    result = fleiss([[3, 0], [0, 3], [2, 1], [1, 2]])
    assert result.value == pytest.approx(1 / 3)
    assert result.observed == pytest.approx(2 / 3)


def test_fleiss_without_variance_or_items_is_undefined() -> None:
    assert fleiss([[0, 3], [0, 3]]).value is None
    assert fleiss([[0, 3], [0, 3]]).note == NO_VARIANCE
    assert fleiss([]).note == NO_ITEMS
    with pytest.raises(ValueError, match="same number of reviewers"):
        fleiss([[1, 2], [1, 1]])


def test_cohen_agrees_with_scikit_learn_where_it_is_installed() -> None:
    metrics = pytest.importorskip("sklearn.metrics")
    rng = random.Random(11)
    for _ in range(50):
        n = rng.randint(2, 60)
        a = [rng.random() < 0.4 for _ in range(n)]
        b = [x if rng.random() < 0.7 else not x for x in a]
        mine = cohen(pair_counts(a, b)).value
        if mine is None:
            continue
        assert mine == pytest.approx(metrics.cohen_kappa_score(a, b))


answers = st.lists(st.tuples(st.booleans(), st.booleans()), min_size=1, max_size=40)


@given(answers)
def test_cohen_is_symmetric_bounded_and_fleiss_agrees_on_its_observed_share(
    pairs: list[tuple[bool, bool]],
) -> None:
    a = [x for x, _ in pairs]
    b = [y for _, y in pairs]
    forward, backward = cohen(pair_counts(a, b)), cohen(pair_counts(b, a))
    assert forward.value == backward.value or (
        forward.value is not None
        and backward.value is not None
        and forward.value == pytest.approx(backward.value)
    )
    if forward.value is not None:
        assert -1.0 - 1e-9 <= forward.value <= 1.0 + 1e-9
    # Two raters: Fleiss' per-item agreement is 1 when they match and 0 when not, so its
    # observed share is Cohen's observed agreement.
    table = [[int(x) + int(y), 2 - int(x) - int(y)] for x, y in pairs]
    assert fleiss(table).observed == pytest.approx(forward.observed)
    # Undefined exactly when there is no variance at all.
    assert (forward.value is None) == (len(set(a) | set(b)) == 1)

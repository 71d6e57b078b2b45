"""Figures read the way a reader reads them: a fraction in words is a fraction, an ordinal
count of events is no figure, and the argument of a function call in pasted code is no
quantity."""

from __future__ import annotations

import pytest

from workbench.core.figures import find_figures


def read(text: str) -> list[tuple[str, str, float | None]]:
    return [(f.text, f.kind, f.value) for f in find_figures(text)]


@pytest.mark.parametrize(
    ("text", "figure"),
    [
        ("Nearly a third were children under ten.", "a third"),
        ("A third said they would move away.", "A third"),
        ("Turnout fell by a third.", "a third"),
        ("About a quarter voted against the plan.", "a quarter"),
        ("Two thirds of the harbour was closed.", "Two thirds"),
        ("Roughly a fifth reported losses last year.", "a fifth"),
    ],
)
def test_a_fraction_in_words_is_a_fraction(text: str, figure: str) -> None:
    fractions = [(t, v) for t, kind, v in read(text) if kind == "fraction"]
    assert fractions and fractions[0][0] == figure


@pytest.mark.parametrize(
    "text",
    [
        "The council met for the second time this week.",
        "Rebels shelled the port for the 2nd time in a month.",
        "She was elected to a third term in office.",
        "The club won a third consecutive title.",
        "It was the 3rd time the bridge had closed.",
    ],
)
def test_ordinal_counts_of_events_are_not_figures(text: str) -> None:
    assert [kind for _, kind, _ in read(text) if kind in {"count", "fraction"}] == []


@pytest.mark.parametrize(
    "text",
    [
        "The page ran alert(1) when it loaded.",
        "A comment held <script>alert(1)</script> in its body.",
        "The script read rows[2] and stopped.",
        "Calling print(7) showed nothing.",
    ],
)
def test_arguments_in_code_are_not_figures(text: str) -> None:
    assert read(text) == []


def test_numbers_in_brackets_of_prose_stay_figures() -> None:
    assert [t for t, _, _ in read("She scored 3 (three) goals, costs (5) aside.")] == [
        "3",
        "three",
        "5",
    ]

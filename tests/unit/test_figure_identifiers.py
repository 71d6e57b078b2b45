"""Figures written in words before "percent", and numbers that say which route or line."""

from __future__ import annotations

import pytest

from workbench.core.figures import find_figures


def test_a_two_percent_raise_is_two_percent() -> None:
    [figure] = find_figures("Nurses were offered a two percent raise.")
    assert (figure.kind, figure.value, figure.unit) == ("percent", 2.0, "%")
    assert figure.text == "two percent"
    [figure] = find_figures("a twenty-five per cent cut")
    assert (figure.value, figure.unit) == (25.0, "%")
    assert [f.normal for f in find_figures("He paid a hundred pounds.")] == ["100"]


@pytest.mark.parametrize(
    "text",
    [
        "Night buses on routes 15 and 23 stop at the depot.",
        "Lines 4, 6 and 9 were closed for repairs.",
        "Passengers for flights 212 or 214 should use the east hall.",
    ],
)
def test_route_and_line_numbers_are_identifiers(text: str) -> None:
    assert find_figures(text) == []


def test_numbers_after_a_route_list_are_still_figures() -> None:
    figures = find_figures("Bus routes 15 and 23 carried 40,000 riders in 2023.")
    assert [f.text for f in figures] == ["40,000", "2023"]

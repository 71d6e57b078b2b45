"""Every case of the hand-written checks test set passes: outcome, differing words and paired
figures as the case expects."""

from __future__ import annotations

from typing import Any

import pytest

from tests.checks_set import load, mismatches

CASES = load()


def test_the_set_covers_what_it_must() -> None:
    ids = [case["id"] for case in CASES]
    assert len(ids) >= 40 and len(set(ids)) == len(ids)
    for kind in ("q-prefix", "q-split", "q-multi", "q-not-found", "f-date", "f-range", "f-multi"):
        assert sum(i.startswith(kind) for i in ids) >= 2, kind


@pytest.mark.parametrize("case", CASES, ids=[case["id"] for case in CASES])
def test_case(case: dict[str, Any]) -> None:
    assert mismatches(case) == [], case["note"]

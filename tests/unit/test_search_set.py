"""On the hand-written evidence search set, the relevant passage ranks first, is at least a
partial match, and leads every other passage by a clear margin."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import Clock
from tests.search_set import MARGIN, Outcome, fill, load, run
from workbench.core.service import Workbench

CASES = load()


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Outcome]:
    path: Path = tmp_path_factory.mktemp("search") / "search.db"
    with Workbench(path, "alice", clock=Clock()) as workbench:
        fill(workbench, CASES)
        return {o.case: o for o in run(workbench, CASES)}


def test_the_set_has_twenty_cases_with_distractors() -> None:
    assert len(CASES) >= 20
    assert all(len(case["unrelated"]) >= 2 for case in CASES)


@pytest.mark.parametrize("case", [case["id"] for case in CASES])
def test_the_relevant_passage_leads(outcomes: dict[str, Outcome], case: str) -> None:
    outcome = outcomes[case]
    assert outcome.first, outcome
    assert outcome.strength in {"strong", "partial"}, outcome
    assert outcome.margin >= MARGIN, outcome

"""The hand-written evidence search set (tests/data/search_cases.json): every passage of every
case is stored as a source in one database, and each case's sentence is searched for the way
`find-evidence` searches. Used by the test and by the benchmark."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from workbench.core.models import PassageHit
from workbench.core.service import Workbench

CASES = Path(__file__).resolve().parent / "data" / "search_cases.json"
# Written after the score was built and not used to tune it: reported apart by the benchmark.
HELD_OUT = CASES.with_name("search_cases_heldout.json")
MARGIN = 15.0  # points by which the relevant passage must lead the best other passage


def load(path: Path = CASES) -> list[dict[str, Any]]:
    cases: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))["cases"]
    return cases


@dataclass(frozen=True)
class Outcome:
    case: str
    first: bool  # the relevant passage ranks first
    relevant: float  # its score (0 when it is not offered)
    strength: str  # its score in words
    other: float  # the best score of any other passage (0 when none is offered)

    @property
    def margin(self) -> float:
        return self.relevant - self.other


def fill(workbench: Workbench, cases: list[dict[str, Any]]) -> None:
    """Store every passage of every case as a source of its own; a case's `snapshot`, when it
    has one, is the source holding its relevant statement among others."""
    for case in cases:
        first = case.get("snapshot", case["relevant"])
        for index, text in enumerate([first, *case["unrelated"]]):
            workbench.add_source(
                url=f"https://example.org/{case['id']}/{index}", title="passage", snapshot=text
            )


def _relevant(case: dict[str, Any], hit: PassageHit) -> bool:
    """A passage of the relevant source that is (part of) the relevant text: a statement of
    another subject in the same snapshot is not."""
    return hit.source.url == f"https://example.org/{case['id']}/0" and (
        hit.text.strip() in case["relevant"]
    )


def run(workbench: Workbench, cases: list[dict[str, Any]]) -> list[Outcome]:
    outcomes = []
    for case in cases:
        hits = workbench.finder.find_evidence(case["sentence"], limit=10)
        relevant = [h for h in hits if _relevant(case, h)]
        others = [h.score for h in hits if not _relevant(case, h)]
        outcomes.append(
            Outcome(
                case["id"],
                bool(hits) and _relevant(case, hits[0]),
                relevant[0].score if relevant else 0.0,
                relevant[0].match.strength if relevant else "not offered",
                max(others, default=0.0),
            )
        )
    return outcomes

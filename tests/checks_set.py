"""The hand-written checks test set (tests/data/checks_cases.json): each case's sentence is
checked against its snapshot (and excerpt) and the outcome, the differing words and the paired
figures are compared with what the case expects. Used by the test and by the benchmark."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from workbench.core.checks import run_checks

CASES = Path(__file__).resolve().parent / "data" / "checks_cases.json"
# Written after the checks were built and not used to tune them: the benchmark reports them
# apart, and the tests do not require them.
HELD_OUT = CASES.with_name("checks_cases_heldout.json")


def load(path: Path = CASES) -> list[dict[str, Any]]:
    cases: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))["cases"]
    return cases


def mismatches(case: dict[str, Any]) -> list[str]:
    """What the checks got wrong for one case (empty when everything is as expected)."""
    results = {
        r.kind: r
        for r in run_checks(case["sentence"], set(case["tags"]), case["excerpt"], case["snapshot"])
    }
    wrong = []
    for kind, expected in case["expect"].items():
        result = results.get(kind)
        if result is None:
            wrong.append(f"{kind}: no result")
            continue
        if result.outcome != expected["outcome"]:
            wrong.append(f"{kind}: {result.outcome} ({result.summary}), not {expected['outcome']}")
            continue
        for field in ("differ", "dropped", "added"):
            if field in expected and result.detail.get(field) != expected[field]:
                wrong.append(f"{kind} {field}: {result.detail.get(field)} not {expected[field]}")
        if "pairs" in expected:
            pairs = [[p["figure"], p.get("evidence")] for p in result.detail["pairs"]]
            if pairs != expected["pairs"]:
                wrong.append(f"{kind} pairs: {pairs} not {expected['pairs']}")
    return wrong

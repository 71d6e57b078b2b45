"""Do evidence match scores separate the relevant passage from the others? On the hand-written
search set (tests/data/search_cases.json, every passage stored as a source in one database),
each sentence is searched as `find-evidence` searches, and this prints how often the relevant
passage ranks first, its lead over the best other passage (the margin, in score points), and
how often that lead is at least the margin the tests require.

The baseline, in the same run, is the earlier score: rapidfuzz WRatio of the sentence against
each passage (default processing), which gave unrelated passages the same score as relevant
ones.

    python benchmarks/bench_search_scores.py [--verbose]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from rapidfuzz import fuzz, utils  # noqa: E402

from tests.search_set import HELD_OUT, MARGIN, fill, load, run  # noqa: E402
from workbench.core.service import Workbench  # noqa: E402


def report(name: str, firsts: list[bool], margins: list[float]) -> None:
    n = len(firsts)
    clear = sum(m >= MARGIN for m in margins)
    print(
        f"{name:9} first {sum(firsts)}/{n} = {sum(firsts) / n:.0%}   "
        f"margin mean {statistics.mean(margins):5.1f}  median {statistics.median(margins):5.1f}"
        f"  min {min(margins):5.1f}   margin >= {MARGIN:.0f}: {clear}/{n}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", action="store_true", help="one line per case")
    args = parser.parse_args()
    measure(load(), "in-sample", args.verbose)
    measure(load(HELD_OUT), "held out (distractors of both sets stored)", args.verbose, load())


def measure(
    cases: list[dict[str, Any]],
    name: str,
    verbose: bool,
    also_stored: list[dict[str, Any]] | None = None,
) -> None:
    """Search each case's sentence among the passages of `cases` (and `also_stored`)."""
    with (
        tempfile.TemporaryDirectory() as folder,
        Workbench(Path(folder) / "search.db", "bench") as workbench,
    ):
        fill(workbench, cases + (also_stored or []))
        outcomes = run(workbench, cases)
    stored = cases + (also_stored or [])
    passages = [text for case in stored for text in [case["relevant"], *case["unrelated"]]]
    base_first, base_margin = [], []
    for case in cases:
        scores = {
            text: fuzz.WRatio(case["sentence"], text, processor=utils.default_process)
            for text in passages
        }
        relevant = scores.pop(case["relevant"])
        other = max(scores.values())
        base_first.append(relevant > other)
        base_margin.append(relevant - other)
    print(f"{name}: {len(cases)} cases, {len(passages)} passages stored")
    report("scores", [o.first for o in outcomes], [o.margin for o in outcomes])
    report("WRatio", base_first, base_margin)
    strengths = [o.strength for o in outcomes]
    print(
        "relevant passage: "
        + ", ".join(f"{s} {strengths.count(s)}" for s in sorted(set(strengths)))
    )
    if verbose:
        for o in outcomes:
            print(f"  {o.case:14} {o.relevant:5.1f} ({o.strength}) vs {o.other:5.1f}")


if __name__ == "__main__":
    main()

"""Accuracy of the quote and figure checks on the hand-written checks test set
(tests/data/checks_cases.json): a case counts as right when the outcome, the differing words and
the paired figures are all as it expects.

The baseline is the same cases run by the checks of another revision (default `main`), taken
from git into a temporary folder and run in a separate process, in the same run.

    python benchmarks/bench_checks.py [--baseline main] [--verbose]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def score(verbose: bool, held_out: bool = False) -> dict[str, list[int]]:
    """[right, total] per family of cases (the part of the id before its first dash)."""
    from tests.checks_set import CASES, HELD_OUT, load, mismatches

    tally: dict[str, list[int]] = {}
    for case in load(HELD_OUT if held_out else CASES):
        try:
            wrong = mismatches(case)
        except Exception as error:  # noqa: BLE001 -- an old revision may fail on a case
            wrong = [f"error: {error!r}"]
        family = {"q": "quote", "f": "figure", "qf": "quote+figure"}[case["id"].split("-")[0]]
        entry = tally.setdefault(family, [0, 0])
        entry[0] += not wrong
        entry[1] += 1
        if verbose and wrong:
            print(f"  {case['id']}: {'; '.join(wrong)}", file=sys.stderr)
    return tally


def baseline(ref: str) -> dict[str, list[int]] | None:
    """The same score for the checks of revision `ref`, or None when git cannot give it."""
    with tempfile.TemporaryDirectory() as folder:
        archive = subprocess.run(
            ["git", "-C", str(ROOT), "archive", ref, "workbench"],
            capture_output=True,
            check=False,
        )
        if archive.returncode != 0:
            return None
        subprocess.run(["tar", "-x", "-C", folder], input=archive.stdout, check=True)
        run = subprocess.run(
            [sys.executable, str(Path(__file__)), "--score-only"],
            capture_output=True,
            text=True,
            check=False,
            env={**os.environ, "PYTHONPATH": os.pathsep.join([folder, str(ROOT)])},
        )
        if run.returncode != 0:
            return None
        result: dict[str, list[int]] = json.loads(run.stdout)
        return result


def line(name: str, tally: dict[str, list[int]]) -> str:
    right = sum(r for r, _ in tally.values())
    total = sum(t for _, t in tally.values())
    parts = ", ".join(f"{family} {r}/{t}" for family, (r, t) in sorted(tally.items()))
    return f"{name:10} {right}/{total} = {right / total:.1%}  ({parts})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", default="main", help="git revision to compare with")
    parser.add_argument("--verbose", action="store_true", help="list the cases that fail")
    parser.add_argument("--score-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.score_only:
        print(json.dumps(score(False)))
        return
    sys.path.insert(0, str(ROOT))
    ours = score(args.verbose)
    print(line("checks", ours))
    print(line("held out", score(args.verbose, held_out=True)))
    theirs = baseline(args.baseline)
    if theirs is None:
        print(f"baseline   {args.baseline}: not available")
        return
    print(line(args.baseline, theirs))
    ours_right = sum(r for r, _ in ours.values())
    theirs_right = sum(r for r, _ in theirs.values())
    print(f"ratio      {ours_right / max(theirs_right, 1):.2f}x the cases of {args.baseline}")


if __name__ == "__main__":
    main()

"""Check-worthiness: how fast the shipped model scores sentences, and its cross-validated
figures.

The speed (CPU time of this process, so that other work on the machine does not count): the
development articles repeated to about 1 MB, segmented; the rule features
`suggest` computes for them (the baseline, timed in the same run), then the model's scores
from those features (a sparse dot product in plain Python). The figures: the leave-one-debate-
out report `scripts/train_worth.py --cv` wrote to `benchmarks/worth_report.md` (training
needs the `train` extra and the data, which the repository does not hold).

    python benchmarks/bench_worth.py [--evaldata DIR] [--rounds N]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from workbench.core import worth
from workbench.core.segment import split_sentences
from workbench.core.suggest import signals_of

ROOT = Path(__file__).resolve().parents[1]
REPORT = ROOT / "benchmarks" / "worth_report.md"


def rows_of(folder: Path) -> list[tuple[str, int]]:
    body = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt")))
    text = "\n\n".join([body] * (1_000_000 // len(body) + 1))
    rows, paragraph, last = [], 0, 0
    for span in split_sentences(text):
        paragraph += text.count("\n\n", last, span.start)
        last = span.start
        rows.append((span.text, paragraph))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--evaldata", type=Path, default=ROOT / "tests" / "data" / "evaldata")
    parser.add_argument("--rounds", type=int, default=3, help="Best of this many runs.")
    args = parser.parse_args()
    rows = rows_of(args.evaldata)
    texts = [text for text, _ in rows]
    paragraphs = [paragraph for _, paragraph in rows]
    started = time.process_time()
    worth.score_article(texts[:1], paragraphs[:1], [()])
    load = time.process_time() - started
    rules = scoring = float("inf")
    for _ in range(args.rounds):
        started = time.process_time()
        signals = signals_of(rows)
        rules = min(rules, time.process_time() - started)
        started = time.process_time()
        worth.score_article(texts, paragraphs, signals)
        scoring = min(scoring, time.process_time() - started)
    count = len(rows)
    print(f"{count} sentences; model file read and indexed once in {load * 1000:.0f} ms")
    print(f"rule features (baseline): {count / rules:>10,.0f} sentences/s")
    print(
        f"model scoring:            {count / scoring:>10,.0f} sentences/s "
        f"({rules / scoring:.1f}× the rules' speed; adds {scoring / rules:.0%} to them)"
    )
    if REPORT.exists():
        print()
        print(REPORT.read_text(encoding="utf-8").rstrip())


if __name__ == "__main__":
    main()

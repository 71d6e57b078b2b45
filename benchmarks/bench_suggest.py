"""Tag suggestions against hand-labelled articles: precision and recall per label, and speed.

Each article of the evaluation folder (`NAME.txt` with `NAME.gold.json`, as in the
development set) is read and segmented as an import would, suggestions are made for the whole
article, and each gold sentence is compared with the suggestion for the same text (the headline,
which the gold files keep as metadata, is left out). Then the speed: suggestions for a 1 MB
article against segmenting the same text, in the same run.

    python benchmarks/bench_suggest.py [--evaldata DIR] [--errors]
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from workbench.core.ingest import read_document
from workbench.core.layout import segment_document
from workbench.core.segment import split_sentences
from workbench.core.suggest import suggest

ROOT = Path(__file__).resolve().parents[1]
LABELS = ("claim", "quote", "figure")


def evaluate(folder: Path, errors: list[str] | None = None) -> dict:
    counts = {label: {"tp": 0, "fp": 0, "fn": 0} for label in LABELS}
    sentences = 0
    for gold_path in sorted(folder.glob("*.gold.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        document = read_document(gold_path.with_name(gold["file"]))
        rows = segment_document(document)
        hints = suggest([(text, paragraph) for _, _, paragraph, _, text in rows])
        by_text = {
            row[4]: found for row, found in zip(rows, hints, strict=True) if row[3] != "headline"
        }
        for index, item in enumerate(gold["sentences"]):
            sentences += 1
            found = by_text.get(item["text"])
            got = set(found.tags) if found else set()
            for label in LABELS:
                wanted = label in item["labels"]
                key = (
                    ("tp" if label in got else "fn") if wanted else ("fp" if label in got else None)
                )
                if key:
                    counts[label][key] += 1
                if key in {"fp", "fn"} and errors is not None:
                    errors.append(
                        f"{key.upper()} {label:6} {gold_path.stem} #{index}: {item['text'][:90]}"
                    )
    scores: dict = {"sentences": sentences}
    for label, c in counts.items():
        scores[label] = {
            **c,
            "precision": c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 1.0,
            "recall": c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 1.0,
        }
    return scores


def speed(folder: Path) -> tuple[float, float, int, float]:
    body = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt")))
    text = "\n\n".join([body] * (1_000_000 // len(body) + 1))
    started = time.perf_counter()
    spans = split_sentences(text)
    split_seconds = time.perf_counter() - started
    rows = []
    paragraph, last = 0, 0
    for span in spans:
        paragraph += text.count("\n\n", last, span.start)
        last = span.start
        rows.append((span.text, paragraph))
    started = time.perf_counter()
    suggest(rows)
    return len(text) / 1e6, split_seconds, len(rows), time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--evaldata", type=Path, default=ROOT / "tests" / "data" / "evaldata")
    parser.add_argument("--errors", action="store_true", help="List every disagreement.")
    args = parser.parse_args()
    errors: list[str] = []
    scores = evaluate(args.evaldata, errors)
    print(
        f"{scores['sentences']} gold sentences in {args.evaldata.name} (in-sample where it is the "
        "development set: the rules were written while reading it)"
    )
    print(f"{'label':8}{'tp':>5}{'fp':>5}{'fn':>5}{'precision':>11}{'recall':>8}")
    for label in LABELS:
        s = scores[label]
        print(
            f"{label:8}{s['tp']:>5}{s['fp']:>5}{s['fn']:>5}"
            f"{s['precision']:>11.3f}{s['recall']:>8.3f}"
        )
    if args.errors:
        print("\n".join(errors))
    megabytes, split_seconds, count, seconds = speed(args.evaldata)
    print(
        f"speed: {megabytes:.2f} MB, {count} sentences: suggestions {seconds:.2f} s "
        f"({count / seconds:,.0f} sentences/s, {megabytes / seconds:.2f} MB/s); "
        f"segmenting the same text {split_seconds:.2f} s "
        f"(suggestions {seconds / split_seconds:.1f}× segmenting)"
    )


if __name__ == "__main__":
    main()

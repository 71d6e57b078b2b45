"""Train the check-worthiness model the package ships, and measure it honestly.

    python scripts/train_worth.py --data DIR [--out FILE] [--report FILE] [--cv]

DIR holds `clef2019_train/*.tsv` (the CLEF-2019 CheckThat! Task 1 training debates:
`line <TAB> speaker <TAB> text <TAB> label`) and `claimbuster_groundtruth.csv`
(`sentence_id,label,text`). The data is public but not part of the repository.

Without `--cv` it fits one model on every line of both sets and writes the weights file
(`workbench/core/data/worth_model.json` by default): the same files give the same bytes.

With `--cv` it first reports cross-validated figures, scored as the lab scores them (rank
every line of a debate; average precision over its check-worthy lines; mean over debates):

- the CheckThat! debates, leaving one whole debate out at a time (trained on the others and
  on ClaimBuster, less any ClaimBuster sentence that also occurs in the held-out debate);
- ClaimBuster, in five blocks of consecutive sentence ids (the ids follow the debates' order),
  one block out at a time (trained on the other blocks and the CheckThat! debates, less any
  line that also occurs in the held-out block);
- the ablation: the model without its word features, without the rule features, without the
  speaker-turn and neighbour features; the rules' own score; and word 1-2-grams alone trained
  on the CheckThat! debates (the lab's plain baseline).

Needs the `train` extra (scikit-learn); the package itself never imports it.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import tempfile
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy.sparse import csr_matrix
from sklearn.linear_model import LogisticRegression

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from workbench.core import worth  # noqa: E402
from workbench.core.suggest import _rule_hints  # noqa: E402

OUT = ROOT / "workbench" / "core" / "data" / worth.MODEL_FILE
C = 0.1  # inverse regularisation strength, chosen by the debate cross-validation
CLAIMBUSTER_WEIGHT = 0.5  # a ClaimBuster sentence counts half a debate line
MIN_COUNT = 3  # a feature seen in fewer training lines is dropped
KEEP = 0.05  # weights smaller than this are left out of the shipped file
DIGITS = 4
DUAL = True


@dataclass
class Lines:
    """Labelled lines with their features, grouped (a debate, or a block of ClaimBuster)."""

    group: str
    texts: list[str]
    labels: list[int]
    features: list[list[str]]
    rule_scores: list[float]


def read_debate(path: Path, parts: frozenset[str]) -> Lines:
    texts, labels, turns = [], [], []
    turn, speaker = 0, None
    with path.open(encoding="utf-8", newline="") as handle:
        for raw in handle:
            fields = raw.rstrip("\r\n").split("\t")
            if len(fields) < 4:
                continue
            if fields[1] != speaker:
                turn, speaker = turn + 1, fields[1]
            texts.append(fields[2])
            labels.append(int(fields[3]))
            turns.append(turn)
    hints = _rule_hints(list(zip(texts, turns, strict=True)), None)
    signals = [h.signals for h in hints]
    features = worth.article_features(texts, turns, signals, parts)
    return Lines(path.stem, texts, labels, features, [h.score for h in hints])


def read_claimbuster(
    path: Path, parts: frozenset[str]
) -> list[tuple[int, str, int, list[str], float]]:
    rows = []
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            text = row["text"]
            hints = _rule_hints([(text, 0)], None)[0]
            features = worth.sentence_features(text, hints.signals, parts)
            rows.append((int(row["sentence_id"]), text, int(row["label"]), features, hints.score))
    rows.sort()
    return rows


def claimbuster_blocks(
    rows: list[tuple[int, str, int, list[str], float]], count: int = 5
) -> list[Lines]:
    size = -(-len(rows) // count)
    blocks = []
    for index in range(count):
        part = rows[index * size : (index + 1) * size]
        name = f"ids {part[0][0]}-{part[-1][0]}"
        blocks.append(
            Lines(
                name,
                [r[1] for r in part],
                [r[2] for r in part],
                [r[3] for r in part],
                [r[4] for r in part],
            )
        )
    return blocks


def load(data: Path, parts: frozenset[str] = worth.PARTS) -> tuple[list[Lines], list[Lines]]:
    debates = [read_debate(p, parts) for p in sorted((data / "clef2019_train").glob("*.tsv"))]
    blocks = claimbuster_blocks(read_claimbuster(data / "claimbuster_groundtruth.csv", parts))
    return debates, blocks


def _key(text: str) -> str:
    return " ".join(worth.tokens(text))


def fit(training: Sequence[tuple[Lines, float]], c: float = C) -> tuple[float, dict[str, float]]:
    """A logistic model over the features of the given line sets (each with its weight)."""
    counts: Counter[str] = Counter()
    for lines, _ in training:
        for features in lines.features:
            counts.update(set(features))
    vocabulary = sorted(f for f, n in counts.items() if n >= MIN_COUNT)
    index = {f: i for i, f in enumerate(vocabulary)}
    rows, cols, vals, labels, weights = [], [], [], [], []
    row = 0
    for lines, weight in training:
        for features, label in zip(lines.features, lines.labels, strict=True):
            for feature, n in sorted(Counter(f for f in features if f in index).items()):
                rows.append(row)
                cols.append(index[feature])
                vals.append(float(n))
            labels.append(label)
            weights.append(weight)
            row += 1
    matrix = csr_matrix((vals, (rows, cols)), shape=(row, len(vocabulary)), dtype=np.float64)
    y = np.array(labels)
    w = np.array(weights)
    # Balance the classes: a check-worthy line counts as much in all as the others.
    positive = w[y == 1].sum()
    negative = w[y == 0].sum()
    w = np.where(
        y == 1,
        w * (positive + negative) / (2 * positive),
        w * (positive + negative) / (2 * negative),
    )
    model = LogisticRegression(C=c, solver="liblinear", dual=DUAL, max_iter=1000, random_state=0)
    model.fit(matrix, y, sample_weight=w)
    coefficients = model.coef_[0]
    kept = {
        feature: round(float(coefficients[i]), DIGITS)
        for feature, i in index.items()
        if abs(coefficients[i]) >= KEEP
    }
    return round(float(model.intercept_[0]), DIGITS), kept


def scores_of(bias: float, weights: dict[str, float], lines: Lines) -> list[float]:
    scorer = worth.Model(bias, weights)
    return [scorer.logit(f) for f in lines.features]


def ranking_figures(scores: Sequence[float], labels: Sequence[int]) -> dict[str, float]:
    """Average precision, R-precision and P@5/10/20 of one ranked group of lines."""
    order = sorted(range(len(scores)), key=lambda i: (-scores[i], i))
    ranked = [labels[i] for i in order]
    relevant = sum(ranked)
    hits, total = 0, 0.0
    for rank, label in enumerate(ranked, 1):
        if label:
            hits += 1
            total += hits / rank
    figures = {
        "AP": total / relevant if relevant else 0.0,
        "R-prec": sum(ranked[:relevant]) / relevant if relevant else 0.0,
    }
    for k in (5, 10, 20):
        figures[f"P@{k}"] = sum(ranked[:k]) / k
    return figures


def mean_figures(per_group: list[dict[str, float]]) -> dict[str, float]:
    return {key: sum(g[key] for g in per_group) / len(per_group) for key in per_group[0]}


def without(lines: Lines, texts: set[str]) -> Lines:
    keep = [i for i, t in enumerate(lines.texts) if _key(t) not in texts]
    return Lines(
        lines.group,
        [lines.texts[i] for i in keep],
        [lines.labels[i] for i in keep],
        [lines.features[i] for i in keep],
        [lines.rule_scores[i] for i in keep],
    )


def cross_validate(
    debates: list[Lines], blocks: list[Lines], c: float = C, claimbuster: bool = True
) -> tuple[dict[str, float], dict[str, float]]:
    """Leave-one-debate-out figures on the debates, leave-one-block-out on ClaimBuster."""
    per_debate = []
    for held in debates:
        seen = {_key(t) for t in held.texts}
        training = [(d, 1.0) for d in debates if d is not held]
        if claimbuster:
            training += [(without(b, seen), CLAIMBUSTER_WEIGHT) for b in blocks]
        bias, weights = fit(training, c)
        per_debate.append(ranking_figures(scores_of(bias, weights, held), held.labels))
    per_block = []
    if claimbuster:
        for held in blocks:
            seen = {_key(t) for t in held.texts}
            training = [(without(d, seen), 1.0) for d in debates]
            training += [(b, CLAIMBUSTER_WEIGHT) for b in blocks if b is not held]
            bias, weights = fit(training, c)
            per_block.append(ranking_figures(scores_of(bias, weights, held), held.labels))
    return mean_figures(per_debate), mean_figures(per_block) if per_block else {}


def rules_only(groups: list[Lines]) -> dict[str, float]:
    return mean_figures([ranking_figures(g.rule_scores, g.labels) for g in groups])


def _row(name: str, figures: dict[str, float]) -> str:
    if not figures:
        return f"| {name} | – | – | – | – | – |"
    cells = " | ".join(f"{figures[k]:.3f}" for k in ("AP", "R-prec", "P@5", "P@10", "P@20"))
    return f"| {name} | {cells} |"


def report(data: Path, grid: Sequence[float] = (C,)) -> str:
    lines = [
        "| model | MAP | R-prec | P@5 | P@10 | P@20 |",
        "|---|---|---|---|---|---|",
    ]
    claimbuster = ["| model | MAP | R-prec | P@5 | P@10 | P@20 |", "|---|---|---|---|---|---|"]
    debates, blocks = load(data)
    for c in grid:
        on_debates, on_blocks = cross_validate(debates, blocks, c)
        name = f"shipped model (C = {c})" if c == C else f"same, C = {c}"
        lines.append(_row(name, on_debates))
        claimbuster.append(_row(name, on_blocks))
        print(lines[-1], claimbuster[-1], sep="\n", file=sys.stderr, flush=True)
    for part in ("ngrams", "rules", "turn"):
        debates_less, blocks_less = load(data, worth.PARTS - {part})
        on_debates, on_blocks = cross_validate(debates_less, blocks_less)
        lines.append(_row(f"without {part}", on_debates))
        claimbuster.append(_row(f"without {part}", on_blocks))
        print(lines[-1], claimbuster[-1], sep="\n", file=sys.stderr, flush=True)
    plain_debates, plain_blocks = load(data, frozenset({"ngrams"}))
    on_debates, _ = cross_validate(plain_debates, plain_blocks, claimbuster=False)
    lines.append(_row("word 1-2-grams, debates only (baseline)", on_debates))
    lines.append(_row("the rules' own score (no training)", rules_only(debates)))
    claimbuster.append(_row("the rules' own score (no training)", rules_only(blocks)))
    return "\n".join(
        [
            "CheckThat! 2019 training debates, leave one debate out (19 folds, MAP over debates):",
            "",
            *lines,
            "",
            "ClaimBuster, leave one block of sentence ids out (5 blocks, MAP over blocks):",
            "",
            *claimbuster,
            "",
        ]
    )


def write_model(data: Path, out: Path) -> None:
    debates, blocks = load(data)
    bias, weights = fit([(d, 1.0) for d in debates] + [(b, CLAIMBUSTER_WEIGHT) for b in blocks])
    # One weight a line, in name order: a readable file whose changes read as a diff.
    lines = [
        "{",
        f'"about": "check-worthiness weights, rebuilt by scripts/train_worth.py (C = {C})",',
        f'"bias": {bias!r},',
        '"weights": {',
        ",\n".join(
            f"{json.dumps(name, ensure_ascii=False)}: {weight!r}"
            for name, weight in sorted(weights.items())
        ),
        "}}",
    ]
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--cv", action="store_true", help="Report cross-validated figures.")
    parser.add_argument("--report", type=Path, help="Also write the report to this file.")
    parser.add_argument(
        "--check",
        action="store_true",
        help="Rebuild into a temporary file; exit 1 unless it is the shipped file byte for byte.",
    )
    parser.add_argument(
        "--grid",
        type=float,
        nargs="+",
        default=[C],
        help="Regularisation strengths C to cross-validate (the shipped one is C = %(default)s).",
    )
    args = parser.parse_args()
    if args.cv:
        text = report(args.data, args.grid)
        print(text)
        if args.report:
            args.report.write_text(text, encoding="utf-8")
    if args.check:
        with tempfile.TemporaryDirectory() as folder:
            rebuilt = Path(folder) / OUT.name
            write_model(args.data, rebuilt)
            same = rebuilt.read_bytes() == OUT.read_bytes()
        print(f"{OUT.name}: " + ("rebuilt byte for byte" if same else "DIFFERS from the rebuild"))
        raise SystemExit(0 if same else 1)
    write_model(args.data, args.out)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()

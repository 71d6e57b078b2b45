"""Aligning two revisions of an article, sentence by sentence, against the naive baseline.

The article is generated: 10,000 news-like sentences (a seeded vocabulary, numbers, names),
then a second revision with the edits a newsroom makes after publication - 2% of sentences
reworded slightly (a figure or a word changed), 0.5% rewritten, 1% removed, 1% added, and a
block of 40 sentences moved (removed in one place, added in another). Figures:

- the alignment of the two 10,000-sentence revisions (`workbench.core.revisions.align`),
  CPU time, best of three; the target is under 1 s;
- the naive baseline, every old sentence scored against every new one with rapidfuzz and the
  same dynamic programme (`naive_align`), on a smaller article (it is quadratic), and the
  anchored alignment on that same article, so the ratio is measured, not extrapolated;
- how many of the planted edits the alignment found (edited, removed, added);
- the whole re-import through the store (`--store`): segmenting, aligning and writing the
  revision as one action (moving the review, flagging what changed, remaking the derived data
  of the changed paragraphs), wall time, best of `--repeat`, for the article of `--store`
  sentences; and the same re-import by the code of another revision (`--baseline`, default
  `main`, taken from git into a temporary folder and run in a separate process, in the same
  run), with the ratio, and whether both left the same suggestions, scores and flags.

    python benchmarks/bench_revisions.py [--sentences 10000] [--naive 1000] [--store 10000]
        [--baseline main] [--repeat 2]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from workbench.core.revisions import ADDED, EDITED, REMOVED, align, naive_align

ROOT = Path(__file__).resolve().parents[1]

WORDS = (
    "the council said minister budget rose fell percent year report city police officials "
    "according to data showed increase decrease spending health schools water election vote "
    "court ruling company shares market prices inflation workers union strike hospital"
).split()
NAMES = ("Ortega", "Mbeki", "Lindqvist", "Haddad", "Nakamura", "O'Brien", "Kowalski")


def _sentence(rng: random.Random) -> str:
    words = rng.choices(WORDS, k=rng.randint(9, 24))
    words.insert(rng.randrange(len(words)), f"{rng.randint(2, 9999):,}")
    words.insert(rng.randrange(len(words)), rng.choice(NAMES))
    return words[0].capitalize() + " " + " ".join(words[1:]) + "."


def revisions(count: int, seed: int = 12) -> tuple[list[str], list[str], dict[str, int]]:
    rng = random.Random(seed)
    old = [_sentence(rng) for _ in range(count)]
    new: list[str] = []
    planted = {"edited": 0, "removed": 0, "added": 0}
    moved_from = rng.randrange(count // 4, count // 2)
    moved = set(range(moved_from, moved_from + min(40, count // 50)))
    for i, text in enumerate(old):
        roll = rng.random()
        if i in moved:
            planted["removed"] += 1
            continue
        if roll < 0.02:  # a figure corrected
            new.append(text.replace(",", "", 1) if "," in text else text[:-1] + " today.")
            planted["edited"] += 1
        elif roll < 0.025:  # rewritten
            new.append(_sentence(rng))
            planted["removed"] += 1
            planted["added"] += 1
        elif roll < 0.035:
            planted["removed"] += 1
        else:
            new.append(text)
        if rng.random() < 0.01:
            new.append(_sentence(rng))
            planted["added"] += 1
        if i == 3 * count // 4:
            new.extend(old[j] for j in sorted(moved))
            planted["added"] += len(moved)
    return old, new, planted


def _timed(fn: Callable[[], Any], repeat: int = 3) -> tuple[float, Any]:
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.process_time()
        result = fn()
        best = min(best, time.process_time() - start)
    return best, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=10_000)
    parser.add_argument("--naive", type=int, default=1_000)
    parser.add_argument("--store", type=int, default=10_000)
    parser.add_argument("--baseline", default="main", help="git revision to compare with")
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--store-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.store_only:  # one measurement, for a separate process (this tree or a baseline's)
        print(json.dumps(_store(args.store)))
        return
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")

    old, new, planted = revisions(args.sentences)
    seconds, pairs = _timed(lambda: align(old, new))
    found = {
        "edited": sum(1 for p in pairs if p.kind == EDITED),
        "removed": sum(1 for p in pairs if p.kind == REMOVED),
        "added": sum(1 for p in pairs if p.kind == ADDED),
    }
    print(f"revisions of {len(old):,} and {len(new):,} sentences")
    print(f"  anchored alignment: {seconds:.3f} s CPU (target under 1 s)")
    print(
        "  planted edits: "
        + ", ".join(f"{k} {planted[k]} (found {found[k]})" for k in ("edited", "removed", "added"))
    )

    small_old, small_new, _ = revisions(args.naive, seed=13)
    naive_seconds, _ = _timed(lambda: naive_align(small_old, small_new), repeat=1)
    fast_seconds, _ = _timed(lambda: align(small_old, small_new))
    print(f"revisions of {len(small_old):,} sentences (baseline size)")
    print(f"  naive all-pairs baseline: {naive_seconds:.3f} s CPU")
    print(f"  anchored alignment:       {fast_seconds:.4f} s CPU")
    print(f"  ratio: {naive_seconds / max(fast_seconds, 1e-9):,.0f}x faster")
    scale = (args.sentences / args.naive) ** 2
    print(
        f"  the baseline is quadratic: at {args.sentences:,} sentences about "
        f"{naive_seconds * scale:,.0f} s (extrapolated x{scale:,.0f})"
    )
    if args.store:
        _compare(args.store, args.baseline, args.repeat)


def _paragraphs(sentences: list[str], old: list[str]) -> str:
    """Paragraphs of five of the first revision's sentences; a later revision keeps them (a
    sentence added or changed stays in the paragraph of the sentence before it)."""
    home = {text: i // 5 for i, text in enumerate(old)}
    paragraphs: list[list[str]] = []
    where = -1
    for text in sentences:
        at = home.get(text, where)
        if at != where or not paragraphs:
            paragraphs.append([])
            where = at
        paragraphs[-1].append(text)
    return "\n\n".join(" ".join(p) for p in paragraphs) + "\n"


def _compare(count: int, ref: str, repeat: int) -> None:
    """The re-import by this tree and by revision `ref`, alternated, best of `repeat`."""
    with tempfile.TemporaryDirectory() as folder:
        trees = {"this tree": str(ROOT)}
        archive = subprocess.run(
            ["git", "-C", str(ROOT), "archive", ref, "workbench"], capture_output=True, check=False
        )
        if archive.returncode == 0:
            subprocess.run(["tar", "-x", "-C", folder], input=archive.stdout, check=True)
            trees[ref] = folder
        runs: dict[str, list[dict[str, Any]]] = {name: [] for name in trees}
        for _ in range(repeat):
            for name, tree in trees.items():
                run = subprocess.run(
                    [sys.executable, str(Path(__file__)), "--store-only", "--store", str(count)],
                    capture_output=True,
                    text=True,
                    check=True,
                    env={**os.environ, "PYTHONPATH": os.pathsep.join([tree, str(ROOT)])},
                )
                runs[name].append(json.loads(run.stdout))
    best = {name: min(found, key=lambda r: r["seconds"]) for name, found in runs.items()}
    ours = best["this tree"]
    print(f"re-import of a {count:,}-sentence article through the store (best of {repeat}):")
    print(f"  {ours['revised']}")
    for name, found in best.items():
        print(f"  {name:>10}: {found['seconds']:.2f} s wall, {found['cpu']:.2f} s CPU")
    if ref in best:
        theirs = best[ref]
        print(
            f"  ratio: {theirs['seconds'] / ours['seconds']:.1f}x faster than {ref} (wall), "
            f"{theirs['cpu'] / ours['cpu']:.1f}x (CPU)"
        )
        same = theirs["derived"] == ours["derived"]
        print(f"  suggestions, scores and flags the same as {ref}'s: {'yes' if same else 'NO'}")
    else:
        print(f"  baseline {ref}: not available from git")


def _store(count: int) -> dict[str, Any]:
    """Import an article, tag a sentence, re-import its revision: the re-import's wall time,
    its summary and a digest of the derived data and flags it left."""
    from workbench.core.service import Workbench

    old, new, _ = revisions(count, seed=14)
    with tempfile.TemporaryDirectory() as folder:
        first, second = Path(folder) / "a", Path(folder) / "b"
        for path, sentences in ((first, old), (second, new)):
            path.mkdir()
            (path / "article.txt").write_text(_paragraphs(sentences, old), encoding="utf-8")
        with Workbench(Path(folder) / "bench.db", "bench") as workbench:
            article = workbench.import_file(first / "article.txt").article.id
            workbench.set_tags(article, 1, ["claim"])
            start, cpu = time.perf_counter(), time.process_time()
            result = workbench.import_file(second / "article.txt")
            seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
            conn = workbench.store.conn
            digest = hashlib.sha256()
            for query in (
                "SELECT s.start, g.tag, g.reason, g.score FROM suggestions g "
                "JOIN sentences s ON s.id = g.sentence_id ORDER BY s.start, g.tag, g.reason",
                "SELECT s.start, c.checkworthiness FROM sentence_scores c "
                "JOIN sentences s ON s.id = c.sentence_id ORDER BY s.start",
                "SELECT s.start, f.kind, f.old_text, f.review FROM revision_flags f "
                "JOIN sentences s ON s.id = f.sentence_id ORDER BY s.start, f.kind, f.old_text",
            ):
                for row in conn.execute(query):
                    digest.update(repr(tuple(row)).encode())
    return {
        "seconds": seconds,
        "cpu": cpu,
        "revised": result.revised,
        "derived": digest.hexdigest(),
    }


if __name__ == "__main__":
    main()

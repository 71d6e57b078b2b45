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
  revision as one action, wall time, for the article of `--store` sentences.

    python benchmarks/bench_revisions.py [--sentences 10000] [--naive 1000]
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Callable
from typing import Any

from workbench.core.revisions import ADDED, EDITED, REMOVED, align, naive_align

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
    args = parser.parse_args()

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
        _store(args.store)


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


def _store(count: int) -> None:
    import tempfile
    from pathlib import Path

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
            start = time.perf_counter()
            result = workbench.import_file(second / "article.txt")
            seconds = time.perf_counter() - start
    print(f"re-import of a {count:,}-sentence article through the store: {seconds:.2f} s wall")
    print(f"  {result.revised}")


if __name__ == "__main__":
    main()

"""Evidence search over 100,000 passages and "checked before" over 1,000,000 sentences.

Builds a synthetic database (news-like sentences from a fixed vocabulary, seeded), then times
the workbench's own queries (FTS5 candidates, rapidfuzz re-rank) against the baseline of a
rapidfuzz scan over every passage, in the same run.

    python benchmarks/bench_search.py [--passages 100000] [--sentences 1000000] [--queries 40]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from rapidfuzz import fuzz, process, utils  # noqa: E402

from workbench.core.service import Workbench  # noqa: E402

SUBJECTS = [
    "The ministry",
    "The army",
    "Officials",
    "The group",
    "Police",
    "The council",
    "Doctors",
    "The company",
    "Witnesses",
    "The agency",
    "Rescuers",
    "The court",
]
VERBS = ["said", "reported", "confirmed", "denied", "announced", "estimated", "warned"]


def vocabulary(rng: random.Random, size: int = 6000) -> list[str]:
    letters = "abcdefghijklmnopqrstuvwxyz"
    return ["".join(rng.choice(letters) for _ in range(rng.randint(4, 10))) for _ in range(size)]


def sentence(rng: random.Random, words: list[str]) -> str:
    body = " ".join(rng.choices(words, k=rng.randint(10, 24)))
    return (
        f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.randint(2, 90_000):,} "
        f"{body} in {rng.choice(['January', 'March', 'October', 'May'])}."
    )


def timed(fn, queries: list) -> tuple[float, float, list]:  # type: ignore[no-untyped-def]
    times, results = [], []
    for q in queries:
        t0 = time.perf_counter()
        results.append(fn(q))
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times), statistics.quantiles(times, n=20)[18], results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--passages", type=int, default=100_000)
    parser.add_argument("--sentences", type=int, default=1_000_000)
    parser.add_argument(
        "--checked-share",
        type=float,
        default=0.1,
        help="share of stored sentences that have a verdict",
    )
    parser.add_argument("--queries", type=int, default=40)
    args = parser.parse_args()
    rng = random.Random(20241111)
    words = vocabulary(rng)

    with tempfile.TemporaryDirectory() as tmp:
        wb = Workbench(Path(tmp) / "bench.db", "bench")
        store = wb.store
        conn = store.conn
        t0 = time.perf_counter()
        passages = [sentence(rng, words) + " " + sentence(rng, words) for _ in range(args.passages)]
        per_source = 20
        conn.execute("BEGIN")
        for first in range(0, len(passages), per_source):
            group = passages[first : first + per_source]
            cursor = conn.execute(
                "INSERT INTO sources (url, title, snapshot, created_by, created_at) "
                "VALUES (?, ?, ?, 'bench', '2024-01-01T00:00:00Z')",
                [f"https://example.org/{first}", f"Source {first}", "\n\n".join(group)],
            )
            offset = 0
            for text in group:
                store.conn.execute(
                    'INSERT INTO passages (source_id, start, "end", text) VALUES (?, ?, ?, ?)',
                    [cursor.lastrowid, offset, offset + len(text), text],
                )
                offset += len(text) + 2
        conn.execute("INSERT INTO passages_fts (rowid, text) SELECT id, text FROM passages")
        conn.execute("COMMIT")
        built_passages = time.perf_counter() - t0

        t0 = time.perf_counter()
        per_article = 1000
        checked_every = max(1, round(1 / args.checked_share))
        conn.execute("BEGIN")
        sentences = []
        for index in range(args.sentences):
            if index % per_article == 0:
                article = conn.execute(
                    "INSERT INTO articles (content_hash, title, format, encoding, imported_at, "
                    "imported_by, text) VALUES (?, ?, 'txt', 'utf-8', '2024-01-01', 'bench', '')",
                    [f"h{index}", f"Article {index // per_article}"],
                ).lastrowid
            text = sentence(rng, words)
            sentences.append(text)
            cursor = conn.execute(
                'INSERT INTO sentences (article_id, start, "end", paragraph, kind, text) '
                "VALUES (?, ?, ?, 0, 'body', ?)",
                [article, index, index + 1, text],
            )
            if index % checked_every == 0:
                conn.execute(
                    "INSERT INTO verdicts (sentence_id, scale, label, value, reviewer, created_at)"
                    " VALUES (?, 'newsroom', 'False', 1, 'bench', '2024-01-01')",
                    [cursor.lastrowid],
                )
                conn.execute(
                    "INSERT INTO checked_fts (rowid, text) VALUES (?, ?)", [cursor.lastrowid, text]
                )
        conn.execute("COMMIT")
        built_sentences = time.perf_counter() - t0
        print(
            f"built {args.passages:,} passages in {built_passages:.1f} s and "
            f"{args.sentences:,} sentences ({args.checked_share:.0%} with a verdict) "
            f"in {built_sentences:.1f} s"
        )

        # Queries: a stored passage or sentence reworded a little (words dropped, numbers kept).
        def reword(text: str) -> str:
            tokens = text.split()
            return " ".join(t for i, t in enumerate(tokens) if i % 5 != 3)

        article = wb.import_file(
            _probe_article(Path(tmp), rng, passages, sentences, args.queries, reword)
        ).article.id
        numbers = list(range(2, args.queries + 2))  # sentence 1 is the headline
        ev_median, ev_p95, ev_hits = timed(lambda n: wb.find_evidence(article, n), numbers)
        cb_median, cb_p95, cb_hits = timed(lambda n: wb.checked_before(article, n), numbers)
        probes = [wb.sentence(article, n).sentence.text for n in numbers[:5]]
        choices = dict(enumerate(passages))
        base_median, _, _ = timed(
            lambda q: process.extract(
                q, choices, scorer=fuzz.WRatio, processor=utils.default_process, limit=5
            ),
            probes,
        )
        # Even probes reword a passage, odd ones a verdicted sentence.
        ev_found = statistics.mean(bool(h) and h[0].score >= 80 for h in ev_hits[0::2])
        cb_found = statistics.mean(bool(h) and h[0].score >= 80 for h in cb_hits[1::2])
        print(
            f"evidence search over {args.passages:,} passages: median {ev_median:.1f} ms, "
            f"p95 {ev_p95:.1f} ms (target < 30 ms); the reworded passage ranked first with "
            f"score >= 80 for {ev_found:.0%} of the probes made from one"
        )
        print(
            f"baseline rapidfuzz scan of every passage: median {base_median:.0f} ms "
            f"-> indexed search is {base_median / ev_median:.0f}x faster"
        )
        print(
            f"checked before over {args.sentences:,} sentences: median {cb_median:.1f} ms, "
            f"p95 {cb_p95:.1f} ms (target < 200 ms); the earlier verdict found for "
            f"{cb_found:.0%} of the probes made from one"
        )
        wb.close()


def _probe_article(
    folder: Path, rng: random.Random, passages: list[str], sentences: list[str], count: int, reword
) -> Path:  # type: ignore[no-untyped-def]
    """An article whose sentences reword stored passages and verdicted sentences."""
    lines = ["Probe article", ""]
    checked = sentences[::10]
    for index in range(count):
        source = passages[rng.randrange(len(passages))] if index % 2 == 0 else rng.choice(checked)
        lines += [reword(source.split(". ")[0]) + ".", ""]
    path = folder / "probe.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


if __name__ == "__main__":
    main()

"""Import time by shape and size: segmentation, suggestions and the whole import, apart.

Three shapes of article are made in memory, each at 10,000, 30,000 and 100,000 sentences:

- news: sentences of the sample articles, their numbers varied, four to a paragraph;
- names: a new capitalised surname in every sentence (made from syllables), so the set of
  names an article uses grows with it;
- debate: a transcript, `SPEAKER NAME: text` turns by a few hundred distinct speakers.

and each shape once more at 1 MB. For each, the time to segment (`segment_document`), to
make the suggestions (`suggest`) and to import the file into a fresh database
(`Workbench.import_file`: read, segment, suggest, store). Linear cost shows as a time per
sentence that stays flat and ratios of about 3 (30k/10k) and 10 (100k/10k). Targets: any
100,000-sentence article imported in under 10 s, a 1 MB one in under 0.5 s.

    python benchmarks/bench_import.py [--quick] [--cpu] [--shapes news,names,debate] [--budget 120]
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from workbench.core.ingest import parse_document, read_document  # noqa: E402
from workbench.core.layout import segment_document  # noqa: E402
from workbench.core.service import Workbench  # noqa: E402
from workbench.core.suggest import suggest  # noqa: E402

SIZES = (10_000, 30_000, 100_000)
MEGABYTE = 1_000_000
SYLLABLES = (
    "ka lo mir den vas tor bel run sa fen gor li ma nes pra quin ros tel ul vik dra hal jo zer"
).split()


def surname(number: int) -> str:
    """A made-up surname of three or four syllables, one per number (below 24**4)."""
    parts = []
    while True:
        number, digit = divmod(number, len(SYLLABLES))
        parts.append(SYLLABLES[digit])
        if number == 0:
            break
    if len(parts) < 3:  # short names would share a five-letter stem with too many others
        parts += ["ven", "dor"][: 3 - len(parts)]
    return "".join(parts).capitalize()


def _sample_sentences() -> list[str]:
    sentences = []
    for path in sorted((ROOT / "sample_articles").glob("*")):
        if path.suffix not in {".txt", ".md", ".html"} or path.stem == "README":
            continue
        rows = segment_document(read_document(path))
        # Prose only: list items and table rows joined into a paragraph would read as prose.
        sentences += [
            text
            for _, _, _, kind, text in rows
            if kind == "body" and text[-1] in '.!?"”' and not text[0].isdigit()
        ]
    return sentences


def news(count: int) -> str:
    """Sentences of the sample articles in turn, their numbers varied; four to a paragraph."""
    rng = random.Random(1)
    sample = _sample_sentences()
    paragraphs, current = [], []
    for index in range(count):
        sentence = re.sub(
            r"\d+", lambda m: str(rng.randint(1, 10 ** len(m.group()))), sample[index % len(sample)]
        )
        current.append(sentence)
        if len(current) == 4:
            paragraphs.append(" ".join(current))
            current = []
    paragraphs.append(" ".join(current))
    return "News prose\n\n" + "\n\n".join(p for p in paragraphs if p)


NAME_TEMPLATES = (
    "Councillor {name} said the plan would cost {n} million pounds.",
    "{name} told reporters that {n} families had left the valley since {year}.",
    "The report by {name} found that {pct}% of the roads were damaged in the storm.",
    "Officials met {name} on Tuesday to discuss the budget for {year}.",
    "According to {name}, the ministry paid {n} contractors last year.",
    "Residents said {name} had warned them about the flooding in March.",
    "Police arrested {name} after {n} vehicles were stolen from the depot.",
    "Analysts expect {name} to announce the results on {day} May.",
)


def names(count: int) -> str:
    """A new capitalised name in every sentence, mid-sentence or opening it."""
    rng = random.Random(2)
    paragraphs, current = [], []
    for index in range(count):
        template = NAME_TEMPLATES[index % len(NAME_TEMPLATES)]
        current.append(
            template.format(
                name=surname(index + 600),
                n=rng.randint(2, 9_999),
                pct=rng.randint(2, 99),
                year=rng.randint(1990, 2024),
                day=rng.randint(1, 28),
            )
        )
        if len(current) == 3:
            paragraphs.append(" ".join(current))
            current = []
    paragraphs.append(" ".join(current))
    return "A register of names\n\n" + "\n\n".join(p for p in paragraphs if p)


DEBATE_LINES = (
    "We cut waiting lists by {n} per cent in {year}.",
    "That is simply not true.",
    "My opponent voted against the bill {k} times.",
    "Will you answer the question?",
    "The council spent {n} million on consultants last year.",
    "I think the people of {place} deserve better.",
    "Unemployment fell to {k}.{k}% in March, the lowest since {year}.",
    "Let me finish.",
    "We built {n} new homes and opened {k} schools.",
    "Frankly, the figures speak for themselves.",
)


def debate(count: int) -> str:
    """A transcript: turns by some 300 speakers, one to three sentences each."""
    rng = random.Random(3)
    speakers = [
        f"{surname(rng.randrange(24**2, 24**3)).upper()} {surname(900 + i).upper()}"
        for i in range(300)
    ]
    turns, written = [], 0
    while written < count:
        speaker = "MODERATOR" if rng.random() < 0.1 else rng.choice(speakers)
        lines = rng.randint(1, min(3, count - written))
        said = " ".join(
            rng.choice(DEBATE_LINES).format(
                n=rng.randint(2, 999),
                k=rng.randint(2, 9),
                year=rng.randint(1990, 2024),
                place=surname(rng.randrange(24**3)),
            )
            for _ in range(lines)
        )
        turns.append(f"{speaker}: {said}")
        written += lines
    return "Debate transcript\n\n" + "\n\n".join(turns)


SHAPES: dict[str, Callable[[int], str]] = {"news": news, "names": names, "debate": debate}


def megabyte(shape: Callable[[int], str]) -> str:
    """The shape cut to 1 MB (UTF-8) at a paragraph break."""
    count = 30_000
    text = shape(count)
    while len(text.encode()) < MEGABYTE:
        count *= 2
        text = shape(count)
    cut = text.encode()[:MEGABYTE].decode(errors="ignore")
    return cut[: cut.rfind("\n\n")]


def measure(text: str, folder: Path, clock: Callable[[], float]) -> dict[str, float]:
    """Seconds to parse, segment, suggest, and import the whole file; sentences and MB."""
    raw = text.encode()
    started = clock()
    document = parse_document(raw, "txt")
    parsed = clock()
    rows = segment_document(document)
    segmented = clock()
    suggest([(sentence, paragraph) for _, _, paragraph, _, sentence in rows])
    suggested = clock()
    path = folder / f"article-{len(raw)}.txt"
    path.write_bytes(raw)
    database = folder / f"bench-{len(raw)}.db"
    with Workbench(database, "bench") as workbench:
        started_import = clock()
        workbench.import_file(path)
        imported = clock() - started_import
    database.unlink()
    path.unlink()
    return {
        "sentences": len(rows),
        "mb": len(raw) / MEGABYTE,
        "parse": parsed - started,
        "segment": segmented - parsed,
        "suggest": suggested - segmented,
        "import": imported,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="10,000 sentences and 1 MB only")
    parser.add_argument("--shapes", default=",".join(SHAPES), help="comma-separated shapes")
    parser.add_argument(
        "--budget",
        type=float,
        default=120.0,
        help="skip a shape's larger sizes once one of its imports takes longer (seconds)",
    )
    parser.add_argument(
        "--cpu",
        action="store_true",
        help="time with the process's CPU time, not the wall clock (on a busy machine)",
    )
    args = parser.parse_args()
    clock = time.process_time if args.cpu else time.perf_counter
    sizes = SIZES[:1] if args.quick else SIZES
    header = (
        f"{'shape':8}{'size':>9}{'sentences':>11}{'MB':>6}{'parse':>8}{'segment':>9}"
        f"{'suggest':>9}{'import':>9}{'µs/sent':>9}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for name in args.shapes.split(","):
            shape = SHAPES[name]
            print(header)
            results: dict[str, dict[str, float]] = {}
            runs: list[tuple[str, int | None]] = [(f"{n // 1000}k", n) for n in sizes]
            runs.append(("1MB", None))
            over_budget = False
            for label, size in runs:
                if over_budget and size is not None:
                    print(f"{name:8}{label:>9}  skipped: the smaller size exceeded the budget")
                    continue
                r = measure(megabyte(shape) if size is None else shape(size), folder, clock)
                results[label] = r
                over_budget = r["import"] > args.budget
                print(
                    f"{name:8}{label:>9}{r['sentences']:>11,}{r['mb']:>6.2f}{r['parse']:>8.2f}"
                    f"{r['segment']:>9.2f}{r['suggest']:>9.2f}{r['import']:>9.2f}"
                    f"{r['import'] / r['sentences'] * 1e6:>9.0f}",
                    flush=True,
                )
            base = results.get("10k")
            for label in ("30k", "100k"):
                if base and label in results:
                    r = results[label]
                    ratios = ", ".join(
                        f"{part} {r[part] / base[part]:.1f}"
                        for part in ("segment", "suggest", "import")
                    )
                    print(
                        f"  {label}/10k: sentences {r['sentences'] / base['sentences']:.1f}; "
                        f"{ratios}"
                    )
            print()


if __name__ == "__main__":
    main()

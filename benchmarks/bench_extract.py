"""Main-text extraction from web pages: the hand-written extractor (the baseline) against
trafilatura as the workbench runs it, on pages with a ground-truth body written by hand.

The pages are in benchmarks/data/extract (see its README): eleven news and blog layouts with
menus, captions, related links, cookie banners, newsletter boxes, adverts and comments. For
each extractor: shingle precision, recall and F1 (word 4-grams of the lower-cased text, as a
multiset, summed over the pages), the pages whose headline, date and byline are right, and
the time per page. Then the hostile shapes: HTML nested 20,000 and 100,000 levels deep and a
13 MB table, with the time until the page is read or refused (the baseline only with
--baseline-hostile: it takes minutes).

    python benchmarks/bench_extract.py [--baseline-hostile]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from workbench.core import html_extract, html_simple  # noqa: E402
from workbench.core.errors import InputError  # noqa: E402
from workbench.core.header import Header  # noqa: E402

DATA = ROOT / "benchmarks" / "data" / "extract"
N = 4  # words per shingle
Extractor = Callable[[str, str], tuple[str, Header]]


def shingles(text: str) -> Counter[tuple[str, ...]]:
    words = re.findall(r"\w+", text.lower())
    return Counter(tuple(words[i : i + N]) for i in range(max(0, len(words) - N + 1)))


def score(extractor: Extractor) -> dict[str, float]:
    common = found = truth = 0
    metadata = pages = 0
    elapsed = 0.0
    for page in sorted(DATA.glob("*.html")):
        html = page.read_text(encoding="utf-8")
        gold = json.loads(page.with_suffix(".json").read_text(encoding="utf-8"))
        started = time.perf_counter()
        text, header = extractor(html, page.name)
        elapsed += time.perf_counter() - started
        want = shingles(page.with_suffix(".txt").read_text(encoding="utf-8"))
        got = shingles(text)
        common += sum((want & got).values())
        found += sum(got.values())
        truth += sum(want.values())
        byline = (header.byline or "").removeprefix("By ").replace(" and ", ", ")
        right = (header.title, header.date, byline) == (
            gold["title"],
            gold["date"],
            gold["author"].replace(" and ", ", "),
        )
        metadata += right
        pages += 1
    precision, recall = common / found, common / truth
    return {
        "precision": precision,
        "recall": recall,
        "f1": 2 * precision * recall / (precision + recall),
        "metadata": metadata,
        "pages": pages,
        "ms": 1000 * elapsed / pages,
    }


def hostile() -> dict[str, str]:
    return {
        "nested 20,000": "<html><body>" + "<div>" * 20_000 + "deep" + "</div>" * 20_000,
        "nested 100,000": "<html><body>" + "<div>" * 100_000 + "deep" + "</div>" * 100_000,
        "13 MB table": "<html><body><table>"
        + "<tr><td>cell text 123</td><td>more 456</td></tr>" * 260_000
        + "</table></body></html>",
    }


def run_hostile(name: str, extractor: Extractor) -> None:
    for shape, html in hostile().items():
        started = time.perf_counter()
        try:
            text, _ = extractor(html, "page.html")
            outcome = f"read, {len(text):,} characters"
        except InputError as error:
            outcome = f"refused: {str(error).removeprefix('page.html: ')}"
        print(f"  {name:<12} {shape:<15} {time.perf_counter() - started:7.2f} s  {outcome}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--baseline-hostile", action="store_true")
    args = parser.parse_args()
    extractors: dict[str, Extractor] = {
        "hand-written": html_simple.extract,
        "trafilatura": html_extract.extract,
    }
    results = {name: score(extractor) for name, extractor in extractors.items()}
    print(f"{'extractor':<14}{'precision':>10}{'recall':>8}{'F1':>7}{'metadata':>10}{'ms/page':>9}")
    for name, r in results.items():
        print(
            f"{name:<14}{r['precision']:>10.3f}{r['recall']:>8.3f}{r['f1']:>7.3f}"
            f"{int(r['metadata']):>6}/{int(r['pages']):<3}{r['ms']:>9.1f}"
        )
    base, new = results["hand-written"], results["trafilatura"]
    print(f"F1 ratio trafilatura / hand-written: {new['f1'] / base['f1']:.3f}")
    print("hostile shapes:")
    run_hostile("trafilatura", html_extract.extract)
    if args.baseline_hostile:
        run_hostile("hand-written", html_simple.extract)


if __name__ == "__main__":
    main()

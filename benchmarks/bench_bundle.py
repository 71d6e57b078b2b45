"""Review bundles on a long article: how long writing one, merging it into an empty database
(the article made from the bundle) and merging it again (nothing new) take, and how large the
file is, against importing the same article's text (the baseline, in the same run); the
review itself, made action by action by the sender, is timed for scale.

The article is made here: N sentences in paragraphs of four, a figure in each; every fourth
sentence is tagged, linked to one of twenty sources (each with a snapshot of a few
kilobytes), rated and commented.

    python benchmarks/bench_bundle.py [--sentences 4000]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from workbench.core.service import Workbench


def article(sentences: int) -> str:
    lines = ["date 2024-11-11 A long report on the council's spending", ""]
    paragraph: list[str] = []
    for n in range(1, sentences):
        paragraph.append(
            f"The council spent {n * 1000:,} pounds on item {n} in district {n % 17}, "
            f"the auditor said on page {n % 40 + 1}."
        )
        if len(paragraph) == 4:
            lines += [" ".join(paragraph), ""]
            paragraph = []
    if paragraph:
        lines.append(" ".join(paragraph))
    return "\n".join(lines)


def timed(step: str, results: dict[str, float], work):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    value = work()
    results[step] = time.perf_counter() - start
    return value


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sentences", type=int, default=4000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        text_file = tmp / "long.txt"
        text_file.write_text(article(args.sentences), encoding="utf-8")
        results: dict[str, float] = {}
        with Workbench(tmp / "a.db", "alice") as a:
            made = timed("import text (baseline)", results, lambda: a.import_file(text_file))
            article_id = made.article.id
            count = a.sentence_count(article_id)
            sources = [
                a.add_source(
                    url=f"https://example.org/report/{k}",
                    title=f"Audit report {k}",
                    snapshot=" ".join(f"Item {i} cost {i * 1000:,} pounds." for i in range(300)),
                )[0].id
                for k in range(20)
            ]
            reviewed = range(2, count + 1, 4)

            def review() -> None:
                for n in reviewed:
                    a.set_tags(article_id, n, ["claim", "figure"])
                    a.link(article_id, n, sources[n % 20], stance="supports")
                    a.set_verdict(article_id, n, "True", rationale=f"Page {n % 40 + 1} says so.")
                    a.comment(article_id, n, "checked against the audit")

            timed("the review, action by action", results, review)
            exported = timed("write bundle", results, lambda: a.export_bundle(article_id))
        bundle = tmp / "long.bundle.json"
        bundle.write_text(exported.text, encoding="utf-8")
        with Workbench(tmp / "b.db", "bob") as b:
            merged = timed("merge into empty db", results, lambda: b.import_bundle(bundle))
            again = timed("merge again (nothing new)", results, lambda: b.import_bundle(bundle))
            assert merged.created and again.nothing_new
            undone = timed("undo the merge", results, lambda: b.undo())
            assert undone.message.startswith("undid: merged")
        print(
            f"{count} sentences, {len(reviewed)} reviewed; bundle {bundle.stat().st_size:,} bytes"
        )
        base = results["import text (baseline)"]
        for step, seconds in results.items():
            print(f"{step:28} {seconds:7.2f} s  ({seconds / base:4.2f}× the text import)")


if __name__ == "__main__":
    main()

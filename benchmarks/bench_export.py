"""Export time of a 10,000-sentence article in every format (target: under 1 s each).

The article is the seed repeated; every third sentence is tagged, every sixth has a source
linked and a verdict, so each format has real work to do.

    python benchmarks/bench_export.py [--sentences 10000]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from workbench.core.export import FORMATS, ExportOptions, export  # noqa: E402
from workbench.core.exports.files import save  # noqa: E402
from workbench.core.service import Workbench  # noqa: E402

SEED = ROOT / "sample_articles" / "wire_drone_attacks_2024-11-11.txt"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=10_000)
    args = parser.parse_args()
    body = SEED.read_text(encoding="utf-8").split("\n\n", 2)[2]
    copies = args.sentences // 12 + 1
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "long.txt"
        path.write_text("Long article\n\n" + "\n\n".join([body] * copies), encoding="utf-8")
        with Workbench(Path(tmp) / "bench.db", "bench") as wb:
            article = wb.import_file(path).article.id
            source, _ = wb.add_source(
                url="https://example.org/report",
                title="Report",
                snapshot="Casualty figures from the ministry.",
            )
            total = len(wb.sentences(article))
            for number in range(2, total + 1, 3):
                wb.set_tags(article, number, ["claim"])
                if number % 6 == 2:
                    wb.link(article, number, source.id, stance="context", excerpt="figures")
                    wb.set_verdict(
                        article,
                        number,
                        "Half true",
                        rationale="Partly so.",
                        claim="Strikes hit targets",
                    )
            options = ExportOptions(
                "Example Fact Check",
                "https://factcheck.example.org",
                "https://factcheck.example.org/r",
            )
            print(f"article of {total:,} sentences")
            started = time.perf_counter()
            review = wb.review(article)
            read_s = time.perf_counter() - started
            print(f"{'read the review':>16}: {read_s * 1000:7.0f} ms")
            largest = ""
            for fmt in FORMATS:
                started = time.perf_counter()
                text = export(review, fmt, options).text
                size = len(text.encode("utf-8"))
                elapsed = time.perf_counter() - started
                largest = max(largest, text, key=len)
                print(
                    f"{fmt:>16}: {(elapsed + read_s) * 1000:7.0f} ms with the read "
                    f"({size / 1e6:.1f} MB)"
                )
            saving(Path(tmp), largest)
    print("target: under 1 s per format, read included")


def saving(folder: Path, text: str, rounds: int = 5) -> None:
    """Saving the largest export whole (temporary file, fsync, rename) against a plain
    overwrite of the same file, the baseline, in the same run."""
    target = folder / "export.out"
    plain, whole = [], []
    for _ in range(rounds):
        started = time.perf_counter()
        target.write_bytes(text.encode("utf-8"))
        plain.append(time.perf_counter() - started)
        started = time.perf_counter()
        save(target, text, overwrite=True)
        whole.append(time.perf_counter() - started)
    p, w = min(plain), min(whole)
    print(
        f"{'save whole':>16}: {w * 1000:7.1f} ms for {len(text) / 1e6:.1f} MB; plain overwrite "
        f"{p * 1000:.1f} ms (ratio {w / p:.1f}, the fsync)"
    )


if __name__ == "__main__":
    main()

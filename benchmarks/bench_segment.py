"""Segmentation quality and speed against pySBD, in the same run.

Runs the shared segbench (golden rules, development news cases, throughput) for the workbench's
splitter and for pySBD (`pip install -e '.[bench]'`), a 5 MB single-call run for linearity, and
times importing a 1 MB article (read, decode, header, split, store) against splitting the same
text with pySBD alone.

    python benchmarks/bench_segment.py [--segbench DIR] [--pysbd-mb 0.3]
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OURS = "workbench.core.segment:split_sentences"


def bench(segbench: Path, *args: str) -> dict[str, str]:
    out = subprocess.run(
        [sys.executable, str(segbench / "bench.py"), *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    ).stdout
    summary = out.strip().splitlines()[-1]
    return dict(re.findall(r"(\w+)=(\S+)", summary))


def one_megabyte(segbench: Path) -> str:
    texts = [
        p.read_text(encoding="utf-8")
        for p in sorted((ROOT / "sample_articles").glob("*"))
        if p.suffix in (".txt", ".md")
    ]
    evaldata = segbench.parent / "evaldata"
    texts += [p.read_text(encoding="utf-8") for p in sorted(evaldata.glob("*.txt"))]
    body = "\n\n".join(texts)
    return "Benchmark article\n\n" + "\n\n".join([body] * (1_000_000 // len(body) + 1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--segbench", type=Path, default=ROOT.parent / "shared" / "segbench")
    parser.add_argument(
        "--pysbd-mb",
        type=float,
        default=0.3,
        help="corpus size for pySBD's throughput run (it is slow)",
    )
    args = parser.parse_args()
    golden = str(args.segbench / "golden_rules_cases.json")
    news = str(args.segbench / "dev_news_cases.json")
    cases = str(args.segbench / "cases.json")

    rows = []
    for name, selector in (("workbench", ["--import", OURS]), ("pysbd", ["-s", "pysbd"])):
        g = bench(args.segbench, *selector, "--cases", golden, "--no-throughput")
        n = bench(args.segbench, *selector, "--cases", news, "--no-throughput")
        size = "3" if name == "workbench" else str(args.pysbd_mb)
        t = bench(args.segbench, *selector, "--cases", cases, "--corpus-mb", size)
        rows.append((name, float(g["golden"]), float(n["news"]), float(t["mbps"])))
    single = bench(
        args.segbench,
        "--import",
        OURS,
        "--cases",
        cases,
        "--corpus-mb",
        "5",
        "--single-doc",
        "--repeat",
        "1",
    )

    text = one_megabyte(args.segbench)
    sys.path.insert(0, str(ROOT))
    import pysbd

    from workbench.core.service import Workbench

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "one-mb.txt"
        path.write_text(text, encoding="utf-8")
        with Workbench(Path(tmp) / "bench.db", "bench") as wb:
            started = time.perf_counter()
            result = wb.import_file(path)
            import_s = time.perf_counter() - started
    segmenter = pysbd.Segmenter(language="en", clean=False)
    started = time.perf_counter()
    pysbd_count = sum(len(segmenter.segment(p)) for p in text.split("\n\n") if p.strip())
    pysbd_s = time.perf_counter() - started

    print(f"{'splitter':>10} {'golden':>8} {'news':>8} {'MB/s':>8}")
    for name, g, n, mbps in rows:
        print(f"{name:>10} {g * 48:>5.0f}/48 {n:>8.1%} {mbps:>8.2f}")
    ours, theirs = rows[0][3], rows[1][3]
    print(f"throughput ratio workbench/pySBD: {ours / theirs:.0f}x (target >= 20x)")
    print(f"5 MB in one call: {single['mbps']} MB/s (linear if close to the row above)")
    print(
        f"import of a {len(text.encode()) / 1e6:.1f} MB article ({result.sentences:,} "
        f"sentences): {import_s:.2f} s in all; pySBD alone, splitting paragraph by paragraph: "
        f"{pysbd_s:.2f} s ({pysbd_count:,} segments) -> {pysbd_s / import_s:.0f}x"
    )


if __name__ == "__main__":
    main()

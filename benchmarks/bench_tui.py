"""How the review screen copes with a 100,000-sentence article, against a 10-sentence one.

Measures, in a fresh process per article (so RSS is the app's own):
  - first paint: from creating the app to the first frame of the review screen with its rows;
  - key-to-repaint: from a key press (j, k, c) to the next frame, median and 95th percentile;
  - peak RSS.
Frames are timed where Textual hands a finished frame to the terminal driver (App._display), so
the figures leave out the terminal emulator itself.

    python benchmarks/bench_tui.py [--sentences 100000] [--keys 200]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "sample_articles" / "wire_drone_attacks_2024-11-11.txt"


def build_article(path: Path, sentences: int) -> Path:
    """A long article made of the seed's body paragraphs, repeated with numbers varied."""
    body = SEED.read_text(encoding="utf-8").split("\n\n", 2)[2].split("\n\n")
    per_round = sum(1 for p in body for _ in p.split(". ")) or 1
    parts = ["Long article for the benchmark", ""]
    count, n = 0, 0
    while count < sentences:
        for paragraph in body:
            parts.append(paragraph.replace("43,600", f"{43_600 + n:,}"))
            parts.append("")
            n += 1
        count += per_round
    path.write_text("\n".join(parts), encoding="utf-8")
    return path


def measure(db: str, article: int, keys: int) -> dict[str, float]:
    """Run inside the child process: open the app on the article and time frames."""
    from workbench.core.service import Workbench
    from workbench.tui.app import WorkbenchApp
    from workbench.tui.screens.review import ReviewScreen
    from workbench.tui.widgets.sentence_list import SentenceList

    frames: list[float] = []
    original = WorkbenchApp._display

    def display(self, screen, renderable):  # type: ignore[no-untyped-def]
        if renderable is not None:
            frames.append(time.perf_counter())
        return original(self, screen, renderable)

    WorkbenchApp._display = display  # type: ignore[method-assign]

    async def run() -> dict[str, float]:
        started = time.perf_counter()
        app = WorkbenchApp(Workbench(db, "bench"), article_id=article)
        async with app.run_test(size=(120, 40)) as pilot:
            while not (
                isinstance(app.screen, ReviewScreen)
                and app.screen.query(SentenceList)
                and app.screen.query_one(SentenceList).rows
            ):
                await asyncio.sleep(0.001)
            ready = time.perf_counter()
            await pilot.pause()
            first = next((t for t in frames if t >= ready - 0.5), frames[-1] if frames else ready)
            rows = len(app.screen.query_one(SentenceList).rows)
            latencies = []
            plan = ["j"] * (keys // 2) + ["k"] * (keys // 4) + ["c"] * (keys // 4)
            for key in plan:
                frames.clear()
                t0 = time.perf_counter()
                await pilot.press(key)
                if frames:
                    latencies.append((frames[0] - t0) * 1000)
            return {
                "rows": rows,
                "first_paint_s": max(first, ready) - started,
                "key_median_ms": statistics.median(latencies),
                "key_p95_ms": statistics.quantiles(latencies, n=20)[18],
                "keys": len(latencies),
            }

    result = asyncio.run(run())
    result["rss_mb"] = peak_rss_mb()
    return result


def peak_rss_mb() -> float:
    """This process's peak RSS. (getrusage's ru_maxrss survives exec, so a child would report
    its parent's peak.)"""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child(db: str, article: int, keys: int) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, __file__, "--child", db, str(article), "--keys", str(keys)],
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=100_000)
    parser.add_argument("--keys", type=int, default=200)
    parser.add_argument("--child", nargs=2, metavar=("DB", "ARTICLE"))
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.child[0], int(args.child[1]), args.keys)))
        return

    sys.path.insert(0, str(ROOT))
    from workbench.core.service import Workbench

    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "bench.db")
        with Workbench(db, "bench") as wb:
            small = wb.import_file(SEED).article.id
            t0 = time.perf_counter()
            big_path = build_article(Path(tmp) / "long.txt", args.sentences)
            big = wb.import_file(big_path)
            import_s = time.perf_counter() - t0
            # Some review state so badges and counts have work to do.
            for number in range(2, 200, 3):
                wb.set_tags(big.article.id, number, ["claim"])
        print(
            f"article: {big.sentences:,} sentences, "
            f"{big_path.stat().st_size / 1e6:.1f} MB, imported in {import_s:.2f} s"
        )
        results = {
            "10-sentence seed": child(db, small, args.keys),
            f"{big.sentences:,} sentences": child(db, big.article.id, args.keys),
        }
    base = results["10-sentence seed"]
    print(f"{'article':>20} {'first paint':>12} {'key median':>11} {'key p95':>9} {'RSS':>8}")
    for name, r in results.items():
        print(
            f"{name:>20} {r['first_paint_s']:>10.3f} s {r['key_median_ms']:>8.1f} ms "
            f"{r['key_p95_ms']:>6.1f} ms {r['rss_mb']:>5.0f} MB"
        )
    big_r = results[f"{big.sentences:,} sentences"]
    print(
        f"ratios long/seed: first paint {big_r['first_paint_s'] / base['first_paint_s']:.2f}x, "
        f"key median {big_r['key_median_ms'] / base['key_median_ms']:.2f}x, "
        f"RSS {big_r['rss_mb'] / base['rss_mb']:.2f}x"
    )
    print("targets: first paint < 0.5 s, key median < 20 ms, RSS < 150 MB")


if __name__ == "__main__":
    main()

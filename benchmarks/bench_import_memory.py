"""Peak memory of importing a long plain text, against the file's size.

A text of the given sizes is made from the sample articles (repeated, numbers varied), and
each stage runs on it in a fresh process: reading (decode and header), reading and
segmenting, those and making the suggestions, and the whole import into a fresh database
(`Workbench.import_file`). Each prints its time and peak resident memory, with memory ÷ file
size. Target: an import's peak memory under 4× the file size.

    python benchmarks/bench_import_memory.py [--sizes 5,20,60]   (MB)
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "sample_articles"
MB = 1_000_000

STAGE = """
import resource, sys, time
from pathlib import Path
started = time.perf_counter()
if sys.argv[2] == "import":
    from workbench.core.service import Workbench
    import os
    with Workbench(os.environ["WORKBENCH_DB"], "bench") as wb:
        wb.import_file(Path(sys.argv[1]))
    print(time.perf_counter() - started, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
    sys.exit()
from workbench.core.ingest import read_document
document = read_document(Path(sys.argv[1]))
if sys.argv[2] in ("segment", "suggest"):
    from workbench.core.layout import segment_document
    sentences = segment_document(document)
    if sys.argv[2] == "suggest":
        from workbench.core.suggest import suggest
        suggest([(text, paragraph) for _, _, paragraph, _, text in sentences])
print(time.perf_counter() - started, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def make_text(path: Path, size: int) -> None:
    parts = [p.read_text(encoding="utf-8") for p in sorted(SAMPLES.glob("*.txt"))]
    with path.open("w", encoding="utf-8") as out:
        written = copy = 0
        while written < size:
            copy += 1
            for part in parts:
                text = re.sub(r"\d+", lambda m, c=copy: str(int(m.group()) + c), part) + "\n\n"
                out.write(text)
                written += len(text.encode("utf-8"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="5,20")
    args = parser.parse_args()
    print(f"{'size':>8}{'stage':>10}{'seconds':>9}{'peak MB':>9}{'× file':>8}")
    for size in (int(s) * MB for s in args.sizes.split(",")):
        with tempfile.TemporaryDirectory() as folder:
            text = Path(folder) / "long.txt"
            make_text(text, size)
            actual = text.stat().st_size
            env = dict(os.environ, WORKBENCH_DB=str(Path(folder) / "w.db"))
            for stage in ("read", "segment", "suggest", "import"):
                out = subprocess.run(
                    [sys.executable, "-c", STAGE, str(text), stage],
                    env=env,
                    cwd=ROOT,
                    check=True,
                    capture_output=True,
                    text=True,
                )
                seconds, peak_kb = out.stdout.split()
                peak = int(peak_kb) * 1024
                print(
                    f"{actual / MB:>7.1f}M{stage:>10}{float(seconds):>9.1f}"
                    f"{peak / MB:>9.0f}{peak / actual:>8.1f}"
                )


if __name__ == "__main__":
    main()

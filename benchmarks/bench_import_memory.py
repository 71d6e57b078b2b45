"""Peak memory of importing a long plain text, against the file's size.

A text of the given sizes is made from the sample articles (repeated, numbers varied), and
each stage runs on it in a fresh process: reading (decode and header); reading and
outlining (where the sentences are, the names the article uses: the import's first pass);
those and making every sentence's suggestions a part at a time, as the import does; and the
whole import into a fresh database (`Workbench.import_file`). Each prints its time and peak
resident memory, with memory ÷ file size. `start` is the interpreter with the workbench
loaded and a one-line article imported: the fixed cost every size pays.

The whole import is also run by the code of another revision (`--baseline`, default `main`,
taken from git into a temporary folder, in a separate process, in the same run), with the
ratios. Target: an import's peak memory under 4× the file size.

    python benchmarks/bench_import_memory.py [--sizes 5,20,60] [--baseline main]   (MB)
        [--stages start,read,outline,suggest,import] [--ascii]

`--ascii`: the text made ASCII (curly quotes and dashes plain), which Python holds in one
byte a character rather than two.
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
STAGES = ("start", "read", "outline", "suggest", "import")
ASCII = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "—": "-", "–": "-", "…": "..."})

STAGE = """
import resource, sys, time
from pathlib import Path
started = time.perf_counter()
if sys.argv[2] in ("import", "start"):
    from workbench.core.service import Workbench
    import os
    with Workbench(os.environ["WORKBENCH_DB"], "bench") as wb:
        wb.import_file(Path(sys.argv[1]))
    print(time.perf_counter() - started, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
    sys.exit()
from workbench.core.ingest import read_document
document = read_document(Path(sys.argv[1]))
if sys.argv[2] in ("outline", "suggest"):
    from workbench.core.outline import Outline
    outline = Outline(document)
    if sys.argv[2] == "suggest":
        for _ in outline.suggested():
            pass
print(time.perf_counter() - started, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def make_text(path: Path, size: int, *, ascii_only: bool = False) -> None:
    parts = [p.read_text(encoding="utf-8") for p in sorted(SAMPLES.glob("*.txt"))]
    if ascii_only:
        parts = [p.translate(ASCII).encode("ascii", "replace").decode() for p in parts]
    with path.open("w", encoding="utf-8") as out:
        written = copy = 0
        while written < size:
            copy += 1
            for part in parts:
                text = re.sub(r"\d+", lambda m, c=copy: str(int(m.group()) + c), part) + "\n\n"
                out.write(text)
                written += len(text.encode("utf-8"))


def _run(text: Path, stage: str, folder: Path, tree: Path) -> tuple[float, int]:
    """Seconds and peak resident bytes of one stage in a fresh process, with `tree`'s code."""
    database = folder / f"{stage}-{tree.name}.db"
    database.unlink(missing_ok=True)
    out = subprocess.run(
        [sys.executable, "-c", STAGE, str(text), stage],
        env=dict(
            os.environ,
            WORKBENCH_DB=str(database),
            PYTHONPATH=os.pathsep.join([str(tree), str(ROOT)]),
        ),
        cwd=folder,
        check=True,
        capture_output=True,
        text=True,
    )
    seconds, peak_kb = out.stdout.split()
    return float(seconds), int(peak_kb) * 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="5,20")
    parser.add_argument("--baseline", default="main", help="git revision to compare with")
    parser.add_argument("--stages", default=",".join(STAGES), help="which stages to run")
    parser.add_argument(
        "--ascii", action="store_true", help="curly quotes and dashes made ASCII (a 1-byte str)"
    )
    args = parser.parse_args()
    stages = [stage for stage in STAGES if stage in args.stages.split(",")]
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        baseline = folder / "baseline"
        baseline.mkdir()
        archive = subprocess.run(
            ["git", "-C", str(ROOT), "archive", args.baseline, "workbench"],
            capture_output=True,
            check=False,
        )
        if archive.returncode == 0:
            subprocess.run(["tar", "-x", "-C", str(baseline)], input=archive.stdout, check=True)
        else:
            print(f"baseline {args.baseline}: not available from git")
        print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
        print(f"{'size':>8}{'stage':>10}{'seconds':>9}{'peak MB':>9}{'× file':>8}")
        tiny = folder / "tiny.txt"
        tiny.write_text("The council met on Monday.\n", encoding="utf-8")
        for size in (int(s) * MB for s in args.sizes.split(",")):
            text = folder / "long.txt"
            make_text(text, size, ascii_only=args.ascii)
            actual = text.stat().st_size
            for stage in stages:
                seconds, peak = _run(tiny if stage == "start" else text, stage, folder, ROOT)
                if stage == "import":
                    ours = seconds, peak
                print(
                    f"{actual / MB:>7.1f}M{stage:>10}{seconds:>9.1f}"
                    f"{peak / MB:>9.0f}{peak / actual:>8.1f}"
                )
            if archive.returncode == 0 and "import" in stages:
                seconds, peak = ours
                theirs_seconds, theirs_peak = _run(text, "import", folder, baseline)
                print(
                    f"{actual / MB:>7.1f}M{args.baseline:>10}{theirs_seconds:>9.1f}"
                    f"{theirs_peak / MB:>9.0f}{theirs_peak / actual:>8.1f}"
                    f"   ratio to this tree: memory {theirs_peak / peak:.1f}x, "
                    f"time {theirs_seconds / seconds:.1f}x"
                )


if __name__ == "__main__":
    main()

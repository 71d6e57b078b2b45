"""PDF text by page: pypdf (what the workbench uses) against pdfminer.six, on report-like
PDFs made for the tests (tests/data/pdf, from make_pdfs.py, ground truth beside each).

For each library: the share of ground-truth lines found word for word on their own page (a
line is found when its words, spaces squeezed, appear in that page's text in order), pages
whose numbers come out right, and the time per PDF (best of five).

    python benchmarks/bench_pdf.py       (needs pdfminer.six for the comparison)
"""

from __future__ import annotations

import io
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

DATA = ROOT / "tests" / "data" / "pdf"


def by_pypdf(raw: bytes) -> list[str]:
    from pypdf import PdfReader

    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(raw)).pages]


def by_pdfminer(raw: bytes) -> list[str]:
    from pdfminer.high_level import extract_text

    return extract_text(io.BytesIO(raw)).split("\f")[:-1]


def squeeze(text: str) -> str:
    return " ".join(text.split())


def measure(read: Callable[[bytes], list[str]]) -> tuple[float, int, int, float]:
    found = lines = pages_right = pages = 0
    elapsed = 0.0
    for pdf in sorted(DATA.glob("*.pdf")):
        truth_file = pdf.with_suffix(".pages.json")
        if not truth_file.exists():
            continue
        truth = json.loads(truth_file.read_text(encoding="utf-8"))
        raw = pdf.read_bytes()
        best = float("inf")
        for _ in range(5):
            started = time.perf_counter()
            got = read(raw)
            best = min(best, time.perf_counter() - started)
        elapsed += best
        pages += len(truth)
        pages_right += len(got) == len(truth)
        for number, want in enumerate(truth):
            text = squeeze(got[number]) if number < len(got) else ""
            for line in want:
                lines += 1
                found += squeeze(line) in text
    count = len([p for p in DATA.glob("*.pdf") if p.with_suffix(".pages.json").exists()])
    return found / lines, pages_right, count, 1000 * elapsed / count


def main() -> None:
    print(f"{'library':<12}{'lines found':>12}{'page count right':>18}{'ms/PDF':>9}")
    for name, read in (("pypdf", by_pypdf), ("pdfminer", by_pdfminer)):
        try:
            share, right, count, ms = measure(read)
        except ImportError:
            print(f"{name:<12} not installed")
            continue
        print(f"{name:<12}{share:>12.3f}{right:>14}/{count:<3}{ms:>9.1f}")


if __name__ == "__main__":
    main()

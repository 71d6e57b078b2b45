"""Exports: golden files, determinism, CSV injection, escaping."""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path

import pytest

from tests.conftest import SEED, Clock
from workbench.core.export import EXTENSIONS, FORMATS, ExportOptions, md_escape, neutralise, render
from workbench.core.service import Workbench

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("WORKBENCH_UPDATE_GOLDEN") == "1"
GOLDEN_OPTIONS = ExportOptions("Example Fact Check", "https://factcheck.example.org",
                               "https://factcheck.example.org/2024/drone-claims")


def reviewed(path: Path) -> tuple[Workbench, int]:
    """The seed article with a small, fixed review on it."""
    wb = Workbench(path, "alice", clock=Clock())
    article = wb.import_file(SEED).article.id
    wb.set_tags(article, 13, ["claim", "figure"])
    source, _ = wb.add_source(
        url="https://example.org/moh/2024-11-10", title="Daily casualty report",
        publisher="Ministry of Health", published="2024-11-10",
        snapshot="The death toll has risen to 43,603, with 102,929 injured.")
    wb.link(article, 13, source.id, stance="supports", excerpt="risen to 43,603",
            note="Ministry figures, not independently verified")
    wb.set_verdict(article, 13, "Mostly true", rationale="Matches the ministry's count.",
                   claim="At least 43,600 Palestinians killed in Gaza", claimant="Al-Ahed News")
    wb.set_tags(article, 6, ["quote", "claim"])
    wb.set_tags(article, 2, ["claim"])
    hostile, _ = wb.add_source(url="https://example.org/x", title="=HYPERLINK(\"http://evil\")",
                               publisher="@SUM(A1:A9)")
    wb.link(article, 2, hostile.id, stance="context", excerpt="-2+3", note="[bold]x[/bold] <b>")
    wb.set_verdict(article, 2, "Unverifiable", rationale="+cmd|' /C calc'!A0")
    return wb, article


@pytest.mark.parametrize("fmt", FORMATS)
def test_golden_files(tmp_path: Path, fmt: str) -> None:
    wb, article = reviewed(tmp_path / "a.db")
    with wb:
        output = render(wb.review(article), fmt, GOLDEN_OPTIONS)
    golden = GOLDEN / f"seed_review.{EXTENSIONS[fmt]}"
    if UPDATE:
        golden.write_bytes(output.encode("utf-8"))
    assert output.encode("utf-8") == golden.read_bytes()


def test_exports_are_deterministic_across_databases(tmp_path: Path) -> None:
    outputs = []
    for name in ("a.db", "b.db"):
        wb, article = reviewed(tmp_path / name)
        with wb:
            outputs.append([render(wb.review(article), fmt) for fmt in ("markdown", "json", "csv")])
            # the same database twice gives the same bytes too
            assert outputs[-1] == [render(wb.review(article), f)
                                   for f in ("markdown", "json", "csv")]
    assert outputs[0] == outputs[1]


def test_json_holds_every_sentence_with_its_review(tmp_path: Path) -> None:
    wb, article = reviewed(tmp_path / "a.db")
    with wb:
        data = json.loads(render(wb.review(article), "json"))
    assert len(data["sentences"]) == 13
    last = data["sentences"][12]
    assert last["tags"] == ["claim", "figure"]
    assert last["verdict"]["label"] == "Mostly true"
    assert last["verdict"]["reviewer"] == "alice"
    assert last["evidence"][0]["source"]["publisher"] == "Ministry of Health"
    assert last["evidence"][0]["excerpt"] == "risen to 43,603"
    assert data["summary"]["tags"] == {"claim": 3, "quote": 1, "figure": 1}
    assert data["summary"]["verdicts"] == {"Mostly true": 1, "Unverifiable": 1}
    assert data["summary"]["tagged_without_verdict"] == 1


def test_csv_neutralises_formulas(tmp_path: Path) -> None:
    wb, article = reviewed(tmp_path / "a.db")
    with wb:
        text = render(wb.review(article), "csv")
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert len(rows) == 13
    for row in rows:
        for cell in row.values():
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
    second = rows[1]
    assert second["rationale"] == "'+cmd|' /C calc'!A0"
    assert second["evidence"].startswith("context: =HYPERLINK")  # inside, not at the start
    assert neutralise("=1+1") == "'=1+1" and neutralise("\t=x") == "'\t=x"
    assert neutralise("43,600") == "43,600" and neutralise(7) == 7


def test_markdown_shows_untrusted_text_literally() -> None:
    assert md_escape("<script>alert(1)</script>") == "\\<script\\>alert(1)\\</script\\>"
    assert md_escape("[bold]x[/bold]") == "\\[bold\\]x\\[/bold\\]"
    assert md_escape("# not a heading") == "\\# not a heading"
    assert md_escape("1. not a list") == "1\\. not a list"
    assert md_escape("- not a bullet") == "\\- not a bullet"

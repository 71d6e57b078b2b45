"""Exports: golden files, determinism, CSV injection, escaping."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import os
from pathlib import Path

import pytest

from tests.conftest import SEED, Clock
from workbench.core.export import (
    EXTENSIONS,
    FORMATS,
    ExportOptions,
    export,
    md_escape,
    neutralise,
)
from workbench.core.models import EvidenceCheck, Review
from workbench.core.service import Workbench

GOLDEN = Path(__file__).parents[1] / "golden"
UPDATE = os.environ.get("WORKBENCH_UPDATE_GOLDEN") == "1"
GOLDEN_OPTIONS = ExportOptions(
    "Example Fact Check",
    "https://factcheck.example.org",
    "https://factcheck.example.org/2024/drone-claims",
)


def render(review: Review, fmt: str, options: ExportOptions | None = None) -> str:
    return export(review, fmt, options).text


def reviewed(path: Path) -> tuple[Workbench, int]:
    """The seed article with a small, fixed review on it."""
    wb = Workbench(path, "alice", clock=Clock())
    article = wb.import_file(SEED).article.id
    wb.set_tags(article, 13, ["claim", "figure"])
    source, _ = wb.add_source(
        url="https://example.org/moh/2024-11-10",
        title="Daily casualty report",
        publisher="Ministry of Health",
        published="2024-11-10",
        snapshot="The death toll has risen to 43,603, with 102,929 injured.",
    )
    wb.link(
        article,
        13,
        source.id,
        stance="supports",
        excerpt="risen to 43,603",
        note="Ministry figures, not independently verified",
    )
    wb.set_verdict(
        article,
        13,
        "Mostly true",
        rationale="Matches the ministry's count.",
        claim="At least 43,600 Palestinians killed in Gaza",
        claimant="Al-Ahed News",
    )
    wb.set_tags(article, 6, ["quote", "claim"])
    wb.set_tags(article, 2, ["claim"])
    hostile, _ = wb.add_source(
        url="https://example.org/x", title='=HYPERLINK("http://evil")', publisher="@SUM(A1:A9)"
    )
    wb.link(article, 2, hostile.id, stance="context", excerpt="-2+3", note="[bold]x[/bold] <b>")
    wb.set_verdict(article, 2, "Unverifiable", rationale="+cmd|' /C calc'!A0")
    return wb, article


QUOTE = (
    "The fighters of the Islamic Resistance in Iraq on Monday, 11-11-2024, attacked a vital "
    "target in the south of our occupied lands, for the second time, using drones."
)


def checked(path: Path) -> tuple[Workbench, int]:
    """The seed article with every kind of check outcome: sentence 8 (a quotation) against a
    source that has it word for word, one that has it reworded and one without it; sentence
    13 (figures) against a source whose death toll differs."""
    wb = Workbench(path, "alice", clock=Clock())
    article = wb.import_file(SEED).article.id
    wb.set_tags(article, 8, ["quote"])
    for title, snapshot in (
        ("Statement", QUOTE),
        (
            "Reworded statement",
            "The fighters of the Islamic Resistance in Iraq on Monday attacked "
            "a key target in the south of our lands for the second time "
            "using drones.",
        ),
        ("Weather report", "Sunny skies are expected across the region tomorrow."),
    ):
        source, _ = wb.add_source(
            url=f"https://example.org/{title.split()[0].lower()}", title=title, snapshot=snapshot
        )
        wb.link(article, 8, source.id, stance="supports")
    wb.set_verdict(article, 8, "True", claim="Group says it struck a target in the south")
    wb.set_tags(article, 13, ["figure"])
    count, _ = wb.add_source(
        url="https://example.org/un",
        title="UN count",
        snapshot="The death toll has reached 38,000, with 103,000 injured.",
    )
    wb.link(article, 13, count.id, stance="refutes")
    wb.set_verdict(article, 13, "False", claim="Gaza toll put at 43,600")
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
            assert outputs[-1] == [
                render(wb.review(article), f) for f in ("markdown", "json", "csv")
            ]
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
    # one JSON object per piece of evidence: a formula inside it is text, never at the start
    assert json.loads(second["evidence"])[0]["title"] == '=HYPERLINK("http://evil")'
    assert json.loads(second["evidence"])[0]["publisher"] == "@SUM(A1:A9)"
    assert neutralise("=1+1") == "'=1+1" and neutralise("\t=x") == "'\t=x"
    assert neutralise("43,600") == "43,600" and neutralise(7) == 7


def test_markdown_shows_untrusted_text_literally() -> None:
    assert md_escape("<script>alert(1)</script>") == "\\<script\\>alert(1)\\</script\\>"
    assert md_escape("[bold]x[/bold]") == "\\[bold\\]x\\[/bold\\]"
    assert md_escape("# not a heading") == "\\# not a heading"
    assert md_escape("1. not a list") == "1\\. not a list"
    assert md_escape("- not a bullet") == "\\- not a bullet"


def test_checks_in_json_jsonl_csv_and_markdown(tmp_path: Path) -> None:
    wb, article = checked(tmp_path / "a.db")
    with wb:
        review = wb.review(article)
        data = json.loads(render(review, "json"))
        lines = [json.loads(line) for line in render(review, "jsonl").splitlines()]
        table = render(review, "csv")
        markdown = render(review, "markdown")
    quote = data["sentences"][7]
    assert [[c["outcome"] for c in ev["checks"]] for ev in quote["evidence"]] == [
        ["exact"],
        ["near"],
        ["not found"],
    ]
    near = quote["evidence"][1]["checks"][0]
    assert set(near) == {"kind", "outcome", "summary", "detail"}
    assert near["kind"] == "quote" and near["summary"].startswith("close to the source")
    assert near["detail"]["differ"] == [["vital", "key"]]
    figure = data["sentences"][12]["evidence"][0]["checks"]
    assert [(c["kind"], c["outcome"]) for c in figure] == [("figure", "differ")]
    assert figure[0]["detail"]["pairs"][0] == {
        "figure": "43,600",
        "evidence": "38,000",
        "outcome": "differ",
        "note": "differs by 5,600 (14.7%)",
    }
    assert lines[7]["evidence"] == quote["evidence"]
    assert all(ev["checks"] == [] for line in lines[:7] for ev in line["evidence"])
    rows = list(csv.DictReader(io.StringIO(table.lstrip("\ufeff"))))
    assert json.loads(rows[7]["checks"]) == [
        {
            "kind": "quote",
            "outcome": "exact",
            "summary": "the quotation is in the source word for word",
        },
        {"kind": "quote", "outcome": "near", "summary": near["summary"]},
        {
            "kind": "quote",
            "outcome": "not found",
            "summary": "the 28 quoted words are not in the source",
        },
    ]
    assert json.loads(rows[12]["checks"]) == [
        {
            "kind": "figure",
            "outcome": "differ",
            "summary": "43,600 vs 38,000: differs by 5,600 (14.7%); 103,000 vs 103,000: same value",
        }
    ]
    assert rows[0]["checks"] == ""
    assert (
        "    - Quote check: **not found** — the 28 quoted words are not in the source"
        in markdown.splitlines()
    )
    assert (
        "    - Figure check: **differ** — 43,600 vs 38,000: differs by 5,600 (14.7%); "
        "103,000 vs 103,000: same value" in markdown.splitlines()
    )


def test_check_summaries_are_escaped_and_neutralised(tmp_path: Path) -> None:
    wb, article = checked(tmp_path / "a.db")
    with wb:
        review = wb.review(article)
    hostile = EvidenceCheck(
        "quote", "near", "<script>alert(1)</script> [bold]x[/bold]", {"quoted": "<b>"}
    )
    items = list(review.sentences)
    evidence = items[7].evidence
    items[7] = dataclasses.replace(
        items[7], evidence=(dataclasses.replace(evidence[0], checks=(hostile,)), *evidence[1:])
    )
    review = dataclasses.replace(review, sentences=tuple(items))
    html = render(review, "html")
    assert "<script>" not in html
    assert (
        '<span class="outcome">near</span> &lt;script&gt;alert(1)&lt;/script&gt; [bold]x[/bold]</p>'
    ) in html
    assert "\\<script\\>alert(1)\\</script\\> \\[bold\\]x\\[/bold\\]" in render(review, "markdown")
    csv_text = render(review, "csv")
    assert '"summary"": ""<script>alert(1)</script> [bold]x[/bold]""' in csv_text
    # a check cell starts with its kind, so it can never read as a formula; neutralise still
    # guards every cell
    rows = list(csv.DictReader(io.StringIO(csv_text.lstrip("\ufeff"))))
    assert all(not row["checks"].startswith(("=", "+", "-", "@")) for row in rows)

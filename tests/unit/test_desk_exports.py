"""Approval gating and comments in the exports: once the desk has an editor, ClaimReview and
the HTML report carry only approved verdicts (or a marked draft); comments go to JSON and the
editor's reports, never to ClaimReview."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from tests.conftest import SEED, Clock
from workbench.core.export import ExportOptions
from workbench.core.service import Workbench

OPTIONS = ExportOptions("Desk", "https://desk.example", "https://desk.example/r/{article}")
DRAFT = ExportOptions(
    "Desk", "https://desk.example", "https://desk.example/r/{article}", include_unapproved=True
)
HOSTILE = '<script>alert(1)</script> [b]x[/b] =CMD("calc")'
SCHEMA = json.loads(
    resources.files("workbench.core.exports").joinpath("review.schema.json").read_text()
)


@pytest.fixture
def desk(db_path: Path, workbench: Workbench, seed: int):
    """alice rates sentences 1 and 3; erin (editor) approves 1 and comments on 3."""
    for number, rating in ((1, "True"), (3, "False")):
        workbench.set_tag(seed, number, "claim")
        workbench.set_verdict(seed, number, rating, claim=f"Claim {number}")
    workbench.add_reviewer("erin", "editor")
    with Workbench(db_path, "erin", clock=Clock()) as erin:
        erin.approve(seed, 1)
        erin.comment(seed, 3, HOSTILE)
    return workbench, seed


def claims(text: str) -> list[str]:
    return [doc["claimReviewed"] for doc in json.loads(text)]


def test_without_an_editor_everything_publishes_as_before(workbench: Workbench, seed: int) -> None:
    workbench.set_tag(seed, 1, "claim")
    workbench.set_verdict(seed, 1, "True", claim="Claim 1")
    exported = workbench.export(seed, "claimreview", OPTIONS)
    assert claims(exported.text) == ["Claim 1"]
    assert not any("approv" in w for w in exported.warnings)


def test_claimreview_carries_only_approved_verdicts(desk) -> None:
    wb, seed = desk
    exported = wb.export(seed, "claimreview", OPTIONS)
    assert claims(exported.text) == ["Claim 1"]
    assert "Draft" not in exported.text
    assert (
        "sentence 3: the verdict False awaits an editor's approval; left out" in exported.warnings
    )
    # What the export dialog lists says so too.
    assert any(m.startswith("sentence 3: the verdict False awaits") for m in wb.unfinished(seed))
    # Comments never go to ClaimReview.
    assert "alert" not in exported.text


def test_include_unapproved_writes_a_marked_draft(desk) -> None:
    wb, seed = desk
    exported = wb.export(seed, "claimreview", DRAFT)
    documents = json.loads(exported.text)
    assert [d["claimReviewed"] for d in documents] == ["Claim 1", "Claim 3"]
    assert [d.get("creativeWorkStatus") for d in documents] == [None, "Draft"]
    assert any(w.startswith("a draft: sentence(s) 3") for w in exported.warnings)
    html = wb.export(seed, "html", DRAFT).text
    assert "DRAFT — not for publication" in html and "<title>DRAFT · " in html


def test_html_withholds_unapproved_verdicts_and_shows_comments_as_text(desk) -> None:
    wb, seed = desk
    html = wb.export(seed, "html", OPTIONS).text
    assert "DRAFT" not in html
    assert "awaiting approval" in html and "The verdict False is not published" in html
    assert "Approved by erin" in html
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    # A new rating after the approval is out again until approved again.
    wb.set_verdict(seed, 1, "False", claim="Claim 1")
    assert claims(wb.export(seed, "claimreview", OPTIONS).text) == []


def test_json_and_markdown_carry_decisions_and_comments(desk, db_path: Path) -> None:
    wb, seed = desk
    with Workbench(db_path, "erin", clock=Clock()) as erin:
        erin.return_verdict(seed, 3, "Which figures?")
    document = json.loads(wb.export(seed, "json").text)
    Draft202012Validator(SCHEMA).validate(document)
    first, third = document["sentences"][0], document["sentences"][2]
    assert first["approval"]["decision"] == "approved" and first["approval"]["by"] == "erin"
    assert third["approval"] == {
        "decision": "returned",
        "by": "erin",
        "at": third["approval"]["at"],
        "comment": "Which figures?",
    }
    assert [c["text"] for c in third["comments"]] == [HOSTILE]
    for line in wb.export(seed, "jsonl").text.splitlines():
        Draft202012Validator(SCHEMA).validate(json.loads(line))
    markdown = wb.export(seed, "markdown").text
    assert "- **Editor:** returned by erin" in markdown and "Which figures?" in markdown
    assert "\\<script\\>alert(1)\\</script\\>" in markdown
    assert "the verdict False was returned by erin (Which figures?)" in markdown


def test_the_cli_exports_a_draft_only_when_asked(run, tmp_path: Path) -> None:
    run("import", str(SEED))
    run("tag", "1", "1", "claim")
    run("verdict", "1", "1", "True", "--claim", "Claim 1")
    run("reviewer", "add", "erin", "--role", "editor")
    args = ["export", "1", "--format", "claimreview", "--report-url", "https://d.example/{article}"]
    result = run(*args)
    assert json.loads(result.stdout) == []
    assert "awaits an editor's approval" in result.stderr
    result = run(*args, "--include-unapproved")
    assert json.loads(result.stdout)[0]["creativeWorkStatus"] == "Draft"
    run("--reviewer", "erin", "approve", "1", "1")
    assert claims(run(*args).stdout) == ["Claim 1"]


def test_strict_lints_only_the_verdicts_it_would_publish(desk) -> None:
    from workbench.core.export import claimreview_failures

    wb, seed = desk
    # Sentence 3's claim restatement is too long for ClaimReview, but it is not approved.
    wb.set_verdict(seed, 3, "False", claim="x " * 60)
    options = ExportOptions(
        "Desk", "https://desk.example", "https://desk.example/r/{article}", strict=True
    )
    assert claimreview_failures(wb.review(seed), options) == []
    assert claims(wb.export(seed, "claimreview", options).text) == ["Claim 1"]
    drafts = ExportOptions(
        "Desk",
        "https://desk.example",
        "https://desk.example/r/{article}",
        strict=True,
        include_unapproved=True,
    )
    assert any("sentence 3" in f for f in claimreview_failures(wb.review(seed), drafts))

"""Blind double review on the command line: start, tag, stop, agreement, reconcile; refusals
are one line, a non-zero exit, and leave the database as it was."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import SEED

from ..hardening.support import dump


def tagged_round(run) -> None:
    """alice and bob tag the sample article blind: both claim 2 and 3; only alice claims 5;
    alice quotes 6, bob quotes 6 and 7."""
    run("import", str(SEED))
    run("blind", "start", "1", "--reviewers", "alice,bob")
    run("--reviewer", "alice", "tag", "1", "2", "claim")
    run("--reviewer", "alice", "tag", "1", "3", "claim")
    run("--reviewer", "alice", "tag", "1", "5", "claim")
    run("--reviewer", "alice", "tag", "1", "6", "quote")
    run("--reviewer", "bob", "tag", "1", "2", "claim")
    run("--reviewer", "bob", "tag", "1", "3", "claim")
    run("--reviewer", "bob", "tag", "1", "6", "quote")
    run("--reviewer", "bob", "tag", "1", "7", "quote")


def test_a_round_from_start_to_settled(run, tmp_path: Path) -> None:
    run("import", str(SEED))
    started = run("blind", "start", "1", "--reviewers", "alice, bob")
    assert started.output == "started blind review of article 1 by alice and bob\n"
    out = run("--reviewer", "alice", "tag", "1", "2", "claim").output
    assert out == "tagged sentence 2 as claim (blind review)\n"
    # bob sees none of alice's tags, in `show` or in the status.
    assert "claim" not in run("--reviewer", "bob", "sentence", "1", "2").output
    status = run("--reviewer", "bob", "blind", "status", "1").output
    assert "by alice, bob: open since" in status
    assert "alice" not in status.split("\n", 1)[1]  # only his own count while blind
    assert "bob: 0 sentences tagged" in status
    assert "claim" in run("--reviewer", "alice", "sentence", "1", "2").output
    run("--reviewer", "bob", "tag", "1", "2", "claim", "figure")
    refused = run("--reviewer", "alice", "agreement", "1", code=1)
    assert "you are in the round: agreement is shown once it stops" in refused.stderr
    run("blind", "stop", "1")
    agreement = run("agreement", "1").output
    assert "13 sentences; 1 tagged differently, 0 settled (Cohen's kappa)" in agreement
    lines = {line.split()[0]: line.split() for line in agreement.splitlines() if line}
    assert lines["claim"][1:] == ["1.000", "100.0%", "1", "0", "0", "12"]
    assert lines["quote"][1:] == ["—", "100.0%", "0", "0", "0", "13"]
    # figure: bob 1 of 13, alice 0: po = 12/13, pe = 12/13 · 1 = 12/13, κ = 0.
    assert lines["figure"][1:] == ["0.000", "92.3%", "0", "0", "1", "12"]
    assert "quote: kappa undefined: every answer was the same" in agreement
    listing = run("reconcile", "1").output
    assert "1 sentence to settle (A: alice  B: bob)" in listing
    assert "  A alice: claim\n  B bob: claim, figure\n" in listing
    settled = run("reconcile", "1", "--sentence", "2", "--take", "B").output
    assert settled == "settled sentence 2 with bob’s tags: claim, figure\n"
    assert json.loads(run("sentence", "1", "2", "--json").output)["sentence"]["tags"] == [
        "claim",
        "figure",
    ]
    assert "settled by tester: bob → claim, figure" in run("reconcile", "1").output
    assert run("undo").output.startswith("undid: settled sentence 2")


def test_agreement_json_reports_counts_and_undefined_kappa(run, tmp_path: Path) -> None:
    tagged_round(run)
    run("blind", "stop", "1")
    data = json.loads(run("agreement", "1", "--json").output)
    assert (data["reviewers"], data["open"], data["sentences"]) == (["alice", "bob"], False, 13)
    by_tag = {t["tag"]: t for t in data["tags"]}
    claim = by_tag["claim"]
    assert claim["method"] == "cohen"
    (pair,) = claim["pairs"]
    assert (pair["both"], pair["only_a"], pair["only_b"], pair["neither"]) == (2, 1, 0, 10)
    # po = 12/13, pe = (3·2 + 10·11)/169 = 116/169, κ = (156 − 116)/(169 − 116) = 40/53.
    assert claim["kappa"] == pytest.approx(40 / 53)
    assert claim["observed_agreement"] == pytest.approx(12 / 13)
    assert by_tag["figure"]["kappa"] is None
    assert by_tag["figure"]["undefined"].startswith("undefined: every answer was the same")
    assert data["disagreements"] == 2
    listed = json.loads(run("reconcile", "1", "--json").output)
    assert [(d["sentence"], d["tags"], d["disputed"]) for d in listed] == [
        (5, {"alice": ["claim"], "bob": []}, ["claim"]),
        (7, {"alice": [], "bob": ["quote"]}, ["quote"]),
    ]


def test_refusals_are_one_line_and_change_nothing(run, tmp_path: Path) -> None:
    tagged_round(run)
    before = dump(tmp_path / "workbench.db")
    refused = run("--reviewer", "carol", "tag", "1", "4", "claim", code=1)
    assert refused.stderr == (
        "error: article 1 is under blind review by alice and bob, and carol is not in the "
        "round: its tags and marks wait until the round stops\n"
    )
    assert (
        "stop the round" in run("reconcile", "1", "--sentence", "5", "--take", "A", code=1).stderr
    )
    assert "at least two" in run("blind", "start", "1", "--reviewers", "alice", code=1).stderr
    assert (
        "--sentence and --take go together" in run("reconcile", "1", "--take", "A", code=2).stderr
    )
    assert dump(tmp_path / "workbench.db") == before
    run("blind", "stop", "1")
    before = dump(tmp_path / "workbench.db")
    bad = run("reconcile", "1", "--sentence", "5", "--take", "zed", code=1)
    assert "Choose A (alice), B (bob), both or none" in bad.stderr
    assert (
        "nothing to settle"
        in run("reconcile", "1", "--sentence", "2", "--take", "A", code=1).stderr
    )
    assert "not under blind review" in run("blind", "stop", "1", code=1).stderr
    assert dump(tmp_path / "workbench.db") == before


def test_reviewer_text_stays_text(run, tmp_path: Path) -> None:
    run("import", str(SEED))
    run("blind", "start", "1", "--reviewers", "alice,\x1b[31mred")
    status = run("blind", "status", "1").output
    assert "\x1b" not in status
    assert "\\x1b[31mred" in status

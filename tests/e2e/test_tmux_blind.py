"""Blind double review in the real program in a real terminal (tmux): a reviewer in the round
tags their own layer, cannot see the disagreements until the round stops, then walks the
disagreement in the reconcile screen and settles it into the article's tags."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import SEED

from .test_tmux import WORKBENCH, terminal
from .test_tmux_desk import cli_as

pytestmark = [
    pytest.mark.tmux,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]


def test_a_blind_round_is_tagged_and_reconciled_in_a_real_terminal(tmp_path: Path) -> None:
    cli_as("bob", "import", str(SEED))
    cli_as("bob", "blind", "start", "1", "--reviewers", "tmux-tester,bob")
    cli_as("bob", "tag", "1", "2", "claim")
    with terminal(tmp_path, "blind-tag", f"{WORKBENCH} open 1") as term:
        term.wait_for("13 sentences")
        term.keys("g", "j", "f")
        term.wait_for("tagged sentence 2 as figure (blind review)")
        term.keys("B")
        term.wait_for("is under blind review and you are in the")
        term.keys("C-q")
    # Neither saw the other's tag; the article's own tags are untouched.
    mine = json.loads(cli_as("tmux-tester", "sentence", "1", "2", "--json"))
    assert mine["sentence"]["tags"] == ["figure"]
    assert json.loads(cli_as("bob", "sentence", "1", "2", "--json"))["sentence"]["tags"] == [
        "claim"
    ]
    assert json.loads(cli_as("carol", "sentence", "1", "2", "--json"))["sentence"]["tags"] == []
    cli_as("bob", "blind", "stop", "1")
    with terminal(tmp_path, "blind-reconcile", f"{WORKBENCH} open 1") as term:
        term.wait_for("13 sentences")
        term.keys("B")
        term.wait_for("Reconcile the blind review of article 1: 1 disagreement, 0 settled")
        screen = term.wait_for("Sentence 2")
        assert "tmux-tester" in screen and "bob" in screen
        term.keys("b")
        term.wait_for("settled sentence 2 with bob’s tags: claim")
        term.wait_for("1 settled")
        term.keys("Escape")
        term.wait_for("13 sentences")
        term.keys("C-q")
    settled = json.loads(cli_as("carol", "sentence", "1", "2", "--json"))
    assert settled["sentence"]["tags"] == ["claim"]
    assert [t["set_by"] for t in settled["tags"]] == ["tmux-tester"]
    listed = json.loads(cli_as("carol", "reconcile", "1", "--json"))
    assert [(d["sentence"], d["settled"]) for d in listed] == [(2, "bob")]

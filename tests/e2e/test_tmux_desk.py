"""The desk's keys in the real program in a real terminal (tmux): an editor approves a
verdict with A and comments with C; the detail pane shows both."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import SEED

from .test_tmux import WORKBENCH, terminal

pytestmark = [
    pytest.mark.tmux,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]


def cli_as(reviewer: str, *args: str) -> str:
    return subprocess.run(
        [WORKBENCH, "--reviewer", reviewer, *args],
        check=True,
        capture_output=True,
        text=True,
        env=os.environ,
    ).stdout


def test_an_editor_approves_and_comments_in_a_real_terminal(tmp_path: Path) -> None:
    cli_as("alice", "import", str(SEED))
    cli_as("alice", "tag", "1", "1", "claim")
    cli_as("alice", "verdict", "1", "1", "True", "--rationale", "The minutes say so.")
    cli_as("alice", "reviewer", "add", "tmux-tester", "--role", "editor")
    with terminal(tmp_path, "desk", f"{WORKBENCH} open 1") as term:
        term.wait_for("13 sentences")
        term.keys("g")
        term.wait_for("not approved yet")
        term.keys("A")
        term.wait_for("approved the verdict True on sentence 1")
        term.wait_for("approved by tmux-tester")
        term.keys("C")
        term.wait_for("Comment on the sentence")
        term.type("[red]check page 4[/red]")
        term.keys("Enter")
        term.wait_for("commented on sentence 1")
        term.wait_for("[red]check page 4[/red]")
        term.keys("C-q")
    listed = cli_as("alice", "comment", "1", "1")
    assert "verdict approved by tmux-tester" in listed
    assert "tmux-tester" in listed and "[red]check page 4[/red]" in listed


def test_stage_and_assignment_keys_in_a_real_terminal(tmp_path: Path) -> None:
    cli_as("alice", "import", str(SEED))
    cli_as("alice", "tag", "1", "1", "claim")
    cli_as("alice", "verdict", "1", "1", "True", "--rationale", "The minutes say so.")
    with terminal(tmp_path, "stages", f"{WORKBENCH} open 1") as term:
        term.wait_for("13 sentences")
        term.keys("g")
        term.wait_for("status: in progress (t moves it)")
        term.keys("t")
        term.wait_for("Sentence: move to")
        term.keys("Enter")  # the next stage is highlighted
        term.wait_for("set sentence 1 to in review (was in progress)")
        term.wait_for("status: in review by tmux-tester")
        term.keys("T")
        term.wait_for("Article 1: move to")
        term.keys("Enter")
        term.wait_for("set article 1 to in progress (was to do)")
        term.keys("@")
        term.wait_for("Assign article 1 to")
        term.keys("Enter")  # yourself is highlighted
        term.wait_for("assigned article 1 to tmux-tester")
        term.keys("C-q")
    assert cli_as("alice", "status", "1", "1").startswith("sentence 1: in review (set by tmux")
    assert cli_as("alice", "status", "1").startswith("article 1: in progress, assigned to tmux")
    # The library has the article keys too: T moves the highlighted article on.
    with terminal(tmp_path, "library", WORKBENCH) as term:
        term.wait_for("[in progress ·")  # the highlighted article's status, under the table
        term.keys("T")
        term.wait_for("Article 1: move to")
        term.keys("Enter")
        term.wait_for("[in review ·")
        term.keys("C-q")
    assert cli_as("alice", "status", "1").startswith("article 1: in review, assigned to tmux")

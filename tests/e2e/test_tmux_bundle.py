"""A review bundle merged from another desk, in the real program in a real terminal (tmux):
the conflict it brought shows in the detail pane, and `u` takes the merge back."""

from __future__ import annotations

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


def test_a_merged_conflict_shows_and_undo_takes_the_merge_back(tmp_path: Path) -> None:
    cli_as("alice", "import", str(SEED))
    cli_as("alice", "tag", "1", "13", "claim")
    cli_as("alice", "verdict", "1", "13", "Mostly true")
    other = str(tmp_path / "other.db")
    cli_as("bob", "--db", other, "import", str(SEED))
    cli_as("bob", "--db", other, "tag", "1", "13", "claim")
    cli_as("bob", "--db", other, "verdict", "1", "13", "False")
    bundle = tmp_path / "bob.bundle.json"
    cli_as("bob", "--db", other, "export", "1", "--format", "bundle", "-o", str(bundle))
    merged = cli_as("tmux-tester", "import", str(bundle))
    assert "conflict: article 1 sentence 13" in merged
    with terminal(tmp_path, "bundle", f"{WORKBENCH} open 1") as term:
        term.wait_for("13 sentences")
        term.keys("G")
        term.wait_for("⚠ conflict: Mostly true by alice here")
        term.wait_for("rates it again to settle")
        term.keys("u")
        term.wait_for("Undid: merged bob's bundle")
        term.wait_until_gone("⚠ conflict")
        term.keys("C-q")
    assert cli_as("alice", "conflicts") == "no verdict conflicts to settle\n"

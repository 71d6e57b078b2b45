"""The export dialog in a real 80×24 terminal: every format and the path field on screen, a
file replaced only after the reviewer says yes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import SEED
from workbench.core.exports import FORMATS

from .test_tmux import WORKBENCH, cli, terminal, wait_for_exit

pytestmark = [
    pytest.mark.tmux,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]


def test_export_dialog_at_80x24_asks_before_replacing(tmp_path: Path) -> None:
    cli("import", str(SEED))
    target = tmp_path / "out" / "seed.md"
    target.parent.mkdir()
    target.write_text("the editor's copy\n", encoding="utf-8")
    with terminal(tmp_path, "export", f"{WORKBENCH} open 1") as term:
        term.wait_for("13 sentences")
        term.tmux("resize-window", "-t", "t", "-x", "80", "-y", "24")
        term.keys("x")
        screen = term.wait_for("all formats")
        assert all(fmt in screen for fmt in FORMATS), screen
        assert "Write to" in screen and "review-1-iraqi-resistance" in screen
        assert len(screen.splitlines()) <= 24
        for answer, expected in (("n", "Nothing written"), ("y", "Wrote")):
            term.wait_for("Format: ↑↓")
            term.keys("Tab")
            term.wait_for("Path: Enter")  # the hint names the field that has focus
            term.keys("C-u")
            # ctrl+u runs as an action after keys already queued: wait for the field to clear
            term.wait_until_gone("review-1-iraqi")
            term.keys("-l", str(target))
            term.keys("Enter")
            term.wait_for("Replace")  # the path arrived whole: it names an existing file
            term.keys(answer)
            term.wait_for(expected)
            if answer == "n":
                assert target.read_text(encoding="utf-8") == "the editor's copy\n"
                term.keys("x")
                term.wait_for("all formats")
        term.keys("C-q")
        assert wait_for_exit(tmp_path, "export") == 0
    assert target.read_text(encoding="utf-8").startswith("# Fact-check review: ")
    assert list(target.parent.iterdir()) == [target]  # no temporary file left

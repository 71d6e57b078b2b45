"""A revised article in the real program (tmux): `workbench recheck`-style re-import through
the CLI, then the review screen marks the changed sentences, `n` visits them first and the
detail shows the words that changed."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.e2e.test_tmux import WORKBENCH, cli, terminal, wait_for_exit
from tests.unit.test_revisions import FIRST, SECOND

pytestmark = [
    pytest.mark.tmux,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]


def test_a_revised_article_in_the_real_program(tmp_path: Path) -> None:
    for folder, text in (("one", FIRST), ("two", SECOND)):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "report.txt").write_text(text, encoding="utf-8")
    cli("import", str(tmp_path / "one" / "report.txt"))
    cli("tag", "1", "1", "figure")
    cli("verdict", "1", "1", "False")
    assert "revised article 1" in cli("import", str(tmp_path / "two" / "report.txt"))
    with terminal(tmp_path, "revised", f"{WORKBENCH} open 1") as term:
        screen = term.wait_for("5 sentences")
        assert "    1Δ" in screen and "    3Δ" in screen
        term.keys("g")
        term.wait_for("Changed since review")
        term.wait_for("4.1 → 4.2")
        term.keys("n")
        term.wait_for("added: this sentence is new")
        term.keys("n")
        term.wait_for("removed here")
        term.keys("d")  # nothing to check: the flag goes
        term.wait_until_gone("removed here")
        term.keys("C-q")
        assert wait_for_exit(tmp_path, "revised") == 0
    data = json.loads(cli("revisions", "1", "--json"))
    assert [r["number"] for r in data["revisions"]] == [1, 2]

"""The checks and match scores in the real program: a quotation posted with a prefix is exact
in the review screen, and the evidence dialog describes a found passage in words."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from tests.conftest import SEED
from tests.e2e.test_tmux import WORKBENCH, cli, terminal

pytestmark = [
    pytest.mark.tmux,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]

LINES = SEED.read_text(encoding="utf-8").splitlines()
FIRST = next(line for line in LINES if line.startswith("“In continuation"))
QUOTED = FIRST[1 : FIRST.index("”")]


def test_prefixed_quotation_and_match_words_in_a_real_terminal(tmp_path: Path) -> None:
    cli("import", str(SEED))
    post = tmp_path / "post.txt"
    post.write_text(f'Posted in Telegram channel of the group on Monday: "{QUOTED}"\n')
    cli("source", "add", "--url", "https://t.example/post", "--title", "Post", "--snapshot",
        str(post))  # fmt: skip
    report = tmp_path / "moh.txt"
    report.write_text(
        "The Ministry of Health in Gaza said 43,603 Palestinians have been killed and "
        "102,929 injured.\n"
    )
    cli("source", "add", "--url", "https://moh.example", "--title", "Ministry report",
        "--snapshot", str(report))  # fmt: skip
    cli("tag", "1", "6", "quote")
    cli("link", "1", "6", "1", "--stance", "supports")
    assert "quote exact" in cli("check", "1", "6")
    with terminal(tmp_path, "checks", f"{WORKBENCH} open 1") as term:
        term.wait_for("13 sentences")
        term.keys("j", "j", "j", "j", "j")
        screen = term.wait_for("quote check: exact")
        assert "telegram" not in screen.lower().split("evidence (1)")[-1]
        term.keys("G")
        term.wait_for("Sentence 13")
        term.keys("e")
        screen = term.wait_for("shares 43,600 (≈43,603), 103,000 (≈102,929)")
        label = next(line for line in screen.splitlines() if "Ministry report" in line)
        assert re.search(r"(strong|partial) match Ministry report", label), label
        assert "%" not in label

"""A web page imported from the library of the real program, in tmux: `i`, a URL, Enter; a
404 is one message and stores nothing. The page comes from the tests' own server on
127.0.0.1."""

from __future__ import annotations

import json
from pathlib import Path

from tests.e2e.test_tmux import cli, pytestmark, terminal  # noqa: F401 - the tmux marks
from tests.unit.test_fetch import server  # noqa: F401 - the local HTTP server fixture

from .test_tmux import WORKBENCH


def test_i_fetches_a_page_in_a_real_terminal(tmp_path: Path, server: str) -> None:  # noqa: F811
    with terminal(tmp_path, "fetch", f"{WORKBENCH} open") as term:
        term.wait_for("No articles yet")
        term.keys("i")
        term.wait_for("Import an article")
        term.type(f"{server}/missing")
        term.keys("Enter")
        screen = term.wait_for("Not imported")
        assert "the server answered 404" in screen
        term.keys("i")
        term.wait_for("Import an article")
        term.type(f"{server}/article.html")
        term.keys("Enter")
        screen = term.wait_for("Imported Train drivers vote for")
        assert "sentences)" in screen
        term.keys("C-q")
    [article] = json.loads(cli("articles", "--json"))
    assert article["title"] == "Train drivers vote for three more days of strikes"
    assert article["url"] == "https://capitalwire.example/2024/rail-strike"

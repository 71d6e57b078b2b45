"""A web page imported from the library of the real program, in tmux: `i`, a URL, Enter; a
404 is one message and stores nothing. The page comes from the tests' own server on
127.0.0.1."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import SEED
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


def test_evidence_dialog_fetches_a_new_source_in_a_real_terminal(
    tmp_path: Path,
    server: str,  # noqa: F811
) -> None:
    with terminal(tmp_path, "evidence", f"{WORKBENCH} open {SEED}") as term:
        term.wait_for("13 sentences")
        term.keys("G")
        term.wait_for("Sentence 13")
        term.keys("e")
        term.wait_for("Evidence for sentence 13")
        term.keys("Tab")
        term.wait_for("Stored sources:")
        term.keys("Tab")
        term.wait_for("New source: its URL")
        term.type(f"{server}/missing")
        term.keys("Enter")
        term.wait_for("Not read: the server answered 404 Not Found")
        term.keys("C-u")  # clear the field, as in any input box
        term.wait_for("https://… or a file path")  # the empty field's placeholder
        term.type(f"{server}/article.html")
        term.keys("Enter")
        term.wait_for(" words — Train drivers vote for three more days")
        term.wait_for("Excerpt: the words of the source")  # the excerpt field has focus
        term.type("three more days")
        term.keys("C-s")
        term.wait_for("linked new source 1 to sentence 13")
        term.keys("C-q")
    [source] = json.loads(cli("source", "list", "--json"))
    assert source["url"] == f"{server}/article.html"
    assert source["title"] == "Train drivers vote for three more days of strikes"
    shown = cli("source", "show", str(source["id"]))
    assert f"fetched: {server}/article.html, 200 text/html" in shown

"""The desk's workflow on the command line: one facade call per command, one-line errors and
a non-zero exit for what is refused, the database left as it was."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import SEED

from ..hardening.support import dump


def setup_desk(run, tmp_path: Path) -> None:
    """tester imports and rates sentence 1; erin is the editor."""
    run("import", str(SEED))
    run("tag", "1", "1", "claim")
    run("verdict", "1", "1", "True", "--rationale", "The minutes say so.")
    run("reviewer", "add", "erin", "--role", "editor")


def test_reviewers_are_added_and_listed(run, tmp_path: Path) -> None:
    assert "no reviewers listed yet" in run("reviewers").output
    assert run("reviewer", "add", "erin", "--role", "editor").output == "added erin as an editor\n"
    out = run("reviewers").output
    assert "erin  editor  (added by tester" in out
    assert "you (tester) are not listed: you act as a reviewer" in out
    # Only an editor adds reviewers now.
    result = run("reviewer", "add", "bob", code=1)
    assert "tester is not an editor" in result.stderr
    run("--reviewer", "erin", "reviewer", "add", "bob")
    assert [r["name"] for r in json.loads(run("reviewers", "--json").output)] == ["bob", "erin"]


def test_the_config_reviewer_maps_to_a_listed_role(run, tmp_path: Path, monkeypatch) -> None:
    setup_desk(run, tmp_path)
    monkeypatch.delenv("WORKBENCH_REVIEWER")
    (tmp_path / "config.toml").write_text('reviewer = "erin"\n')
    assert run("approve", "1", "1").output == "approved the verdict True on sentence 1\n"


def test_approve_and_return_from_the_command_line(run, tmp_path: Path) -> None:
    setup_desk(run, tmp_path)
    before = dump(tmp_path / "workbench.db")
    result = run("approve", "1", "1", code=1)
    assert "tester is not an editor" in result.stderr and result.stdout == ""
    assert dump(tmp_path / "workbench.db") == before
    out = run("--reviewer", "erin", "return", "1", "1", "--comment", "Link the minutes.").output
    assert out == "returned the verdict True on sentence 1 to tester\n"
    shown = run("comment", "1", "1").output
    assert "verdict returned by erin" in shown and "Link the minutes." in shown
    run("--reviewer", "erin", "approve", "1", "1")
    assert json.loads(run("comment", "1", "1", "--json").output)["decision"]["decision"] == (
        "approved"
    )
    undone = run("--reviewer", "erin", "undo").output
    assert undone.startswith("undid: approved the verdict True on sentence 1")
    result = run("--reviewer", "erin", "return", "1", "1", code=2)
    assert "--comment" in result.stderr


def test_comments_stay_text_in_the_terminal(run, tmp_path: Path) -> None:
    run("import", str(SEED))
    hostile = "\x1b]0;pwned\x07[bold]loud[/bold] see <b>this</b>"
    assert run("comment", "1", "2", hostile).output == "commented on sentence 2\n"
    out = run("comment", "1", "2").output
    assert "\x1b" not in out and "\x07" not in out
    assert "[bold]loud[/bold] see <b>this</b>" in out
    assert json.loads(run("comment", "1", "2", "--json").output)["comments"][0]["text"] == hostile


def test_status_assign_and_worklist(run, tmp_path: Path) -> None:
    setup_desk(run, tmp_path)
    assert run("status", "1").output == "article 1: to do, not assigned\n"
    run("status", "1", "in review")
    run("assign", "1", "tester")
    assert run("status", "1").output.startswith("article 1: in review, assigned to tester (set by")
    assert "in review" in run("worklist", "--mine").output
    assert run("worklist", "--status", "to do").output == "no articles match\n"
    assert run("worklist", "--assignee", "bob").output == "no articles match\n"
    rows = json.loads(run("worklist", "--json").output)
    assert rows == [
        {"id": 1, "title": rows[0]["title"], "status": "in review", "assignee": "tester"}
    ]
    assert "unknown status" in run("status", "1", "finished", code=1).stderr
    assert "only an editor" in run("status", "1", "published", code=1).stderr
    run("--reviewer", "erin", "status", "1", "published")
    assert "name a reviewer, or give --nobody" in run("assign", "1", code=2).stderr
    assert run("assign", "1", "--nobody").output == "took article 1 from tester\n"


def test_sentence_shows_the_decision_and_comments(run, tmp_path: Path) -> None:
    setup_desk(run, tmp_path)
    run("--reviewer", "erin", "return", "1", "1", "--comment", "Link the minutes.")
    run("comment", "1", "1", "Linked now.")
    out = run("sentence", "1", "1").output
    assert "  editor: returned by erin, " in out and ": Link the minutes." in out
    assert "  comment by tester, " in out and ": Linked now." in out
    detail = json.loads(run("sentence", "1", "1", "--json").output)
    assert detail["approval"]["decision"] == "returned"
    assert [c["text"] for c in detail["comments"]] == ["Linked now."]


def test_a_sentence_status_from_the_command_line(run, tmp_path: Path) -> None:
    setup_desk(run, tmp_path)
    assert run("status", "1", "2").output == "sentence 2 has no verdict, so no status yet\n"
    assert run("status", "1", "1").output == (
        "sentence 1: in progress (not set on its current verdict)\n"
    )
    # Unquoted words of a status are read together.
    assert run("status", "1", "1", "in", "review").output == (
        "set sentence 1 to in review (was in progress)\n"
    )
    assert run("status", "1", "1").output.startswith("sentence 1: in review (set by tester, ")
    assert run("status", "1").output == "article 1: to do, not assigned\n"  # the article's own
    before = dump(tmp_path / "workbench.db")
    assert "only an editor" in run("status", "1", "1", "approved", code=1).stderr
    assert "sentence 2 has no verdict" in run("status", "1", "2", "in review", code=1).stderr
    assert "sentence numbers start at 1" in run("status", "1", "0", code=2).stderr
    assert dump(tmp_path / "workbench.db") == before
    out = run("--reviewer", "erin", "status", "1", "1", "approved").output
    assert out == (
        "approved the verdict True on sentence 1: set sentence 1 to approved (was in review)\n"
    )
    assert run("status", "1", "1").output.startswith("sentence 1: approved (set by erin, ")
    assert run("comment", "1", "1").output.startswith("verdict approved by erin")
    run("--reviewer", "erin", "undo")
    assert run("status", "1", "1").output.startswith("sentence 1: in review")


def test_the_desk_names_its_stages_in_the_config(run, tmp_path: Path) -> None:
    setup_desk(run, tmp_path)
    (tmp_path / "config.toml").write_text(
        'statuses = ["new", "working", "with editor", "signed off", "live"]\n'
    )
    assert run("status", "1").output == "article 1: new, not assigned\n"
    assert run("status", "1", "with-editor").output == ("set article 1 to with editor (was new)\n")
    assert run("status", "1", "1", "with editor").output == (
        "set sentence 1 to with editor (was working)\n"
    )
    rows = json.loads(run("worklist", "--status", "With Editor", "--json").output)
    assert [row["status"] for row in rows] == ["with editor"]
    assert "choose one of: new, working, with editor" in run("status", "1", "done", code=1).stderr
    (tmp_path / "config.toml").write_text('statuses = ["new", "working"]\n')
    error = run("status", "1", code=1).stderr
    assert "config.toml: statuses must list 5 names" in error and error.count("\n") == 1

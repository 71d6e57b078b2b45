"""Sign-in tokens for `workbench serve`: shown once, stored as a hash, one live token per
reviewer, revoked for good, managed by editors (and by a reviewer for themself)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from workbench.core.errors import NothingToDoError, ValidationError
from workbench.core.service import Workbench
from workbench.core.tokens import token_hash

from ..conftest import Clock
from ..hardening.support import dump


@pytest.fixture
def desk(db_path: Path) -> Workbench:
    with Workbench(db_path, "erin", clock=Clock()) as editor:
        editor.add_reviewer("erin", "editor")
        editor.add_reviewer("alice")
        editor.add_reviewer("bob")
        yield editor


def stored(db_path: Path) -> list[tuple[str, str, str | None]]:
    with sqlite3.connect(db_path) as conn:
        return list(
            conn.execute("SELECT reviewer, token_hash, revoked_at FROM reviewer_tokens ORDER BY id")
        )


def test_a_token_signs_its_reviewer_in_and_only_its_hash_is_kept(
    desk: Workbench, db_path: Path
) -> None:
    outcome, token = desk.make_token("alice")
    assert outcome.message == "made a sign-in token for alice"
    assert outcome.action.reviewer == "erin"
    assert token.startswith("wbt_") and len(token) > 40
    assert desk.token_holder(token) == "alice"
    assert desk.token_holder(" " + token + "\n") == "alice"
    assert stored(db_path) == [("alice", token_hash(token), None)]
    with sqlite3.connect(db_path) as conn:
        everything = json.dumps([list(r) for r in conn.iterdump()])
    assert token not in everything
    other = token[:-1] + ("A" if token[-1] != "A" else "B")
    for wrong in (other, "", "wbt_", token_hash(token), "x" * 5000):
        assert desk.token_holder(wrong) is None


def test_a_new_token_revokes_the_last_and_revoking_is_for_good(desk: Workbench) -> None:
    _, first = desk.make_token("alice")
    outcome, second = desk.make_token("alice")
    assert outcome.message == "made a sign-in token for alice (the last one is revoked)"
    assert first != second
    assert desk.token_holder(first) is None and desk.token_holder(second) == "alice"
    assert desk.revoke_token("alice").message == "revoked the sign-in token of alice"
    assert desk.token_holder(second) is None
    with pytest.raises(NothingToDoError, match="alice has no live token"):
        desk.revoke_token("alice")
    # Undo never revives a token: the token actions are not on the undo stack.
    assert desk.action_log.next_undo() is not None
    assert "token" not in desk.action_log.next_undo().verb
    records = desk.token_records()
    assert [(r.reviewer, r.revoked_by is not None) for r in records] == [
        ("alice", True),
        ("alice", True),
    ]


def test_only_listed_reviewers_get_tokens_and_only_editors_make_others(
    desk: Workbench, db_path: Path
) -> None:
    before = dump(db_path)
    with pytest.raises(ValidationError, match="carol is not a listed reviewer"):
        desk.make_token("carol")
    with Workbench(db_path, "alice", clock=Clock()) as alice:
        with pytest.raises(ValidationError, match="alice is not an editor"):
            alice.make_token("bob")
        assert dump(db_path) == before
        _, own = alice.make_token("alice")
        assert alice.token_holder(own) == "alice"
        _, bobs = desk.make_token("bob")
        with pytest.raises(ValidationError, match="alice is not an editor"):
            alice.revoke_token("bob")
    assert desk.token_holder(bobs) == "bob"


def test_the_command_prints_the_token_alone_once(run, tmp_path: Path) -> None:
    run("reviewer", "add", "tester", "--role", "editor")
    run("reviewer", "add", "alice")
    result = run("reviewer", "token", "alice")
    token = result.stdout.strip()
    assert token.startswith("wbt_") and "\n" not in token
    assert "shown only now" in result.stderr
    with Workbench(tmp_path / "workbench.db", "tester") as wb:
        assert wb.token_holder(token) == "alice"
    listed = run("reviewer", "tokens").output
    assert listed.startswith("alice  live  (made ") and token not in listed
    assert run("reviewer", "token", "alice", "--revoke").output == (
        "revoked the sign-in token of alice\n"
    )
    assert "revoked" in run("reviewer", "tokens").output
    refused = run("reviewer", "token", "nobody", code=1)
    assert "nobody is not a listed reviewer" in refused.stderr


def test_reviewer_add_with_token_lists_them_and_prints_only_the_token(run, tmp_path: Path) -> None:
    run("reviewer", "add", "tester", "--role", "editor")
    result = run("reviewer", "add", "bob", "--token")
    token = result.stdout.strip()
    assert token.startswith("wbt_") and "\n" not in token
    assert "bob" in result.stderr and "shown only now" in result.stderr
    with Workbench(tmp_path / "workbench.db", "tester") as wb:
        assert wb.token_holder(token) == "bob"
        assert wb.role("bob") == "reviewer"

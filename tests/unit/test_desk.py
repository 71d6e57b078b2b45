"""The desk's workflow through the facade: reviewers and roles, approving and returning
verdicts, comments on sentences, article status and assignment. Each is one undoable action."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import Clock
from workbench.core.errors import NothingToDoError, ValidationError
from workbench.core.service import Workbench

from ..hardening.support import dump


def rated(wb: Workbench, article: int, number: int, rating: str = "True") -> None:
    wb.set_tag(article, number, "claim")
    wb.set_verdict(article, number, rating, rationale="The minutes say so.")


@pytest.fixture
def editor(db_path: Path, workbench: Workbench, seed: int):
    """Alice names Erin editor (the first editor may be named by anyone); Erin's session."""
    workbench.add_reviewer("erin", "editor")
    with Workbench(db_path, "erin", clock=Clock()) as wb:
        yield wb


# ------------------------------------------------------------------ reviewers
def test_reviewers_have_roles_and_an_unknown_name_acts_as_a_reviewer(
    workbench: Workbench, db_path: Path
) -> None:
    assert workbench.reviewers() == []
    assert workbench.role() == "reviewer"
    outcome = workbench.add_reviewer("erin", "Editor")
    assert outcome.message == "added erin as an editor"
    assert [(r.name, r.role, r.added_by) for r in workbench.reviewers()] == [
        ("erin", "editor", "alice")
    ]
    # Once the desk has an editor, only an editor adds reviewers or changes roles.
    with pytest.raises(ValidationError, match="alice is not an editor"):
        workbench.add_reviewer("bob")
    with Workbench(db_path, "erin", clock=Clock()) as erin:
        assert erin.role() == "editor"
        assert erin.add_reviewer("bob").message == "added bob as a reviewer"
        with pytest.raises(NothingToDoError, match="bob is a reviewer already"):
            erin.add_reviewer("bob", "reviewer")
        with pytest.raises(ValidationError, match="only editor"):
            erin.add_reviewer("erin", "reviewer")
        assert erin.add_reviewer("alice", "editor").message == "added alice as an editor"
        assert erin.add_reviewer("bob", "editor").message == ("made bob an editor (was a reviewer)")
        erin.undo()
        assert erin.role("bob") == "reviewer"
    with pytest.raises(ValidationError, match="unknown role"):
        workbench.add_reviewer("carol", "boss")
    with pytest.raises(ValidationError, match="name is required"):
        workbench.add_reviewer("   ")


# ------------------------------------------------------------------ approvals
def test_an_editor_approves_another_reviewers_verdict(
    workbench: Workbench, editor: Workbench, seed: int
) -> None:
    rated(workbench, seed, 1)
    assert workbench.review(seed).sentences[0].approved is False
    outcome = editor.approve(seed, 1)
    assert outcome.message == "approved the verdict True on sentence 1"
    assert outcome.action.reviewer == "erin" and outcome.action.verb == "approve"
    approval = editor.approval(seed, 1)
    assert approval is not None and approval.decision == "approved"
    assert workbench.review(seed).sentences[0].approved is True
    with pytest.raises(NothingToDoError, match="approved already"):
        editor.approve(seed, 1)
    # Undo takes the approval away, as one action.
    editor.undo()
    assert editor.approval(seed, 1) is None


def test_a_new_rating_or_rationale_needs_approval_again(
    workbench: Workbench, editor: Workbench, seed: int
) -> None:
    rated(workbench, seed, 1)
    editor.approve(seed, 1)
    workbench.set_verdict(seed, 1, "True", rationale="A better reason.")
    assert editor.approval(seed, 1) is None
    assert workbench.review(seed).sentences[0].approved is False
    editor.approve(seed, 1)
    workbench.set_verdict(seed, 1, "False", rationale="A better reason.")
    assert workbench.review(seed).sentences[0].approved is False


def test_who_may_approve(workbench: Workbench, editor: Workbench, seed: int) -> None:
    rated(workbench, seed, 1)
    # A reviewer (alice) cannot approve; nothing is written.
    before = dump(workbench.db_path)
    with pytest.raises(ValidationError, match="alice is not an editor"):
        workbench.approve(seed, 1)
    assert dump(workbench.db_path) == before
    # The editor who wrote a verdict cannot approve it.
    rated(editor, seed, 3)
    with pytest.raises(ValidationError, match="erin wrote the verdict on sentence 3"):
        editor.approve(seed, 3)
    with pytest.raises(NothingToDoError, match="sentence 2 has no verdict"):
        editor.approve(seed, 2)


def test_a_returned_verdict_carries_its_comment(
    workbench: Workbench, editor: Workbench, seed: int
) -> None:
    rated(workbench, seed, 1)
    with pytest.raises(ValidationError, match="a comment is required"):
        editor.return_verdict(seed, 1, "  ")
    outcome = editor.return_verdict(seed, 1, "Which minutes? Link them.")
    assert outcome.message == "returned the verdict True on sentence 1 to alice"
    item = workbench.review(seed).sentences[0]
    assert item.approval is not None and item.approval.decision == "returned"
    assert item.approval.comment == "Which minutes? Link them."
    assert not item.approved
    # Approving after a return is a new decision.
    editor.approve(seed, 1)
    assert workbench.review(seed).sentences[0].approved


# ------------------------------------------------------------------- comments
def test_comments_are_attributed_timed_and_undone(workbench: Workbench, seed: int) -> None:
    hostile = '[red]boom[/red] <script>x</script> =HYPERLINK("x")'
    outcome = workbench.comment(seed, 2, hostile)
    assert outcome.message == "commented on sentence 2"
    [comment] = workbench.comments(seed, 2)
    assert (comment.text, comment.reviewer) == (hostile, "alice")
    assert comment.at.startswith("2024-11-12T")
    assert workbench.review(seed).sentences[1].comments == (comment,)
    workbench.undo()
    assert workbench.comments(seed, 2) == []
    with pytest.raises(ValidationError, match="needs some text"):
        workbench.comment(seed, 2, "   ")
    with pytest.raises(ValidationError, match="at most"):
        workbench.comment(seed, 2, "x" * 5000)


# --------------------------------------------------------- status and assignee
def test_status_and_assignment_are_logged_actions(
    workbench: Workbench, editor: Workbench, seed: int
) -> None:
    assert workbench.status(seed).status == "to do"
    assert workbench.set_status(seed, "In-Progress").message == (
        f"set article {seed} to in progress (was to do)"
    )
    with pytest.raises(NothingToDoError):
        workbench.set_status(seed, "in progress")
    with pytest.raises(ValidationError, match="unknown status"):
        workbench.set_status(seed, "done-ish")
    with pytest.raises(ValidationError, match="only an editor marks an article approved"):
        workbench.set_status(seed, "approved")
    assert editor.set_status(seed, "approved").action.verb == "status"
    assert workbench.assign(seed, "bob").message == f"assigned article {seed} to bob"
    status = workbench.status(seed)
    assert (status.status, status.assignee, status.set_by) == ("approved", "bob", "alice")
    assert workbench.statuses()[seed].assignee == "bob"
    workbench.undo()
    assert workbench.status(seed).assignee is None
    assert workbench.status(seed).status == "approved"
    logged = [(a.kind, a.verb, a.reviewer) for a in workbench.history(seed)]
    assert logged[1:] == [
        ("do", "status", "alice"),
        ("do", "status", "erin"),
        ("do", "assign", "alice"),
        ("undo", "assign", "alice"),
    ]


def test_a_merge_keeps_comments_and_decisions_and_undo_puts_them_back(
    workbench: Workbench, editor: Workbench, seed: int
) -> None:
    rated(workbench, seed, 11)
    editor.approve(seed, 11)
    workbench.comment(seed, 11, "Check the second half.")
    workbench.merge(seed, 10)
    assert [c.text for c in workbench.comments(seed, 10)] == ["Check the second half."]
    item = workbench.review(seed).sentences[9]
    assert item.approved and [c.text for c in item.comments] == ["Check the second half."]
    workbench.undo()
    assert [c.text for c in workbench.comments(seed, 11)] == ["Check the second half."]
    assert workbench.comments(seed, 10) == []
    assert workbench.review(seed).sentences[10].approved

"""A status per rated sentence, through the facade: one logged, undoable action; tied to the
verdict it was set on; approved only through an editor's approval; named as the desk names it."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.conftest import Clock
from workbench.config import ConfigError, load_config
from workbench.core.errors import NothingToDoError, ValidationError
from workbench.core.service import Workbench
from workbench.core.status import STAGES, StatusNames, status_names


def rated(wb: Workbench, article: int, number: int, rating: str = "True") -> None:
    wb.set_tag(article, number, "claim")
    wb.set_verdict(article, number, rating, rationale="The minutes say so.")


@pytest.fixture
def editor(db_path: Path, workbench: Workbench, seed: int):
    workbench.add_reviewer("erin", "editor")
    with Workbench(db_path, "erin", clock=Clock()) as wb:
        yield wb


def stage(wb: Workbench, article: int, number: int) -> str | None:
    found = wb.sentence_status(article, number)
    return found.stage if found is not None else None


def test_a_status_follows_a_rating(workbench: Workbench, seed: int) -> None:
    assert stage(workbench, seed, 5) is None
    with pytest.raises(ValidationError, match="sentence 5 has no verdict"):
        workbench.set_sentence_status(seed, 5, "in review")
    rated(workbench, seed, 5)
    assert stage(workbench, seed, 5) == "in progress"  # rated, and no one moved it on
    found = workbench.sentence_status(seed, 5)
    assert found is not None and found.set_by is None


def test_setting_a_status_is_one_logged_undoable_action(
    workbench: Workbench, seed: int, db_path: Path
) -> None:
    rated(workbench, seed, 5)
    before = len(workbench.history(seed))
    outcome = workbench.set_sentence_status(seed, 5, "In-Review")
    assert outcome.message == "set sentence 5 to in review (was in progress)"
    assert outcome.action.verb == "status" and outcome.action.sentence_id is not None
    assert len(workbench.history(seed)) == before + 1
    found = workbench.sentence_status(seed, 5)
    assert found is not None and (found.stage, found.set_by) == ("in review", "alice")
    assert {s.stage for s in workbench.sentence_statuses(seed).values()} == {"in review"}
    with pytest.raises(NothingToDoError, match="sentence 5 is in review already"):
        workbench.set_sentence_status(seed, 5, "in review")
    with pytest.raises(ValidationError, match="unknown status 'done-ish'"):
        workbench.set_sentence_status(seed, 5, "done-ish")
    workbench.undo()
    assert stage(workbench, seed, 5) == "in progress"
    workbench.redo()
    assert stage(workbench, seed, 5) == "in review"


def test_a_status_belongs_to_the_verdict_it_was_set_on(workbench: Workbench, seed: int) -> None:
    rated(workbench, seed, 5)
    workbench.set_sentence_status(seed, 5, "in review")
    workbench.set_verdict(seed, 5, "False", rationale="A second look says otherwise.")
    assert stage(workbench, seed, 5) == "in progress"  # changed after it went for review
    workbench.undo()  # the new rating goes; the status set on the old one holds again
    assert stage(workbench, seed, 5) == "in review"


def test_approving_and_returning_move_the_sentence(
    workbench: Workbench, editor: Workbench, seed: int
) -> None:
    rated(workbench, seed, 5)
    workbench.set_sentence_status(seed, 5, "in review")
    approved = editor.approve(seed, 5)
    assert stage(workbench, seed, 5) == "approved"
    assert approved.action.verb == "approve"
    editor.return_verdict(seed, 5, "Which minutes?")
    assert stage(workbench, seed, 5) == "in progress"
    editor.undo()  # one action: the decision and the stage go together
    assert stage(workbench, seed, 5) == "approved"
    editor.undo()
    assert stage(workbench, seed, 5) == "in review"
    assert editor.approval(seed, 5) is None


def test_approved_and_published_are_an_editors(
    workbench: Workbench, editor: Workbench, seed: int
) -> None:
    rated(workbench, seed, 5)
    with pytest.raises(ValidationError, match="alice is not an editor"):
        workbench.set_sentence_status(seed, 5, "approved")
    with pytest.raises(ValidationError, match="approve the verdict on sentence 5 before"):
        editor.set_sentence_status(seed, 5, "published")
    # Moving a sentence to approved is the editor's approval of its verdict, in one action.
    before = len(editor.history(seed))
    outcome = editor.set_sentence_status(seed, 5, "approved")
    assert outcome.message == (
        "approved the verdict True on sentence 5: set sentence 5 to approved (was in progress)"
    )
    assert len(editor.history(seed)) == before + 1
    approval = editor.approval(seed, 5)
    assert approval is not None and approval.decision == "approved"
    assert editor.set_sentence_status(seed, 5, "published").message == (
        "set sentence 5 to published (was approved)"
    )
    with pytest.raises(ValidationError, match="alice is not an editor"):
        workbench.set_sentence_status(seed, 5, "in review")
    with pytest.raises(ValidationError, match="return it with a comment"):
        editor.set_sentence_status(seed, 5, "in review")
    editor.undo()
    editor.undo()
    assert stage(editor, seed, 5) == "in progress" and editor.approval(seed, 5) is None


def test_an_editor_cannot_approve_their_own_verdict_by_status(editor: Workbench, seed: int) -> None:
    rated(editor, seed, 5)
    with pytest.raises(ValidationError, match="erin wrote the verdict on sentence 5"):
        editor.set_sentence_status(seed, 5, "approved")
    assert stage(editor, seed, 5) == "in progress"


def test_a_merge_carries_the_status_with_its_verdict(workbench: Workbench, seed: int) -> None:
    rated(workbench, seed, 11)
    workbench.set_sentence_status(seed, 11, "in review")
    workbench.merge(seed, 10)
    assert stage(workbench, seed, 10) == "in review"
    workbench.undo()
    assert stage(workbench, seed, 11) == "in review"
    assert stage(workbench, seed, 10) is None


def test_exports_carry_the_status(workbench: Workbench, seed: int) -> None:
    import json

    from workbench.core.export import export
    from workbench.core.exports.options import ExportOptions

    rated(workbench, seed, 5)
    workbench.set_sentence_status(seed, 5, "in review")
    review = workbench.review(seed)
    assert review.sentences[4].stage == "in review" and review.sentences[3].stage is None
    names = status_names(["new", "working", "with editor", "signed off", "live"])
    options = ExportOptions(statuses=names)
    document = json.loads(export(review, "json", options).text)
    assert document["sentences"][4]["status"] == {"stage": "in review", "name": "with editor"}
    assert document["sentences"][3]["status"] is None
    assert "- **Status:** with editor" in export(review, "markdown", options).text


# ------------------------------------------------------------------ names
def test_a_desk_names_the_stages_its_own_way(workbench: Workbench, seed: int) -> None:
    names = status_names(["New", "Working", "With editor", "Signed off", "Live"])
    assert names.stage("with-editor") == "in review"
    assert names.stage("in review") == "in review"  # a stage's own name still reads
    assert names.name("approved") == "Signed off"
    assert names.after("published") == "to do"
    workbench.status_names = names
    rated(workbench, seed, 5)
    assert workbench.set_sentence_status(seed, 5, "With Editor").message == (
        "set sentence 5 to With editor (was Working)"
    )
    assert workbench.set_status(seed, "working").message == (
        f"set article {seed} to Working (was New)"
    )
    with pytest.raises(ValidationError, match="choose one of: New, Working, With editor"):
        workbench.set_status(seed, "doing")


def test_a_desk_name_wins_over_a_stage_of_the_same_name() -> None:
    names = status_names(["new", "working", "approved", "signed off", "live"])
    assert names.stage("approved") == "in review"
    assert names.stage("signed off") == "approved"
    assert StatusNames().names == STAGES


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ('["a", "b", "c"]', "statuses must list 5 names"),
        ('["a", "b", "c", "d", 5]', "the name for 'published' must be a string"),
        ('["a", "b", " ", "d", "e"]', "the name for 'in review' is empty"),
        ('["a", "b", "B", "d", "e"]', "'B' names two stages"),
        ('["a", "b", "12", "d", "e"]', "cannot be a number"),
        ('["a", "b", "c", "d", "e\\u001b[31m"]', "control character"),
        (f'["a", "b", "c", "d", "{"x" * 31}"]', "more than 30 characters"),
        ('"to do"', "statuses must be a list"),
    ],
)
def test_a_bad_statuses_list_is_refused_naming_the_file(
    tmp_path: Path, value: str, message: str
) -> None:
    path = tmp_path / "config.toml"
    path.write_text(f"statuses = {value}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=message) as raised:
        load_config(path)
    assert str(path) in str(raised.value)


def test_the_config_statuses_list_loads(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(
        'statuses = ["to do", "doing", "with editor", "signed off", "live"]\n', encoding="utf-8"
    )
    assert load_config(path).statuses.name("in review") == "with editor"


# ------------------------------------------------------------------ views
def test_the_views_number_sentences_and_agree_with_the_facade(
    workbench: Workbench, editor: Workbench, seed: int, db_path: Path
) -> None:
    rated(workbench, seed, 5)
    rated(workbench, seed, 7, "False")
    workbench.set_sentence_status(seed, 5, "in review")
    editor.approve(seed, 7)
    workbench.set_verdict(seed, 7, "Mostly false", rationale="Closer.")  # after approval
    rated(workbench, seed, 9)
    editor.set_sentence_status(seed, 9, "approved")
    conn = sqlite3.connect(db_path)
    conn.row_factory = sqlite3.Row
    numbered = conn.execute(
        "SELECT * FROM sentence_numbers WHERE article_id = ? ORDER BY number", [seed]
    ).fetchall()
    sentences = workbench.sentences(seed)
    assert [row["number"] for row in numbered] == [s.number for s in sentences]
    assert [row["text"] for row in numbered] == [s.text for s in sentences]
    assert numbered[4]["tags"] == "claim" and numbered[4]["verdict"] == "True"
    facade = {number: stage(workbench, seed, number) for number in range(1, len(sentences) + 1)}
    assert {row["number"]: row["status"] for row in numbered} == facade
    assert (facade[5], facade[7], facade[9]) == ("in review", "in progress", "approved")
    current = conn.execute(
        "SELECT sentence_id, label, decision FROM current_verdicts WHERE article_id = ? "
        "ORDER BY sentence_id",
        [seed],
    ).fetchall()
    assert [(row["label"], row["decision"]) for row in current] == [
        ("True", None),
        ("Mostly false", None),
        ("True", "approved"),
    ]
    conn.close()

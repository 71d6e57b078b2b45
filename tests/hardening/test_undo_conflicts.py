"""Undo and redo of work someone else has changed since: a conflict in words, with nothing
changed, never a constraint message from SQLite."""

from __future__ import annotations

from pathlib import Path

import pytest

from workbench.core.errors import ConflictError, NothingToDoError
from workbench.core.service import Workbench

from .support import dump, paragraphs_text, write_article


@pytest.fixture
def pair(tmp_path: Path):
    db = tmp_path / "undo.db"
    path = write_article(tmp_path, "u.txt", paragraphs_text(3, 3, seed=51))
    with Workbench(db, "alice") as alice, Workbench(db, "bob") as bob:
        article = alice.import_file(path).article.id
        yield db, alice, bob, article


def _refused_in_words(error: ConflictError) -> str:
    message = str(error)
    assert "changed since" in message
    for sqlite_words in ("UNIQUE", "constraint", "FOREIGN KEY", "database error"):
        assert sqlite_words not in message
    assert "\n" not in message
    return message


def test_redo_of_a_tag_someone_set_again_is_a_conflict(pair) -> None:  # noqa: ANN001
    db, alice, bob, article = pair
    alice.set_tag(article, 2, "claim")
    alice.undo()
    bob.set_tag(article, 2, "claim")
    before = dump(db)
    with pytest.raises(ConflictError) as refused:
        alice.redo()
    message = _refused_in_words(refused.value)
    assert "tagged sentence 2 as claim" in message and "set again" in message
    assert dump(db) == before
    # Alice may still redo once bob's tag is gone: the refused redo is still hers to make.
    bob.set_tag(article, 2, "claim", on=False)
    assert alice.redo().message.startswith("redid: tagged sentence 2 as claim — in article")
    assert [m.set_by for m in alice.sentence(article, 2).tags] == ["alice"]


def test_redo_of_a_scale_someone_added_again_is_a_conflict(pair) -> None:  # noqa: ANN001
    db, alice, bob, _ = pair
    alice.add_scale("desk", ["Right=1", "Wrong=0"])
    alice.undo()
    bob.add_scale("desk", ["Yes=1", "No=0"])
    before = dump(db)
    with pytest.raises(ConflictError) as refused:
        alice.redo()
    assert "desk" in _refused_in_words(refused.value)
    assert dump(db) == before
    assert [label.name for label in alice.scale("desk").labels] == ["Yes", "No"]


def test_undo_of_a_verdict_on_a_sentence_merged_since_is_a_conflict(pair) -> None:  # noqa: ANN001
    db, alice, bob, article = pair
    alice.set_tag(article, 2, "claim")
    alice.set_verdict(article, 2, "False")
    bob.merge(article, 1)  # the verdict moves to the merged sentence
    before = dump(db)
    with pytest.raises(ConflictError) as refused:
        alice.undo()
    assert "rated sentence 2 False" in _refused_in_words(refused.value)
    assert dump(db) == before


def test_removing_two_tags_where_one_is_set_removes_nothing(pair) -> None:  # noqa: ANN001
    db, alice, _, article = pair
    alice.set_tag(article, 3, "claim")
    before = dump(db)
    with pytest.raises(NothingToDoError) as refused:
        alice.set_tags(article, 3, ["claim", "quote"], on=False)
    message = str(refused.value)
    assert message == "sentence 3 is not tagged quote; nothing removed"
    assert dump(db) == before
    assert alice.sentence(article, 3).sentence.tags == ("claim",)
    # Both set: one action removes both, and one undo brings both back.
    alice.set_tag(article, 3, "quote")
    assert alice.set_tags(article, 3, ["claim", "quote"], on=False).message == (
        "removed tags claim, quote from sentence 3"
    )
    alice.undo()
    assert alice.sentence(article, 3).sentence.tags == ("claim", "quote")


def test_undo_of_a_split_someone_built_on_is_a_conflict(pair) -> None:  # noqa: ANN001
    """Alice splits sentence 2; Bob tags the new second part; Alice's undo would delete the
    sentence Bob's tag rests on: a conflict in words, nothing changed."""
    db, alice, bob, article = pair
    text = alice.sentence(article, 2).sentence.text
    cut = text.index(" ", len(text) // 2)
    alice.split(article, 2, cut)
    bob.set_tag(article, 3, "figure")
    before = dump(db)
    with pytest.raises(ConflictError) as refused:
        alice.undo()
    assert "other work now rests on it" in _refused_in_words(refused.value)
    assert dump(db) == before


def test_undo_of_a_source_someone_cites_is_a_conflict(pair) -> None:  # noqa: ANN001
    db, alice, bob, article = pair
    source, _ = alice.add_source(url="https://example.org/report", title="Report")
    bob.link(article, 2, source.id, stance="supports")
    before = dump(db)
    with pytest.raises(ConflictError) as refused:
        alice.undo()
    assert "other work now rests on it" in _refused_in_words(refused.value)
    assert dump(db) == before

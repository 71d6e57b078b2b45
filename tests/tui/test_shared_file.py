"""Two reviewers on one file: the screen acts by sentence id, so another connection's merge
never moves a key onto the wrong sentence."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import SEED, Clock
from workbench.core.service import Workbench
from workbench.tui.app import WorkbenchApp
from workbench.tui.screens.review import ReviewScreen
from workbench.tui.widgets.sentence_list import SentenceList

SIZE = (120, 40)


@pytest.fixture
def article(db_path: Path) -> int:
    with Workbench(db_path, "alice", clock=Clock()) as wb:
        return wb.import_file(SEED).article.id


def app_for(db_path: Path, article: int) -> WorkbenchApp:
    return WorkbenchApp(Workbench(db_path, "alice"), article_id=article)


def listed(app: WorkbenchApp) -> SentenceList:
    """The review screen's list, whether or not a dialog is open over it."""
    review = next(s for s in reversed(app.screen_stack) if isinstance(s, ReviewScreen))
    return review.query_one(SentenceList)


def tags_by_id(db_path: Path, article: int) -> dict[int, tuple[str, ...]]:
    with Workbench(db_path, "alice") as wb:
        return {s.id: s.tags for s in wb.sentences(article) if s.tags}


async def test_a_tag_lands_on_its_sentence_after_a_merge_above(db_path: Path, article: int) -> None:
    app = app_for(db_path, article)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("G", "k")
        target = listed(app).current
        assert target is not None and target.number == 12
        with Workbench(db_path, "bob") as other:
            other.merge(article, 10)  # 10 and 11 become 10: the cursor's sentence is now 11
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        current = listed(app).current
        # The list was read again after the action (the file had moved) and kept its place.
        assert current is not None and (current.id, current.number) == (target.id, 11)
        assert current.tags == ("claim",)
        assert any("tagged sentence 11 as claim" in n.message for n in app._notifications)
    assert tags_by_id(db_path, article) == {target.id: ("claim",)}


async def test_a_vanished_sentence_is_reported_and_the_list_read_again(
    db_path: Path, article: int
) -> None:
    app = app_for(db_path, article)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("G", "k", "k")  # sentence 11, which the merge removes
        gone = listed(app).current
        assert gone is not None and gone.number == 11
        with Workbench(db_path, "bob") as other:
            merged = other.merge(article, 10).action.sentence_id
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        assert any("no longer exists" in n.message for n in app._notifications)
        current = listed(app).current
        # Where its text went: the merged sentence 10.
        assert current is not None and (current.id, current.number) == (merged, 10)
        assert len(listed(app).rows) == 12
    assert tags_by_id(db_path, article) == {}

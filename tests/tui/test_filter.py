"""The filter says which filters exist when a state term names none."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import SEED, Clock
from tests.tui.screen import screen_text
from workbench.core.service import Workbench
from workbench.tui.app import WorkbenchApp
from workbench.tui.review_state import FILTERS, unknown_filters
from workbench.tui.widgets.sentence_list import SentenceList


@pytest.fixture
def article(db_path: Path) -> int:
    with Workbench(db_path, "alice", clock=Clock()) as wb:
        return wb.import_file(SEED).article.id


def test_unknown_state_terms_are_found_and_match_nothing() -> None:
    assert unknown_filters(["is:bogus", "is:claim", "drones", "no:verdict", "has:x"]) == [
        "is:bogus",
        "has:x",
    ]
    assert unknown_filters(["10:30", "is:"]) == []
    for term in FILTERS.split():
        assert unknown_filters([term]) == [], term


async def test_is_bogus_names_the_filters_that_exist(db_path: Path, article: int) -> None:
    app = WorkbenchApp(Workbench(db_path, "alice"), article_id=article)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("slash", *"is:bogus")
        await pilot.pause()
        assert app.screen.query_one(SentenceList).rows == []
        shown = screen_text(app)
        assert "is:bogus: no such filter" in shown
        await pilot.press("enter")
        await pilot.pause()
        notices = [n.message for n in app._notifications]
        assert any("is:bogus" in m and "is:claim" in m and "no:verdict" in m for m in notices)
        await pilot.press("escape")
        await pilot.pause()
        assert len(app.screen.query_one(SentenceList).rows) == 13

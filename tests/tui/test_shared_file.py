"""Two reviewers on one file: the screen acts by sentence id, so another connection's merge
never moves a key onto the wrong sentence, and it notices their changes within a second."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

import workbench.tui.screens.review as review_module
from tests.conftest import SEED, Clock
from workbench.core.service import Workbench
from workbench.tui.app import WorkbenchApp
from workbench.tui.screens.evidence import EvidenceModal
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


async def wait_until(pilot, condition, timeout: float = 1.5) -> float:  # type: ignore[no-untyped-def]
    """Seconds until `condition()` holds, pausing the app between looks."""
    start = time.monotonic()
    while not condition():
        if time.monotonic() - start > timeout:
            raise AssertionError(f"not within {timeout}s")
        await pilot.pause(0.05)
    return time.monotonic() - start


@pytest.fixture
def no_polling(monkeypatch: pytest.MonkeyPatch) -> None:
    """The key comes before the screen looks for changes: what acting by id is for."""
    monkeypatch.setattr(review_module, "POLL_INTERVAL", 3600)


@pytest.mark.usefixtures("no_polling")
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


@pytest.mark.usefixtures("no_polling")
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


async def test_another_connections_tag_shows_within_the_poll_interval(
    db_path: Path, article: int
) -> None:
    app = app_for(db_path, article)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "j")
        with Workbench(db_path, "bob") as other:
            other.toggle_tag(article, 3, "claim")
        waited = await wait_until(pilot, lambda: listed(app).rows[2].tags == ("claim",))
        assert waited < 1.0
        assert listed(app).cursor == 2
        assert "1 tagged" in str(app.screen.query_one("#progress-text").content)


async def test_a_merge_by_another_reviewer_keeps_the_cursor_and_the_open_dialog(
    db_path: Path, article: int
) -> None:
    app = app_for(db_path, article)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("G", "k", "e")
        target = listed(app).current
        assert target is not None and isinstance(app.screen, EvidenceModal)
        with Workbench(db_path, "bob") as other:
            other.merge(article, 10)
        await wait_until(pilot, lambda: len(listed(app).rows) == 12)
        assert isinstance(app.screen, EvidenceModal)  # still open, still for its sentence
        current = listed(app).current
        assert current is not None and (current.id, current.number) == (target.id, 11)
        await pilot.press("tab", "tab", *"https://example.org/report", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
    with Workbench(db_path, "alice") as wb:
        evidence = wb.sentence(article, 11).evidence
    assert [e.source.url for e in evidence] == ["https://example.org/report"]


async def test_the_screens_own_actions_do_not_read_the_article_again(
    db_path: Path, article: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    readings: list[int] = []
    load = ReviewScreen.load

    def counted(screen: ReviewScreen) -> None:
        readings.append(1)
        load(screen)

    monkeypatch.setattr(ReviewScreen, "load", counted)
    app = app_for(db_path, article)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert len(readings) == 1
        await pilot.press("c", "j", "q", "G", "a")
        await pilot.pause(2 * review_module.POLL_INTERVAL + 0.2)
        assert len(readings) == 1  # a tag re-reads its row; the poll sees no other writer
        with Workbench(db_path, "bob") as other:
            other.toggle_tag(article, 5, "claim")
        # Another's tag: its row is read again, not the article.
        await wait_until(pilot, lambda: listed(app).rows[4].tags == ("claim",))
        await pilot.pause(2 * review_module.POLL_INTERVAL + 0.2)
        assert len(readings) == 1
        with Workbench(db_path, "bob") as other:
            other.merge(article, 10)
        # Another's merge moves the numbers: the article is read again, once.
        await wait_until(pilot, lambda: len(readings) == 2)
        await pilot.pause(2 * review_module.POLL_INTERVAL + 0.2)
        assert len(readings) == 2


async def test_the_library_shows_another_reviewers_import(
    db_path: Path, article: int, tmp_path: Path
) -> None:
    other_file = tmp_path / "other.md"
    other_file.write_text("# Budget\n\nThe council approved a 3.5% rise.\n", encoding="utf-8")
    app = WorkbenchApp(Workbench(db_path, "alice"))
    async with app.run_test(size=SIZE) as pilot:
        table = app.screen.query_one("#articles")
        assert table.row_count == 1
        with Workbench(db_path, "bob") as other:
            other.import_file(other_file)
        await wait_until(pilot, lambda: table.row_count == 2)

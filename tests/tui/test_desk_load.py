"""A busy desk: with other reviewers writing all the time, a key redraws what it changed and
no more (benchmarks/bench_desk.py measures the time it takes)."""

from __future__ import annotations

from pathlib import Path

import pytest

import workbench.tui.screens.review as review_module
from tests.conftest import SEED, Clock
from workbench.core.service import Workbench
from workbench.tui.app import WorkbenchApp
from workbench.tui.screens.library import LibraryScreen
from workbench.tui.screens.review import ReviewScreen
from workbench.tui.widgets.footer import ActionFooter
from workbench.tui.widgets.sentence_list import SentenceList

from .test_shared_file import wait_until

SIZE = (120, 40)


@pytest.fixture
def article(db_path: Path) -> int:
    with Workbench(db_path, "alice", clock=Clock()) as wb:
        return wb.import_file(SEED).article.id


def counting(monkeypatch: pytest.MonkeyPatch, cls: type, name: str) -> list[int]:
    calls: list[int] = []
    original = getattr(cls, name)

    def counted(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(1)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(cls, name, counted)
    return calls


def footer_key(app: WorkbenchApp, key: str):  # type: ignore[no-untyped-def]
    return next(k for k in app.screen.query_one(ActionFooter).query("FooterKey") if k.key == key)


async def test_a_tag_key_does_not_read_the_article_again_for_others_tags(
    db_path: Path, article: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(review_module, "POLL_INTERVAL", 3600)
    loads = counting(monkeypatch, ReviewScreen, "load")
    app = WorkbenchApp(Workbench(db_path, "alice"), article_id=article)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert len(loads) == 1
        with Workbench(db_path, "bob") as other:
            other.toggle_tag(article, 5, "quote")
        await pilot.press("j", "c")
        await pilot.pause()
        rows = app.screen.query_one(SentenceList)
        assert rows.current is not None and rows.current.tags == ("claim",)
        assert len(loads) == 1  # bob's tag waits for the poll; a merge would not (see below)
        with Workbench(db_path, "bob") as other:
            other.merge(article, 10)
        await pilot.press("c")
        await pilot.pause()
        assert len(loads) == 2
        assert len(rows.rows) == 12
        assert rows.rows[4].tags == ("quote",)


async def test_the_library_under_the_review_screen_does_not_read_on_others_changes(
    db_path: Path, article: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    reloads = counting(monkeypatch, LibraryScreen, "reload")
    app = WorkbenchApp(Workbench(db_path, "alice"), article_id=article)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        before = len(reloads)
        with Workbench(db_path, "bob") as other:
            other.toggle_tag(article, 5, "quote")
        rows = app.screen.query_one(SentenceList)
        await wait_until(pilot, lambda: rows.rows[4].tags == ("quote",), timeout=10)
        await pilot.pause(2 * review_module.POLL_INTERVAL)
        assert len(reloads) == before
        app.action_library()
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        assert len(reloads) > before  # read again on the way back


async def test_the_footer_follows_the_sentence_without_being_built_again(
    db_path: Path, article: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Workbench(db_path, "alice") as wb:
        wb.set_tags(article, 3, ["claim"])
    builds = counting(monkeypatch, ActionFooter, "compose")
    app = WorkbenchApp(Workbench(db_path, "alice"), article_id=article)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        built = len(builds)
        assert footer_key(app, "v").has_class("-disabled")  # sentence 1 is not tagged
        await pilot.press("j", "j")  # sentence 3, tagged: a verdict applies
        await pilot.pause()
        assert not footer_key(app, "v").has_class("-disabled")
        assert not footer_key(app, "v")._disabled
        await pilot.press("j")
        await pilot.pause()
        assert footer_key(app, "v").has_class("-disabled")
        assert len(builds) == built


async def test_checked_before_is_searched_when_the_cursor_arrives_not_on_every_reading(
    db_path: Path, article: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    searches = counting(monkeypatch, Workbench, "checked_before")
    app = WorkbenchApp(Workbench(db_path, "alice"), article_id=article)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j")
        await wait_until(pilot, lambda: len(searches) >= 1, timeout=10)
        # A slow start can let the cursor rest on the first sentence too: count from here.
        await pilot.pause(2 * review_module.PRIOR_DELAY)
        arrived = len(searches)
        await pilot.press("c", "q")
        with Workbench(db_path, "bob") as other:
            other.toggle_tag(article, 5, "quote")
        rows = app.screen.query_one(SentenceList)
        await wait_until(pilot, lambda: rows.rows[4].tags == ("quote",), timeout=10)
        await pilot.pause(2 * review_module.PRIOR_DELAY)
        assert len(searches) == arrived
        await pilot.press("j")
        await wait_until(pilot, lambda: len(searches) == arrived + 1, timeout=10)

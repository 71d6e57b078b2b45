"""A damaged database is said on screen, never a crash: the library and the review screen
catch what the store reports, and a sentence whose text cannot be read shows as such."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from textual.widgets import Static

from tests.conftest import SEED, Clock
from workbench.core.service import Workbench
from workbench.tui.app import WorkbenchApp
from workbench.tui.screens.review import ReviewScreen
from workbench.tui.widgets.sentence_list import SentenceList

SIZE = (120, 40)


def _damage_sentence(db_path: Path, number: int) -> int:
    """Overwrite one sentence's text with bytes that are not UTF-8; returns its id."""
    with Workbench(db_path, "alice") as wb:
        sentence_id = wb.sentences(1)[number - 1].id
    conn = sqlite3.connect(db_path)
    conn.execute("UPDATE sentences SET text = CAST(x'fffe41' AS TEXT) WHERE id = ?", [sentence_id])
    conn.commit()
    conn.close()
    return sentence_id


async def test_a_sentence_that_cannot_be_read_is_shown_as_such(db_path: Path) -> None:
    with Workbench(db_path, "alice", clock=Clock()) as wb:
        wb.import_file(SEED)
    damaged = _damage_sentence(db_path, 3)
    app = WorkbenchApp(Workbench(db_path, "alice"), article_id=1)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        rows = app.screen.query_one(SentenceList)
        shown = app.screen.rows.text_of(next(s for s in rows.rows if s.id == damaged))
        assert shown.startswith("(this sentence cannot be read:")
        await pilot.press("j", "j", "j")  # over the damaged row and past it
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, ReviewScreen)


async def test_a_library_that_cannot_be_read_says_so(db_path: Path) -> None:
    with Workbench(db_path, "alice", clock=Clock()) as wb:
        wb.import_file(SEED)
    app = WorkbenchApp(Workbench(db_path, "alice"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        conn = sqlite3.connect(db_path)
        conn.execute("UPDATE articles SET title = CAST(x'fffe' AS TEXT)")
        conn.commit()
        conn.close()
        app.screen.reload()  # type: ignore[attr-defined]
        await pilot.pause()
        message = str(app.screen.query_one("#library-empty", Static).render())
        assert message.startswith("Cannot read:") and app.is_running

"""Live refresh: another process writes to the article on screen, and the screen shows it
within a second, reading again only the rows that changed, with the cursor where it was and
an open dialog still open with what was typed in it."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest
from rich.console import Console

from tests.conftest import SEED, Clock
from workbench.core.service import Workbench
from workbench.tui.app import WorkbenchApp
from workbench.tui.screens.evidence import EvidenceModal
from workbench.tui.screens.review import ReviewScreen
from workbench.tui.widgets.sentence_list import SentenceList

from .test_desk_load import counting
from .test_shared_file import wait_until

SIZE = (120, 40)


@pytest.fixture
def article(db_path: Path) -> int:
    with Workbench(db_path, "alice", clock=Clock()) as wb:
        return wb.import_file(SEED).article.id


def another_process(db_path: Path, code: str) -> None:
    """Run `code` with `wb`, a workbench of reviewer bob, in a process of its own."""
    program = (
        "from workbench.core.service import Workbench\n"
        f"with Workbench({str(db_path)!r}, 'bob') as wb:\n"
        f"    {code}\n"
    )
    subprocess.run([sys.executable, "-c", program], check=True, timeout=60)


def listed(app: WorkbenchApp) -> SentenceList:
    return _review(app).query_one(SentenceList)


def _review(app: WorkbenchApp) -> ReviewScreen:
    return next(s for s in app.screen_stack if isinstance(s, ReviewScreen))


def text_of(widget) -> str:  # type: ignore[no-untyped-def]
    console = Console(width=200, record=True, file=io.StringIO())
    console.print(widget.content)
    return console.export_text()


async def test_another_process_tag_shows_under_an_open_dialog_keeping_cursor_and_text(
    db_path: Path, article: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    loads = counting(monkeypatch, ReviewScreen, "load")
    app = WorkbenchApp(Workbench(db_path, "alice"), article_id=article)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "j", "j")  # sentence 4
        await pilot.press("e", *"budget")  # the evidence dialog, a search typed in it
        await pilot.pause()
        assert isinstance(app.screen, EvidenceModal)
        assert len(loads) == 1
        # Bob tags the sentence under the cursor and one far from it, from another process.
        another_process(
            db_path, f"wb.toggle_tag({article}, 4, 'claim'); wb.toggle_tag({article}, 12, 'quote')"
        )
        waited = await wait_until(
            pilot,
            lambda: (
                listed(app).rows[3].tags == ("claim",) and listed(app).rows[11].tags == ("quote",)
            ),
        )
        assert waited < 1.0
        assert isinstance(app.screen, EvidenceModal)  # still open,
        assert app.screen.query_one("#source-query").value == "budget"  # with what was typed
        assert listed(app).cursor == 3  # the cursor on its sentence
        review = _review(app)
        # The detail pane under the dialog and the counts show bob's tag too.
        await wait_until(pilot, lambda: "by bob" in text_of(review.query_one("#detail-body")))
        assert "2 tagged" in str(review.query_one("#progress-text").content)
        assert len(loads) == 1  # two rows read again, not the article
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen) and listed(app).cursor == 3


async def test_a_filtered_list_takes_in_a_row_another_process_made_match(
    db_path: Path, article: int
) -> None:
    app = WorkbenchApp(Workbench(db_path, "alice"), article_id=article)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"is:figure", "enter")
        await pilot.pause()
        before = [row.number for row in listed(app).rows]
        another_process(db_path, f"wb.toggle_tag({article}, 2, 'figure')")
        await wait_until(pilot, lambda: 2 in [row.number for row in listed(app).rows])
        assert [row.number for row in listed(app).rows] == sorted({*before, 2})

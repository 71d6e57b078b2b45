"""The desk's keys in the review screen: A approves and R returns the current verdict (an
editor's, never on their own verdict), C comments on the sentence; the detail pane shows the
decision and the comments as plain text."""

from __future__ import annotations

import io
from pathlib import Path

from rich.console import Console
from textual.widgets import Input

from tests.conftest import SEED, Clock
from workbench.core.service import Workbench
from workbench.tui.app import WorkbenchApp
from workbench.tui.screens.prompt import PromptModal

SIZE = (140, 50)


def _rated(db_path: Path) -> int:
    """alice rates sentence 1; erin is the desk's editor."""
    with Workbench(db_path, "alice", clock=Clock()) as wb:
        article = wb.import_file(SEED).article.id
        wb.set_tag(article, 1, "claim")
        wb.set_verdict(article, 1, "True", rationale="The minutes say so.")
        wb.add_reviewer("erin", "editor")
        return article


def detail_text(app: WorkbenchApp) -> str:
    """The detail pane's whole text (scrolled or not), as the reviewer reads it."""
    console = Console(width=200, record=True, file=io.StringIO())
    console.print(app.screen.query_one("#detail-body").content)
    return console.export_text()


def _messages(app: WorkbenchApp) -> list[str]:
    return [str(n.message) for n in app._notifications]


async def test_A_approves_as_an_editor_and_the_detail_pane_says_so(db_path: Path) -> None:
    article = _rated(db_path)
    app = WorkbenchApp(Workbench(db_path, "erin"), article_id=article)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("g")
        await pilot.pause()
        assert "not approved yet" in detail_text(app)
        await pilot.press("A")
        await pilot.pause()
        assert any(m.startswith("approved the verdict True on sentence 1") for m in _messages(app))
        assert "approved by erin" in detail_text(app)
    with Workbench(db_path, "alice") as wb:
        approval = wb.approval(article, 1)
        assert approval is not None and approval.decision == "approved"


async def test_A_by_a_reviewer_is_refused_on_screen(db_path: Path) -> None:
    article = _rated(db_path)
    app = WorkbenchApp(Workbench(db_path, "alice"), article_id=article)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("g", "A")
        await pilot.pause()
        assert any("alice is not an editor" in m for m in _messages(app))
    with Workbench(db_path, "alice") as wb:
        assert wb.approval(article, 1) is None


async def test_R_returns_with_a_comment_and_C_comments_as_plain_text(db_path: Path) -> None:
    article = _rated(db_path)
    app = WorkbenchApp(Workbench(db_path, "erin"), article_id=article)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("g", "R")
        await pilot.pause()
        assert isinstance(app.screen, PromptModal)
        app.screen.query_one(Input).value = "Which minutes?"
        await pilot.press("enter")
        await pilot.pause()
        assert any(m.startswith("returned the verdict True") for m in _messages(app))
        await pilot.press("C")
        await pilot.pause()
        assert isinstance(app.screen, PromptModal)
        app.screen.query_one(Input).value = "[bold]see page 4[/bold]"
        await pilot.press("enter")
        await pilot.pause()
        text = detail_text(app)
        assert "returned by erin" in text and "Which minutes?" in text
        assert "[bold]see page 4[/bold]" in text
        # Escape in the prompt writes nothing.
        await pilot.press("C")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
    with Workbench(db_path, "alice") as wb:
        assert [c.text for c in wb.comments(article, 1)] == ["[bold]see page 4[/bold]"]
        approval = wb.approval(article, 1)
        assert approval is not None and approval.comment == "Which minutes?"


async def test_the_library_shows_status_and_filters_by_mine_status_and_assignee(
    db_path: Path,
) -> None:
    from textual.widgets import DataTable

    from workbench.tui.screens.library import LibraryScreen

    with Workbench(db_path, "alice", clock=Clock()) as wb:
        first = wb.import_file(SEED).article.id
        (db_path.parent / "second.txt").write_text("A second article. It says little.\n")
        second = wb.import_file(db_path.parent / "second.txt").article.id
        wb.set_status(first, "in review")
        wb.assign(first, "alice")
        wb.assign(second, "bob")
    app = WorkbenchApp(Workbench(db_path, "alice"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        table = app.screen.query_one(DataTable)

        def shown() -> list[tuple[str, str]]:
            return [
                (str(table.get_row_at(i)[0]), str(table.get_row_at(i)[-1]))
                for i in range(table.row_count)
            ]

        assert shown() == [(str(first), "in review · alice"), (str(second), "to do · bob")]
        await pilot.press("m")
        await pilot.pause()
        assert shown() == [(str(first), "in review · alice")]
        await pilot.press("m", "t")  # all again, then only "to do"
        await pilot.pause()
        assert shown() == [(str(second), "to do · bob")]
        await pilot.press("t", "t")  # "in review"
        await pilot.pause()
        assert shown() == [(str(first), "in review · alice")]
        assert "in review (1 of 2)" in str(app.screen.query_one("#library-title").render())
        await pilot.press("t", "t", "t", "a")  # approved, published, all; then the assignee
        await pilot.pause()
        assert isinstance(app.screen, PromptModal)
        app.screen.query_one(Input).value = "bob"
        await pilot.press("enter")
        await pilot.pause()
        assert shown() == [(str(second), "to do · bob")]


async def test_the_export_dialog_names_the_verdicts_left_out(db_path: Path) -> None:
    from workbench.tui.screens.export import ExportModal

    article = _rated(db_path)
    app = WorkbenchApp(Workbench(db_path, "alice"), article_id=article)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("x")
        for _ in range(50):
            await pilot.pause()
            if isinstance(app.screen, ExportModal):
                break
        assert isinstance(app.screen, ExportModal)
        console = Console(width=200, record=True, file=io.StringIO())
        console.print(app.screen.query_one("#export-warnings").content)
        assert (
            "sentence 1: the verdict True awaits an editor's approval; left out of ClaimReview "
            "and the HTML report" in console.export_text()
        )

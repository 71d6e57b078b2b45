"""The desk's stage and assignment keys: t moves the current sentence to a stage, T the
article, @ assigns the article, each through a short pick list with the likely choice
highlighted (in the review screen and, for T and @, the library); the detail pane and the
sentence list show the stage, named as the config names it; the export dialog offers what
`--include-unapproved` does and says what is left out."""

from __future__ import annotations

import io
from pathlib import Path

from rich.console import Console
from textual.widgets import Checkbox, DataTable, Input, OptionList

from tests.conftest import SEED, Clock
from workbench.config import Config
from workbench.core.service import Workbench
from workbench.core.status import status_names
from workbench.tui.app import WorkbenchApp
from workbench.tui.screens.choose import ChoiceModal
from workbench.tui.widgets.sentence_list import SentenceList

from .screen import screen_text

SIZE = (140, 50)


def _rated(db_path: Path) -> int:
    """alice rates sentences 1 and 2; erin is the desk's editor; bob a reviewer."""
    with Workbench(db_path, "alice", clock=Clock()) as wb:
        article = wb.import_file(SEED).article.id
        for number in (1, 2):
            wb.set_tag(article, number, "claim")
            wb.set_verdict(article, number, "True", rationale="The minutes say so.")
        wb.add_reviewer("erin", "editor")
    with Workbench(db_path, "erin", clock=Clock()) as wb:
        wb.add_reviewer("bob")
    return article


def detail_text(app: WorkbenchApp) -> str:
    console = Console(width=200, record=True, file=io.StringIO())
    console.print(app.screen.query_one("#detail-body").content)
    return console.export_text()


def _messages(app: WorkbenchApp) -> list[str]:
    return [str(n.message) for n in app._notifications]


def _choices(app: WorkbenchApp) -> tuple[list[str], int | None]:
    """The pick list's options as shown, and which one is highlighted."""
    assert isinstance(app.screen, ChoiceModal)
    options = app.screen.query_one(OptionList)
    shown = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
    return shown, options.highlighted


async def test_t_moves_the_sentence_to_the_next_stage(db_path: Path) -> None:
    article = _rated(db_path)
    app = WorkbenchApp(Workbench(db_path, "alice"), article_id=article)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("g")
        await pilot.pause()
        assert "status: in progress (t moves it)" in detail_text(app)
        # Until the desk moves a sentence on, the list has no stage column.
        assert app.screen.query_one(SentenceList).stages == {}
        await pilot.press("t")
        await pilot.pause()
        shown, highlighted = _choices(app)
        assert shown[:3] == ["to do", "in progress  now", "in review"] and highlighted == 2
        await pilot.press("enter")
        await pilot.pause()
        assert "set sentence 1 to in review (was in progress)" in _messages(app)[-1]
        assert "status: in review by alice" in detail_text(app)
        assert "in review" in screen_text(app).splitlines()[2]  # the list's first row
        await pilot.press("j", "t")  # sentence 2: still in progress
        await pilot.pause()
        assert _choices(app)[1] == 2
        await pilot.press("escape")  # cancelled: nothing written
        await pilot.pause()
        await pilot.press("j", "t")  # sentence 3 has no verdict: the key says why
        await pilot.pause()
        assert not isinstance(app.screen, ChoiceModal)
        assert "a status follows a rating (v rates it)" in _messages(app)[-1]
    with Workbench(db_path, "alice") as wb:
        assert [wb.sentence_status(article, n).stage for n in (1, 2)] == [  # type: ignore[union-attr]
            "in review",
            "in progress",
        ]
        assert [a.verb for a in wb.history(article)][-1] == "status"


async def test_t_to_approved_by_a_reviewer_is_refused_and_writes_nothing(db_path: Path) -> None:
    article = _rated(db_path)
    app = WorkbenchApp(Workbench(db_path, "bob"), article_id=article)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("g", "t", "down", "enter")  # in review highlighted; down: approved
        await pilot.pause()
        assert any("bob is not an editor" in m for m in _messages(app))
    with Workbench(db_path, "alice") as wb:
        assert wb.sentence_status(article, 1).stage == "in progress"  # type: ignore[union-attr]
        assert wb.approval(article, 1) is None


async def test_T_and_at_move_and_assign_the_article_from_the_review_screen(
    db_path: Path,
) -> None:
    article = _rated(db_path)
    app = WorkbenchApp(Workbench(db_path, "erin"), article_id=article)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("T")
        await pilot.pause()
        assert _choices(app)[1] == 1  # to do now: in progress next
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("at")
        await pilot.pause()
        shown, highlighted = _choices(app)
        assert shown == ["bob  reviewer", "erin  editor · you", "nobody  assigned now"]
        assert highlighted == 1  # yourself, when the article is not yours yet
        await pilot.press("up", "enter")  # bob
        await pilot.pause()
        assert f"assigned article {article} to bob" in _messages(app)[-1]
    with Workbench(db_path, "alice") as wb:
        status = wb.status(article)
        assert (status.status, status.assignee) == ("in progress", "bob")


async def test_T_and_at_in_the_library(db_path: Path) -> None:
    from workbench.tui.screens.library import LibraryScreen

    article = _rated(db_path)
    app = WorkbenchApp(Workbench(db_path, "alice"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        await pilot.press("T", "down", "enter")  # in progress highlighted; down: in review
        await pilot.pause()
        await pilot.press("at")
        await pilot.pause()
        shown, highlighted = _choices(app)
        assert shown[highlighted or 0] == "alice  not listed · you"
        await pilot.press("enter")
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        assert str(table.get_row_at(0)[-1]) == "in review · alice"
        await pilot.press("u")  # the library's undo takes the assignment back
        await pilot.pause()
        assert str(table.get_row_at(0)[-1]) == "in review"
    with Workbench(db_path, "alice") as wb:
        assert wb.status(article).status == "in review"


async def test_the_config_names_the_stages_on_screen(db_path: Path) -> None:
    article = _rated(db_path)
    names = status_names(["new", "working", "with editor", "signed off", "live"])
    app = WorkbenchApp(
        Workbench(db_path, "alice"), config=Config(statuses=names), article_id=article
    )
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("g")
        await pilot.pause()
        assert "status: working" in detail_text(app)
        await pilot.press("t")
        await pilot.pause()
        assert _choices(app)[0][2] == "with editor"
        await pilot.press("enter")
        await pilot.pause()
        assert "status: with editor by alice" in detail_text(app)
        first_row = app.screen.query_one(SentenceList).rows[0]
        assert app.screen.query_one(SentenceList).stages[first_row.id] == "with editor"
    with Workbench(db_path, "alice") as wb:
        assert wb.sentence_status(article, 1).stage == "in review"  # type: ignore[union-attr]


async def test_the_export_dialog_offers_the_unapproved_as_a_draft(
    db_path: Path, tmp_path: Path, monkeypatch
) -> None:
    from workbench.tui.screens.export import ExportModal

    article = _rated(db_path)
    monkeypatch.chdir(tmp_path)
    app = WorkbenchApp(Workbench(db_path, "alice"), article_id=article)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("x")
        for _ in range(50):
            await pilot.pause()
            if isinstance(app.screen, ExportModal):
                break
        assert isinstance(app.screen, ExportModal)
        dialog = app.screen
        left_out = dialog.query_one("#export-left-out")
        assert "leave out the 2 verdict(s) no editor has approved" in str(left_out.render())
        checkbox = dialog.query_one("#export-unapproved", Checkbox)
        assert "Include the 2 unapproved verdict(s)" in str(checkbox.label)
        dialog.query_one("#format-html").value = True  # the HTML report
        await pilot.pause()
        checkbox.focus()
        await pilot.press("space")
        await pilot.pause()
        assert checkbox.value
        assert "will be a DRAFT" in str(left_out.render())
        target = tmp_path / "draft.html"
        dialog.query_one("#export-path", Input).value = str(target)
        await pilot.press("ctrl+s")
        for _ in range(50):
            await pilot.pause()
            if target.exists():
                break
    html = target.read_text(encoding="utf-8")
    assert "DRAFT" in html and "True" in html


async def test_the_export_dialog_without_unapproved_verdicts_has_no_choice(
    db_path: Path,
) -> None:
    from workbench.tui.screens.export import ExportModal

    with Workbench(db_path, "alice", clock=Clock()) as wb:
        article = wb.import_file(SEED).article.id
    app = WorkbenchApp(Workbench(db_path, "alice"), article_id=article)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("x")
        for _ in range(50):
            await pilot.pause()
            if isinstance(app.screen, ExportModal):
                break
        assert isinstance(app.screen, ExportModal)
        assert not app.screen.query("#export-unapproved")

"""The evidence dialog reads a new source from where it is: a URL typed in the URL field and
Enter fetches the page (in a worker, from the tests' own server on 127.0.0.1), a file path
and Enter reads a web page, a PDF or a text file. Every failure is one line in the dialog
and nothing is stored; offline, no URL is fetched."""

from __future__ import annotations

import time
from pathlib import Path

from textual.widgets import Input

from tests.conftest import SEED, Clock
from tests.unit.test_fetch import server  # noqa: F401 - the local HTTP server fixture
from workbench.config import Config
from workbench.core.service import Workbench
from workbench.tui.app import WorkbenchApp
from workbench.tui.screens.evidence import EvidenceModal
from workbench.tui.screens.review import ReviewScreen

SIZE = (120, 40)
PDF = Path(__file__).parent.parent / "data" / "pdf" / "casualty_report.pdf"


def review_app(db_path: Path, config: Config | None = None) -> WorkbenchApp:
    with Workbench(db_path, "alice", clock=Clock()) as wb:
        article = wb.import_file(SEED).article.id
    return WorkbenchApp(Workbench(db_path, "alice"), config=config, article_id=article)


async def read_into_dialog(pilot, app: WorkbenchApp, address: str) -> EvidenceModal:
    """Open the dialog on the last sentence, type the address in the URL field, Enter."""
    await pilot.press("G", "e")
    modal = app.screen
    assert isinstance(modal, EvidenceModal)
    await pilot.press("tab", "tab")
    assert modal.focused is modal.query_one("#new-url")
    await pilot.press(*address, "enter")
    await app.workers.wait_for_complete()
    await pilot.pause()
    return modal


def status(modal: EvidenceModal) -> str:
    return str(modal.query_one("#fetch-status").content)


def field(modal: EvidenceModal, selector: str) -> str:
    return str(modal.query_one(selector).stored)


async def test_a_url_is_fetched_and_linked_with_its_archive(
    db_path: Path,
    server: str,  # noqa: F811
) -> None:
    app = review_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        modal = await read_into_dialog(pilot, app, f"{server}/moved")
        shown = status(modal)
        assert shown.startswith("Read ") and shown.endswith(f" from {server}/article.html")
        assert " words — Train drivers vote for three more days of strikes from " in shown
        assert field(modal, "#new-url") == f"{server}/article.html"  # after the redirect
        assert field(modal, "#new-title") == "Train drivers vote for three more days of strikes"
        assert "strike" in field(modal, "#new-snapshot")
        assert modal.focused is modal.query_one("#evidence-excerpt")
        await pilot.press(*"three more days", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
    with Workbench(db_path, "alice") as wb:
        [source] = wb.sources()
        assert source.url == f"{server}/article.html"
        assert source.title == "Train drivers vote for three more days of strikes"
        assert source.snapshot and "three more days" in source.snapshot
        [evidence] = wb.sentence(1, 13).evidence
        assert evidence.source.id == source.id and evidence.excerpt == "three more days"
        [fetch] = wb.archived(source_id=source.id)
        assert fetch.url == f"{server}/moved" and fetch.final_url == f"{server}/article.html"
        assert [h.verb for h in wb.history(1)][-1] == "link"  # one action: source and evidence
        wb.undo()
        assert wb.sources() == []


async def test_a_failed_fetch_is_one_line_and_stores_nothing(
    db_path: Path,
    server: str,  # noqa: F811
) -> None:
    app = review_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        modal = await read_into_dialog(pilot, app, f"{server}/missing")
        # The address is in the field above: the line gives the reason.
        assert status(modal) == "Not read: the server answered 404 Not Found"
        assert modal.query_one("#fetch-status").size.height == 1
        assert field(modal, "#new-snapshot") == "" and field(modal, "#new-title") == ""
        assert isinstance(app.screen, EvidenceModal)  # still open, the URL still there
        assert field(modal, "#new-url") == f"{server}/missing"
        await pilot.press("escape")
        await pilot.pause()
    with Workbench(db_path, "alice") as wb:
        assert wb.sources() == [] and wb.archived() == []
        assert wb.sentence(1, 13).evidence == ()


async def test_offline_no_url_is_fetched(db_path: Path, server: str) -> None:  # noqa: F811
    app = review_app(db_path, Config(offline=True))
    async with app.run_test(size=SIZE) as pilot:
        modal = await read_into_dialog(pilot, app, f"{server}/article.html")
        assert "network use is off" in status(modal)
        assert field(modal, "#new-snapshot") == ""
    with Workbench(db_path, "alice") as wb:
        assert wb.sources() == [] and wb.archived() == []


async def test_a_pdf_file_is_read_with_its_pages(db_path: Path) -> None:
    app = review_app(db_path, Config(offline=True))  # a file needs no network
    async with app.run_test(size=SIZE) as pilot:
        modal = await read_into_dialog(pilot, app, str(PDF))
        assert status(modal).startswith("Read ")
        snapshot = field(modal, "#new-snapshot")
        assert "43,603 people killed" in snapshot and "\f" in snapshot
        await pilot.press(*"43,603 people killed", "ctrl+s")
        await pilot.pause()
    with Workbench(db_path, "alice") as wb:
        [source] = wb.sources()
        assert source.snapshot is not None and "43,603 people killed" in source.snapshot
        assert source.url is None and source.title  # named, though it has no URL
        assert wb.archived() == []  # nothing was fetched


async def test_an_html_file_gives_its_text_and_metadata(db_path: Path, tmp_path: Path) -> None:
    page = tmp_path / "statement.html"
    page.write_text(
        "<!doctype html><html><head><title>Ministry statement</title>"
        '<meta property="og:site_name" content="Ministry of Health">'
        '<meta name="date" content="2024-11-10"></head><body><nav>Home | News</nav>'
        "<article><h1>Ministry statement</h1><p>The ministry recorded 43,603 deaths "
        "since October 2023, it said on Sunday.</p><p>Hospitals received 145 injured "
        "people in the past two days.</p></article></body></html>",
        encoding="utf-8",
    )
    app = review_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        modal = await read_into_dialog(pilot, app, str(page))
        snapshot = field(modal, "#new-snapshot")
        assert "43,603 deaths" in snapshot and "<p>" not in snapshot
        assert field(modal, "#new-title") == "Ministry statement"
        assert field(modal, "#new-url") == ""  # the path is not kept as a URL
        await pilot.press("ctrl+s")
        await pilot.pause()
    with Workbench(db_path, "alice") as wb:
        [source] = wb.sources()
        assert source.title == "Ministry statement" and "43,603 deaths" in (source.snapshot or "")


async def test_a_text_file_keeps_what_the_reviewer_typed(db_path: Path, tmp_path: Path) -> None:
    notes = tmp_path / "call-notes.txt"
    notes.write_text("Phone call with the ministry press office.\nThey confirmed 43,603.\n")
    app = review_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("G", "e")
        modal = app.screen
        assert isinstance(modal, EvidenceModal)
        await pilot.press("tab", "tab", "tab", "tab", *"Press office call", "shift+tab")
        await pilot.press("shift+tab", *str(notes), "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert field(modal, "#new-title") == "Press office call"  # typed, so kept
        assert field(modal, "#new-snapshot").startswith("Phone call with the ministry")
        await pilot.press("ctrl+s")
        await pilot.pause()
    with Workbench(db_path, "alice") as wb:
        [source] = wb.sources()
        assert source.title == "Press office call"
        assert (source.snapshot or "").startswith("Phone call with the ministry")


async def test_a_missing_file_is_one_line_and_a_path_is_not_saved_as_a_url(
    db_path: Path, tmp_path: Path
) -> None:
    app = review_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        modal = await read_into_dialog(pilot, app, str(tmp_path / "nowhere.pdf"))
        assert status(modal) == "Not read: no such file"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, EvidenceModal)  # the path is refused as a URL
        assert any("press Enter" in n.message for n in app._notifications)
    with Workbench(db_path, "alice") as wb:
        assert wb.sources() == []


async def test_a_later_enter_wins_over_a_slow_fetch(
    db_path: Path,
    tmp_path: Path,
    server: str,  # noqa: F811
) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("What the press office said on the phone.\n", encoding="utf-8")
    app = review_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("G", "e", "tab", "tab")
        modal = app.screen
        assert isinstance(modal, EvidenceModal)
        url = modal.query_one("#new-url", Input)
        url.value = f"{server}/slow"  # set, not typed: typing takes longer than the server
        await pilot.press("enter")
        url.value = str(notes)
        await pilot.press("enter")
        assert "Fetching" not in status(modal)  # the file's read is the one shown
        await app.workers.wait_for_complete()
        # The replaced fetch is no longer a worker of the app: give the slow server (3 s)
        # time to answer, and check that its page never lands.
        deadline = time.monotonic() + 4.5
        while time.monotonic() < deadline:
            await pilot.pause(0.1)
            assert "Train drivers" not in field(modal, "#new-snapshot")
        assert field(modal, "#new-snapshot") == "What the press office said on the phone.\n"
        assert modal.fetched is None and status(modal).endswith("from the file")

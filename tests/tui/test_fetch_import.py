"""`i` in the library takes a URL as well as a path: the page is fetched in a worker, and
nothing is fetched when the config says offline."""

from __future__ import annotations

from pathlib import Path

from tests.unit.test_fetch import server  # noqa: F401 - the local HTTP server fixture
from workbench.config import Config
from workbench.core.service import Workbench
from workbench.tui.app import WorkbenchApp
from workbench.tui.screens.library import LibraryScreen

SIZE = (120, 40)


async def test_i_imports_a_url(db_path: Path, server: str) -> None:  # noqa: F811
    app = WorkbenchApp(Workbench(db_path, "alice"))
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, LibraryScreen)
        await pilot.press("i", *f"{server}/article.html", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not any(n.severity == "error" for n in app._notifications)
    with Workbench(db_path, "alice") as wb:
        [summary] = wb.articles()
        assert summary.title == "Train drivers vote for three more days of strikes"
        assert wb.archived(article_id=summary.id)[0].final_url == f"{server}/article.html"


async def test_i_refuses_a_url_when_offline(db_path: Path, server: str) -> None:  # noqa: F811
    app = WorkbenchApp(Workbench(db_path, "alice"), config=Config(offline=True))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("i", *f"{server}/article.html", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        errors = [n.message for n in app._notifications if n.severity == "error"]
        assert errors and "network use is off" in errors[0]
    with Workbench(db_path, "alice") as wb:
        assert wb.articles() == []


SAMPLES = Path(__file__).parent.parent.parent / "sample_articles"
PDF = Path(__file__).parent.parent / "data" / "pdf" / "casualty_report.pdf"


async def import_with_i(db_path: Path, path: Path) -> list[str]:
    """`i`, the path, Enter: the errors shown, if any."""
    app = WorkbenchApp(Workbench(db_path, "alice"), config=Config(offline=True))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("i", *str(path), "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        return [n.message for n in app._notifications if n.severity == "error"]


async def test_i_imports_an_html_file(db_path: Path) -> None:
    assert await import_with_i(db_path, SAMPLES / "river_flood_report.html") == []
    with Workbench(db_path, "alice") as wb:
        [summary] = wb.articles()
        text = wb.article(summary.id).text
        assert summary.title and "<" not in summary.title
        assert text and "<p>" not in text
        assert wb.archived() == []  # a file is not a fetch


async def test_i_imports_a_pdf(db_path: Path) -> None:
    assert await import_with_i(db_path, PDF) == []
    with Workbench(db_path, "alice") as wb:
        [summary] = wb.articles()
        assert "43,603 people killed" in (wb.article(summary.id).text or "")


async def test_i_imports_a_text_file(db_path: Path) -> None:
    assert await import_with_i(db_path, SAMPLES / "wire_drone_attacks_2024-11-11.txt") == []
    with Workbench(db_path, "alice") as wb:
        [summary] = wb.articles()
        assert summary.title == "Iraqi Resistance Launches New Drone Attacks against “Israel”"
        assert summary.sentences == 13


async def test_i_says_why_a_file_is_not_imported(db_path: Path, tmp_path: Path) -> None:
    errors = await import_with_i(db_path, tmp_path / "nowhere.html")
    assert errors == [f"{tmp_path / 'nowhere.html'}: no such file"]
    with Workbench(db_path, "alice") as wb:
        assert wb.articles() == []

"""The export dialog: every format and the path field visible at 80×24 and 120×35, "all
formats", questions before replacing a file or making a folder, the last folder remembered,
ClaimReview's organisation and report URL asked for (and saved), warnings in the dialog."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest
from textual.widget import Widget

from tests.conftest import Clock
from tests.tui.keys import burst, settle
from tests.unit.test_export import reviewed
from workbench.config import Config, Organisation
from workbench.core.exports import FORMATS
from workbench.core.service import Workbench
from workbench.tui.app import WorkbenchApp
from workbench.tui.screens.export import (
    CHOICES,
    ClaimReviewModal,
    ConfirmModal,
    ExportModal,
)
from workbench.tui.screens.review import ReviewScreen

REPORT = "https://factcheck.example.org/reviews/{article}"
COMPLETE = Config(
    organisation=Organisation("Example Fact Check", "https://factcheck.example.org", REPORT)
)


@pytest.fixture
def article(db_path: Path) -> int:
    wb, article = reviewed(db_path)
    wb.close()
    return article


def app_for(db_path: Path, article: int, config: Config | None = None) -> WorkbenchApp:
    return WorkbenchApp(
        Workbench(db_path, "alice", clock=Clock()), config=config, article_id=article
    )


def visible(widget: Widget) -> bool:
    """The widget is on screen and not hidden behind or clipped by anything: the screen finds
    it at both ends of its first row."""
    region = widget.region
    if region.width <= 0 or region.height <= 0:
        return False
    screen = widget.screen
    if not screen.region.contains_region(region):
        return False
    for x in (region.x, region.right - 1):
        found, _ = screen.get_widget_at(x, region.y)
        if found is not widget and widget not in found.ancestors:
            return False
    return True


def notices(app: WorkbenchApp) -> list[str]:
    return [n.message for n in app._notifications]


async def open_dialog(pilot, app: WorkbenchApp) -> ExportModal:
    await pilot.press("x")
    for _ in range(50):
        await pilot.pause()
        if isinstance(app.screen, ExportModal):
            return app.screen
    raise AssertionError(f"the export dialog did not open ({app.screen})")


async def until(pilot, condition) -> None:
    for _ in range(100):
        await pilot.pause()
        if condition():
            return
    raise AssertionError("timed out")


async def choose(pilot, dialog: ExportModal, choice: str) -> None:
    button = dialog.query_one(f"#format-{choice}")
    button.value = True  # as pressing it does
    await pilot.pause()


@pytest.mark.parametrize("size", [(80, 24), (120, 35)])
async def test_every_format_and_the_path_are_visible(db_path, article, size) -> None:
    app = app_for(db_path, article)
    async with app.run_test(size=size) as pilot:
        dialog = await open_dialog(pilot, app)
        for choice in CHOICES:
            assert visible(dialog.query_one(f"#format-{choice}")), (size, choice)
        assert visible(dialog.query_one("#export-path"))
        assert visible(dialog.query_one(".dialog-hint"))
        assert visible(dialog.query_one("#export-warnings"))  # sentence 6 has no verdict


async def test_all_formats_go_into_a_folder(db_path, article, tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    app = app_for(db_path, article, COMPLETE)
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = await open_dialog(pilot, app)
        await choose(pilot, dialog, "all")
        assert dialog.query_one("#export-path").value == str(tmp_path)
        await pilot.press("ctrl+s")
        await until(pilot, lambda: any("Wrote 7 files" in n for n in notices(app)))
    names = sorted(p.name for p in tmp_path.glob("review-1-*"))
    assert len(names) == len(FORMATS)
    assert all(n.startswith("review-1-iraqi-resistance-launches-new-drone-attacks.") for n in names)


async def test_replacing_a_file_is_asked_first(db_path, article, tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    target = tmp_path / "review-1-iraqi-resistance-launches-new-drone-attacks.md"
    target.write_text("the editor's copy\n", encoding="utf-8")
    app = app_for(db_path, article)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_dialog(pilot, app)
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, ConfirmModal))
        assert "Replace" in str(app.screen.question)
        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, ReviewScreen))
        assert target.read_text(encoding="utf-8") == "the editor's copy\n"
        assert "Nothing written" in notices(app)
        await open_dialog(pilot, app)
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, ConfirmModal))
        await pilot.press("y")
        await until(pilot, lambda: any("listed in it" in n for n in notices(app)))
    assert target.read_text(encoding="utf-8").startswith("# Fact-check review:")


async def test_a_new_folder_is_asked_for_and_then_remembered(
    db_path, article, tmp_path, monkeypatch
) -> None:
    monkeypatch.chdir(tmp_path)
    target = tmp_path / "reports" / "nov" / "seed.csv"
    app = app_for(db_path, article)
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = await open_dialog(pilot, app)
        await choose(pilot, dialog, "csv")
        dialog.query_one("#export-path").value = str(target)
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, ConfirmModal))
        assert str(target.parent) in str(app.screen.question)
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, ReviewScreen))
        assert not (tmp_path / "reports").exists()
        dialog = await open_dialog(pilot, app)
        await choose(pilot, dialog, "csv")
        dialog.query_one("#export-path").value = str(target)
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, ConfirmModal))
        await pilot.press("y")
        await until(pilot, target.exists)
        # CSV does not list the warnings in the file: the notice does not say it does.
        assert not any("listed in it" in n for n in notices(app))
        assert any(f"Wrote {target} (csv) — 1 warning(s)" in n for n in notices(app))
        dialog = await open_dialog(pilot, app)
        assert dialog.query_one("#export-path").value.startswith(str(target.parent) + "/")
    # The next session's dialog starts there too.
    app = app_for(db_path, article)
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = await open_dialog(pilot, app)
        assert dialog.query_one("#export-path").value.startswith(str(target.parent) + "/")


async def test_claimreview_asks_for_the_organisation_and_saves_it(
    db_path, article, tmp_path, monkeypatch
) -> None:
    monkeypatch.chdir(tmp_path)
    app = app_for(db_path, article)
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = await open_dialog(pilot, app)
        await choose(pilot, dialog, "claimreview")
        assert "you will be asked for the organisation" in str(
            dialog.query_one("#export-warnings").content
        )
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, ClaimReviewModal))
        modal = app.screen
        for field in ("#org-name", "#org-url", "#report-url"):
            assert visible(modal.query_one(field))
        assert visible(modal.query_one("#remember"))
        modal.query_one("#org-name").value = "Example Fact Check"
        modal.query_one("#org-url").value = "https://factcheck.example.org"
        modal.query_one("#report-url").value = "https://factcheck.example.org/r/{article} x"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "contains a space" in str(modal.query_one("#claimreview-error").content)
        modal.query_one("#report-url").value = REPORT
        await pilot.press("ctrl+s")
        await until(pilot, lambda: any("Wrote" in n for n in notices(app)))
    written = next(tmp_path.glob("review-1-*.claimreview.jsonld"))
    documents = json.loads(written.read_text(encoding="utf-8"))
    assert documents and documents[0]["url"].startswith("https://factcheck.example.org/reviews/1#")
    saved = tomllib.loads((tmp_path / "config.toml").read_text(encoding="utf-8"))
    assert saved["organisation"] == {
        "name": "Example Fact Check",
        "url": "https://factcheck.example.org",
        "report_url": REPORT,
    }


async def test_claimreview_warnings_show_in_the_dialog(db_path, article) -> None:
    app = app_for(db_path, article, COMPLETE)
    async with app.run_test(size=(120, 35)) as pilot:
        dialog = await open_dialog(pilot, app)
        warnings = str(dialog.query_one("#export-warnings").content)
        assert "claimReviewed" not in warnings
        await choose(pilot, dialog, "claimreview")
        warnings = str(dialog.query_one("#export-warnings").content)
        assert "sentence 2: claimReviewed has 153 characters" in warnings
        assert "left out of the ClaimReview export: sentence(s) 2" in warnings


async def test_a_burst_after_ctrl_s_fills_each_claimreview_field(
    db_path, article, tmp_path, monkeypatch
) -> None:
    monkeypatch.chdir(tmp_path)
    app = app_for(db_path, article)
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = await open_dialog(pilot, app)
        await choose(pilot, dialog, "claimreview")
        burst(
            app,
            "ctrl+s",
            *"Org B",
            "tab",
            *"https://b.example",
            "tab",
            *"https://b.example/{article}",
        )
        await settle(
            pilot,
            lambda: (
                isinstance(app.screen, ClaimReviewModal)
                and app.screen.query_one("#report-url").value.endswith("}")
            ),
        )
        modal = app.screen
        assert [modal.query_one(f).value for f in ("#org-name", "#org-url", "#report-url")] == [
            "Org B",
            "https://b.example",
            "https://b.example/{article}",
        ]


async def test_a_remembered_folder_that_is_gone_falls_back_to_the_current_one(
    db_path, article, tmp_path, monkeypatch
) -> None:
    here = tmp_path / "here"
    here.mkdir()
    monkeypatch.chdir(here)
    reports = tmp_path / "reports"
    reports.mkdir()
    app = app_for(db_path, article)
    async with app.run_test(size=(80, 24)) as pilot:
        app.export_memory.remember(reports)
        dialog = await open_dialog(pilot, app)
        assert dialog.query_one("#export-path").value.startswith(str(reports) + "/")
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, ReviewScreen))
        reports.rmdir()
        dialog = await open_dialog(pilot, app)
        assert dialog.query_one("#export-path").value.startswith(str(here) + "/")
        assert any(f"{reports} is gone" in n for n in notices(app))

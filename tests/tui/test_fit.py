"""Every screen at 80×24 and at 120×35: each key, field and count a reviewer needs is on the
screen (or reached by scrolling), not cut off. Snapshots show the layout; these say what must
be visible, so a truncation fails here."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import SAMPLES, SEED, Clock
from tests.tui.screen import screen_text
from workbench.actions import in_scope
from workbench.core.service import Workbench
from workbench.tui.app import WorkbenchApp
from workbench.tui.keys import DEFAULT_KEYS
from workbench.tui.screens.help import HelpScreen
from workbench.tui.screens.library import LibraryScreen
from workbench.tui.screens.review import ReviewScreen
from workbench.tui.screens.split import SplitModal

SIZES = [(80, 24), (120, 35)]


@pytest.fixture
def articles(db_path: Path) -> list[int]:
    with Workbench(db_path, "alice", clock=Clock()) as wb:
        first = wb.import_file(SEED).article.id
        wb.set_tags(first, 13, ["claim", "figure"])
        source, _ = wb.add_source(url="https://example.org/moh", title="Casualty report")
        wb.link(first, 13, source.id, stance="supports")
        wb.set_verdict(first, 13, "Mostly true")
        wb.set_tags(first, 6, ["quote"])
        others = [
            wb.import_file(SAMPLES / name).article.id
            for name in ("river_flood_report.html", "press_release_harbour_ministry.txt")
        ]
    return [first, *others]


def app_for(db_path: Path, article: int | None = None) -> WorkbenchApp:
    return WorkbenchApp(Workbench(db_path, "alice"), article_id=article)


async def scrolled_help(app: WorkbenchApp, pilot) -> str:  # noqa: ANN001 - a Pilot
    """Every screenful of the open help, from the top, paging down to its end."""
    assert isinstance(app.screen, HelpScreen)
    scroll = app.screen.query_one("#help-keys")
    seen = [screen_text(app)]
    for _ in range(20):
        if scroll.scroll_y >= scroll.max_scroll_y:
            break
        await pilot.press("pagedown")
        await pilot.pause(0.3)  # the scroll is animated
        seen.append(screen_text(app))
    assert scroll.scroll_y >= scroll.max_scroll_y, "the help does not scroll to its end"
    return "\n".join(seen)


def assert_every_key_listed(shown: str, scopes: tuple[str, ...]) -> None:
    """Each action of the scopes, from the registry, on a line with its keys."""
    for scope in scopes:
        for action in in_scope(scope):
            keys = DEFAULT_KEYS.every(action.id, ", ")
            pattern = re.escape(keys) + r"\s+" + re.escape(action.help[:24])
            assert re.search(pattern, shown), f"{action.id} ({keys}) is not in the help"


@pytest.mark.parametrize("size", SIZES)
async def test_every_review_key_is_in_the_help(
    db_path: Path, articles: list[int], size: tuple[int, int]
) -> None:
    app = app_for(db_path, articles[0])
    async with app.run_test(size=size) as pilot:
        await pilot.press("question_mark")
        shown = await scrolled_help(app, pilot)
        assert "esc closes" in screen_text(app)  # the hint stays in view
    assert_every_key_listed(shown, ("review", "sentences", "app"))


@pytest.mark.parametrize("size", SIZES)
async def test_every_library_key_is_in_the_help(
    db_path: Path, articles: list[int], size: tuple[int, int]
) -> None:
    app = app_for(db_path)
    async with app.run_test(size=size) as pilot:
        await pilot.press("question_mark")
        shown = await scrolled_help(app, pilot)
    assert_every_key_listed(shown, ("library", "app"))


@pytest.mark.parametrize("size", SIZES)
async def test_the_review_header_keeps_byline_date_and_counts(
    db_path: Path, articles: list[int], size: tuple[int, int]
) -> None:
    app = app_for(db_path, articles[0])
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        header = "\n".join(screen_text(app).splitlines()[:3])
        for visible in (
            "Iraqi Resistance Launches",
            "2024-11-11",
            "By Staff, Agencies",
            "13 sentences",
            "2 tagged",
            "1 with evidence" if size[0] >= 110 else "1 evidence",
            "1 with verdict" if size[0] >= 110 else "1 verdict",
            "12 to do",
        ):
            assert visible in header, f"{visible!r} not in the {size} header:\n{header}"
        await pilot.press("slash", *"is:claim")
        await pilot.pause()
        header = "\n".join(screen_text(app).splitlines()[:3])
        assert "12 to do" in header and "showing 1" in header


@pytest.mark.parametrize("size", SIZES)
async def test_the_library_shows_every_count_and_done(
    db_path: Path, articles: list[int], size: tuple[int, int]
) -> None:
    app = app_for(db_path)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        lines = screen_text(app).splitlines()
        heading = next(line for line in lines if "Headline" in line)
        for column in ("#", "Date", "Headline", "Tagged", "Done"):
            assert column in heading
        assert ("Sentences" in heading) or ("Sent." in heading)
        assert ("Verdicts" in heading) or ("Rated" in heading)
        first = next(line for line in lines if line.startswith(" 1 "))
        # The headline keeps at least 25 characters (16 was all 80 columns gave it).
        assert re.search(r"2024-11-11\s+Iraqi Resistance Launches", first), first
        assert re.search(r"13\s+2\s+1\s+1\s+7%", first), first
        for number, done in ((2, "0%"), (3, "0%")):
            row = next(line for line in lines if line.startswith(f" {number} "))
            assert row.rstrip().endswith(done), row
        # The whole headline and the source of the highlighted article, under the table.
        shown = screen_text(app)
        assert "Iraqi Resistance Launches New Drone Attacks against “Israel”" in shown
        assert "wire_drone_attacks_2024-11-11.txt" in shown
        await pilot.press("j")
        assert "River Tamber" in screen_text(app).split("Done", 1)[1]


@pytest.mark.parametrize("size", SIZES)
async def test_the_split_dialog_shows_its_keys(
    db_path: Path, articles: list[int], size: tuple[int, int]
) -> None:
    app = app_for(db_path, articles[0])
    async with app.run_test(size=size) as pilot:
        await pilot.press("G", "s")
        assert isinstance(app.screen, SplitModal)
        shown = screen_text(app)
        for visible in ("Split sentence 13", "split", "cancel", "break", "word", "character", "┃"):
            assert visible in shown, f"{visible!r} not in the {size} split dialog"

"""A verdict conflict a merged bundle brought shows in the detail pane of its sentence."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import SEED
from tests.tui.screen import screen_text
from tests.unit.test_bundle import DayClock, bundle_of, desk_a, desk_b
from workbench.core.service import Workbench
from workbench.tui.app import WorkbenchApp
from workbench.tui.screens.library import LibraryScreen

SIZE = (150, 70)


def detail(app: WorkbenchApp) -> str:
    """The detail pane's text as one line (its lines wrap at the pane's width)."""
    parts = [line.split("▏", 1)[1] for line in screen_text(app).splitlines() if "▏" in line]
    return " ".join(" ".join(parts).split())


async def test_the_detail_pane_shows_a_conflict_until_the_sentence_is_rated_again(
    tmp_path: Path,
) -> None:
    a, article = desk_a(tmp_path / "a.db")
    b, article_b = desk_b(tmp_path / "b.db")
    a.import_bundle(bundle_of(b, article_b, tmp_path / "bob.bundle.json"))
    a.close()
    b.close()
    app = WorkbenchApp(Workbench(tmp_path / "a.db", "alice"), article_id=article)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("G")
        await pilot.pause()
        shown = detail(app)
        assert "⚠ conflict: Mostly true by alice here, False by bob from bob's bundle" in shown
        assert "both are kept; v rates it again to settle" in shown
        await pilot.press("k")  # sentence 12 was never rated: no conflict
        await pilot.pause()
        assert "conflict:" not in detail(app)
    with Workbench(tmp_path / "a.db", "alice") as wb:
        wb.set_verdict(article, 13, "Half true")
    app = WorkbenchApp(Workbench(tmp_path / "a.db", "alice"), article_id=article)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("G")
        await pilot.pause()
        assert "conflict:" not in detail(app)


async def test_a_conflict_from_a_hostile_bundle_shows_its_names_as_written(
    tmp_path: Path,
) -> None:
    a, article = desk_a(tmp_path / "a.db")
    with Workbench(tmp_path / "m.db", "[reverse]mallory[/]", clock=DayClock(27)) as m:
        m.import_file(SEED)
        m.set_tags(1, 13, ["claim"])
        m.set_verdict(1, 13, "False")
        path = bundle_of(m, 1, tmp_path / "m.bundle.json")
    a.import_bundle(path)
    a.close()
    app = WorkbenchApp(Workbench(tmp_path / "a.db", "alice"), article_id=article)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("G")
        await pilot.pause()
        assert "False by [reverse]mallory[/] from [reverse]mallory[/]'s bundle" in detail(app)


async def test_i_in_the_library_merges_a_bundle_and_names_its_conflicts(tmp_path: Path) -> None:
    a, _ = desk_a(tmp_path / "a.db")
    a.close()
    b, article_b = desk_b(tmp_path / "b.db")
    path = bundle_of(b, article_b, tmp_path / "bob.bundle.json")
    b.close()
    app = WorkbenchApp(Workbench(tmp_path / "a.db", "alice"))
    async with app.run_test(size=(120, 40)) as pilot:
        assert isinstance(app.screen, LibraryScreen)
        await pilot.press("i", *str(path), "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        said = [n.message for n in app._notifications]
        assert any(m.startswith("Merged bob's bundle into article 1: 1 tag") for m in said)
        assert (
            "Sentence 13: Mostly true by alice here, False by bob from bob's bundle; both kept"
            in said
        )
    with Workbench(tmp_path / "a.db", "alice") as wb:
        assert len(wb.conflicts()) == 1

"""Review actions that span more than one call: evidence with a new source as one undoable
action, export through the facade."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import SEED, Clock
from workbench.core.service import Workbench
from workbench.tui.app import WorkbenchApp
from workbench.tui.screens.evidence import EvidenceModal
from workbench.tui.screens.review import ReviewScreen

SIZE = (120, 40)


async def test_evidence_with_a_new_source_is_one_undo_step(db_path: Path) -> None:
    with Workbench(db_path, "alice", clock=Clock()) as wb:
        article = wb.import_file(SEED).article.id
    app = WorkbenchApp(Workbench(db_path, "alice"), article_id=article)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("G", "e")
        assert isinstance(app.screen, EvidenceModal)
        await pilot.press("tab", "tab", *"https://example.org/moh", "tab", "tab", *"Ministry")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        with Workbench(db_path, "alice") as wb:
            assert [s.title for s in wb.sources()] == ["Ministry"]
            assert len(wb.sentence(article, 13).evidence) == 1
            assert wb.history(article)[-1].verb == "link"
        await pilot.press("u")
        await pilot.pause()
    with Workbench(db_path, "alice") as wb:
        assert wb.sources() == []  # the source went with the evidence
        assert wb.sentence(article, 13).evidence == ()


async def test_export_writes_what_the_facade_renders(
    db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Workbench(db_path, "alice", clock=Clock()) as wb:
        article = wb.import_file(SEED).article.id
        wb.set_tags(article, 13, ["figure"])
    out = tmp_path / "out"
    out.mkdir()
    monkeypatch.chdir(tmp_path)
    app = WorkbenchApp(Workbench(db_path, "alice"), article_id=article)
    async with app.run_test(size=SIZE) as pilot:
        review = app.screen
        assert isinstance(review, ReviewScreen)
        review.export_to("csv", out)  # a folder: the file takes the facade's name
        await pilot.pause()
    with Workbench(db_path, "alice") as wb:
        expected = wb.export(article, "csv")
    written = out / expected.filename
    assert written.read_bytes() == expected.text.encode("utf-8")

"""Review actions that span more than one row or call: G on an article still being read,
evidence with a new source as one undoable action, export through the facade."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, RadioButton

import workbench.tui.review_state as review_state
from tests.conftest import SEED, Clock
from workbench.core.service import Workbench
from workbench.tui.app import WorkbenchApp
from workbench.tui.screens.evidence import EvidenceModal
from workbench.tui.screens.export import ExportModal
from workbench.tui.screens.review import ReviewScreen
from workbench.tui.widgets.sentence_list import SentenceList

SIZE = (120, 40)


def long_article(tmp_path: Path, sentences: int) -> Path:
    paragraphs = [
        " ".join(
            f"Item {n} of the report says the council met on day {n}."
            for n in range(start, min(start + 10, sentences + 1))
        )
        for start in range(1, sentences + 1, 10)
    ]
    path = tmp_path / "long.txt"
    path.write_text("The long report\n\n" + "\n\n".join(paragraphs) + "\n", encoding="utf-8")
    return path


async def test_G_while_a_long_article_is_read_goes_to_the_real_last_sentence(
    db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Small chunks: the article is still being read when G is pressed.
    monkeypatch.setattr(review_state, "FIRST_CHUNK", 40)
    monkeypatch.setattr(review_state, "LATER_CHUNK", 5)
    with Workbench(db_path, "alice") as wb:
        result = wb.import_file(long_article(tmp_path, 3000))
        article, total = result.article.id, result.sentences
        last_id = wb.sentences(article)[-1].id
    app = WorkbenchApp(Workbench(db_path, "alice"), article_id=article)
    async with app.run_test(size=SIZE) as pilot:
        review = app.screen
        assert isinstance(review, ReviewScreen)
        assert not review.complete and len(review.all_rows) < total
        await pilot.press("G")
        current = review.query_one(SentenceList).current
        assert current is not None and (current.number, current.id) == (total, last_id)
        assert review.complete and len(review.all_rows) == total
        await pilot.pause(0.1)
        assert len(review.all_rows) == total  # no chunk read twice after it
        await pilot.press("c")
        await pilot.pause()
    with Workbench(db_path, "alice") as wb:
        assert wb.sentence(article, total).sentence.tags == ("claim",)


async def test_G_with_a_filter_goes_to_the_last_match_of_the_whole_article(
    db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(review_state, "FIRST_CHUNK", 40)
    monkeypatch.setattr(review_state, "LATER_CHUNK", 5)
    with Workbench(db_path, "alice") as wb:
        article = wb.import_file(long_article(tmp_path, 1200)).article.id
    app = WorkbenchApp(Workbench(db_path, "alice"), article_id=article)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"day 119", "enter", "G")
        current = app.screen.query_one(SentenceList).current
        assert current is not None and current.number == 1200  # "Item 1199 … day 1199."


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
        assert isinstance(app.screen, ReviewScreen)
        await pilot.press("x")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ExportModal)
        dialog.query_one("#format-csv", RadioButton).value = True
        dialog.query_one("#export-path", Input).value = str(out)  # a folder: the facade's name
        await pilot.press("ctrl+s")
        for _ in range(50):
            await pilot.pause()
            if any(out.iterdir()):
                break
    with Workbench(db_path, "alice") as wb:
        expected = wb.export(article, "csv")
    written = out / expected.filename
    assert written.read_bytes() == expected.text.encode("utf-8")

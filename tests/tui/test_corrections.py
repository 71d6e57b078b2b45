"""Finishing and correcting in the TUI: d marks a sentence nothing to check and n passes it
by, E edits or removes evidence (choosing among several), S edits a source, W withdraws a
verdict after asking, D removes an article from the library, u undoes in this article, and
an article reopens where the reviewer left it."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import DataTable, Input, TextArea

from tests.conftest import SEED, Clock
from tests.tui.screen import screen_text
from workbench.core.errors import ValidationError
from workbench.core.models import NewSource, SourceChange
from workbench.core.service import Workbench
from workbench.tui.app import WorkbenchApp
from workbench.tui.screens.confirm import ConfirmModal
from workbench.tui.screens.evidence_edit import EvidenceEditModal
from workbench.tui.screens.library import LibraryScreen
from workbench.tui.screens.pick import PickEvidenceModal
from workbench.tui.screens.review import ReviewScreen
from workbench.tui.screens.source_edit import SourceEditModal
from workbench.tui.widgets.review_header import ReviewHeader
from workbench.tui.widgets.sentence_list import SentenceList

SIZE = (120, 40)


def _seeded(db_path: Path) -> int:
    with Workbench(db_path, "alice", clock=Clock()) as wb:
        return wb.import_file(SEED).article.id


def _number(app: WorkbenchApp) -> int:
    current = app.screen.query_one(SentenceList).current
    assert current is not None
    return current.number


async def test_d_marks_nothing_to_check_and_n_passes_it_by(db_path: Path) -> None:
    article = _seeded(db_path)
    app = WorkbenchApp(Workbench(db_path, "alice"), article_id=article)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("d")  # sentence 1
        await pilot.pause()
        header = str(app.screen.query_one("#progress-text").render())
        assert "7% done" in header and "1 nothing to check" in header
        await pilot.press("g", "n")
        assert _number(app) == 2  # 1 is finished: n goes past it
        await pilot.press("k", "d")  # back on 1: d again takes the mark away
        await pilot.pause()
        await pilot.press("u")  # undo puts it back, and says where
        await pilot.pause()
    with Workbench(db_path, "alice") as wb:
        assert wb.sentence(article, 1).sentence.marked
        assert wb.progress(article)["done"] == 1


async def test_every_sentence_finished_is_100_percent_in_header_and_library(
    db_path: Path,
) -> None:
    article = _seeded(db_path)
    with Workbench(db_path, "alice") as wb:
        total = wb.sentence_count(article)
        wb.mark_done(article, range(2, total + 1))
    app = WorkbenchApp(Workbench(db_path, "alice"), article_id=article)
    async with app.run_test(size=SIZE) as pilot:
        assert "92% done" in str(app.screen.query_one("#progress-text").render())
        await pilot.press("g", "d")
        await pilot.pause()
        assert "100% done" in str(
            app.screen.query_one(ReviewHeader).query_one("#progress-text").render()
        )
        await pilot.press("l")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        row = app.screen.query_one(DataTable).get_row_at(0)
        assert row[-1] == "Done"


async def test_E_edits_the_chosen_evidence_and_ctrl_d_removes_it(db_path: Path) -> None:
    article = _seeded(db_path)
    with Workbench(db_path, "alice") as wb:
        wb.set_tag(article, 13, "figure")
        for title in ("Ministry", "Agency"):
            wb.link(article, 13, new_source=NewSource(title=title), stance="supports")
    app = WorkbenchApp(Workbench(db_path, "alice"), article_id=article)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("G", "E")
        await pilot.pause()
        assert isinstance(app.screen, PickEvidenceModal)
        await pilot.press("down", "enter")  # the second: the agency's
        await pilot.pause()
        assert isinstance(app.screen, EvidenceEditModal)
        assert app.screen.evidence.source.title == "Agency"
        await pilot.press(*"about 43,600", "tab", "down", "enter", "ctrl+s")
        await pilot.pause()
        with Workbench(db_path, "alice") as wb:
            second = wb.sentence(article, 13).evidence[1]
            assert (second.excerpt, second.stance) == ("about 43,600", "refutes")
        await pilot.press("E", "enter")  # the first, removed after asking
        await pilot.pause()
        await pilot.press("ctrl+d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("y")
        await pilot.pause()
    with Workbench(db_path, "alice") as wb:
        assert [e.source.title for e in wb.sentence(article, 13).evidence] == ["Agency"]


async def test_S_edits_a_source_from_a_file(db_path: Path, tmp_path: Path) -> None:
    article = _seeded(db_path)
    with Workbench(db_path, "alice") as wb:
        wb.link(article, 13, new_source=NewSource(title="Ministry"), stance="supports")
    snapshot = tmp_path / "statement.txt"
    snapshot.write_text("The ministry counted 43,600 dead.", encoding="utf-8")
    app = WorkbenchApp(Workbench(db_path, "alice"), article_id=article)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("G", "S")
        await pilot.pause()
        modal = app.screen
        assert isinstance(modal, SourceEditModal)
        modal.query_one("#source-accessed", Input).value = "2024-11-12"
        modal.query_one("#source-file", Input).value = str(snapshot)
        assert modal.query_one("#source-snapshot", TextArea).text == ""
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
    with Workbench(db_path, "alice") as wb:
        source = wb.sources()[0]
        assert source.accessed_at == "2024-11-12"
        assert source.snapshot == "The ministry counted 43,600 dead."
        assert source.title == "Ministry"  # left as it was


async def test_W_withdraws_after_asking(db_path: Path) -> None:
    article = _seeded(db_path)
    with Workbench(db_path, "alice") as wb:
        wb.set_tag(article, 13, "figure")
        wb.set_verdict(article, 13, "Mostly true")
    app = WorkbenchApp(Workbench(db_path, "alice"), article_id=article)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("G", "W")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal)
        assert "Mostly true" in app.screen.question
        await pilot.press("n")  # no: nothing happens
        await pilot.pause()
        with Workbench(db_path, "alice") as wb:
            assert wb.sentence(article, 13).verdict is not None
        await pilot.press("W", "y")
        await pilot.pause()
    with Workbench(db_path, "alice") as wb:
        assert wb.sentence(article, 13).verdict is None


async def test_u_undoes_this_articles_last_action_keeping_the_label_case(
    db_path: Path, tmp_path: Path
) -> None:
    article = _seeded(db_path)
    other_file = tmp_path / "other.txt"
    other_file.write_text("The council met. It voted 7 to 2.", encoding="utf-8")
    with Workbench(db_path, "alice") as wb:
        other = wb.import_file(other_file).article.id
        wb.set_tag(article, 13, "figure")
        wb.set_verdict(article, 13, "Mostly true")
        wb.set_tag(other, 2, "figure")  # the last action of all, in another article
    app = WorkbenchApp(Workbench(db_path, "alice"), article_id=article)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("u")
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        assert any(
            m.startswith("Undid: rated sentence 13 Mostly true — in article") for m in messages
        ), messages
    with Workbench(db_path, "alice") as wb:
        assert wb.sentence(other, 2).sentence.tags == ("figure",)
        assert wb.sentence(article, 13).verdict is None


async def test_D_removes_an_article_after_asking_and_u_brings_it_back(db_path: Path) -> None:
    _seeded(db_path)
    app = WorkbenchApp(Workbench(db_path, "alice"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("D")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("y")
        await pilot.pause()
        assert app.screen.query_one(DataTable).row_count == 0
        await pilot.press("u")
        await pilot.pause()
        assert app.screen.query_one(DataTable).row_count == 1


async def test_an_article_reopens_where_it_was_left_with_its_order(db_path: Path) -> None:
    article = _seeded(db_path)
    app = WorkbenchApp(Workbench(db_path, "alice"), article_id=article)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "j", "j", "j", "o")
        await pilot.pause()
        place = _number(app)
        await pilot.press("l")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        assert _number(app) == place and screen.by_worth
        await pilot.press("j")
        place = _number(app)
    # A new session (the app quit) opens there too.
    app = WorkbenchApp(Workbench(db_path, "alice"), article_id=article)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert _number(app) == place


async def test_the_filter_knows_finished_sentences(db_path: Path) -> None:
    article = _seeded(db_path)
    with Workbench(db_path, "alice") as wb:
        wb.mark_done(article, [1, 2])
    app = WorkbenchApp(Workbench(db_path, "alice"), article_id=article)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"no:done", "enter")
        await pilot.pause()
        rows = app.screen.query_one(SentenceList).rows
        assert [s.number for s in rows][:2] == [3, 4] and len(rows) == 11


async def test_edit_dialogs_show_control_characters_literally_and_keep_them(
    db_path: Path,
) -> None:
    article = _seeded(db_path)
    hostile = "43,600\x1b]0;PWNED\x07 dead"
    with Workbench(db_path, "alice") as wb:
        wb.link(
            article, 13, new_source=NewSource(title="T\x1b[2J"), stance="supports", excerpt=hostile
        )
    app = WorkbenchApp(Workbench(db_path, "alice"), article_id=article)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("G", "E")
        await pilot.pause()
        shown = app.screen.query_one("#edit-excerpt", TextArea).text
        assert "\x1b" not in shown and "PWNED" in shown
        await pilot.press("tab", "down", "enter", "ctrl+s")  # only the stance changes
        await pilot.pause()
        await pilot.press("S")
        await pilot.pause()
        assert "\x1b" not in app.screen.query_one("#source-title", Input).value
        await pilot.press("ctrl+s")
        await pilot.pause()
    with Workbench(db_path, "alice") as wb:
        [evidence] = wb.sentence(article, 13).evidence
        assert (evidence.stance, evidence.excerpt) == ("refutes", hostile)
        assert evidence.source.title == "T\x1b[2J"


async def test_a_refused_source_edit_stays_open_with_the_text_and_the_reason(
    db_path: Path,
) -> None:
    article = _seeded(db_path)
    with Workbench(db_path, "alice") as wb:
        wb.link(article, 13, new_source=NewSource(title="Ministry"), stance="supports")
    app = WorkbenchApp(Workbench(db_path, "alice"), article_id=article)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("G", "S")
        await pilot.pause()
        modal = app.screen
        assert isinstance(modal, SourceEditModal)
        await pilot.press(*" report", "tab", *"Agency", "tab", "Q", "ctrl+s")
        await pilot.pause()
        assert app.screen is modal  # still open, nothing lost
        assert modal.query_one("#source-title", Input).value == "Ministry report"
        assert modal.query_one("#source-publisher", Input).value == "Agency"
        assert modal.query_one("#source-url", Input).value == "Q"
        assert "must start with http" in screen_text(app)
        await pilot.press("backspace", *"https://example.org/r", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
    with Workbench(db_path, "alice") as wb:
        source = wb.sources()[0]
        assert (source.title, source.publisher, source.url) == (
            "Ministry report",
            "Agency",
            "https://example.org/r",
        )


async def test_a_refused_evidence_edit_stays_open_with_the_text_and_the_reason(
    db_path: Path,
) -> None:
    article = _seeded(db_path)
    with Workbench(db_path, "alice") as wb:
        wb.link(article, 13, new_source=NewSource(title="Ministry"), stance="supports")
    workbench = Workbench(db_path, "alice")

    def refuse(*args: object, **kwargs: object) -> None:
        raise ValidationError("the note is not acceptable")

    workbench.edit_evidence = refuse  # type: ignore[method-assign]
    app = WorkbenchApp(workbench, article_id=article)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("G", "E")
        await pilot.pause()
        modal = app.screen
        assert isinstance(modal, EvidenceEditModal)
        await pilot.press(*"43,600", "tab", "tab", *"my note", "ctrl+s")
        await pilot.pause()
        assert app.screen is modal
        assert modal.query_one("#edit-excerpt", TextArea).text == "43,600"
        assert modal.query_one("#edit-note", Input).value == "my note"
        assert "Not saved: the note is not acceptable" in screen_text(app)


async def test_tab_into_a_filled_field_selects_nothing_and_typing_adds(db_path: Path) -> None:
    article = _seeded(db_path)
    with Workbench(db_path, "alice") as wb:
        wb.link(
            article,
            13,
            new_source=NewSource(title="Ministry", publisher="Gov"),
            stance="supports",
            note="seen",
        )
    app = WorkbenchApp(Workbench(db_path, "alice"), article_id=article)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("G", "S", "tab")
        await pilot.pause()
        publisher = app.screen.query_one("#source-publisher", Input)
        assert app.screen.focused is publisher
        assert publisher.selection.is_empty and publisher.cursor_position == 3
        await pilot.press(*" agency", "ctrl+s")
        await pilot.pause()
        await pilot.press("E", "tab", "tab")
        await pilot.pause()
        note = app.screen.query_one("#edit-note", Input)
        assert app.screen.focused is note and note.selection.is_empty
        await pilot.press(*" twice", "ctrl+s")
        await pilot.pause()
    with Workbench(db_path, "alice") as wb:
        [evidence] = wb.sentence(article, 13).evidence
        assert evidence.source.publisher == "Gov agency"
        assert evidence.note == "seen twice"


@pytest.mark.parametrize("size", [(80, 24), (120, 35)])
async def test_every_source_field_has_a_label_when_filled(
    db_path: Path, size: tuple[int, int]
) -> None:
    article = _seeded(db_path)
    with Workbench(db_path, "alice") as wb:
        wb.link(article, 13, new_source=NewSource(title="Ministry"), stance="supports")
        source = wb.sources()[0]
        wb.edit_source(
            source.id,
            SourceChange(
                url="https://example.org/a",
                publisher="Gov",
                published="2024-11-10",
                accessed_at="2024-11-12",
            ),
        )
    app = WorkbenchApp(Workbench(db_path, "alice"), article_id=article)
    async with app.run_test(size=size) as pilot:
        await pilot.press("G", "S")
        await pilot.pause()
        shown = screen_text(app)
        for label in ("Title", "Publisher", "URL", "Published", "Accessed"):
            assert label in shown, label
        assert "2024-11-10" in shown and "2024-11-12" in shown


async def test_the_library_footer_shows_D_at_80_columns(db_path: Path) -> None:
    _seeded(db_path)
    app = WorkbenchApp(Workbench(db_path, "alice"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        footer = screen_text(app).splitlines()[-1]
        assert "D Remove" in footer and "o Open" in footer and "^p" in footer, footer


async def test_ctrl_s_typed_in_a_burst_saves_what_was_typed_before_it(db_path: Path) -> None:
    from tests.tui.keys import burst

    article = _seeded(db_path)
    with Workbench(db_path, "alice") as wb:
        wb.link(article, 13, new_source=NewSource(title="Ministry"), stance="supports")
    app = WorkbenchApp(Workbench(db_path, "alice"), article_id=article)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("G", "S")
        await pilot.pause()
        assert isinstance(app.screen, SourceEditModal)
        burst(app, *" report", "tab", *"Agency", "ctrl+s")  # all queued before the first
        for _ in range(100):
            await pilot.pause(0.05)
            if isinstance(app.screen, ReviewScreen):
                break
        assert isinstance(app.screen, ReviewScreen)
    with Workbench(db_path, "alice") as wb:
        source = wb.sources()[0]
        assert (source.title, source.publisher) == ("Ministry report", "Agency")

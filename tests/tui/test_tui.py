"""Pilot tests: every binding of the review and library screens, asserting on the store."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from tests.conftest import SEED, Clock
from workbench.core.service import Workbench
from workbench.tui.app import WorkbenchApp
from workbench.tui.screens.evidence import EvidenceModal
from workbench.tui.screens.help import HelpScreen
from workbench.tui.screens.library import LibraryScreen
from workbench.tui.screens.review import ReviewScreen
from workbench.tui.screens.verdict import VerdictModal
from workbench.tui.widgets.sentence_list import SentenceList

SIZE = (120, 40)


@pytest.fixture
def article(db_path: Path) -> int:
    with Workbench(db_path, "alice", clock=Clock()) as wb:
        return wb.import_file(SEED).article.id


def app_for(db_path: Path, article: int | None) -> WorkbenchApp:
    return WorkbenchApp(Workbench(db_path, "alice"), article_id=article)


def stored(db_path: Path, article: int, number: int):
    with Workbench(db_path, "alice") as wb:
        return wb.sentence(article, number)


def cursor(app: WorkbenchApp) -> int:
    return app.screen.query_one(SentenceList).cursor


async def test_moves_and_tags(db_path: Path, article: int) -> None:
    app = app_for(db_path, article)
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, ReviewScreen)
        await pilot.press("j", "j")
        assert cursor(app) == 2
        await pilot.press("k")
        assert cursor(app) == 1
        await pilot.press("G")
        assert cursor(app) == 12
        await pilot.press("g")
        assert cursor(app) == 0
        await pilot.press("pagedown")
        assert cursor(app) == 12  # 13 rows fit on one page
        await pilot.press("pageup")
        assert cursor(app) == 0
        await pilot.press("down", "c", "q", "f", "f")
        await pilot.pause()
    assert stored(db_path, article, 2).sentence.tags == ("claim", "quote")


async def test_next_to_do_skips_finished_sentences(db_path: Path, article: int) -> None:
    with Workbench(db_path, "alice") as wb:
        for number in (1, 2, 3):
            wb.set_tags(article, number, ["claim"])
            wb.set_verdict(article, number, "True")
    app = app_for(db_path, article)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        assert cursor(app) == 3
        await pilot.press("N")
        assert cursor(app) == 12  # wraps backwards past the finished ones


async def test_verdict_modal_saves_and_escape_discards(db_path: Path, article: int) -> None:
    app = app_for(db_path, article)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("G", "v")
        assert isinstance(app.screen, ReviewScreen)  # untagged: verdict is not offered
        await pilot.press("f", "v")
        assert isinstance(app.screen, VerdictModal)
        await pilot.press("6", *"Ministry count", "escape")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        assert stored(db_path, article, 13).verdict is None
        await pilot.press(
            "v", "2", *"Close to the count", "tab", *"43,600 killed", "tab", *"Al-Ahed", "ctrl+s"
        )
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
    verdict = stored(db_path, article, 13).verdict
    assert verdict is not None
    assert (verdict.label, verdict.rationale, verdict.claim, verdict.claimant) == (
        "Mostly true",
        "Close to the count",
        "43,600 killed",
        "Al-Ahed",
    )


async def test_evidence_modal_new_and_existing_source(db_path: Path, article: int) -> None:
    with Workbench(db_path, "alice") as wb:
        wb.add_source(
            url="https://example.org/moh", title="Ministry casualty report", publisher="MoH"
        )
        wb.add_source(url="https://example.org/un", title="UN OCHA snapshot", publisher="OCHA")
    app = app_for(db_path, article)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("G", "e")
        assert isinstance(app.screen, EvidenceModal)
        await pilot.press(*"ocha", "enter")  # search, then into the results
        await pilot.pause()
        await pilot.press("enter")  # pick the best match
        await pilot.press(*"killed 43,600")  # excerpt field has focus now
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press(
            "k",
            "e",
            "tab",
            "tab",
            *"https://example.org/new",
            "tab",
            "tab",
            *"New report",
            "ctrl+s",
        )
        await pilot.pause()
        await pilot.press("e", "escape")
        await pilot.pause()
    last = stored(db_path, article, 13).evidence
    assert [(e.source.title, e.excerpt, e.stance) for e in last] == [
        ("UN OCHA snapshot", "killed 43,600", "supports")
    ]
    new = stored(db_path, article, 12).evidence
    assert [(e.source.url, e.source.title) for e in new] == [
        ("https://example.org/new", "New report")
    ]


async def test_merge_split_undo_redo(db_path: Path, article: int) -> None:
    app = app_for(db_path, article)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("G", "k", "k", "k", "m")  # sentence 10 with 11
        await pilot.pause()
        with Workbench(db_path, "alice") as wb:
            assert len(wb.sentences(article)) == 12
        await pilot.press("u")
        await pilot.pause()
        with Workbench(db_path, "alice") as wb:
            assert len(wb.sentences(article)) == 13
        await pilot.press("U")
        await pilot.pause()
        with Workbench(db_path, "alice") as wb:
            assert len(wb.sentences(article)) == 12
        await pilot.press("s", "enter")
        await pilot.pause()
    with Workbench(db_path, "alice") as wb:
        assert len(wb.sentences(article)) == 13


async def test_undo_with_nothing_to_undo_explains(db_path: Path, article: int) -> None:
    app = app_for(db_path, article)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("u")
        await pilot.pause()
        assert any("nothing to undo" in n.message for n in app._notifications)


async def test_filter_by_text_and_state(db_path: Path, article: int) -> None:
    with Workbench(db_path, "alice") as wb:
        wb.set_tags(article, 13, ["figure"])
    app = app_for(db_path, article)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"is:figure")
        await pilot.pause()
        rows = app.screen.query_one(SentenceList).rows
        assert [r.number for r in rows] == [13]
        await pilot.press("enter", "escape")
        await pilot.pause()
        assert len(app.screen.query_one(SentenceList).rows) == 13
        await pilot.press("slash", *"drones")
        await pilot.pause()
        assert {r.number for r in app.screen.query_one(SentenceList).rows} == {3, 6, 7, 8}


async def test_export_writes_the_file(
    db_path: Path, article: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    app = app_for(db_path, article)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("x")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
    written = list(tmp_path.glob("review-1-*.md"))
    assert len(written) == 1
    assert "# Fact-check review: Iraqi Resistance" in written[0].read_text(encoding="utf-8")


async def test_help_lists_the_screen_bindings(db_path: Path, article: int) -> None:
    app = app_for(db_path, article)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        rows = dict(app.screen.rows)
        assert rows["c"] == "Toggle the claim tag on the current sentence"
        assert rows["u"] == "Undo your last action (in a review: in this article)"
        assert rows["v"].startswith("Give the current sentence a verdict")
        assert "not available" in rows["v"]
        assert rows["j, ↓"] == "Next sentence"  # the list's keys, with the screen's
        assert rows["o"].startswith("Order of next/previous")
        await pilot.press("escape")
        assert isinstance(app.screen, ReviewScreen)


async def test_palette_runs_the_same_actions(db_path: Path, article: int) -> None:
    app = app_for(db_path, article)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p", *"tag: quote")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
    assert stored(db_path, article, 1).sentence.tags == ("quote",)


async def test_library_opens_and_imports(db_path: Path, article: int, tmp_path: Path) -> None:
    other = tmp_path / "other.md"
    other.write_text(
        "# Council backs new budget\n\nThe council approved a 3.5% rise. "
        "Critics said it was too much.\n",
        encoding="utf-8",
    )
    app = app_for(db_path, None)
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, LibraryScreen)
        await pilot.press("i", *str(other), "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        table = app.screen.query_one("#articles")
        assert table.cursor_row == 1  # the new article is selected
        await pilot.press("i", *str(tmp_path / "missing.txt"), "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        assert any(n.severity == "error" for n in app._notifications)
        await pilot.press("g", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
    with Workbench(db_path, "alice") as wb:
        assert len(wb.articles()) == 2


async def test_untrusted_text_is_shown_literally(db_path: Path, tmp_path: Path) -> None:
    evil = tmp_path / "evil.txt"
    evil.write_text(
        "Markup test\n\nThe [bold]minister[/bold] said [link=http://x]this[/link] "
        "and \x1b[31mred\x1b[0m things.\n",
        encoding="utf-8",
    )
    with Workbench(db_path, "alice") as wb:
        article = wb.import_file(evil).article.id
    app = app_for(db_path, article)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j")
        await pilot.pause()
        lines = (
            "\n".join(
                "".join(seg.text for seg in strip)
                for strip in app.screen._compositor.render_update(full=True).strips  # type: ignore
            )
            if False
            else app.export_screenshot()
        )
    assert "[bold]minister[/bold]" in lines
    assert "[link=http://x]this[/link]" in lines
    assert "\\x1b[31mred" in lines


async def test_locked_database_shows_an_error_and_keeps_running(
    db_path: Path, article: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sqlite3

    app = app_for(db_path, article)
    async with app.run_test(size=SIZE) as pilot:
        app.workbench.store.conn.execute("PRAGMA busy_timeout = 50")
        blocker = sqlite3.connect(db_path, isolation_level=None)
        blocker.execute("BEGIN IMMEDIATE")
        try:
            await pilot.press("c")
            await pilot.pause()
        finally:
            blocker.execute("ROLLBACK")
            blocker.close()
        assert any("locked" in n.message for n in app._notifications)
        await pilot.press("c")
        await pilot.pause()
    assert stored(db_path, article, 1).sentence.tags == ("claim",)


async def test_checked_before_shows_an_earlier_verdict(
    db_path: Path, article: int, tmp_path: Path
) -> None:
    with Workbench(db_path, "alice") as wb:
        wb.set_tags(article, 13, ["figure"])
        wb.set_verdict(article, 13, "Mostly true", rationale="Ministry count is 43,603.")
        other = tmp_path / "other.txt"
        other.write_text(
            "Toll rises\n\nThe war has resulted in the deaths of at least 43,600 "
            "Palestinians, officials said.\n",
            encoding="utf-8",
        )
        second = wb.import_file(other).article.id
    app = app_for(db_path, second)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j")
        await pilot.pause(0.5)
        screen = app.export_screenshot().replace("&#160;", " ")
    assert "Checked before (1)" in screen
    assert "Ministry count is 43,603." in screen


async def test_evidence_modal_offers_matching_passages(db_path: Path, article: int) -> None:
    with Workbench(db_path, "alice") as wb:
        wb.add_source(
            url="https://example.org/moh",
            title="Ministry update",
            snapshot="Rain fell on Monday. The war has resulted in the deaths of "
            "43,603 Palestinians, the ministry said.",
        )
    app = app_for(db_path, article)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("G", "e")
        await app.workers.wait_for_complete()  # found in a thread, then offered
        await pilot.pause()
        await pilot.press("tab", "enter")  # the suggested passage is listed first
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
    evidence = stored(db_path, article, 13).evidence
    assert [(e.source.title, e.excerpt) for e in evidence] == [
        (
            "Ministry update",
            "Rain fell on Monday. The war has resulted in the deaths of "
            "43,603 Palestinians, the ministry said.",
        )
    ]  # the whole passage


def screen_text(app: WorkbenchApp) -> str:
    """What the screen shows, as plain text (the detail pane scrolled to show it all)."""
    from rich.console import Console

    console = Console(width=100, record=True, file=io.StringIO())
    for child in [
        app.screen.query_one("#progress-text"),
        *app.screen.query_one("#detail").query("Static"),
    ]:
        console.print(child.content)
    return console.export_text()


async def test_suggestions_show_with_reasons_and_a_accepts_them(
    db_path: Path, article: int
) -> None:
    app = app_for(db_path, article)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("G")
        await pilot.pause()
        shown = screen_text(app)
        assert "Suggested" in shown and "a accepts claim, figure" in shown
        assert "43,600 → 43600" in shown
        assert "0 tagged" in shown
        await pilot.press("a")
        await pilot.pause()
        assert "1 tagged" in screen_text(app)  # the header counts follow the action
        await pilot.press("a")  # nothing left to accept: the key is dimmed and does nothing
        await pilot.pause()
    assert stored(db_path, article, 13).sentence.tags == ("claim", "figure")
    with Workbench(db_path, "alice") as wb:
        assert [a.verb for a in wb.history(article)][-1] == "tag"


async def test_o_makes_n_go_to_the_most_check_worthy_first(db_path: Path, article: int) -> None:
    with Workbench(db_path, "alice") as wb:
        worth = {s.number: s.worth for s in wb.sentences(article)}
    ranked = sorted(worth, key=lambda n: (-worth[n], n))
    app = app_for(db_path, article)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "j", "o")  # o goes to the top of the order at once
        assert cursor(app) + 1 == ranked[0]
        await pilot.press("n")
        assert cursor(app) + 1 == ranked[1]
        await pilot.press("n")
        assert cursor(app) + 1 == ranked[2]
        await pilot.press("N")
        assert cursor(app) + 1 == ranked[1]
        await pilot.press("o", "g", "n")  # back to article order
        assert cursor(app) == 1


async def test_shift_j_and_k_scroll_the_detail_pane(db_path: Path, article: int) -> None:
    app = app_for(db_path, article)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("j", "j", "j", "j", "j")  # sentence 6: a long quotation
        await pilot.pause()
        detail = app.screen.query_one("#detail")
        assert detail.max_scroll_y > 0 and detail.scroll_y == 0
        await pilot.press("J")
        await pilot.pause()
        assert detail.scroll_y > 0
        await pilot.press("K")
        await pilot.pause()
        assert detail.scroll_y == 0


async def test_check_results_show_beside_the_evidence(db_path: Path, article: int) -> None:
    with Workbench(db_path, "alice") as wb:
        source, _ = wb.add_source(
            url="https://example.org/moh",
            title="Ministry update",
            snapshot="The health ministry said 46,300 people had been killed and 103,000 injured.",
        )
        wb.set_tags(article, 13, ["figure"])
        wb.link(article, 13, source.id, stance="refutes")
    app = app_for(db_path, article)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("G")
        await pilot.pause()
        shown = screen_text(app)
    assert "figure check: differ" in shown
    assert "43,600 vs 46,300" in shown


async def test_escape_closes_an_empty_filter(db_path: Path, article: int) -> None:
    app = app_for(db_path, article)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash")
        field = app.screen.query_one("#filter")
        assert field.display and app.focused is field
        await pilot.press("escape")
        await pilot.pause()
        assert not field.display
        await pilot.press("j")  # the key moves the cursor again, not into the filter
        assert cursor(app) == 1


async def test_merge_is_not_offered_across_a_paragraph(db_path: Path, article: int) -> None:
    app = app_for(db_path, article)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "m")  # sentence 2 ends its paragraph
        await pilot.pause()
        review = app.screen
        assert review.check_action("merge", ()) is None
    with Workbench(db_path, "alice") as wb:
        assert wb.history(article)[-1].verb == "import"


async def test_passages_found_before_the_dialog_mounts_are_offered(
    db_path: Path, article: int
) -> None:
    with Workbench(db_path, "alice") as wb:
        wb.add_source(
            url="https://example.org/moh",
            title="Ministry update",
            snapshot="The war has resulted in the deaths of 43,603 Palestinians.",
        )
        hits = wb.find_evidence(article, 13)
        sources = wb.sources()
    app = app_for(db_path, article)
    async with app.run_test(size=SIZE) as pilot:
        modal = EvidenceModal(13, "The war has resulted in deaths.", sources)
        modal.offer_passages(hits)  # the worker can finish first
        await app.push_screen(modal)
        await pilot.pause()
        results = modal.query_one("#source-results")
        assert results.get_option_at_index(0).id == "passage-0"

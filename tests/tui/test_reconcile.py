"""Blind review in the TUI: c/q/f go to a reviewer's own layer while blind and an outsider
is told why not; B opens the reconcile screen, which walks the disagreements and settles each
with one key (one undoable action), showing untrusted text as text."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from rich.console import Console

from tests.conftest import Clock
from workbench.core.errors import ConflictError
from workbench.core.models import Sentence
from workbench.core.service import Workbench
from workbench.tui.app import WorkbenchApp
from workbench.tui.screens.reconcile import ReconcileScreen
from workbench.tui.widgets.sentence_list import SentenceList

SIZE = (140, 40)
TEXT = (
    "The council spent [bold]4.2 million[/bold] pounds on roads in 2023.\n\n"
    "The mayor said the roads are fixed.\n\n"
    "Bus fares rose by 10 per cent.\n\n"
    "The river is long and wide."
)


def _article(db_path: Path, tmp_path: Path) -> int:
    source = tmp_path / "council.txt"
    source.write_text(TEXT, encoding="utf-8")
    with Workbench(db_path, "erin", clock=Clock()) as wb:
        return wb.import_file(source).article.id


def _round(db_path: Path, article: int, stop: bool) -> None:
    """alice claims 1, 2 and 3; bob claims 1 and figures 3: they disagree on 2 and 3."""
    with Workbench(db_path, "erin", clock=Clock()) as erin:
        erin.start_blind(article, ["alice", "bob"])
    with Workbench(db_path, "alice", clock=Clock()) as alice:
        for number in (1, 2, 3):
            alice.set_tag(article, number, "claim")
    with Workbench(db_path, "bob", clock=Clock()) as bob:
        bob.set_tag(article, 1, "claim")
        bob.set_tag(article, 3, "figure")
        if stop:
            bob.stop_blind(article)


def _messages(app: WorkbenchApp) -> list[str]:
    return [str(n.message) for n in app._notifications]


def _rows(app: WorkbenchApp) -> list[Sentence]:
    return app.screen.query_one(SentenceList).rows


def _pane(app: WorkbenchApp) -> str:
    console = Console(width=200, record=True, file=io.StringIO())
    console.print(app.screen.query_one("#reconcile-sentence").content)
    return console.export_text()


async def test_tag_keys_go_to_the_reviewers_own_layer(db_path: Path, tmp_path: Path) -> None:
    article = _article(db_path, tmp_path)
    _round(db_path, article, stop=False)
    app = WorkbenchApp(Workbench(db_path, "bob"), article_id=article)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("g")
        await pilot.pause()
        assert (
            "You see only your own tags, and no suggestions: alice tags this article without "
            "seeing yours" in _messages(app)
        )
        # bob sees his own tags, none of alice's (she claimed 2), and no suggestions.
        assert [r.tags for r in _rows(app)] == [("claim",), (), ("figure",), ()]
        assert all(not r.suggested for r in _rows(app))
        await pilot.press("j", "q")
        await pilot.pause()
        assert "tagged sentence 2 as quote (blind review)" in _messages(app)
        assert _rows(app)[1].tags == ("quote",)
        await pilot.press("B")
        await pilot.pause()
        assert not isinstance(app.screen, ReconcileScreen)
        assert any("you are in the round: the disagreements are shown" in m for m in _messages(app))
    with Workbench(db_path, "erin") as erin:
        assert erin.sentence(article, 2).tags == ()  # the real tags are untouched
        # Undoing the start would orphan the reviewers' work: refused, it is stopped instead.
        with pytest.raises(ConflictError, match="other work now rests on it"):
            erin.undo(article)
    with Workbench(db_path, "bob") as bob:
        assert bob.sentences(article)[1].tags == ("quote",)


async def test_an_outsider_is_told_the_article_is_under_blind_review(
    db_path: Path, tmp_path: Path
) -> None:
    article = _article(db_path, tmp_path)
    _round(db_path, article, stop=False)
    app = WorkbenchApp(Workbench(db_path, "carol"), article_id=article)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("g", "c")
        await pilot.pause()
        assert (
            "alice and bob are tagging this article blind: its tags and marks wait until the "
            "round stops" in _messages(app)
        )
        assert any(
            "under blind review by alice and bob, and carol is not in the round" in m
            for m in _messages(app)
        )
        assert _rows(app)[0].tags == ()


async def test_reconcile_walks_and_settles_the_disagreements(db_path: Path, tmp_path: Path) -> None:
    article = _article(db_path, tmp_path)
    _round(db_path, article, stop=True)
    app = WorkbenchApp(Workbench(db_path, "erin"), article_id=article)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("g", "B")
        await pilot.pause()
        assert isinstance(app.screen, ReconcileScreen)
        title = str(app.screen.query_one("#reconcile-title").content)
        assert (
            title == f"Reconcile the blind review of article {article}: 2 disagreements, 0 settled"
        )
        shown = _pane(app)
        assert "Sentence 2" in shown and "The mayor said the roads are fixed." in shown
        assert "alice" in shown and "bob" in shown
        assert "Agreed: nothing · disputed: claim" in shown
        await pilot.press("a")  # alice's tags: claim
        await pilot.pause()
        assert "settled sentence 2 with alice’s tags: claim" in _messages(app)[-1]
        # The cursor goes on to the one still to settle: sentence 3.
        shown = _pane(app)
        assert "Sentence 3" in shown and "Bus fares rose by 10 per cent." in shown
        await pilot.press("o")  # both: claim and figure
        await pilot.pause()
        assert (
            "settled sentence 3 with every reviewer's tags: claim, figure" in (_messages(app)[-1])
        )
        assert "2 settled" in str(app.screen.query_one("#reconcile-title").content)
        await pilot.press("k")
        await pilot.pause()
        assert "✓ settled by erin: alice → claim" in _pane(app)
        await pilot.press("x")  # settled again: only the agreed tags (none)
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, ReconcileScreen)
        # Back in the article the settled tags show at once.
        assert [r.tags for r in _rows(app)] == [(), (), ("claim", "figure"), ()]
        await pilot.press("u")
        await pilot.pause()
        assert _rows(app)[1].tags == ("claim",)  # the last decision undone
    with Workbench(db_path, "erin") as erin:
        assert [d.settled for d in erin.disagreements(article)] == ["alice", "both"]


async def test_reconcile_shows_untrusted_text_literally(db_path: Path, tmp_path: Path) -> None:
    article = _article(db_path, tmp_path)
    with Workbench(db_path, "erin", clock=Clock()) as erin:
        erin.start_blind(article, ["[red]ann[/red]", "bo\x1b[2Jb"])
    with Workbench(db_path, "[red]ann[/red]", clock=Clock()) as ann:
        ann.set_tag(article, 1, "figure")
    with Workbench(db_path, "erin", clock=Clock()) as erin:
        erin.stop_blind(article)
    app = WorkbenchApp(Workbench(db_path, "erin"), article_id=article)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("B")
        await pilot.pause()
        shown = _pane(app)
        assert "The council spent [bold]4.2 million[/bold] pounds" in shown
        assert "[red]ann[/red]" in shown
        assert "bo\\x1b[2Jb" in shown and "\x1b" not in shown


async def test_question_mark_lists_the_reconcile_screens_keys(
    db_path: Path, tmp_path: Path
) -> None:
    """`?` lists every key of the current screen, the reconcile screen too."""
    from workbench.tui.screens.help import HelpScreen

    article = _article(db_path, tmp_path)
    _round(db_path, article, stop=True)
    app = WorkbenchApp(Workbench(db_path, "erin"), article_id=article)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("g", "B")
        await pilot.pause()
        assert isinstance(app.screen, ReconcileScreen)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        described = [text for _, text in app.screen.rows]
        assert any("with the first reviewer's tags" in text for text in described), described
        assert any("List every key of this screen" in text for text in described), described
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ReconcileScreen)


async def test_a_reviewer_in_the_round_is_told_before_writing_a_verdict(
    db_path: Path, tmp_path: Path
) -> None:
    """A reviewer in an open round cannot rate: `v` says so at once rather than opening a
    dialog whose rationale would be refused when saved."""
    from workbench.tui.screens.verdict import VerdictModal

    article = _article(db_path, tmp_path)
    _round(db_path, article, stop=False)
    app = WorkbenchApp(Workbench(db_path, "bob"), article_id=article)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("g")  # bob claimed sentence 1 in his layer
        await pilot.pause()
        assert _rows(app)[0].tags == ("claim",)
        await pilot.press("v")
        await pilot.pause()
        assert not isinstance(app.screen, VerdictModal)
        assert any(
            "under blind review: rating sentences waits until the round stops" in m
            for m in _messages(app)
        ), _messages(app)


async def test_a_split_is_refused_before_its_dialog_opens_while_a_round_is_open(
    db_path: Path, tmp_path: Path
) -> None:
    """Splits wait for the round to stop (they would change the sentences being compared):
    `s` says so at once, for anyone, rather than after a split point was chosen."""
    from workbench.tui.screens.split import SplitModal

    article = _article(db_path, tmp_path)
    _round(db_path, article, stop=False)
    for reviewer in ("bob", "carol"):
        app = WorkbenchApp(Workbench(db_path, reviewer), article_id=article)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("s")
            await pilot.pause()
            assert not isinstance(app.screen, SplitModal), reviewer
            assert any(
                "under blind review: splitting sentences waits until the round stops" in m
                for m in _messages(app)
            ), _messages(app)

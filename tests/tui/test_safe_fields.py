"""Untrusted text stays text in every input box: stored, pasted or picked text with control
characters is shown as its escapes, never sent to the terminal; a pre-filled field left as it
was keeps the stored text byte for byte, an edited one stores what the reviewer sees."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual import events
from textual.app import App, ComposeResult

from tests.conftest import SEED, Clock
from tests.tui.keys import settle
from tests.tui.screen import screen_ansi, screen_text
from workbench.core.service import Workbench
from workbench.tui.app import WorkbenchApp
from workbench.tui.screens.evidence import EvidenceModal
from workbench.tui.screens.review import ReviewScreen
from workbench.tui.screens.verdict import VerdictModal
from workbench.tui.widgets.fields import SafeInput, SafeTextArea

TITLE = "\x1b]0;PWNED\x07"  # OSC 0: sets the terminal's title
CLIPBOARD = "\x1b]52;c;ZXZpbA==\x07"  # OSC 52: writes the clipboard
CLEAR = "\x1b[2J"  # clears the screen
BIDI = "\u202e"  # right-to-left override
RAW = ("\x1b]", "\x07", "\x1b[2J", "\u202e", "\x9b")


def assert_clean(app: App[object]) -> None:
    """Nothing the app would write to the terminal carries a stored control sequence."""
    output = screen_ansi(app)
    for raw in RAW:
        assert raw not in output, f"{raw!r} reached the terminal"


class Form(App[None]):
    def compose(self) -> ComposeResult:
        yield SafeInput(f"Al-Ahed {TITLE}News", id="one-line")
        yield SafeTextArea(f"Close.{CLEAR} Count{BIDI}ed\nsecond line", id="box")


async def test_pre_filled_and_pasted_control_characters_are_shown_as_escapes() -> None:
    app = Form()
    async with app.run_test(size=(80, 24)) as pilot:
        line = app.query_one("#one-line", SafeInput)
        box = app.query_one("#box", SafeTextArea)
        assert line.value == "Al-Ahed \\x1b]0;PWNED\\x07News"
        assert box.text == "Close.\\x1b[2J Count\\u202eed\nsecond line"  # newline kept
        assert line.stored == f"Al-Ahed {TITLE}News"  # untouched: the original
        assert box.stored == f"Close.{CLEAR} Count{BIDI}ed\nsecond line"
        shown = screen_text(app)
        assert "\\x1b]0;PWNED\\x07" in shown and "\\x1b[2J" in shown
        assert_clean(app)

        line.focus()
        await pilot.pause()
        line.post_message(events.Paste(f" {CLIPBOARD}x"))
        await pilot.pause()
        assert line.value.endswith(" \\x1b]52;c;ZXZpbA==\\x07x")
        assert line.cursor_position == len(line.value)  # moved by what is shown
        box.focus()
        await pilot.pause()
        box.post_message(events.Paste(f"{TITLE}\n{CLEAR}"))
        await pilot.pause()
        assert box.text.endswith("\\x1b]0;PWNED\\x07\n\\x1b[2J")
        box.insert("\x9b31m")  # and what a program puts in
        assert "\\x9b31m" in box.text
        # Edited: what the reviewer sees is what is stored.
        assert line.stored == line.value and TITLE not in line.stored
        assert box.stored == box.text
        await pilot.pause()
        assert_clean(app)


@pytest.fixture
def article(db_path: Path) -> int:
    with Workbench(db_path, "alice", clock=Clock()) as wb:
        article = wb.import_file(SEED).article.id
        wb.set_tags(article, 13, ["claim"])
        wb.set_verdict(
            article,
            13,
            "Mostly true",
            rationale=f"Close.{CLEAR} Counted{BIDI}",
            claim=f"At least 43,600 {CLIPBOARD}killed",
            claimant=f"Al-Ahed {TITLE}News",
        )
        return article


def current(db_path: Path, article: int):
    with Workbench(db_path, "alice") as wb:
        return wb.sentence(article, 13).verdict


@pytest.mark.parametrize("size", [(80, 24), (120, 35)])
async def test_the_verdict_dialog_shows_stored_escapes_and_keeps_them_untouched(
    db_path: Path, article: int, size: tuple[int, int]
) -> None:
    app = WorkbenchApp(Workbench(db_path, "alice"), article_id=article)
    async with app.run_test(size=size) as pilot:
        await pilot.press("G", "v")
        assert isinstance(app.screen, VerdictModal)
        await pilot.press("tab", "tab")  # to the claimant, past the rationale and claim
        shown = screen_text(app)
        assert "Al-Ahed \\x1b]0;PWNED\\x07News" in shown
        assert "\\x1b]52;c;ZXZpbA==\\x07" in shown
        assert_clean(app)
        await pilot.press("ctrl+s")  # re-rated with every field as it was
        await settle(pilot, lambda: isinstance(app.screen, ReviewScreen))
    verdict = current(db_path, article)
    assert verdict.claimant == f"Al-Ahed {TITLE}News"
    assert verdict.claim == f"At least 43,600 {CLIPBOARD}killed"
    assert verdict.rationale == f"Close.{CLEAR} Counted{BIDI}"


async def test_an_edited_field_stores_what_the_reviewer_sees(db_path: Path, article: int) -> None:
    app = WorkbenchApp(Workbench(db_path, "alice"), article_id=article)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("G", "v", "2", "tab", "tab", *" (Iraq)", "ctrl+s")
        await settle(pilot, lambda: isinstance(app.screen, ReviewScreen))
    verdict = current(db_path, article)
    assert verdict.claimant == "Al-Ahed \\x1b]0;PWNED\\x07News (Iraq)"
    assert verdict.claim == f"At least 43,600 {CLIPBOARD}killed"  # untouched


async def test_a_picked_passage_is_shown_safe_and_stored_as_it_is(db_path: Path) -> None:
    passage = (
        f"Rain fell on Monday.{TITLE} The war has resulted in the deaths of "
        "43,603 Palestinians, the ministry said."
    )
    with Workbench(db_path, "alice", clock=Clock()) as wb:
        article = wb.import_file(SEED).article.id
        wb.add_source(url="https://example.org/moh", title="Ministry update", snapshot=passage)
    app = WorkbenchApp(Workbench(db_path, "alice"), article_id=article)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("G", "e")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, EvidenceModal)
        await pilot.press("tab", "enter")  # the suggested passage, listed first
        await pilot.pause()
        excerpt = app.screen.query_one("#evidence-excerpt", SafeTextArea)
        assert "Monday.\\x1b]0;PWNED\\x07 The war" in excerpt.text
        assert excerpt.cursor_location == excerpt.document.end
        assert_clean(app)
        await pilot.press("ctrl+s")
        await settle(pilot, lambda: isinstance(app.screen, ReviewScreen))
    with Workbench(db_path, "alice") as wb:
        evidence = wb.sentence(article, 13).evidence
    assert [e.excerpt for e in evidence] == [passage]

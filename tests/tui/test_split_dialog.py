"""The split dialog starts at a sentence-like break nearest the middle (after . ! ? ; : or a
clause comma, never after an abbreviation), jumps from break to break, and still moves by
word; Enter splits where the mark is."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import Clock
from workbench.core.service import Workbench
from workbench.tui.app import WorkbenchApp
from workbench.tui.screens.split import SplitModal, breaks, first_point, word_starts

SIZE = (120, 40)


def split_point(text: str) -> tuple[str, str]:
    at = first_point(text, word_starts(text))
    return text[:at], text[at:]


@pytest.mark.parametrize(
    ("text", "first"),
    [
        # Two sentences the splitter joined: the full stop wins over the commas.
        (
            "Rain fell for days, the agency said. Rivers rose, and roads closed in the north.",
            "Rain fell for days, the agency said. ",
        ),
        # A semicolon or colon is a break; the one nearest the middle is offered.
        ("Prices rose by 4%; wages rose by 2%; rents were flat.", "Prices rose by 4%; "),
        ("The report is clear: costs doubled, and the deadline slipped by a year.", None),
        # With no strong break, the clause comma nearest the middle.
        (
            "Turnout fell in every district, although the campaign spent more than ever.",
            "Turnout fell in every district, ",
        ),
        # A closing quote after the mark: the break is after the quote.
        (
            "“We will rebuild,” the minister said, “and we will not wait for anyone else.”",
            "“We will rebuild,” the minister said, ",
        ),
        # Abbreviations and initials are not breaks.
        (
            "Dr. Lee and officials from the U.S. embassy met Gov. Hart in St. Paul on Monday, "
            "and nothing was agreed.",
            "Dr. Lee and officials from the U.S. embassy met Gov. Hart in St. Paul on Monday, ",
        ),
        # No break at all: the word nearest the middle.
        ("one two three four five six seven", "one two three "),
    ],
)
def test_the_first_point_is_the_break_nearest_the_middle(text: str, first: str | None) -> None:
    before, after = split_point(text)
    if first is None:  # the colon is the only strong break
        assert before.endswith(": ")
    else:
        assert before == first
    assert before + after == text


def test_decimal_points_and_thousands_separators_are_not_breaks() -> None:
    strong, weak = breaks("It cost 4.5 billion, or 43,600 per head, in 2023.")
    text = "It cost 4.5 billion, or 43,600 per head, in 2023."
    assert [text[at:] for at in strong] == []
    assert [text[at:] for at in weak] == ["or 43,600 per head, in 2023.", "in 2023."]


async def test_the_split_dialog_offers_breaks_and_moves_by_word(
    db_path: Path, tmp_path: Path
) -> None:
    article = tmp_path / "joined.txt"
    article.write_text(
        "Council approves budget\n\nThe council approved the budget on Monday; "
        "opposition members walked out, saying the cuts went too far.\n",
        encoding="utf-8",
    )
    with Workbench(db_path, "alice", clock=Clock()) as wb:
        article_id = wb.import_file(article).article.id
        before = [s.text for s in wb.sentences(article_id)]
    assert before[-1].startswith("The council approved")
    app = WorkbenchApp(Workbench(db_path, "alice"), article_id=article_id)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("G", "s")
        modal = app.screen
        assert isinstance(modal, SplitModal)
        text = modal.text
        assert text[: modal.split_at] == "The council approved the budget on Monday; "
        await pilot.press("j")  # the next break: the clause comma
        assert text[: modal.split_at].endswith("walked out, ")
        await pilot.press("j")  # no later break: it stays
        assert text[: modal.split_at].endswith("walked out, ")
        await pilot.press("k", "right")  # back to the semicolon, then one word on
        assert text[modal.split_at :].startswith("members walked out")
        await pilot.press("h", "enter")
        await pilot.pause()
    with Workbench(db_path, "alice") as wb:
        after = [s.text for s in wb.sentences(article_id)]
    assert after[-2:] == [
        "The council approved the budget on Monday;",
        "opposition members walked out, saying the cuts went too far.",
    ]

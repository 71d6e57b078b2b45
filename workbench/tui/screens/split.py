"""Choose where to split a sentence: the point starts at the break nearest the middle (after
. ! ? ; : or a clause comma), keys jump from break to break or move by word or character, and
another splits there (the keys the registry and the user's keymap give them)."""

from __future__ import annotations

import re

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from ...core.segment import ABBREVIATIONS
from ...core.textsafe import terminal_safe
from ..keys import bindings, hint


def word_starts(text: str) -> list[int]:
    return [m.start() for m in re.finditer(r"(?<=\s)\S", text)]


_CLOSERS = "\"'”’»)]"  # after the mark that ends a clause: `said.” He`, `(in 2023), it`
_STRONG = ".!?;:"
_CLAUSE = ",—–"  # a comma, or a dash standing between words
_INITIAL = re.compile(r"(?:\b\w\.)+$")  # "U.S.", "J."


def breaks(text: str) -> tuple[list[int], list[int]]:
    """Where a sentence can be split like a sentence: the starts of words after . ! ? ; or :
    (strong), and after a clause comma or a dash between words (weak). A full stop of an
    abbreviation or an initial ("Dr.", "U.S.") is no break."""
    strong: list[int] = []
    weak: list[int] = []
    for start in word_starts(text):
        before = text[:start].rstrip().rstrip(_CLOSERS)
        if not before:
            continue
        mark = before[-1]
        if mark in _STRONG:
            if mark == "." and _abbreviated(before):
                continue
            strong.append(start)
        elif mark in _CLAUSE:
            weak.append(start)
    return strong, weak


def _abbreviated(before: str) -> bool:
    word = before[:-1].rsplit(None, 1)[-1] if before[:-1].strip() else ""
    return word.lower().strip("(\"'“‘") in ABBREVIATIONS or bool(_INITIAL.search(before))


def first_point(text: str, starts: list[int]) -> int:
    """The break nearest the middle: a strong one if there is one, else a clause break, else
    the word nearest the middle."""
    strong, weak = breaks(text)
    middle = len(text) / 2
    for candidates in (strong, weak, starts):
        if candidates:
            return min(candidates, key=lambda at: (abs(at - middle), at))
    return 0


class SplitModal(ModalScreen[int | None]):
    SCOPE = "split"
    BINDINGS = bindings(SCOPE)

    def __init__(self, number: int, text: str) -> None:
        super().__init__()
        self.number = number
        self.text = text
        self.starts = word_starts(text)
        strong, weak = breaks(text)
        self.breaks = sorted(strong + weak)
        self.split_at = first_point(text, self.starts)

    def compose(self) -> ComposeResult:
        with Vertical(id="split-dialog", classes="dialog"):
            yield Label(f"Split sentence {self.number}", classes="dialog-title")
            yield Static(id="split-preview", classes="dialog-quote")
            yield Static(
                "The first part keeps the tags, evidence, verdict and mark; the second "
                "starts untagged, to do.",
                id="split-rule",
            )
            yield Static(
                hint(
                    self,
                    "{split-previous-break}/{split-next-break} break · "
                    "{split-previous-word}/{split-next-word} word · "
                    "{split-previous-char}/{split-next-char} character · "
                    "{split-confirm} split · {modal-cancel} cancel",
                ),
                classes="dialog-hint",
            )

    def on_mount(self) -> None:
        self._show_preview()

    def _show_preview(self) -> None:
        preview = Text()
        at = 0
        # The other breaks are marked faintly, so the reviewer sees where a jump goes.
        for point in sorted({*self.breaks, self.split_at}):
            part = terminal_safe(self.text[at:point])
            preview.append(part, style="bold" if at >= self.split_at else "")
            if point == self.split_at:
                preview.append("┃", style="bold red")
            else:
                preview.append("¦", style="dim")
            at = point
        preview.append(terminal_safe(self.text[at:]), style="bold" if at >= self.split_at else "")
        self.query_one("#split-preview", Static).update(preview)

    def _move(self, points: list[int], step: int) -> None:
        if step > 0:
            later = [s for s in points if s > self.split_at]
            self.split_at = later[0] if later else self.split_at
        else:
            earlier = [s for s in points if s < self.split_at]
            self.split_at = earlier[-1] if earlier else self.split_at
        self._show_preview()

    def action_word(self, step: int) -> None:
        self._move(self.starts, step)

    def action_break(self, step: int) -> None:
        self._move(self.breaks, step)

    def action_char(self, step: int) -> None:
        self.split_at = max(1, min(len(self.text) - 1, self.split_at + step))
        self._show_preview()

    def action_confirm(self) -> None:
        self.dismiss(self.split_at)

    def action_cancel(self) -> None:
        self.dismiss(None)

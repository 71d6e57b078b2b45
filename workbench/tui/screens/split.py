"""Choose where to split a sentence: keys move the split point by word or by character, and
another splits there (the keys the registry and the user's keymap give them)."""

from __future__ import annotations

import re

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from ...core.textsafe import terminal_safe
from ..keys import bindings, hint


def word_starts(text: str) -> list[int]:
    return [m.start() for m in re.finditer(r"(?<=\s)\S", text)]


class SplitModal(ModalScreen[int | None]):
    SCOPE = "split"
    BINDINGS = bindings(SCOPE)

    def __init__(self, number: int, text: str) -> None:
        super().__init__()
        self.number = number
        self.text = text
        self.starts = word_starts(text)
        self.split_at = self.starts[len(self.starts) // 2] if self.starts else 0

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
        preview.append(terminal_safe(self.text[: self.split_at]))
        preview.append("┃", style="bold red")
        preview.append(terminal_safe(self.text[self.split_at :]), style="bold")
        self.query_one("#split-preview", Static).update(preview)

    def action_word(self, step: int) -> None:
        if not self.starts:
            return
        if step > 0:
            later = [s for s in self.starts if s > self.split_at]
            self.split_at = later[0] if later else self.split_at
        else:
            earlier = [s for s in self.starts if s < self.split_at]
            self.split_at = earlier[-1] if earlier else self.split_at
        self._show_preview()

    def action_char(self, step: int) -> None:
        self.split_at = max(1, min(len(self.text) - 1, self.split_at + step))
        self._show_preview()

    def action_confirm(self) -> None:
        self.dismiss(self.split_at)

    def action_cancel(self) -> None:
        self.dismiss(None)

"""A yes/no question before an action that takes work away (withdrawing a verdict, removing
evidence or an article). Escape or the no key answers no."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from ...core.textsafe import terminal_safe
from ..keys import bindings, hint


class ConfirmModal(ModalScreen[bool]):
    SCOPE = "confirm"
    BINDINGS = bindings(SCOPE)

    def __init__(self, title: str, question: str, detail: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.question = question
        self.detail = detail

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-dialog", classes="dialog"):
            yield Label(Text(terminal_safe(self.title_text)), classes="dialog-title")
            yield Static(Text(terminal_safe(self.question)), id="confirm-question")
            if self.detail:
                yield Static(Text(terminal_safe(self.detail), style="dim"), id="confirm-detail")
            yield Static(
                hint(self, "{confirm-yes} yes · {confirm-no} or {modal-cancel} no"),
                classes="dialog-hint",
            )

    def action_confirm(self) -> None:
        self.dismiss(True)

    def action_cancel(self) -> None:
        self.dismiss(False)

"""A one-line prompt (a path to import, say) that returns the text or None."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from ..keys import bindings, hint
from ..widgets.fields import SafeInput


class PromptModal(ModalScreen[str | None]):
    SCOPE = "prompt"
    BINDINGS = bindings(SCOPE)

    def __init__(self, title: str, placeholder: str = "", value: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.placeholder = placeholder
        self.value = value

    def compose(self) -> ComposeResult:
        with Vertical(id="prompt-dialog", classes="dialog"):
            yield Label(self.title_text, classes="dialog-title")
            yield SafeInput(self.value, placeholder=self.placeholder, id="prompt-input")
            yield Static(hint(self, "Enter confirm · {modal-cancel} cancel"), classes="dialog-hint")

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value.strip() or None)

    def action_cancel(self) -> None:
        self.dismiss(None)

"""Choose one of a few named things (a stage of the desk's work, a reviewer): a short list,
the likely choice highlighted, Enter takes it, Escape cancels."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from ...core.textsafe import terminal_safe
from ..keys import bindings, hint


class ChoiceModal(ModalScreen[str | None]):
    """Returns the chosen option's value, or None. `options`: (value, label, note) each; the
    label and note are shown as text, never markup."""

    AUTO_FOCUS = "#pick-list"
    SCOPE = "pick"
    BINDINGS = bindings(SCOPE)

    def __init__(
        self, title: str, options: list[tuple[str, str, str]], highlighted: int = 0
    ) -> None:
        super().__init__()
        self.title_text = title
        self.options = options
        self.highlighted = highlighted

    def compose(self) -> ComposeResult:
        with Vertical(id="pick-dialog", classes="dialog"):
            yield Label(Text(self.title_text), classes="dialog-title")
            yield OptionList(
                *(
                    Option(_line(label, note), id=f"choice-{index}")
                    for index, (_, label, note) in enumerate(self.options)
                ),
                id="pick-list",
            )
            yield Static(
                hint(self, "↑/↓ and Enter choose · {modal-cancel} cancel"), classes="dialog-hint"
            )

    def on_mount(self) -> None:
        if self.options:
            self.query_one(OptionList).highlighted = self.highlighted

    @on(OptionList.OptionSelected, "#pick-list")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.options[event.option_index][0])

    def action_cancel(self) -> None:
        self.dismiss(None)


def _line(label: str, note: str) -> Text:
    line = Text(terminal_safe(label, one_line=True))
    if note:
        line.append(f"  {terminal_safe(note, one_line=True)}", style="dim")
    return line

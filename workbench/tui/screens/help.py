"""The help screen: every action of the screen it describes, from the action registry."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from ..keys import bindings, hint
from ..widgets.fields import SHORT_SCREEN


class HelpScreen(ModalScreen[None]):
    AUTO_FOCUS = "#help-keys"
    SCOPE = "help"
    BINDINGS = bindings(SCOPE)

    def __init__(self, title: str, rows: list[tuple[str, str]]) -> None:
        super().__init__()
        self.title_text = title
        self.rows = rows

    def compose(self) -> ComposeResult:
        table = Table(box=None, show_header=False, pad_edge=False, expand=True)
        table.add_column("key", style="bold", no_wrap=True)
        table.add_column("action")
        for key, description in self.rows:
            table.add_row(Text(key), Text(description))
        with Vertical(id="help-dialog", classes="dialog"):
            yield Label(f"Keys — {self.title_text}", classes="dialog-title")
            # Focused, so ↑/↓ and PgUp/PgDn scroll it: on a short terminal not every key fits.
            with VerticalScroll(id="help-keys"):
                yield Static(table)
            yield Static(
                hint(
                    self,
                    "↑/↓ PgUp/PgDn scroll · {command-palette} command palette · "
                    "{help-close} closes",
                ),
                classes="dialog-hint",
            )

    def on_resize(self, event: events.Resize) -> None:
        self.set_class(event.size.height < SHORT_SCREEN, "-short")

    def action_close(self) -> None:
        self.dismiss(None)

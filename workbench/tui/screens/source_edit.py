"""Edit a stored source: URL, title, publisher, dates and the snapshot, typed or read from a
file. Every piece of evidence citing it sees the change."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static, TextArea

from ...core.errors import WorkbenchError
from ...core.models import Source, SourceChange
from ...core.textsafe import terminal_safe
from ..keys import bindings, hint
from ..widgets.fields import SHORT_SCREEN, Fields

# Field id -> (Source attribute, placeholder)
FIELDS = {
    "source-url": ("url", "https://…"),
    "source-title": ("title", "title"),
    "source-publisher": ("publisher", "publisher"),
    "source-published": ("published", "published YYYY-MM-DD"),
    "source-accessed": ("accessed_at", "accessed YYYY-MM-DD"),
}


class SourceEditModal(ModalScreen[SourceChange | None]):
    AUTO_FOCUS = "#source-title"
    SCOPE = "source-edit"
    BINDINGS = bindings(SCOPE)

    def __init__(self, source: Source, citing: int) -> None:
        super().__init__()
        self.source = source
        self.citing = citing
        # Shown with control characters visible; a field left as shown is not saved.
        self.shown = {
            field: terminal_safe(getattr(source, attribute) or "", one_line=True)
            for field, (attribute, _) in FIELDS.items()
        }
        self.shown_snapshot = terminal_safe(source.snapshot or "")

    def compose(self) -> ComposeResult:
        cited = f" — cited by {self.citing} piece{'s' if self.citing != 1 else ''} of evidence"
        with Vertical(id="source-edit-dialog", classes="dialog"):
            yield Label(Text(f"Edit source {self.source.id}{cited}"), classes="dialog-title")
            with Fields(classes="dialog-fields"):
                with Horizontal(classes="field-row"):
                    yield self._input("source-title")
                    yield self._input("source-publisher")
                yield self._input("source-url")
                with Horizontal(classes="field-row"):
                    yield self._input("source-published")
                    yield self._input("source-accessed")
                yield Label("Snapshot of the source's text")
                yield TextArea(self.shown_snapshot, id="source-snapshot", soft_wrap=True)
                yield Label("…or read the snapshot from a file")
                yield Input(id="source-file", placeholder="path to a .txt, .md or .html file")
            yield Static(id="source-error", classes="dialog-error")
            yield Static(
                hint(self, "tab next field · {modal-save} save · {modal-cancel} cancel"),
                classes="dialog-hint",
            )

    def _input(self, field: str) -> Input:
        return Input(self.shown[field], id=field, placeholder=FIELDS[field][1])

    def on_resize(self, event: events.Resize) -> None:
        self.set_class(event.size.height < SHORT_SCREEN, "-short")

    def action_save(self) -> None:
        changed: dict[str, str] = {}
        for field, (attribute, _) in FIELDS.items():
            value = self.query_one(f"#{field}", Input).value
            if value != self.shown[field]:
                changed[attribute] = value.strip()
        snapshot = self.query_one("#source-snapshot", TextArea).text
        path = self.query_one("#source-file", Input).value.strip()
        if path:
            from ...core.ingest import read_document  # the decoders load when a file comes in

            try:
                changed["snapshot"] = read_document(Path(path).expanduser()).text
            except WorkbenchError as error:
                self.query_one("#source-error", Static).update(Text(str(error), style="red"))
                return
        elif snapshot != self.shown_snapshot:
            changed["snapshot"] = snapshot
        self.dismiss(SourceChange(**changed))

    def action_cancel(self) -> None:
        self.dismiss(None)

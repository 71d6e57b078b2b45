"""Edit a stored source: URL, title, publisher, dates and the snapshot, typed or read from a
file. Every piece of evidence citing it sees the change."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Label, Static

from ...core.errors import WorkbenchError
from ...core.models import Source, SourceChange
from ...core.textsafe import terminal_safe
from ..keys import bindings, hint
from ..widgets.fields import SHORT_SCREEN, Fields, FormDialog, SafeInput, SafeTextArea

# Field id -> (Source attribute, label, placeholder). The label is the box's border title,
# so a filled box still says what it holds.
FIELDS = {
    "source-url": ("url", "URL", "https://…"),
    "source-title": ("title", "Title", "title"),
    "source-publisher": ("publisher", "Publisher", "publisher"),
    "source-published": ("published", "Published", "YYYY-MM-DD"),
    "source-accessed": ("accessed_at", "Accessed", "YYYY-MM-DD"),
}


class SourceEditModal(FormDialog[SourceChange | None]):
    AUTO_FOCUS = "#source-title"
    SCOPE = "source-edit"
    BINDINGS = bindings(SCOPE)

    def __init__(
        self,
        source: Source,
        citing: int,
        attempt: Callable[[SourceChange], str | None] | None = None,
    ) -> None:
        """`attempt` saves a change and gives back why it was refused (None: saved or
        otherwise done with); a refused change leaves the dialog open with what was typed.
        Without it the dialog hands back the change."""
        super().__init__()
        self.source = source
        self.citing = citing
        self.attempt = attempt

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
                yield SafeTextArea(self.source.snapshot or "", id="source-snapshot", soft_wrap=True)
                file = SafeInput(id="source-file", placeholder="path to a .txt, .md or .html file")
                file.border_title = "…or read the snapshot from a file"
                yield file
            yield Static(id="source-error", classes="dialog-error")
            yield Static(
                hint(self, "tab next field · {modal-save} save · {modal-cancel} cancel"),
                classes="dialog-hint",
            )

    def _input(self, field: str) -> SafeInput:
        attribute, label, placeholder = FIELDS[field]
        box = SafeInput(getattr(self.source, attribute) or "", id=field, placeholder=placeholder)
        box.border_title = label
        return box

    def on_resize(self, event: events.Resize) -> None:
        self.set_class(event.size.height < SHORT_SCREEN, "-short")

    def save(self) -> None:
        changed: dict[str, str] = {}
        for field, (attribute, _, _) in FIELDS.items():
            box = self.query_one(f"#{field}", SafeInput)
            if box.value != box.shown:
                changed[attribute] = box.value.strip()
        snapshot = self.query_one("#source-snapshot", SafeTextArea)
        path = self.query_one("#source-file", SafeInput).value.strip()
        if path:
            from ...core.ingest import read_document  # the decoders load when a file comes in

            try:
                changed["snapshot"] = read_document(Path(path).expanduser()).text
            except WorkbenchError as error:
                self._refused(str(error))
                return
        elif snapshot.text != snapshot.shown:
            changed["snapshot"] = snapshot.text
        change = SourceChange(**changed)
        if self.attempt is None:
            self.dismiss(change)
            return
        refusal = self.attempt(change)
        if refusal is not None:
            self._refused(refusal)
            return
        self.dismiss(None)

    def _refused(self, message: str) -> None:
        """Why saving failed, beside the fields; the dialog stays open with what was typed."""
        self.query_one("#source-error", Static).update(
            Text(f"Not saved: {terminal_safe(message)}", style="red")
        )

    def action_cancel(self) -> None:
        self.dismiss(None)

"""The export modal: a format and a destination; the caller writes and says where."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, RadioButton, RadioSet, Static

from ...core.exports import EXTENSIONS, FORMATS
from ...core.textsafe import terminal_safe
from ..keys import bindings, hint


@dataclass(frozen=True, slots=True)
class ExportRequest:
    format: str
    path: Path


class ExportModal(ModalScreen[ExportRequest | None]):
    SCOPE = "export"
    BINDINGS = bindings(SCOPE)

    def __init__(
        self,
        stem: str,
        directory: Path,
        fmt: str | None = None,
        unfinished: list[str] | None = None,
    ) -> None:
        super().__init__()
        self.stem = stem
        self.directory = directory
        self.initial = fmt if fmt in FORMATS else FORMATS[0]
        self.unfinished = unfinished or []

    def compose(self) -> ComposeResult:
        with Vertical(id="export-dialog", classes="dialog"):
            yield Label("Export the review", classes="dialog-title")
            if self.unfinished:
                shown = self.unfinished[:8]
                more = len(self.unfinished) - len(shown)
                lines = Text(
                    f"Unfinished ({len(self.unfinished)}) — the export still lists them:\n",
                    style="bold",
                )
                for line in shown:
                    lines.append(f"• {terminal_safe(line, one_line=True)}\n", style="")
                if more:
                    lines.append(f"…and {more} more", style="dim")
                yield Static(lines, id="export-warnings")
            with RadioSet(id="export-format"):
                for fmt in FORMATS:
                    yield RadioButton(fmt, value=fmt == self.initial, id=f"format-{fmt}")
            yield Label("Write to")
            yield Input(self._path_for(self.initial), id="export-path")
            yield Static(
                hint(self, "Enter or {modal-save} export · {modal-cancel} cancel"),
                classes="dialog-hint",
            )

    def _path_for(self, fmt: str) -> str:
        return str(self.directory / f"{self.stem}.{EXTENSIONS[fmt]}")

    def _format(self) -> str:
        pressed = self.query_one("#export-format", RadioSet).pressed_button
        return str(pressed.label) if pressed is not None else FORMATS[0]

    @on(RadioSet.Changed, "#export-format")
    def _format_changed(self) -> None:
        path = self.query_one("#export-path", Input)
        # Follow the format only while the reviewer has not typed a path of their own.
        if path.value in {self._path_for(fmt) for fmt in FORMATS}:
            path.value = self._path_for(self._format())

    @on(Input.Submitted, "#export-path")
    def action_save(self) -> None:
        value = self.query_one("#export-path", Input).value.strip()
        if not value:
            self.notify("Give a file to write to", severity="warning")
            return
        self.dismiss(ExportRequest(self._format(), Path(value).expanduser()))

    def action_cancel(self) -> None:
        self.dismiss(None)

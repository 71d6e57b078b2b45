"""Choose one piece of a sentence's evidence when it has several (to edit it or its source)."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from ...core.models import Evidence
from ...core.textsafe import terminal_safe
from ..keys import bindings, hint


def evidence_line(evidence: Evidence) -> Text:
    source = evidence.source
    name = source.title or source.url or f"source {source.id}"
    line = Text(f"{evidence.id:>4} ", style="dim")
    line.append(f"[{evidence.stance}] ", style="bold")
    line.append(terminal_safe(name, one_line=True))
    if evidence.excerpt:
        excerpt = terminal_safe(evidence.excerpt, one_line=True)
        line.append(f" — “{excerpt[:60]}{'…' if len(excerpt) > 60 else ''}”", style="dim")
    return line


class PickEvidenceModal(ModalScreen[int | None]):
    """Returns the chosen evidence's id, or None."""

    AUTO_FOCUS = "#pick-list"
    SCOPE = "pick"
    BINDINGS = bindings(SCOPE)

    def __init__(self, title: str, evidence: tuple[Evidence, ...]) -> None:
        super().__init__()
        self.title_text = title
        self.evidence = evidence

    def compose(self) -> ComposeResult:
        with Vertical(id="pick-dialog", classes="dialog"):
            yield Label(self.title_text, classes="dialog-title")
            yield OptionList(
                *(Option(evidence_line(ev), id=str(ev.id)) for ev in self.evidence),
                id="pick-list",
            )
            yield Static(
                hint(self, "↑/↓ and Enter choose · {modal-cancel} cancel"), classes="dialog-hint"
            )

    @on(OptionList.OptionSelected, "#pick-list")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(int(event.option.id or 0))

    def action_cancel(self) -> None:
        self.dismiss(None)

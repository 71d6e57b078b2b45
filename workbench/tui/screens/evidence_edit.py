"""Edit one piece of evidence: its excerpt, stance and note, or remove it (after asking)."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, RadioButton, RadioSet, Static, TextArea

from ...core.models import STANCES, Evidence
from ...core.textsafe import terminal_safe
from ..keys import bindings, hint
from ..widgets.fields import SHORT_SCREEN, Fields
from .confirm import ConfirmModal


@dataclass(frozen=True, slots=True)
class EvidenceEdit:
    """What the reviewer changed (None: left as it was), or `unlink` to remove it."""

    unlink: bool = False
    stance: str | None = None
    excerpt: str | None = None
    note: str | None = None


class EvidenceEditModal(ModalScreen[EvidenceEdit | None]):
    AUTO_FOCUS = "#edit-excerpt"
    SCOPE = "evidence-edit"
    BINDINGS = bindings(SCOPE)

    def __init__(self, number: int, evidence: Evidence) -> None:
        super().__init__()
        self.number = number
        self.evidence = evidence
        # Stored text is shown with its control characters visible; a field left as shown
        # is not saved, so showing it safely never changes what is stored.
        self.shown_excerpt = terminal_safe(evidence.excerpt or "")
        self.shown_note = terminal_safe(evidence.note or "", one_line=True)

    def compose(self) -> ComposeResult:
        source = self.evidence.source
        name = source.title or source.url or f"source {source.id}"
        with Vertical(id="evidence-edit-dialog", classes="dialog"):
            yield Label(
                Text(
                    f"Evidence {self.evidence.id} of sentence {self.number} — "
                    f"{terminal_safe(name, one_line=True)}"
                ),
                classes="dialog-title",
            )
            with Fields(classes="dialog-fields"):
                yield Label("Excerpt that matters")
                area = TextArea(self.shown_excerpt, id="edit-excerpt", soft_wrap=True)
                yield area
                yield Label("Stance")
                with RadioSet(id="edit-stance"):
                    for stance in STANCES:
                        yield RadioButton(
                            stance, value=stance == self.evidence.stance, id=f"edit-{stance}"
                        )
                yield Input(self.shown_note, id="edit-note", placeholder="note (optional)")
            yield Static(
                hint(
                    self,
                    "tab next field · {modal-save} save · {evidence-unlink} remove this "
                    "evidence · {modal-cancel} cancel",
                ),
                classes="dialog-hint",
            )

    def on_mount(self) -> None:
        # The cursor at the end of the pre-filled text, so typing adds to it.
        self.query_one("#edit-excerpt", TextArea).move_cursor(
            self.query_one("#edit-excerpt", TextArea).document.end
        )

    def on_resize(self, event: events.Resize) -> None:
        self.set_class(event.size.height < SHORT_SCREEN, "-short")

    def action_save(self) -> None:
        excerpt = self.query_one("#edit-excerpt", TextArea).text
        note = self.query_one("#edit-note", Input).value
        pressed = self.query_one("#edit-stance", RadioSet).pressed_button
        stance = str(pressed.label) if pressed is not None else self.evidence.stance
        self.dismiss(
            EvidenceEdit(
                stance=stance if stance != self.evidence.stance else None,
                excerpt=excerpt.strip() if excerpt != self.shown_excerpt else None,
                note=note.strip() if note != self.shown_note else None,
            )
        )

    def action_unlink(self) -> None:
        def answered(yes: bool | None) -> None:
            if yes:
                self.dismiss(EvidenceEdit(unlink=True))

        self.app.push_screen(
            ConfirmModal(
                "Remove evidence",
                f"Remove evidence {self.evidence.id} from sentence {self.number}?",
                "Undo brings it back.",
            ),
            answered,
        )

    def action_cancel(self) -> None:
        self.dismiss(None)

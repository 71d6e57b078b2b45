"""Edit one piece of evidence: its excerpt, stance and note, or remove it (after asking)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Label, RadioButton, RadioSet, Static

from ...core.models import STANCES, Evidence
from ...core.textsafe import terminal_safe
from ..keys import bindings, hint
from ..widgets.fields import SHORT_SCREEN, Fields, FormDialog, SafeInput, SafeTextArea
from .confirm import ConfirmModal


@dataclass(frozen=True, slots=True)
class EvidenceEdit:
    """What the reviewer changed (None: left as it was), or `unlink` to remove it."""

    unlink: bool = False
    stance: str | None = None
    excerpt: str | None = None
    note: str | None = None


class EvidenceEditModal(FormDialog[EvidenceEdit | None]):
    AUTO_FOCUS = "#edit-excerpt"
    SCOPE = "evidence-edit"
    BINDINGS = bindings(SCOPE)

    def __init__(
        self,
        number: int,
        evidence: Evidence,
        attempt: Callable[[EvidenceEdit], str | None] | None = None,
    ) -> None:
        """`attempt` saves an edit and gives back why it was refused (None: saved or
        otherwise done with); a refused edit leaves the dialog open with what was typed.
        Without it the dialog hands back the edit."""
        super().__init__()
        self.number = number
        self.evidence = evidence
        self.attempt = attempt

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
                yield SafeTextArea(self.evidence.excerpt or "", id="edit-excerpt", soft_wrap=True)
                yield Label("Stance")
                with RadioSet(id="edit-stance"):
                    for stance in STANCES:
                        yield RadioButton(
                            stance, value=stance == self.evidence.stance, id=f"edit-{stance}"
                        )
                note = SafeInput(self.evidence.note or "", id="edit-note", placeholder="optional")
                note.border_title = "Note"
                yield note
            yield Static(id="edit-error", classes="dialog-error")
            yield Static(
                hint(
                    self,
                    "tab next field · {modal-save} save · {evidence-unlink} remove this "
                    "evidence · {modal-cancel} cancel",
                ),
                classes="dialog-hint",
            )

    def on_resize(self, event: events.Resize) -> None:
        self.set_class(event.size.height < SHORT_SCREEN, "-short")

    def save(self) -> None:
        # A field left as shown is not saved, so showing it safely never changes it.
        excerpt = self.query_one("#edit-excerpt", SafeTextArea)
        note = self.query_one("#edit-note", SafeInput)
        pressed = self.query_one("#edit-stance", RadioSet).pressed_button
        stance = str(pressed.label) if pressed is not None else self.evidence.stance
        edit = EvidenceEdit(
            stance=stance if stance != self.evidence.stance else None,
            excerpt=excerpt.text.strip() if excerpt.text != excerpt.shown else None,
            note=note.value.strip() if note.value != note.shown else None,
        )
        if self.attempt is None:
            self.dismiss(edit)
            return
        refusal = self.attempt(edit)
        if refusal is not None:
            self.query_one("#edit-error", Static).update(
                Text(f"Not saved: {terminal_safe(refusal)}", style="red")
            )
            return
        self.dismiss(None)

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

"""Form fields: a scrolling column that never takes focus itself (so Tab goes from field to
field), and the input boxes every dialog uses for stored, typed or pasted text.

A terminal obeys the control characters it is sent: a claimant stored as `ESC ]0;PWNED BEL`
drawn raw in an input box retitles the window, and OSC 52 writes the clipboard. So the boxes
hold text as `core.textsafe.terminal_safe` shows it (`\\x1b]0;PWNED\\x07`), whatever puts it
there: a pre-filled value, a paste, or a program setting it.

What is stored: a pre-filled field left as it was gives back the original text, byte for byte
(`stored`); once the reviewer edits it, what they see is what is stored.
"""

from __future__ import annotations

from typing import TypeVar

from textual.containers import VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Input, TextArea
from textual.widgets.text_area import Edit, EditResult

from ...core.textsafe import terminal_safe

SHORT_SCREEN = 32  # rows below which the long dialogs shrink their quote and lists


ResultT = TypeVar("ResultT")


class Fields(VerticalScroll, can_focus=False):
    pass


class FormDialog(ModalScreen[ResultT]):
    """A dialog with several fields. Tab and shift+Tab (`field-next`, `field-previous` in the
    registry, bound in the dialog's scope) are priority bindings: the app moves the focus
    before it hands on the next key, so keys typed right after Tab go to the next field and
    not, queued behind it, to the one it left."""

    def action_move_field(self, step: int) -> None:
        if step > 0:
            self.focus_next()
        else:
            self.focus_previous()

    class SaveRequested(Message):
        """Sent through the focused field, so the keys queued before ctrl+s reach the field
        before the dialog reads it (ctrl+s itself is handled at once, ahead of them)."""

    def action_save(self) -> None:
        if self.focused is not None:
            self.focused.post_message(FormDialog.SaveRequested())
        else:
            self.save()

    def on_form_dialog_save_requested(self, message: FormDialog.SaveRequested) -> None:
        message.stop()
        self.save()

    def save(self) -> None:
        """Read the fields and answer; each dialog says how."""
        raise NotImplementedError


class SafeInput(Input):
    """A one-line input box that shows control characters as their escapes; pre-filled, the
    cursor sits at the end and focusing it selects nothing, so typing adds to the text."""

    def __init__(self, value: str | None = None, **kwargs: object) -> None:
        self.original = value or ""
        kwargs.setdefault("select_on_focus", False)
        super().__init__(terminal_safe(self.original, one_line=True), **kwargs)  # type: ignore[arg-type]
        self.shown = self.value

    def validate_value(self, value: str) -> str:
        return terminal_safe(value, one_line=True)

    def insert_text_at_cursor(self, text: str) -> None:
        # Made safe before insertion, so the cursor moves by what is shown.
        super().insert_text_at_cursor(terminal_safe(text, one_line=True))

    def replace(self, text: str, start: int, end: int) -> None:
        super().replace(terminal_safe(text, one_line=True), start, end)

    def insert(self, text: str, index: int) -> None:
        super().insert(terminal_safe(text, one_line=True), index)

    @property
    def stored(self) -> str:
        """The original text if the field is as it was pre-filled, else what it shows."""
        return self.original if self.value == self.shown else self.value


class SafeTextArea(TextArea):
    """A text box that shows control characters as their escapes (tab and newline stay);
    pre-filled, the cursor sits at the end of the text."""

    def __init__(self, text: str = "", **kwargs: object) -> None:
        self.original = text
        super().__init__(text, **kwargs)  # type: ignore[arg-type]
        self.shown = self.text

    def _set_document(self, text: str, language: str | None) -> None:
        super()._set_document(terminal_safe(text), language)

    def edit(self, edit: Edit) -> EditResult:
        # Every insertion, paste and replacement is an Edit: made safe before it applies.
        edit.text = terminal_safe(edit.text)
        return super().edit(edit)

    def on_mount(self) -> None:
        self.move_cursor(self.document.end)

    def prefill(self, text: str) -> None:
        """Replace the text with `text` (a picked passage), cursor at its end; `stored` gives
        `text` back unless the reviewer edits it."""
        self.original = text
        self.load_text(text)
        self.shown = self.text
        self.move_cursor(self.document.end)

    @property
    def stored(self) -> str:
        """The original text if the box is as it was filled, else what it shows."""
        return self.original if self.text == self.shown else self.text

"""The verdict modal: one key per rating label, a rationale, the claim and the claimant, with
the sentence, its evidence and the check results in view while the reviewer writes."""

from __future__ import annotations

from dataclasses import dataclass

from rich.console import Group
from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from ...core.models import CLAIM_LIMIT as CLAIM_RECOMMENDED_LENGTH
from ...core.models import SentenceDetail, Verdict
from ...core.scales import Scale
from ...core.textsafe import terminal_safe
from ..keys import KeyNames, bindings, hint, key_names
from ..widgets.detail import render_evidence
from ..widgets.fields import SHORT_SCREEN, Fields, FormDialog, SafeInput, SafeTextArea

RATING_KEYS = 9  # labels past the ninth are picked with the arrows


@dataclass(frozen=True, slots=True)
class VerdictInput:
    rating: str
    rationale: str
    claim: str
    claimant: str


def rating_key(names: KeyNames, index: int) -> str:
    """The key that picks the label at `index` (a blank past the ninth)."""
    return names.key(f"rating-{index + 1}") if index < RATING_KEYS else " "


class LabelList(OptionList):
    """Rating labels; a key (a digit unless remapped) picks one, only while this list has
    focus, so typing a digit in the rationale never changes the rating."""

    SCOPE = "verdict-labels"
    # Priority bindings (see the registry): a pick moves the focus to the rationale before
    # the app hands on the next key, so the words typed after the digit land there.
    BINDINGS = bindings(SCOPE)

    def action_pick_highlighted(self) -> None:
        if self.highlighted is not None:
            self.action_pick(self.highlighted)

    def action_pick(self, index: int) -> None:
        if index < self.option_count:
            self.highlighted = index
            self.screen.set_focus(self.screen.query_one("#verdict-rationale"))


class VerdictContext(VerticalScroll):
    """The sentence, its evidence and check results; focusable so long evidence can be
    scrolled with the arrows."""


FIELD_HELP = {
    "verdict-context": "The sentence and its evidence: ↑/↓ scroll",
    "verdict-labels": "Rating: press the key beside it, or ↑/↓ and Enter",
    "verdict-rationale": "Rationale: why this rating — readers will see it",
    "verdict-claim": "Claim: the checked claim restated, fewer than 75 characters",
    "verdict-claimant": "Claimant: who made the claim",
}


class VerdictModal(FormDialog[VerdictInput | None]):
    # Focus is set on mount (see on_mount), never later by the screen's resume, which could
    # take it back from a field a quick typist has reached.
    AUTO_FOCUS = None
    SCOPE = "verdict"
    # Moving between fields is a priority binding (see the registry): the app moves the
    # focus before it hands on the next key, so keys typed right after Tab go to the next field.
    BINDINGS = bindings(SCOPE)

    def __init__(
        self,
        scale: Scale,
        number: int,
        sentence: str,
        current: Verdict | None,
        detail: SentenceDetail | None = None,
    ) -> None:
        super().__init__()
        self.scale = scale
        self.number = number
        self.sentence = sentence
        self.current = current
        self.detail = detail

    def compose(self) -> ComposeResult:
        names = key_names(self)
        current = self.current.label if self.current else None
        with Vertical(id="verdict-dialog", classes="dialog"):
            yield Label(
                f"Verdict on sentence {self.number} — scale {terminal_safe(self.scale.name)}",
                classes="dialog-title",
            )
            with VerdictContext(id="verdict-context", classes="dialog-quote"):
                yield Static(self._context_view())
            yield LabelList(
                *[
                    Option(
                        self._label_line(rating_key(names, i), label.name, label.value, current),
                        id=label.name,
                    )
                    for i, label in enumerate(self.scale.labels)
                ],
                id="verdict-labels",
            )
            yield Static(id="verdict-chosen")
            with Fields(classes="dialog-fields"):
                yield Label("Rationale", classes="field-label")
                yield SafeTextArea(
                    self.current.rationale or "" if self.current else "",
                    id="verdict-rationale",
                    soft_wrap=True,
                    show_line_numbers=False,
                )
                with Horizontal(classes="field-row"):
                    yield Label("Claim", classes="field-label", id="claim-label")
                    yield SafeInput(
                        self.current.claim or "" if self.current else "",
                        id="verdict-claim",
                        placeholder=(
                            f"the claim restated, fewer than {CLAIM_RECOMMENDED_LENGTH} characters"
                        ),
                    )
                    yield Static(id="claim-count")
                with Horizontal(classes="field-row"):
                    yield Label("Claimant", classes="field-label")
                    yield SafeInput(
                        self.current.claimant or "" if self.current else "",
                        id="verdict-claimant",
                        placeholder="who made the claim",
                    )
            yield Static(id="verdict-hint", classes="dialog-hint")

    @staticmethod
    def _label_line(key: str, name: str, value: float, current: str | None) -> Text:
        line = Text(f"{key}  {terminal_safe(name, one_line=True)}  ({value:g})")
        if name == current:
            line.append("  ← current verdict", style="bold")
        return line

    def _context_view(self) -> Group:
        parts: list[Text | Group] = [Text(terminal_safe(self.sentence), style="bold")]
        if self.detail is not None:
            parts.extend(render_evidence(self.detail, key_names(self), compact=True))  # type: ignore[arg-type]
        return Group(*parts)

    def on_mount(self) -> None:
        labels = self.query_one(LabelList)
        names = [label.name for label in self.scale.labels]
        if self.current and self.current.label in names:
            labels.highlighted = names.index(self.current.label)
        else:
            labels.highlighted = None
        self._count(self.query_one("#verdict-claim", SafeInput).value)
        self._show_chosen()
        # Focus before the first key reaches the dialog: the review screen waits for this
        # mount before it lets the next key through, so keys typed after `v` land here.
        self.set_focus(labels)

    def on_resize(self, event: events.Resize) -> None:
        # On a short terminal (80×24) the quote and labels shrink so every field has room.
        self.set_class(event.size.height < SHORT_SCREEN, "-short")

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        # The focus as it is now: each field posts its own focus event, and after a burst of
        # Tabs they can arrive out of order.
        focused = self.focused
        if focused is None:
            return
        help_text = FIELD_HELP.get(focused.id or "", "")
        keys = hint(self, "tab next field · {modal-save} save · {modal-cancel} cancel")
        self.query_one("#verdict-hint", Static).update(f"{help_text}\n{keys}")
        # The list is open while a rating is picked, one line (the rating) while writing.
        picking = focused.id == "verdict-labels"
        self.set_class(picking, "-picking")
        labels = self.query_one(LabelList)
        self.call_after_refresh(labels.scroll_to_highlight, top=not picking)

    @on(SafeInput.Changed, "#verdict-claim")
    def _claim_changed(self, event: SafeInput.Changed) -> None:
        self._count(event.value)

    def _count(self, value: str) -> None:
        count = self.query_one("#claim-count", Static)
        over = len(value) >= CLAIM_RECOMMENDED_LENGTH
        count.update(
            Text(f"{len(value)}/{CLAIM_RECOMMENDED_LENGTH}", style="bold red" if over else "dim")
        )
        count.set_class(over, "-over")

    @on(OptionList.OptionHighlighted, "#verdict-labels")
    def _label_highlighted(self) -> None:
        self._show_chosen()

    def _show_chosen(self) -> None:
        """The rating that saving gives, in words, beside the current verdict."""
        labels = self.query_one(LabelList)
        line = Text("Rating: ", style="bold")
        if labels.highlighted is None:
            line.append("none picked yet", style="dim")
        else:
            label = self.scale.labels[labels.highlighted]
            line.append(f" {terminal_safe(label.name, one_line=True)} ", style="bold reverse")
            line.append(f"  {label.value:g} on {terminal_safe(self.scale.name)}")
        if self.current is not None:
            line.append(
                f"   current verdict: {terminal_safe(self.current.label, one_line=True)}",
                style="dim",
            )
        self.query_one("#verdict-chosen", Static).update(line)

    @on(OptionList.OptionSelected, "#verdict-labels")
    def _label_chosen(self) -> None:
        self.set_focus(self.query_one("#verdict-rationale"))

    class SaveRequested(Message):
        """Sent through the focused field, so the keys queued before ctrl+s reach the field
        before the dialog reads it (ctrl+s itself is handled at once, ahead of them)."""

    def action_save(self) -> None:
        if self.focused is not None:
            self.focused.post_message(self.SaveRequested())
        else:
            self._save()

    @on(SaveRequested)
    def _save_requested(self) -> None:
        self._save()

    def _save(self) -> None:
        labels = self.query_one(LabelList)
        if labels.highlighted is None:
            self.notify(
                "Pick a rating first (the key beside it, or arrows and Enter)", severity="warning"
            )
            self.set_focus(labels)
            return
        option = labels.get_option_at_index(labels.highlighted)
        self.dismiss(
            VerdictInput(
                rating=str(option.id),
                rationale=self.query_one("#verdict-rationale", SafeTextArea).stored,
                claim=self.query_one("#verdict-claim", SafeInput).stored,
                claimant=self.query_one("#verdict-claimant", SafeInput).stored,
            )
        )

    def action_cancel(self) -> None:
        self.dismiss(None)

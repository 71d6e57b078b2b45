"""The verdict modal: one key per rating label, a rationale, the claim and the claimant."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from ...core.models import CLAIM_LIMIT as CLAIM_RECOMMENDED_LENGTH
from ...core.models import Verdict
from ...core.scales import Scale
from ...core.textsafe import terminal_safe
from ..keys import KeyNames, bindings, hint, key_names
from ..widgets.fields import SHORT_SCREEN, Fields

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
    BINDINGS = bindings(SCOPE)

    def action_pick(self, index: int) -> None:
        if index < self.option_count:
            self.highlighted = index
            self.screen.set_focus(self.screen.query_one("#verdict-rationale"))


class VerdictModal(ModalScreen[VerdictInput | None]):
    AUTO_FOCUS = "#verdict-labels"
    SCOPE = "verdict"
    BINDINGS = bindings(SCOPE)

    def __init__(self, scale: Scale, number: int, sentence: str, current: Verdict | None) -> None:
        super().__init__()
        self.scale = scale
        self.number = number
        self.sentence = sentence
        self.current = current

    def compose(self) -> ComposeResult:
        names = key_names(self)
        with Vertical(id="verdict-dialog", classes="dialog"):
            yield Label(
                f"Verdict on sentence {self.number} — scale {self.scale.name}",
                classes="dialog-title",
            )
            yield Static(Text(terminal_safe(self.sentence)), classes="dialog-quote")
            yield LabelList(
                *[
                    Option(
                        Text(f"{rating_key(names, i)}  {label.name}  ({label.value:g})"),
                        id=label.name,
                    )
                    for i, label in enumerate(self.scale.labels)
                ],
                id="verdict-labels",
            )
            with Fields(classes="dialog-fields"):
                yield Label("Rationale")
                yield TextArea(
                    self.current.rationale or "" if self.current else "",
                    id="verdict-rationale",
                    soft_wrap=True,
                    show_line_numbers=False,
                )
                yield Label(
                    f"Claim, restated (fewer than {CLAIM_RECOMMENDED_LENGTH} characters)",
                    id="claim-label",
                )
                yield Input(
                    self.current.claim or "" if self.current else "",
                    id="verdict-claim",
                    placeholder="What exactly is being checked",
                )
                yield Static(id="claim-count")
                yield Label("Claimant")
                yield Input(
                    self.current.claimant or "" if self.current else "",
                    id="verdict-claimant",
                    placeholder="Who made the claim",
                )
            yield Static(id="verdict-hint", classes="dialog-hint")

    def on_mount(self) -> None:
        labels = self.query_one(LabelList)
        names = [label.name for label in self.scale.labels]
        if self.current and self.current.label in names:
            labels.highlighted = names.index(self.current.label)
        else:
            labels.highlighted = None
        self._count(self.query_one("#verdict-claim", Input).value)

    def on_resize(self, event: events.Resize) -> None:
        # On a short terminal (80×24) the quote and labels shrink so every field has room.
        self.set_class(event.size.height < SHORT_SCREEN, "-short")

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        help_text = {
            "verdict-labels": "Rating: press the key beside it, or ↑/↓ and Enter",
            "verdict-rationale": "Rationale: why this rating — readers will see it",
            "verdict-claim": "Claim: the checked claim restated, fewer than 75 characters",
            "verdict-claimant": "Claimant: who made the claim",
        }.get(event.widget.id or "", "")
        keys = hint(self, "tab next field · {modal-save} save · {modal-cancel} cancel")
        self.query_one("#verdict-hint", Static).update(f"{help_text}\n{keys}")

    @on(Input.Changed, "#verdict-claim")
    def _claim_changed(self, event: Input.Changed) -> None:
        self._count(event.value)

    def _count(self, value: str) -> None:
        count = self.query_one("#claim-count", Static)
        over = len(value) >= CLAIM_RECOMMENDED_LENGTH
        count.update(
            Text(f"{len(value)}/{CLAIM_RECOMMENDED_LENGTH}", style="bold red" if over else "dim")
        )
        count.set_class(over, "-over")

    @on(OptionList.OptionSelected, "#verdict-labels")
    def _label_chosen(self) -> None:
        self.set_focus(self.query_one("#verdict-rationale"))

    def action_save(self) -> None:
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
                rationale=self.query_one("#verdict-rationale", TextArea).text,
                claim=self.query_one("#verdict-claim", Input).value,
                claimant=self.query_one("#verdict-claimant", Input).value,
            )
        )

    def action_cancel(self) -> None:
        self.dismiss(None)

"""The reconcile screen: after a blind round, the sentences its reviewers tagged differently,
one at a time, each reviewer's tags side by side with the sentence; one key settles a
sentence into the article's real tags (one logged, undoable action) and goes to the next
one still to settle."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from ...actions import conditions
from ...core.agreement import Disagreement
from ...core.errors import NothingToDoError, WorkbenchError
from ...core.models import TAGS, SentenceId
from ...core.textsafe import terminal_safe
from ..keys import bindings, explain_refused, hint
from ..widgets.footer import ActionFooter
from .help import HelpScreen

if TYPE_CHECKING:
    from textual import events

    from ..app import WorkbenchApp
    from .review import ReviewScreen

SETTLED = "✓"


def open_reconcile(screen: ReviewScreen) -> None:
    """Push the reconcile screen for the review screen's article, or say why not (no round,
    the round still open to this reviewer, nothing to settle)."""
    workbench = screen.wb_app.workbench
    try:
        found = workbench.disagreements(screen.article_id)
    except WorkbenchError as error:
        screen.notify(str(error), title="Blind review", severity="warning", timeout=8)
        return
    if not found:
        screen.notify("The reviewers agree on every sentence: nothing to settle", timeout=4)
        return

    def back(_: None) -> None:
        screen.load()  # the settled tags show at once

    screen.app.push_screen(ReconcileScreen(screen.article_id, found), back)


def announce_blind(screen: ReviewScreen) -> None:
    """Opening an article under blind review says so: a reviewer in the round sees only
    their own tags; anyone else cannot tag until it stops."""
    workbench = screen.wb_app.workbench
    try:
        found = workbench.blind_round(screen.article_id)
    except WorkbenchError:
        return  # no round, or the article unreadable (the screen says so itself)
    if not found.open:
        return
    if workbench.reviewer in found.reviewers:
        others = [name for name in found.reviewers if name != workbench.reviewer]
        message = (
            "You see only your own tags, and no suggestions: "
            f"{_and(others)} tag{'s' if len(others) == 1 else ''} this article without "
            "seeing yours"
        )
    else:
        message = (
            f"{_and(list(found.reviewers))} are tagging this article blind: its tags and "
            "marks wait until the round stops"
        )
    screen.notify(terminal_safe(message, one_line=True), title="Blind review", timeout=8)


def blind_refuses(screen: ReviewScreen, doing: str, *, everyone: bool = False) -> bool:
    """True, after saying so, when the reviewer is in the article's open blind round (with
    `everyone`: when the article has an open round at all), where `doing` would be refused
    on saving: told before a dialog is filled in for nothing."""
    workbench = screen.wb_app.workbench
    try:
        found = workbench.blind_round(screen.article_id)
    except WorkbenchError:
        return False  # no round: nothing held
    if not found.open or not (everyone or workbench.reviewer in found.reviewers):
        return False
    screen.notify(
        f"article {screen.article_id} is under blind review: {doing} waits until the round "
        f"stops (`workbench blind stop {screen.article_id}`)",
        title="Blind review",
        severity="warning",
        timeout=8,
        markup=False,
    )
    return True


def _and(names: list[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def reviewer_tags(item: Disagreement) -> Table:
    """Each reviewer's tags side by side: a row per reviewer, a column per tag."""
    table = Table(box=None, pad_edge=False, show_edge=False, expand=False)
    table.add_column("", no_wrap=True)
    table.add_column("reviewer", no_wrap=True)
    for tag in TAGS:
        table.add_column(tag, justify="center")
    disputed = set(item.disputed)
    for index, (name, tags) in enumerate(item.tags.items()):
        cells = [
            Text("●" if tag in tags else "·", style="bold" if tag in disputed else "dim")
            for tag in TAGS
        ]
        table.add_row(
            Text(chr(ord("A") + index), style="bold"),
            Text(terminal_safe(name, one_line=True)),
            *cells,
        )
    return table


def list_line(item: Disagreement) -> Text:
    line = Text(f"{SETTLED if item.settled else ' '} ", style="bold")
    line.append(f"{item.number:>4} ", style="dim")
    line.append(", ".join(item.disputed))
    return line


class ReconcileScreen(Screen[None]):
    AUTO_FOCUS = "#reconcile-list"
    SCOPE = "reconcile"
    BINDINGS = bindings(SCOPE)
    CONDITIONS = conditions(SCOPE)

    def __init__(self, article_id: int, found: list[Disagreement]) -> None:
        super().__init__()
        self.article_id = article_id
        self.found = found

    @property
    def wb_app(self) -> WorkbenchApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        yield Label(id="reconcile-title")
        with Horizontal(id="reconcile-body"):
            yield OptionList(id="reconcile-list")
            with VerticalScroll(id="reconcile-detail"):
                yield Static(id="reconcile-sentence")
        yield ActionFooter(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self._fill(self._first_open())

    def on_key(self, event: events.Key) -> None:
        explain_refused(self, event.key)

    @property
    def current(self) -> Disagreement | None:
        index = self.query_one(OptionList).highlighted
        if index is None or not 0 <= index < len(self.found):
            return None
        return self.found[index]

    def _first_open(self, after: int = -1) -> int:
        """The next disagreement still to settle after `after` (wrapping), else `after`."""
        count = len(self.found)
        for step in range(1, count + 1):
            index = (after + step) % count
            if self.found[index].settled is None:
                return index
        return max(after, 0)

    def _fill(self, cursor: int) -> None:
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options(
            [Option(list_line(item), id=str(item.sentence_id)) for item in self.found]
        )
        if self.found:
            options.highlighted = min(cursor, len(self.found) - 1)
        settled = sum(1 for item in self.found if item.settled)
        self.query_one("#reconcile-title", Label).update(
            Text(
                f"Reconcile the blind review of article {self.article_id}: "
                f"{len(self.found)} disagreement{'s' if len(self.found) != 1 else ''}, "
                f"{settled} settled"
            )
        )
        self._show()

    @on(OptionList.OptionHighlighted, "#reconcile-list")
    def _highlighted(self, _: OptionList.OptionHighlighted) -> None:
        self._show()

    def _show(self) -> None:
        item = self.current
        pane = self.query_one("#reconcile-sentence", Static)
        if item is None:
            pane.update(Text("Nothing to settle."))
            return
        heading = Text(f"Sentence {item.number}", style="bold")
        text = Text(terminal_safe(item.text))
        agreed = ", ".join(item.agreed) or "nothing"
        summary = Text(f"Agreed: {agreed} · disputed: {', '.join(item.disputed)}", style="dim")
        if item.settled is None:
            names = [terminal_safe(name, one_line=True) for name in item.tags]
            state = Text(
                hint(
                    self,
                    f"To settle: {{reconcile-take-a}} takes {names[0]}'s tags · "
                    f"{{reconcile-take-b}} takes {names[1]}'s · {{reconcile-take-both}} takes "
                    "every tag · {reconcile-take-none} keeps only the agreed ones",
                ),
                style="italic",
            )
        else:
            tags = ", ".join(item.settled_tags or ()) or "no tags"
            state = Text(
                f"{SETTLED} settled by {terminal_safe(item.settled_by or '', one_line=True)}: "
                f"{terminal_safe(item.settled, one_line=True)} → {tags} "
                "(a key settles it again)",
                style="bold",
            )
        pane.update(Group(heading, text, Text(""), reviewer_tags(item), Text(""), summary, state))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        condition = self.CONDITIONS.get(action)
        if condition is None:
            return True
        if action == "take" and parameters and parameters[0] == "B":
            return True if self.current is not None and len(self.current.tags) > 1 else None
        return True if self.current is not None else None

    def action_take(self, take: str) -> None:
        item = self.current
        if item is None:
            return
        workbench = self.wb_app.workbench
        index = self.query_one(OptionList).highlighted or 0
        try:
            outcome = workbench.reconcile(self.article_id, SentenceId(item.sentence_id), take)
        except NothingToDoError as error:
            self.notify(str(error), severity="warning")
            return
        except WorkbenchError as error:
            self.notify(str(error), title="Not saved", severity="error", timeout=8)
            return
        self.notify(outcome.message + hint(self, " — {undo} in the article undoes it"), timeout=4)
        try:
            self.found = workbench.disagreements(self.article_id)
        except WorkbenchError as error:
            self.notify(str(error), severity="error")
            return
        self._fill(self._first_open(index))

    def action_move(self, step: int) -> None:
        options = self.query_one(OptionList)
        if not self.found:
            return
        current = options.highlighted or 0
        options.highlighted = max(0, min(len(self.found) - 1, current + step))

    def action_close(self) -> None:
        self.dismiss(None)

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen("reconcile", self.wb_app.binding_rows(self)))

"""The desk's keys: an editor approves or returns the current sentence's verdict, anyone
comments on the sentence, moves it or its article to another stage of the desk's work, or
assigns the article. Each is one facade call through the screen, which shows the outcome (or
the refusal: not an editor, your own verdict) and refreshes. The stage and assignee keys pick
from a short list; the library uses them too."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual.screen import Screen

from ..core.errors import WorkbenchError
from ..core.models import Outcome, SentenceDetail
from ..core.service import Workbench
from ..core.status import STAGES
from .keys import hint
from .screens.choose import ChoiceModal
from .screens.prompt import PromptModal
from .widgets.sentence_list import SentenceList

if TYPE_CHECKING:
    from .screens.review import ReviewScreen

# Runs one facade call the way the calling screen runs every key: the outcome, or None when
# it was refused (and said so on screen).
Runner = Callable[[Callable[[], Outcome]], Outcome | None]


def stage_options(workbench: Workbench, now: str) -> tuple[list[tuple[str, str, str]], int]:
    """The stages as the desk names them, the current one marked and the next highlighted.
    The value is the desk's name, which reads back to its stage whatever the names are."""
    names = workbench.status_names
    options = [
        (names.name(stage), names.name(stage), "now" if stage == now else "") for stage in STAGES
    ]
    return options, STAGES.index(names.after(now))


def choose_article_status(
    screen: Screen[Any], workbench: Workbench, article_id: int, run: Runner
) -> None:
    """Pick the article's next stage (the one after its current stage is highlighted)."""
    try:
        now = workbench.status(article_id).status
    except WorkbenchError as error:
        screen.notify(str(error), severity="error")
        return
    options, highlighted = stage_options(workbench, now)

    def chosen(name: str | None) -> None:
        if name is None:
            return
        outcome = run(lambda: workbench.set_status(article_id, name))
        if outcome is not None:
            screen.notify(outcome.message + hint(screen, " — {undo} undoes it"))

    screen.app.push_screen(
        ChoiceModal(f"Article {article_id}: move to", options, highlighted), chosen
    )


def choose_assignee(
    screen: Screen[Any], workbench: Workbench, article_id: int, run: Runner
) -> None:
    """Pick who the article is assigned to: a reviewer the desk lists, you, or nobody."""
    try:
        now = workbench.status(article_id).assignee
        listed = workbench.reviewers()
    except WorkbenchError as error:
        screen.notify(str(error), severity="error")
        return
    me = workbench.reviewer
    options = [(r.name, r.name, _note(r.role, r.name == me, r.name == now)) for r in listed]
    for name in (me, now):
        if name is not None and all(value != name for value, _, _ in options):
            options.append((name, name, _note("not listed", name == me, name == now)))
    options.append(("", "nobody", "take it back" if now else "assigned now"))
    wanted = me if now != me else ""
    highlighted = next(i for i, (value, _, _) in enumerate(options) if value == wanted)

    def chosen(name: str | None) -> None:
        if name is None:
            return
        outcome = run(lambda: workbench.assign(article_id, name or None))
        if outcome is not None:
            screen.notify(outcome.message + hint(screen, " — {undo} undoes it"))

    screen.app.push_screen(
        ChoiceModal(f"Assign article {article_id} to", options, highlighted), chosen
    )


def _note(role: str, me: bool, now: bool) -> str:
    return " · ".join([role, *(["you"] if me else []), *(["assigned now"] if now else [])])


class DeskKeys:
    """Held by a ReviewScreen; acts on its current sentence."""

    def __init__(self, screen: ReviewScreen) -> None:
        self.screen = screen
        # Each rated sentence's stage, and whether it was moved on (set by someone, or past
        # in progress): read with the article, then kept up to date from the sentence an
        # action has just read again, so a key costs no read of the whole article.
        self._stages: dict[int, tuple[str, bool]] = {}

    @property
    def workbench(self) -> Workbench:
        return self.screen.wb_app.workbench

    def approve(self) -> None:
        sentence = self.screen.current_id()
        if sentence is None:
            return
        article = self.screen.article_id
        outcome = self.screen.act(lambda: self.workbench.approve(article, sentence))
        if outcome is not None:
            self.screen.notify(outcome.message + hint(self.screen, " — {undo} undoes it"))

    def return_verdict(self) -> None:
        sentence = self.screen.current_id()
        if sentence is None:
            return
        article = self.screen.article_id

        def answered(comment: str | None) -> None:
            if comment is None:
                return
            outcome = self.screen.act(
                lambda: self.workbench.return_verdict(article, sentence, comment)
            )
            if outcome is not None:
                self.screen.notify(outcome.message + hint(self.screen, " — {undo} undoes it"))

        self.screen.app.push_screen(
            PromptModal("Return the verdict: why?", "what the reviewer should look at"),
            answered,
        )

    def comment(self) -> None:
        sentence = self.screen.current_id()
        if sentence is None:
            return
        article = self.screen.article_id

        def answered(text: str | None) -> None:
            if text is None:
                return
            outcome = self.screen.act(lambda: self.workbench.comment(article, sentence, text))
            if outcome is not None:
                self.screen.notify(outcome.message + hint(self.screen, " — {undo} undoes it"))

        self.screen.app.push_screen(
            PromptModal("Comment on the sentence", "your comment"), answered
        )

    def read_stages(self) -> None:
        """The stage column of the sentence list: shown once some rated sentence of the
        article has been moved on (or approved); until then every one is in progress."""
        try:
            found = self.workbench.sentence_statuses(self.screen.article_id)
        except WorkbenchError:
            return  # the article as read stays on screen; the next reading tries again
        self._stages = {
            i: (s.stage, bool(s.set_by) or s.stage != "in progress") for i, s in found.items()
        }
        self._show_stages()

    def note_stage(self, detail: SentenceDetail) -> None:
        """The stage of the sentence an action has just read again (no other changes)."""
        sentence_id = detail.sentence.id
        if detail.stage is None:
            self._stages.pop(sentence_id, None)
        else:
            moved = detail.stage_set is not None or detail.stage != "in progress"
            self._stages[sentence_id] = (detail.stage, moved)
        self._show_stages()

    def _show_stages(self) -> None:
        names = self.workbench.status_names
        used = any(moved for _, moved in self._stages.values())
        stages = {i: names.name(stage) for i, (stage, _) in self._stages.items()} if used else {}
        self.screen.query_one(SentenceList).set_stages(stages)

    def sentence_status(self) -> None:
        """Pick the current sentence's next stage (its verdict's, that is)."""
        sentence = self.screen.current_id()
        if sentence is None:
            return
        article = self.screen.article_id
        try:
            found = self.workbench.sentence_status(article, sentence)
        except WorkbenchError as error:
            self.screen.notify(str(error), severity="error")
            return
        if found is None:
            self.screen.notify(
                hint(self.screen, "Rate the sentence first ({verdict}): a status follows a rating"),
                severity="warning",
            )
            return
        options, highlighted = stage_options(self.workbench, found.stage)

        def chosen(name: str | None) -> None:
            if name is None:
                return
            outcome = self.screen.act(
                lambda: self.workbench.set_sentence_status(article, sentence, name)
            )
            if outcome is not None:
                self.screen.notify(outcome.message + hint(self.screen, " — {undo} undoes it"))

        self.screen.app.push_screen(ChoiceModal("Sentence: move to", options, highlighted), chosen)

    def article_status(self) -> None:
        choose_article_status(self.screen, self.workbench, self.screen.article_id, self._run)

    def assign(self) -> None:
        choose_assignee(self.screen, self.workbench, self.screen.article_id, self._run)

    def _run(self, call: Callable[[], Outcome]) -> Outcome | None:
        outcome: Outcome | None = self.screen.act(call)
        return outcome

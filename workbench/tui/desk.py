"""The review screen's desk keys: an editor approves or returns the current sentence's verdict,
and anyone comments on the sentence. Each is one facade call through the screen, which shows
the outcome (or the refusal: not an editor, your own verdict) and refreshes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..core.service import Workbench
from .keys import hint
from .screens.prompt import PromptModal

if TYPE_CHECKING:
    from .screens.review import ReviewScreen


class DeskKeys:
    """Held by a ReviewScreen; acts on its current sentence."""

    def __init__(self, screen: ReviewScreen) -> None:
        self.screen = screen

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

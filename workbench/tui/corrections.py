"""The review screen's corrections: marking a sentence "nothing to check", editing or
removing its evidence, editing a source, withdrawing a verdict. Each opens its dialog and
makes one facade call through the screen, which shows the outcome and refreshes."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from ..core.errors import WorkbenchError
from ..core.models import Evidence, Outcome, SentenceDetail, SentenceId, SourceChange
from ..core.service import Workbench
from .keys import hint
from .screens.confirm import ConfirmModal
from .screens.evidence_edit import EvidenceEdit, EvidenceEditModal
from .screens.pick import PickEvidenceModal
from .screens.source_edit import SourceEditModal
from .widgets.sentence_list import SentenceList

if TYPE_CHECKING:
    from .screens.review import ReviewScreen


class Corrections:
    """Held by a ReviewScreen; acts on its current sentence."""

    def __init__(self, screen: ReviewScreen) -> None:
        self.screen = screen

    @property
    def workbench(self) -> Workbench:
        return self.screen.wb_app.workbench

    def _detail(self) -> SentenceDetail | None:
        current = self.screen.query_one(SentenceList).current
        if current is None:
            return None
        try:
            return self.workbench.sentence_by_id(current.id, current.number)
        except WorkbenchError as error:
            self.screen.notify(str(error), severity="error", timeout=8)
            self.screen.load()
            return None

    def toggle_done(self) -> None:
        sentence = self.screen.current_id()
        if sentence is None:
            return
        article = self.screen.article_id
        outcome = self.screen.act(lambda: self.workbench.toggle_done(article, sentence))
        if outcome is not None:
            self.screen.notify(
                outcome.message + hint(self.screen, " — {undo} undoes it"), timeout=3
            )

    def withdraw(self) -> None:
        detail = self._detail()
        if detail is None:
            return
        verdict = detail.verdict
        if verdict is None:
            self.screen.notify("This sentence has no verdict to withdraw", severity="warning")
            return
        sentence = SentenceId(detail.sentence.id)
        article = self.screen.article_id
        earlier = len(detail.verdicts) - 1

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            outcome = self.screen.act(lambda: self.workbench.withdraw_verdict(article, sentence))
            if outcome is not None:
                self.screen.notify(
                    outcome.message + hint(self.screen, " — {undo} undoes it"), timeout=4
                )

        more = f" and its {earlier} earlier rating{'s' if earlier > 1 else ''}" if earlier else ""
        self.screen.app.push_screen(
            ConfirmModal(
                "Withdraw the verdict",
                f"Withdraw the verdict “{verdict.label}” of sentence "
                f"{detail.sentence.number}{more}?",
                "The sentence is then to do again; the history keeps the ratings and undo "
                "brings them back. To re-rate, press " + hint(self.screen, "{verdict} instead."),
            ),
            answered,
        )

    def _choose_evidence(
        self, purpose: str, then: Callable[[SentenceDetail, Evidence], Awaitable[Any] | None]
    ) -> Awaitable[Any] | None:
        """Open `then`'s dialog on the one piece of evidence, or a picker first; what it
        returns is awaited by the key's action, so keys typed next reach the dialog."""
        detail = self._detail()
        if detail is None:
            return None
        if not detail.evidence:
            self.screen.notify(
                hint(self.screen, "This sentence has no evidence: {evidence} links some"),
                severity="warning",
            )
            return None
        if len(detail.evidence) == 1:
            return then(detail, detail.evidence[0])
        by_id = {ev.id: ev for ev in detail.evidence}

        def picked(evidence_id: int | None) -> None:
            if evidence_id is not None and evidence_id in by_id:
                then(detail, by_id[evidence_id])

        return self.screen.app.push_screen(
            PickEvidenceModal(
                f"Which evidence of sentence {detail.sentence.number} {purpose}?",
                detail.evidence,
            ),
            picked,
        )

    def edit_evidence(self) -> Awaitable[Any] | None:
        return self._choose_evidence("to edit", self._open_evidence)

    def _open_evidence(self, detail: SentenceDetail, evidence: Evidence) -> Awaitable[Any]:
        def save(result: EvidenceEdit | None) -> None:
            # Removing, after the dialog asked.
            if result is not None and result.unlink:
                self._announce(self.screen.act(lambda: self.workbench.unlink(evidence.id)))

        def attempt(result: EvidenceEdit) -> str | None:
            if result.stance is None and result.excerpt is None and result.note is None:
                self.screen.notify("Nothing changed", timeout=2)
                return None
            refusals: list[str] = []
            outcome = self.screen.act(
                lambda: self.workbench.edit_evidence(
                    evidence.id, stance=result.stance, excerpt=result.excerpt, note=result.note
                ),
                refused=refusals.append,
            )
            if refusals:
                return refusals[0]
            self._announce(outcome)
            return None

        return self.screen.app.push_screen(
            EvidenceEditModal(detail.sentence.number, evidence, attempt), save
        )

    def _announce(self, outcome: Outcome | None) -> None:
        if outcome is not None:
            self.screen.notify(
                outcome.message + hint(self.screen, " — {undo} undoes it"), timeout=4
            )

    def edit_source(self) -> Awaitable[Any] | None:
        return self._choose_evidence("whose source to edit", self._open_source)

    def _open_source(self, detail: SentenceDetail, evidence: Evidence) -> Awaitable[Any] | None:
        source = evidence.source
        try:
            citing = self.workbench.citations(source.id)
        except WorkbenchError as error:
            self.screen.notify(str(error), severity="error", timeout=8)
            return None

        def attempt(change: SourceChange) -> str | None:
            if change == SourceChange():
                self.screen.notify("Nothing changed", timeout=2)
                return None
            refusals: list[str] = []
            outcome = self.screen.act(
                lambda: self.workbench.edit_source(source.id, change), refused=refusals.append
            )
            if refusals:
                return refusals[0]
            self._announce(outcome)
            return None

        return self.screen.app.push_screen(SourceEditModal(source, citing, attempt))

"""The review screen: the sentence list, the detail pane and every reviewer action by key."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Input

from ...actions import BY_ID, conditions
from ...core.errors import (
    InputError,
    NotFoundError,
    NothingToDoError,
    ValidationError,
    WorkbenchError,
)
from ...core.models import Article, Sentence, SentenceDetail, SentenceId
from ...core.reader import LiveChanges
from ...core.service import Workbench
from ..corrections import Corrections
from ..desk import DeskKeys
from ..keys import bindings, explain_refused, hint, key_names
from ..review_state import FILTERS, ArticleRows, Progress, next_to_do, unknown_filters
from ..widgets.detail import DetailPane, paragraph_text
from ..widgets.fields import SafeInput
from ..widgets.footer import ActionFooter
from ..widgets.review_header import ReviewHeader
from ..widgets.sentence_list import SentenceList
from .evidence import EvidenceInput, EvidenceModal
from .export import run_export
from .help import HelpScreen
from .reconcile import announce_blind, blind_refuses, open_reconcile
from .split import SplitModal
from .verdict import VerdictInput, VerdictModal

if TYPE_CHECKING:
    from ..app import WorkbenchApp

NARROW = 110  # below this width the detail pane goes under the list
PRIOR_DELAY = 0.25  # seconds the cursor rests before "checked before" is looked up
PARAGRAPH_CONTEXT = 60  # sentences of the current paragraph shown around it, at most
POLL_INTERVAL = 0.5  # seconds between looks for another reviewer's changes


class ReviewScreen(Screen[None]):
    AUTO_FOCUS = "#sentences"
    SCOPE = "review"
    BINDINGS = bindings(SCOPE)
    CONDITIONS = conditions(SCOPE)

    def __init__(self, article_id: int) -> None:
        super().__init__()
        self.article_id = article_id
        self.article: Article | None = None
        self.rows: ArticleRows | None = None
        self.progress = Progress({})
        self.prior_timer: Timer | None = None
        self.filter_terms: list[str] = []
        self.by_worth = False  # n goes to the most check-worthy sentence still to do
        self.seen_version: int | None = None  # the file as last read (PRAGMA data_version)
        self.seen_action = 0  # the newest action in the log when it was read
        self.reading = 0  # counts readings, so a chunk scheduled by an older one is dropped
        self.shown_id: int | None = None  # the sentence in the detail pane
        self.corrections = Corrections(self)
        self.desk = DeskKeys(self)
        self.placed = False  # the cursor went where the reviewer left the article
        self.context: Text | None = None  # the shown sentence in its paragraph

    @property
    def wb_app(self) -> WorkbenchApp:
        return self.app  # type: ignore[return-value]

    @property
    def all_rows(self) -> list[Sentence]:
        return self.rows.all if self.rows is not None else []

    @property
    def complete(self) -> bool:
        return self.rows is not None and self.rows.complete

    def compose(self) -> ComposeResult:
        yield ReviewHeader(id="article-header")
        with Horizontal(id="review-body"):
            yield SentenceList(id="sentences")
            yield DetailPane(id="detail")
        yield SafeInput(
            id="filter",
            placeholder=hint(
                self, "filter: words, is:claim, no:verdict, has:evidence… ({clear-filter} clears)"
            ),
        )
        # The keys of the loop fit in 80 columns; `?` lists every key, ctrl+p every command.
        yield ActionFooter(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.query_one("#filter", Input).display = False
        self.rows = ArticleRows(self.wb_app.workbench, self.article_id)
        sentence_list = self.query_one(SentenceList)
        sentence_list.text_for = self.rows.text_of
        sentence_list.read_to_end = self._read_to_end
        self.load()
        announce_blind(self)
        self.set_interval(POLL_INTERVAL, self._poll)

    def on_resize(self) -> None:
        self.set_class(self.size.width < NARROW, "-narrow")

    def on_key(self, event: events.Key) -> None:
        explain_refused(self, event.key)

    # -------------------------------------------------------------- loading
    def load(self) -> None:
        """Read the article: the first screenful (and up to the current sentence) now, the
        rest a chunk at a time after the first paint, so a long article opens at once and
        keys keep working while it loads. The cursor stays on its sentence, or where its
        text went if another reviewer merged it away."""
        assert self.rows is not None
        workbench = self.wb_app.workbench
        self.reading += 1
        self.context = None
        current = self.query_one(SentenceList).current
        try:
            self.seen_version = workbench.data_version()
            self.seen_action = workbench.last_action_id()
            self.article = workbench.article(self.article_id, with_text=False)
            self.progress = Progress(workbench.progress(self.article_id))
            left_at = self._left_at() if not self.placed else None
            self.rows.read_first(left_at or (current.number if current else 0))
            if left_at is not None and left_at <= len(self.rows.all):
                current = self.rows.all[left_at - 1]
            self.placed = True
        except WorkbenchError as error:
            # Damaged, locked, or the article gone: said on screen, never a crash.
            self.query_one(DetailPane).clear(f"Cannot read the article: {error}")
            self.notify(str(error), title="Cannot read the database", severity="error")
            return
        self.desk.read_stages()
        self._apply_filter(current)
        self._show_header()
        if not self.rows.complete:
            self.set_timer(0.001, partial(self._load_more, self.reading))

    def _left_at(self) -> int | None:
        """The number of the sentence where this reviewer left the article (and the `n`
        order they used), read on the first loading."""
        workbench = self.wb_app.workbench
        sentence_id, self.by_worth = workbench.place(self.article_id)
        if sentence_id is None:
            return None
        try:
            return workbench.sentence_by_id(sentence_id).sentence.number
        except NotFoundError:
            return None  # merged away since: start at the top

    def on_unmount(self) -> None:
        """Leaving the article (for the library, or quitting): remember where."""
        # The widgets are gone by now: the detail pane's sentence is the current one.
        if self.placed and self.shown_id is not None:
            self.wb_app.workbench.remember_place(self.article_id, self.shown_id, self.by_worth)

    def _poll(self) -> None:
        """Another reviewer's change (a tag from the CLI, a merge in another window) shows
        within the interval; open dialogs stay open, as they act by sentence id, and the
        cursor stays on its sentence. The action log says what changed: the rows of the
        sentences whose review changed are read again, and only a change to the article's
        sentences themselves (a merge, a split, a revision) has the whole article read again
        — on a busy desk others' changes arrive several times a second."""
        workbench = self.wb_app.workbench
        try:
            version = workbench.data_version()
            if version == self.seen_version:
                return
            live = workbench.changes_since(self.article_id, self.seen_action)
            if live.everything or self.rows is None or self._renumbered():
                self.load()
                return
            self.seen_version, self.seen_action = version, live.last
            replaced = self.rows.read_again(live.sentences)
        except WorkbenchError:
            return  # the next look tries again
        if replaced is None:
            self.load()
            return
        self._show_changes(replaced, live)

    def _show_changes(self, replaced: list[tuple[int, Sentence]], live: LiveChanges) -> None:
        """Rows read again (index in the article, the row before): painted in place, counted,
        and the detail pane read again if it shows one of them."""
        assert self.rows is not None
        sentence_list = self.query_one(SentenceList)
        for index, old in replaced:
            self.progress.replace(old, self.rows.all[index])
        if self.filter_terms:
            # A changed row may now match the filter, or no longer.
            self._apply_filter(sentence_list.current)
        else:
            for index, _ in replaced:  # the unfiltered list is all_rows itself
                sentence_list.refresh_line(index)
        current = sentence_list.current
        if current is not None and (live.sources or current.id in live.sentences):
            self._show_detail()
        if replaced:
            self._show_progress()

    def _load_more(self, reading: int) -> None:
        if reading != self.reading or self.rows is None or self.rows.complete:
            return
        try:
            more = self.rows.read_more()
        except WorkbenchError as error:
            self.notify(str(error), title="Cannot read the rest", severity="error")
            return
        self._add_rows(more)
        if not self.rows.complete:
            self.set_timer(0.001, partial(self._load_more, reading))

    def _read_to_end(self) -> None:
        """Every row not read yet, at once: `G` goes to the real last sentence."""
        if self.rows is not None and not self.rows.complete:
            self._add_rows(self.rows.read_more(-1))

    def _add_rows(self, more: list[Sentence]) -> None:
        assert self.rows is not None
        sentence_list = self.query_one(SentenceList)
        if self.filter_terms:
            sentence_list.rows.extend(self.rows.matching(more, self.filter_terms))
        sentence_list.rows_changed()
        self._show_progress()

    def _apply_filter(self, keep: Sentence | None) -> None:
        assert self.rows is not None
        # Unfiltered, the list shares all_rows, so rows read later appear in it too.
        if self.filter_terms:
            rows = self.rows.matching(self.rows.all, self.filter_terms)
        else:
            rows = self.rows.all
            self.rows.filter_texts = None
        cursor = self.rows.nearest(rows, keep) if keep is not None and rows else 0
        self.query_one(SentenceList).set_rows(rows, cursor)
        unknown = unknown_filters(self.filter_terms)
        if unknown:
            self.query_one(DetailPane).clear(_no_such_filter(unknown))
        elif not rows:
            self.query_one(DetailPane).clear(
                hint(self, "No sentence matches the filter ({clear-filter} clears it).")
            )

    def _show_header(self) -> None:
        assert self.article is not None
        self.query_one(ReviewHeader).show_article(self.article)
        self._show_progress()

    def _show_progress(self) -> None:
        notes = [f"showing {len(self.query_one(SentenceList).rows)}"] if self.filter_terms else []
        notes += [f"{term}: no such filter" for term in unknown_filters(self.filter_terms)]
        if self.by_worth:
            notes.append(hint(self, "{next-work} by worth"))
        if not self.complete:
            notes.append(f"reading {len(self.all_rows):,}…")
        self.query_one(ReviewHeader).show_progress(self.progress, notes)

    @on(SentenceList.Highlighted)
    def _highlighted(self, event: SentenceList.Highlighted) -> None:
        self._show_detail()

    def _show_detail(self, detail: SentenceDetail | None = None) -> None:
        """The current sentence in the detail pane; `detail` when it was just read."""
        current = self.query_one(SentenceList).current
        if current is None or self.article is None:
            return
        if detail is not None and detail.sentence.id != current.id:
            detail = None  # the cursor moved on since it was read
        workbench = self.wb_app.workbench
        try:
            if detail is None:
                detail = workbench.sentence_by_id(current.id, current.number)
        except NotFoundError as error:
            # Merged or split away by another reviewer since the list was read.
            self.query_one(DetailPane).clear(f"{error} — reading the article again")
            self.call_later(self.load)
            return
        except WorkbenchError as error:
            self.query_one(DetailPane).clear(str(error))
            return
        same = current.id == self.shown_id
        if not same or self.context is None:
            self.context = self._paragraph(current)
        context = self.context
        changes = workbench.sentence_changes(current.id) if current.changed else None
        # A conflict needs two ratings of the sentence: one read only then.
        conflicts = workbench.sentence_conflicts(current.id) if len(detail.verdicts) > 1 else []
        self.query_one(DetailPane).show(
            detail, context, keep_scroll=same, changes=changes, conflicts=conflicts
        )
        self.shown_id = current.id
        self.refresh_bindings()
        if same:
            # Read again after an action or another reviewer's change: its "checked before"
            # is on screen (or on its way) already, and searching again on every key and
            # every reading would cost a full-text search and a layout each time.
            return
        # "Checked before" waits until the cursor rests, so moving stays instant.
        if self.prior_timer is not None:
            self.prior_timer.stop()
        self.prior_timer = self.set_timer(PRIOR_DELAY, self._show_prior)

    def _paragraph(self, current: Sentence) -> Text:
        """The current sentence in its paragraph (read once per sentence shown: texts change
        only by a merge or split, which reads the article again)."""
        rows = self.all_rows
        first = last = index = current.number - 1
        while first > 0 and rows[first - 1].paragraph == current.paragraph:
            first -= 1
        while last + 1 < len(rows) and rows[last + 1].paragraph == current.paragraph:
            last += 1
        first = max(first, index - PARAGRAPH_CONTEXT // 2)
        last = min(last, first + PARAGRAPH_CONTEXT - 1)
        paragraph = rows[first : last + 1]
        texts = self.wb_app.workbench.sentence_texts([s.id for s in paragraph])
        return paragraph_text([(s, texts.get(s.id, "")) for s in paragraph], current)

    def _show_prior(self) -> None:
        self.prior_timer = None
        current = self.query_one(SentenceList).current
        if current is None:
            return
        try:
            found = self.wb_app.workbench.checked_before(self.article_id, SentenceId(current.id), 3)
        except WorkbenchError:
            return  # a passing lock or a vanished sentence: the next rest tries again
        self.query_one(DetailPane).show_prior(found)

    def _refresh_current(self, after: Callable[[], None] | None = None) -> None:
        """After an action on the current sentence: re-read just that sentence, once. Its row
        is painted first; the detail pane, the counts and `after` (the action's notice)
        follow in the next frame, so the key shows at once and the screen is laid out again
        at most once, after it."""
        sentence_list = self.query_one(SentenceList)
        current = sentence_list.current
        if current is None:
            return
        try:
            detail = self.wb_app.workbench.sentence_by_id(current.id, current.number)
        except NotFoundError:
            self.load()
            return
        fresh = detail.sentence
        # The unfiltered list is all_rows itself: count the old row before it is replaced.
        self.progress.replace(self.all_rows[current.number - 1], fresh)
        sentence_list.replace_row(sentence_list.cursor, fresh)
        self.all_rows[current.number - 1] = fresh
        self.call_after_refresh(self._after_row, detail, after)

    def _after_row(self, detail: SentenceDetail, after: Callable[[], None] | None) -> None:
        if not self.is_attached:
            return
        self.desk.note_stage(detail)
        self._show_detail(detail)
        self._show_progress()
        if after is not None:
            after()

    # -------------------------------------------------------------- actions
    def _current_id(self) -> SentenceId | None:
        current = self.query_one(SentenceList).current
        return SentenceId(current.id) if current is not None else None

    def _run(
        self,
        action: Callable[[], Any],
        *,
        reload: bool = False,
        refused: Callable[[str], None] | None = None,
        after: Callable[[Any], None] | None = None,
    ) -> Any:
        """Run one workbench call; errors are shown and the app keeps going. With `refused`,
        bad input (a value the facade will not take) goes to it instead of a notice, so a
        dialog can show it beside its fields and stay open. `after` runs once the change
        is on screen (a notice that needs the outcome goes there, after the row)."""
        workbench = self.wb_app.workbench
        try:
            outcome = action()
        except NothingToDoError as error:
            self.notify(str(error), severity="warning")
            return None
        except NotFoundError as error:
            # The sentence went while the list showed it: say so and show the article as it is.
            self.notify(str(error), title="Not saved", severity="error", timeout=8)
            self.load()
            return None
        except (ValidationError, InputError) as error:
            if refused is None:
                self.notify(str(error), title="Not saved", severity="error", timeout=8)
            else:
                refused(str(error))
            return None
        except WorkbenchError as error:
            self.notify(str(error), title="Not saved", severity="error", timeout=8)
            return None
        # The article is read again at once only if another reviewer merged or split its
        # sentences since it was read (the numbers moved); their other changes wait for the
        # poll, or a busy desk would read the whole article again on nearly every key.
        if reload or (workbench.data_version() != self.seen_version and self._renumbered()):
            self.load()
            if after is not None:
                after(outcome)
        else:
            self._refresh_current(partial(after, outcome) if after is not None else None)
        for warning in getattr(outcome, "warnings", ()):
            self.notify(warning, severity="warning", timeout=8)
        return outcome

    def _renumbered(self) -> bool:
        """Whether the article no longer has the sentences the list was read with: a
        different count (checked only once every row is read; till then, assume so)."""
        if self.rows is None or not self.rows.complete:
            return True
        try:
            return self.wb_app.workbench.sentence_count(self.article_id) != len(self.all_rows)
        except WorkbenchError:
            return True

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The registry names what each action needs; dimmed (None) when it does nothing."""
        condition = self.CONDITIONS.get(action)
        if condition is None:
            return True
        if condition == "article":  # the article on screen
            return True
        if condition == "filtering":  # hidden, not dimmed, when there is no filter
            return bool(self.filter_terms) or (
                self.is_mounted and self.query_one("#filter", Input).display
            )
        current = self.query_one(SentenceList).current if self.is_mounted else None
        if current is None:
            return None
        if condition == "tagged":
            return True if current.tags else None
        if condition == "suggested":
            return True if current.suggested else None
        if condition == "has-evidence":
            return True if current.evidence_count else None
        if condition in ("rated", "has-verdict", "stage"):
            return True if current.verdict else None
        if condition == "mergeable":
            rows = self.all_rows
            following = rows[current.number] if current.number < len(rows) else None
            return True if following and following.paragraph == current.paragraph else None
        return True  # "sentence"

    def action_tag(self, tag: str) -> None:
        sentence = self._current_id()
        if sentence is None:
            return
        self._run(
            lambda: self.wb_app.workbench.toggle_tag(self.article_id, sentence, tag),
            after=lambda outcome: self.notify(outcome.message, timeout=2),
        )

    def action_accept(self) -> None:
        sentence = self._current_id()
        if sentence is None:
            return
        outcome = self._run(lambda: self.wb_app.workbench.accept(self.article_id, sentence))
        if outcome is not None:
            self.notify(outcome.message + hint(self, " — {undo} undoes it"), timeout=3)

    def current_id(self) -> SentenceId | None:
        return self._current_id()

    def act(
        self,
        action: Callable[[], Any],
        *,
        reload: bool = False,
        refused: Callable[[str], None] | None = None,
    ) -> Any:
        """Run one workbench call as every key does (for the corrections)."""
        return self._run(action, reload=reload, refused=refused)

    def action_done(self) -> None:
        self.corrections.toggle_done()

    async def action_edit_evidence(self) -> None:
        # Awaited, as `v` is: keys typed right after the key go to the dialog, in order.
        opened = self.corrections.edit_evidence()
        if opened is not None:
            await opened

    async def action_edit_source(self) -> None:
        opened = self.corrections.edit_source()
        if opened is not None:
            await opened

    def action_withdraw(self) -> None:
        self.corrections.withdraw()

    def action_approve(self) -> None:
        self.desk.approve()

    def action_return_verdict(self) -> None:
        self.desk.return_verdict()

    def action_comment(self) -> None:
        self.desk.comment()

    def action_reconcile(self) -> None:
        open_reconcile(self)  # blind review: settle the reviewers' disagreements

    def action_sentence_status(self) -> None:
        self.desk.sentence_status()

    def action_article_status(self) -> None:
        self.desk.article_status()

    def action_assign(self) -> None:
        self.desk.assign()

    def action_work_order(self) -> None:
        self.by_worth = not self.by_worth
        sentence_list = self.query_one(SentenceList)
        if self.by_worth:
            # Start at the top of the order: the most check-worthy sentence still to do.
            top = next_to_do(sentence_list.rows, -1, 1, True)
            if top is not None:
                sentence_list.cursor = top
        current = sentence_list.current
        self.wb_app.workbench.remember_place(
            self.article_id, current.id if current else None, self.by_worth
        )
        self.notify(
            hint(
                self,
                "{next-work} now goes from the most check-worthy sentence still to do down"
                if self.by_worth
                else "{next-work} now goes through the article in order",
            ),
            timeout=3,
        )
        self._show_progress()

    def action_scroll_detail(self, step: int) -> None:
        detail = self.query_one(DetailPane)
        detail.scroll_to(y=detail.scroll_y + step * max(1, detail.size.height // 2), animate=False)

    async def action_verdict(self) -> None:
        current = self.query_one(SentenceList).current
        if current is None:
            return
        sentence = SentenceId(current.id)
        workbench = self.wb_app.workbench
        try:
            detail = workbench.sentence_by_id(current.id, current.number)
        except NotFoundError as error:
            self.notify(str(error), severity="error", timeout=8)
            self.load()
            return
        if not detail.sentence.tags:  # untagged since the list was read
            self.notify(key_names(self).why_not(BY_ID["verdict"]) or "", severity="warning")
            return
        if blind_refuses(self, "rating sentences"):
            return

        def save(result: VerdictInput | None) -> None:
            if result is None:
                return
            outcome = self._run(
                lambda: workbench.set_verdict(
                    self.article_id,
                    sentence,
                    result.rating,
                    rationale=result.rationale,
                    claim=result.claim,
                    claimant=result.claimant,
                )
            )
            if outcome is not None:
                self.notify(outcome.message, timeout=3)

        # Awaited: no key is handed on until the dialog is mounted with its focus set, so
        # keys typed right after `v` go to the dialog, in order.
        await self.app.push_screen(
            VerdictModal(
                workbench.active_scale(),
                current.number,
                detail.sentence.text,
                detail.verdict,
                detail=detail,
            ),
            save,
        )

    def action_evidence(self) -> None:
        current = self.query_one(SentenceList).current
        if current is None or self.rows is None:
            return
        sentence = SentenceId(current.id)
        workbench = self.wb_app.workbench

        def save(result: EvidenceInput | None) -> None:
            if result is None:
                return
            # A new source is stored by the same action as the evidence: one undo, both gone.
            outcome = self._run(
                lambda: workbench.link(
                    self.article_id,
                    sentence,
                    result.source_id,
                    new_source=result.new_source,
                    stance=result.stance,
                    excerpt=result.excerpt or None,
                    note=result.note or None,
                    fetched=result.fetched,
                )
            )
            if outcome is not None:
                self.notify(outcome.message, timeout=3)

        modal = EvidenceModal(current.number, self.rows.text_of(current), workbench.sources())
        self.app.push_screen(modal, save)
        self._find_passages(modal, sentence)

    @work(thread=True, exclusive=True, group="find-passages")
    def _find_passages(self, modal: EvidenceModal, sentence: SentenceId) -> None:
        """The stored passages most like the sentence, found off the UI thread (with a
        connection of its own) and offered in the dialog when ready."""
        workbench = self.wb_app.workbench
        try:
            with Workbench(workbench.db_path, workbench.reviewer) as own:
                hits = own.find_evidence(self.article_id, sentence)
        except WorkbenchError:
            return  # a passing lock or a vanished sentence: the reviewer can search by hand
        self.app.call_from_thread(modal.offer_passages, hits)

    def action_next_work(self, step: int) -> None:
        sentence_list = self.query_one(SentenceList)
        index = next_to_do(sentence_list.rows, sentence_list.cursor, step, self.by_worth)
        if index is None:
            self.notify(
                "Every sentence is tagged and rated or marked nothing to check — "
                "nothing left to do here"
            )
        else:
            sentence_list.cursor = index

    def action_merge(self) -> None:
        sentence = self._current_id()
        if sentence is None:
            return
        outcome = self._run(
            lambda: self.wb_app.workbench.merge(self.article_id, sentence), reload=True
        )
        if outcome is not None:
            self.notify(outcome.message + hint(self, " — {undo} undoes it"), timeout=4)

    def action_split(self) -> None:
        current = self.query_one(SentenceList).current
        if current is None or self.rows is None:
            return
        sentence = SentenceId(current.id)
        if blind_refuses(self, "splitting sentences", everyone=True):
            return

        def save(offset: int | None) -> None:
            if offset is None:
                return
            outcome = self._run(
                lambda: self.wb_app.workbench.split(self.article_id, sentence, offset),
                reload=True,
            )
            if outcome is not None:
                self.notify(outcome.message + hint(self, " — {undo} undoes it"), timeout=4)

        self.app.push_screen(SplitModal(current.number, self.rows.text_of(current)), save)

    def action_undo(self) -> None:
        self._history("undo")

    def action_redo(self) -> None:
        self._history("redo")

    def _history(self, kind: str) -> None:
        """Undo or redo this reviewer's last action in this article (or in no article, such
        as a source edit); the message says what and where."""
        workbench = self.wb_app.workbench
        replay = workbench.undo if kind == "undo" else workbench.redo
        outcome = self._run(lambda: replay(self.article_id), reload=True)
        if outcome is None:
            return
        message = outcome.message
        self.notify(message[:1].upper() + message[1:], title=kind.capitalize(), timeout=5)
        # Put the cursor on the sentence the undone action touched, so the change is visible.
        target = outcome.action.sentence_id
        if outcome.action.article_id == self.article_id and target is not None:
            sentence_list = self.query_one(SentenceList)
            for index, row in enumerate(sentence_list.rows):
                if row.id == target:
                    sentence_list.cursor = index
                    break

    def action_filter(self) -> None:
        field = self.query_one("#filter", Input)
        field.display = True
        self.set_focus(field)

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.filter_terms = event.value.casefold().split()
        self._apply_filter(self.query_one(SentenceList).current)
        self._show_progress()
        self.refresh_bindings()

    @on(Input.Submitted, "#filter")
    def _filter_submitted(self, event: Input.Submitted) -> None:
        if not event.value.strip():
            event.input.display = False
        unknown = unknown_filters(self.filter_terms)
        if unknown:
            self.notify(_no_such_filter(unknown), title="Unknown filter", severity="warning")
        self.set_focus(self.query_one(SentenceList))

    def action_clear_filter(self) -> None:
        field = self.query_one("#filter", Input)
        field.value = ""
        field.display = False
        self.filter_terms = []
        self._apply_filter(self.query_one(SentenceList).current)
        self._show_progress()
        self.set_focus(self.query_one(SentenceList))

    def action_export(self, fmt: str | None = None) -> None:
        self.run_worker(run_export(self.wb_app, self.article_id, fmt), exclusive=True)

    def action_library(self) -> None:
        self.app.action_library()  # type: ignore[attr-defined]

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen("review", self.wb_app.binding_rows(self)))


def _no_such_filter(unknown: list[str]) -> str:
    names = ", ".join(unknown)
    return f"{names}: no such filter, so nothing matches. The filters are {FILTERS}, and words."

"""The evidence modal: find a stored source by fuzzy search or describe a new one, then the
excerpt that matters, its stance and a note."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Label, OptionList, RadioButton, RadioSet, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from ...core.errors import ValidationError, WorkbenchError
from ...core.fetch import is_url
from ...core.models import STANCES, NewSource, PassageHit, Source
from ...core.source_read import SourceRead, read_source
from ...core.sources import haystack, rank
from ...core.textsafe import terminal_safe
from ...core.validate import check_date, check_url
from ..keys import bindings, hint
from ..widgets.fields import SHORT_SCREEN, Fields, FormDialog, SafeInput, SafeTextArea

if TYPE_CHECKING:
    from ...core.fetch import Fetched
    from ..app import WorkbenchApp


@dataclass(frozen=True, slots=True)
class EvidenceInput:
    """A stored source (`source_id`) or one described now (`new_source`), never both."""

    source_id: int | None
    new_source: NewSource | None = None
    excerpt: str = ""
    stance: str = "supports"
    note: str = ""
    fetched: Fetched | None = None  # the fetch the new source was read from, to archive


def source_line(source: Source) -> Text:
    line = Text(
        terminal_safe(source.title or source.url or f"source {source.id}", one_line=True),
        style="bold",
    )
    meta = " · ".join(
        terminal_safe(p, one_line=True)
        for p in (source.publisher, source.published, source.url)
        if p
    )
    if meta:
        line.append(f"  {meta}", style="dim")
    return line


def rank_sources(query: str, haystacks: dict[int, str], limit: int = 20) -> list[int]:
    """Ids of the sources best matching the query, ranked as `workbench source search` ranks
    them."""
    return [key for key, _ in rank(query, haystacks, limit)]


FIELD_HELP = {
    "source-query": "Searching stored sources: type words of the title, publisher, URL or text",
    "source-results": "Stored sources: ↑/↓ and Enter picks one",
    "new-url": "New source: its URL, or a .html/.pdf/.txt/.md file; Enter fetches or reads "
    "it into the fields below (nothing is stored until you save)",
    "new-published": "New source: publication date, YYYY-MM-DD",
    "new-title": "New source: its title",
    "new-publisher": "New source: who published it",
    "new-snapshot": "New source: paste the relevant text, kept if the link dies",
    "evidence-excerpt": "Excerpt: the words of the source that matter for this sentence",
    "evidence-stance": "Stance: ↑/↓ and Enter — supports, refutes or context",
    "evidence-note": "Note: your remark on this evidence (optional)",
}


class EvidenceModal(FormDialog[EvidenceInput | None]):
    AUTO_FOCUS = "#source-query"
    SCOPE = "evidence"
    BINDINGS = bindings(SCOPE)

    def __init__(
        self,
        number: int,
        sentence: str,
        sources: list[Source],
        suggested: list[PassageHit] | None = None,
    ) -> None:
        super().__init__()
        self.number = number
        self.sentence = sentence
        self.sources = {source.id: source for source in sources}
        # Passages of stored snapshots most like the sentence, offered before any search.
        self.suggested = suggested or []
        self.haystacks = {source.id: haystack(source) for source in sources}
        self.chosen: int | None = None
        self.fetched: Fetched | None = None  # the last fetch that filled the new source

    def compose(self) -> ComposeResult:
        with Vertical(id="evidence-dialog", classes="dialog"):
            yield Label(f"Evidence for sentence {self.number}", classes="dialog-title")
            yield Static(Text(terminal_safe(self.sentence)), classes="dialog-quote")
            with Fields(classes="dialog-fields"):
                yield Label("Find a stored source (type to search, ↓ and Enter to pick)")
                yield SafeInput(id="source-query", placeholder="title, publisher, URL or text")
                yield OptionList(id="source-results")
                yield Static(id="source-chosen")
                yield Label("…or a new source (a URL or a file path, Enter fetches or reads it)")
                with Horizontal(classes="field-row"):
                    yield SafeInput(id="new-url", placeholder="https://… or a file path")
                    yield SafeInput(id="new-published", placeholder="published YYYY-MM-DD")
                yield Static(id="fetch-status")
                with Horizontal(classes="field-row"):
                    yield SafeInput(id="new-title", placeholder="title")
                    yield SafeInput(id="new-publisher", placeholder="publisher")
                yield Label("Snapshot of the source's text (paste; kept if the link dies)")
                yield SafeTextArea(id="new-snapshot", soft_wrap=True)
                yield Label("Excerpt that matters")
                yield SafeTextArea(id="evidence-excerpt", soft_wrap=True)
                yield Label("Stance")
                with RadioSet(id="evidence-stance"):
                    for index, stance in enumerate(STANCES):
                        yield RadioButton(stance, value=index == 0, id=f"stance-{stance}")
                yield SafeInput(id="evidence-note", placeholder="note (optional)")
            yield Static(id="evidence-hint", classes="dialog-hint")

    def on_mount(self) -> None:
        self._show_results(rank_sources("", self.haystacks))
        self._show_chosen()

    def on_resize(self, event: events.Resize) -> None:
        # On a short terminal (80×24) the quote and labels shrink so every field has room.
        self.set_class(event.size.height < SHORT_SCREEN, "-short")

    def offer_passages(self, hits: list[PassageHit]) -> None:
        """Passages found after the dialog opened: listed first while no search is typed."""
        self.suggested = hits  # before the dialog is mounted, on_mount lists them
        if self.is_mounted and not self.query_one("#source-query", Input).value.strip():
            self._show_results(rank_sources("", self.haystacks))

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        help_text = FIELD_HELP.get(event.widget.id or "", "")
        keys = hint(self, "tab next field · {modal-save} save · {modal-cancel} cancel")
        self.query_one("#evidence-hint", Static).update(f"{help_text}\n{keys}")

    def _show_results(self, ids: list[int]) -> None:
        results = self.query_one("#source-results", OptionList)
        results.clear_options()
        if not self.query_one("#source-query", Input).value.strip():
            for index, hit in enumerate(self.suggested):
                # The match in words ("strong match: shares 43,600, ministry"), not a number.
                strength = hit.match.strength
                style = {"strong": "bold green", "partial": "yellow"}.get(strength, "dim")
                line = Text(f"{strength} match ", style=style)
                line.append_text(source_line(hit.source))
                if hit.match.shared:
                    line.append("\n   shares " + ", ".join(hit.match.shared[:5]), style=style)
                line.append(
                    "\n   “" + terminal_safe(hit.text, one_line=True)[:160] + "”",
                    style="italic dim",
                )
                results.add_option(Option(line, id=f"passage-{index}"))
        results.add_options([Option(source_line(self.sources[i]), id=str(i)) for i in ids])
        if ids or self.suggested:
            results.highlighted = 0
        else:
            results.add_option(Option(Text("no stored source matches", style="dim"), disabled=True))

    @on(Input.Changed, "#source-query")
    def _query_changed(self, event: Input.Changed) -> None:
        self._search(event.value)

    @work(thread=True, exclusive=True, group="source-search")
    def _search(self, query: str) -> None:
        ids = rank_sources(query, self.haystacks)
        self.app.call_from_thread(self._show_results, ids)

    @on(Input.Submitted, "#source-query")
    def _query_submitted(self) -> None:
        self.set_focus(self.query_one("#source-results", OptionList))

    @on(Input.Submitted, "#new-url")
    def _fetch_submitted(self, event: Input.Submitted) -> None:
        address = self.query_one("#new-url", SafeInput).stored.strip()
        if not address:
            self._show_fetch("Type a URL or the path of a file first", "error")
            return
        what = "Fetching" if is_url(address) else "Reading"
        self._show_fetch(f"{what} {address}…", "dim")
        self._fetch(address)

    @work(thread=True, exclusive=True, group="source-fetch")
    def _fetch(self, address: str) -> None:
        """Fetch or read off the UI thread, so a slow server never freezes the screen; no
        store is touched, so nothing is kept until the evidence is saved. A URL is fetched
        only here, when the reviewer typed it, and never when the config says offline."""
        app: WorkbenchApp = self.app  # type: ignore[assignment]
        fetcher = app.workbench.fetcher(offline=app.config.offline)
        worker = get_current_worker()
        try:
            found = read_source(address, fetcher)
        except WorkbenchError as error:
            if not worker.is_cancelled:
                self.app.call_from_thread(self._fetch_failed, _reason(str(error), address))
            return
        # A later Enter replaced this fetch: its page must not overwrite the newer one.
        if not worker.is_cancelled:
            self.app.call_from_thread(self._fill_from, found)

    def _fetch_failed(self, message: str) -> None:
        if self.is_mounted:
            self._show_fetch(f"Not read: {message}", "error")

    def _fill_from(self, found: SourceRead) -> None:
        """The fetched page fills the new source: its URL and text always, its title,
        publisher and date where the reviewer has not typed them."""
        if not self.is_mounted:
            return
        new = found.source
        self.fetched = found.fetched
        _prefill(self.query_one("#new-url", SafeInput), new.url or "")
        for selector, value in (
            ("#new-title", new.title),
            ("#new-publisher", new.publisher),
            ("#new-published", new.published),
        ):
            field = self.query_one(selector, SafeInput)
            if value and not field.stored.strip():
                _prefill(field, value)
        self.query_one("#new-snapshot", SafeTextArea).prefill(new.snapshot or "")
        if self.chosen is not None:
            self.chosen = None  # the reviewer asked for this source: it replaces the pick
            self._show_chosen()
        words = len((new.snapshot or "").split())
        title = f" — {new.title}" if new.title else ""
        notes = f" ({'; '.join(found.notes)})" if found.notes else ""
        self._show_fetch(f"Read {words:,} words{title}{notes} from {found.origin}", "ok")
        self.set_focus(self.query_one("#evidence-excerpt", SafeTextArea))

    def _show_fetch(self, message: str, kind: str) -> None:
        style = {"error": "bold red", "ok": "green"}.get(kind, "dim")
        self.query_one("#fetch-status", Static).update(
            Text(terminal_safe(message, one_line=True), style=style, no_wrap=True, end="")
        )

    @on(OptionList.OptionSelected, "#source-results")
    def _source_picked(self, event: OptionList.OptionSelected) -> None:
        option_id = event.option.id
        if option_id is not None and option_id.startswith("passage-"):
            hit = self.suggested[int(option_id.removeprefix("passage-"))]
            self.chosen = hit.source.id
            self.sources.setdefault(hit.source.id, hit.source)
            # A passage of an outside page: shown safe, stored as it is unless edited.
            self.query_one("#evidence-excerpt", SafeTextArea).prefill(hit.text)
            self._show_chosen()
            self.set_focus(self.query_one("#evidence-excerpt", SafeTextArea))
        elif option_id is not None:
            self.chosen = int(option_id)
            self._show_chosen()
            self.set_focus(self.query_one("#evidence-excerpt", SafeTextArea))

    def _show_chosen(self) -> None:
        chosen = self.query_one("#source-chosen", Static)
        if self.chosen is None:
            chosen.update(Text("no source picked", style="dim"))
        else:
            line = Text("picked: ", style="bold green")
            line.append_text(source_line(self.sources[self.chosen]))
            chosen.update(line)

    def _field(self, selector: str) -> str:
        return self.query_one(selector, SafeInput).stored.strip()

    def save(self) -> None:
        new = NewSource(
            url=self._field("#new-url") or None,
            title=self._field("#new-title") or None,
            publisher=self._field("#new-publisher") or None,
            published=self._field("#new-published") or None,
            snapshot=self.query_one("#new-snapshot", SafeTextArea).stored or None,
        )
        if self.chosen is None and not (new.url or new.title):
            self.notify(
                "Pick a stored source, or give a new one a URL or title", severity="warning"
            )
            self.set_focus(self.query_one("#source-query", Input))
            return
        if self.chosen is not None and new != NewSource():
            self.notify(
                "A stored source is picked: the new-source fields are not used",
                severity="warning",
                timeout=6,
            )
        if self.chosen is None:
            problem = _check_new_source(new)
            if problem is not None:
                field, message = problem
                self.notify(message, title="Not saved yet", severity="error", timeout=8)
                self.set_focus(self.query_one(field))
                return
        pressed = self.query_one("#evidence-stance", RadioSet).pressed_button
        stance = str(pressed.label) if pressed is not None else STANCES[0]
        fetched = self.fetched
        if self.chosen is not None or fetched is None or new.url != fetched.final_url:
            fetched = None  # the fetched page is not the source saved
        self.dismiss(
            EvidenceInput(
                source_id=self.chosen,
                new_source=None if self.chosen is not None else new,
                excerpt=self.query_one("#evidence-excerpt", SafeTextArea).stored.strip(),
                stance=stance,
                note=self._field("#evidence-note"),
                fetched=fetched,
            )
        )

    def action_cancel(self) -> None:
        self.dismiss(None)


def _check_new_source(new: NewSource) -> tuple[str, str] | None:
    """The first field of a new source the store would refuse, and why: found before the
    dialog closes, so nothing typed is lost."""
    checks = (
        ("#new-url", new.url, check_url),
        ("#new-published", new.published, lambda v: check_date(v, "publication date")),
    )
    for selector, value, check in checks:
        if selector == "#new-url" and value and not is_url(value):
            return selector, (
                f"{value!r} is not a web address (http or https): press Enter in the field "
                "to fetch a page or read a file"
            )
        if value:
            try:
                check(value)
            except ValidationError as error:
                return selector, str(error)
    return None


def _prefill(field: SafeInput, text: str) -> None:
    """Fill a one-line field with read text: shown safe, given back as read unless edited."""
    field.original = text
    field.value = text
    field.shown = field.value
    field.cursor_position = len(field.value)


def _reason(message: str, address: str) -> str:
    """A failure without the address it starts with (the field above shows it), so the reason
    fits the one line under the field."""
    for name in (address, str(Path(address).expanduser())):
        if message.startswith(f"{name}: "):
            return message[len(name) + 2 :]
    return message

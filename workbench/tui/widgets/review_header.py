"""The review screen's header: the article's headline and metadata, and how far its review has
come (a bar and the counts). On a narrow terminal the headline gives way first, then the counts
shorten their words: the byline, the date and every count stay in view at 80 columns."""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import ProgressBar, Static

from ...core.models import Article
from ...core.textsafe import terminal_safe
from ..review_state import Progress
from .detail import update_in_place

NARROW = 110  # below this width the bar shrinks and the counts use short words
TIGHT = 96  # below this width the bar gives its room to the counts
HEADLINE_AT_LEAST = 24  # characters of the headline kept before the metadata is cut


def _one_line(text: str) -> str:
    return terminal_safe(text, one_line=True)


def title_line(article: Article, width: int) -> Text:
    """The headline, then date · byline · URL, fitted to `width` cells: the URL goes first,
    then the headline is cut (to no less than HEADLINE_AT_LEAST), then the metadata."""
    headline = _one_line(article.title or article.filename or "untitled")
    essential = " · ".join(_one_line(p) for p in (article.date, article.byline) if p)
    url = _one_line(article.url or "")
    gap = "   "
    meta = essential
    if url and len(headline) + len(gap) + len(essential) + 3 + len(url) <= width:
        meta = f"{essential} · {url}" if essential else url
    room = width - (len(gap) + len(meta) if meta else 0)
    line = Text(no_wrap=True, overflow="ellipsis")
    title = Text(headline, style="bold")
    if len(headline) > room:
        title.truncate(max(HEADLINE_AT_LEAST, room), overflow="ellipsis")
    line.append_text(title)
    if meta:
        line.append(gap + meta, style="dim")
    line.truncate(width, overflow="ellipsis")
    return line


def counts_text(p: Progress, notes: list[str], narrow: bool) -> str:
    """Per cent done (as the library counts it), then the counts; short words when narrow."""
    words = (
        ("sentences", "tagged", "evidence", "verdict", "no check", "to do")
        if narrow
        else ("sentences", "tagged", "with evidence", "with verdict", "nothing to check", "to do")
    )
    numbers = (p.total, p.tagged, p.evidence, p.verdict, p.marked, p.to_do)
    counts = " · ".join(
        f"{n} {w}"
        for n, w in zip(numbers, words, strict=True)
        if n or w != words[4]  # the marked count only once there is one
    )
    done = f"{p.percent}%" if narrow else f"{p.percent}% done"
    return f"{done} · {counts}" + "".join(f" · {n}" for n in notes)


class ReviewHeader(Vertical):
    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id)
        self.article: Article | None = None
        self.progress: tuple[Progress, list[str]] | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="article-title")
        with Horizontal(id="progress-row"):
            # The per cent is in the text, counted as the library counts it (the bar's own
            # rounds up 99.5% to 100%).
            yield ProgressBar(id="review-progress", show_eta=False, show_percentage=False)
            yield Static(id="progress-text")

    @property
    def narrow(self) -> bool:
        return self.app.size.width < NARROW

    def on_resize(self, event: events.Resize) -> None:
        self.set_class(self.narrow, "-narrow")
        self.set_class(self.app.size.width < TIGHT, "-tight")
        if self.article is not None:
            self.show_article(self.article)
        if self.progress is not None:
            self.show_progress(*self.progress)

    def show_article(self, article: Article) -> None:
        self.article = article
        width = max(20, (self.content_size.width or self.app.size.width - 2))
        self.query_one("#article-title", Static).update(title_line(article, width))

    def show_progress(self, p: Progress, notes: list[str]) -> None:
        """The counts, then notes on what the list shows (a filter, the order, reading)."""
        self.progress = (p, notes)
        self.query_one("#review-progress", ProgressBar).update(
            total=max(p.total, 1), progress=p.total - p.to_do
        )
        update_in_place(
            self.query_one("#progress-text", Static), Text(counts_text(p, notes, self.narrow))
        )

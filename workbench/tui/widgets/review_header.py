"""The review screen's header: the article's headline and metadata, and how far its review has
come (a bar and the counts)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import ProgressBar, Static

from ...core.models import Article
from ...core.textsafe import terminal_safe
from ..review_state import Progress


class ReviewHeader(Vertical):
    def compose(self) -> ComposeResult:
        yield Static(id="article-title")
        with Horizontal(id="progress-row"):
            # The per cent is in the text, counted as the library counts it (the bar's own
            # rounds up 99.5% to 100%).
            yield ProgressBar(id="review-progress", show_eta=False, show_percentage=False)
            yield Static(id="progress-text")

    def show_article(self, article: Article) -> None:
        title = Text(
            terminal_safe(article.title or article.filename or "untitled", one_line=True),
            style="bold",
        )
        meta = " · ".join(
            terminal_safe(p, one_line=True)
            for p in (article.date, article.byline, article.url)
            if p
        )
        if meta:
            title.append(f"   {meta}", style="dim")
        self.query_one("#article-title", Static).update(title)

    def show_progress(self, p: Progress, notes: list[str]) -> None:
        """The counts, then notes on what the list shows (a filter, the order, reading)."""
        self.query_one("#review-progress", ProgressBar).update(
            total=max(p.total, 1), progress=p.total - p.to_do
        )
        self.query_one("#progress-text", Static).update(
            f"{p.percent}% done · {p.total} sentences · {p.tagged} tagged · "
            f"{p.evidence} with evidence · {p.verdict} with verdict · "
            + (f"{p.marked} nothing to check · " if p.marked else "")
            + f"{p.to_do} to do"
            + "".join(f" · {n}" for n in notes)
        )

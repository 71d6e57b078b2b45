"""Command palette entries: the same action methods the keys run, titled `verb: object`."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from typing import TYPE_CHECKING

from textual.app import SystemCommand
from textual.screen import Screen

from ..core.export import FORMATS
from .screens.library import LibraryScreen
from .screens.review import ReviewScreen

if TYPE_CHECKING:
    from .app import WorkbenchApp

REVIEW_COMMANDS: tuple[tuple[str, str, str], ...] = (
    ("tag: claim", "Toggle the claim tag on the current sentence", "tag('claim')"),
    ("tag: quote", "Toggle the quote tag on the current sentence", "tag('quote')"),
    ("tag: figure", "Toggle the figure tag on the current sentence", "tag('figure')"),
    ("evidence: link a source", "Link evidence to the current sentence", "evidence"),
    ("verdict: rate the sentence", "Give the current sentence a verdict", "verdict"),
    (
        "go: next sentence to do",
        "Next untagged sentence, or tagged without verdict",
        "next_work(1)",
    ),
    ("go: previous sentence to do", "Previous sentence that needs work", "next_work(-1)"),
    ("merge: with the next sentence", "Join the current sentence and the next", "merge"),
    ("split: the current sentence", "Choose a point and split the sentence in two", "split"),
    ("undo: last action", "Undo your last action", "undo"),
    ("redo: last undone action", "Redo what you last undid", "redo"),
    ("filter: sentences", "Filter by words or state (is:claim, no:verdict…)", "filter"),
    ("help: keys", "List every key of this screen", "help"),
)


def commands_for(app: WorkbenchApp, screen: Screen[object]) -> Iterator[SystemCommand]:
    if isinstance(screen, ReviewScreen):
        for title, help_text, action in REVIEW_COMMANDS:
            yield SystemCommand(title, help_text, partial(screen.run_action, action))
        for fmt in FORMATS:
            yield SystemCommand(
                f"export: {fmt}", f"Export this review as {fmt}", partial(screen.action_export, fmt)
            )
        yield SystemCommand("library: show", "Back to the article library", app.action_library)
    if isinstance(screen, LibraryScreen):
        yield SystemCommand(
            "import: a file", "Import a .txt, .md or .html article", screen.action_import
        )
    for article in app.workbench.articles():
        title = article.title or article.filename or f"article {article.id}"
        yield SystemCommand(
            f"open: {title}",
            f"Article {article.id}, {article.sentences} sentences",
            partial(app.open_article, article.id),
            discover=False,
        )

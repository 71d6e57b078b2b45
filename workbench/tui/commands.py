"""Command palette entries: the registry's actions that apply now on the current screen, titled
`verb: object`, running the same action methods the keys run."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from typing import TYPE_CHECKING, Any

from textual.app import SystemCommand
from textual.screen import Screen

from ..actions import in_scope
from .keys import applies, key_names, scope_nodes

if TYPE_CHECKING:
    from .app import WorkbenchApp


def commands_for(app: WorkbenchApp, screen: Screen[Any]) -> Iterator[SystemCommand]:
    names = key_names(app)
    seen: set[str] = set()
    for scope, node in scope_nodes(app, screen):
        for action in in_scope(scope):
            if action.title is None or action.id in seen:
                continue
            seen.add(action.id)
            # The footer's check: an action that would do nothing now is not offered.
            if not applies(node, action.run):
                continue
            yield SystemCommand(
                action.title,
                f"{action.help} · {names.every(action.id, ', ')}",
                partial(node.run_action, action.run),
            )
            for variant in action.variants:
                if applies(node, variant.run):
                    yield SystemCommand(
                        variant.title, variant.help, partial(node.run_action, variant.run)
                    )
    for article in app.workbench.articles():
        title = article.title or article.filename or f"article {article.id}"
        yield SystemCommand(
            f"open: {title}",
            f"Article {article.id}, {article.sentences} sentences",
            partial(app.open_article, article.id),
            discover=False,
        )

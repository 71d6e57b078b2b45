"""Articles that change, on the command line: an article's revisions, and fetching every
tracked URL again to learn which articles changed (for a newsroom's schedule)."""

from __future__ import annotations

import click

from ..core.errors import InputError, ValidationError
from ..core.textsafe import terminal_safe
from .base import (
    Context,
    article_argument,
    emit_json,
    json_option,
    offline_option,
    opened,
    pass_context,
    say,
)
from .commands import main

# `workbench recheck` exit status: a schedule tells the outcomes apart without reading.
RECHECK_UNCHANGED = 0
RECHECK_FAILED = 1  # some URL could not be fetched (or read); none of the rest changed
RECHECK_CHANGED = 3  # some article changed; every URL was fetched
RECHECK_CHANGED_AND_FAILED = 4


@main.command("revisions")
@article_argument
@json_option
@pass_context
def revisions_command(context: Context, article: str, as_json: bool) -> None:
    """List an article's revisions: when each came in, by whom, and what changed, with the
    review the changed sentences had. An article never revised has one text and no list."""
    with opened(context) as workbench:
        found = workbench.article(article, with_text=False)
        revisions = workbench.revisions(found.id)
        if as_json:
            emit_json({"article": found.id, "revisions": revisions})
            return
        if not revisions:
            say(f"article {found.id} has one text: it has not changed since it was imported")
            return
        for revision in revisions:
            say(
                f"revision {revision['number']}  {revision['made_at']}  {revision['made_by']}  "
                f"{revision['summary']}"
            )
            for change in revision["changes"]:
                if change["review"]:
                    say("  " + _change_line(change))


def _change_line(change: dict[str, object]) -> str:
    """One changed sentence that had been reviewed, in words."""
    kind, old, review = change["kind"], change["old"], change["review"]
    where = f"sentence {change['new_number']}" if change["new_number"] else "a sentence"
    if kind == "removed":
        return f"removed ({review}): {old}"
    return f"{kind} {where} ({review}), was: {old}"


@main.command("recheck")
@click.argument("articles", nargs=-1)
@offline_option
@json_option
@pass_context
def recheck_command(
    context: Context, articles: tuple[str, ...], offline: bool, as_json: bool
) -> None:
    """Fetch every tracked URL again (or those of the ARTICLES named) and say which articles
    changed; a changed article gets a new revision that keeps its review where the text did
    not change. Exit status: 0 nothing changed, 3 some article changed, 1 some URL could
    not be fetched and nothing else changed, 4 some changed and some could not be fetched."""
    changed = failed = 0
    results = []
    with opened(context) as workbench:
        tracked = workbench.tracked(articles)
        fetcher = workbench.fetcher(offline=offline or context.config.offline)
        for article in tracked:
            entry: dict[str, object] = {"article": article.id, "url": article.url}
            try:
                result = workbench.recheck(article.id, fetcher=fetcher)
            except (InputError, ValidationError) as error:
                failed += 1
                entry.update(state="failed", error=str(error))
                if not as_json:
                    click.echo(
                        terminal_safe(f"error: article {article.id}: {error}", one_line=True),
                        err=True,
                    )
            else:
                state = "changed" if result.revised else "unchanged"
                changed += state == "changed"
                entry.update(state=state, revision=result.revised)
                if not as_json:
                    detail = f": {result.revised}" if result.revised else ""
                    say(f"{state} article {article.id} {article.url}{detail}")
            results.append(entry)
    if as_json:
        emit_json(results)
    elif not tracked:
        say("no article in the library came from a URL")
    if changed and failed:
        click.get_current_context().exit(RECHECK_CHANGED_AND_FAILED)
    if changed:
        click.get_current_context().exit(RECHECK_CHANGED)
    if failed:
        click.get_current_context().exit(RECHECK_FAILED)

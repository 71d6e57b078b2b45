"""Finishing and correcting work on the command line: marking sentences as having nothing
to check, editing or removing evidence, withdrawing a verdict, editing a source, removing an
article from the library. Each command is one facade call and one undoable action."""

from __future__ import annotations

import sys

import click

from ..core.errors import ValidationError
from .base import (
    STANCE,
    Context,
    WorkbenchGroup,
    article_argument,
    number_argument,
    opened,
    pass_context,
    report,
)
from .commands import main, read_snapshot, source_group, unlink_command


@main.command("done")
@article_argument
@click.argument("numbers", nargs=-1, required=True, type=click.IntRange(min=1))
@click.option(
    "--undo", "reopen", is_flag=True, help="Take the mark away: the sentences are to do again."
)
@pass_context
def done_command(context: Context, article: str, numbers: tuple[int, ...], reopen: bool) -> None:
    """Mark sentences "reviewed, nothing to check": `n` passes them by and they count as
    done. One action for all the sentences named, undone as one; a tagged sentence has
    something to check and is refused (tagging a marked sentence takes the mark away)."""
    with opened(context) as workbench:
        report(workbench.mark_done(article, numbers, on=not reopen))


@main.group("evidence", cls=WorkbenchGroup)
def evidence_group() -> None:
    """Correct evidence: change its stance, excerpt or note, or remove it."""


@evidence_group.command("edit")
@click.argument("evidence_id", type=int)
@click.option("--stance", type=STANCE, help="supports, refutes or context.")
@click.option("--excerpt", help="The part of the source that matters ('' clears it).")
@click.option("--note", help="Your note on this evidence ('' clears it).")
@pass_context
def evidence_edit(
    context: Context,
    evidence_id: int,
    stance: str | None,
    excerpt: str | None,
    note: str | None,
) -> None:
    """Change a piece of evidence (its number is in `workbench sentence`); fields not given
    stay as they are. Its checks are made again."""
    with opened(context) as workbench:
        report(workbench.edit_evidence(evidence_id, stance=stance, excerpt=excerpt, note=note))


# `evidence remove` is `workbench unlink` under the name the edit commands use.
evidence_group.add_command(unlink_command, "remove")


@main.command("withdraw")
@article_argument
@number_argument
@pass_context
def withdraw_command(context: Context, article: str, number: int) -> None:
    """Withdraw a sentence's verdict (and its earlier ratings): the sentence is to do
    again. `workbench history` keeps the ratings; `workbench undo` brings them back. To
    re-rate instead, give `workbench verdict` the new rating."""
    with opened(context) as workbench:
        report(workbench.withdraw_verdict(article, number))


@source_group.command("edit")
@click.argument("source_id", type=int)
@click.option("--url", help="Where the source lives ('' clears it).")
@click.option("--title", help="Its title ('' clears it).")
@click.option("--publisher", help="Who published it ('' clears it).")
@click.option("--published", help="Publication date, YYYY-MM-DD ('' clears it).")
@click.option("--accessed", help="When you read it, YYYY-MM-DD ('' clears it).")
@click.option(
    "--snapshot",
    metavar="FILE|-",
    help="A new copy of the relevant text, from a file or '-' for standard input.",
)
@pass_context
def source_edit(
    context: Context,
    source_id: int,
    url: str | None,
    title: str | None,
    publisher: str | None,
    published: str | None,
    accessed: str | None,
    snapshot: str | None,
) -> None:
    """Change a source's fields or snapshot: one action. Fields not given stay as they are;
    evidence citing the source is checked again against a new snapshot."""
    from ..core.models import SourceChange  # the core loads when a command runs

    change = SourceChange(
        url=url,
        title=title,
        publisher=publisher,
        published=published,
        accessed_at=accessed,
        snapshot=read_snapshot(snapshot),
    )
    with opened(context) as workbench:
        report(workbench.edit_source(source_id, change))


@main.group("article", cls=WorkbenchGroup)
def article_group() -> None:
    """Manage articles in the library."""


@article_group.command("remove")
@article_argument
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@pass_context
def article_remove(context: Context, article: str, yes: bool) -> None:
    """Take an article out of the library. Its text and review stay in the database file:
    `workbench undo` brings it back, and so does importing the same text again."""

    with opened(context) as workbench:
        found = workbench.article(article, with_text=False)
        if not yes:
            if not sys.stdin.isatty():
                raise ValidationError(f"removing article {found.id} needs confirmation: add --yes")
            click.confirm(
                f"Remove article {found.id} ({found.title or found.filename or 'untitled'}) "
                "from the library?",
                abort=True,
            )
        report(workbench.remove_article(found.id))

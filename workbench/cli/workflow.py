"""The desk's workflow on the command line: reviewers and roles, an editor's approval of each
verdict, comments on sentences, and each article's status and assignee. Each command that
changes something is one facade call and one undoable action."""

from __future__ import annotations

import click

from ..core.textsafe import terminal_safe
from .base import (
    Context,
    WorkbenchGroup,
    article_argument,
    emit_json,
    json_option,
    number_argument,
    opened,
    pass_context,
    report,
    say,
)
from .commands import main


@main.group("reviewer", cls=WorkbenchGroup)
def reviewer_group() -> None:
    """Name the desk's reviewers and editors."""


@reviewer_group.command("add")
@click.argument("name")
@click.option(
    "--role",
    type=click.Choice(["reviewer", "editor"], case_sensitive=False),
    default="reviewer",
    show_default=True,
    help="An editor approves or returns other reviewers' verdicts.",
)
@click.option(
    "--token",
    is_flag=True,
    help="Also make the reviewer's sign-in token for `workbench serve` (printed once).",
)
@pass_context
def reviewer_add(context: Context, name: str, role: str, token: bool) -> None:
    """Add a reviewer, or change a listed reviewer's role. Anyone may name the desk's first
    editor; from then on only an editor adds reviewers or changes roles. With --token, the
    reviewer's sign-in token is made too (a second action, as `reviewer token NAME`)."""
    with opened(context) as workbench:
        added = workbench.add_reviewer(name, role)
        if not token:
            report(added)
            return
        # The token alone on standard output, for a script to take; the rest on stderr.
        click.echo(terminal_safe(added.message), err=True)
        outcome, made = workbench.make_token(name)
    show_token(outcome.message, made)


def show_token(message: str, token: str) -> None:
    """A token made: what was done on standard error, the token alone on standard output."""
    click.echo(f"{terminal_safe(message)}; the token is shown only now:", err=True)
    say(token)
    click.echo("sign in by opening the desk's address followed by /?token=<the token>", err=True)


@main.command("reviewers")
@json_option
@pass_context
def reviewers_command(context: Context, as_json: bool) -> None:
    """List the desk's reviewers and their roles. A name not listed acts as a reviewer."""
    with opened(context) as workbench:
        listed = workbench.reviewers()
        me = workbench.reviewer
        my_role = workbench.role()
    if as_json:
        emit_json(listed)
        return
    if not listed:
        say("no reviewers listed yet; `workbench reviewer add NAME --role editor` names one")
    for r in listed:
        you = " (you)" if r.name == me else ""
        say(f"{r.name}{you}  {r.role}  (added by {r.added_by}, {r.added_at})")
    if all(r.name != me for r in listed):
        say(f"you ({me}) are not listed: you act as a {my_role}")


@main.command("approve")
@article_argument
@number_argument
@pass_context
def approve_command(context: Context, article: str, number: int) -> None:
    """Approve a sentence's current verdict for publishing (editors only, and never your own
    verdict). A new rating or rationale later needs approval again."""
    with opened(context) as workbench:
        report(workbench.approve(article, number))


@main.command("return")
@article_argument
@number_argument
@click.option("--comment", required=True, help="Why the verdict goes back to its reviewer.")
@pass_context
def return_command(context: Context, article: str, number: int, comment: str) -> None:
    """Return a sentence's current verdict to its reviewer with a comment (editors only)."""
    with opened(context) as workbench:
        report(workbench.return_verdict(article, number, comment))


@main.command("comment")
@article_argument
@number_argument
@click.argument("text", required=False)
@json_option
@pass_context
def comment_command(
    context: Context, article: str, number: int, text: str | None, as_json: bool
) -> None:
    """Comment on a sentence; without TEXT, list its comments and the editor's decision."""
    with opened(context) as workbench:
        if text is not None:
            report(workbench.comment(article, number, text))
            return
        comments = workbench.comments(article, number)
        decision = workbench.approval(article, number)
    if as_json:
        emit_json({"comments": comments, "decision": decision})
        return
    if decision is not None:
        said = f": {terminal_safe(decision.comment)}" if decision.comment else ""
        say(f"verdict {decision.decision} by {decision.reviewer}, {decision.at}{said}")
    if not comments:
        say(f"no comments on sentence {number}")
    for c in comments:
        say(f"{c.reviewer}, {c.at}: {c.text}")


@main.command("status")
@article_argument
@click.argument("words", nargs=-1, metavar="[N] [STATE]")
@pass_context
def status_command(context: Context, article: str, words: tuple[str, ...]) -> None:
    """Show or set where an article, or one of its rated sentences (N), is in the desk's
    work: to do, in progress, in review, approved or published (or the names the config's
    `statuses` gives them). Approved and published are an editor's; approving a sentence
    this way approves its verdict."""
    number = _sentence_number(words[0]) if words and words[0].isdigit() else None
    state = " ".join(words[1:] if number is not None else words) or None
    with opened(context) as workbench:
        names = workbench.status_names
        if number is not None:
            if state is not None:
                report(workbench.set_sentence_status(article, number, state))
                return
            sentence = workbench.sentence_status(article, number)
            if sentence is None:
                say(f"sentence {number} has no verdict, so no status yet")
                return
            if sentence.set_by:
                since = f" (set by {sentence.set_by}, {sentence.set_at})"
            elif sentence.stage == "approved":
                since = " (the editor approved its verdict)"
            else:
                since = " (not set on its current verdict)"
            say(f"sentence {number}: {names.name(sentence.stage)}{since}")
            return
        if state is not None:
            report(workbench.set_status(article, state))
            return
        status = workbench.status(article)
    who = f", assigned to {status.assignee}" if status.assignee else ", not assigned"
    since = f" (set by {status.set_by}, {status.set_at})" if status.set_by else ""
    say(f"article {status.article_id}: {names.name(status.status)}{who}{since}")


def _sentence_number(word: str) -> int:
    number = int(word)
    if number < 1:
        raise click.BadParameter("sentence numbers start at 1", param_hint="N")
    return number


@main.command("assign")
@article_argument
@click.argument("reviewer", required=False)
@click.option("--nobody", is_flag=True, help="Take the article from whoever has it.")
@pass_context
def assign_command(context: Context, article: str, reviewer: str | None, nobody: bool) -> None:
    """Assign an article to a reviewer (`--nobody` takes it back)."""
    if (reviewer is None) == (not nobody):
        raise click.UsageError("name a reviewer, or give --nobody")
    with opened(context) as workbench:
        report(workbench.assign(article, None if nobody else reviewer))


@main.command("worklist")
@click.option("--mine", is_flag=True, help="Only articles assigned to you.")
@click.option("--status", "only_status", help="Only articles with this status.")
@click.option("--assignee", help="Only articles assigned to this reviewer.")
@json_option
@pass_context
def worklist_command(
    context: Context, mine: bool, only_status: str | None, assignee: str | None, as_json: bool
) -> None:
    """List articles with their status and assignee, as the desk divides the work."""
    names = context.config.statuses
    wanted = names.stage(only_status) if only_status is not None else None
    with opened(context) as workbench:
        articles = workbench.articles()
        statuses = workbench.statuses()
        me = workbench.reviewer
    rows = []
    for a in articles:
        status = statuses.get(a.id)
        state = status.status if status else "to do"
        who = status.assignee if status else None
        if mine and who != me:
            continue
        if wanted is not None and state != wanted:
            continue
        if assignee is not None and who != assignee:
            continue
        rows.append(
            {
                "id": a.id,
                "title": a.title or a.filename,
                "status": names.name(state),
                "assignee": who,
            }
        )
    if as_json:
        emit_json(rows)
        return
    if not rows:
        say("no articles match")
    for row in rows:
        say(
            f"{row['id']:>4}  {row['status']:<11}  {row['assignee'] or 'nobody':<12}  "
            f"{row['title'] or ''}"
        )

"""The assistants on the command line: tag suggestions, accepting them, and the quote and
figure checks of a sentence's evidence."""

from __future__ import annotations

import click

from ..core.errors import NothingToDoError
from ..core.textsafe import terminal_safe
from .base import (
    TAG,
    Context,
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


@main.command("suggest")
@article_argument
@click.option(
    "--tag",
    "only_tag",
    type=TAG,
    help="Only sentences for which this tag is suggested.",
)
@click.option(
    "--by-worth", is_flag=True, help="Most check-worthy first, instead of in article order."
)
@json_option
@pass_context
def suggest_command(
    context: Context, article: str, only_tag: str | None, by_worth: bool, as_json: bool
) -> None:
    """Every sentence with the tags the rules suggest, the reason for each, and its
    check-worthiness (0–1). Suggestions are not tags: `workbench accept` makes them so."""
    with opened(context) as workbench:
        rows = workbench.suggestion_table(article)
        raised = workbench.worth_reasons(article)
    if only_tag:
        rows = [r for r in rows if any(s.tag == only_tag for s in r[1])]
    if by_worth:
        rows = sorted(rows, key=lambda r: (-r[0].worth, r[0].number))
    from ..core.models import TAGS

    if as_json:
        emit_json(
            [
                {
                    "number": s.number,
                    "text": s.text,
                    "kind": s.kind,
                    "checkworthiness": s.worth,
                    "worth_raised_by": raised.get(s.number, []),
                    "tags": list(s.tags),
                    "suggested": [{"tag": h.tag, "reason": h.reason} for h in hints],
                }
                for s, hints in rows
            ]
        )
        return
    for sentence, hints in rows:
        # As in the review screen: a capital is a tag set, a small letter one only suggested.
        suggested = {h.tag for h in hints}
        marks = "".join(
            t[0].upper() if t in sentence.tags else t[0] if t in suggested else "·" for t in TAGS
        )
        say(
            f"{sentence.number:>5} {sentence.worth:4.2f} {marks} "
            f"{terminal_safe(sentence.text, one_line=True)}"
        )
        for hint in hints:
            have = " (tagged)" if hint.tag in sentence.tags else ""
            say(f"{'':16}{hint.tag}{have}: {terminal_safe(hint.reason, one_line=True)}")
        if raised.get(sentence.number):
            reasons = ", ".join(raised[sentence.number])
            say(f"{'':16}worth raised by: {terminal_safe(reasons, one_line=True)}")


@main.command("accept")
@article_argument
@click.argument("numbers", nargs=-1, required=True, type=click.IntRange(min=1))
@pass_context
def accept_command(context: Context, article: str, numbers: tuple[int, ...]) -> None:
    """Make sentences' suggested tags into tags (one action per sentence, each undoable).
    A sentence with nothing left to accept is noted and the others still go ahead; the exit
    status is 1 only if nothing at all was accepted."""
    accepted = 0
    with opened(context) as workbench:
        for number in numbers:
            try:
                report(workbench.accept(article, number))
                accepted += 1
            except NothingToDoError as error:
                click.echo(f"note: {terminal_safe(str(error), one_line=True)}", err=True)
    if not accepted:
        click.get_current_context().exit(1)


@main.command("check")
@article_argument
@number_argument
@json_option
@pass_context
def check_command(context: Context, article: str, number: int, as_json: bool) -> None:
    """The quote and figure checks of a sentence against each piece of its evidence: is the
    quotation in the source word for word, and do the figures agree?"""
    with opened(context) as workbench:
        detail = workbench.sentence(article, number)
    if as_json:
        emit_json(
            [
                {
                    "evidence": ev.id,
                    "source": ev.source.id,
                    "stance": ev.stance,
                    "checks": [
                        {
                            "kind": c.kind,
                            "outcome": c.outcome,
                            "summary": c.summary,
                            "detail": c.detail,
                        }
                        for c in ev.checks
                    ],
                }
                for ev in detail.evidence
            ]
        )
        return
    if not detail.evidence:
        say(f"sentence {number} has no evidence to check against; `workbench link` adds some")
    for ev in detail.evidence:
        title = ev.source.title or ev.source.url or f"source {ev.source.id}"
        say(f"evidence {ev.id} [{ev.stance}] {terminal_safe(title, one_line=True)}")
        if not ev.checks:
            why = (
                "tag the sentence quote or figure to check it"
                if not set(detail.sentence.tags) & {"quote", "figure"}
                else "no snapshot or excerpt with anything to compare"
            )
            say(f"  nothing checked: {why}")
        for check in ev.checks:
            say(f"  {check.kind} {check.outcome}: {terminal_safe(check.summary, one_line=True)}")

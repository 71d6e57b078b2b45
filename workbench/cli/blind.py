"""Blind double review on the command line: start and stop a round, see how far its
reviewers agree tag by tag, and settle the sentences where they disagree. Each command is one
facade call; each change one undoable action."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from .base import (
    Context,
    WorkbenchGroup,
    article_argument,
    emit_json,
    json_option,
    opened,
    pass_context,
    report,
    say,
)
from .commands import main

if TYPE_CHECKING:
    from ..core.agreement import Agreement, Disagreement
    from ..core.blind import BlindRound
    from ..core.kappa import Kappa


@main.group("blind", cls=WorkbenchGroup)
def blind_group() -> None:
    """Blind double review: reviewers tag one article without seeing each other's tags."""


@blind_group.command("start")
@article_argument
@click.option(
    "--reviewers",
    required=True,
    metavar="A,B[,C…]",
    help="The reviewers in the round, comma-separated (two or more).",
)
@pass_context
def blind_start(context: Context, article: str, reviewers: str) -> None:
    """Put an article under blind review. Until `workbench blind stop`, each reviewer in the
    round tags their own layer and sees only their own tags (no suggestions either); anyone
    else is refused tags and marks. Exports show the article's real tags only."""
    with opened(context) as workbench:
        report(workbench.start_blind(article, reviewers.split(",")))


@blind_group.command("stop")
@article_argument
@pass_context
def blind_stop(context: Context, article: str) -> None:
    """End the article's blind round. Every reviewer's tags are kept for audit; the
    agreement and the disagreements to settle (`workbench reconcile`) are then shown."""
    with opened(context) as workbench:
        report(workbench.stop_blind(article))


@blind_group.command("status")
@article_argument
@json_option
@pass_context
def blind_status(context: Context, article: str, as_json: bool) -> None:
    """The article's open blind round (or its last one): who is in it and how many
    sentences each has tagged (only your own count while you are in an open round)."""
    with opened(context) as workbench:
        found = workbench.blind_round(article)
    if as_json:
        emit_json({**_round(found), "tagged": found.tagged})
        return
    say(_round_line(found))
    for name, count in found.tagged.items():
        say(f"  {name}: {count} sentence{'' if count == 1 else 's'} tagged")


@main.command("agreement")
@article_argument
@json_option
@pass_context
def agreement_command(context: Context, article: str, as_json: bool) -> None:
    """How far the reviewers of the article's blind round agree, tag by tag: Cohen's kappa
    for two reviewers, Fleiss' kappa for more (with Cohen's for every pair), observed
    agreement, and the counts. Every sentence counts; one a reviewer left untagged counts as
    "not that tag". Kappa is undefined (shown as —) when every answer was the same."""
    with opened(context) as workbench:
        found = workbench.agreement(article)
    if as_json:
        emit_json(_agreement_json(found))
        return
    for line in _agreement_lines(found):
        say(line)


@main.command("reconcile")
@article_argument
@click.option("--sentence", "number", type=click.IntRange(min=1), help="The sentence to settle.")
@click.option(
    "--take",
    metavar="A|B|NAME|both|none",
    help="Whose tags become the sentence's tags: a reviewer (by letter or name), every tag "
    "any reviewer set (both), or only those all set (none).",
)
@json_option
@pass_context
def reconcile_command(
    context: Context, article: str, number: int | None, take: str | None, as_json: bool
) -> None:
    """List the sentences the blind round's reviewers tagged differently, or with
    --sentence and --take settle one into the article's real tags (one undoable action)."""
    if (number is None) != (take is None):
        raise click.UsageError("--sentence and --take go together")
    with opened(context) as workbench:
        if number is not None and take is not None:
            report(workbench.reconcile(article, number, take))
            return
        found = workbench.disagreements(article)
    if as_json:
        emit_json([_disagreement_json(d) for d in found])
        return
    if not found:
        say("the reviewers agree on every sentence: nothing to settle")
        return
    letters = "  ".join(f"{_letter(i)}: {name}" for i, name in enumerate(found[0].tags))
    say(f"{len(found)} sentence{'s' if len(found) > 1 else ''} to settle ({letters})")
    for item in found:
        say(f"sentence {item.number}: {_one_line(item.text)}")
        for i, (name, tags) in enumerate(item.tags.items()):
            say(f"  {_letter(i)} {name}: {', '.join(tags) or 'no tags'}")
        if item.settled is not None:
            settled = ", ".join(item.settled_tags or ()) or "no tags"
            say(f"  settled by {item.settled_by}: {item.settled} → {settled}")
        else:
            say(f"  to settle: workbench reconcile {article} --sentence {item.number} --take A")


# ----------------------------------------------------------------- helpers
def _letter(index: int) -> str:
    return chr(ord("A") + index)


def _one_line(text: str, limit: int = 100) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _round(found: BlindRound) -> dict[str, Any]:
    return {
        "round": found.id,
        "article": found.article_id,
        "open": found.open,
        "reviewers": list(found.reviewers),
        "started_by": found.started_by,
        "started_at": found.started_at,
        "stopped_by": found.stopped_by,
        "stopped_at": found.stopped_at,
    }


def _round_line(found: BlindRound) -> str:
    names = ", ".join(found.reviewers)
    if found.open:
        state = f"open since {found.started_at} (started by {found.started_by})"
    else:
        state = f"stopped by {found.stopped_by}, {found.stopped_at}"
    return f"blind review of article {found.article_id} by {names}: {state}"


def _kappa_json(value: Kappa) -> dict[str, Any]:
    return {
        "kappa": value.value,
        "observed_agreement": value.observed,
        "expected_agreement": value.expected,
        "undefined": value.note or None,
    }


def _agreement_json(found: Agreement) -> dict[str, Any]:
    return {
        **_round(found.round),
        "sentences": found.sentences,
        "disagreements": found.disagreements,
        "settled": found.settled,
        "tags": [
            {
                "tag": tag.tag,
                "method": tag.method,
                **_kappa_json(tag.kappa),
                "sentences": tag.sentences,
                "pairs": [
                    {
                        "a": pair.a,
                        "b": pair.b,
                        "both": pair.counts.both,
                        "only_a": pair.counts.only_a,
                        "only_b": pair.counts.only_b,
                        "neither": pair.counts.neither,
                        **_kappa_json(pair.kappa),
                    }
                    for pair in tag.pairs
                ],
            }
            for tag in found.tags
        ],
    }


def _number(value: float | None, percent: bool = False) -> str:
    if value is None:
        return "—"
    return f"{value:.1%}" if percent else f"{value:.3f}"


def _agreement_lines(found: Agreement) -> list[str]:
    members = found.round.reviewers
    method = (
        "Cohen's kappa"
        if len(members) == 2
        else "Fleiss' kappa over all reviewers; Cohen's kappa for each pair below"
    )
    lines = [
        _round_line(found.round),
        f"{found.sentences} sentences; {found.disagreements} tagged differently, "
        f"{found.settled} settled ({method})",
        "",
    ]
    if len(members) == 2:
        a, b = members
        header = ["tag", "kappa", "agreement", "both", f"only {a}", f"only {b}", "neither"]
        table = [header]
        notes = []
        for tag in found.tags:
            counts = tag.pairs[0].counts
            table.append(
                [
                    tag.tag,
                    _number(tag.kappa.value),
                    _number(tag.kappa.observed, percent=True),
                    str(counts.both),
                    str(counts.only_a),
                    str(counts.only_b),
                    str(counts.neither),
                ]
            )
            if tag.kappa.note:
                notes.append(f"{tag.tag}: kappa {tag.kappa.note}")
        lines += _columns(table) + notes
        return lines
    table = [["tag", "kappa", "agreement"]]
    notes = []
    for tag in found.tags:
        table.append([tag.tag, _number(tag.kappa.value), _number(tag.kappa.observed, True)])
        if tag.kappa.note:
            notes.append(f"{tag.tag}: kappa {tag.kappa.note}")
    lines += [*_columns(table), *notes, ""]
    pairs = [["tag", "pair", "kappa", "agreement", "both", "only first", "only second", "neither"]]
    for tag in found.tags:
        for pair in tag.pairs:
            pairs.append(
                [
                    tag.tag,
                    f"{pair.a} / {pair.b}",
                    _number(pair.kappa.value),
                    _number(pair.kappa.observed, True),
                    str(pair.counts.both),
                    str(pair.counts.only_a),
                    str(pair.counts.only_b),
                    str(pair.counts.neither),
                ]
            )
    return lines + _columns(pairs)


def _columns(rows: list[list[str]]) -> list[str]:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return [
        "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
        for row in rows
    ]


def _disagreement_json(item: Disagreement) -> dict[str, Any]:
    return {
        "sentence": item.number,
        "sentence_id": item.sentence_id,
        "text": item.text,
        "tags": {name: list(tags) for name, tags in item.tags.items()},
        "agreed": list(item.agreed),
        "disputed": list(item.disputed),
        "settled": item.settled,
        "settled_tags": list(item.settled_tags) if item.settled_tags is not None else None,
        "settled_by": item.settled_by,
    }

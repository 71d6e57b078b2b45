"""The `workbench` command: each subcommand opens the Workbench, makes one call, prints."""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..core.textsafe import terminal_safe
from .base import (
    STANCE,
    TAG,
    Context,
    WorkbenchGroup,
    article_argument,
    emit_json,
    json_option,
    number_argument,
    offline_option,
    opened,
    pass_context,
    report,
    say,
)

if TYPE_CHECKING:
    from ..core.models import Sentence
    from ..core.service import Workbench


@click.group(cls=WorkbenchGroup, invoke_without_command=True)
@click.option(
    "--db",
    type=click.Path(dir_okay=False),
    help="Database file (default: $WORKBENCH_DB, else the per-user data directory).",
)
@click.option(
    "--reviewer",
    help="Your name in the record (default: $WORKBENCH_REVIEWER, "
    "the config file, else your OS user name).",
)
@click.version_option(package_name="factcheck-workbench")
@click.pass_context
def main(ctx: click.Context, db: str | None, reviewer: str | None) -> None:
    """A keyboard-only workbench for fact-checking articles sentence by sentence.

    With no command, opens the article library in the review screen.
    """
    ctx.obj = Context(db, reviewer)
    if ctx.invoked_subcommand is None:
        ctx.invoke(open_command, target=None)


# ------------------------------------------------------------------ articles
@main.command("articles")
@json_option
@pass_context
def articles_command(context: Context, as_json: bool) -> None:
    """List stored articles with their review progress."""
    with opened(context) as workbench:
        articles = workbench.articles()
    if as_json:
        emit_json(articles)
        return
    if not articles:
        say("no articles yet; `workbench import FILE` brings one in")
    from ..core.coverage import percent_done

    for a in articles:
        nothing = f", {a.marked} nothing to check" if a.marked else ""
        say(
            f"{a.id:>4}  {a.date or '':10}  {a.title or a.filename or ''}  "
            f"[{a.sentences} sentences; {a.tagged} tagged, {a.with_evidence} with evidence, "
            f"{a.with_verdict} with verdict{nothing}; "
            f"{percent_done(a.done, a.sentences)}% done]"
        )


def _badges(sentence: Sentence) -> str:
    from ..core.models import TAGS

    tags = "".join(t[0].upper() if t in sentence.tags else "·" for t in TAGS)
    evidence = f"e{sentence.evidence_count}" if sentence.evidence_count else "  "
    done = "✓" if sentence.done else " "
    return f"{tags} {evidence:>3} {done}"


@main.command("sentences")
@article_argument
@click.option("--tag", "only_tag", type=TAG, help="Only sentences with this tag.")
@click.option(
    "--needs-work",
    is_flag=True,
    help="Only sentences still to do: not marked nothing to check, and untagged or "
    "without a verdict.",
)
@json_option
@pass_context
def sentences_command(
    context: Context, article: str, only_tag: str | None, needs_work: bool, as_json: bool
) -> None:
    """List an article's sentences with their numbers, tags, evidence and verdict."""
    with opened(context) as workbench:
        sentences = workbench.sentences(article)
    if only_tag:
        sentences = [s for s in sentences if only_tag in s.tags]
    if needs_work:
        sentences = [s for s in sentences if not s.done]
    if as_json:
        emit_json(sentences)
        return
    for s in sentences:
        verdict = f" [{s.verdict}]" if s.verdict else ""
        kind = " (headline)" if s.kind == "headline" else ""
        say(f"{s.number:>5} {_badges(s)}{verdict}{kind} {terminal_safe(s.text, one_line=True)}")


@main.command("sentence")
@article_argument
@number_argument
@json_option
@pass_context
def sentence_command(context: Context, article: str, number: int, as_json: bool) -> None:
    """Show one sentence in full: tags, evidence and the history of its verdicts."""
    with opened(context) as workbench:
        detail = workbench.sentence(article, number)
    if as_json:
        emit_json(detail)
        return
    s = detail.sentence
    say(
        f"sentence {s.number} ({s.kind}, paragraph {s.paragraph + 1}, characters {s.start}–{s.end})"
    )
    say(s.text)
    for mark in detail.tags:
        say(f"  tag {mark.tag} (by {mark.set_by}, {mark.set_at})")
    if detail.mark is not None:
        say(f"  reviewed, nothing to check (by {detail.mark.set_by}, {detail.mark.set_at})")
    for ev in detail.evidence:
        src = ev.source
        say(
            f"  evidence {ev.id} [{ev.stance}] source {src.id}: {src.title or src.url}"
            + (f" — “{ev.excerpt}”" if ev.excerpt else "")
            + (f" (note: {ev.note})" if ev.note else "")
            + _page(src.snapshot, ev.excerpt)
        )
    for v in detail.verdicts:
        current = " (current)" if v is detail.verdict else ""
        say(
            f"  verdict {v.label}{current} by {v.reviewer}, {v.created_at}"
            + (f": {v.rationale}" if v.rationale else "")
        )
        # The claim as restated and who made it: what a report and ClaimReview print.
        if v.claim:
            say(f"    claim: {v.claim}")
        if v.claimant:
            say(f"    claimant: {v.claimant}")
    if detail.approval is not None:
        a = detail.approval
        say(
            f"  editor: {a.decision} by {a.reviewer}, {a.at}"
            + (f": {a.comment}" if a.comment else "")
        )
    for c in detail.comments:
        say(f"  comment by {c.reviewer}, {c.at}: {c.text}")


# ------------------------------------------------------------------- review
@main.command("tag")
@article_argument
@number_argument
@click.argument("tags", nargs=-1, required=True, type=TAG)
@click.option("--remove", is_flag=True, help="Remove the tags instead of adding them.")
@pass_context
def tag_command(
    context: Context, article: str, number: int, tags: tuple[str, ...], remove: bool
) -> None:
    """Tag a sentence as claim, quote and/or figure, or with --remove untag it: one action,
    undone as one. Every tag named must change, or nothing does."""
    with opened(context) as workbench:
        report(workbench.set_tags(article, number, tags, on=not remove))


@main.group("source", cls=WorkbenchGroup)
def source_group() -> None:
    """Add, list, show and search sources of evidence."""


def read_snapshot(snapshot: str | None) -> str | None:
    if snapshot is None:
        return None
    if snapshot == "-":
        # Standard input goes through the same reader and checks as a file: a bounded read,
        # the bytes' own encoding, no binary, no data files.
        from ..core.ingest import read_input

        return read_input(sys.stdin.buffer, name="standard input", article=False).text
    from ..core.ingest import read_document

    return read_document(Path(snapshot), article=False).text


@source_group.command("add")
@click.argument("address", required=False, metavar="[URL]")
@click.option("--url", help="Where the source lives (http or https), when not fetched.")
@click.option("--title", help="Its title.")
@click.option("--publisher", help="Who published it.")
@click.option("--published", help="Publication date (YYYY-MM-DD).")
@click.option("--accessed", help="When you read it (YYYY-MM-DD; default: now).")
@click.option(
    "--snapshot",
    metavar="FILE|-",
    help="A copy of the relevant text, from a file (.txt, .md, .html, .pdf) or '-' for "
    "standard input.",
)
@offline_option
@json_option
@pass_context
def source_add(
    context: Context,
    address: str | None,
    url: str | None,
    title: str | None,
    publisher: str | None,
    published: str | None,
    accessed: str | None,
    snapshot: str | None,
    offline: bool,
    as_json: bool,
) -> None:
    """Store a source. The same URL with the same snapshot is found, not duplicated.

    Given a URL, the page or PDF is fetched: its text becomes the snapshot, its headline,
    site name and date fill --title, --publisher and --published, and the fetch is archived.
    """
    if address is not None:
        if url or snapshot:
            raise click.UsageError("a fetched URL is its own --url and --snapshot")
        with opened(context) as workbench:
            source, created = workbench.add_source_from_url(
                address,
                fetcher=workbench.fetcher(offline=offline or context.config.offline),
                title=title,
                publisher=publisher,
                published=published,
                accessed_at=accessed,
            )
    else:
        text = read_snapshot(snapshot)
        with opened(context) as workbench:
            source, created = workbench.add_source(
                url=url,
                title=title,
                publisher=publisher,
                published=published,
                accessed_at=accessed,
                snapshot=text,
            )
    if as_json:
        emit_json({"source": source, "created": created})
    else:
        say(
            f"{'added' if created else 'already stored as'} source {source.id}: "
            f"{source.title or source.url}"
        )


@source_group.command("list")
@json_option
@pass_context
def source_list(context: Context, as_json: bool) -> None:
    """List stored sources."""
    with opened(context) as workbench:
        sources = workbench.sources()
    if as_json:
        emit_json(sources)
        return
    for s in sources:
        say(f"{s.id:>4}  {s.title or ''}  {s.publisher or ''}  {s.url or ''}")


@source_group.command("show")
@click.argument("source_id", type=int)
@json_option
@pass_context
def source_show(context: Context, source_id: int, as_json: bool) -> None:
    """Show one source: its fields, what was fetched to make it, and its text (a PDF's with
    its page numbers)."""
    with opened(context) as workbench:
        source = workbench.source(source_id)
        fetches = workbench.archived(source_id=source_id)
    if as_json:
        emit_json({**dataclasses.asdict(source), "fetches": fetches})
        return
    for field in dataclasses.fields(source):
        value = getattr(source, field.name)
        if value is not None and field.name != "snapshot":
            say(f"{field.name}: {value}")
    for fetch in fetches:
        asked = f" (asked for {fetch.url})" if fetch.url != fetch.final_url else ""
        say(
            f"fetched: {fetch.final_url}{asked}, {fetch.status} {fetch.media_type}, "
            f"{fetch.size:,} bytes, sha256 {fetch.sha256}, {fetch.fetched_at} by "
            f"{fetch.fetched_by} (archive {fetch.id})"
        )
    if source.snapshot:
        say("snapshot:")
        pages = source.snapshot.split("\f")
        for number, page in enumerate(pages, 1):
            if len(pages) > 1:
                say(f"--- page {number} ---")
            say(page.rstrip("\n"))


@source_group.command("search")
@click.argument("query")
@click.option("--limit", default=10, show_default=True)
@json_option
@pass_context
def source_search(context: Context, query: str, limit: int, as_json: bool) -> None:
    """Find sources by fuzzy match on title, publisher, URL and snapshot."""
    with opened(context) as workbench:
        found = workbench.search_sources(query, limit)
    if as_json:
        emit_json(
            [
                {"score": m.score, "match": m.strength, "matched": list(m.shared), "source": s}
                for s, m in found
            ]
        )
        return
    if not found:
        say("no source matches")
    for source, m in found:
        say(
            f"{source.id:>4}  {terminal_safe(source.title or '', one_line=True)}  "
            f"{source.url or ''}  ({m.strength}: {'; '.join(m.shared)})"
        )


@main.command("similar")
@article_argument
@number_argument
@click.option("--limit", default=5, show_default=True)
@json_option
@pass_context
def similar_command(context: Context, article: str, number: int, limit: int, as_json: bool) -> None:
    """Checked before: sentences of other articles that read like this one and already have a
    verdict, with that verdict, so the same claim gets the same rating."""
    with opened(context) as workbench:
        found = workbench.checked_before(article, number, limit)
    if as_json:
        emit_json(
            [
                {
                    "score": f.score,
                    "match": f.match.strength,
                    "shares": list(f.match.shared),
                    "article": f.article_id,
                    "article_title": f.article_title,
                    "number": f.number,
                    "text": f.text,
                    "verdict": f.verdict,
                }
                for f in found
            ]
        )
        return
    if not found:
        say("no earlier verdict on a similar sentence")
    for f in found:
        say(
            f"article {f.article_id} sentence {f.number}: {f.verdict.label} — "
            f"{terminal_safe(f.text, one_line=True)}"
        )
        say(f"       {f.match.describe()}")
        if f.verdict.rationale:
            say(f"       rationale: {terminal_safe(f.verdict.rationale, one_line=True)}")


@main.command("find-evidence")
@article_argument
@number_argument
@click.option("--limit", default=5, show_default=True)
@json_option
@pass_context
def find_evidence_command(
    context: Context, article: str, number: int, limit: int, as_json: bool
) -> None:
    """Passages of stored sources' snapshots most like a sentence, best first."""
    with opened(context) as workbench:
        hits = workbench.find_evidence(article, number, limit)
    if as_json:
        emit_json(
            [
                {
                    "score": h.score,
                    "match": h.match.strength,
                    "shares": list(h.match.shared),
                    "source": h.source.id,
                    "source_title": h.source.title,
                    "url": h.source.url,
                    "start": h.start,
                    "end": h.end,
                    "passage": h.text,
                }
                for h in hits
            ]
        )
        return
    if not hits:
        say("no stored source has a passage like this sentence")
    for h in hits:
        page = ""
        if h.source.snapshot and "\f" in h.source.snapshot:
            from ..core.pdf import page_of

            page = f", page {page_of(h.source.snapshot, h.start)}"
        title = terminal_safe(h.source.title or h.source.url or "", one_line=True)
        say(f"source {h.source.id} ({title}{page}): {h.match.describe()}")
        say(f"       {terminal_safe(h.text, one_line=True)}")


def _page(snapshot: str | None, excerpt: str | None) -> str:
    """Which page of a PDF snapshot an excerpt is from, as a suffix."""
    if not snapshot or not excerpt:
        return ""
    from ..core.pdf import excerpt_page

    page = excerpt_page(snapshot, excerpt)
    return f" (page {page})" if page else ""


@main.command("link")
@article_argument
@number_argument
@click.argument("source_id", type=int)
@click.option("--stance", required=True, type=STANCE)
@click.option("--excerpt", help="The part of the source that matters.")
@click.option("--note", help="Your note on this evidence.")
@pass_context
def link_command(
    context: Context,
    article: str,
    number: int,
    source_id: int,
    stance: str,
    excerpt: str | None,
    note: str | None,
) -> None:
    """Link a source to a sentence as evidence."""
    with opened(context) as workbench:
        report(
            workbench.link(article, number, source_id, stance=stance, excerpt=excerpt, note=note)
        )


@main.command("unlink")
@click.argument("evidence_id", type=int)
@pass_context
def unlink_command(context: Context, evidence_id: int) -> None:
    """Remove a piece of evidence (its number is in `workbench sentence`)."""
    with opened(context) as workbench:
        report(workbench.unlink(evidence_id))


@main.command("verdict")
@article_argument
@number_argument
@click.argument("rating")
@click.option("--rationale", help="Why: the reasoning readers will see.")
@click.option("--claim", help="The claim restated in fewer than 75 characters.")
@click.option("--claimant", help="Who made the claim.")
@pass_context
def verdict_command(
    context: Context,
    article: str,
    number: int,
    rating: str,
    rationale: str | None,
    claim: str | None,
    claimant: str | None,
) -> None:
    """Rate a tagged sentence on the active scale (label, number or unique prefix)."""
    with opened(context) as workbench:
        report(
            workbench.set_verdict(
                article, number, rating, rationale=rationale, claim=claim, claimant=claimant
            )
        )


@main.command("merge")
@article_argument
@number_argument
@pass_context
def merge_command(context: Context, article: str, number: int) -> None:
    """Merge a sentence with the next one (fixing a bad split)."""
    with opened(context) as workbench:
        report(workbench.merge(article, number))


@main.command("split")
@article_argument
@number_argument
@click.option("--at", "offset", type=int, help="Character offset within the sentence.")
@click.option("--before", help="Split just before this text.")
@pass_context
def split_command(
    context: Context, article: str, number: int, offset: int | None, before: str | None
) -> None:
    """Split a sentence in two (fixing a missed boundary)."""
    if (offset is None) == (before is None):
        raise click.UsageError("give exactly one of --at OFFSET or --before TEXT")
    with opened(context) as workbench:
        report(workbench.split(article, number, offset, before=before))


_in_article = click.option(
    "--article", help="Only your actions in this article (and those in no article)."
)


@main.command("undo")
@_in_article
@pass_context
def undo_command(context: Context, article: str | None) -> None:
    """Undo your last action (kept across restarts); the message names its article."""
    with opened(context) as workbench:
        report(workbench.undo(article))


@main.command("redo")
@_in_article
@pass_context
def redo_command(context: Context, article: str | None) -> None:
    """Redo the action you last undid."""
    with opened(context) as workbench:
        report(workbench.redo(article))


@main.command("history")
@click.argument("article", required=False)
@click.argument("number", required=False, type=click.IntRange(min=1))
@click.option("--limit", default=50, show_default=True)
@json_option
@pass_context
def history_command(
    context: Context, article: str | None, number: int | None, limit: int, as_json: bool
) -> None:
    """The action log: who did what, when (all, one article, or one sentence)."""
    with opened(context) as workbench:
        actions = workbench.history(article, number, limit)
    if as_json:
        emit_json(actions)
        return
    for a in actions:
        say(f"{a.id:>5}  {a.at}  {a.reviewer:12}  {a.summary}")


# ------------------------------------------------------------------- scales
@main.command("scales")
@json_option
@pass_context
def scales_command(context: Context, as_json: bool) -> None:
    """List rating scales; the active one is marked."""
    with opened(context) as workbench:
        scales, active = workbench.scales(), workbench.active_scale()
    if as_json:
        emit_json([{"active": s.name == active.name, "scale": s} for s in scales])
        return
    for s in scales:
        mark = "*" if s.name == active.name else " "
        labels = ", ".join(f"{label.name}={label.value:g}" for label in s.labels)
        say(f"{mark} {s.name}: {labels}")


@main.group("scale", cls=WorkbenchGroup)
def scale_group() -> None:
    """Add a custom rating scale or choose the active one."""


@scale_group.command("add")
@click.argument("name")
@click.argument("labels", nargs=-1, required=True)
@click.option("--description", default="")
@pass_context
def scale_add(context: Context, name: str, labels: tuple[str, ...], description: str) -> None:
    """Add a scale: workbench scale add NAME 'Accurate=3' 'Partly accurate=2' 'Inaccurate=1'."""
    with opened(context) as workbench:
        report(workbench.add_scale(name, list(labels), description))


@scale_group.command("use")
@click.argument("name")
@pass_context
def scale_use(context: Context, name: str) -> None:
    """Make a scale the one new verdicts use."""
    with opened(context) as workbench:
        report(workbench.use_scale(name))


# --------------------------------------------------------------------- misc
@main.command("locate")
@json_option
@pass_context
def locate_command(context: Context, as_json: bool) -> None:
    """Print the paths in use (database, config) and where each came from."""
    from ..paths import locate

    where = locate(context.db)
    data = {
        "database": str(where.db),
        "database_from": where.db_origin,
        "config": str(where.config),
        "config_from": where.config_origin,
        "config_exists": where.config.exists(),
    }
    if as_json:
        emit_json(data)
        return
    say(f"database: {where.db} ({where.db_origin})")
    say(
        f"config:   {where.config} ({where.config_origin}"
        f"{'' if where.config.exists() else ', not created yet'})"
    )


@main.command("open")
@click.argument("target", required=False)
@pass_context
def open_command(context: Context, target: str | None) -> None:
    """Open an article in the review screen: a file path (imported if new) or an article id.

    With no argument, opens the library of stored articles.
    """
    with opened(context) as workbench:
        workbench.store.open()  # a file that cannot be opened is one line here, not a crash
        article_id = _resolve_target(workbench, target)
    from ..paths import locate
    from ..tui.app import run

    run(
        db=locate(context.db).db,
        reviewer=context.reviewer,
        config=context.config,
        article_id=article_id,
    )


def _resolve_target(workbench: Workbench, target: str | None) -> int | None:
    if target is None:
        return None
    path = Path(target)
    if path.exists() or not target.isdigit():
        result = workbench.import_file(path)
        if result.created:
            click.echo(
                f"imported article {result.article.id} ({result.sentences} sentences)", err=True
            )
        return result.article.id
    return workbench.article(target).id

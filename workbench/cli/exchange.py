"""Articles in and reviews out: `workbench import` and `workbench export`."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from ..core.errors import ExportError, InputError, ValidationError
from ..core.textsafe import terminal_safe
from .base import (
    Context,
    CoreChoice,
    article_argument,
    emit_json,
    json_option,
    offline_option,
    opened,
    pass_context,
)
from .commands import main

# The report formats and `bundle`, the whole review for another database.
EXPORT_FORMAT = CoreChoice("..core.exports", "EXPORT_CHOICES")

if TYPE_CHECKING:
    from ..core.bundle import BundleImport, Conflict
    from ..core.export import ExportOptions
    from ..core.service import Workbench


@main.command("import")
@click.argument("paths", nargs=-1, required=True, metavar="FILE|URL...")
@click.option("--title", help="Headline, overriding what the file says.")
@click.option("--date", help="Publication date (YYYY-MM-DD), overriding the file.")
@click.option("--byline", help="Byline, overriding the file.")
@click.option("--url", help="The article's URL (for a file).")
@offline_option
@json_option
@pass_context
def import_command(
    context: Context,
    paths: tuple[str, ...],
    title: str | None,
    date: str | None,
    byline: str | None,
    url: str | None,
    offline: bool,
    as_json: bool,
) -> None:
    """Import articles: files (.txt, .md, .html, .pdf) or web addresses (http, https), which
    are fetched and archived. Importing the same text again changes nothing.

    A review bundle (`export --format bundle`) is merged: the article (made if missing),
    its tags, evidence, verdicts, decisions and comments, attributed to the reviewers who
    made them, as one action `undo` takes back. A sentence both databases rated differently
    keeps both verdicts and is listed as a conflict (`workbench conflicts`).

    An article that cannot be imported is reported on one line and the others are still
    imported; the exit status is then 1.
    """
    if len(paths) > 1 and (title or date or byline or url):
        raise click.UsageError("--title, --date, --byline and --url apply to one file at a time")
    from ..core.exports.bundle import sniff
    from ..core.fetch import is_url

    results: list[Any] = []
    refused = 0
    with opened(context) as workbench, _progress(len(paths), "importing") as progress:
        for path in paths:
            try:
                if not is_url(path) and sniff(path):
                    if title or date or byline or url:
                        raise click.UsageError(
                            "--title, --date, --byline and --url are for articles; a bundle "
                            "carries its own"
                        )
                    merged = workbench.import_bundle(Path(path))
                    results.append(merged)
                    if not as_json:
                        for line in bundle_lines(path, merged):
                            progress.echo(line)
                    for note in merged.notes:
                        progress.echo(f"note: {terminal_safe(note, one_line=True)}", err=True)
                    progress.advance()
                    continue
                if is_url(path):
                    if url:
                        raise click.UsageError("--url is for a file; a URL names itself")
                    fetcher = workbench.fetcher(offline=offline or context.config.offline)
                    result = workbench.import_url(
                        path, fetcher=fetcher, title=title, date=date, byline=byline
                    )
                else:
                    result = workbench.import_file(
                        Path(path), title=title, date=date, byline=byline, url=url
                    )
            except (InputError, ValidationError) as error:
                refused += 1
                message = str(error)
                if str(path) not in message:
                    message = f"{path}: {message}"
                progress.echo(f"error: {terminal_safe(message, one_line=True)}", err=True)
            else:
                results.append(result)
                if not as_json:
                    state = "imported" if result.created else "already stored as"
                    if result.revised:
                        state = "revised"
                    revised = f"; {result.revised}" if result.revised else ""
                    progress.echo(
                        terminal_safe(
                            f"{state} article {result.article.id}: "
                            f"{result.article.title or result.article.filename} "
                            f"({result.sentences} sentences{revised})"
                        )
                    )
                for warning in result.warnings:
                    progress.echo(f"warning: {terminal_safe(warning, one_line=True)}", err=True)
            progress.advance()
    if as_json:
        from ..core.bundle import BundleImport

        emit_json(
            [
                bundle_json(r)
                if isinstance(r, BundleImport)
                else {
                    "article": r.article.id,
                    "created": r.created,
                    "revised": r.revised,
                    "sentences": r.sentences,
                    "title": r.article.title,
                    "content_hash": r.article.content_hash,
                }
                for r in results
            ]
        )
    if refused:
        click.get_current_context().exit(1)


class _Progress:
    """Steps of a long command, and the lines it prints: while a bar is drawn the lines are
    held, then printed once the bar has finished, so neither shares a line with the other."""

    def __init__(self, bar: Any = None) -> None:
        self._bar = bar
        self._held: list[tuple[str, bool]] = []

    def advance(self) -> None:
        if self._bar is not None:
            self._bar.update(1)

    def echo(self, line: str, err: bool = False) -> None:
        if self._bar is None:
            click.echo(line, err=err)
        else:
            self._held.append((line, err))

    def flush(self) -> None:
        held, self._held = self._held, []
        for line, err in held:
            click.echo(line, err=err)


@contextmanager
def _progress(total: int, label: str) -> Iterator[_Progress]:
    """A progress bar on a terminal for work of several steps; silent unless both standard
    output and standard error are terminals."""
    if total < 2 or not (sys.stdout.isatty() and sys.stderr.isatty()):
        yield _Progress()
        return
    progress = _Progress()
    try:
        with click.progressbar(length=total, label=label, file=sys.stderr) as bar:
            progress = _Progress(bar)
            yield progress
    finally:
        progress.flush()


@main.command("export")
@click.argument("articles", nargs=-1)
@click.option("--all", "all_articles", is_flag=True, help="Export every stored article.")
@click.option("--format", "fmt", type=EXPORT_FORMAT, default="markdown", show_default=True)
@click.option("--all-formats", is_flag=True, help="Write every format (needs -o DIRECTORY).")
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, allow_dash=True),
    help="File to write, or a directory for several articles or --all-formats "
    "(default, or '-': standard output).",
)
@click.option("--force", is_flag=True, help="Replace files that exist already.")
@click.option("--parents", is_flag=True, help="Create the output directory if it is missing.")
@click.option("--org-name", help="Fact-checking organisation (default: config organisation.name).")
@click.option("--org-url", help="Its URL (default: config organisation.url).")
@click.option(
    "--report-url",
    help="URL of the published review; ClaimReview links each claim to it with an anchor "
    "(default: config organisation.report_url). {article} in it stands for the article's "
    "number; without it, several articles must share that one page.",
)
@click.option(
    "--strict",
    is_flag=True,
    help="Refuse a ClaimReview export with lint problems "
    "instead of leaving those verdicts out; nothing "
    "is written then.",
)
@click.option(
    "--include-unapproved",
    is_flag=True,
    help="Once the desk has an editor, ClaimReview and HTML carry only approved verdicts; "
    "this puts the others in too, in a document marked as a draft.",
)
@pass_context
def export_command(
    context: Context,
    articles: tuple[str, ...],
    all_articles: bool,
    fmt: str,
    all_formats: bool,
    output: Path | None,
    force: bool,
    parents: bool,
    org_name: str | None,
    org_url: str | None,
    report_url: str | None,
    strict: bool,
    include_unapproved: bool,
) -> None:
    """Export reviews: markdown, html, json, jsonl, csv, claimreview or webannotation; or
    `bundle`, an article's whole review for another database to merge with `import`.

    An existing file is replaced only with --force, and a missing directory made only with
    --parents; each file is written whole or not at all.

    Unfinished work (tagged sentences without a verdict, verdicts without evidence, figures
    without a source, quotations and figures that fail their check) is listed as warnings and
    in the report; the export still happens.
    """
    from ..core.export import FORMATS, ExportOptions, check_publish_url
    from ..core.exports import BUNDLE
    from ..core.exports.files import blocked, save
    from ..paths import locate

    if output is not None and str(output) == "-":
        output = None
    formats = FORMATS if all_formats else (fmt,)
    organisation = context.config.organisation
    config_file = locate(context.db).config
    check_publish_url(org_url, "--org-url")
    check_publish_url(report_url, "--report-url", placeholder=True)
    if "claimreview" in formats:
        if not org_url:
            check_publish_url(organisation.url, f"organisation.url in {config_file}")
        if not report_url:
            check_publish_url(
                organisation.report_url,
                f"organisation.report_url in {config_file}",
                placeholder=True,
            )
    with opened(context) as workbench:
        if all_articles:
            refs = [a.id for a in workbench.articles()]
        else:
            # Every article named is found before anything is written: a mistyped number
            # is refused without leaving the other articles' files behind.
            refs = [workbench.article(ref, with_text=False).id for ref in articles]
        if not refs:
            raise click.UsageError("name an article (or several), or give --all")
        several = len(refs) > 1 or len(formats) > 1
        if several and output is None:
            raise click.UsageError("several files need -o DIRECTORY")
        if output is not None and several and output.exists() and not output.is_dir():
            raise click.UsageError(f"{output} is a file; several exports need a directory")
        options = ExportOptions(
            org_name or organisation.name,
            org_url or organisation.url,
            report_url or organisation.report_url,
            strict,
            include_unapproved,
            workbench.status_names,
        )
        if "claimreview" in formats:
            _claimreview_preflight(workbench, refs, options)
        rendered = []
        held: list[str] = []  # warnings for files, shown once none of them is refused
        with _progress(len(refs) * len(formats), "exporting") as progress:
            for ref in refs:
                warned: set[str] = set()  # a warning once per article, not once per format
                for name in formats:
                    result = (
                        workbench.export_bundle(ref)
                        if name == BUNDLE
                        else workbench.export(ref, name, options)
                    )
                    for warning in result.warnings:
                        if warning not in warned:
                            warned.add(warning)
                            line = f"warning: article {result.article_id}: {terminal_safe(warning)}"
                            if output is None:
                                progress.echo(line, err=True)
                            else:
                                held.append(line)
                    if output is None:
                        # On a terminal, control characters in the text must not act.
                        text = terminal_safe(result.text) if sys.stdout.isatty() else result.text
                        click.echo(text, nl=False)
                    else:
                        into = several or output.is_dir()  # a folder: the file takes its name
                        target = output / result.filename if into else output
                        rendered.append((target, name, result.text))
                    progress.advance()
        # Every file is checked before the first is written: a refusal writes nothing.
        for target, _, _ in rendered:
            refusal = blocked(target, overwrite=force, parents=parents)
            if refusal is not None:
                raise refusal
        for line in held:
            click.echo(line, err=True)
        for target, name, text in rendered:
            saved = save(target, text, overwrite=force, parents=parents)
            replaced = ", replaced" if saved.replaced else ""
            click.echo(terminal_safe(f"wrote {target} ({name}, {saved.bytes:,} bytes{replaced})"))


STRICT_SHOWN = 20  # lint failures named in a refused --strict export's one-line error


def _claimreview_preflight(workbench: Workbench, refs: list[int], options: ExportOptions) -> None:
    """Warn when ClaimReview has no organisation; with --strict, lint every article before
    anything is written, so a refusal leaves no partial output."""
    from ..core.export import claimreview_failures, organisation_warning

    if not options.report_url:
        raise ExportError(
            "ClaimReview needs the page where the review is published, to link each claim "
            "to: give --report-url (with {article} for the article's number), or set "
            "organisation.report_url in the config"
        )
    warning = organisation_warning(options)
    if warning:
        click.echo(f"warning: {warning}", err=True)
    if not options.strict:
        return
    failures = [
        failure for ref in refs for failure in claimreview_failures(workbench.review(ref), options)
    ]
    if failures:
        more = len(failures) - STRICT_SHOWN
        raise ExportError(
            "ClaimReview refused (--strict), nothing written: "
            + "; ".join(failures[:STRICT_SHOWN])
            + (f"; and {more} more" if more > 0 else "")
        )


# ---------------------------------------------------------------- bundles
def bundle_lines(path: str, merged: BundleImport) -> list[str]:
    """What merging a bundle did, for the terminal: the merge, then each conflict."""
    from ..core.bundle import summary

    title = f" “{merged.title}”" if merged.title else ""
    if merged.nothing_new:
        lines = [f"nothing new in {path}: article {merged.article_id}{title} has all of it"]
    else:
        made = " (new article)" if merged.created else ""
        lines = [
            f"merged {path} from {merged.exported_by} into article {merged.article_id}"
            f"{title}{made}: {summary(merged)}; by {', '.join(merged.reviewers)}"
        ]
    lines += [f"conflict: {conflict_line(c)}" for c in merged.conflicts]
    if merged.conflicts:
        lines.append("both verdicts are kept; rate each sentence again to settle it")
    return [terminal_safe(line, one_line=True) for line in lines]


def bundle_json(merged: BundleImport) -> dict[str, Any]:
    return {
        "bundle": True,
        "article": merged.article_id,
        "created": merged.created,
        "exported_by": merged.exported_by,
        "reviewers": list(merged.reviewers),
        "added": merged.added,
        "nothing_new": merged.nothing_new,
        "conflicts": [conflict_json(c) for c in merged.conflicts],
        "notes": list(merged.notes),
        "action": merged.action_id,
    }


def conflict_line(conflict: Conflict) -> str:
    now = {
        "imported": f"now {conflict.imported_label}",
        "here": f"now {conflict.here_label}",
        "newer": "rated again since",
    }[conflict.current]
    return (
        f"article {conflict.article_id} sentence {conflict.number}: {conflict.describe()} ({now})"
    )


def conflict_json(conflict: Conflict) -> dict[str, Any]:
    return {
        "article": conflict.article_id,
        "sentence": conflict.number,
        "text": conflict.text,
        "here": {
            "label": conflict.here_label,
            "reviewer": conflict.here_reviewer,
            "rationale": conflict.here_rationale,
        },
        "imported": {
            "label": conflict.imported_label,
            "reviewer": conflict.imported_reviewer,
            "rationale": conflict.imported_rationale,
            "bundle_from": conflict.exported_by,
            "merged_at": conflict.merged_at,
        },
        "current": conflict.current,
        "settled": conflict.settled,
    }


@main.command("conflicts")
@click.argument("article", required=False)
@click.option("--all", "everything", is_flag=True, help="Also those rated again since.")
@json_option
@pass_context
def conflicts_command(
    context: Context, article: str | None, everything: bool, as_json: bool
) -> None:
    """Sentences a merged bundle rated differently from this database: both verdicts, who
    gave them, and which is current. A conflict is settled when someone rates the sentence
    again (`workbench verdict`)."""
    with opened(context) as workbench:
        found = workbench.conflicts(article, settled=everything)
    if as_json:
        emit_json([conflict_json(c) for c in found])
        return
    if not found:
        click.echo("no verdict conflicts" + ("" if everything else " to settle"))
        return
    for conflict in found:
        settled = " — settled" if conflict.settled else ""
        click.echo(terminal_safe(f"{conflict_line(conflict)}{settled}", one_line=True))
        click.echo(terminal_safe(f"    {conflict.text}", one_line=True))


@main.command("bundles")
@article_argument
@click.option("--history", is_flag=True, help="Also each sender's action history of it.")
@json_option
@pass_context
def bundles_command(context: Context, article: str, history: bool, as_json: bool) -> None:
    """Review bundles merged into an article: who sent each, whose work it carried, who
    merged it and when, what it added; with --history, the article's action log as the
    sender had it."""
    from ..core.bundle import summary

    with opened(context) as workbench:
        found = workbench.merged_bundles(article)
    if as_json:
        emit_json(found)
        return
    if not found:
        click.echo("no bundles merged into this article")
        return
    for merged in found:
        click.echo(
            terminal_safe(
                f"{merged.imported_at}  {merged.exported_by}'s bundle, merged by "
                f"{merged.imported_by}: {summary(merged)}; work of {', '.join(merged.reviewers)}",
                one_line=True,
            )
        )
        if history:
            for entry in merged.history:
                line = f"    {entry['at']}  {entry['reviewer']:<12}  {entry['summary']}"
                click.echo(terminal_safe(line, one_line=True))

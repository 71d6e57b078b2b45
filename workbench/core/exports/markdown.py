"""Markdown for editors: the review's summary, what is unfinished, then every sentence."""

from __future__ import annotations

import re

from .. import coverage
from ..models import Review, SentenceReview, Source
from ..textsafe import terminal_safe
from .common import SHORT_HASH, change_words, number_text, off_axis, summary
from .options import ExportOptions

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~#&])")
_MD_LINE_START = re.compile(r"^(\s*)([-+>=]|\d+[.)])", re.MULTILINE)


def md_escape(text: str) -> str:
    """Text that Markdown (and the HTML inside Markdown) shows literally."""
    escaped = _MD_SPECIAL.sub(r"\\\1", terminal_safe(text))

    def guard(match: re.Match[str]) -> str:
        marker = match.group(2)
        # "1." is escaped as "1\." (a digit cannot be backslash-escaped); "-" as "\-".
        return match.group(1) + marker[:-1] + "\\" + marker[-1]

    return _MD_LINE_START.sub(guard, escaped)


def md_item(text: str, indent: int) -> str:
    """Text for a list item whose content starts `indent` columns in: each further line of a
    multi-line value is indented to match, so it stays inside its item and the list goes on
    (a blank line is kept as an indented empty line)."""
    lines = text.splitlines() or [""]
    pad = " " * indent
    return "\n".join(
        [md_escape(lines[0])]
        + [pad + md_escape(line) if line.strip() else pad for line in lines[1:]]
    )


def _md_block(text: str) -> str:
    return "\n".join("> " + md_escape(line) for line in text.splitlines() or [""])


def _md_link(source: Source) -> str:
    title = md_escape(source.title or source.url or f"source {source.id}")
    if source.url:
        url = source.url.replace("(", "%28").replace(")", "%29").replace(" ", "%20")
        url = url.replace("<", "%3C").replace(">", "%3E")
        return f"[{title}](<{url}>)"
    return title


def write(review: Review, options: ExportOptions) -> tuple[str, list[str]]:
    article, counts = review.article, summary(review)
    lines = [f"# Fact-check review: {md_escape(article.title or article.filename or '')}", ""]
    meta = [
        ("Date", article.date),
        ("Byline", article.byline),
        ("URL", article.url),
        ("File", article.filename),
        ("Imported", f"{article.imported_at} by {article.imported_by}"),
        ("Rating scale", review.scale_name),
        ("Content hash", article.content_hash[:SHORT_HASH]),
    ]
    lines += [f"- **{name}:** {md_item(value, 2)}" for name, value in meta if value]
    tags = ", ".join(f"{tag} {n}" for tag, n in counts["tags"].items())
    verdicts = ", ".join(f"{md_escape(label)} {n}" for label, n in counts["verdicts"].items())
    lines += [
        "",
        "## Summary",
        "",
        f"- **Sentences:** {counts['sentences']}; tagged {counts['tagged']}, "
        f"with evidence {counts['with_evidence']}, with a verdict {counts['with_verdict']}",
        f"- **Tags:** {tags}",
        f"- **Verdicts:** {verdicts or 'none yet'}",
        f"- **Tagged but without a verdict:** {counts['tagged_without_verdict']}",
        f"- **Reviewed, nothing to check:** {counts['nothing_to_check']}",
        f"- **Done:** {counts['done']} of {counts['sentences']} "
        f"({coverage.percent_done(counts['done'], counts['sentences'])}%)",
    ]
    unfinished = coverage.gaps(review)
    if unfinished:
        lines += ["", f"### Unfinished ({len(unfinished)})", ""]
        lines += [f"- {md_escape(gap.message)}" for gap in unfinished]
    lines += _md_corrections(review)
    lines += ["", "## Sentences", ""]
    for item in review.sentences:
        lines += _md_sentence(item, options)
    return "\n".join(lines).rstrip("\n") + "\n", []


def _md_corrections(review: Review) -> list[str]:
    """The article's revisions, with what changed in the sentences that had been reviewed;
    nothing for an article that never changed."""
    if not review.revisions:
        return []
    lines = ["", "## Corrections", ""]
    for revision in review.revisions:
        lines.append(
            f"- **Revision {revision.number}**, {md_escape(revision.made_at)} by "
            f"{md_escape(revision.made_by)}: {md_escape(revision.summary)}"
        )
        for change in revision.checked:
            lines.append(f"  - {md_escape(change_words(change))}")
    return lines


def _md_sentence(item: SentenceReview, options: ExportOptions) -> list[str]:
    sentence, verdict = item.sentence, item.verdict
    kind = " (headline)" if sentence.kind == "headline" else ""
    lines = [f"### Sentence {sentence.number}{kind}", "", _md_block(sentence.text), ""]
    if not item.tags and not item.evidence and not verdict and not item.comments:
        return lines + ["*Not tagged.*", ""]
    lines.append(f"- **Tags:** {', '.join(m.tag for m in item.tags) or 'none'}")
    if verdict:
        revised = f", revision {item.verdict_count}" if item.verdict_count > 1 else ""
        position = (
            f"off the true–false axis of {md_escape(verdict.scale)}"
            if off_axis(verdict)
            else f"{number_text(verdict.value)} on {md_escape(verdict.scale)}"
        )
        lines.append(
            f"- **Verdict:** **{md_escape(verdict.label)}** ({position}) by "
            f"{md_escape(verdict.reviewer)}, {verdict.created_at}{revised}"
        )
        for name, value in (
            ("Claim", verdict.claim),
            ("Claimant", verdict.claimant),
            ("Rationale", verdict.rationale),
        ):
            if value:
                lines.append(f"- **{name}:** {md_item(value, 2)}")
    else:
        lines.append("- **Verdict:** none yet")
    if item.approval is not None:
        approval = item.approval
        said = f": {md_item(approval.comment, 2)}" if approval.comment else ""
        lines.append(
            f"- **Editor:** {approval.decision} by {md_escape(approval.reviewer)}, "
            f"{approval.at}{said}"
        )
    # Every rated sentence is in progress until the desk moves it on (or an editor approves).
    if item.stage is not None and item.stage != "in progress":
        lines.append(f"- **Status:** {md_escape(options.statuses.name(item.stage))}")
    if item.evidence:
        lines.append("- **Evidence:**")
        for ev in item.evidence:
            source = ev.source
            details = ", ".join(
                md_escape(part)
                for part in (
                    source.publisher,
                    source.published and f"published {source.published}",
                    source.accessed_at and f"accessed {source.accessed_at}",
                )
                if part
            )
            lines.append(
                f"  - *{ev.stance}*: {_md_link(source)}" + (f" ({details})" if details else "")
            )
            if ev.excerpt:
                lines.append(f"    - Excerpt: “{md_item(ev.excerpt, 6)}”")
            if ev.note:
                lines.append(f"    - Note: {md_item(ev.note, 6)}")
            for check in ev.checks:
                lines.append(
                    f"    - {md_escape(check.kind.capitalize())} check: "
                    f"**{md_escape(check.outcome)}** — {md_item(check.summary, 6)}"
                )
    if item.comments:
        lines.append("- **Comments:**")
        lines += [
            f"  - {md_escape(c.reviewer)}, {c.at}: {md_item(c.text, 4)}" for c in item.comments
        ]
    return lines + [""]

"""Exports of an article's review: Markdown for editors, JSON and CSV for data desks.

Every export is deterministic: the same database gives the same bytes (no export time, stable
order), so two exports can be diffed. Untrusted text is escaped for each format.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from . import annotation, claimreview, coverage, html_report
from .errors import ExportError, ValidationError
from .html_report import safe_url
from .models import TAGS, Evidence, EvidenceCheck, Review, SentenceReview, Source, Verdict
from .textsafe import dumps, terminal_safe

FORMATS = ("markdown", "html", "json", "jsonl", "csv", "claimreview", "webannotation")
EXTENSIONS = {
    "markdown": "md",
    "html": "html",
    "json": "json",
    "jsonl": "jsonl",
    "csv": "csv",
    "claimreview": "claimreview.jsonld",
    "webannotation": "annotations.jsonld",
}


def export_name(title: str | None, article_id: int) -> str:
    """A file name stem for an article's export: review-12-council-backs-new-budget."""
    slug = re.sub(r"[^a-z0-9]+", "-", (title or "").lower()).strip("-")[:50].strip("-")
    return f"review-{article_id}-{slug}" if slug else f"review-{article_id}"


def summary(review: Review) -> dict[str, Any]:
    items = review.sentences
    tag_counts = Counter(mark.tag for item in items for mark in item.tags)
    verdict_counts = Counter(item.verdict.label for item in items if item.verdict)
    stance_counts = Counter(ev.stance for item in items for ev in item.evidence)
    return {
        "sentences": len(items),
        "tagged": sum(1 for item in items if item.tags),
        "with_evidence": sum(1 for item in items if item.evidence),
        "with_verdict": sum(1 for item in items if item.verdict),
        "tags": {tag: tag_counts.get(tag, 0) for tag in TAGS},
        "verdicts": dict(sorted(verdict_counts.items())),
        "evidence": dict(sorted(stance_counts.items())),
        "tagged_without_verdict": sum(1 for item in items if item.tags and not item.verdict),
    }


# ------------------------------------------------------------------- JSON
def _source(source: Source) -> dict[str, Any]:
    return {
        "id": source.id,
        "url": source.url,
        "title": source.title,
        "publisher": source.publisher,
        "published": source.published,
        "accessed_at": source.accessed_at,
        "snapshot_hash": source.snapshot_hash,
    }


def _check(check: EvidenceCheck) -> dict[str, Any]:
    return {
        "kind": check.kind,
        "outcome": check.outcome,
        "summary": check.summary,
        "detail": check.detail,
    }


def _evidence(evidence: Evidence) -> dict[str, Any]:
    return {
        "id": evidence.id,
        "stance": evidence.stance,
        "excerpt": evidence.excerpt,
        "note": evidence.note,
        "source": _source(evidence.source),
        "linked_by": evidence.created_by,
        "linked_at": evidence.created_at,
        "checks": [_check(check) for check in evidence.checks],
    }


def _verdict(verdict: Verdict | None) -> dict[str, Any] | None:
    if verdict is None:
        return None
    return {
        "label": verdict.label,
        "value": verdict.value,
        "scale": verdict.scale,
        "rationale": verdict.rationale,
        "claim": verdict.claim,
        "claimant": verdict.claimant,
        "reviewer": verdict.reviewer,
        "at": verdict.created_at,
    }


def sentence_record(item: SentenceReview) -> dict[str, Any]:
    sentence = item.sentence
    return {
        "number": sentence.number,
        "kind": sentence.kind,
        "paragraph": sentence.paragraph,
        "start": sentence.start,
        "end": sentence.end,
        "text": sentence.text,
        "tags": [mark.tag for mark in item.tags],
        "tagged_by": {mark.tag: {"by": mark.set_by, "at": mark.set_at} for mark in item.tags},
        "evidence": [_evidence(ev) for ev in item.evidence],
        "verdict": _verdict(item.verdict),
        "verdict_revisions": item.verdict_count,
    }


def to_json(review: Review) -> str:
    article = review.article
    document = {
        "article": {
            "id": article.id,
            "title": article.title,
            "date": article.date,
            "byline": article.byline,
            "url": article.url,
            "filename": article.filename,
            "content_hash": article.content_hash,
            "imported_at": article.imported_at,
            "imported_by": article.imported_by,
        },
        "scale": review.scale_name,
        "summary": summary(review),
        "sentences": [sentence_record(item) for item in review.sentences],
    }
    return dumps(document) + "\n"


# -------------------------------------------------------------------- CSV
CSV_COLUMNS = (
    "article_id",
    "number",
    "kind",
    "paragraph",
    "start",
    "end",
    "text",
    "tags",
    "evidence_count",
    "evidence",
    "checks",
    "verdict",
    "verdict_value",
    "scale",
    "rationale",
    "claim",
    "claimant",
    "reviewer",
    "verdict_at",
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: Any) -> Any:
    """Keep a spreadsheet from running a cell as a formula (OWASP CSV injection advice)."""
    if isinstance(cell, str) and cell.startswith(_FORMULA_START):
        return "'" + cell
    return cell


def to_csv(review: Review) -> str:
    out = io.StringIO()
    # A BOM so spreadsheet programs read UTF-8 rather than a legacy code page.
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for item in review.sentences:
        sentence, verdict = item.sentence, item.verdict
        evidence = " | ".join(
            f"{ev.stance}: {ev.source.title or ev.source.url or ''}"
            + (f" <{ev.source.url}>" if ev.source.url and ev.source.title else "")
            + (f" — “{ev.excerpt}”" if ev.excerpt else "")
            for ev in item.evidence
        )
        checks = "; ".join(
            f"{check.kind} {check.outcome}: {check.summary}"
            for ev in item.evidence
            for check in ev.checks
        )
        row = [
            review.article.id,
            sentence.number,
            sentence.kind,
            sentence.paragraph,
            sentence.start,
            sentence.end,
            sentence.text,
            ";".join(mark.tag for mark in item.tags),
            len(item.evidence),
            evidence,
            checks,
            verdict.label if verdict else "",
            _number(verdict.value) if verdict else "",
            verdict.scale if verdict else "",
            (verdict.rationale or "") if verdict else "",
            (verdict.claim or "") if verdict else "",
            (verdict.claimant or "") if verdict else "",
            verdict.reviewer if verdict else "",
            verdict.created_at if verdict else "",
        ]
        writer.writerow([neutralise(cell) for cell in row])
    return out.getvalue()


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def off_axis(verdict: Verdict) -> bool:
    """A label off the scale's truth axis (number below 1, e.g. Unverifiable)."""
    return verdict.value < 1


# --------------------------------------------------------------- Markdown
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


def _md_block(text: str) -> str:
    return "\n".join("> " + md_escape(line) for line in text.splitlines() or [""])


def _md_link(source: Source) -> str:
    title = md_escape(source.title or source.url or f"source {source.id}")
    if source.url:
        url = source.url.replace("(", "%28").replace(")", "%29").replace(" ", "%20")
        url = url.replace("<", "%3C").replace(">", "%3E")
        return f"[{title}](<{url}>)"
    return title


def to_markdown(review: Review) -> str:
    article, counts = review.article, summary(review)
    lines = [f"# Fact-check review: {md_escape(article.title or article.filename or '')}", ""]
    meta = [
        ("Date", article.date),
        ("Byline", article.byline),
        ("URL", article.url),
        ("File", article.filename),
        ("Imported", f"{article.imported_at} by {article.imported_by}"),
        ("Rating scale", review.scale_name),
        ("Content hash", article.content_hash[:16]),
    ]
    lines += [f"- **{name}:** {md_escape(value)}" for name, value in meta if value]
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
    ]
    unfinished = coverage.gaps(review)
    if unfinished:
        lines += ["", f"### Unfinished ({len(unfinished)})", ""]
        lines += [f"- {md_escape(gap.message)}" for gap in unfinished]
    lines += ["", "## Sentences", ""]
    for item in review.sentences:
        lines += _md_sentence(item)
    return "\n".join(lines).rstrip("\n") + "\n"


def _md_sentence(item: SentenceReview) -> list[str]:
    sentence, verdict = item.sentence, item.verdict
    kind = " (headline)" if sentence.kind == "headline" else ""
    lines = [f"### Sentence {sentence.number}{kind}", "", _md_block(sentence.text), ""]
    if not item.tags and not item.evidence and not verdict:
        return lines + ["*Not tagged.*", ""]
    lines.append(f"- **Tags:** {', '.join(m.tag for m in item.tags) or 'none'}")
    if verdict:
        revised = f", revision {item.verdict_count}" if item.verdict_count > 1 else ""
        position = (
            f"off the true–false axis of {md_escape(verdict.scale)}"
            if off_axis(verdict)
            else f"{_number(verdict.value)} on {md_escape(verdict.scale)}"
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
                lines.append(f"- **{name}:** {md_escape(value)}")
    else:
        lines.append("- **Verdict:** none yet")
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
                lines.append(f"    - Excerpt: “{md_escape(ev.excerpt)}”")
            if ev.note:
                lines.append(f"    - Note: {md_escape(ev.note)}")
            for check in ev.checks:
                lines.append(
                    f"    - {md_escape(check.kind.capitalize())} check: "
                    f"**{md_escape(check.outcome)}** — {md_escape(check.summary)}"
                )
    return lines + [""]


@dataclass(frozen=True, slots=True)
class ExportOptions:
    organisation_name: str | None = None
    organisation_url: str | None = None
    # Where the published report lives; ClaimReview links to it. `{article}` in it stands for
    # the article's number.
    report_url: str | None = None
    strict: bool = False  # refuse a ClaimReview export rather than leave a verdict out
    # Several articles exported at once: without `{article}` in the report URL their claims
    # share a page, so each anchor names its article.
    several_articles: bool = False


def check_publish_url(value: str | None, what: str, *, placeholder: bool = False) -> str | None:
    """An organisation or report URL as given, or a ValidationError saying what is wrong.
    With `placeholder`, `{article}` may stand for the article's number."""
    if value is None:
        return None
    page = claimreview.report_page(value, 1) if placeholder else value
    if safe_url(page) is None or page.strip() != page:
        raise ValidationError(
            f"{what} must be an http(s) URL such as https://factcheck.example.org, not {value!r}"
        )
    if not placeholder and claimreview.ARTICLE_PLACEHOLDER in value:
        raise ValidationError(
            f"{what} cannot hold {claimreview.ARTICLE_PLACEHOLDER}; only --report-url can"
        )
    if "#" in value:
        raise ValidationError(
            f"{what} must not have a #fragment: each claim gets its own anchor ({value!r})"
        )
    return value


def organisation_warning(options: ExportOptions) -> str | None:
    """What a ClaimReview export lacks when no organisation is configured, or None."""
    missing = [
        what
        for what, value in (("name", options.organisation_name), ("URL", options.organisation_url))
        if not value
    ]
    if not missing:
        return None
    return (
        f"no organisation {' or '.join(missing)} configured: ClaimReview "
        f"{'has no author' if len(missing) == 2 else 'author is incomplete'}; set "
        "[organisation] name and url in the config, or give --org-name and --org-url"
    )


@dataclass(frozen=True, slots=True)
class Export:
    text: str
    warnings: tuple[str, ...]


def to_jsonl(review: Review) -> str:
    lines = [
        dumps({"article_id": review.article.id, **sentence_record(item)}, indent=None)
        for item in review.sentences
    ]
    return "\n".join(lines) + "\n"


def _build_claimreview(
    review: Review,
    options: ExportOptions,
) -> tuple[list[dict[str, Any]], list[claimreview.Problem]]:
    scales = {scale.name: scale for scale in review.scales}
    organisation = {"name": options.organisation_name, "url": options.organisation_url}
    return claimreview.build(
        review,
        scales,
        organisation,
        options.report_url or options.organisation_url,
        several=options.several_articles,
    )


def claimreview_failures(review: Review, options: ExportOptions | None = None) -> list[str]:
    """The lint problems that would refuse a strict ClaimReview export of this article, each
    naming the article, the sentence and the rule."""
    _, problems = _build_claimreview(review, options or ExportOptions())
    return [f"article {review.article.id} {p.message}" for p in problems]


def _claimreview(review: Review, options: ExportOptions) -> tuple[str, list[str]]:
    published, problems = _build_claimreview(review, options)
    messages = [p.message for p in problems]
    left_out = sorted({p.number for p in problems})
    if left_out and options.strict:
        raise ExportError(
            "ClaimReview refused (--strict): "
            + "; ".join(f"article {review.article.id} {m}" for m in messages)
        )
    if left_out:
        messages.append(
            f"left out of the ClaimReview export: sentence(s) {', '.join(map(str, left_out))}"
        )
    return dumps(published) + "\n", messages


def export(review: Review, fmt: str, options: ExportOptions | None = None) -> Export:
    """Render one format, with the coverage gaps (and lint problems) as warnings."""
    options = options or ExportOptions()
    warnings = [gap.message for gap in coverage.gaps(review)]
    if fmt == "claimreview":
        text, problems = _claimreview(review, options)
        warnings += problems
    elif fmt == "html":
        text = html_report.to_html(
            review, summary(review), options.organisation_name, options.organisation_url
        )
    elif fmt == "webannotation":
        text = dumps(annotation.collection(review)) + "\n"
    elif fmt in RENDERERS:
        text = RENDERERS[fmt](review)
    else:
        raise ValidationError(f"unknown export format {fmt!r}; choose one of: {', '.join(FORMATS)}")
    return Export(text, tuple(warnings))


RENDERERS: dict[str, Callable[[Review], str]] = {
    "markdown": to_markdown,
    "json": to_json,
    "jsonl": to_jsonl,
    "csv": to_csv,
}


def render(review: Review, fmt: str, options: ExportOptions | None = None) -> str:
    return export(review, fmt, options).text

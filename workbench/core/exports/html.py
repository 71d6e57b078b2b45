"""The editor's HTML report: one self-contained file (inline CSS, no external requests),
readable on screen and printable. Every piece of article and evidence text is escaped; links are
emitted only for http(s) URLs."""

from __future__ import annotations

from html import escape

from ..coverage import gaps
from ..models import EvidenceCheck, Review, SentenceReview, Source, Verdict
from ..scales import Scale
from ..textsafe import terminal_safe
from .common import SHORT_HASH, change_words, is_draft, off_axis, safe_url, summary
from .options import ExportOptions

# Verdict colours run from the false end of a scale (rating-0, red) to the true end (rating-4,
# green); a label off the truth axis (number below 1, e.g. Unverifiable) is grey.
CSS = """
:root { --ink: #1d1f23; --muted: #5b616e; --line: #d9dce3; --pending: #dde9fb;
        --supports: #1a7f37; --refutes: #b42318; --context: #175cd3; --bg: #ffffff;
        --r0: #b42318; --r1: #c2410c; --r2: #a15c07; --r3: #4d7c0f; --r4: #1a7f37;
        --roff: #5b616e;
        --r0-bg: #fecaca; --r1-bg: #fed7aa; --r2-bg: #fdeec4; --r3-bg: #e5f2c8;
        --r4-bg: #d3f0dc; --roff-bg: #e6e8ec; }
* { box-sizing: border-box; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { font: 16px/1.55 Georgia, 'Times New Roman', serif; color: var(--ink);
       background: var(--bg); margin: 0; overflow-wrap: anywhere; }
main { max-width: 50rem; margin: 0 auto; padding: 2rem 1.25rem 4rem; }
h1 { font-size: 1.7rem; line-height: 1.25; margin: 0 0 .5rem; }
h2 { font: 600 1.05rem/1.3 system-ui, sans-serif; text-transform: uppercase;
     letter-spacing: .06em; color: var(--muted); border-bottom: 1px solid var(--line);
     padding-bottom: .3rem; margin-top: 2.5rem; }
.meta, .small, table, .badge, .entry-head, .gaps { font-family: system-ui, sans-serif; }
.meta { color: var(--muted); font-size: .9rem; margin: 0; }
.meta dt { font-weight: 600; display: inline; }
.meta dd { display: inline; margin: 0 1rem 0 .25rem; }
table { border-collapse: collapse; font-size: .9rem; margin: .75rem 0; }
th, td { text-align: left; padding: .2rem .9rem .2rem 0; border-bottom: 1px solid var(--line); }
.gaps { background: #fff8e6; border-left: 4px solid #f0b429; padding: .5rem 1rem;
        font-size: .9rem; }
.gaps ul { margin: .25rem 0; padding-left: 1.2rem; }
.entry { border-top: 1px solid var(--line); padding: 1rem 0; break-inside: avoid; }
.entry-head { display: flex; gap: .5rem; align-items: baseline; flex-wrap: wrap;
              font-size: .85rem; color: var(--muted); }
.entry-head a { color: inherit; }
blockquote { margin: .5rem 0; padding: .25rem 0 .25rem 1rem; border-left: 3px solid var(--line);
             font-size: 1.05rem; }
.badge { display: inline-block; font-size: .75rem; font-weight: 600; padding: .05rem .45rem;
         border-radius: .25rem; background: #eef0f4; color: var(--ink); }
.rating { font-size: .95rem; background: var(--ink); color: #fff; }
.rating.rating-0 { background: var(--r0); } .rating.rating-1 { background: var(--r1); }
.rating.rating-2 { background: var(--r2); } .rating.rating-3 { background: var(--r3); }
.rating.rating-4 { background: var(--r4); } .rating.rating-off { background: var(--roff); }
.evidence { list-style: none; padding: 0; margin: .5rem 0 0; }
.evidence li { margin: .5rem 0; padding-left: .75rem; border-left: 3px solid var(--line); }
.evidence li.supports { border-color: var(--supports); }
.evidence li.refutes { border-color: var(--refutes); }
.evidence li.context { border-color: var(--context); }
.stance { font: 600 .8rem system-ui, sans-serif; text-transform: uppercase; }
.supports .stance { color: var(--supports); } .refutes .stance { color: var(--refutes); }
.context .stance { color: var(--context); }
.excerpt { font-style: italic; margin: .2rem 0; }
.check { font: .85rem/1.45 system-ui, sans-serif; margin: .2rem 0; }
.check-kind { font-weight: 600; color: var(--muted); }
.outcome { font-weight: 700; padding: 0 .35rem; border-radius: .2rem; }
.check-fine .outcome { background: var(--r4-bg); color: #14532d; }
.check-caution .outcome { background: var(--r2-bg); color: #713f12; }
.check-bad .outcome { background: var(--r0-bg); color: #7f1d1d; }
.small { font-size: .82rem; color: var(--muted); }
.draft { background: #fdecea; border: 2px solid var(--refutes); padding: .5rem 1rem;
         font: 600 1rem system-ui, sans-serif; color: var(--refutes); }
.comments { font: .88rem/1.45 system-ui, sans-serif; margin: .5rem 0 0; padding-left: 1.2rem; }
.article p { margin: 0 0 .9rem; white-space: pre-wrap; }
mark { padding: 0 .1rem; color: inherit; background: var(--pending);
       box-shadow: inset 0 -2px 0 var(--context); }
mark.rating-0 { background: var(--r0-bg); box-shadow: inset 0 -2px 0 var(--r0); }
mark.rating-1 { background: var(--r1-bg); box-shadow: inset 0 -2px 0 var(--r1); }
mark.rating-2 { background: var(--r2-bg); box-shadow: inset 0 -2px 0 var(--r2); }
mark.rating-3 { background: var(--r3-bg); box-shadow: inset 0 -2px 0 var(--r3); }
mark.rating-4 { background: var(--r4-bg); box-shadow: inset 0 -2px 0 var(--r4); }
mark.rating-off { background: var(--roff-bg); box-shadow: inset 0 -2px 0 var(--roff); }
.legend { font: .8rem system-ui, sans-serif; color: var(--muted); margin: .5rem 0 1rem; }
.legend mark { padding: 0 .3rem; margin-right: .5rem; color: var(--ink); }
.article mark a { color: inherit; text-decoration: none; }
.article sup { font: 600 .7rem system-ui, sans-serif; }
footer { margin-top: 3rem; font-size: .8rem; color: var(--muted); font-family: system-ui; }
@media print {
  body { font-size: 11pt; } main { max-width: none; padding: 0; }
  a { color: inherit; } .entry { page-break-inside: avoid; }
  a[href^="http"]::after { content: " (" attr(href) ")"; font-size: 8pt; color: #555; }
}
"""

TOP_RATING = 4  # the colour classes run rating-0 … rating-4


def _e(text: object) -> str:
    # Control characters (an escape sequence in an article) are shown as \x1b, not kept.
    return escape(terminal_safe(str(text)), quote=True)


def _link(url: str | None, label: str) -> str:
    href = safe_url(url)
    if href is None:
        return _e(label)
    return f'<a href="{_e(href)}" rel="noopener noreferrer">{_e(label)}</a>'


def _source(source: Source) -> str:
    title = source.title or source.url or f"source {source.id}"
    details = [
        source.publisher,
        source.published and f"published {source.published}",
        source.accessed_at and f"accessed {source.accessed_at}",
    ]
    extra = ", ".join(_e(d) for d in details if d)
    return _link(source.url, title) + (f' <span class="small">— {extra}</span>' if extra else "")


def rating_class(verdict: Verdict, scales: dict[str, Scale]) -> str:
    """The verdict's colour class: rating-0 (the false end of its scale) … rating-4 (the true
    end), rating-off for a label off the truth axis, "" when the scale is unknown."""
    if off_axis(verdict):
        return "rating-off"
    scale = scales.get(verdict.scale)
    if scale is None:
        return ""
    worst, best = scale.worst, scale.best
    if best <= worst:
        return f"rating-{TOP_RATING}"
    position = min(1.0, max(0.0, (verdict.value - worst) / (best - worst)))
    return f"rating-{int(position * TOP_RATING + 0.5)}"


CHECK_STYLE = {
    "exact": "fine",
    "agree": "fine",
    "rounded": "fine",
    "near": "caution",
    "missing": "caution",
    "differ": "bad",
    "not found": "bad",
}


def _check(check: EvidenceCheck) -> str:
    style = CHECK_STYLE.get(check.outcome, "caution")
    return (
        f'<p class="check check-{style}"><span class="check-kind">'
        f"{_e(check.kind.capitalize())} check:</span> "
        f'<span class="outcome">{_e(check.outcome)}</span> {_e(check.summary)}</p>'
    )


def _rated(verdict: Verdict, revisions: int) -> str:
    if off_axis(verdict):
        position = f"off the true–false axis of {_e(verdict.scale)}"
    else:
        position = f"{verdict.value:g} on {_e(verdict.scale)}"
    return (
        f'<p class="small">Rated {_e(verdict.label)} ({position}) by '
        f"{_e(verdict.reviewer)}, {_e(verdict.created_at)}"
        + (f"; revision {revisions}" if revisions > 1 else "")
        + "</p>"
    )


def _decision(item: SentenceReview, review: Review) -> str:
    """The editor's decision on the verdict, when the desk has editors."""
    if not review.approval_required or (item.verdict is None and item.withheld is None):
        return ""
    if item.withheld is not None:
        return (
            f'<p class="small">The verdict {_e(item.withheld.label)} is not published: no '
            "editor has approved it yet.</p>"
        )
    approval = item.approval
    if approval is None:
        return '<p class="small"><strong>Draft:</strong> not approved by an editor.</p>'
    if approval.decision == "approved":
        return f'<p class="small">Approved by {_e(approval.reviewer)}, {_e(approval.at)}</p>'
    comment = f": {_e(approval.comment)}" if approval.comment else ""
    return (
        f'<p class="small"><strong>Draft:</strong> returned by {_e(approval.reviewer)}, '
        f"{_e(approval.at)}{comment}</p>"
    )


def _comments(item: SentenceReview) -> str:
    if not item.comments:
        return ""
    rows = "".join(f"<li>{_e(c.reviewer)}, {_e(c.at)}: {_e(c.text)}</li>" for c in item.comments)
    return f'<p class="small">Comments:</p><ul class="comments">{rows}</ul>'


def _entry(item: SentenceReview, article_id: int, scales: dict[str, Scale], review: Review) -> str:
    s, verdict = item.sentence, item.verdict
    tags = " ".join(f'<span class="badge">{_e(m.tag)}</span>' for m in item.tags)
    rating = f"badge rating {rating_class(verdict, scales)}".rstrip() if verdict else ""
    # `claim-N` for links within the report; `sentence-ID`, which splits and merges elsewhere
    # never move and no other article shares, for ClaimReview's links from outside.
    parts = [
        f'<article class="entry" id="claim-{s.number}">',
        f'<span id="sentence-{s.id}"></span>',
        f'<div class="entry-head"><a href="#s-{s.number}">Sentence {s.number}</a> {tags}',
        f'<span class="{rating}">{_e(verdict.label)}</span>'
        if verdict
        else '<span class="badge">awaiting approval</span>'
        if item.withheld
        else '<span class="badge">no verdict yet</span>',
        "</div>",
        f"<blockquote>{_e(s.text)}</blockquote>",
    ]
    if verdict:
        if verdict.claim:
            parts.append(f"<p><strong>Claim:</strong> {_e(verdict.claim)}</p>")
        if verdict.claimant:
            parts.append(f"<p><strong>Claimant:</strong> {_e(verdict.claimant)}</p>")
        if verdict.rationale:
            parts.append(f"<p><strong>Rationale:</strong> {_e(verdict.rationale)}</p>")
        parts.append(_rated(verdict, item.verdict_count))
    parts += [extra for extra in (_decision(item, review), _comments(item)) if extra]
    if item.evidence:
        parts.append('<ul class="evidence">')
        for ev in item.evidence:
            parts.append(
                f'<li class="{_e(ev.stance)}"><span class="stance">{_e(ev.stance)}</span>'
                f" {_source(ev.source)}"
            )
            if ev.excerpt:
                parts.append(f'<p class="excerpt">“{_e(ev.excerpt)}”</p>')
            if ev.note:
                parts.append(f'<p class="small">Note: {_e(ev.note)}</p>')
            parts += [_check(check) for check in ev.checks]
            parts.append(
                f'<p class="small">Linked by {_e(ev.created_by)}, {_e(ev.created_at)}</p></li>'
            )
        parts.append("</ul>")
    else:
        parts.append('<p class="small">No evidence linked.</p>')
    parts.append("</article>")
    return "\n".join(parts)


def _legend(review: Review, scales: dict[str, Scale]) -> str:
    """What the highlight colours of the article mean: each verdict used, true end first."""
    used = {
        (item.verdict.value, item.verdict.label, rating_class(item.verdict, scales))
        for item in review.sentences
        if item.verdict
    }
    keys = [
        f'<mark class="{css}">{_e(label)}</mark>'
        for _, label, css in sorted(used, key=lambda u: (-u[0], u[1]))
    ]
    if any(item.tags and not item.verdict for item in review.sentences):
        keys.append("<mark>no verdict yet</mark>")
    return f'<p class="legend">Highlights: {"".join(keys)}</p>' if keys else ""


def _article_text(review: Review, scales: dict[str, Scale]) -> str:
    """The article, paragraph by paragraph, with checked sentences marked and linked."""
    text = review.article.text
    colour = {
        item.sentence.id: rating_class(item.verdict, scales)
        for item in review.sentences
        if item.verdict
    }
    checked = {item.sentence.id for item in review.sentences if item.tags or item.verdict}
    paragraphs: dict[int, list[str]] = {}
    last_end: dict[int, int] = {}
    for item in review.sentences:
        s = item.sentence
        chunks = paragraphs.setdefault(s.paragraph, [])
        if s.paragraph in last_end:
            chunks.append(_e(text[last_end[s.paragraph] : s.start]))
        body = _e(s.text)
        if s.id in checked:
            css = f' class="{colour[s.id]}"' if colour.get(s.id) else ""
            chunks.append(
                f'<mark id="s-{s.number}"{css}><a href="#claim-{s.number}">{body}'
                f"</a><sup>{s.number}</sup></mark>"
            )
        else:
            chunks.append(f'<span id="s-{s.number}">{body}</span>')
        last_end[s.paragraph] = s.end
    return "\n".join(f"<p>{''.join(chunks)}</p>" for _, chunks in sorted(paragraphs.items()))


def _corrections(review: Review) -> str:
    """The article's revisions, with what changed in the sentences that had been reviewed;
    nothing at all for an article that never changed."""
    if not review.revisions:
        return ""
    items = []
    for revision in review.revisions:
        changed = "".join(f"<li>{_e(change_words(c))}</li>" for c in revision.checked)
        items.append(
            f"<li><strong>Revision {revision.number}</strong>, {_e(revision.made_at)} by "
            f"{_e(revision.made_by)}: {_e(revision.summary)}"
            + (f"<ul>{changed}</ul>" if changed else "")
            + "</li>"
        )
    return f'<h2 id="corrections">Corrections</h2>\n<ul class="corrections">{"".join(items)}</ul>\n'


def write(review: Review, options: ExportOptions) -> tuple[str, list[str]]:
    organisation_name, organisation_url = options.organisation_name, options.organisation_url
    counts = summary(review)
    article = review.article
    scales = {scale.name: scale for scale in review.scales}
    title = article.title or article.filename or "Untitled article"
    kicker = "Fact-check review"
    if organisation_name:
        kicker += f" by <strong>{_link(organisation_url, organisation_name)}</strong>"
    meta = [
        ("Date", article.date),
        ("Byline", article.byline),
        ("File", article.filename),
        ("Scale", review.scale_name),
    ]
    meta_html = "".join(f"<dt>{_e(k)}</dt><dd>{_e(v)}</dd>" for k, v in meta if v)
    if safe_url(article.url):
        meta_html += f"<dt>URL</dt><dd>{_link(article.url, article.url or '')}</dd>"
    rows = [
        ("Sentences", counts["sentences"]),
        ("Tagged", counts["tagged"]),
        ("With evidence", counts["with_evidence"]),
        ("With a verdict", counts["with_verdict"]),
        ("Tagged but without a verdict", counts["tagged_without_verdict"]),
        ("Reviewed, nothing to check", counts["nothing_to_check"]),
        ("Done (tagged and rated, or nothing to check)", counts["done"]),
        *[(f"Tag: {k}", v) for k, v in counts["tags"].items()],
        *[(f"Verdict: {k}", v) for k, v in counts["verdicts"].items()],
    ]
    table = "".join(f"<tr><th>{_e(k)}</th><td>{_e(v)}</td></tr>" for k, v in rows)
    found = gaps(review)
    gap_html = ""
    if found:
        items = "".join(f'<li><a href="#claim-{g.number}">{_e(g.message)}</a></li>' for g in found)
        gap_html = (
            f'<div class="gaps"><strong>Unfinished ({len(found)}):</strong><ul>{items}</ul></div>'
        )
    if is_draft(review, options):
        numbers = ", ".join(str(item.sentence.number) for item in review.unapproved)
        gap_html = (
            '<p class="draft">DRAFT — not for publication: the verdicts on sentence(s) '
            f"{numbers} have not been approved by an editor.</p>\n" + gap_html
        )
        kicker = "DRAFT · " + kicker
    entries = [item for item in review.sentences if item.tags or item.verdict or item.comments]
    body = (
        "\n".join(_entry(item, article.id, scales, review) for item in entries)
        or "<p>No sentence has been checked.</p>"
    )
    return (
        f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="referrer" content="no-referrer">
<title>{"DRAFT · " if is_draft(review, options) else ""}Fact-check review: {_e(title)}</title>
<style>{CSS}</style>
</head>
<body>
<main>
<p class="meta">{kicker}</p>
<h1>{_e(title)}</h1>
<dl class="meta">{meta_html}</dl>
<h2>Summary</h2>
<table>{table}</table>
{gap_html}
{_corrections(review)}<h2>Checked sentences</h2>
{body}
<h2>The article</h2>
{_legend(review, scales)}
<div class="article">
{_article_text(review, scales)}
</div>
<footer>Article {article.id} · content hash {_e(article.content_hash[:SHORT_HASH])} · imported
{_e(article.imported_at)} by {_e(article.imported_by)}</footer>
</main>
</body>
</html>
""",
        [],
    )

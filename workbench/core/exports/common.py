"""What several export formats share: the review's counts, link safety, how numbers read."""

from __future__ import annotations

from collections import Counter
from typing import Any

from ..models import TAGS, Review, RevisionChange, Verdict
from ..scales import TRUTH_AXIS_START
from ..textsafe import dumps
from ..validate import url_problem

SHORT_HASH = 16  # characters of the content hash a report shows


def change_words(change: RevisionChange) -> str:
    """A changed sentence that had been reviewed, in a correction note's words."""
    where = f"sentence {change.new_number}" if change.new_number else "a sentence"
    if change.kind == "removed":
        return f"removed ({change.review}): “{change.old}”"
    if change.kind == "added":
        return f"added {where}"
    return f"{change.kind} {where} ({change.review}), was: “{change.old}”"


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
        "nothing_to_check": sum(1 for item in items if item.marked),
        "done": sum(1 for item in items if item.sentence.done),
    }


def is_draft(review: Review, options: Any) -> bool:
    """A published format that carries verdicts no editor approved is a draft."""
    return bool(getattr(options, "include_unapproved", False) and review.unapproved)


def safe_url(url: str | None) -> str | None:
    """The URL if it is an http(s) URL RFC 3986 allows, else None: no javascript:, data: or
    relative links, nothing a browser or a JSON-LD reader would have to guess at."""
    if not url:
        return None
    url = url.strip()
    return url if url_problem(url) is None else None


def jsonld_dumps(data: Any) -> str:
    """JSON-LD that can be pasted into an HTML <script type="application/ld+json"> block:
    "<", ">" and "&" are written as \\u003c, \\u003e and \\u0026, so a "</script>" in a
    claim cannot end the block. JSON readers see the same characters."""
    text = dumps(data)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def number_value(value: float) -> int | float:
    """A rating number as every export writes it: 3, not 3.0; 2.5 stays 2.5."""
    return int(value) if float(value).is_integer() else float(value)


def number_text(value: float) -> str:
    """A rating number as a reader writes it: 3, not 3.0."""
    return str(number_value(value))


def off_axis(verdict: Verdict) -> bool:
    """A label off the scale's truth axis (number below 1, e.g. Unverifiable)."""
    return verdict.value < TRUTH_AXIS_START

"""What several export formats share: the review's counts, link safety, how numbers read."""

from __future__ import annotations

from collections import Counter
from typing import Any
from urllib.parse import urlsplit

from ..models import TAGS, Review, Verdict

# A scale's truth axis starts at 1; a label numbered below it (Unverifiable) is off the axis.
TRUTH_AXIS_START = 1
SHORT_HASH = 16  # characters of the content hash a report shows


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


def safe_url(url: str | None) -> str | None:
    """The URL if it is http(s), else None: no javascript:, data: or relative links."""
    if not url:
        return None
    parts = urlsplit(url.strip())
    if parts.scheme.lower() in {"http", "https"} and parts.netloc:
        return url.strip()
    return None


def number_text(value: float) -> str:
    """A rating number as a reader writes it: 3, not 3.0."""
    return str(int(value)) if float(value).is_integer() else str(value)


def off_axis(verdict: Verdict) -> bool:
    """A label off the scale's truth axis (number below 1, e.g. Unverifiable)."""
    return verdict.value < TRUTH_AXIS_START

"""W3C Web Annotation JSON-LD: each tagged sentence as an annotation on the article.

The target is the stored text, named by its content hash (`urn:sha256:…`), since that is what
the TextPositionSelector's positions count in (Unicode characters); the live page, which may
hold other markup or line endings, is given as the target's `scope`. The TextQuoteSelector
finds the sentence in either. Tags are `tagging` bodies; the verdict an `assessing` body; the
claim restatement and the claimant `describing` bodies; each piece of evidence a `commenting`
body with its stance and excerpt, and a `linking` body to its source where it has a URL.

An article with no tagged sentence exports a collection with `total` 0 and no page: a page
needs at least one item.
"""

from __future__ import annotations

from typing import Any

from ..models import Evidence, Review, SentenceReview
from .common import jsonld_dumps, safe_url
from .options import ExportOptions

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
AFFIX = 32
PLAIN = "text/plain"


def stored_text(review: Review) -> str:
    """The IRI of the article's stored text: its SHA-256 as a URN (RFC 6920-style naming)."""
    return f"urn:sha256:{review.article.content_hash}"


def _text(value: str, purpose: str, **extra: Any) -> dict[str, Any]:
    return {"type": "TextualBody", "purpose": purpose, "value": value, "format": PLAIN, **extra}


def _evidence(ev: Evidence) -> list[dict[str, Any]]:
    source = ev.source
    name = source.title or source.url or f"source {source.id}"
    said = f"{ev.stance}: {name}"
    if ev.excerpt:
        said += f" — “{ev.excerpt}”"
    if ev.note:
        said += f" ({ev.note})"
    bodies = [_text(said, "commenting")]
    url = safe_url(source.url)
    if url is not None:
        link: dict[str, Any] = {"type": "SpecificResource", "purpose": "linking", "source": url}
        if ev.excerpt:
            link["selector"] = {"type": "TextQuoteSelector", "exact": ev.excerpt}
        bodies.append(link)
    return bodies


def annotation(item: SentenceReview, review: Review) -> dict[str, Any]:
    s = item.sentence
    text = review.article.text
    bodies: list[dict[str, Any]] = [
        {"type": "TextualBody", "purpose": "tagging", "value": mark.tag} for mark in item.tags
    ]
    if item.verdict is not None:
        v = item.verdict
        value = v.label + (f": {v.rationale}" if v.rationale else "")
        creator = {"type": "Person", "name": v.reviewer}
        bodies.append(_text(value, "assessing", creator=creator, created=v.created_at))
        if v.claim:
            bodies.append(_text(f"Claim: {v.claim}", "describing"))
        if v.claimant:
            bodies.append(_text(f"Claimant: {v.claimant}", "describing"))
    for ev in item.evidence:
        bodies += _evidence(ev)
    creators = sorted({m.set_by for m in item.tags})
    created = min((m.set_at for m in item.tags), default=review.article.imported_at)
    target: dict[str, Any] = {
        "source": stored_text(review),
        "selector": [
            {"type": "TextPositionSelector", "start": s.start, "end": s.end},
            {
                "type": "TextQuoteSelector",
                "exact": s.text,
                "prefix": text[max(0, s.start - AFFIX) : s.start],
                "suffix": text[s.end : s.end + AFFIX],
            },
        ],
    }
    live = safe_url(review.article.url)
    if live is not None:
        target["scope"] = live
    return {
        "@context": CONTEXT,
        "id": f"{stored_text(review)}#sentence-{s.start}-{s.end}",
        "type": "Annotation",
        "motivation": "assessing" if item.verdict is not None else "tagging",
        "created": created,
        "creator": [{"type": "Person", "name": name} for name in creators],
        "body": bodies,
        "target": target,
    }


def collection(review: Review) -> dict[str, Any]:
    items = [annotation(item, review) for item in review.sentences if item.tags]
    document: dict[str, Any] = {
        "@context": CONTEXT,
        "id": f"{stored_text(review)}#review",
        "type": "AnnotationCollection",
        "label": f"Fact-check review of {review.article.title or review.article.filename}",
        "total": len(items),
    }
    if items:
        document["first"] = {
            "id": f"{stored_text(review)}#review-page-1",
            "type": "AnnotationPage",
            "partOf": document["id"],
            "startIndex": 0,
            "items": items,
        }
    return document


def write(review: Review, options: ExportOptions) -> tuple[str, list[str]]:
    return jsonld_dumps(collection(review)) + "\n", []

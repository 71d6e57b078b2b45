"""W3C Web Annotation JSON-LD: each tagged sentence as an annotation on the article, with a
TextPositionSelector and a TextQuoteSelector; tags are `tagging` bodies, the verdict an
`assessing` body."""

from __future__ import annotations

from typing import Any

from ..models import Review, SentenceReview
from ..textsafe import dumps
from .common import safe_url
from .options import ExportOptions

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
AFFIX = 32


def _target(review: Review) -> str:
    article = review.article
    return safe_url(article.url) or f"urn:sha256:{article.content_hash}"


def annotation(item: SentenceReview, review: Review) -> dict[str, Any]:
    s = item.sentence
    text = review.article.text
    bodies: list[dict[str, Any]] = [
        {"type": "TextualBody", "purpose": "tagging", "value": mark.tag} for mark in item.tags
    ]
    if item.verdict is not None:
        v = item.verdict
        value = v.label + (f": {v.rationale}" if v.rationale else "")
        bodies.append(
            {
                "type": "TextualBody",
                "purpose": "assessing",
                "value": value,
                "format": "text/plain",
                "creator": {"type": "Person", "name": v.reviewer},
                "created": v.created_at,
            }
        )
    for ev in item.evidence:
        body: dict[str, Any] = {
            "type": "TextualBody",
            "purpose": "linking",
            "value": f"{ev.stance}: {ev.source.title or ev.source.url or ''}",
        }
        if safe_url(ev.source.url):
            body = {"type": "SpecificResource", "purpose": "linking", "source": ev.source.url}
        bodies.append(body)
    creators = sorted({m.set_by for m in item.tags})
    created = min((m.set_at for m in item.tags), default=review.article.imported_at)
    return {
        "@context": CONTEXT,
        "id": f"urn:sha256:{review.article.content_hash}#sentence-{s.start}-{s.end}",
        "type": "Annotation",
        "motivation": "assessing" if item.verdict is not None else "tagging",
        "created": created,
        "creator": [{"type": "Person", "name": name} for name in creators],
        "body": bodies,
        "target": {
            "source": _target(review),
            "selector": [
                {"type": "TextPositionSelector", "start": s.start, "end": s.end},
                {
                    "type": "TextQuoteSelector",
                    "exact": s.text,
                    "prefix": text[max(0, s.start - AFFIX) : s.start],
                    "suffix": text[s.end : s.end + AFFIX],
                },
            ],
        },
    }


def collection(review: Review) -> dict[str, Any]:
    items = [annotation(item, review) for item in review.sentences if item.tags]
    return {
        "@context": CONTEXT,
        "id": f"urn:sha256:{review.article.content_hash}#review",
        "type": "AnnotationCollection",
        "label": f"Fact-check review of {review.article.title or review.article.filename}",
        "total": len(items),
        "first": {"type": "AnnotationPage", "startIndex": 0, "items": items},
    }


def write(review: Review, options: ExportOptions) -> tuple[str, list[str]]:
    return dumps(collection(review)) + "\n", []

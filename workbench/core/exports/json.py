"""JSON for data desks: the whole review as one document, or one sentence per line (JSONL).

Both follow the JSON Schema shipped beside this module (`review.schema.json`), whose version is
in every document (`version`) and every line. Each sentence's `start` and `end` count Unicode
characters in the article's stored text, which the JSON document carries (`article.text`) with
its SHA-256 (`article.content_hash`), so a reader can check every offset. Sentences and
paragraphs are numbered from 1, the headline first, as on screen.
"""

from __future__ import annotations

from typing import Any

from ..models import Evidence, EvidenceCheck, Review, SentenceReview, Source, Verdict
from ..scales import TRUTH_AXIS_START
from ..status import DEFAULT_NAMES, StatusNames
from ..textsafe import dumps
from .common import number_value, summary
from .options import ExportOptions

FORMAT = "factcheck-workbench-review"
VERSION = 2  # of the JSON Schema; raised whenever a field changes meaning or type
SCHEMA = "review.schema.json"  # in this package


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
        "value": number_value(verdict.value),
        "on_axis": verdict.value >= TRUTH_AXIS_START,
        "scale": verdict.scale,
        "rationale": verdict.rationale,
        "claim": verdict.claim,
        "claimant": verdict.claimant,
        "reviewer": verdict.reviewer,
        "at": verdict.created_at,
    }


def sentence_record(item: SentenceReview, names: StatusNames = DEFAULT_NAMES) -> dict[str, Any]:
    sentence = item.sentence
    return {
        "number": sentence.number,
        "kind": sentence.kind,
        "paragraph": sentence.paragraph + 1,
        "start": sentence.start,
        "end": sentence.end,
        "text": sentence.text,
        "tags": [mark.tag for mark in item.tags],
        "tagged_by": {mark.tag: {"by": mark.set_by, "at": mark.set_at} for mark in item.tags},
        "evidence": [_evidence(ev) for ev in item.evidence],
        "verdict": _verdict(item.verdict),
        "verdict_revisions": item.verdict_count,
        "approval": _approval(item),
        "comments": [
            {"by": comment.reviewer, "at": comment.at, "text": comment.text}
            for comment in item.comments
        ],
        # The desk's stage (stored as one of five fixed stages) and the desk's name for it.
        "status": {"stage": item.stage, "name": names.name(item.stage)} if item.stage else None,
    }


def _approval(item: SentenceReview) -> dict[str, Any] | None:
    """The editor's last decision on the current verdict (None: none yet)."""
    approval = item.approval
    if approval is None:
        return None
    return {
        "decision": approval.decision,
        "by": approval.reviewer,
        "at": approval.at,
        "comment": approval.comment,
    }


def write(review: Review, options: ExportOptions) -> tuple[str, list[str]]:
    article = review.article
    document = {
        "format": FORMAT,
        "version": VERSION,
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
            "text": article.text,
        },
        "scale": review.scale_name,
        "summary": summary(review),
        "sentences": [sentence_record(item, options.statuses) for item in review.sentences],
    }
    if review.revisions:  # an article that changed after import: every text it has had
        document["revisions"] = [
            {
                "number": revision.number,
                "made_at": revision.made_at,
                "made_by": revision.made_by,
                "summary": revision.summary,
                "changes": [
                    {
                        "kind": change.kind,
                        "old": change.old,
                        "new_number": change.new_number,
                        "review": change.review,
                    }
                    for change in revision.changes
                ],
            }
            for revision in review.revisions
        ]
    return dumps(document) + "\n", []


def write_lines(review: Review, options: ExportOptions) -> tuple[str, list[str]]:
    """JSONL: one sentence's record per line, each naming its article."""
    lines = [
        dumps(
            {
                "format": FORMAT,
                "version": VERSION,
                "article_id": review.article.id,
                "content_hash": review.article.content_hash,
                **sentence_record(item, options.statuses),
            },
            indent=None,
        )
        for item in review.sentences
    ]
    return "\n".join(lines) + "\n", []

"""CSV for spreadsheets: one row per sentence, every cell kept from running as a formula."""

from __future__ import annotations

import csv
import io
from typing import Any

from ..models import Review
from .common import number_text
from .options import ExportOptions

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


def write(review: Review, options: ExportOptions) -> tuple[str, list[str]]:
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
            number_text(verdict.value) if verdict else "",
            verdict.scale if verdict else "",
            (verdict.rationale or "") if verdict else "",
            (verdict.claim or "") if verdict else "",
            (verdict.claimant or "") if verdict else "",
            verdict.reviewer if verdict else "",
            verdict.created_at if verdict else "",
        ]
        writer.writerow([neutralise(cell) for cell in row])
    return out.getvalue(), []

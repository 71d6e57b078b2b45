"""CSV for spreadsheets: one row per sentence, every cell kept from running as a formula.

The evidence and check cells hold JSON arrays (one object per piece of evidence, one per
check), since no separator is safe from the text it separates. Control characters in any
cell are shown as \\x1b and the like, as in every other export. Paragraphs are numbered
from 1, the headline first, as on screen.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from ..models import Review
from ..textsafe import dumps, terminal_safe
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


def _cell(value: Any) -> Any:
    """A cell as written: control characters made visible, then kept from being a formula."""
    return neutralise(terminal_safe(value) if isinstance(value, str) else value)


def write(review: Review, options: ExportOptions) -> tuple[str, list[str]]:
    out = io.StringIO()
    # A BOM so spreadsheet programs read UTF-8 rather than a legacy code page.
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for item in review.sentences:
        sentence, verdict = item.sentence, item.verdict
        evidence = [
            {
                "stance": ev.stance,
                "title": ev.source.title,
                "url": ev.source.url,
                "publisher": ev.source.publisher,
                "excerpt": ev.excerpt,
                "note": ev.note,
            }
            for ev in item.evidence
        ]
        checks = [
            {"kind": check.kind, "outcome": check.outcome, "summary": check.summary}
            for ev in item.evidence
            for check in ev.checks
        ]
        row = [
            review.article.id,
            sentence.number,
            sentence.kind,
            sentence.paragraph + 1,
            sentence.start,
            sentence.end,
            sentence.text,
            ";".join(mark.tag for mark in item.tags),
            len(item.evidence),
            dumps(evidence, indent=None) if evidence else "",
            dumps(checks, indent=None) if checks else "",
            verdict.label if verdict else "",
            number_text(verdict.value) if verdict else "",
            verdict.scale if verdict else "",
            (verdict.rationale or "") if verdict else "",
            (verdict.claim or "") if verdict else "",
            (verdict.claimant or "") if verdict else "",
            verdict.reviewer if verdict else "",
            verdict.created_at if verdict else "",
        ]
        writer.writerow([_cell(cell) for cell in row])
    return out.getvalue(), []

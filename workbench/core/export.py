"""Exports of an article's review: Markdown and HTML for editors, JSON and CSV for data
desks, ClaimReview and Web Annotation for publishing. The formats are in `exports/`; this is
where callers ask for one.

Every export is deterministic: the same database gives the same bytes (no export time, stable
order), so two exports can be diffed. Untrusted text is escaped for each format.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import coverage
from .errors import ValidationError
from .exports import EXTENSIONS, FORMATS, WRITERS, export_name
from .exports.claimreview import check_publish_url, claimreview_failures, organisation_warning
from .exports.common import summary
from .exports.csv import neutralise
from .exports.markdown import md_escape
from .exports.options import ExportOptions
from .models import Review

__all__ = [
    "EXTENSIONS",
    "FORMATS",
    "Export",
    "ExportOptions",
    "check_publish_url",
    "claimreview_failures",
    "export",
    "export_name",
    "md_escape",
    "neutralise",
    "organisation_warning",
    "summary",
]


@dataclass(frozen=True, slots=True)
class Export:
    text: str
    warnings: tuple[str, ...]


def export(review: Review, fmt: str, options: ExportOptions | None = None) -> Export:
    """Render one format, with the coverage gaps (and the format's own problems) as warnings."""
    writer = WRITERS.get(fmt)
    if writer is None:
        raise ValidationError(f"unknown export format {fmt!r}; choose one of: {', '.join(FORMATS)}")
    warnings = [gap.message for gap in coverage.gaps(review)]
    text, problems = writer.write(review, options or ExportOptions())
    return Export(text, tuple(warnings + problems))

"""Exports of an article's review: Markdown and HTML for editors, JSON and CSV for data
desks, ClaimReview and Web Annotation for publishing. The formats are in `exports/`; this is
where callers ask for one.

Every export is deterministic: the same database gives the same bytes (no export time, stable
order), so two exports can be diffed. Untrusted text is escaped for each format.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from . import coverage
from .errors import ValidationError
from .exports import EXTENSIONS, FORMATS, WRITERS, export_name
from .exports.claimreview import check_publish_url, organisation_warning
from .exports.claimreview import claimreview_failures as lint_failures
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
    review = current_numbers(review)
    if fmt in PUBLISHED and not (options and options.include_unapproved):
        review = approved_only(review)
    warnings = [gap.message for gap in coverage.gaps(review)]
    text, problems = writer.write(review, options or ExportOptions())
    return Export(text, tuple(warnings + problems))


# The formats a desk publishes: once the desk has an editor they carry only approved verdicts.
PUBLISHED = ("claimreview", "html")


def approved_only(review: Review) -> Review:
    """The review with every verdict no editor has approved withheld (kept aside, so the
    report and the warnings can say what was left out)."""
    unapproved = {item.sentence.id for item in review.unapproved}
    if not unapproved:
        return review
    items = tuple(
        dataclasses.replace(item, verdict=None, withheld=item.verdict)
        if item.sentence.id in unapproved
        else item
        for item in review.sentences
    )
    return dataclasses.replace(review, sentences=items)


def claimreview_failures(review: Review, options: ExportOptions | None = None) -> list[str]:
    """The lint problems that would refuse a strict ClaimReview export, of the verdicts it
    would publish: one an editor has not approved is left out whatever its lint says."""
    if not (options and options.include_unapproved):
        review = approved_only(review)
    return lint_failures(current_numbers(review), options)


def current_numbers(review: Review) -> Review:
    """The review with each verdict numbered as its scale numbers the label today: a verdict
    stored before a built-in scale's numbers changed is published with the new number, so
    every export of one label carries one number."""
    scales = {scale.name: scale for scale in review.scales}
    items = []
    for item in review.sentences:
        verdict = item.verdict
        scale = scales.get(verdict.scale) if verdict is not None else None
        label = scale.label(verdict.label) if scale is not None and verdict is not None else None
        if verdict is not None and label is not None and label.value != verdict.value:
            item = dataclasses.replace(
                item, verdict=dataclasses.replace(verdict, value=label.value)
            )
        items.append(item)
    return dataclasses.replace(review, sentences=tuple(items))

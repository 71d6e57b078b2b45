"""What a caller asks of an export: who publishes it, where the report lives, how strict."""

from __future__ import annotations

from dataclasses import dataclass

from ..status import DEFAULT_NAMES, StatusNames


@dataclass(frozen=True, slots=True)
class ExportOptions:
    organisation_name: str | None = None
    organisation_url: str | None = None
    # Where the published review lives; ClaimReview links each claim to its entry there.
    # `{article}` in it stands for the article's number.
    report_url: str | None = None
    strict: bool = False  # refuse a ClaimReview export rather than leave a verdict out
    # Publish verdicts no editor has approved, in a document marked as a draft (only matters
    # when the desk has an editor: see `core/export.py`).
    include_unapproved: bool = False
    # What the desk calls each stage of work: the reports name a sentence's stage so.
    statuses: StatusNames = DEFAULT_NAMES

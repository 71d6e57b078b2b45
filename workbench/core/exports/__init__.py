"""Every export format, by name: each is one module with a `write(review, options)` that
returns the text and any warnings of its own. A new format is a new module and one line in
WRITERS; FORMATS and EXTENSIONS follow from it.

A format's module is imported when it first writes, so naming the formats (the CLI's help, the
TUI's export dialog) costs nothing at start-up.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    from ..models import Review
    from .options import ExportOptions

Write = Callable[["Review", "ExportOptions"], tuple[str, list[str]]]

SLUG_LIMIT = 50  # characters of the title in an export's file name


@dataclass(frozen=True, slots=True)
class Writer:
    extension: str  # how an exported file's name ends, without the dot
    module: str  # the format's module in this package
    function: str = "write"

    def write(self, review: Review, options: ExportOptions) -> tuple[str, list[str]]:
        module = importlib.import_module(f"{__name__}.{self.module}")
        return cast(Write, getattr(module, self.function))(review, options)


WRITERS: dict[str, Writer] = {
    "markdown": Writer("md", "markdown"),
    "html": Writer("html", "html"),
    "json": Writer("json", "json"),
    "jsonl": Writer("jsonl", "json", "write_lines"),
    "csv": Writer("csv", "csv"),
    "claimreview": Writer("claimreview.jsonld", "claimreview"),
    "webannotation": Writer("annotations.jsonld", "webannotation"),
}
FORMATS = tuple(WRITERS)
EXTENSIONS = {name: writer.extension for name, writer in WRITERS.items()}
# Not a report of the review but its whole record, for another database to merge: written
# by the facade (`Workbench.export_bundle`, format in bundle.py), never among "every format".
BUNDLE = "bundle"
BUNDLE_EXTENSION = "bundle.json"
EXPORT_CHOICES = (*FORMATS, BUNDLE)


def export_name(title: str | None, article_id: int) -> str:
    """A file name stem for an article's export: review-12-council-backs-new-budget. A long
    title is cut at the last whole word that fits (a single word longer than the limit is
    cut at the limit)."""
    slug = re.sub(r"[^a-z0-9]+", "-", (title or "").lower()).strip("-")
    if len(slug) > SLUG_LIMIT:
        cut = slug[: SLUG_LIMIT + 1]
        slug = cut.rpartition("-")[0] if "-" in cut else slug[:SLUG_LIMIT]
    return f"review-{article_id}-{slug}" if slug else f"review-{article_id}"


def filename(title: str | None, article_id: int, fmt: str) -> str:
    """The file an article's export in `fmt` is saved as."""
    return f"{export_name(title, article_id)}.{EXTENSIONS[fmt]}"

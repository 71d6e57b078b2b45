"""Every export format, by name: each is one module with a `write(review, options)` that
returns the text and any warnings of its own. A new format is a new module and one line in
WRITERS; FORMATS and EXTENSIONS follow from it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..models import Review
from . import claimreview, csv, html, json, markdown, webannotation
from .options import ExportOptions

Write = Callable[[Review, ExportOptions], tuple[str, list[str]]]


@dataclass(frozen=True, slots=True)
class Writer:
    extension: str  # how an exported file's name ends, without the dot
    write: Write


WRITERS: dict[str, Writer] = {
    "markdown": Writer("md", markdown.write),
    "html": Writer("html", html.write),
    "json": Writer("json", json.write),
    "jsonl": Writer("jsonl", json.write_lines),
    "csv": Writer("csv", csv.write),
    "claimreview": Writer("claimreview.jsonld", claimreview.write),
    "webannotation": Writer("annotations.jsonld", webannotation.write),
}
FORMATS = tuple(WRITERS)
EXTENSIONS = {name: writer.extension for name, writer in WRITERS.items()}

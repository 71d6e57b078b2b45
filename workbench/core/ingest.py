"""Reading an article file: its bytes decoded, then its text and metadata, from a web page
or from the header lines of plain text and Markdown.

Nothing here touches the database: bad input is refused before anything is stored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .decode import MAX_BYTES, decode, read_bytes
from .errors import InputError
from .header import Header, parse_date, read_header, table_rules
from .html_extract import extract

__all__ = ["MAX_BYTES", "Document", "Header", "parse_date", "parse_document", "read_document"]

_HTML_SNIFF = 1024  # characters looked at for a doctype or <html> in a .txt or .md file
FORMATS = {
    ".txt": "txt",
    ".text": "txt",
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
}


@dataclass(frozen=True)
class Document:
    text: str
    format: str
    encoding: str
    title: str | None = None
    date: str | None = None
    byline: str | None = None
    url: str | None = None
    exclude: tuple[tuple[int, int], ...] = field(default=())


def read_document(path: Path, *, max_bytes: int = MAX_BYTES) -> Document:
    raw = read_bytes(path, max_bytes=max_bytes)
    fmt = FORMATS.get(path.suffix.lower(), "txt")
    return parse_document(raw, fmt, name=str(path))


def parse_document(raw: bytes, fmt: str, *, name: str = "<input>") -> Document:
    text, encoding = decode(raw, name=name)
    if not text.strip():
        raise InputError(f"{name} is empty (nothing but whitespace)")
    if fmt != "html" and re.match(r"\s*(<!doctype html|<html[\s>])", text[:_HTML_SNIFF], re.I):
        fmt = "html"
    if fmt == "html":
        text, header = extract(text, name)
    else:
        header = read_header(text)
    return Document(
        text=text,
        format=fmt,
        encoding=encoding,
        title=header.title,
        date=header.date,
        byline=header.byline,
        url=header.url,
        exclude=header.exclude + table_rules(text),
    )

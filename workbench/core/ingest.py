"""Reading an article: its bytes decoded, then its text and metadata, from a web page, a PDF
or the header lines of plain text and Markdown.

Nothing here touches the database: bad input is refused before anything is stored.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from .decode import MAX_BYTES, decode, read_bytes, read_stream
from .errors import InputError
from .header import Header, parse_date, read_header, table_rules
from .html_extract import extract

if TYPE_CHECKING:
    from .fetch import Fetched

__all__ = [
    "MAX_BYTES",
    "Document",
    "Header",
    "parse_date",
    "parse_document",
    "read_document",
    "read_input",
]

_HTML_SNIFF = 1024  # characters looked at for a doctype or <html> in a .txt or .md file
FORMATS = {
    ".txt": "txt",
    ".text": "txt",
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".pdf": "pdf",
}
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.I)
# The first line of a CSV export of the workbench; any header of several snake_case columns
# marks a table, not an article.
_FIRST_CHARACTER = re.compile("[^\ufeff \t\r\n]")
_CSV_HEADER = re.compile(r"[a-z][a-z0-9_]*(?:,[a-z][a-z0-9_]*){3,}\s*")


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
    # What the reviewer should know about how the text was read (a decoding chosen on
    # evidence, stray bytes), shown as warnings.
    notes: tuple[str, ...] = ()
    site: str | None = None


def read_document(path: Path, *, max_bytes: int = MAX_BYTES, article: bool = True) -> Document:
    """`article`: the text is to be reviewed, so data files (JSON, CSV) are refused; a
    source's snapshot may be data."""
    raw = read_bytes(path, max_bytes=max_bytes)
    fmt = FORMATS.get(path.suffix.lower(), "txt")
    return parse_document(raw, fmt, name=str(path), article=article)


def read_input(
    stream: BinaryIO, *, name: str, max_bytes: int = MAX_BYTES, article: bool = True
) -> Document:
    """A document from a stream (standard input), with the same limit and checks as a file."""
    raw = read_stream(stream, name=name, max_bytes=max_bytes)
    return parse_document(raw, "txt", name=name, article=article)


def parse_document(
    raw: bytes,
    fmt: str,
    *,
    name: str = "<input>",
    charset: str | None = None,
    article: bool = True,
    url: str | None = None,
) -> Document:
    """`charset` is what the bytes' origin declared (a web server's Content-Type); `url`
    where they were fetched from."""
    if fmt == "pdf" or raw.startswith(b"%PDF-"):
        return _pdf_document(raw, name)
    if charset is None and fmt == "html":
        found = _META_CHARSET.search(raw[:4096])
        charset = found.group(1).decode("ascii") if found else None
    decoded = decode(raw, name=name, declared=charset)
    text = decoded.text
    notes = (decoded.note,) if decoded.note else ()
    if not text or text.isspace():  # (not `text.strip()`: a copy of a long text)
        raise InputError(f"{name} is empty (nothing but whitespace)")
    if fmt != "html" and re.match(r"\s*(<!doctype html|<html[\s>])", text[:_HTML_SNIFF], re.I):
        fmt = "html"
    if fmt == "html":
        text, header = extract(text, name, url=url)
    else:
        if article:
            refuse_data_file(text, name)
        header = read_header(text)
    return Document(
        text=text,
        format=fmt,
        encoding=decoded.encoding,
        title=header.title,
        date=header.date,
        byline=header.byline,
        url=header.url,
        exclude=header.exclude + table_rules(text),
        notes=notes,
        site=header.site,
    )


def refuse_data_file(text: str, name: str) -> None:
    """Data is not an article: the workbench's own exports (JSON, JSON Lines, JSON-LD, CSV)
    and other JSON or CSV tables are refused, saying what the file is."""
    begins = _FIRST_CHARACTER.search(text)
    if begins is None:
        return
    end = text.find("\n", begins.start())
    first_line = text[begins.start() : end if end >= 0 else len(text)].rstrip("\r")
    if first_line[:1] in ("{", "["):
        start = text[begins.start() :]
        kind = _json_kind(start, first_line)
        if kind:
            raise InputError(f"{name} is {kind}, not an article; import the article's own text")
    if _CSV_HEADER.fullmatch(first_line):
        columns = first_line.split(",")
        kind = (
            "a CSV export of the workbench"
            if columns[:2] == ["article_id", "number"]
            else f"a CSV table (columns {', '.join(columns[:4])}, …)"
        )
        raise InputError(f"{name} is {kind}, not an article; import the article's own text")


def _json_kind(text: str, first_line: str) -> str | None:
    try:
        data = json.loads(text)
        lines = False
    except ValueError:
        try:
            data = json.loads(first_line)
            lines = True
        except ValueError:
            return None
    item = data[0] if isinstance(data, list) and data else data
    if not isinstance(item, dict):
        return "a JSON file" if data or lines else "a JSON file (an empty list)"
    if lines:
        return (
            "a JSON Lines export of the workbench"
            if "article_id" in item and "text" in item
            else "a JSON Lines file"
        )
    if "@context" in item:
        what = item.get("@type") or "linked data"
        return f"a JSON-LD file ({what})" if isinstance(what, str) else "a JSON-LD file"
    if "article" in item and "sentences" in item:
        return "a JSON export of the workbench"
    return "a JSON file"


def _pdf_document(raw: bytes, name: str) -> Document:
    from .decode import Decoded, check_text
    from .pdf import pdf_text

    text, title = pdf_text(raw, name)
    text = check_text(Decoded(text, "pdf"), name).text
    header = read_header(text.split("\f", 1)[0])
    return Document(
        text=text,
        format="pdf",
        encoding="pdf",
        title=title or header.title,
        date=header.date,
        byline=header.byline,
        url=header.url,
        exclude=header.exclude,
    )


def from_fetched(fetched: Fetched, *, article: bool = True) -> Document:
    """A fetched body read as the document its content type says it is."""
    return parse_document(
        fetched.body,
        fetched.format,
        name=fetched.final_url,
        charset=fetched.charset,
        article=article,
        url=fetched.final_url,
    )

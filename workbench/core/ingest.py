"""Reading an article file: decoding, HTML main-text extraction, and header metadata.

Nothing here touches the database: bad input is refused before anything is stored.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from .decode import MAX_BYTES, decode, read_bytes
from .errors import InputError

FORMATS = {
    ".txt": "txt",
    ".text": "txt",
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
}


@dataclass(frozen=True, slots=True)
class Header:
    title: str | None = None
    date: str | None = None
    byline: str | None = None
    url: str | None = None
    exclude: tuple[tuple[int, int], ...] = ()


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


# ------------------------------------------------------------------ reading
def read_document(path: Path, *, max_bytes: int = MAX_BYTES) -> Document:
    raw = read_bytes(path, max_bytes=max_bytes)
    fmt = FORMATS.get(path.suffix.lower(), "txt")
    return parse_document(raw, fmt, name=str(path))


def parse_document(raw: bytes, fmt: str, *, name: str = "<input>") -> Document:
    text, encoding = decode(raw, name=name)
    if not text.strip():
        raise InputError(f"{name} is empty (nothing but whitespace)")
    if fmt != "html" and re.match(r"\s*(<!doctype html|<html[\s>])", text[:1024], re.I):
        fmt = "html"
    if fmt == "html":
        return _html_document(text, encoding, name)
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


# ------------------------------------------------------------------- dates
MONTHS = {
    name: index
    for index, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        1,
    )
    for name in names
}
_MONTH = r"(?P<month>[A-Za-z]{3,9})\.?"
_DATE_PATTERNS = (
    re.compile(r"(?P<year>\d{4})-(?P<mnum>\d{1,2})-(?P<day>\d{1,2})"),
    re.compile(rf"(?P<day>\d{{1,2}})(?:st|nd|rd|th)? {_MONTH},? (?P<year>\d{{4}})"),
    re.compile(rf"{_MONTH} (?P<day>\d{{1,2}})(?:st|nd|rd|th)?,? (?P<year>\d{{4}})"),
)
_DATE_LINE = re.compile(
    r"^(?:(?:updated|published|posted|last updated|first published)[:\s]+)?"
    r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,? )?(?P<date>[^|]+?)"
    r"(?:,? (?:at )?\d{1,2}[:.]\d{2}(?: ?[ap]\.?m\.?)?(?: [A-Z]{2,4})?)?\s*$",
    re.IGNORECASE,
)


def parse_date(text: str) -> str | None:
    """The first date in the text as YYYY-MM-DD, or None."""
    for pattern in _DATE_PATTERNS:
        match = pattern.search(text)
        if not match:
            continue
        groups = match.groupdict()
        month = int(groups["mnum"]) if groups.get("mnum") else MONTHS.get(groups["month"].lower())
        if month is None:
            continue
        try:
            return dt.date(int(groups["year"]), month, int(groups["day"])).isoformat()
        except ValueError:
            continue
    return None


def _whole_line_date(line: str) -> str | None:
    match = _DATE_LINE.match(line.strip())
    if not match:
        return None
    candidate = match.group("date").strip()
    date = parse_date(candidate)
    if date is None:
        return None
    # The date must be most of the line, not a date inside a sentence.
    leftover = re.sub(r"[\d,.\s]", "", candidate)
    return date if len(leftover) <= 10 else None


# ------------------------------------------------------------------ header
_WIRE = re.compile(r"^[ \t]*date[ \t]+(?P<date>\d{4}-\d{2}-\d{2})[ \t]+(?=\S)")
_BYLINE = re.compile(r"^(?:by|interview by|reporting by|words by|written by)\s+\S", re.I)
_URL_LINE = re.compile(r"^(?:source|url|link|original)\s*:\s*(?P<url>https?://\S+)\s*$", re.I)
_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(?P<body>.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.S)
_DATELINE = re.compile(
    r"^[A-Z][A-Z .'’-]+,(?: [A-Z][A-Za-z.]+,)? (?P<date>[A-Za-z]{3,9}\.? \d{1,2},? \d{4})"
)
_LINES = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")
_TERMINAL = re.compile(r"[.!?]['\"”’)]*$")


def read_header(text: str) -> Header:
    """Metadata in the first lines of a plain-text or Markdown article, and the character
    ranges of lines that are metadata rather than sentences to review."""
    title = date = byline = url = None
    exclude: list[tuple[int, int]] = []
    position = 0
    front = _FRONT_MATTER.match(text)
    if front:
        fields = _front_matter(front.group("body"))
        title, url = fields.get("title"), fields.get("url") or fields.get("source")
        byline = fields.get("author") or fields.get("byline")
        if byline and not byline.lower().startswith("by "):
            byline = f"By {byline}"
        date = parse_date(fields.get("date", "")) if fields.get("date") else None
        exclude.append((0, front.end()))
        position = front.end()

    lines = [(m.start(), m.group()) for m in _LINES.finditer(text, position) if m.group()]
    header_lines = 0
    for index, (start, raw) in enumerate(lines):
        line = raw.rstrip("\r\n")
        stripped = line.strip()
        if not stripped:
            continue
        if header_lines >= 6:
            break
        lead = len(line) - len(line.lstrip())
        wire = _WIRE.match(line)
        if wire and title is None:
            date = date or wire.group("date")
            title = line[wire.end() :].strip()
            exclude.append((start, start + wire.end()))
        elif stripped.startswith("# ") and header_lines == 0:
            title = title or stripped[2:].strip()
            exclude.append((start + lead, start + lead + 2))
        elif _BYLINE.match(stripped) and byline is None:
            parts = [p.strip() for p in stripped.split("|")]
            byline = parts[0]
            for part in parts[1:]:
                date = date or parse_date(part)
            exclude.append((start + lead, start + len(line.rstrip())))
        elif (line_date := _whole_line_date(stripped)) and date is None:
            date = line_date
            exclude.append((start + lead, start + len(line.rstrip())))
        elif (found := _URL_LINE.match(stripped)) and url is None:
            url = found.group("url")
            exclude.append((start + lead, start + len(line.rstrip())))
        elif title is None and header_lines == 0 and _looks_like_headline(stripped, lines, index):
            title = stripped.strip("'‘’\"“”") if _wrapped_in_quotes(stripped) else stripped
        else:
            if date is None:
                dateline = _DATELINE.match(stripped)
                if dateline:
                    date = parse_date(dateline.group("date"))
            break
        header_lines += 1
    return Header(title, date, byline, url, tuple(exclude))


# A Markdown table's separator row ("|------|-------|", "| --- | :---: |", ":--- | ---:"):
# layout, not a sentence. At least one pipe, every cell dashes with optional colons.
_TABLE_RULE = re.compile(
    r"(?:(?<=[\r\n])|\A)[ \t]*"
    r"(?P<row>\|?(?:[ \t]*:?-+:?[ \t]*\|)+(?:[ \t]*:?-+:?)?)"
    r"[ \t]*(?=[\r\n]|\Z)"
)


def table_rules(text: str) -> tuple[tuple[int, int], ...]:
    """Character ranges of the Markdown table separator rows in the text."""
    if "|" not in text:
        return ()
    return tuple(match.span("row") for match in _TABLE_RULE.finditer(text))


def _wrapped_in_quotes(line: str) -> bool:
    return len(line) > 2 and line[0] in "'‘\"“" and line[-1] in "'’\"”"


def _looks_like_headline(line: str, lines: list[tuple[int, str]], index: int) -> bool:
    """A first line without final punctuation, followed by more text, is the headline."""
    if len(line) > 200 or _TERMINAL.search(line) and not _wrapped_in_quotes(line):
        return False
    return any(raw.strip() for _, raw in lines[index + 1 :])


def _front_matter(body: str) -> dict[str, str]:
    fields = {}
    for line in body.splitlines():
        key, sep, value = line.partition(":")
        if sep and key.strip() and not key.startswith(" "):
            fields[key.strip().lower()] = value.strip().strip("'\"")
    return fields


# -------------------------------------------------------------------- HTML
_SKIP = frozenset(
    """script style noscript template svg nav footer aside form iframe button
    select option object embed canvas dialog menu head""".split()
)
_BLOCK = frozenset(
    """p div section article main header h1 h2 h3 h4 h5 h6 blockquote pre
    ul ol li table thead tbody tfoot tr figure figcaption dl dt dd hr address details summary
    caption center""".split()
)
_VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())


class _Extractor(HTMLParser):
    """Collects the visible text in blocks, with metadata from <head> and JSON-LD."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []  # (tag, skipped)
        self.skip_depth = 0
        # (kind, text, container): container 0 is the body, 1 <main>, 2 <article>
        self.blocks: list[tuple[str, str, int]] = []
        self.current: list[str] = []
        self.kind = "p"
        self.meta: dict[str, str] = {}
        self.title_text: list[str] = []
        self.in_title = False
        self.jsonld: list[str] = []
        self.in_jsonld = False
        self.canonical: str | None = None
        self.times: list[str] = []
        self.h1: list[str] = []
        self.bylines: list[str] = []
        self.byline_depth: int | None = None
        self.byline_text: list[str] = []
        self.lists: list[list[int]] = []  # counters of open <ol>/<ul> (-1 for ul)
        self.cells: list[str] | None = None
        self.container = 0

    # -- helpers
    def _flush(self) -> None:
        text = " ".join("".join(self.current).split())
        if text:
            self.blocks.append((self.kind, text, self.container))
        self.current = []
        self.kind = "p"

    def _containers(self) -> int:
        tags = [tag for tag, _ in self.stack]
        return 2 if "article" in tags else 1 if "main" in tags else 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: (v or "") for k, v in attrs}
        if tag == "meta":
            key = (a.get("property") or a.get("name") or a.get("itemprop") or "").lower()
            if key and "content" in a:
                self.meta.setdefault(key, a["content"])
            return
        if tag == "link":
            if "canonical" in a.get("rel", "").lower().split():
                self.canonical = a.get("href")
            return
        if tag == "script" and a.get("type", "").lower() == "application/ld+json":
            self.in_jsonld = True
        if tag == "title" and not self.stack_has("body"):
            self.in_title = True
        if tag == "time" and a.get("datetime"):
            self.times.append(a["datetime"])
        if tag in _VOID:
            if tag == "br" and not self.skip_depth:
                self.current.append("\n")
            return
        hidden = (
            "hidden" in a
            or a.get("aria-hidden") == "true"
            or a.get("role") in ("navigation", "banner", "contentinfo")
            or any(
                w in a.get("class", "").lower().split()
                for w in (
                    "cookie",
                    "cookies",
                    "newsletter",
                    "share",
                    "related",
                    "advert",
                    "ad",
                    "promo",
                    "comments",
                )
            )
        )
        classes = a.get("class", "").lower()
        skipped = self.skip_depth > 0 or tag in _SKIP or hidden
        if tag == "header" and self._containers() == 2:
            skipped = self.skip_depth > 0 or hidden  # an article's own header holds its title
        self.stack.append((tag, skipped))
        if skipped:
            self.skip_depth += 1
            return
        if self.byline_depth is None and (
            "byline" in classes or a.get("rel") == "author" or "author" in classes.split()
        ):
            self.byline_depth = len(self.stack)
            self.byline_text = []
        if tag in _BLOCK:
            self._flush()
            self.container = self._containers()
            if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
                self.kind = tag
            if tag in ("ul", "ol"):
                self.lists.append([0 if tag == "ol" else -1])
            elif tag == "li":
                self.kind = "li"
                if self.lists:
                    counter = self.lists[-1]
                    if counter[0] >= 0:
                        counter[0] += 1
                        self.current.append(f"{counter[0]}. ")
                    else:
                        self.current.append("• ")
                else:
                    self.current.append("• ")
            elif tag == "tr":
                self.cells = []

    def stack_has(self, tag: str) -> bool:
        return any(t == tag for t, _ in self.stack)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self.in_jsonld = False
        if tag == "title":
            self.in_title = False
        if tag in _VOID or not self.stack_has(tag):
            return
        while self.stack:
            open_tag, skipped = self.stack.pop()
            if skipped:
                self.skip_depth -= 1
            if self.byline_depth is not None and len(self.stack) < self.byline_depth:
                text = " ".join("".join(self.byline_text).split())
                if text:
                    self.bylines.append(text)
                self.byline_depth = None
            if not skipped and open_tag in ("td", "th") and self.cells is not None:
                self.cells.append(" ".join("".join(self.current).split()))
                self.current = []
            if not skipped and open_tag == "tr" and self.cells is not None:
                row = " | ".join(c for c in self.cells if c)
                self.cells = None
                if row:
                    self.blocks.append(("tr", row, self._containers()))
            elif not skipped and open_tag in _BLOCK:
                if open_tag in ("ul", "ol") and self.lists:
                    self.lists.pop()
                self._flush()
            if open_tag == tag:
                break

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title_text.append(data)
            return
        if self.in_jsonld:
            self.jsonld.append(data)
            return
        if self.skip_depth:
            return
        if self.byline_depth is not None:
            self.byline_text.append(data)
            return
        if self.stack and self.stack[-1][0] == "h1":
            self.h1.append(data)
        self.current.append(data)


def _html_document(html: str, encoding: str, name: str) -> Document:
    parser = _Extractor()
    try:
        parser.feed(html)
        parser.close()
    except (AssertionError, ValueError) as error:  # html.parser's own complaints
        raise InputError(f"{name}: cannot parse the HTML ({error})") from None
    parser._flush()
    meta = parser.meta
    jsonld = _jsonld(parser.jsonld)
    best = max((c for _, _, c in parser.blocks), default=0)
    blocks = [(kind, text) for kind, text, container in parser.blocks if container == best]
    h1 = " ".join("".join(parser.h1).split()) or None
    title = (
        h1
        or meta.get("og:title")
        or meta.get("title")
        or jsonld.get("headline")
        or " ".join("".join(parser.title_text).split())
        or None
    )
    date_source = (
        meta.get("article:published_time")
        or meta.get("date")
        or meta.get("pubdate")
        or meta.get("dc.date")
        or jsonld.get("datePublished")
        or (parser.times[0] if parser.times else None)
    )
    date = _iso_date(date_source) if date_source else None
    byline = (
        meta.get("author")
        or meta.get("article:author")
        or jsonld.get("author")
        or (parser.bylines[0] if parser.bylines else None)
    )
    if byline and not byline.lower().startswith("by "):
        byline = f"By {byline}"
    url = parser.canonical or meta.get("og:url") or jsonld.get("url")
    if url and not re.match(r"https?://", url, re.I):
        url = None
    paragraphs: list[str] = []
    previous = ""
    for kind, text in blocks:
        joined_line = kind in ("li", "tr") and previous == kind
        if joined_line and paragraphs:
            paragraphs[-1] += "\n" + text
        else:
            paragraphs.append(text)
        previous = kind
    if title and (not paragraphs or paragraphs[0] != title):
        paragraphs.insert(0, title)
    text = "\n\n".join(paragraphs) + "\n"
    if not text.strip():
        raise InputError(f"{name}: the HTML has no readable text")
    # A date or byline line the page shows under its headline is metadata, as in plain text.
    header = read_header(text)
    return Document(
        text=text,
        format="html",
        encoding=encoding,
        title=title,
        date=date or header.date,
        byline=byline or header.byline,
        url=url or header.url,
        exclude=header.exclude + table_rules(text),
    )


def _jsonld(chunks: list[str]) -> dict[str, str]:
    found: dict[str, str] = {}
    for chunk in chunks:
        try:
            data = json.loads("".join(chunk))
        except ValueError:
            continue
        items = (
            data
            if isinstance(data, list)
            else data.get("@graph", [data])
            if isinstance(data, dict)
            else []
        )
        for item in items:
            if not isinstance(item, dict):
                continue
            for key in ("headline", "datePublished", "url"):
                if isinstance(item.get(key), str):
                    found.setdefault(key, item[key])
            author = item.get("author")
            if isinstance(author, list) and author:
                author = author[0]
            if isinstance(author, dict) and isinstance(author.get("name"), str):
                found.setdefault("author", author["name"])
            elif isinstance(author, str):
                found.setdefault("author", author)
    return found


def _iso_date(value: str) -> str | None:
    match = re.match(r"\s*(\d{4}-\d{2}-\d{2})", value)
    if match:
        try:
            return dt.date.fromisoformat(match.group(1)).isoformat()
        except ValueError:
            return None
    return parse_date(value)

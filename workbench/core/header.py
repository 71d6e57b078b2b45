"""Metadata in the first lines of a plain-text or Markdown article (headline, date, byline,
URL, front matter), and the ranges of lines that are layout or metadata rather than sentences."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Header:
    title: str | None = None
    date: str | None = None
    byline: str | None = None
    url: str | None = None
    exclude: tuple[tuple[int, int], ...] = ()
    site: str | None = None  # the publication a web page names itself


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
# Letters a date line may hold besides digits: a month's name, not a sentence.
_DATE_LINE_LETTERS = 10


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
    return date if len(leftover) <= _DATE_LINE_LETTERS else None


# ------------------------------------------------------------------ header
_WIRE = re.compile(r"^[ \t]*date[ \t]+(?P<date>\d{4}-\d{2}-\d{2})[ \t]+(?=\S)")
_BYLINE = re.compile(r"^(?:by|interview by|reporting by|words by|written by)\s+\S", re.I)
_URL_LINE = re.compile(r"^(?:source|url|link|original)\s*:\s*(?P<url>https?://\S+)\s*$", re.I)
_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(?P<body>.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.S)
_DATELINE = re.compile(
    r"^[A-Z][A-Z .'’-]+,(?: [A-Z][A-Za-z.]+,)? (?P<date>[A-Za-z]{3,9}\.? \d{1,2},? \d{4})"
)
_HEADER_LINES = 6  # non-blank lines at the top that may be metadata
_HEADER_SCAN = 200  # lines read from the top to find them (blank lines included)
_MD_TITLE = "# "  # a Markdown level-1 heading
_HEADLINE_LIMIT = 200  # characters; a longer first line is body text
_LINES = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")
_NON_BLANK = re.compile(r"\S")
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

    # Only the top of the text can be header: a long text is not split into lines whole.
    lines = []
    for m in _LINES.finditer(text, position):
        if not m.group():
            break
        lines.append((m.start(), m.group()))
        if len(lines) >= _HEADER_SCAN:
            break
    header_lines = 0
    for index, (start, raw) in enumerate(lines):
        line = raw.rstrip("\r\n")
        stripped = line.strip()
        if not stripped:
            continue
        if header_lines >= _HEADER_LINES:
            break
        lead = len(line) - len(line.lstrip())
        wire = _WIRE.match(line)
        if wire and title is None:
            date = date or wire.group("date")
            title = line[wire.end() :].strip()
            exclude.append((start, start + wire.end()))
        elif stripped.startswith(_MD_TITLE) and header_lines == 0:
            title = title or stripped[len(_MD_TITLE) :].strip()
            exclude.append((start + lead, start + lead + len(_MD_TITLE)))
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
        elif (
            title is None
            and header_lines == 0
            and _looks_like_headline(stripped, lines, index, text)
        ):
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


def _looks_like_headline(line: str, lines: list[tuple[int, str]], index: int, text: str) -> bool:
    """A first line without final punctuation, followed by more text, is the headline."""
    if len(line) > _HEADLINE_LIMIT or _TERMINAL.search(line) and not _wrapped_in_quotes(line):
        return False
    if any(raw.strip() for _, raw in lines[index + 1 :]):
        return True
    start, raw = lines[-1]
    return _NON_BLANK.search(text, start + len(raw)) is not None


def _front_matter(body: str) -> dict[str, str]:
    fields = {}
    for line in body.splitlines():
        key, sep, value = line.partition(":")
        if sep and key.strip() and not key.startswith(" "):
            fields[key.strip().lower()] = value.strip().strip("'\"")
    return fields

"""The hand-written extractor of a web page's article: the visible text in blocks, with
headline, date, byline and URL from its metadata; navigation, scripts and furniture marked by
class names are left out. It is the fallback for pages the main extractor finds no article in
(a bare page of a few paragraphs), and the baseline of the extraction benchmark."""

from __future__ import annotations

import datetime as dt
import json
import re
from html.parser import HTMLParser

from .errors import InputError
from .header import Header, parse_date, read_header

_SKIP = frozenset(
    """script style noscript template svg nav footer aside form iframe button
    select option object embed canvas dialog menu head""".split()
)
_BLOCK = frozenset(
    """p div section article main header h1 h2 h3 h4 h5 h6 blockquote pre
    ul ol li table thead tbody tfoot tr figure figcaption dl dt dd hr address details summary
    caption center""".split()
)
# Classes of page furniture around an article.
_FURNITURE = frozenset("cookie cookies newsletter share related advert ad promo comments".split())
_HIDDEN_ROLES = ("navigation", "banner", "contentinfo")
# Where a block of text sits. The article is the blocks in the most specific of these that
# the page has.
_IN_BODY, _IN_MAIN, _IN_ARTICLE = 0, 1, 2
_VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())


class _Extractor(HTMLParser):
    """Collects the visible text in blocks, with metadata from <head> and JSON-LD."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []  # (tag, skipped)
        self.skip_depth = 0
        # (kind, text, container): container is _IN_BODY, _IN_MAIN or _IN_ARTICLE
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
        self.container = _IN_BODY

    # -- helpers
    def _flush(self) -> None:
        text = " ".join("".join(self.current).split())
        if text:
            self.blocks.append((self.kind, text, self.container))
        self.current = []
        self.kind = "p"

    def _containers(self) -> int:
        tags = [tag for tag, _ in self.stack]
        return _IN_ARTICLE if "article" in tags else _IN_MAIN if "main" in tags else _IN_BODY

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
            or a.get("role") in _HIDDEN_ROLES
            or not _FURNITURE.isdisjoint(a.get("class", "").lower().split())
        )
        classes = a.get("class", "").lower()
        skipped = self.skip_depth > 0 or tag in _SKIP or hidden
        if tag == "header" and self._containers() == _IN_ARTICLE:
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


def extract(html: str, name: str) -> tuple[str, Header]:
    """The page's readable text, and its metadata: from <head> and JSON-LD first, else from
    the lines under the headline as in plain text."""
    parser = _Extractor()
    try:
        parser.feed(html)
        parser.close()
    except (AssertionError, ValueError) as error:  # html.parser's own complaints
        raise InputError(f"{name}: cannot parse the HTML ({error})") from None
    parser._flush()
    meta = parser.meta
    jsonld = _jsonld(parser.jsonld)
    best = max((c for _, _, c in parser.blocks), default=_IN_BODY)
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
    return text, Header(
        title, date or header.date, byline or header.byline, url or header.url, header.exclude
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

"""A web page's article: the main text and its metadata (headline, date, byline, site name,
canonical URL), by trafilatura, which tells an article from the menus, captions, related links,
cookie banners and comments around it far better than class names can (see
benchmarks/bench_extract.py). The page is parsed once, within bounds: a page nested deeper
than the parser allows or with more elements than any article page has is refused, so a
hostile page costs a second, not minutes."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from .errors import InputError
from .header import Header, read_header

if TYPE_CHECKING:
    from lxml.html import HtmlElement

MAX_ELEMENTS = 100_000  # a long news page has a few thousand
MAX_TRAFILATURA_ELEMENTS = 15_000
_SPACE = re.compile(r"\s+")
_HIDDEN = (
    "//body//*[@hidden or @aria-hidden='true' or "
    "contains(translate(@style, ' ', ''), 'display:none')]"
)


def extract(html: str, name: str, *, url: str | None = None) -> tuple[str, Header]:
    """The page's article text, in paragraphs, and its metadata. `url` is where the page was
    fetched from, if it was."""
    tree = parse_html(html, name)
    elements = sum(1 for _ in tree.iter())
    # Trafilatura runs many passes over a page (about 0.7 ms a paragraph here): past a size
    # no article page reaches, the hand-written extractor, which makes one, reads it.
    tree_meta = _own_metadata(tree)
    found = _trafilatura(tree, url) if elements <= MAX_TRAFILATURA_ELEMENTS else None
    if found is None:
        # No article found (a bare page of a few short paragraphs), or a page too large for
        # trafilatura: the visible text, by the hand-written extractor, whose cost the bounds
        # above keep linear.
        from .html_simple import extract as simple

        text, header = simple(html, name)
        return text, header
    paragraphs, meta, headline = found
    _fill_gaps(tree_meta, meta)
    # The headline the page shows above the article is its title (og:title and <title> are
    # often shortened or written for search); else the metadata's, put first.
    title = headline or meta.get("title")
    if title and (not paragraphs or paragraphs[0] != title):
        paragraphs.insert(0, title)
    text = "\n\n".join(paragraphs) + "\n"
    if not text.strip():
        raise InputError(f"{name}: the HTML has no readable text")
    # A date or byline line the page shows under its headline is metadata, as in plain text.
    header = read_header(text)
    author = meta.get("author")
    byline = None
    if author:
        author = author.replace("; ", ", ")
        byline = author if author.lower().startswith("by ") else f"By {author}"
    canonical = meta.get("url")
    if canonical and not re.match(r"https?://", canonical, re.I):
        canonical = None
    return text, Header(
        title,
        meta.get("date") or header.date,
        byline or header.byline,
        canonical or url or header.url,
        header.exclude,
        meta.get("sitename"),
    )


def parse_html(html: str, name: str) -> HtmlElement:
    """The page's tree, or an InputError for a page past the bounds."""
    import lxml.html
    from lxml import etree

    parser = lxml.html.HTMLParser(remove_comments=True, remove_pis=True)
    try:
        tree = lxml.html.document_fromstring(html, parser=parser)
    except (etree.ParserError, ValueError) as error:
        raise InputError(f"{name}: cannot parse the HTML ({error})") from None
    for problem in parser.error_log:
        if problem.type_name == "ERR_RESOURCE_LIMIT" or "depth" in problem.message.lower():
            raise InputError(
                f"{name}: the HTML is nested deeper than 256 levels; no article page is"
            )
    elements = sum(1 for _ in tree.iter())
    if elements > MAX_ELEMENTS:
        raise InputError(
            f"{name}: the HTML has {elements:,} elements; the limit is {MAX_ELEMENTS:,}"
        )
    # Text the page hides is not the article (trafilatura keeps it).
    for hidden in tree.xpath(_HIDDEN):
        if hidden.getparent() is not None:
            hidden.drop_tree()
    return tree


_CONFIG: Any = None


def _config() -> Any:
    global _CONFIG
    if _CONFIG is None:
        from trafilatura.settings import use_config

        config = use_config()
        # Its timeout uses SIGALRM, which only the main thread may set; the TUI imports in a
        # worker thread, and the bounds above keep extraction short anyway.
        config.set("DEFAULT", "EXTRACTION_TIMEOUT", "0")
        _CONFIG = config
    return _CONFIG


def _trafilatura(
    tree: HtmlElement, url: str | None
) -> tuple[list[str], dict[str, str], str | None] | None:
    import trafilatura

    result = trafilatura.bare_extraction(
        tree,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        include_images=False,
        include_formatting=False,
        include_links=False,
        deduplicate=False,
        favor_precision=True,
        config=_config(),
    )
    body = getattr(result, "body", None)
    if body is None:
        return None
    paragraphs = [p for p in _blocks(body) if p]
    if not paragraphs:
        return None
    first = next(iter(body), None)
    headline = (
        paragraphs[0]
        if first is not None and first.tag == "head" and first.get("rend") == "h1"
        else None
    )
    meta = {
        key: value
        for key in ("title", "author", "date", "sitename", "url")
        if isinstance(value := getattr(result, key, None), str) and value.strip()
    }
    return paragraphs, meta, headline


def _text(element: Any) -> str:
    return _SPACE.sub(" ", "".join(element.itertext())).strip()


def _blocks(body: Any) -> list[str]:
    """Trafilatura's output tree (head, p, list/item, table/row/cell, quote) as paragraphs:
    a list's items and a table's rows one per line within their paragraph."""
    out: list[str] = []
    for element in body:
        tag = element.tag
        if tag == "list":
            ordered = element.get("rend", "") in ("ol", "ordered")
            items = [_text(item) for item in element if item.tag == "item"]
            lines = [
                f"{number}. {item}" if ordered else f"• {item}"
                for number, item in enumerate((i for i in items if i), 1)
            ]
            out.append("\n".join(lines))
        elif tag == "table":
            rows = []
            for row in element.iter("row"):
                cells = [_text(cell) for cell in row if cell.tag == "cell"]
                line = " | ".join(cell for cell in cells if cell)
                if line:
                    rows.append(line)
            out.append("\n".join(rows))
        elif tag == "quote" and any(child.tag in ("p", "list", "quote") for child in element):
            out.extend(_blocks(element))
        else:
            out.append(_text(element))
    return out


def _own_metadata(tree: HtmlElement) -> dict[str, str]:
    """What the page's JSON-LD, first <h1> and <title> say, read before trafilatura
    changes the tree: it fills the fields trafilatura leaves empty (JSON-LD without
    `@context`, an author given as a list)."""
    from .html_simple import _iso_date, _jsonld

    found = _jsonld(
        [str(text) for text in tree.xpath("//script[@type='application/ld+json']/text()")]
    )
    meta: dict[str, str] = {}
    h1 = next((t for t in (_text(h) for h in tree.iter("h1")) if t), None)
    title = found.get("headline") or h1 or next((_text(t) for t in tree.iter("title")), None)
    if title:
        meta["title"] = title
    if found.get("author"):
        meta["author"] = found["author"]
    if found.get("datePublished") and (date := _iso_date(found["datePublished"])):
        meta["date"] = date
    if found.get("url"):
        meta["url"] = found["url"]
    return meta


def _fill_gaps(own: dict[str, str], meta: dict[str, str]) -> None:
    for key, value in own.items():
        meta.setdefault(key, value)

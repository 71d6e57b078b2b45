"""Reading article files: encodings, refusals, HTML extraction and header metadata."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pytest

from tests.conftest import EVALDATA, SAMPLES, SEED
from workbench.core.errors import InputError
from workbench.core.ingest import MAX_BYTES, parse_date, parse_document, read_document
from workbench.core.layout import segment_document

TEXT = "Café owners say “prices” rose 12% — again.\n\nThe mayor disagreed.\n"


@pytest.mark.parametrize(
    "encoding,prefix,expected",
    [
        ("utf-8", b"", "utf-8"),
        ("utf-8", b"\xef\xbb\xbf", "utf-8-sig"),
        ("utf-16-le", b"\xff\xfe", "utf-16"),
        ("utf-16-be", b"\xfe\xff", "utf-16"),
        ("cp1252", b"", "cp1252"),
    ],
)
def test_encodings_decode_without_replacement(
    tmp_path: Path, encoding: str, prefix: bytes, expected: str
) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(prefix + TEXT.encode(encoding))
    document = read_document(path)
    assert document.text == TEXT
    assert document.encoding == expected
    assert "\ufffd" not in document.text


def test_latin1_bytes_cp1252_leaves_undefined_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"Caf\xe9 \x93quoted\x94 and \x81 odd byte.\n")
    document = read_document(path)
    assert document.text == "Café “quoted” and \x81 odd byte.\n"
    assert document.encoding == "cp1252"


def test_text_is_stored_verbatim(tmp_path: Path) -> None:
    raw = "Headline\r\n\r\nFirst line.  Two  spaces.\r\nTabs\there.\r\n"
    path = tmp_path / "a.txt"
    path.write_bytes(raw.encode("utf-8"))
    assert read_document(path).text == raw
    assert read_document(SEED).text == SEED.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "content,message",
    [
        (b"", "empty"),
        (b"  \n\t\r\n  ", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file (PNG)"),
        (b"PK\x03\x04\x14\x00\x06\x00", "binary file (ZIP"),
        (b"%PDF-1.7\n%\xe2\xe3", "cannot read the PDF"),  # a PDF is read, this one is broken
        (b"text\x00with\x00nuls" * 10, "NUL bytes"),
        (bytes(range(1, 32)) * 20, "control characters"),
    ],
)
def test_bad_input_is_refused(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(InputError, match=re.escape(message)):
        read_document(path)


def test_missing_directory_and_size_limit(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_document(tmp_path / "missing.txt")
    with pytest.raises(InputError, match="is a directory"):
        read_document(tmp_path)
    big = tmp_path / "big.txt"
    big.write_bytes(b"Words and more words. " * 100)
    with pytest.raises(InputError, match="limit"):
        read_document(big, max_bytes=1000)


def test_twenty_megabytes_import(tmp_path: Path) -> None:
    path = tmp_path / "long.txt"
    path.write_bytes((SEED.read_bytes() + b"\n\n") * (20_000_000 // 2000 + 1))
    started = time.perf_counter()
    document = read_document(path)
    assert len(document.text.encode("utf-8")) > 20_000_000
    assert document.title is not None
    assert time.perf_counter() - started < 30  # generous: it takes about a second


def test_seed_header() -> None:
    document = read_document(SEED)
    assert document.title == "Iraqi Resistance Launches New Drone Attacks against “Israel”"
    assert document.date == "2024-11-11"
    assert document.byline == "By Staff, Agencies"
    assert [document.text[a:b] for a, b in document.exclude] == [
        " date 2024-11-11 ",
        "By Staff, Agencies",
    ]


HTML = """<!doctype html><html><head>
<title>Site | Story</title>
<meta property="og:title" content="Dam plan approved">
<meta property="article:published_time" content="2024-03-02T10:00:00Z">
<meta name="author" content="Ana Lee">
<link rel="canonical" href="https://example.org/dam">
<script>alert("head")</script><style>p { color: red }</style>
</head><body>
<nav><a href="/">Home</a> Menu items</nav>
<div class="cookie">Accept cookies</div>
<main><article>
<h1>Dam plan approved</h1>
<p>The council approved the &pound;40m dam on&nbsp;Tuesday. It will be built by 2027.</p>
<script>alert(1)</script>
<ol><li>Phase one starts in May.</li><li>Phase two follows.</li></ol>
<table><tr><th>Year</th><th>Cost</th></tr><tr><td>2025</td><td>&pound;10m</td></tr></table>
<p hidden>Hidden text</p>
</article></main>
<aside>Related stories</aside><footer>Copyright</footer>
</body></html>"""


def test_html_main_text_and_metadata() -> None:
    document = parse_document(HTML.encode("utf-8"), "html", name="page.html")
    assert document.format == "html"
    assert document.title == "Dam plan approved"
    assert document.date == "2024-03-02"
    assert document.byline == "By Ana Lee"
    assert document.url == "https://example.org/dam"
    assert document.text == (
        "Dam plan approved\n\n"
        "The council approved the £40m dam on Tuesday. It will be built by 2027.\n\n"
        "1. Phase one starts in May.\n2. Phase two follows.\n\n"
        "Year | Cost\n2025 | £10m\n"
    )
    for dropped in ("alert", "Menu", "cookies", "Related", "Copyright", "Hidden", "color"):
        assert dropped not in document.text


def test_html_metadata_from_json_ld_and_time() -> None:
    page = """<html><head><script type="application/ld+json">
    {"@type": "NewsArticle", "headline": "Port reopens", "datePublished": "2025-01-09",
     "author": [{"@type": "Person", "name": "Sam Ode"}]}</script></head>
    <body><p>The port reopened on Thursday after repairs.</p></body></html>"""
    document = parse_document(page.encode(), "html")
    assert (document.title, document.date, document.byline) == (
        "Port reopens",
        "2025-01-09",
        "By Sam Ode",
    )
    assert document.text.startswith("Port reopens\n\nThe port reopened")


def test_html_is_sniffed_whatever_the_extension(tmp_path: Path) -> None:
    path = tmp_path / "saved-page.txt"
    path.write_text(HTML, encoding="utf-8")
    assert read_document(path).format == "html"


@pytest.mark.parametrize(
    "text,expected",
    [
        ("2024-11-11", "2024-11-11"),
        ("14 October 2024", "2024-10-14"),
        ("November 14, 2024", "2024-11-14"),
        ("Updated Nov. 14, 2024, 6:40 p.m. ET", "2024-11-14"),
        ("28 Feb. 2025", "2025-02-28"),
        ("Sept. 3, 2023", "2023-09-03"),
        ("no date here", None),
        ("31 February 2024", None),
    ],
)
def test_parse_date(text: str, expected: str | None) -> None:
    assert parse_date(text) == expected


def test_markdown_and_front_matter(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_text(
        "---\ntitle: Budget passes\ndate: 2025-03-01\nauthor: Kim Roe\n"
        "url: https://example.org/b\n---\n\n# Budget passes\n\n"
        "The vote was 27 to 19.\n",
        encoding="utf-8",
    )
    document = read_document(path)
    assert (document.title, document.date, document.byline, document.url) == (
        "Budget passes",
        "2025-03-01",
        "By Kim Roe",
        "https://example.org/b",
    )
    excluded = [document.text[a:b] for a, b in document.exclude]
    assert excluded[0].startswith("---\ntitle") and excluded[1] == "# "


def test_evaldata_headers_match_gold() -> None:
    for path in sorted(EVALDATA.glob("*.txt")):
        gold = json.loads(path.with_suffix(".gold.json").read_text(encoding="utf-8"))
        document = read_document(path)
        assert (document.title, document.date, document.byline) == (
            gold["title"],
            gold["date"],
            gold["byline"],
        ), path.name


@pytest.mark.parametrize(
    "name,title,date,byline,url",
    [
        (
            "press_release_harbour_ministry.txt",
            "Ministry of Harbours announces £84m upgrade for three fishing ports",
            "2025-01-05",
            None,
            None,
        ),
        (
            "council_budget_lists.md",
            "Northfield council backs 4.9% tax rise to protect bus routes",
            None,
            "By Amira Okonjo, Local Democracy Reporter",
            None,
        ),
        (
            "river_flood_report.html",
            "River Tamber bursts its banks, flooding 600 homes",
            "2025-02-17",
            "By Lena Marsh",
            "https://news.example.org/2025/02/17/river-tamber-floods",
        ),
    ],
)
def test_sample_articles(
    name: str, title: str, date: str | None, byline: str | None, url: str | None
) -> None:
    document = read_document(SAMPLES / name)
    assert (document.title, document.date, document.byline, document.url) == (
        title,
        date,
        byline,
        url,
    )
    if name.endswith(".html"):
        assert "cookies" not in document.text and "trackPageView" not in document.text
        assert "• The council's flood line, open 24 hours" in document.text
        assert "Lower Tamberley | 412 | 61" in document.text


def test_size_limit_is_stated_in_the_units_the_readme_uses(tmp_path: Path) -> None:
    # The README promises "64 MB", meaning 64 × 1024 × 1024 bytes; the message must agree.
    assert MAX_BYTES == 64 * 1024 * 1024
    big = tmp_path / "big.txt"
    with big.open("wb") as handle:
        handle.truncate(MAX_BYTES + 1)  # sparse: no 64 MB written
    with pytest.raises(InputError) as refused:
        read_document(big)
    message = str(refused.value)
    assert "the limit is 64 MB (67,108,864 bytes)" in message
    assert "67,108,865 bytes" in message
    assert "67 MB" not in message
    exact = tmp_path / "exact.txt"
    exact.write_bytes(b"Words and more words.\n" * 10)
    assert read_document(exact, max_bytes=exact.stat().st_size).text.startswith("Words")
    with pytest.raises(InputError, match=r"the limit is 219 bytes"):
        read_document(exact, max_bytes=219)


TABLE = (
    "# Budget lines\n\nThe council set three rates.\n\n"
    "| Band | Rate |\n|------|-------|\n| A | 1% |\n\n"
    "| Band | Rate |\n| --- | :---: |\n| B | 2% |\n\n"
    "Band | Rate\n:--- | ---:\nC | 3%\n\n"
    "   |---|\n\n"
    "Prices fell - again.\n"
)
RULES = ["|------|-------|", "| --- | :---: |", ":--- | ---:", "|---|"]


@pytest.mark.parametrize("fmt", ["md", "txt"])
def test_table_separator_rows_are_not_sentences(fmt: str) -> None:
    document = parse_document(TABLE.encode("utf-8"), fmt)
    assert document.text == TABLE  # stored verbatim
    offered = [row[4] for row in segment_document(document)]
    assert offered == [
        "Budget lines",
        "The council set three rates.",
        "| Band | Rate |",
        "| A | 1% |",
        "| Band | Rate |",
        "| B | 2% |",
        "Band | Rate",
        "C | 3%",
        "Prices fell - again.",
    ]
    for rule in RULES:
        assert not any(rule in sentence for sentence in offered)

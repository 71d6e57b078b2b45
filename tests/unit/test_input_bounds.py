"""Bounded, checked input on every path: only regular files, reads that stop at the limit,
one decoder for files, standard input and fetched bodies, a decoding chosen on evidence and
named, and data files (the workbench's own exports) refused as articles."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import ROOT, SEED
from workbench.cli import main
from workbench.core.decode import decode, read_stream
from workbench.core.errors import InputError
from workbench.core.ingest import parse_document, read_document, read_input

UTF8_TEXT = ("Café owners in Zürich say “prices” rose 12% — again. " * 40 + "\n\n") * 5


def test_a_named_pipe_is_refused_without_waiting(tmp_path: Path) -> None:
    fifo = tmp_path / "article.txt"
    os.mkfifo(fifo)
    # A separate process with a time limit: a read that waited for a writer would hang.
    done = subprocess.run(
        [sys.executable, "-m", "workbench", "import", str(fifo)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 1
    assert (
        done.stderr == f"error: {fifo} is a named pipe, not a regular file; only files are read\n"
    )
    assert not (tmp_path / "data" / "workbench.db").exists()


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/null", "/dev/urandom"])
def test_devices_are_refused_before_any_read(device: str) -> None:
    if not Path(device).exists():
        pytest.skip(f"{device} is missing here")
    with pytest.raises(InputError, match="is a character device, not a regular file"):
        read_document(Path(device))


def test_a_symlink_to_a_regular_file_is_read(tmp_path: Path) -> None:
    link = tmp_path / "link.txt"
    link.symlink_to(SEED)
    assert read_document(link).text == SEED.read_text(encoding="utf-8")


class Endless(io.RawIOBase):
    """A stream that never ends, counting what was asked of it."""

    def __init__(self) -> None:
        self.given = 0

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        assert size > 0, "an unbounded read of an endless stream"
        self.given += size
        return b"a" * size


def test_an_endless_stream_is_refused_one_byte_past_the_limit() -> None:
    stream = Endless()
    with pytest.raises(InputError, match="standard input is larger than the limit of 1,000"):
        read_stream(stream, name="standard input", max_bytes=1000)
    assert stream.given == 1001


def test_standard_input_goes_through_the_decoder() -> None:
    raw = "Le café coûte 3 €. Ça suffit.\n".encode("cp1252")
    document = read_input(io.BytesIO(raw), name="standard input")
    assert document.text == "Le café coûte 3 €. Ça suffit.\n"
    assert document.encoding == "cp1252"
    bom = read_input(io.BytesIO(b"\xef\xbb\xbfA report.\n"), name="standard input")
    assert bom.text == "A report.\n"
    with pytest.raises(InputError, match="NUL"):
        read_input(io.BytesIO(b"text " * 20_000 + b"\x00 more"), name="standard input")


@pytest.mark.parametrize(
    "raw,message",
    [
        ("Caf\u00e9 report. ".encode("cp1252") + bytes(range(1, 9)) * 2000, "control characters"),
        (b"A report. " * 10_000 + b"\x00", "NUL"),
        ("\ufeffA report.\n".encode() + b"\x00", "NUL"),
    ],
)
def test_snapshot_from_standard_input_is_checked(run_input, raw: bytes, message: str) -> None:
    result = run_input(raw, "source", "add", "--title", "T", "--snapshot", "-", code=1)
    assert message in result.stderr
    assert "Traceback" not in result.output


def test_snapshot_from_standard_input_in_any_encoding_is_stored_as_text(run_input) -> None:
    raw = "\u201cWe will rebuild,\u201d the minister said.\n".encode("cp1252")
    run_input(raw, "source", "add", "--title", "Statement", "--snapshot", "-")
    shown = json.loads(run_input(b"", "source", "show", "1", "--json").stdout)
    assert shown["snapshot"] == "\u201cWe will rebuild,\u201d the minister said.\n"
    run_input(b"\xef\xbb\xbfSecond.\n", "source", "add", "--title", "S", "--snapshot", "-")
    shown = json.loads(run_input(b"", "source", "show", "2", "--json").stdout)
    assert shown["snapshot"] == "Second.\n"


@pytest.fixture
def run_input():
    runner = CliRunner()

    def invoke(stdin: bytes, *args: str, code: int = 0):
        result = runner.invoke(main, list(args), input=stdin, catch_exceptions=False)
        assert result.exit_code == code, result.output + result.stderr
        return result

    return invoke


# ------------------------------------------------------------------ decoding
def test_a_few_stray_bytes_in_utf8_keep_it_utf8_and_say_so() -> None:
    raw = UTF8_TEXT.encode("utf-8").replace(b"rose", b"rose \x92", 3)
    decoded = decode(raw, name="a.txt")
    assert decoded.encoding == "utf-8"
    assert "Zürich" in decoded.text and "“prices”" in decoded.text  # no mojibake
    assert decoded.text.count("rose \u2019") == 3  # the stray bytes read as cp1252
    assert decoded.note is not None
    assert decoded.note.startswith("a.txt: read as UTF-8; 3 bytes that are not UTF-8")


def test_a_cp1252_file_is_read_as_cp1252_and_says_so() -> None:
    raw = UTF8_TEXT.encode("cp1252")
    decoded = decode(raw, name="a.txt")
    assert (decoded.text, decoded.encoding) == (UTF8_TEXT, "cp1252")
    assert decoded.note == "a.txt: not UTF-8, read as cp1252 (Windows Western European)"
    assert decode(UTF8_TEXT.encode(), name="a.txt").note is None


def test_the_decoding_note_reaches_the_import_warnings(run, tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(UTF8_TEXT.encode("utf-8").replace(b"rose", b"rose \x92", 3))
    result = run("import", str(path))
    assert "imported article 1" in result.stdout
    assert "warning: " in result.stderr and "3 bytes that are not UTF-8" in result.stderr


def test_a_nul_after_the_first_64_kb_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"A sentence of text. " * 10_000 + b"\x00" + b"More text. " * 10)
    with pytest.raises(InputError, match="NUL"):
        read_document(path)


def test_control_noise_at_the_end_is_refused() -> None:
    raw = b"A sentence of text. " * 10_000 + bytes(range(1, 9)) * 10_000
    with pytest.raises(InputError, match="control characters"):
        decode(raw, name="a.txt")


def test_a_declared_charset_is_used_when_the_bytes_fit() -> None:
    raw = "Привет, мир. Это новость.".encode("koi8-r")
    decoded = decode(raw, name="page", declared="koi8-r")
    assert decoded.text == "Привет, мир. Это новость." and decoded.encoding == "koi8-r"
    assert decode(raw, name="page", declared="no-such-charset").encoding == "cp1252"


def test_a_page_declared_latin1_that_is_utf8_is_read_as_utf8() -> None:
    raw = "Caf\u00e9 owners in Z\u00fcrich say \u201cprices\u201d rose.".encode()
    decoded = decode(raw, name="page", declared="iso-8859-1")
    assert decoded.text == "Caf\u00e9 owners in Z\u00fcrich say \u201cprices\u201d rose."
    assert decoded.note == "page: declared iso-8859-1 but is UTF-8; read as UTF-8"
    legacy = "Caf\u00e9 cr\u00e8me.".encode("cp1252")
    assert decode(legacy, name="page", declared="iso-8859-1").text == "Caf\u00e9 cr\u00e8me."


# --------------------------------------------------------- data, not articles
@pytest.mark.parametrize(
    "fmt,what",
    [
        ("json", "is a JSON export of the workbench, not an article"),
        ("jsonl", "is a JSON Lines export of the workbench, not an article"),
        ("csv", "is a CSV export of the workbench, not an article"),
        ("claimreview", "is a JSON-LD file"),
        ("webannotation", "is a JSON-LD file"),
    ],
)
def test_own_exports_are_refused_as_articles(run, tmp_path: Path, fmt: str, what: str) -> None:
    run("import", str(SEED))
    run("tag", "1", "13", "claim")
    run("verdict", "1", "13", "True", "--rationale", "Ministry figures.", "--claim", "A claim")
    exported = tmp_path / f"a1.{fmt}"
    run(
        "export",
        *("1", "--format", fmt, "-o", str(exported), "--org-url", "https://fc.example"),
        *("--report-url", "https://fc.example/reviews/{article}"),
    )
    before = run("articles", "--json").stdout
    result = run("import", str(exported), code=1)
    assert what in result.stderr
    assert result.stderr.count("\n") == 1
    assert run("articles", "--json").stdout == before


@pytest.mark.parametrize(
    "text",
    [
        "[Updated] The council met on Monday.\n\nIt approved the budget.\n",
        "{Draft} The council met on Monday.\n",
        "name,age\nThe council met on Monday.\n",
    ],
)
def test_articles_that_start_like_data_are_still_articles(text: str) -> None:
    from workbench.core.ingest import refuse_data_file

    refuse_data_file(text, "a.txt")  # no error
    assert parse_document(text.encode(), "txt").text == text


# ------------------------------------------------------------------ web pages
PAGES = ROOT / "benchmarks" / "data" / "extract"


def test_page_furniture_is_left_out_and_metadata_read() -> None:
    document = read_document(PAGES / "03-rail-strike.html")
    truth = (PAGES / "03-rail-strike.txt").read_text(encoding="utf-8")
    assert document.text == truth
    assert (document.title, document.date, document.byline, document.site) == (
        "Train drivers vote for three more days of strikes",
        "2024-10-09",
        "By Marcus Bell",
        "Capital Wire",
    )
    assert document.url == "https://capitalwire.example/2024/rail-strike"
    for furniture in ("Leave a Reply", "thoughts on", "Recent Posts", "Tagged", "says:"):
        assert furniture not in document.text


def test_a_page_nested_20000_levels_is_refused_at_once() -> None:
    page = "<html><body>" + "<div>" * 20_000 + "deep" + "</div>" * 20_000 + "</body></html>"
    started = time.perf_counter()
    with pytest.raises(InputError, match="nested deeper than 256 levels"):
        parse_document(page.encode(), "html", name="deep.html")
    assert time.perf_counter() - started < 10  # it takes milliseconds; 21 s before


def test_a_page_with_a_13_mb_table_is_refused_at_once() -> None:
    page = (
        "<html><body><table>"
        + "<tr><td>cell text 123</td><td>more 456</td></tr>" * 260_000
        + "</table></body></html>"
    )
    assert len(page) > 12_000_000
    started = time.perf_counter()
    with pytest.raises(InputError, match="780,003 elements; the limit is 100,000"):
        parse_document(page.encode(), "html", name="table.html")
    assert time.perf_counter() - started < 60  # about 2 s; 325 s before


def test_a_long_page_within_the_bounds_is_read(tmp_path: Path) -> None:
    rows = "".join(f"<tr><td>Ward {n}</td><td>{n * 7}</td></tr>" for n in range(3000))
    body = "".join(f"<p>Paragraph {n} of the report says the count rose.</p>" for n in range(2000))
    page = f"<html><body><article><h1>Count</h1>{body}<table>{rows}</table></article></body></html>"
    document = parse_document(page.encode(), "html", name="long.html")
    assert "Paragraph 1999 of the report" in document.text
    assert "Ward 2999 | 20993" in document.text


def test_pages_are_read_in_a_worker_thread() -> None:
    # The TUI imports in a worker thread; the extractor must not need the main thread.
    found: list[object] = []
    page = (PAGES / "01-bridge-closure.html").read_bytes()
    worker = threading.Thread(target=lambda: found.append(parse_document(page, "html")))
    worker.start()
    worker.join(60)
    assert found and "Old Mill Bridge" in found[0].text  # type: ignore[attr-defined]


def test_a_bare_page_falls_back_to_its_visible_text() -> None:
    page = b"<html><body><p>Short note.</p></body></html>"
    assert parse_document(page, "html").text == "Short note.\n"


def test_a_page_too_large_for_trafilatura_is_read_in_one_pass() -> None:
    from workbench.core.html_extract import MAX_TRAFILATURA_ELEMENTS

    count = MAX_TRAFILATURA_ELEMENTS + 5_000
    body = "".join(f"<p>Paragraph {n} says the count rose.</p>" for n in range(count))
    page = f"<html><body><nav>Home News</nav><main><h1>Count</h1>{body}</main></body></html>"
    started = time.perf_counter()
    document = parse_document(page.encode(), "html", name="big.html")
    assert time.perf_counter() - started < 60  # seconds; trafilatura would take minutes
    assert document.text.startswith("Count\n\nParagraph 0 says the count rose.")
    assert f"Paragraph {count - 1} says" in document.text and "Home News" not in document.text


def test_the_headline_shown_on_the_page_is_the_title_once() -> None:
    page = (
        "<html><head><meta property='og:title' content='Floods: 600 homes hit'>"
        "<title>Floods | Courier</title></head><body><nav>Home</nav><article>"
        "<h1>River Tamber bursts its banks, flooding 600 homes</h1>"
        "<p>About 600 homes in Lower Tamberley were flooded on Sunday night after the river "
        "burst its banks following heavy rain, the council said.</p>"
        "<p>The Environment Agency issued four severe flood warnings on Monday.</p>"
        "</article></body></html>"
    )
    document = parse_document(page.encode(), "html")
    assert document.title == "River Tamber bursts its banks, flooding 600 homes"
    assert document.text.startswith("River Tamber bursts its banks, flooding 600 homes\n\nAbout")
    assert "Floods" not in document.text

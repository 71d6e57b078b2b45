"""Fetching pages and PDFs, against a local HTTP server on 127.0.0.1 that the tests start:
pages, PDFs, redirects, slow and broken responses, a gzip bomb. Every failure is one line and
stores nothing; --offline and the config switch forbid any network use."""

from __future__ import annotations

import gzip
import json
import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.conftest import ROOT
from workbench.core.errors import InputError
from workbench.core.fetch import Fetcher
from workbench.core.service import Workbench

PAGES = ROOT / "benchmarks" / "data" / "extract"
PDFS = ROOT / "tests" / "data" / "pdf"
PAGE = (PAGES / "03-rail-strike.html").read_bytes()
PDF = (PDFS / "casualty_report.pdf").read_bytes()
CP1252_PAGE = (
    "<html><head><title>Caf\u00e9 prices</title></head><body><article><h1>Caf\u00e9 prices "
    "rise</h1><p>The price of a caf\u00e9 cr\u00e8me rose to \u20ac4 in Z\u00fcrich, the "
    "survey of 120 caf\u00e9s found on Monday.</p><p>Owners blamed the cost of milk, which "
    "rose by 18\u00a0per cent in a year, and of rent.</p></article></body></html>"
).encode("cp1252")


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args: object) -> None:  # quiet
        pass

    def send(self, status: int, body: bytes, kind: str, **headers: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", headers.pop("length", str(len(body))))
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: C901 - one route per branch
        path = self.path
        if path == "/article.html":
            self.send(200, PAGE, "text/html; charset=utf-8", ETag='"abc"')
        elif path == "/cafe.html":
            self.send(200, CP1252_PAGE, "text/html; charset=windows-1252")
        elif path == "/report.pdf":
            self.send(200, PDF, "application/pdf")
        elif path == "/scan.pdf":
            self.send(200, (PDFS / "scanned.pdf").read_bytes(), "application/pdf")
        elif path == "/notes.txt":
            self.send(200, b"Council notes\n\nThe council met 3 times in May.\n", "text/plain")
        elif path == "/moved":
            self.send(302, b"", "text/plain", Location="/article.html")
        elif path.startswith("/loop"):
            self.send(302, b"", "text/plain", Location="/loop" + str(len(path)))
        elif path == "/missing":
            self.send(404, b"not here", "text/plain")
        elif path == "/crash":
            self.send(500, b"oops", "text/plain")
        elif path == "/image.png":
            self.send(200, b"\x89PNG\r\n\x1a\n", "image/png")
        elif path == "/slow":
            time.sleep(3)
            self.send(200, PAGE, "text/html")
        elif path == "/drip":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            for _ in range(40):
                self.wfile.write(b"<p>more</p>" * 10)
                self.wfile.flush()
                time.sleep(0.1)
        elif path == "/huge":
            self.send(200, b"", "text/html", length=str(10**10))
        elif path == "/endless":
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            try:
                for _ in range(200):
                    self.wfile.write(b"words and words. " * 4096)
            except OSError:
                pass
        elif path == "/bomb":
            body = gzip.compress(b"<p>" + b"a" * 50_000_000 + b"</p>", 9)
            self.send(200, body, "text/html", Content_Encoding="gzip")
        elif path == "/article.html.gz":
            self.send(200, gzip.compress(PAGE), "text/html", Content_Encoding="gzip")
        elif path == "/badgzip":
            self.send(200, b"this is not gzip at all", "text/html", Content_Encoding="gzip")
        elif path == "/cut":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", "100000")
            self.end_headers()
            self.wfile.write(b"<p>only the start")
            self.close_connection = True
        else:
            self.send(404, b"", "text/plain")


class QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a client that stops reading (a body past the limit) is what the tests do


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = QuietServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def clock() -> str:
    return "2025-03-01T10:00:00Z"


def fetcher(**limits: object) -> Fetcher:
    settings: dict[str, object] = {"timeout": 5.0, "max_bytes": 1024 * 1024}
    settings.update(limits)
    return Fetcher(clock=clock, **settings)  # type: ignore[arg-type]


# ------------------------------------------------------------------ successes
def test_a_page_is_imported_with_its_metadata_and_archived(server: str, db_path: Path) -> None:
    with Workbench(db_path, "alice") as wb:
        result = wb.import_url(f"{server}/moved", fetcher=fetcher())
        article = result.article
        assert result.created
        assert article.title == "Train drivers vote for three more days of strikes"
        assert (article.date, article.byline) == ("2024-10-09", "By Marcus Bell")
        assert article.url == "https://capitalwire.example/2024/rail-strike"  # canonical
        assert "Leave a Reply" not in wb.article(article.id).text
        [archived] = wb.archived(article_id=article.id)
        assert archived.url == f"{server}/moved"
        assert archived.final_url == f"{server}/article.html"
        assert (archived.status, archived.media_type) == (200, "text/html")
        assert archived.size == len(PAGE)
        assert archived.headers["etag"] == '"abc"'
        assert archived.fetched_at == "2025-03-01T10:00:00Z" and archived.fetched_by == "alice"
        assert wb.archived_body(archived.id) == PAGE


def test_the_page_charset_is_used(server: str, db_path: Path) -> None:
    with Workbench(db_path, "alice") as wb:
        result = wb.import_url(f"{server}/cafe.html", fetcher=fetcher())
        text = wb.article(result.article.id).text
        assert "caf\u00e9 cr\u00e8me rose to \u20ac4 in Z\u00fcrich" in text
        assert result.article.encoding == "cp1252"


def test_a_pdf_source_keeps_its_pages(server: str, db_path: Path, run) -> None:
    with Workbench(db_path, "alice") as wb:
        source, created = wb.add_source_from_url(f"{server}/report.pdf", fetcher=fetcher())
        assert created and source.url == f"{server}/report.pdf"
        assert source.title == "Weekly casualty report"  # the PDF's own title
        assert source.snapshot is not None and source.snapshot.count("\f") == 2
        assert "43,603 people killed" in source.snapshot.split("\f")[0]
        assert "Khan Younis 8,950 22,310" in source.snapshot.split("\f")[1]
        assert wb.archived(source_id=source.id)[0].media_type == "application/pdf"
    shown = run("source", "show", "1").stdout
    assert "--- page 2 ---\nTable 1. Casualties by governorate" in shown
    assert f"fetched: {server}/report.pdf, 200 application/pdf" in shown


def test_source_add_url_through_the_cli(server: str, run) -> None:
    out = run("source", "add", f"{server}/article.html", "--json").stdout
    source = json.loads(out)["source"]
    assert source["title"] == "Train drivers vote for three more days of strikes"
    assert source["publisher"] == "Capital Wire"
    assert source["published"] == "2024-10-09"
    assert "88% of those voted in favour" in source["snapshot"]
    shown = json.loads(run("source", "show", str(source["id"]), "--json").stdout)
    assert shown["fetches"][0]["sha256"] == __import__("hashlib").sha256(PAGE).hexdigest()


def test_import_url_through_the_cli(server: str, run) -> None:
    out = run("import", f"{server}/notes.txt").stdout
    assert out.startswith("imported article 1: Council notes")
    listing = json.loads(run("articles", "--json").stdout)
    assert listing[0]["url"] == f"{server}/notes.txt"


# ------------------------------------------------------------------ failures
@pytest.mark.parametrize(
    "path,message,limits",
    [
        ("/missing", "the server answered 404 Not Found", {}),
        ("/crash", "the server answered 500 Internal Server Error", {}),
        ("/image.png", "image/png is not a web page, a PDF or text", {}),
        ("/loop", "more than 5 redirects (a redirect loop?)", {}),
        ("/slow", "no answer within 0.5 s", {"timeout": 0.5}),
        ("/drip", "not all of it came within 1 s", {"timeout": 1.0}),
        ("/huge", "10,000,000,000 bytes is more than the limit of 1 MB", {}),
        ("/endless", "the body is more than the limit of 1 MB", {}),
        ("/bomb", "the body is more than the limit of 1 MB once decompressed", {}),
        ("/badgzip", "compressed body is broken", {}),
        ("/cut", "the connection broke off", {}),
        ("/scan.pdf", "the PDF has no text layer", {}),
    ],
)
def test_every_failure_is_one_line_and_stores_nothing(
    server: str, tmp_path: Path, path: str, message: str, limits: dict[str, float]
) -> None:
    db = tmp_path / "fresh.db"
    with Workbench(db, "alice") as wb:
        started = time.monotonic()
        with pytest.raises(InputError) as refused:
            wb.import_url(f"{server}{path}", fetcher=fetcher(**limits))
        assert time.monotonic() - started < 30
        assert message in str(refused.value)
        assert "\n" not in str(refused.value)
        assert str(refused.value).startswith(f"{server}{path}")
    assert not db.exists()  # nothing stored, not even a database made


def test_a_refused_connection_and_an_unknown_host(monkeypatch: pytest.MonkeyPatch) -> None:
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    port = closed.getsockname()[1]
    closed.close()
    with pytest.raises(InputError, match="the connection was refused"):
        fetcher().fetch(f"http://127.0.0.1:{port}/")

    real = socket.getaddrinfo

    def no_such_host(host: object, *args: object, **kwargs: object) -> object:
        if host == "news.invalid":
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return real(host, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(socket, "getaddrinfo", no_such_host)
    with pytest.raises(InputError, match=r"news.invalid/a: no such host"):
        fetcher().fetch("http://news.invalid/a")


def test_offline_forbids_any_network_use(server: str, run, monkeypatch, tmp_path: Path) -> None:
    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("the network was used")

    monkeypatch.setattr(socket, "create_connection", no_network)
    result = run("import", f"{server}/article.html", "--offline", code=1)
    assert result.stderr == (
        f"error: {server}/article.html: not fetched, network use is off "
        "(--offline or offline in the config)\n"
    )
    config = tmp_path / "offline.toml"
    config.write_text("offline = true\n", encoding="utf-8")
    monkeypatch.setenv("WORKBENCH_CONFIG", str(config))
    result = run("source", "add", f"{server}/article.html", code=1)
    assert "network use is off" in result.stderr
    assert run("source", "list").stdout == ""


def test_a_gzip_body_within_the_limit_is_read_decompressed(server: str) -> None:
    fetched = fetcher().fetch(f"{server}/article.html.gz")
    assert fetched.body == PAGE
    assert fetched.headers["content-encoding"] == "gzip"


# ------------------------------------------------------------------ PDF evidence
def test_checks_and_excerpt_pages_work_against_a_pdf_snapshot(run) -> None:
    from tests.conftest import SEED

    run("import", str(SEED))
    run(
        "source",
        "add",
        "--title",
        "Casualty report",
        "--snapshot",
        str(PDFS / "casualty_report.pdf"),
    )
    run("tag", "1", "13", "figure", "claim")
    excerpt = "Khan Younis 8,950 22,310"
    run("link", "1", "13", "1", "--stance", "context", "--excerpt", excerpt)
    run("link", "1", "13", "1", "--stance", "supports")
    shown = run("sentence", "1", "13").stdout
    assert f"“{excerpt}” (page 2)" in shown
    checks = run("check", "1", "13").stdout
    assert "43,600 vs 43,603" in checks and "103,000 vs 102,929" in checks
    found = run("find-evidence", "1", "13").stdout.splitlines()[0]
    assert "(Casualty report, page 1)" in found and "\\x0c" not in found


def test_excerpt_page_follows_the_words_across_line_breaks() -> None:
    from workbench.core.pdf import excerpt_page

    snapshot = "First page text.\fSecond page: the ministry\nrecorded 43,603 deaths.\fThird."
    assert excerpt_page(snapshot, "the ministry recorded 43,603") == 2
    assert excerpt_page(snapshot, "Third.") == 3
    assert excerpt_page(snapshot, "not there") is None
    assert excerpt_page("No pages here.", "No pages") is None

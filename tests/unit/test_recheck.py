"""`workbench recheck` and `workbench revisions` through the CLI, against a local HTTP server
on 127.0.0.1 whose page changes between fetches (the server helpers of test_fetch)."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator

import pytest

from tests.unit.test_fetch import Handler, QuietServer

PAGES: dict[str, bytes] = {}
FIRST = (
    b"Council notes\n\nThe council met 3 times in May. The mayor said rents fell by 4 percent. "
    b"Parking fees stay the same.\n"
)
SECOND = (
    b"Council notes\n\nThe council met 3 times in May. The mayor said rents fell by 2 percent. "
    b"Parking fees stay the same. A correction was added on Friday.\n"
)


class ChangingHandler(Handler):
    def do_GET(self) -> None:
        if self.path in PAGES:
            self.send(200, PAGES[self.path], "text/plain; charset=utf-8")
        else:
            self.send(404, b"", "text/plain")


@pytest.fixture
def site() -> Iterator[str]:
    PAGES.clear()
    httpd = QuietServer(("127.0.0.1", 0), ChangingHandler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_recheck_finds_a_changed_page_and_keeps_the_review(site: str, run) -> None:
    PAGES["/notes.txt"] = FIRST
    PAGES["/other.txt"] = b"Other notes\n\nNothing here changes at all.\n"
    run("import", f"{site}/notes.txt")
    run("import", f"{site}/other.txt")
    run("tag", "1", "2", "claim")
    run("tag", "1", "3", "claim")
    run("verdict", "1", "3", "True")
    assert run("recheck").stdout.count("unchanged article") == 2
    PAGES["/notes.txt"] = SECOND
    result = run("recheck", code=3)
    assert "changed article 1" in result.stdout and "unchanged article 2" in result.stdout
    assert "revision 2" in result.stdout
    listing = json.loads(run("articles", "--json").stdout)
    assert len(listing) == 2
    sentences = json.loads(run("sentences", "1", "--json").stdout)
    by_text = {s["text"]: s for s in sentences}
    assert [s["number"] for s in sentences if s["changed"]] == [3, 5]
    assert by_text["The council met 3 times in May."]["tags"] == ["claim"]
    assert by_text["The mayor said rents fell by 2 percent."]["verdict"] == "True"
    shown = run("revisions", "1").stdout
    assert "revision 1" in shown and "revision 2" in shown
    assert "edited sentence 3 (tagged claim; rated True), was: The mayor said rents fell by 4" in (
        shown
    )
    data = json.loads(run("revisions", "1", "--json").stdout)
    assert [r["number"] for r in data["revisions"]] == [1, 2]
    # Fetched again, the page is as stored: nothing changed, status 0; the undo log has one
    # action for the revision.
    run("recheck", "1")
    assert "revision 2" in run("undo").stdout


def test_recheck_failures_and_offline_have_their_own_status(site: str, run) -> None:
    PAGES["/notes.txt"] = FIRST
    run("import", f"{site}/notes.txt")
    PAGES.clear()
    result = run("recheck", code=1)
    assert "error: article 1" in result.stderr
    result = run("recheck", "--offline", code=1)
    assert "network" in result.stderr.lower()
    assert run("revisions", "1").stdout.startswith("article 1 has one text")


def test_recheck_of_an_article_without_a_url_is_refused(tmp_path, run) -> None:
    path = tmp_path / "local.txt"
    path.write_text("A local text. It came from no URL.\n", encoding="utf-8")
    run("import", str(path))
    assert "no URL" in run("recheck", "1", code=1).stderr
    assert "no article in the library came from a URL" in run("recheck").stdout


def test_reimporting_a_changed_file_says_revised(tmp_path, run) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "story.txt").write_bytes(FIRST)
    (tmp_path / "b" / "story.txt").write_bytes(SECOND)
    run("import", str(tmp_path / "a" / "story.txt"))
    out = run("import", str(tmp_path / "b" / "story.txt")).stdout
    assert out.startswith("revised article 1:") and "revision 2" in out

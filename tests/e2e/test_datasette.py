"""`workbench datasette`: the real command serves the database on 127.0.0.1, read-only, with
labelled tables and the desk's canned queries, while reviewers keep writing to it."""

from __future__ import annotations

import html
import json
import os
import queue
import signal
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from workbench.cli import main
from workbench.core.errors import NotFoundError, StoreError
from workbench.core.service import Workbench
from workbench.core.store.publish import datasette_metadata, published

from ..conftest import SEED

ROOT = Path(__file__).resolve().parents[2]
REPEATED = (
    "The ongoing “Israeli” war has resulted in the deaths of at least 43,600 Palestinians, "
    "the majority of whom are women and children, with another 103,000 people injured."
)
QUERIES = (
    "rated_sentences",
    "work_by_status",
    "verdicts_by_rating",
    "checked_before",
    "unfinished_work",
)


@pytest.fixture
def desk_db(tmp_path: Path) -> Path:
    """Two articles sharing a sentence, reviewed in part by two reviewers."""
    db = tmp_path / "desk.db"
    follow = tmp_path / "follow.txt"
    follow.write_text(
        "Follow-up <script>alert(1)</script> report\n\n"
        f"A second outlet repeated the figures. {REPEATED} Officials did not comment.\n",
        encoding="utf-8",
    )
    with Workbench(db, "ana") as wb:
        seed = wb.import_file(SEED).article.id
        assert wb.sentence(seed, 13).sentence.text == REPEATED
        wb.set_tags(seed, 13, ["claim", "figure"])
        wb.set_tags(seed, 10, ["claim"])
        source, _ = wb.add_source(
            url="https://example.org/moh", title="Ministry daily report", snapshot="43,603 killed"
        )
        wb.link(seed, 13, source.id, stance="supports", excerpt="43,603 killed")
        wb.set_verdict(seed, 13, "Mostly true", rationale="close")
        wb.set_verdict(seed, 10, "Half true", rationale="dates vary")
        other = wb.import_file(follow).article.id
        wb.set_tags(other, 3, ["claim"])
    with Workbench(db, "ben") as wb:
        wb.set_verdict(seed, 13, "True", rationale="the ministry's figures")
        wb.set_sentence_status(seed, 13, "in review")
        wb.add_reviewer("erin", "editor")
    with Workbench(db, "erin") as wb:
        wb.approve(seed, 10)
        wb.set_status(seed, "in review")
        wb.assign(seed, "ben")
    return db


class Served:
    def __init__(self, process: subprocess.Popen[str], url: str) -> None:
        self.process = process
        self.url = url

    def get(self, path: str) -> str:
        with urllib.request.urlopen(self.url.rsplit("/", 1)[0] + path, timeout=20) as response:
            assert response.status == 200
            return str(response.read().decode("utf-8"))

    def query(self, name: str, **params: str) -> list[dict[str, object]]:
        args = urllib.parse.urlencode({"_shape": "array", **params})
        return list(json.loads(self.get(f"/desk/{name}.json?{args}")))


@pytest.fixture
def served(desk_db: Path) -> Iterator[Served]:
    process = subprocess.Popen(
        [sys.executable, "-m", "workbench", "--db", str(desk_db), "datasette", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    lines: queue.Queue[str] = queue.Queue()
    assert process.stdout is not None
    threading.Thread(target=lambda: lines.put(process.stdout.readline()), daemon=True).start()
    try:
        first = lines.get(timeout=60)
    except queue.Empty:
        process.kill()
        pytest.fail("workbench datasette printed no address within 60 s")
    if not first:
        process.wait(timeout=10)
        pytest.fail(f"workbench datasette ended: {process.stderr.read() if process.stderr else ''}")
    url = first.split()[1]
    try:
        yield Served(process, url)
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
                pytest.fail("workbench datasette did not stop on Ctrl-C")


def test_serves_labelled_tables_and_the_desks_queries(served: Served, desk_db: Path) -> None:
    assert served.url.startswith("http://127.0.0.1:")
    assert served.url.endswith("/desk")

    # The tags table shows each sentence's text in place of its id, and the description.
    tags = served.get("/desk/tags")
    assert "What the reviewers marked each sentence as" in tags
    assert "The Islamic Resistance in Iraq has been engaged in such operations" in tags
    # Untrusted article text is shown as text, never run as HTML.
    articles = served.get("/desk/articles")
    assert "Follow-up &lt;script&gt;alert(1)&lt;/script&gt; report" in articles
    assert "<script>alert(1)</script>" not in articles

    # The views are pages of their own, labelled, filtered like any table.
    view = served.get("/desk/sentence_numbers")
    assert "Every sentence of every article with its number as the workbench shows it" in view
    numbered = served.query("sentence_numbers", article_id="1", _sort="number", _size="max")
    with Workbench(desk_db, "reader") as wb:
        expected = [(s.number, s.text) for s in wb.sentences(1)]
    assert [(r["number"], r["text"]) for r in numbered] == expected
    by_number = {r["number"]: r for r in numbered}
    assert (by_number[13]["tags"], by_number[13]["verdict"]) == ("claim, figure", "True")
    assert (by_number[13]["status"], by_number[10]["status"]) == ("in review", "approved")
    assert by_number[1]["status"] is None and by_number[1]["verdict"] is None
    other = served.query("sentence_numbers", article_id="2", _sort="number")
    assert [r["number"] for r in other] == list(range(1, len(other) + 1))

    assert "with the editor&#39;s last decision" in served.get("/desk/current_verdicts")
    view_verdicts = served.query("current_verdicts", _sort="sentence_id")
    assert [(r["article_id"], r["label"], r["reviewer"], r["decision"]) for r in view_verdicts] == [
        (1, "Half true", "ana", "approved"),
        (1, "True", "ben", None),
    ]

    current = served.query("rated_sentences")
    assert [
        (r["article"], r["number"], r["rating"], r["reviewer"], r["status"]) for r in current
    ] == [
        (1, 10, "Half true", "ana", "approved"),
        (1, 13, "True", "ben", "in review"),
    ]
    assert next(r for r in current if r["number"] == 13)["versions"] == 2
    assert next(r for r in current if r["number"] == 13)["evidence"] == 1

    # A foreign key shows what it points to: the article's headline in place of its id.
    with Workbench(desk_db, "reader") as wb:
        headline = wb.article(1, with_text=False).title
    assert headline and html.escape(headline, quote=False) in served.get("/desk/article_status")

    work = served.query("work_by_status")
    assert [
        (r["article"], r["article_status"], r["assignee"], r["rated"], r["in review"]) for r in work
    ] == [(1, "in review", "ben", 2, 1), (2, "to do", None, 0, None)]

    by_rating = served.query("verdicts_by_rating")
    assert [(r["rating"], r["sentences"]) for r in by_rating] == [("True", 1), ("Half true", 1)]

    before = served.query("checked_before")
    assert [
        (r["article"], r["number"], r["checked_in"], r["checked_number"], r["rating"])
        for r in before
    ] == [(2, 3, 1, 13, "True")]

    unfinished = served.query("unfinished_work")
    assert [(r["what"], r["article"], r["number"]) for r in unfinished] == [
        ("verdict without evidence", 1, 10),
        ("in review", 1, 13),
        ("needs a verdict", 2, 3),
    ]
    assert served.query("unfinished_work", article="1") == unfinished[:2]


def test_reviewers_keep_writing_while_it_serves(served: Served, desk_db: Path) -> None:
    served.query("rated_sentences")  # Datasette has the file open
    started = time.monotonic()
    with Workbench(desk_db, "cy") as wb:
        wb.set_tags(1, 7, ["claim"])
    assert time.monotonic() - started < 3  # not held up by a lock
    unfinished = served.query("unfinished_work", article="1")
    assert ("needs a verdict", 7, "cy") in [
        (r["what"], r["number"], r["reviewer"]) for r in unfinished
    ]


def test_metadata_names_the_database_and_labels_foreign_keys() -> None:
    metadata = datasette_metadata("review")
    tables = metadata["databases"]["review"]["tables"]
    assert tables["sentences"]["label_column"] == "text"
    assert tables["articles"]["label_column"] == "title"
    assert tables["sources"]["label_column"] == "title"
    assert tables["reviewers"]["label_column"] == "name"
    for view in ("sentence_numbers", "current_verdicts"):
        assert tables[view]["description"] and tables[view]["columns"]["article_id"]
    assert set(QUERIES) <= set(metadata["databases"]["review"]["queries"])


def test_refuses_a_missing_or_foreign_database(tmp_path: Path) -> None:
    with pytest.raises(NotFoundError, match="no database at"):
        published(tmp_path / "nothing.db")
    assert not (tmp_path / "nothing.db").exists()
    foreign = tmp_path / "other.db"
    import sqlite3

    with sqlite3.connect(foreign) as conn:
        conn.execute("CREATE TABLE recipes (name TEXT)")
    conn.close()
    with pytest.raises(StoreError, match="not a workbench database"):
        published(foreign)
    result = CliRunner().invoke(main, ["--db", str(foreign), "datasette"])
    assert result.exit_code == 1
    assert "not a workbench database" in result.output


def test_says_how_to_install_datasette(desk_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "datasette.app", None)
    result = CliRunner().invoke(main, ["--db", str(desk_db), "datasette"])
    assert result.exit_code == 1
    assert "Datasette is not installed: pip install 'factcheck-workbench[desk]'" in result.output


def test_a_port_in_use_is_one_line(desk_db: Path) -> None:
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = CliRunner().invoke(main, ["--db", str(desk_db), "datasette", "--port", str(port)])
    assert result.exit_code == 1
    assert f"cannot listen on 127.0.0.1:{port}" in result.output

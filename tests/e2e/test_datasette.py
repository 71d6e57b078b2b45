"""`workbench datasette`: the real command serves the database on 127.0.0.1, read-only, with
labelled tables and the desk's canned queries, while reviewers keep writing to it."""

from __future__ import annotations

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
    "sentence_numbers",
    "current_verdicts",
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

    numbered = served.query("sentence_numbers", article="1")
    with Workbench(desk_db, "reader") as wb:
        expected = [(s.number, s.text) for s in wb.sentences(1)]
    assert [(r["number"], r["text"]) for r in numbered] == expected
    assert next(r["tags"] for r in numbered if r["number"] == 13) == "claim, figure"

    current = served.query("current_verdicts")
    assert [(r["article"], r["number"], r["rating"], r["reviewer"]) for r in current] == [
        (1, 10, "Half true", "ana"),
        (1, 13, "True", "ben"),
    ]
    assert next(r for r in current if r["number"] == 13)["versions"] == 2
    assert next(r for r in current if r["number"] == 13)["evidence"] == 1

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
        ("needs a verdict", 2, 3),
    ]
    assert served.query("unfinished_work", article="1") == unfinished[:1]


def test_reviewers_keep_writing_while_it_serves(served: Served, desk_db: Path) -> None:
    served.query("current_verdicts")  # Datasette has the file open
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

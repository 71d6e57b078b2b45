"""Imports: a refused one leaves no file, a long one lets other reviewers work between its
chunks, and two imports of the same text end with one article."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from workbench.core.errors import StoreError, WorkbenchError
from workbench.core.service import Workbench
from workbench.core.sources import content_hash
from workbench.core.store import KNOWN, Store
from workbench.core.store import db as store_db

from .support import FORK, integrity, no_database_files, paragraphs_text, rows, scalar

REFUSED = {
    "empty.txt": b"",
    "blank.txt": b"  \n\n\t \n",
    "nul.txt": b"Some words\x00\x00\x01 and a NUL.",
    "image.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)),
    "nothing.html": b"<html><body><script>var x = 1;</script><p> </p></body></html>",
    "front-matter-only.md": b"---\ntitle: Nothing here\n---\n",
}


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_a_refused_import_leaves_no_database(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(REFUSED[name])
    with Workbench(tmp_path / "new.db", "alice") as wb, pytest.raises(WorkbenchError):
        wb.import_file(path)
    assert no_database_files(tmp_path, "new.db")


def test_a_refused_import_through_the_cli_leaves_no_database(tmp_path: Path, run) -> None:  # noqa: ANN001
    for name, data in REFUSED.items():
        path = tmp_path / name
        path.write_bytes(data)
        result = run("import", str(path), code=1)
        assert result.stderr.startswith("error: ") and "Traceback" not in result.stderr
    assert no_database_files(tmp_path, "workbench.db")  # the CLI's WORKBENCH_DB


# ------------------------------------------------- a long import and a writer
BIG = 120_000  # sentences: six chunks of IMPORT_CHUNK


def _big_article() -> tuple[dict[str, Any], list[tuple[int, int, int, str, str]]]:
    parts, sentences, at = [], [], 0
    for number in range(BIG):
        text = f"Line {number} holds."
        sentences.append((at, at + len(text), number // 10, "body", text))
        parts.append(text)
        at += len(text) + 1
    body = " ".join(parts)
    row = {
        "content_hash": content_hash(body),
        "title": "Long",
        "date": None,
        "byline": None,
        "url": None,
        "format": "txt",
        "encoding": "utf-8",
        "filename": "long.txt",
        "imported_at": "2024-11-12T09:00:00Z",
        "imported_by": "importer",
        "text": body,
    }
    return row, sentences


@contextmanager
def _pause_after(commits: int, reached: Any, resume: Any) -> Iterator[None]:
    """Wait for `resume` right after the store's `commits`-th transaction commits."""
    original = Store._immediate
    counter = itertools.count(1)

    @contextmanager
    def immediate(self: Store) -> Iterator[Any]:
        with original(self) as conn:
            yield conn
        if next(counter) == commits:
            reached.set()
            resume.wait(timeout=60)

    Store._immediate = immediate  # type: ignore[method-assign]
    try:
        yield
    finally:
        Store._immediate = original  # type: ignore[method-assign]


def _long_import(db: Path, reached: Any, resume: Any, out: Any) -> None:
    row, sentences = _big_article()
    store = Store(db).open()
    assert len(sentences) > 5 * store_db.IMPORT_CHUNK
    with _pause_after(2, reached, resume):  # the hidden article row, then the first chunk
        out.put(store.insert_article(row, sentences))
    store.close()


def test_a_long_import_does_not_block_another_writer(tmp_path: Path) -> None:
    db = tmp_path / "long.db"
    text = paragraphs_text(10, 1, seed=21)
    with Workbench(db, "bob") as bob:
        (tmp_path / "short.txt").write_text(text)
        short = bob.import_file(tmp_path / "short.txt").article.id
    reached, resume, out = FORK.Event(), FORK.Event(), FORK.Queue()
    importer = FORK.Process(target=_long_import, args=(db, reached, resume, out))
    importer.start()
    assert reached.wait(timeout=60)
    done: list[int] = []
    failures: list[str] = []
    with Workbench(db, "bob") as bob:
        # The import has its first chunk in and waits: bob's action must get the lock now.
        done.append(bob.toggle_tag(short, 1, "claim").action.id)
        resume.set()
        # And between the chunks that follow (each action waits at most for one chunk).
        for number in itertools.islice(itertools.cycle(range(1, 11)), 200):
            if not importer.is_alive():
                break
            try:
                done.append(bob.toggle_tag(short, number, "quote").action.id)
            except WorkbenchError as error:
                failures.append(str(error))
        article_id = out.get(timeout=120)
    importer.join(timeout=60)
    assert importer.exitcode == 0
    assert failures == []
    imported = rows(
        db, "SELECT id FROM actions WHERE verb = 'import' AND article_id = ?", (article_id,)
    )
    assert done[0] < imported[0]["id"], "bob's action committed while the import was under way"
    assert [
        r["id"]
        for r in rows(db, "SELECT id FROM actions WHERE reviewer = 'bob' AND verb != 'import'")
    ] == done
    assert scalar(db, "SELECT count(*) FROM sentences WHERE article_id = ?", (article_id,)) == BIG
    assert scalar(db, "SELECT importing FROM articles WHERE id = ?", (article_id,)) == 0
    assert integrity(db) == ["ok"]


# ------------------------------------------------------ the same text twice
def _sentences(text: str) -> list[tuple[int, int, int, str, str]]:
    out, at = [], 0
    for piece in text.split(" "):
        out.append((at, at + len(piece), 0, "body", piece))
        at += len(piece) + 1
    return out


def _row(text: str, by: str) -> dict[str, Any]:
    return {
        "content_hash": content_hash(text),
        "title": "Twice",
        "date": None,
        "byline": None,
        "url": None,
        "format": "txt",
        "encoding": "utf-8",
        "filename": "twice.txt",
        "imported_at": "2024-11-12T09:00:00Z",
        "imported_by": by,
        "text": text,
    }


def test_a_second_import_waits_for_a_live_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Process B imports the same text while A is between its chunks: A's import is alive
    (its beat is fresh), so B is refused with a clear line and A finishes untouched."""
    monkeypatch.setattr(store_db, "IMPORT_CHUNK", 10)
    db = tmp_path / "twice.db"
    text = " ".join(f"Word{i}." for i in range(50))
    sentences = _sentences(text)
    first, second = Store(db).open(), Store(db).open()
    original = first._immediate
    calls = itertools.count(1)
    refusals: list[str] = []

    def interleaved() -> Any:
        if next(calls) == 3:  # A has its article row and one chunk in
            with pytest.raises(StoreError) as refused:
                second.insert_article(_row(text, "b"), sentences)
            refusals.append(str(refused.value))
        return original()

    first._immediate = interleaved  # type: ignore[method-assign]
    assert first.insert_article(_row(text, "a"), sentences) is not None
    assert len(refusals) == 1 and "importing the same text right now" in refusals[0]
    articles = rows(db, "SELECT importing, imported_by FROM articles")
    assert articles == [{"importing": 0, "imported_by": "a"}]
    counts = rows(db, "SELECT count(*) AS n, count(DISTINCT start) AS d FROM sentences")
    assert counts == [{"n": 50, "d": 50}]
    first.close()
    second.close()


def test_an_interrupted_import_is_taken_over_and_its_writer_stops(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A's import has gone quiet for longer than an import ever pauses (as if A were killed):
    B clears it and imports; B's article may get A's old id (article ids are reused), so A,
    should it wake, must notice and stop, not write its next chunk into B's article."""
    monkeypatch.setattr(store_db, "IMPORT_CHUNK", 10)
    monkeypatch.setattr(store_db, "STALE_IMPORT_SECONDS", 0.0)
    db = tmp_path / "twice.db"
    text = " ".join(f"Word{i}." for i in range(50))
    sentences = _sentences(text)
    first, second = Store(db).open(), Store(db).open()
    original = first._immediate
    calls = itertools.count(1)

    def interleaved() -> Any:
        if next(calls) == 3:  # A has its article row and one chunk in
            assert second.insert_article(_row(text, "b"), sentences) is not None
        return original()

    first._immediate = interleaved  # type: ignore[method-assign]
    with pytest.raises(StoreError) as refused:
        first.insert_article(_row(text, "a"), sentences)
    message = str(refused.value)
    assert "another process imported the same text" in message
    assert "UNIQUE" not in message
    articles = rows(db, "SELECT id, importing, imported_by FROM articles")
    assert articles == [{"id": articles[0]["id"], "importing": 0, "imported_by": "b"}]
    counts = rows(db, "SELECT count(*) AS n, count(DISTINCT start) AS d FROM sentences")
    assert counts == [{"n": 50, "d": 50}]
    first.close()
    second.close()


def _import_same(db: Path, path: Path, barrier: Any, out: Any) -> None:
    barrier.wait(timeout=60)
    # Opening a new file at once: the migrations run once, under the write lock.
    with Workbench(db, "racer") as wb:
        results = []
        for _ in range(3):  # a taken-over import says to import again
            try:
                result = wb.import_file(path)
                results.append(("ok", result.article.id, result.created, result.sentences))
                break
            except StoreError as error:
                results.append(("StoreError", str(error), None, None))
        out.put(results)


def test_three_processes_importing_the_same_text_into_a_new_file(tmp_path: Path) -> None:
    db = tmp_path / "fresh.db"
    path = tmp_path / "same.txt"
    path.write_text(paragraphs_text(30, 4, seed=22))
    with Workbench(tmp_path / "reference.db", "reference") as wb:
        expected = wb.import_file(path).sentences
    barrier, out = FORK.Barrier(3), FORK.Queue()
    children = [FORK.Process(target=_import_same, args=(db, path, barrier, out)) for _ in range(3)]
    for child in children:
        child.start()
    outcomes = [out.get(timeout=120) for _ in children]
    for child in children:
        child.join(timeout=60)
        assert child.exitcode == 0
    finals = [attempts[-1] for attempts in outcomes]
    assert all(kind == "ok" for kind, *_ in finals), outcomes
    assert len({article for _, article, _, _ in finals}) == 1
    assert sum(created for _, _, created, _ in finals) == 1
    assert {count for *_, count in finals} == {expected}
    for attempts in outcomes:
        for _, message, _, _ in attempts[:-1]:
            assert "another process imported the same text" in message
    assert scalar(db, "SELECT count(*) FROM articles") == 1
    assert scalar(db, "SELECT count(*) FROM sentences") == expected
    assert scalar(db, "SELECT count(*) FROM actions WHERE verb = 'import'") == 1
    assert scalar(db, "SELECT count(*) FROM _sqlite_migrations") == len(KNOWN)
    assert integrity(db) == ["ok"]

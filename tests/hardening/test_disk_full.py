"""A full disk, simulated with SQLite's max_page_count on the session's own connection: the
action or import in progress fails with one line saying the disk is full, the file is left
exactly as it was, and the session carries on once there is room again."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from workbench.core.errors import StoreError
from workbench.core.models import NewSource
from workbench.core.service import Workbench
from workbench.core.store import Store
from workbench.core.store import db as store_db

from .support import dump, integrity, paragraphs_text, scalar, write_article

ROOMY = 1_000_000_000


def _limit(wb: Workbench, extra_pages: int) -> None:
    conn = wb.store.conn
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.execute(f"PRAGMA max_page_count = {pages + extra_pages}")


def _assert_disk_full(error: StoreError) -> None:
    message = str(error)
    assert "\n" not in message
    assert "disk is full" in message
    assert "cannot rollback" not in message and "no transaction" not in message


@pytest.fixture
def session(tmp_path: Path) -> Iterator[tuple[Workbench, int]]:
    with Workbench(tmp_path / "full.db", "alice") as wb:
        path = write_article(tmp_path, "a.txt", paragraphs_text(6, 3, seed=31))
        article = wb.import_file(path).article.id
        wb.set_tag(article, 1, "claim")
        yield wb, article


def test_an_action_on_a_full_disk_saves_nothing_and_says_so(
    tmp_path: Path, session: tuple[Workbench, int]
) -> None:
    wb, article = session
    db = tmp_path / "full.db"
    before = dump(db)
    _limit(wb, 0)
    big = NewSource(
        url="https://example.org/big", snapshot=" ".join(f"Word{i} said." for i in range(40_000))
    )
    with pytest.raises(StoreError) as refused:
        wb.link(article, 2, new_source=big, stance="supports")
    _assert_disk_full(refused.value)
    assert not wb.store.conn.in_transaction
    assert dump(db) == before
    # The session goes on: reads work at once, and so does the action once there is room.
    assert [s.tags for s in wb.sentences(article)][:2] == [("claim",), ()]
    wb.store.conn.execute(f"PRAGMA max_page_count = {ROOMY}")
    outcome = wb.link(article, 2, new_source=big, stance="supports")
    assert outcome.message.startswith("linked new source")
    assert scalar(db, "SELECT count(*) FROM evidence") == 1
    assert integrity(db) == ["ok"]


@contextmanager
def _counting_commits() -> Iterator[list[int]]:
    committed = [0]
    original = Store._immediate

    @contextmanager
    def immediate(self: Store) -> Iterator[Any]:
        with original(self) as conn:
            yield conn
        committed[0] += 1

    Store._immediate = immediate  # type: ignore[method-assign]
    try:
        yield committed
    finally:
        Store._immediate = original  # type: ignore[method-assign]


def test_an_import_on_a_full_disk_leaves_the_file_as_it_was(
    tmp_path: Path, session: tuple[Workbench, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Some limits stop the import at its first transaction; others once the hidden article
    row is in, in a later chunk: that row is cleared again, so nothing at all is left."""
    monkeypatch.setattr(store_db, "IMPORT_CHUNK", 40)
    wb, _ = session
    db = tmp_path / "full.db"
    path = write_article(tmp_path, "b.txt", paragraphs_text(40, 6, seed=32))
    text_pages = len(path.read_bytes()) // 4096 + 1
    before = dump(db)
    stopped_later = 0
    for extra in itertools.chain(range(0, 2 * text_pages, 2), (4 * text_pages,)):
        _limit(wb, extra)
        with _counting_commits() as committed:
            try:
                wb.import_file(path)
            except StoreError as error:
                _assert_disk_full(error)
                assert dump(db) == before, f"a limit of {extra} pages left rows behind"
                stopped_later += committed[0] > 0
                continue
        break  # the import fitted
    assert stopped_later, "no limit let the article row in and stopped a later chunk"
    wb.store.conn.execute(f"PRAGMA max_page_count = {ROOMY}")
    result = wb.import_file(path)
    assert result.created and result.sentences == 240
    assert [a.sentences for a in wb.articles()] == [18, 240]
    assert integrity(db) == ["ok"]

"""A writer waiting for the lock gets it while another keeps taking it: SQLite's own busy
wait sleeps up to 100 ms between tries and loses every gap a busy writer leaves."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

from tests.conftest import SEED
from workbench.core.service import Workbench


def test_an_action_gets_the_lock_between_a_busy_writers_transactions(db_path: Path) -> None:
    with Workbench(db_path, "alice") as wb:
        article = wb.import_file(SEED).article.id
    stop = threading.Event()
    holding = threading.Event()

    def greedy() -> None:
        """Holds the write lock 60 ms at a time, letting go for half a millisecond."""
        conn = sqlite3.connect(db_path, isolation_level=None, timeout=10)
        try:
            while not stop.is_set():
                conn.execute("BEGIN IMMEDIATE")
                holding.set()
                time.sleep(0.06)
                conn.execute("COMMIT")
                time.sleep(0.0005)
        finally:
            conn.close()

    writer = threading.Thread(target=greedy)
    writer.start()
    try:
        assert holding.wait(5)
        with Workbench(db_path, "bob") as wb:
            wb.store.conn.execute("PRAGMA busy_timeout = 3000")
            started = time.monotonic()
            wb.set_tags(article, 2, ["claim"])  # raises StoreError "locked" if it never gets in
            waited = time.monotonic() - started
    finally:
        stop.set()
        writer.join()
    # Asking every few milliseconds finds one of the gaps within a few of its cycles (about
    # 0.25 s); SQLite's own wait, asking every 100 ms after the first 0.3 s, mostly takes
    # seconds or runs out.
    assert waited < 1.0
    with Workbench(db_path, "alice") as wb:
        assert wb.sentence(article, 2).sentence.tags == ("claim",)

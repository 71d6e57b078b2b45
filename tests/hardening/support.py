"""What the hardening tests share: generated articles, raw reads of a database file, the
replay check of the action log, and forked children that report what they did."""

from __future__ import annotations

import json
import multiprocessing
import os
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any

# Tables reviewer actions change (the store's TRACKED), spelled out so that this file also
# runs against older versions of the workbench.
TRACKED = ("sentences", "tags", "sources", "evidence", "verdicts", "scales", "settings")

# Children are forked, not spawned: the parent has imported the workbench already, so a child
# starts in milliseconds, and a killed child is killed mid-action rather than mid-import.
FORK = multiprocessing.get_context("fork")

WORDS = "council harbour river budget drone school bridge clinic market station".split()


def paragraphs_text(paragraphs: int, per_paragraph: int, *, seed: int = 0) -> str:
    """An article of `paragraphs` paragraphs of `per_paragraph` plain sentences each; the
    seed makes the text (and so its content hash) differ between tests."""
    out = []
    for p in range(paragraphs):
        sentences = [
            f"The {WORDS[(p + s + seed) % len(WORDS)]} report {seed}-{p}-{s} "
            f"says {p * 7 + s} people came."
            for s in range(per_paragraph)
        ]
        out.append(" ".join(sentences))
    return "\n\n".join(out) + "\n"


def write_article(directory: Path, name: str, text: str) -> Path:
    path = directory / name
    path.write_text(text, encoding="utf-8")
    return path


@contextmanager
def raw(db: Path) -> Iterator[sqlite3.Connection]:
    """A plain sqlite3 connection, outside the workbench, to look at what the file holds."""
    with closing(sqlite3.connect(db, timeout=30)) as conn:
        conn.row_factory = sqlite3.Row
        yield conn


def scalar(db: Path, sql: str, params: tuple[Any, ...] = ()) -> Any:
    with raw(db) as conn:
        return conn.execute(sql, params).fetchone()[0]


def rows(db: Path, sql: str, params: tuple[Any, ...] = ()) -> list[dict[str, Any]]:
    with raw(db) as conn:
        return [dict(row) for row in conn.execute(sql, params)]


def tracked_state(db: Path) -> dict[str, dict[int, dict[str, Any]]]:
    """Every row of the tables actions change, by table and id."""
    with raw(db) as conn:
        return {
            table: {row["id"]: dict(row) for row in conn.execute(f"SELECT * FROM [{table}]")}
            for table in TRACKED
        }


def dump(db: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every ordinary table (derived data and FTS shadow tables included), to
    show a refused action changed nothing at all. Not sqlite_sequence: the highest id given
    out moves on even when the rows are cleared again, so a cleared id is never reused."""
    with raw(db) as conn:
        names = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND sql NOT LIKE 'CREATE VIRTUAL%' AND name != 'sqlite_sequence' ORDER BY name"
            )
        ]
        return {
            name: sorted(
                (tuple(r) for r in conn.execute(f"SELECT * FROM [{name}]")),
                key=repr,
            )
            for name in names
        }


def assert_log_replays(db: Path, initial: dict[str, dict[int, dict[str, Any]]]) -> int:
    """The action log and the tables agree: starting from `initial` (the tracked tables
    before any logged change), applying every logged row change in order meets each change's
    `before` exactly and ends at the tables as they are. A half action (rows changed without
    its log entry, or a log entry whose rows are not there) breaks one or the other. Returns
    the number of changes replayed."""
    state = {table: dict(by_id) for table, by_id in initial.items()}
    replayed = 0
    with raw(db) as conn:
        for action in conn.execute("SELECT id, summary, changes FROM actions ORDER BY id"):
            for change in json.loads(action["changes"]):
                table, row_id = change["table"], change["id"]
                found = state[table].get(row_id)
                assert found == change["before"], (
                    f"action {action['id']} ({action['summary']}): {table} row {row_id} "
                    f"was {found}, the log says {change['before']}"
                )
                if change["after"] is None:
                    state[table].pop(row_id, None)
                else:
                    state[table][row_id] = change["after"]
                replayed += 1
    assert state == tracked_state(db), "the tables hold changes the action log does not"
    return replayed


def integrity(db: Path) -> list[str]:
    with raw(db) as conn:
        return [r[0] for r in conn.execute("PRAGMA integrity_check")]


def no_database_files(directory: Path, name: str) -> bool:
    return not any((directory / f"{name}{suffix}").exists() for suffix in ("", "-wal", "-shm"))


def read_acks(fd: int) -> list[int]:
    """Action ids a child wrote, one a line, to the pipe's write end before it died."""
    data = b""
    while chunk := os.read(fd, 65536):
        data += chunk
    return [int(line) for line in data.split(b"\n") if line.strip()]

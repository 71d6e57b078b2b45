"""Suggestions made for an import before it writes, kept in a private temporary database (a
file SQLite removes when it is closed) rather than in memory: a long text's suggestions are
all made before the first write, as an import's work always is, without holding them all."""

from __future__ import annotations

import itertools
import json
import sqlite3
from collections.abc import Iterable, Iterator
from typing import Any, NamedTuple

from ..errors import StoreError
from ..models import Suggestion

_BATCH = 2_000


class Spooled(NamedTuple):
    """One sentence's suggestions as the store writes them."""

    hints: tuple[Suggestion, ...]
    score: float


class Spool:
    """Each sentence's suggestions in order, written once and read back once."""

    def __init__(self) -> None:
        try:
            # An empty name: a private on-disk database, deleted when it is closed.
            self._conn = sqlite3.connect("")
            self._conn.execute("CREATE TABLE spooled (hints TEXT NOT NULL, score REAL NOT NULL)")
        except sqlite3.Error as error:
            raise StoreError(f"cannot make a temporary file for the import ({error})") from None

    def add(self, made: Iterable[Any]) -> None:
        """Keep suggestions (anything with `hints` of tag and reason, and a `score`)."""
        rows = (
            (json.dumps([(h.tag, h.reason) for h in found.hints], ensure_ascii=False), found.score)
            for found in made
        )
        try:
            while batch := list(itertools.islice(rows, _BATCH)):
                self._conn.executemany("INSERT INTO spooled VALUES (?, ?)", batch)
        except sqlite3.Error as error:
            raise StoreError(f"cannot write the import's temporary file ({error})") from None

    def __iter__(self) -> Iterator[Spooled]:
        cursor = self._conn.execute("SELECT hints, score FROM spooled ORDER BY rowid")
        for hints, score in cursor:
            yield Spooled(
                tuple(Suggestion(tag, reason) for tag, reason in json.loads(hints)), score
            )

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> Spool:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

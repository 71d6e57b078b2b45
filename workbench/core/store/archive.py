"""The archive of fetched pages and PDFs (table `fetches`): written once, read by
`source show` and the reports, never changed by undo."""

from __future__ import annotations

import json
import zlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .db import Store

_COLUMNS = (
    "id, url, final_url, status, media_type, headers, fetched_at, fetched_by, sha256, size, "
    "article_id, source_id"
)


class Archive:
    """Fetches kept in the store."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def add(self, row: dict[str, Any], body: bytes) -> int:
        values = dict(row, headers=json.dumps(row["headers"], sort_keys=True))
        values["body"] = zlib.compress(body, 6)
        values["size"] = len(body)
        names = ", ".join(values)
        marks = ", ".join("?" for _ in values)
        with self.store.transaction() as conn:
            cursor = conn.execute(
                f"INSERT INTO fetches ({names}) VALUES ({marks})", list(values.values())
            )
            return int(cursor.lastrowid)

    def of(
        self, *, source_id: int | None = None, article_id: int | None = None
    ) -> list[dict[str, Any]]:
        """The fetches that made a source or an article, oldest first, without bodies."""
        column, key = (
            ("source_id", source_id) if source_id is not None else ("article_id", article_id)
        )
        rows = self.store.all(
            f"SELECT {_COLUMNS} FROM fetches WHERE {column} = ? ORDER BY id", [key]
        )
        for row in rows:
            row["headers"] = json.loads(row["headers"])
        return rows

    def body(self, fetch_id: int) -> bytes | None:
        row = self.store.one("SELECT body FROM fetches WHERE id = ?", [fetch_id])
        return zlib.decompress(row["body"]) if row else None

"""Row changes inside one reviewer action, recorded so undo and redo can replay them."""

from __future__ import annotations

import sqlite3
from typing import Any

from ..errors import ConflictError, ConstraintError, StoreError

# Tables whose rows reviewer actions change, and so undo/redo may restore.
TRACKED = (
    "sentences",
    "tags",
    "sources",
    "evidence",
    "verdicts",
    "scales",
    "settings",
    "marks",
    "removed_articles",
    "articles",
    "revisions",
    "revision_flags",
    "reviewers",
    "approvals",
    "comments",
    "article_status",
    "reviewer_tokens",
    "blind_rounds",
    "blind_reviewers",
    "blind_tags",
    "blind_decisions",
    "bundles",
    "verdict_conflicts",
    "sentence_status",
)


class Changes:
    """Row changes made inside one action, in order, so they can be reversed."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn
        self.log: list[dict[str, Any]] = []

    def row(self, table: str, row_id: int) -> dict[str, Any] | None:
        _check_table(table)
        cursor = self._conn.execute(f"SELECT * FROM [{table}] WHERE id = ?", [row_id])
        found = cursor.fetchone()
        if found is None:
            return None
        return dict(zip([d[0] for d in cursor.description], found, strict=True))

    def insert(self, table: str, values: dict[str, Any]) -> int:
        _check_table(table)
        columns = list(values)
        cursor = self._conn.execute(
            f"INSERT INTO [{table}] ({', '.join(_q(c) for c in columns)}) "
            f"VALUES ({', '.join('?' for _ in columns)})",
            [values[c] for c in columns],
        )
        row_id = int(cursor.lastrowid or 0)
        self.log.append(
            {"table": table, "id": row_id, "before": None, "after": self.row(table, row_id)}
        )
        return row_id

    def update(
        self,
        table: str,
        row_id: int,
        values: dict[str, Any],
        before: dict[str, Any] | None = None,
    ) -> None:
        """`before`: the whole row as it stands, read in this transaction already (a
        revision moving thousands of sentences reads them at once, not one by one)."""
        if before is None:
            before = self.row(table, row_id)
            after = None
        else:
            _check_table(table)
            after = {**before, **values}
        if before is None:
            raise StoreError(f"{table} row {row_id} vanished during an update")
        assignments = ", ".join(f"{_q(c)} = ?" for c in values)
        cursor = self._conn.execute(
            f"UPDATE [{table}] SET {assignments} WHERE id = ?", [*values.values(), row_id]
        )
        if after is not None and cursor.rowcount != 1:
            raise StoreError(f"{table} row {row_id} vanished during an update")
        self.log.append(
            {
                "table": table,
                "id": row_id,
                "before": before,
                "after": after if after is not None else self.row(table, row_id),
            }
        )

    def delete(self, table: str, row_id: int) -> None:
        before = self.row(table, row_id)
        if before is None:
            raise ConflictError(f"{table} row {row_id} no longer exists")
        self._conn.execute(f"DELETE FROM [{table}] WHERE id = ?", [row_id])
        self.log.append({"table": table, "id": row_id, "before": before, "after": None})

    def restore(self, table: str, row_id: int, target: dict[str, Any] | None) -> None:
        """Bring one row to `target` (None: absent), as undo and redo need."""
        current = self.row(table, row_id)
        if target is None:
            if current is not None:
                if table == "articles":
                    # Where reviewers left the article is a bookmark, not work resting on
                    # it: it goes with the article (and is not remade by a redo).
                    self._conn.execute("DELETE FROM places WHERE article_id = ?", [row_id])
                try:
                    self.delete(table, row_id)
                except ConstraintError:
                    # A foreign key refuses: someone's later work rests on the row (a tag on
                    # the sentence a split made, evidence citing the source).
                    raise ConflictError(
                        f"{table} row {row_id} cannot be taken away: other work now rests on it"
                    ) from None
        elif current is None:
            try:
                self.insert(table, target)
            except ConstraintError as error:
                # Someone made a row that takes this one's place (the same tag again, say).
                raise ConflictError(_taken(table, error)) from None
        else:
            try:
                self.update(table, row_id, {k: v for k, v in target.items() if k != "id"})
            except ConstraintError as error:
                raise ConflictError(_taken(table, error)) from None


# What a refused restore means, in the reviewer's words rather than SQLite's.
_TAKEN = {
    "tags": "the same tag was set again",
    "scales": "a scale of that name was added",
    "settings": "the setting was made again",
    "sources": "another source took its place",
    "marks": "the sentence was marked again",
    "removed_articles": "the article was removed again",
    "reviewers": "a reviewer of that name was added again",
    "article_status": "the article's status was set again",
    "blind_rounds": "another blind round of the article was started",
    "blind_reviewers": "the reviewer was added to the round again",
    "blind_tags": "the same blind tag was set again",
    "sentence_status": "the sentence's status was set again",
}


def _taken(table: str, error: ConstraintError) -> str:
    if "FOREIGN KEY" in str(error):
        return f"what the {table} row belonged to is gone"
    return _TAKEN.get(table, f"another {table} row took its place")


def _q(column: str) -> str:
    return f'"{column}"'


def _check_table(table: str) -> None:
    if table not in TRACKED:
        raise StoreError(f"table {table!r} is not one reviewer actions may change")


class ActionDraft:
    """What an action fills in while it runs: its changes, summary and subject; undo and redo
    also set their kind and the action they target."""

    def __init__(self, changes: Changes, verb: str) -> None:
        self.changes = changes
        self.verb = verb
        self.kind = "do"
        self.target: int | None = None
        self.undoable = True
        self.summary = ""
        self.article_id: int | None = None
        self.sentence_id: int | None = None
        self.action_id: int | None = None

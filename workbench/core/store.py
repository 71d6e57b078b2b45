"""The SQLite store: schema, migrations and every SQL statement of the workbench.

Each reviewer action runs in one `BEGIN IMMEDIATE` transaction through `Store.action`, which
records every row it inserts, updates or deletes; that record is written to the append-only
`actions` table in the same transaction, and is what undo and redo replay.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from .errors import StoreError
from .scales import DEFAULT_SCALE, PRESETS

BUSY_TIMEOUT_MS = 5000

# Tables whose rows reviewer actions change, and so undo/redo may restore.
TRACKED = ("sentences", "tags", "sources", "evidence", "verdicts", "scales", "settings")

migrations = Migrations("workbench")


def _script(db: Database, script: str) -> None:
    """Run statements one by one: executescript() would COMMIT the migration's transaction."""
    statement = ""
    for line in script.splitlines(keepends=True):
        statement += line
        if sqlite3.complete_statement(statement):
            db.execute(statement)
            statement = ""
    if statement.strip():
        raise StoreError("incomplete statement in a migration")


@migrations()
def m001_initial(db: Database) -> None:
    _script(
        db,
        """
        -- AUTOINCREMENT on the tables reviewer actions change: a deleted row's id is never
        -- given to a new row, so the ids in the action log always name one row (undo/redo).
        CREATE TABLE articles (
            id INTEGER PRIMARY KEY,
            content_hash TEXT NOT NULL UNIQUE,
            title TEXT, date TEXT, byline TEXT, url TEXT,
            format TEXT NOT NULL, encoding TEXT NOT NULL, filename TEXT,
            imported_at TEXT NOT NULL, imported_by TEXT NOT NULL,
            text TEXT NOT NULL
        );
        CREATE TABLE sentences (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            article_id INTEGER NOT NULL REFERENCES articles(id),
            start INTEGER NOT NULL, "end" INTEGER NOT NULL,
            paragraph INTEGER NOT NULL,
            kind TEXT NOT NULL DEFAULT 'body',
            text TEXT NOT NULL
        );
        CREATE UNIQUE INDEX sentences_position ON sentences(article_id, start);
        CREATE TABLE tags (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            sentence_id INTEGER NOT NULL REFERENCES sentences(id),
            tag TEXT NOT NULL CHECK (tag IN ('claim', 'quote', 'figure')),
            set_by TEXT NOT NULL, set_at TEXT NOT NULL,
            UNIQUE (sentence_id, tag)
        );
        CREATE TABLE sources (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            url TEXT, title TEXT, publisher TEXT, published TEXT, accessed_at TEXT,
            snapshot TEXT, snapshot_hash TEXT,
            created_by TEXT NOT NULL, created_at TEXT NOT NULL
        );
        CREATE INDEX sources_url ON sources(url);
        CREATE TABLE evidence (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            sentence_id INTEGER NOT NULL REFERENCES sentences(id),
            source_id INTEGER NOT NULL REFERENCES sources(id),
            excerpt TEXT,
            stance TEXT NOT NULL CHECK (stance IN ('supports', 'refutes', 'context')),
            note TEXT,
            created_by TEXT NOT NULL, created_at TEXT NOT NULL
        );
        CREATE INDEX evidence_sentence ON evidence(sentence_id);
        CREATE INDEX evidence_source ON evidence(source_id);
        CREATE TABLE verdicts (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            sentence_id INTEGER NOT NULL REFERENCES sentences(id),
            scale TEXT NOT NULL, label TEXT NOT NULL, value REAL NOT NULL,
            rationale TEXT, claim TEXT, claimant TEXT,
            reviewer TEXT NOT NULL, created_at TEXT NOT NULL
        );
        CREATE INDEX verdicts_sentence ON verdicts(sentence_id, id);
        CREATE TABLE scales (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            name TEXT NOT NULL UNIQUE,
            description TEXT NOT NULL DEFAULT '',
            labels TEXT NOT NULL,
            builtin INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE settings (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            key TEXT NOT NULL UNIQUE,
            value TEXT NOT NULL
        );
        CREATE TABLE actions (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            reviewer TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('do', 'undo', 'redo')),
            target INTEGER REFERENCES actions(id),
            verb TEXT NOT NULL,
            summary TEXT NOT NULL,
            article_id INTEGER,
            sentence_id INTEGER,
            undoable INTEGER NOT NULL,
            changes TEXT NOT NULL
        );
        CREATE INDEX actions_reviewer ON actions(reviewer, id);
        CREATE INDEX actions_article ON actions(article_id, id);
        -- The log is append-only: the database itself refuses edits and deletions.
        CREATE TRIGGER actions_no_update BEFORE UPDATE ON actions
            BEGIN SELECT RAISE(ABORT, 'the action log is append-only'); END;
        CREATE TRIGGER actions_no_delete BEFORE DELETE ON actions
            BEGIN SELECT RAISE(ABORT, 'the action log is append-only'); END;
        """,
    )
    for scale in PRESETS:
        db.execute(
            "INSERT INTO scales (name, description, labels, builtin) VALUES (?, ?, ?, 1)",
            [scale.name, scale.description, _labels_json(scale.labels)],
        )
    db.execute("INSERT INTO settings (key, value) VALUES ('active_scale', ?)", [DEFAULT_SCALE])


@migrations()
def m002_search_and_suggestions(db: Database) -> None:
    """Derived data: full-text indexes for evidence search and "checked before", the tag
    suggestions and the results of quote and figure checks. All of it can be rebuilt from the
    record, so none of it is in the action log."""
    _script(
        db,
        """
        CREATE TABLE passages (
            id INTEGER PRIMARY KEY,
            source_id INTEGER NOT NULL,
            start INTEGER NOT NULL, "end" INTEGER NOT NULL,
            text TEXT NOT NULL
        );
        CREATE INDEX passages_source ON passages(source_id);
        CREATE VIRTUAL TABLE passages_fts USING fts5(
            text, content='passages', content_rowid='id',
            tokenize='unicode61 remove_diacritics 2'
        );
        -- Sentences that have a verdict, by sentence id: what "checked before" searches.
        CREATE VIRTUAL TABLE checked_fts USING fts5(
            text, tokenize='unicode61 remove_diacritics 2'
        );
        -- Document frequencies, to query by the rarest words of a sentence.
        CREATE VIRTUAL TABLE passages_vocab USING fts5vocab(passages_fts, 'row');
        CREATE VIRTUAL TABLE checked_vocab USING fts5vocab(checked_fts, 'row');
        CREATE TABLE suggestions (
            id INTEGER PRIMARY KEY,
            sentence_id INTEGER NOT NULL,
            tag TEXT NOT NULL,
            reason TEXT NOT NULL,
            score REAL NOT NULL,
            UNIQUE (sentence_id, tag)
        );
        CREATE TABLE sentence_scores (
            sentence_id INTEGER PRIMARY KEY,
            checkworthiness REAL NOT NULL
        );
        CREATE TABLE evidence_checks (
            evidence_id INTEGER NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('quote', 'figure')),
            outcome TEXT NOT NULL,
            detail TEXT NOT NULL,
            basis TEXT NOT NULL,
            PRIMARY KEY (evidence_id, kind)
        );
        """,
    )
    # A database from before this migration gets its existing verdicts indexed now.
    db.execute(
        "INSERT INTO checked_fts (rowid, text) SELECT s.id, s.text FROM sentences s "
        "WHERE EXISTS (SELECT 1 FROM verdicts v WHERE v.sentence_id = s.id)"
    )


@migrations()
def m003_suggestion_rules(db: Database) -> None:
    """Which version of the suggestion rules made each article's suggestions, so better rules
    make them again; and the evidence checks by evidence id."""
    _script(
        db,
        """
        CREATE TABLE suggested_articles (
            article_id INTEGER PRIMARY KEY,
            rules INTEGER NOT NULL
        );
        CREATE INDEX IF NOT EXISTS suggestions_sentence ON suggestions(sentence_id);
        """,
    )


def _labels_json(labels: Iterable[Any]) -> str:
    return json.dumps([{"name": label.name, "value": label.value} for label in labels])


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

    def update(self, table: str, row_id: int, values: dict[str, Any]) -> None:
        before = self.row(table, row_id)
        if before is None:
            raise StoreError(f"{table} row {row_id} vanished during an update")
        assignments = ", ".join(f"{_q(c)} = ?" for c in values)
        self._conn.execute(
            f"UPDATE [{table}] SET {assignments} WHERE id = ?", [*values.values(), row_id]
        )
        self.log.append(
            {"table": table, "id": row_id, "before": before, "after": self.row(table, row_id)}
        )

    def delete(self, table: str, row_id: int) -> None:
        before = self.row(table, row_id)
        if before is None:
            return
        self._conn.execute(f"DELETE FROM [{table}] WHERE id = ?", [row_id])
        self.log.append({"table": table, "id": row_id, "before": before, "after": None})

    def restore(self, table: str, row_id: int, target: dict[str, Any] | None) -> None:
        """Bring one row to `target` (None: absent), as undo and redo need."""
        current = self.row(table, row_id)
        if target is None:
            if current is not None:
                self.delete(table, row_id)
        elif current is None:
            self.insert(table, target)
        else:
            self.update(table, row_id, {k: v for k, v in target.items() if k != "id"})


def _q(column: str) -> str:
    return f'"{column}"'


def _check_table(table: str) -> None:
    if table not in TRACKED:
        raise StoreError(f"table {table!r} is not one reviewer actions may change")


class Store:
    """An open workbench database. One per thread: SQLite connections are not shared."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path) if str(path) != ":memory:" else None
        try:
            if self.path is not None:
                _prepare_directory(self.path)
            # isolation_level=None: we issue BEGIN IMMEDIATE ourselves, so that a writer takes
            # the lock before it reads and a second process waits (busy timeout) rather than
            # failing on a stale snapshot.
            self.conn = sqlite3.connect(
                str(path), timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None
            )
            try:
                self.conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
                self._check_is_sqlite()
                mode = self.conn.execute("PRAGMA journal_mode").fetchone()[0]
                if mode != "wal" and self.path is not None:
                    self.conn.execute("PRAGMA journal_mode = WAL")
                self.conn.execute("PRAGMA synchronous = NORMAL")
                self.conn.execute("PRAGMA foreign_keys = ON")
                self.db = Database(self.conn, execute_plugins=False)
                if migrations.pending(self.db):
                    # Re-checked under the write lock: two processes may open a new file at
                    # once.
                    with self._immediate():
                        if migrations.pending(self.db):
                            migrations.apply(self.db)
            except BaseException:
                self.conn.close()  # a refused file is not left open
                raise
        except sqlite3.Error as error:
            raise StoreError(_describe(error, self.path)) from None
        except OSError as error:
            raise StoreError(f"cannot open database {path}: {error.strerror or error}") from None

    def _check_is_sqlite(self) -> None:
        """Refuse a file that is not SQLite, or a SQLite database of something else: adding
        our tables to it (and switching it to WAL) would change another program's file."""
        try:
            names = [
                row[0]
                for row in self.conn.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table' "
                    "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name"
                )
            ]
            if not names or set(names) & _OUR_TABLES:
                return  # a new, empty database, or ours
            if (
                migrations.migrations_table in names
                and self.conn.execute(
                    f"SELECT 1 FROM [{migrations.migrations_table}] WHERE migration_set = ? "
                    "LIMIT 1",
                    [migrations.name],
                ).fetchone()
            ):
                return
        except sqlite3.DatabaseError as error:
            raise StoreError(f"{self.path} is not a workbench database ({error})") from None
        shown = ", ".join(names[:5]) + (", …" if len(names) > 5 else "")
        raise StoreError(
            f"{self.path} is not a workbench database (it holds other tables: {shown})"
        )

    def close(self) -> None:
        self.conn.close()

    @contextmanager
    def _immediate(self) -> Iterator[sqlite3.Connection]:
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as error:
            raise StoreError(_describe(error, self.path)) from None
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        else:
            try:
                self.conn.execute("COMMIT")
            except sqlite3.Error as error:
                self.conn.execute("ROLLBACK")
                raise StoreError(_describe(error, self.path)) from None

    @contextmanager
    def action(
        self,
        *,
        at: str,
        reviewer: str,
        verb: str,
        kind: str = "do",
        target: int | None = None,
        undoable: bool = True,
    ) -> Iterator[ActionDraft]:
        """One reviewer action: one transaction and one log entry, or nothing at all."""
        with self._immediate() as conn:
            draft = ActionDraft(Changes(conn))
            try:
                yield draft
            except sqlite3.Error as error:
                raise StoreError(_describe(error, self.path)) from None
            if not draft.changes.log and kind == "do" and undoable:
                return
            cursor = conn.execute(
                "INSERT INTO actions (at, reviewer, kind, target, verb, summary, article_id,"
                " sentence_id, undoable, changes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    at,
                    reviewer,
                    kind,
                    target,
                    verb,
                    draft.summary,
                    draft.article_id,
                    draft.sentence_id,
                    int(undoable),
                    json.dumps(draft.changes.log),
                ],
            )
            draft.action_id = int(cursor.lastrowid or 0)

    # ----------------------------------------------------------------- reads
    def one(self, sql: str, params: Sequence[Any] = ()) -> dict[str, Any] | None:
        cursor = self.conn.execute(sql, list(params))
        row = cursor.fetchone()
        if row is None:
            return None
        return dict(zip([d[0] for d in cursor.description], row, strict=True))

    def all(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        cursor = self.conn.execute(sql, list(params))
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    # Metadata without the text: an article's text can be megabytes, and most lookups only
    # need to know the article exists.
    _META = (
        "id, content_hash, title, date, byline, url, format, encoding, filename, "
        "imported_at, imported_by"
    )

    def article(self, article_id: int) -> dict[str, Any] | None:
        return self.one(f"SELECT {self._META} FROM articles WHERE id = ?", [article_id])

    def article_text(self, article_id: int) -> str:
        row = self.conn.execute("SELECT text FROM articles WHERE id = ?", [article_id]).fetchone()
        return str(row[0]) if row else ""

    def article_by_hash(self, prefix: str) -> list[dict[str, Any]]:
        return self.all(
            f"SELECT {self._META} FROM articles WHERE content_hash LIKE ? ORDER BY id",
            [prefix + "%"],
        )

    def article_summaries(self) -> list[dict[str, Any]]:
        return self.all(
            """
            SELECT a.id, a.title, a.date, a.url, a.filename,
                   count(s.id) AS sentences,
                   count(DISTINCT t.sentence_id) AS tagged,
                   count(DISTINCT e.sentence_id) AS with_evidence,
                   count(DISTINCT v.sentence_id) AS with_verdict
            FROM articles a
            LEFT JOIN sentences s ON s.article_id = a.id
            LEFT JOIN (SELECT DISTINCT sentence_id FROM tags) t ON t.sentence_id = s.id
            LEFT JOIN (SELECT DISTINCT sentence_id FROM evidence) e ON e.sentence_id = s.id
            LEFT JOIN (SELECT DISTINCT sentence_id FROM verdicts) v ON v.sentence_id = s.id
            GROUP BY a.id ORDER BY a.id
            """
        )

    def sentence_rows(
        self,
        article_id: int,
        *,
        after: int = -1,
        limit: int = -1,
        first_number: int = 1,
        with_text: bool = True,
    ) -> list[tuple[Any, ...]]:
        """Sentences of an article in order, from the one after character `after`, as tuples
        (id, article_id, number, start, end, paragraph, kind, text, tags, evidence, verdict).
        Without text, the text is "" (a long article's listing need not hold it all)."""
        text = "text" if with_text else "''"
        rows = self.conn.execute(
            f'SELECT id, start, "end", paragraph, kind, {text} FROM sentences '
            "WHERE article_id = ? AND start > ? ORDER BY start LIMIT ?",
            [article_id, after, limit],
        ).fetchall()
        if not rows:
            return []
        window = [article_id, after, rows[-1][1]]
        within = "s.article_id = ? AND s.start > ? AND s.start <= ?"
        tags: dict[int, list[str]] = {}
        for sentence_id, tag in self.conn.execute(
            f"SELECT t.sentence_id, t.tag FROM tags t JOIN sentences s ON s.id = t.sentence_id "
            f"WHERE {within}",
            window,
        ):
            tags.setdefault(sentence_id, []).append(tag)
        evidence = dict(
            self.conn.execute(
                f"SELECT e.sentence_id, count(*) FROM evidence e JOIN sentences s "
                f"ON s.id = e.sentence_id WHERE {within} GROUP BY e.sentence_id",
                window,
            ).fetchall()
        )
        verdicts = dict(
            self.conn.execute(
                f"SELECT v.sentence_id, v.label FROM verdicts v JOIN sentences s "
                f"ON s.id = v.sentence_id WHERE {within} AND v.id = "
                "(SELECT max(id) FROM verdicts WHERE sentence_id = v.sentence_id)",
                window,
            ).fetchall()
        )
        suggested: dict[int, list[str]] = {}
        for sentence_id, tag in self.conn.execute(
            f"SELECT g.sentence_id, g.tag FROM suggestions g JOIN sentences s "
            f"ON s.id = g.sentence_id WHERE {within}",
            window,
        ):
            if tag not in tags.get(sentence_id, ()):
                suggested.setdefault(sentence_id, []).append(tag)
        worth = dict(
            self.conn.execute(
                f"SELECT w.sentence_id, w.checkworthiness FROM sentence_scores w JOIN sentences s "
                f"ON s.id = w.sentence_id WHERE {within}",
                window,
            ).fetchall()
        )
        # 100,000 rows share a handful of distinct tag tuples and scores: one object each.
        shared: dict[Any, Any] = {(): ()}

        def one(value: Any) -> Any:
            return shared.setdefault(value, value)

        return [
            (
                sid,
                article_id,
                number,
                start,
                end,
                paragraph,
                kind,
                text,
                one(tuple(sorted(tags[sid], key=_tag_order))) if sid in tags else (),
                evidence.get(sid, 0),
                one(verdicts.get(sid)),
                one(tuple(sorted(suggested[sid], key=_tag_order))) if sid in suggested else (),
                one(worth.get(sid, 0.0)),
            )
            for number, (sid, start, end, paragraph, kind, text) in enumerate(rows, first_number)
        ]

    def sentence_texts(self, ids: list[int]) -> dict[int, str]:
        found: dict[int, str] = {}
        for first in range(0, len(ids), 500):
            chunk = ids[first : first + 500]
            found.update(
                self.conn.execute(
                    f"SELECT id, text FROM sentences WHERE id IN ({', '.join('?' * len(chunk))})",
                    chunk,
                ).fetchall()
            )
        return found

    def sentence_ids(self, article_id: int) -> list[int]:
        return [
            row[0]
            for row in self.conn.execute(
                "SELECT id FROM sentences WHERE article_id = ? ORDER BY start", [article_id]
            )
        ]

    def data_version(self) -> int:
        """Changes whenever another connection commits to the file."""
        return int(self.conn.execute("PRAGMA data_version").fetchone()[0])

    def progress(self, article_id: int) -> dict[str, int]:
        row = self.one(
            """
            SELECT count(*) AS total,
                   count(t.sentence_id) AS tagged,
                   count(e.sentence_id) AS evidence,
                   sum(t.sentence_id IS NOT NULL AND v.sentence_id IS NOT NULL) AS verdict
            FROM sentences s
            LEFT JOIN (SELECT DISTINCT sentence_id FROM tags) t ON t.sentence_id = s.id
            LEFT JOIN (SELECT DISTINCT sentence_id FROM evidence) e ON e.sentence_id = s.id
            LEFT JOIN (SELECT DISTINCT sentence_id FROM verdicts) v ON v.sentence_id = s.id
            WHERE s.article_id = ?
            """,
            [article_id],
        )
        assert row is not None
        return {key: int(value or 0) for key, value in row.items()}

    def sentence_by_number(self, article_id: int, number: int) -> dict[str, Any] | None:
        if number < 1:
            return None
        row = self.one(
            'SELECT id, article_id, start, "end", paragraph, kind, text FROM sentences '
            "WHERE article_id = ? ORDER BY start LIMIT 1 OFFSET ?",
            [article_id, number - 1],
        )
        if row is not None:
            row["number"] = number
        return row

    def sentence_by_id(self, sentence_id: int) -> dict[str, Any] | None:
        return self.one(
            'SELECT id, article_id, start, "end", paragraph, kind, text FROM sentences '
            "WHERE id = ?",
            [sentence_id],
        )

    def sentence_number(self, sentence_id: int) -> int | None:
        row = self.one(
            "SELECT count(*) AS n FROM sentences s, sentences me WHERE me.id = ? "
            "AND s.article_id = me.article_id AND s.start <= me.start",
            [sentence_id],
        )
        return int(row["n"]) if row and row["n"] else None

    def sentence_count(self, article_id: int) -> int:
        row = self.one("SELECT count(*) AS n FROM sentences WHERE article_id = ?", [article_id])
        return int(row["n"]) if row else 0

    def tags_of(self, sentence_id: int) -> list[dict[str, Any]]:
        return self.all("SELECT * FROM tags WHERE sentence_id = ? ORDER BY id", [sentence_id])

    def tag_row(self, sentence_id: int, tag: str) -> dict[str, Any] | None:
        return self.one("SELECT * FROM tags WHERE sentence_id = ? AND tag = ?", [sentence_id, tag])

    def evidence_of(self, sentence_id: int) -> list[dict[str, Any]]:
        return self.all("SELECT * FROM evidence WHERE sentence_id = ? ORDER BY id", [sentence_id])

    def evidence_row(self, evidence_id: int) -> dict[str, Any] | None:
        return self.one("SELECT * FROM evidence WHERE id = ?", [evidence_id])

    def verdicts_of(self, sentence_id: int) -> list[dict[str, Any]]:
        return self.all("SELECT * FROM verdicts WHERE sentence_id = ? ORDER BY id", [sentence_id])

    def source(self, source_id: int) -> dict[str, Any] | None:
        return self.one("SELECT * FROM sources WHERE id = ?", [source_id])

    def sources(self) -> list[dict[str, Any]]:
        return self.all("SELECT * FROM sources ORDER BY id")

    def sources_by_url(self, url: str) -> list[dict[str, Any]]:
        return self.all("SELECT * FROM sources WHERE url = ? ORDER BY id", [url])

    def scale_rows(self) -> list[dict[str, Any]]:
        return self.all("SELECT * FROM scales ORDER BY id")

    def scale_row(self, name: str) -> dict[str, Any] | None:
        return self.one("SELECT * FROM scales WHERE name = ?", [name])

    def setting(self, key: str) -> dict[str, Any] | None:
        return self.one("SELECT * FROM settings WHERE key = ?", [key])

    def action_row(self, action_id: int) -> dict[str, Any] | None:
        return self.one("SELECT * FROM actions WHERE id = ?", [action_id])

    def action_rows_of(self, reviewer: str) -> list[dict[str, Any]]:
        return self.all(
            "SELECT id, kind, target, undoable FROM actions WHERE reviewer = ? ORDER BY id",
            [reviewer],
        )

    def history(
        self, *, article_id: int | None, sentence_id: int | None, limit: int
    ) -> list[dict[str, Any]]:
        clauses, params = [], []
        if article_id is not None:
            clauses.append("article_id = ?")
            params.append(article_id)
        if sentence_id is not None:
            clauses.append("sentence_id = ?")
            params.append(sentence_id)
        where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
        rows = self.all(f"SELECT * FROM actions {where} ORDER BY id DESC LIMIT ?", [*params, limit])
        return rows[::-1]

    def verdict_rows_for_article(self, article_id: int) -> list[dict[str, Any]]:
        return self.all(
            "SELECT v.* FROM verdicts v JOIN sentences s ON s.id = v.sentence_id "
            "WHERE s.article_id = ? ORDER BY v.id",
            [article_id],
        )

    def evidence_rows_for_article(self, article_id: int) -> list[dict[str, Any]]:
        return self.all(
            "SELECT e.* FROM evidence e JOIN sentences s ON s.id = e.sentence_id "
            "WHERE s.article_id = ? ORDER BY e.id",
            [article_id],
        )

    def tag_rows_for_article(self, article_id: int) -> list[dict[str, Any]]:
        return self.all(
            "SELECT t.* FROM tags t JOIN sentences s ON s.id = t.sentence_id "
            "WHERE s.article_id = ? ORDER BY t.id",
            [article_id],
        )

    # ----------------------------------------------------------- derived data
    def index_passages(
        self, source_id: int, text: str | None, spans: list[tuple[int, int]]
    ) -> None:
        """Replace a source's passages (call inside an action's transaction)."""
        for (passage_id,) in self.conn.execute(
            "SELECT id FROM passages WHERE source_id = ?", [source_id]
        ).fetchall():
            self.conn.execute(
                "INSERT INTO passages_fts (passages_fts, rowid, text) "
                "SELECT 'delete', id, text FROM passages WHERE id = ?",
                [passage_id],
            )
        self.conn.execute("DELETE FROM passages WHERE source_id = ?", [source_id])
        if not text:
            return
        for start, end in spans:
            cursor = self.conn.execute(
                'INSERT INTO passages (source_id, start, "end", text) VALUES (?, ?, ?, ?)',
                [source_id, start, end, text[start:end]],
            )
            self.conn.execute(
                "INSERT INTO passages_fts (rowid, text) VALUES (?, ?)",
                [cursor.lastrowid, text[start:end]],
            )

    def frequencies(self, index: str, terms: list[str]) -> dict[str, int]:
        """Document frequency of each term in an index ("passages" or "checked")."""
        vocab = {"passages": "passages_vocab", "checked": "checked_vocab"}[index]
        found = {}
        for term in terms:
            row = self.conn.execute(f"SELECT doc FROM {vocab} WHERE term = ?", [term]).fetchone()
            found[term] = row[0] if row else 0
        return found

    def search_passages(self, match: str, limit: int) -> list[dict[str, Any]]:
        return self.all(
            'SELECT p.id, p.source_id, p.start, p."end", p.text FROM passages_fts f '
            "JOIN passages p ON p.id = f.rowid WHERE passages_fts MATCH ? "
            "ORDER BY f.rank LIMIT ?",
            [match, limit],
        )

    def sync_checked(self, sentence_id: int) -> None:
        """Keep "checked before" in step: a sentence is indexed while it has a verdict."""
        self.conn.execute("DELETE FROM checked_fts WHERE rowid = ?", [sentence_id])
        self.conn.execute(
            "INSERT INTO checked_fts (rowid, text) SELECT id, text FROM sentences "
            "WHERE id = ? AND EXISTS (SELECT 1 FROM verdicts WHERE sentence_id = ?)",
            [sentence_id, sentence_id],
        )

    def search_checked(self, match: str, exclude_article: int, limit: int) -> list[dict[str, Any]]:
        return self.all(
            "SELECT s.id, s.article_id, s.text FROM checked_fts f JOIN sentences s "
            "ON s.id = f.rowid WHERE checked_fts MATCH ? AND s.article_id != ? "
            "ORDER BY f.rank LIMIT ?",
            [match, exclude_article, limit],
        )

    def suggestions_of(self, sentence_id: int) -> list[dict[str, Any]]:
        return self.all(
            "SELECT tag, reason, score FROM suggestions WHERE sentence_id = ?", [sentence_id]
        )

    def sentences_citing(self, source_id: int) -> list[int]:
        return [
            row[0]
            for row in self.conn.execute(
                "SELECT DISTINCT sentence_id FROM evidence WHERE source_id = ?", [source_id]
            )
        ]

    def suggestions_for_article(self, article_id: int) -> list[dict[str, Any]]:
        return self.all(
            "SELECT g.sentence_id, g.tag, g.reason FROM suggestions g JOIN sentences s "
            "ON s.id = g.sentence_id WHERE s.article_id = ?",
            [article_id],
        )

    def worth_of(self, sentence_id: int) -> float:
        row = self.conn.execute(
            "SELECT checkworthiness FROM sentence_scores WHERE sentence_id = ?", [sentence_id]
        ).fetchone()
        return float(row[0]) if row else 0.0

    def suggestion_rules(self, article_id: int) -> int | None:
        row = self.conn.execute(
            "SELECT rules FROM suggested_articles WHERE article_id = ?", [article_id]
        ).fetchone()
        return int(row[0]) if row else None

    def paragraph_rows(self, article_id: int, first: int, last: int) -> list[dict[str, Any]]:
        return self.all(
            "SELECT id, paragraph, text FROM sentences WHERE article_id = ? AND paragraph "
            "BETWEEN ? AND ? ORDER BY start",
            [article_id, first, last],
        )

    def write_suggestions(self, hints: list[tuple[int, Any]]) -> None:
        """Replace the suggestions and scores of these sentences (inside a transaction):
        (sentence id, SentenceHints) pairs."""
        ids = [sentence_id for sentence_id, _ in hints]
        self.forget_suggestions(ids)
        self.conn.executemany(
            "INSERT INTO suggestions (sentence_id, tag, reason, score) VALUES (?, ?, ?, ?)",
            [
                (sentence_id, hint.tag, hint.reason, found.score)
                for sentence_id, found in hints
                for hint in found.hints
            ],
        )
        self.conn.executemany(
            "INSERT INTO sentence_scores (sentence_id, checkworthiness) VALUES (?, ?)",
            [(sentence_id, found.score) for sentence_id, found in hints],
        )

    def forget_suggestions(self, sentence_ids: list[int]) -> None:
        for first in range(0, len(sentence_ids), 500):
            chunk = sentence_ids[first : first + 500]
            marks = ", ".join("?" * len(chunk))
            self.conn.execute(f"DELETE FROM suggestions WHERE sentence_id IN ({marks})", chunk)
            self.conn.execute(f"DELETE FROM sentence_scores WHERE sentence_id IN ({marks})", chunk)

    def mark_suggested(self, article_id: int, rules: int) -> None:
        self.conn.execute(
            "INSERT OR REPLACE INTO suggested_articles (article_id, rules) VALUES (?, ?)",
            [article_id, rules],
        )

    def resuggest(self, article_id: int, hints: list[tuple[int, Any]], rules: int) -> None:
        """Suggestions made again for a whole article, in one transaction of their own."""
        with self._immediate():
            self.write_suggestions(hints)
            self.mark_suggested(article_id, rules)

    def checks_of(self, evidence_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
        found: dict[int, list[dict[str, Any]]] = {}
        for first in range(0, len(evidence_ids), 500):
            chunk = evidence_ids[first : first + 500]
            for row in self.all(
                f"SELECT * FROM evidence_checks WHERE evidence_id IN "
                f"({', '.join('?' * len(chunk))}) ORDER BY evidence_id, kind",
                chunk,
            ):
                found.setdefault(row["evidence_id"], []).append(row)
        return found

    def write_checks(
        self, evidence_id: int, results: list[tuple[str, str, str]], basis: str
    ) -> None:
        """Replace an evidence link's check results: (kind, outcome, detail as JSON)."""
        self.conn.execute("DELETE FROM evidence_checks WHERE evidence_id = ?", [evidence_id])
        self.conn.executemany(
            "INSERT INTO evidence_checks (evidence_id, kind, outcome, detail, basis) "
            "VALUES (?, ?, ?, ?, ?)",
            [(evidence_id, kind, outcome, detail, basis) for kind, outcome, detail in results],
        )

    def current_verdict(self, sentence_id: int) -> dict[str, Any] | None:
        return self.one(
            "SELECT * FROM verdicts WHERE sentence_id = ? ORDER BY id DESC LIMIT 1", [sentence_id]
        )

    # ---------------------------------------------------------------- import
    def insert_article(
        self,
        article: dict[str, Any],
        sentences: list[tuple[int, int, int, str, str]],
        hints: list[Any] | None = None,
        rules: int = 0,
    ) -> int:
        """Store an article and its sentences (start, end, paragraph, kind, text) at once,
        with the suggestions for each sentence (`hints`, in the same order) where given.

        Imports are logged but not undoable: they are idempotent and carry no review work.
        """
        with self._immediate() as conn:
            try:
                cursor = conn.execute(
                    "INSERT INTO articles (content_hash, title, date, byline, url, format,"
                    " encoding, filename, imported_at, imported_by, text)"
                    " VALUES (:content_hash, :title, :date, :byline, :url, :format, :encoding,"
                    " :filename, :imported_at, :imported_by, :text)",
                    article,
                )
                article_id = int(cursor.lastrowid or 0)
                conn.executemany(
                    'INSERT INTO sentences (article_id, start, "end", paragraph, kind, text)'
                    " VALUES (?, ?, ?, ?, ?, ?)",
                    [(article_id, *row) for row in sentences],
                )
                if hints is not None:
                    ids = self.sentence_ids(article_id)
                    self.write_suggestions(list(zip(ids, hints, strict=True)))
                    self.mark_suggested(article_id, rules)
                title = article["title"] or article["filename"] or f"article {article_id}"
                conn.execute(
                    "INSERT INTO actions (at, reviewer, kind, target, verb, summary, article_id,"
                    " sentence_id, undoable, changes) VALUES (?, ?, 'do', NULL, 'import', ?, ?,"
                    " NULL, 0, '[]')",
                    [
                        article["imported_at"],
                        article["imported_by"],
                        f"imported {title} ({len(sentences)} sentences)",
                        article_id,
                    ],
                )
            except sqlite3.Error as error:
                raise StoreError(_describe(error, self.path)) from None
        return article_id


class ActionDraft:
    """What an action fills in while it runs: its changes, summary and subject."""

    def __init__(self, changes: Changes) -> None:
        self.changes = changes
        self.summary = ""
        self.article_id: int | None = None
        self.sentence_id: int | None = None
        self.action_id: int | None = None


def _tag_order(tag: str) -> int:
    return ("claim", "quote", "figure").index(tag)


_OUR_TABLES = frozenset(
    (
        "articles",
        "sentences",
        "tags",
        "sources",
        "evidence",
        "verdicts",
        "scales",
        "settings",
        "actions",
    )
)


def _prepare_directory(path: Path) -> None:
    """The database's directory must exist, except the per-user data directory of the default
    database, which is made on first use: a mistyped --db directory is an error, not a new
    directory tree."""
    from ..paths import default_data_dir  # paths names the per-user directories

    directory = path.parent
    if directory.is_dir():
        return
    if directory.exists():
        raise StoreError(f"cannot open database {path}: {directory} is not a directory")
    if directory.absolute() != default_data_dir().absolute():
        raise StoreError(f"cannot open database {path}: the directory {directory} does not exist")
    directory.mkdir(parents=True, exist_ok=True)


def _describe(error: sqlite3.Error, path: Path | None) -> str:
    text = str(error)
    where = str(path) if path is not None else "the in-memory database"
    if "locked" in text or "busy" in text:
        return f"database {where} is locked by another process; try again in a moment"
    if "readonly" in text or "read-only" in text:
        return f"database {where} is read-only"
    if "not a database" in text or "malformed" in text:
        return f"{where} is not a workbench database ({text})"
    if "unable to open" in text:
        return f"cannot open database {where}"
    return f"database error in {where}: {text}"

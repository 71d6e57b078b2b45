"""The open database: connection, transactions, the action log and article import.

Each reviewer action runs in one `BEGIN IMMEDIATE` transaction through `Store.action`, which
records every row it inserts, updates or deletes; that record is written to the append-only
`actions` table in the same transaction, and is what undo and redo replay.

Every SQLite error, in a read or a write, leaves this module as one `StoreError` naming the
cause (locked, read-only, full, corrupt), never as a traceback.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import re
import secrets
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ..errors import ConstraintError, StoreError
from .changes import ActionDraft, Changes
from .derived import Derived
from .versions import COLUMNS, KNOWN, MIGRATION_SET, MIGRATIONS_TABLE, OUR_TABLES

BUSY_TIMEOUT_MS = 5000
LOCK_RETRY_SECONDS = 0.002  # a writer waiting for the lock asks again this often (± half)
IMPORT_CHUNK = 20_000  # sentences written per transaction: each holds the write lock briefly
# An unfinished import whose last chunk went in longer ago than this was interrupted: chunks
# are written back to back (the work is done before the first), each within a few busy
# timeouts at worst.
STALE_IMPORT_SECONDS = 15.0


class Store(Derived):
    """A workbench database. One per thread: SQLite connections are not shared.

    The file is opened on first use. A database this program cannot write (a read-only file
    or directory, or one written by a newer workbench) is opened read-only: reads work, and
    any action is refused with the reason.
    """

    def __init__(
        self,
        path: Path | str,
        *,
        create_directory: bool = False,
        after_open: Callable[[Store], None] | None = None,
    ) -> None:
        self.path = Path(path) if str(path) != ":memory:" else None
        self._target = str(path)
        self._create_directory = create_directory
        self._after_open = after_open
        self._conn: sqlite3.Connection | None = None
        self.read_only_reason: str | None = None

    # ------------------------------------------------------------- opening
    @property
    def conn(self) -> sqlite3.Connection:
        if self._conn is None:
            self._open()
            assert self._conn is not None
            if self._after_open is not None:
                self._after_open(self)
        return self._conn

    def open(self) -> Store:
        """Open the file now rather than on first use (and refuse it now if it is bad)."""
        self.conn  # noqa: B018 -- the property opens it
        return self

    @property
    def is_open(self) -> bool:
        return self._conn is not None

    @property
    def read_only(self) -> bool:
        self.conn  # noqa: B018 -- opening decides it
        return self.read_only_reason is not None

    def _open(self) -> None:
        where = self._target
        try:
            if self.path is not None:
                _prepare_directory(self.path, self._create_directory)
                if self.path.exists() and not _writable(self.path):
                    self._connect_read_only(self.path)
                    self.read_only_reason = f"database {where} is read-only"
                    self._check_is_ours()
                    if not self._check_version():
                        self._check_not_older()
                        self._check_schema()
                    return
            self._connect(read_only=False)
            self._check_is_ours()
            if self._check_version():
                return
            mode = self._conn_checked.execute("PRAGMA journal_mode").fetchone()[0]
            if mode != "wal" and self.path is not None:
                self._conn_checked.execute("PRAGMA journal_mode = WAL")
            self._conn_checked.execute("PRAGMA synchronous = NORMAL")
            if self._applied() != set(KNOWN):
                self._migrate()
            self._check_schema()
        except StoreError:
            self._close_quietly()
            raise
        except sqlite3.Error as error:
            self._close_quietly()
            raise StoreError(describe(error, self.path)) from None
        except OSError as error:
            self._close_quietly()
            raise StoreError(f"cannot open database {where}: {error.strerror or error}") from None

    def _connect_read_only(self, path: Path) -> None:
        """Open a file this process may not write. A WAL database needs its -shm file: when
        that is missing and the directory is not writable (a database copied somewhere
        read-only, or another user's), SQLite refuses even to read, so the file is opened as
        immutable instead. That is safe to read while no -wal file holds changes not yet in
        the file; with one there, it would show the file without them, so it is refused."""
        self._connect(read_only=True)
        try:
            # The base class's execute, to see SQLite's error code before it becomes a line.
            sqlite3.Connection.execute(self._conn_checked, "SELECT count(*) FROM sqlite_master")
            return
        except sqlite3.Error as error:
            code = getattr(error, "sqlite_errorname", None)
            # Without a -shm file SQLite says the directory is read-only, or, when a -wal file
            # is there too, that it cannot open the file at all.
            if code not in ("SQLITE_READONLY_DIRECTORY", "SQLITE_CANTOPEN"):
                raise
            logged = Path(f"{path}-wal").exists()
            if code == "SQLITE_CANTOPEN" and not logged:
                raise
        self._close_quietly()
        if logged:
            raise StoreError(
                f"database {self._target} is read-only, in a directory this process may not "
                "write, and its write-ahead log (-wal) holds changes that cannot be read from "
                "here: open it once where it can be written, or copy it"
            )
        self._connect(read_only=True, immutable=True)

    def _connect(self, *, read_only: bool, immutable: bool = False) -> None:
        # isolation_level=None: we issue BEGIN IMMEDIATE ourselves, so that a writer takes the
        # lock before it reads and a second process waits (busy timeout) rather than failing
        # on a stale snapshot.
        target = self._target
        uri = False
        if read_only and self.path is not None:
            target, uri = f"{self.path.absolute().as_uri()}?mode=ro", True
            if immutable:
                target += "&immutable=1"
        conn = sqlite3.connect(
            target,
            timeout=BUSY_TIMEOUT_MS / 1000,
            isolation_level=None,
            uri=uri,
            factory=_Connection,
            check_same_thread=True,
        )
        conn.path = self.path
        self._conn = conn
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA foreign_keys = ON")
        if read_only:
            conn.execute("PRAGMA query_only = ON")

    @property
    def _conn_checked(self) -> sqlite3.Connection:
        assert self._conn is not None
        return self._conn

    def _check_is_ours(self) -> None:
        """Refuse a file that is not SQLite, or a SQLite database of something else: adding
        our tables to it (and switching it to WAL) would change another program's file."""
        conn = self._conn_checked
        names = [
            row[0]
            for row in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name"
            )
        ]
        if not names or set(names) & OUR_TABLES:
            return  # a new, empty database, or ours
        if (
            MIGRATIONS_TABLE in names
            and conn.execute(
                f"SELECT 1 FROM [{MIGRATIONS_TABLE}] WHERE migration_set = ? LIMIT 1",
                [MIGRATION_SET],
            ).fetchone()
        ):
            return
        shown = ", ".join(names[:5]) + (", …" if len(names) > 5 else "")
        raise StoreError(
            f"{self._target} is not a workbench database (it holds other tables: {shown})"
        )

    def _check_version(self) -> bool:
        """A database written by a newer workbench is read, never written: its schema has
        migrations this program does not know. Returns whether that is so."""
        conn = self._conn_checked
        has_table = conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
            [MIGRATIONS_TABLE],
        ).fetchone()
        if not has_table:
            return False
        applied = [
            row[0]
            for row in conn.execute(
                f"SELECT name FROM [{MIGRATIONS_TABLE}] WHERE migration_set = ?",
                [MIGRATION_SET],
            )
        ]
        unknown = [name for name in applied if name not in KNOWN]
        if not unknown:
            return False
        self.read_only_reason = (
            f"database {self._target} was written by a newer workbench (schema {unknown[-1]}); "
            f"this version knows the schema up to {KNOWN[-1]}, so it only reads it: upgrade "
            "the workbench to change it"
        )
        conn.execute("PRAGMA query_only = ON")
        return True

    def _applied(self) -> set[str]:
        """The migrations this file has applied (none for a new file)."""
        conn = self._conn_checked
        if not conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", [MIGRATIONS_TABLE]
        ).fetchone():
            return set()
        return {
            row[0]
            for row in conn.execute(
                f"SELECT name FROM [{MIGRATIONS_TABLE}] WHERE migration_set = ?", [MIGRATION_SET]
            )
        }

    def _check_not_older(self) -> None:
        """A read-only file made by an older workbench cannot be brought up to date here,
        and this program's reads need the current schema."""
        applied = self._applied()
        missing = [name for name in KNOWN if name not in applied]
        if applied and missing:
            raise StoreError(
                f"{self.read_only_reason} and was made by an older workbench (it lacks schema "
                f"{missing[0]}); open it once where it can be written to bring it up to date"
            )

    def _migrate(self) -> None:
        """Apply the migrations this file lacks. The migrations (and sqlite-utils) load only
        here: opening a database that is up to date does not pay for them."""
        from sqlite_utils import Database

        from .schema import migrations

        db = Database(self._conn_checked, execute_plugins=False)
        # Re-checked under the write lock: two processes may open a new file at once.
        with self._immediate():
            if migrations.pending(db):
                migrations.apply(db)

    def _check_schema(self) -> None:
        """Every table and column this program reads is in the file. A damaged schema (a
        column name with a byte overwritten) would otherwise surface as a row the models
        cannot hold. Only for a file at exactly this program's schema: an older one is
        migrated first, and a newer one may have changed what it holds."""
        conn = self._conn_checked
        if self._applied() != set(KNOWN):
            return
        for table, columns in COLUMNS.items():
            found = {row[1] for row in conn.execute(f"PRAGMA table_info([{table}])")}
            missing = [column for column in columns if column not in found]
            if missing:
                what = f"column {', '.join(missing)}" if found else "the table"
                raise StoreError(f"{self._target} is damaged: table {table} lacks {what}")

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def _close_quietly(self) -> None:
        if self._conn is not None:
            try:
                self._conn.close()
            finally:
                self._conn = None

    # ---------------------------------------------------------- transactions
    @contextmanager
    def _immediate(self) -> Iterator[sqlite3.Connection]:
        conn = self.conn
        if self.read_only_reason is not None:
            raise StoreError(self.read_only_reason)
        self._begin(conn)
        try:
            yield conn
        except BaseException:
            _rollback(conn)
            raise
        else:
            try:
                conn.execute("COMMIT")
            except StoreError:
                _rollback(conn)
                raise

    def _begin(self, conn: sqlite3.Connection) -> None:
        """BEGIN IMMEDIATE, waiting for the write lock up to the connection's busy timeout.
        SQLite's own wait sleeps longer and longer between tries (up to 100 ms), so with
        several writers the one that has waited longest asks least often and the others keep
        taking the lock first: ten reviewers on a loaded machine saw a wait pass 5 s and an
        action refused. Asking again every few milliseconds gives every waiter an even
        chance."""
        timeout_ms = int(sqlite3.Connection.execute(conn, "PRAGMA busy_timeout").fetchone()[0])
        deadline = time.monotonic() + timeout_ms / 1000
        conn.execute("PRAGMA busy_timeout = 0")
        try:
            while True:
                try:
                    sqlite3.Connection.execute(conn, "BEGIN IMMEDIATE")
                    return
                except sqlite3.OperationalError as error:
                    busy = getattr(error, "sqlite_errorname", "").startswith("SQLITE_BUSY")
                    if not busy or time.monotonic() >= deadline:
                        raise StoreError(describe(error, self.path)) from None
                time.sleep(LOCK_RETRY_SECONDS * (0.5 + secrets.randbelow(1000) / 1000))
        finally:
            conn.execute(f"PRAGMA busy_timeout = {timeout_ms}")

    def transaction(self) -> Any:
        """A write transaction for derived data that is not a reviewer action."""
        return self._immediate()

    @contextmanager
    def action(self, *, at: str, reviewer: str, verb: str) -> Iterator[ActionDraft]:
        """One reviewer action: one transaction and one log entry, or nothing at all. What the
        action decides on is read inside the transaction, under the write lock; an action that
        changed nothing writes no log entry."""
        with self._immediate() as conn:
            draft = ActionDraft(Changes(conn), verb)
            yield draft
            if not draft.changes.log and draft.kind == "do":
                return
            cursor = conn.execute(
                "INSERT INTO actions (at, reviewer, kind, target, verb, summary, article_id,"
                " sentence_id, undoable, changes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    at,
                    reviewer,
                    draft.kind,
                    draft.target,
                    draft.verb,
                    draft.summary,
                    draft.article_id,
                    draft.sentence_id,
                    int(draft.undoable),
                    json.dumps(draft.changes.log),
                ],
            )
            draft.action_id = int(cursor.lastrowid or 0)

    # ---------------------------------------------------------------- import
    def insert_article(
        self,
        article: dict[str, Any],
        sentences: list[tuple[int, int, int, str, str]],
        hints: list[Any] | None = None,
        rules: int = 0,
    ) -> int | None:
        """Store an article and its sentences (start, end, paragraph, kind, text), with the
        suggestions for each sentence (`hints`, in the same order) where given. Returns the new
        article's id, or None when another process stored the same text meanwhile. See
        `insert_article_stream`."""
        pairs = zip(sentences, hints if hints is not None else [None] * len(sentences), strict=True)
        return self.insert_article_stream(
            article, len(sentences), pairs, rules, suggested=hints is not None
        )

    def insert_article_stream(
        self,
        article: dict[str, Any],
        count: int,
        sentences: Iterator[tuple[tuple[int, int, int, str, str], Any]] | Iterable[Any],
        rules: int = 0,
        *,
        suggested: bool = True,
    ) -> int | None:
        """Store an article and its `count` sentences, given one at a time with the
        suggestions of each ((start, end, paragraph, kind, text), hints): a long article's
        sentences are taken as they are written and never all held.
        Returns the new article's id, or None when another process stored the same text
        meanwhile. `suggested`: the hints were made (None otherwise).

        An article of up to IMPORT_CHUNK sentences (nearly every one) is written in one
        transaction. A longer one goes in a chunk per transaction, so another reviewer's
        action waits at most one chunk: until the last chunk is in, the article is marked as
        importing (with a number only this import holds) and no listing shows it, and each
        chunk renews its `import_beat`. The sentences are taken as they are written, so they
        should come from work done already (the importer keeps its suggestions in a Spool):
        chunks then go in back to back and the write lock is held only to write. A second
        import of the same text waits for a live import (refuses, saying so) and clears one
        whose beat is older than
        STALE_IMPORT_SECONDS, which was interrupted. An import that fails is cleared at once,
        so a refused import leaves the file as it was. Imports are logged but not undoable:
        they are idempotent and carry no review work.
        """
        stream = iter(sentences)
        if count <= IMPORT_CHUNK:
            with self._immediate():
                if not self._make_way(article["content_hash"]):
                    return None
                article_id = self._insert_article_row(article, 0)
                self._insert_chunk(article_id, stream, suggested)
                self._finish_import(article_id, article, count, suggested, rules)
            return article_id
        # Not 0 (imported) nor 1 (what imports wrote before they held a number of their own).
        token = secrets.randbits(62) + 2
        with self._immediate():
            if not self._make_way(article["content_hash"]):
                return None
            article_id = self._insert_article_row(article, token)
        try:
            written = IMPORT_CHUNK
            while written == IMPORT_CHUNK:
                with self._immediate() as conn:
                    self._check_importing(article_id, token)
                    chunk = itertools.islice(stream, IMPORT_CHUNK)
                    written = self._insert_chunk(article_id, chunk, suggested)
                    conn.execute(
                        "UPDATE articles SET import_beat = ? WHERE id = ?",
                        [time.time(), article_id],
                    )
            with self._immediate():
                self._check_importing(article_id, token)
                self._finish_import(article_id, article, count, suggested, rules)
        except BaseException:
            self._abandon_import(article_id, token)
            raise
        return article_id

    def _make_way(self, content_hash: str) -> bool:
        """Inside the import's first transaction: False when the text is stored already;
        clears an interrupted import of it; refuses while another process imports it."""
        for row in self.article_by_hash(content_hash, include_importing=True):
            if row["content_hash"] != content_hash:
                continue
            if not row["importing"]:
                return False
            beat = self.conn.execute(
                "SELECT import_beat FROM articles WHERE id = ?", [row["id"]]
            ).fetchone()[0]
            if beat is not None and time.time() - float(beat) < STALE_IMPORT_SECONDS:
                raise StoreError(
                    "another process is importing the same text right now; try again when it "
                    "has finished"
                )
            self._clear_article(row["id"])  # left half-written by an interrupted import
        return True

    def _insert_article_row(self, article: dict[str, Any], importing: int) -> int:
        cursor = self.conn.execute(
            "INSERT INTO articles (content_hash, title, date, byline, url, format,"
            " encoding, filename, imported_at, imported_by, text, importing, import_beat)"
            " VALUES (:content_hash, :title, :date, :byline, :url, :format, :encoding,"
            " :filename, :imported_at, :imported_by, :text, :importing, :import_beat)",
            {**article, "importing": importing, "import_beat": time.time() if importing else None},
        )
        return int(cursor.lastrowid or 0)

    def _finish_import(
        self,
        article_id: int,
        article: dict[str, Any],
        count: int,
        suggested: bool,
        rules: int,
    ) -> None:
        """The import's last step, inside its last transaction: shown, suggested, logged."""
        if suggested:
            self.mark_suggested(article_id, rules)
        self.conn.execute(
            "UPDATE articles SET importing = 0, import_beat = NULL WHERE id = ?", [article_id]
        )
        title = article["title"] or article["filename"] or f"article {article_id}"
        self.conn.execute(
            "INSERT INTO actions (at, reviewer, kind, target, verb, summary, article_id,"
            " sentence_id, undoable, changes) VALUES (?, ?, 'do', NULL, 'import', ?, ?,"
            " NULL, 0, '[]')",
            [
                article["imported_at"],
                article["imported_by"],
                f"imported {title} ({count} sentences)",
                article_id,
            ],
        )

    def _insert_chunk(
        self,
        article_id: int,
        chunk: Iterable[tuple[tuple[int, int, int, str, str], Any]],
        suggested: bool,
    ) -> int:
        """Sentences and their suggestions (inside a transaction), taken one at a time: only
        the suggestions wait, until the sentences' ids are known. Returns how many."""
        hints: list[Any] = []
        first: list[int] = []

        def rows() -> Iterator[tuple[Any, ...]]:
            for row, found in chunk:
                if not first:
                    first.append(row[0])
                hints.append(found)
                yield (article_id, *row)

        self.conn.executemany(
            'INSERT INTO sentences (article_id, start, "end", paragraph, kind, text)'
            " VALUES (?, ?, ?, ?, ?, ?)",
            rows(),
        )
        if suggested and hints:
            ids = [
                row[0]
                for row in itertools.islice(
                    self.conn.execute(
                        "SELECT id FROM sentences WHERE article_id = ? AND start >= ? "
                        "ORDER BY start",
                        [article_id, first[0]],
                    ),
                    len(hints),
                )
            ]
            self.write_suggestions(list(zip(ids, hints, strict=True)))
        return len(hints)

    def _check_importing(self, article_id: int, token: int) -> None:
        """The article is still this import's (inside its transaction). Another process
        importing the same text clears an unfinished import, and the new row may get the same
        id (articles' ids are reused), so the id alone does not say whose it is."""
        row = self.conn.execute(
            "SELECT importing FROM articles WHERE id = ?", [article_id]
        ).fetchone()
        if row is None or row[0] != token:
            raise StoreError(
                "another process imported the same text meanwhile and cleared this import; "
                "import it again to find the stored article"
            )

    def _abandon_import(self, article_id: int, token: int) -> None:
        """Clear a failed import's rows, if they are still this import's. Best effort: when
        the database refuses this too (full, locked), the article stays hidden and the next
        import of the same text clears it."""
        # The error that stopped the import is the one to report.
        with contextlib.suppress(StoreError), self._immediate():
            row = self.conn.execute(
                "SELECT importing FROM articles WHERE id = ?", [article_id]
            ).fetchone()
            if row is not None and row[0] == token:
                self._clear_article(article_id)

    def _clear_article(self, article_id: int) -> None:
        """Remove a half-imported article (inside a transaction): it has no review work."""
        ids = "SELECT id FROM sentences WHERE article_id = ?"
        for table in ("suggestions", "sentence_scores"):
            self.conn.execute(f"DELETE FROM {table} WHERE sentence_id IN ({ids})", [article_id])
        self.conn.execute("DELETE FROM sentences WHERE article_id = ?", [article_id])
        self.conn.execute("DELETE FROM suggested_articles WHERE article_id = ?", [article_id])
        self.conn.execute("DELETE FROM articles WHERE id = ?", [article_id])


class _Cursor(sqlite3.Cursor):
    """A cursor whose reads raise StoreError: a corrupt page can surface while rows are
    fetched, long after the statement started."""

    def fetchone(self) -> Any:
        with _Translated(getattr(self.connection, "path", None)):
            return super().fetchone()

    def fetchall(self) -> list[Any]:
        with _Translated(getattr(self.connection, "path", None)):
            return super().fetchall()

    def __next__(self) -> Any:
        with _Translated(getattr(self.connection, "path", None)):
            return super().__next__()


class _Connection(sqlite3.Connection):
    """A connection whose every statement raises StoreError, with one line naming the cause,
    instead of sqlite3's exceptions."""

    path: Path | None = None

    def cursor(self, factory: Any = _Cursor) -> Any:
        return super().cursor(factory)

    def execute(self, sql: str, parameters: Any = (), /) -> Any:
        with _Translated(self.path):
            return self.cursor().execute(sql, parameters)

    def executemany(self, sql: str, parameters: Any, /) -> Any:
        with _Translated(self.path):
            return self.cursor().executemany(sql, parameters)


class _Translated:
    """sqlite3's exceptions, and text SQLite cannot decode or encode, as the store's one-line
    errors. A class rather than a generator: it wraps every row a cursor yields."""

    __slots__ = ("path",)

    def __init__(self, path: Path | None) -> None:
        self.path = path

    def __enter__(self) -> None:
        return None

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, _: Any
    ) -> None:
        if error is None or kind is StopIteration:
            return
        if isinstance(error, sqlite3.IntegrityError):
            raise ConstraintError(describe(error, self.path)) from None
        if isinstance(error, sqlite3.Error):
            raise StoreError(describe(error, self.path)) from None
        if isinstance(error, UnicodeDecodeError):
            raise StoreError(undecodable(self.path)) from None
        if isinstance(error, UnicodeEncodeError):
            # The last defence: the core's checks refuse such text before it gets here.
            raise StoreError("text that is not UTF-8 cannot be stored") from None


def _rollback(conn: sqlite3.Connection) -> None:
    """Roll back what is open: SQLite may have rolled back already (a full disk does), and
    a failing rollback must not bury the error that caused it."""
    if conn.in_transaction:
        # The first error is the one the reviewer needs to see.
        with contextlib.suppress(StoreError):
            conn.execute("ROLLBACK")


def _writable(path: Path) -> bool:
    """Whether this process may write the database and the directory beside it (WAL keeps
    two files there)."""
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


def _prepare_directory(path: Path, create: bool) -> None:
    """The database's directory must exist: a mistyped --db directory is an error, not a new
    directory tree. Only the per-user data directory (`create`) is made on first use."""
    directory = path.parent
    if directory.is_dir():
        return
    if directory.exists():
        raise StoreError(f"cannot open database {path}: {directory} is not a directory")
    if not create:
        raise StoreError(f"cannot open database {path}: the directory {directory} does not exist")
    directory.mkdir(parents=True, exist_ok=True)


def describe(error: sqlite3.Error, path: Path | None) -> str:
    """One line naming what went wrong with the database. The cause is read from SQLite's
    error code where there is one: the message can quote stored text, and a damaged row's
    text saying "locked" or "full" must not read as that."""
    text = " ".join(str(error).split())
    where = str(path) if path is not None else "the in-memory database"
    bad_text = re.match(r"Could not decode to UTF-8 column '([^']*)'", text)
    if bad_text:
        return f"{where} is damaged: its {bad_text.group(1)} column holds text that is not UTF-8"
    code = getattr(error, "sqlite_errorname", None) or ""

    def cause(names: tuple[str, ...], *words: str) -> bool:
        return code.startswith(names) if code else any(word in text for word in words)

    if cause(("SQLITE_BUSY", "SQLITE_LOCKED"), "locked", "busy"):
        return f"database {where} is locked by another process; try again in a moment"
    if cause(("SQLITE_READONLY",), "readonly", "read-only"):
        return f"database {where} is read-only"
    if cause(("SQLITE_FULL",), "full"):
        return f"database {where}: the disk is full (database or disk is full); nothing was saved"
    if cause(("SQLITE_CORRUPT", "SQLITE_NOTADB"), "not a database", "malformed"):
        return f"{where} is not a workbench database or is damaged ({_shorten(text)})"
    if cause(("SQLITE_CANTOPEN",), "unable to open"):
        return f"cannot open database {where}"
    if cause(("SQLITE_IOERR",), "disk I/O"):
        return f"database {where}: disk I/O error (the disk or the file may be damaged)"
    return f"database error in {where}: {_shorten(text)}"


def undecodable(path: Path | None) -> str:
    """SQLite hands back bytes that are not UTF-8 where it keeps text (the schema, a name):
    the file is damaged."""
    where = str(path) if path is not None else "the in-memory database"
    return f"{where} is damaged: it holds text that is not UTF-8"


def _shorten(text: str, limit: int = 200) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"

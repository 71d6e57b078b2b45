"""The store's reads: every SELECT the facade and its collaborators run. None of these
writes or starts a transaction."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import Any

from ..models import TAGS


class Reads:
    """Queries over an open connection (`conn`), for the Store."""

    @property
    def conn(self) -> sqlite3.Connection:
        """The open connection; the Store opens it on first use."""
        raise NotImplementedError

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

    # The columns the models hold, named rather than `*`: a newer workbench may have added
    # columns, and its database is still read.
    _SOURCE = (
        "id, url, title, publisher, published, accessed_at, snapshot, snapshot_hash, "
        "created_by, created_at"
    )
    _VERDICT = (
        "id, sentence_id, scale, label, value, rationale, claim, claimant, reviewer, created_at"
    )

    # An article in the library: fully imported and not removed from it.
    _LISTED = (
        "importing = 0 AND NOT EXISTS "
        "(SELECT 1 FROM removed_articles r WHERE r.article_id = articles.id)"
    )

    def article(self, article_id: int) -> dict[str, Any] | None:
        return self.one(
            f"SELECT {self._META} FROM articles WHERE id = ? AND {self._LISTED}", [article_id]
        )

    def article_meta(self, article_id: int) -> dict[str, Any] | None:
        """An article's metadata whether or not it is in the library (undo names it)."""
        return self.one(f"SELECT {self._META} FROM articles WHERE id = ?", [article_id])

    def removed_article(self, article_id: int) -> dict[str, Any] | None:
        """The removal of an article from the library, if it was removed."""
        return self.one("SELECT * FROM removed_articles WHERE article_id = ?", [article_id])

    def removed_by_hash(self, content_hash: str) -> dict[str, Any] | None:
        return self.one(
            "SELECT r.* FROM removed_articles r JOIN articles a ON a.id = r.article_id "
            "WHERE a.content_hash = ?",
            [content_hash],
        )

    def article_text(self, article_id: int) -> str:
        row = self.conn.execute("SELECT text FROM articles WHERE id = ?", [article_id]).fetchone()
        return str(row[0]) if row else ""

    def article_by_hash(
        self, prefix: str, *, include_importing: bool = False
    ) -> list[dict[str, Any]]:
        """Articles whose content hash starts with `prefix`; one still being imported is
        found only with `include_importing`."""
        if include_importing:
            return self.all(
                f"SELECT {self._META}, importing FROM articles WHERE content_hash LIKE ? "
                "ORDER BY id",
                [prefix + "%"],
            )
        return self.all(
            f"SELECT {self._META} FROM articles WHERE content_hash LIKE ? AND {self._LISTED} "
            "ORDER BY id",
            [prefix + "%"],
        )

    def article_summaries(self) -> list[dict[str, Any]]:
        return self.all(
            f"""
            SELECT a.id, a.title, a.date, a.url, a.filename,
                   count(s.id) AS sentences,
                   count(DISTINCT t.sentence_id) AS tagged,
                   count(DISTINCT e.sentence_id) AS with_evidence,
                   count(DISTINCT v.sentence_id) AS with_verdict,
                   count(DISTINCT m.sentence_id) AS marked,
                   {self._DONE} AS done
            FROM articles a
            LEFT JOIN sentences s ON s.article_id = a.id
            LEFT JOIN (SELECT DISTINCT sentence_id FROM tags) t ON t.sentence_id = s.id
            LEFT JOIN (SELECT DISTINCT sentence_id FROM evidence) e ON e.sentence_id = s.id
            LEFT JOIN (SELECT DISTINCT sentence_id FROM verdicts) v ON v.sentence_id = s.id
            LEFT JOIN marks m ON m.sentence_id = s.id
            WHERE a.importing = 0
              AND NOT EXISTS (SELECT 1 FROM removed_articles r WHERE r.article_id = a.id)
            GROUP BY a.id ORDER BY a.id
            """
        )

    # A finished sentence: tagged and rated, or marked "reviewed, nothing to check". The one
    # definition the library, the review header and the exports count by.
    _DONE = (
        "coalesce(sum((t.sentence_id IS NOT NULL AND v.sentence_id IS NOT NULL) "
        "OR m.sentence_id IS NOT NULL), 0)"
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
        marked = {
            row[0]
            for row in self.conn.execute(
                f"SELECT m.sentence_id FROM marks m JOIN sentences s ON s.id = m.sentence_id "
                f"WHERE {within}",
                window,
            )
        }
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
                sid in marked,
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

    def last_action_id(self) -> int:
        return int(self.conn.execute("SELECT coalesce(max(id), 0) FROM actions").fetchone()[0])

    def actions_after(self, action_id: int, article_id: int) -> list[tuple[Any, ...]]:
        """(id, article_id, sentence_id, changes) of the actions logged after `action_id` on
        the article or on none (a source edit, say), in order."""
        return self.conn.execute(
            "SELECT id, article_id, sentence_id, changes FROM actions "
            "WHERE id > ? AND (article_id = ? OR article_id IS NULL) ORDER BY id",
            [action_id, article_id],
        ).fetchall()

    def progress(self, article_id: int) -> dict[str, int]:
        row = self.one(
            f"""
            SELECT count(*) AS total,
                   count(t.sentence_id) AS tagged,
                   count(e.sentence_id) AS evidence,
                   sum(t.sentence_id IS NOT NULL AND v.sentence_id IS NOT NULL) AS verdict,
                   count(m.sentence_id) AS marked,
                   {self._DONE} AS done
            FROM sentences s
            LEFT JOIN (SELECT DISTINCT sentence_id FROM tags) t ON t.sentence_id = s.id
            LEFT JOIN (SELECT DISTINCT sentence_id FROM evidence) e ON e.sentence_id = s.id
            LEFT JOIN (SELECT DISTINCT sentence_id FROM verdicts) v ON v.sentence_id = s.id
            LEFT JOIN marks m ON m.sentence_id = s.id
            WHERE s.article_id = ?
            """,
            [article_id],
        )
        assert row is not None
        return {key: int(value or 0) for key, value in row.items()}

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

    def mark_row(self, sentence_id: int) -> dict[str, Any] | None:
        return self.one("SELECT * FROM marks WHERE sentence_id = ?", [sentence_id])

    def marks_for_article(self, article_id: int) -> dict[int, dict[str, Any]]:
        rows = self.all(
            "SELECT m.* FROM marks m JOIN sentences s ON s.id = m.sentence_id "
            "WHERE s.article_id = ?",
            [article_id],
        )
        return {row["sentence_id"]: row for row in rows}

    def place(self, article_id: int, reviewer: str) -> dict[str, Any] | None:
        """Where `reviewer` left the article: the sentence and the order `n` follows."""
        return self.one(
            "SELECT sentence_id, by_worth FROM places WHERE article_id = ? AND reviewer = ?",
            [article_id, reviewer],
        )

    def evidence_of(self, sentence_id: int) -> list[dict[str, Any]]:
        return self.all("SELECT * FROM evidence WHERE sentence_id = ? ORDER BY id", [sentence_id])

    def citations(self, source_id: int) -> int:
        row = self.one("SELECT count(*) AS n FROM evidence WHERE source_id = ?", [source_id])
        return int(row["n"]) if row else 0

    def evidence_row(self, evidence_id: int) -> dict[str, Any] | None:
        return self.one("SELECT * FROM evidence WHERE id = ?", [evidence_id])

    def verdicts_of(self, sentence_id: int) -> list[dict[str, Any]]:
        return self.all(
            f"SELECT {self._VERDICT} FROM verdicts WHERE sentence_id = ? ORDER BY id",
            [sentence_id],
        )

    def source(self, source_id: int) -> dict[str, Any] | None:
        return self.one(f"SELECT {self._SOURCE} FROM sources WHERE id = ?", [source_id])

    def sources(self) -> list[dict[str, Any]]:
        return self.all(f"SELECT {self._SOURCE} FROM sources ORDER BY id")

    def sources_by_url(self, url: str) -> list[dict[str, Any]]:
        return self.all(f"SELECT {self._SOURCE} FROM sources WHERE url = ? ORDER BY id", [url])

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
            "SELECT id, kind, target, undoable, article_id FROM actions WHERE reviewer = ? "
            "ORDER BY id",
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
        columns = ", ".join(f"v.{c.strip()}" for c in self._VERDICT.split(","))
        return self.all(
            f"SELECT {columns} FROM verdicts v JOIN sentences s ON s.id = v.sentence_id "
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


def _tag_order(tag: str) -> int:
    return TAGS.index(tag)

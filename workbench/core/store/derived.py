"""Derived data in the store: search indexes, suggestions, scores and check results. All of it
can be rebuilt from the record, so none of it is in the action log; each write here runs
inside a transaction someone else opened."""

from __future__ import annotations

from typing import Any

from .reads import Reads


class Derived(Reads):
    """Reads and writes of derived data, for the Store."""

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

    def set_place(
        self, article_id: int, reviewer: str, sentence_id: int | None, by_worth: bool
    ) -> None:
        """Remember where `reviewer` left the article (call inside a transaction)."""
        self.conn.execute(
            "INSERT INTO places (article_id, reviewer, sentence_id, by_worth) "
            "VALUES (?, ?, ?, ?) ON CONFLICT (article_id, reviewer) DO UPDATE SET "
            "sentence_id = excluded.sentence_id, by_worth = excluded.by_worth",
            [article_id, reviewer, sentence_id, int(by_worth)],
        )

    def unindexed_sources(self) -> list[int]:
        """Sources with a snapshot but no passages: stored before the index existed."""
        return [
            row[0]
            for row in self.conn.execute(
                "SELECT id FROM sources s WHERE snapshot IS NOT NULL AND NOT EXISTS "
                "(SELECT 1 FROM passages p WHERE p.source_id = s.id) ORDER BY id"
            )
        ]

    def frequencies(self, index: str, terms: list[str]) -> dict[str, int]:
        """Document frequency of each term in an index ("passages" or "checked")."""
        vocab = {"passages": "passages_vocab", "checked": "checked_vocab"}[index]
        found = {}
        for term in terms:
            row = self.conn.execute(f"SELECT doc FROM {vocab} WHERE term = ?", [term]).fetchone()
            found[term] = row[0] if row else 0
        return found

    def index_size(self, index: str) -> int:
        """How many texts an index ("passages" or "checked") holds."""
        table = {"passages": "passages", "checked": "checked_fts"}[index]
        return int(self.conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])

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

    def articles_suggested_before(self, rules: int) -> list[int]:
        """Articles whose suggestions were made by rules older than `rules`, or never."""
        return [
            row[0]
            for row in self.conn.execute(
                "SELECT a.id FROM articles a LEFT JOIN suggested_articles g "
                "ON g.article_id = a.id WHERE a.importing = 0 AND (g.rules IS NULL OR g.rules < ?) "
                "ORDER BY a.id",
                [rules],
            )
        ]

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

    def sentences_checked_before(self, prefix: str) -> list[int]:
        """Sentences with check results whose basis does not start with `prefix` (the version
        of the checks that made them): made by older checks, to be made again."""
        return [
            row[0]
            for row in self.conn.execute(
                "SELECT DISTINCT e.sentence_id FROM evidence_checks c "
                "JOIN evidence e ON e.id = c.evidence_id "
                "WHERE substr(c.basis, 1, length(?)) != ? ORDER BY e.sentence_id",
                [prefix, prefix],
            )
        ]

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
            f"SELECT {self._VERDICT} FROM verdicts WHERE sentence_id = ? ORDER BY id DESC LIMIT 1",
            [sentence_id],
        )

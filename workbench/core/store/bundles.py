"""The reads (and the one archive write) of review bundles: an article's whole record as a
bundle carries it, the rows a merge compares a bundle with, and the bundles and verdict
conflicts this database holds."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .db import Store
    from .reads import Reads

_SENTENCE = 'id, start, "end", paragraph, kind, text'
_ARCHIVE = (
    "id, url, final_url, status, media_type, headers, fetched_at, fetched_by, sha256, size, "
    "body, article_id, source_id"
)


def article_row(store: Reads, article_id: int) -> dict[str, Any] | None:
    """The article with its text, listed or not (a bundle of a removed article is refused
    by the facade, which knows why)."""
    return store.one(
        "SELECT id, content_hash, title, date, byline, url, format, encoding, filename, "
        "imported_at, imported_by, text FROM articles WHERE id = ? AND importing = 0",
        [article_id],
    )


def sentences(store: Reads, article_id: int) -> list[dict[str, Any]]:
    return store.all(
        f"SELECT {_SENTENCE} FROM sentences WHERE article_id = ? ORDER BY start", [article_id]
    )


def _by_sentence(store: Reads, sql: str, article_id: int) -> dict[int, list[dict[str, Any]]]:
    found: dict[int, list[dict[str, Any]]] = {}
    for row in store.all(sql, [article_id]):
        found.setdefault(row["sentence_id"], []).append(row)
    return found


_OF_ARTICLE = "JOIN sentences s ON s.id = x.sentence_id WHERE s.article_id = ?"


def tags(store: Reads, article_id: int) -> dict[int, list[dict[str, Any]]]:
    return _by_sentence(store, f"SELECT x.* FROM tags x {_OF_ARTICLE} ORDER BY x.id", article_id)


def marks(store: Reads, article_id: int) -> dict[int, list[dict[str, Any]]]:
    return _by_sentence(store, f"SELECT x.* FROM marks x {_OF_ARTICLE} ORDER BY x.id", article_id)


def evidence(store: Reads, article_id: int) -> dict[int, list[dict[str, Any]]]:
    return _by_sentence(
        store, f"SELECT x.* FROM evidence x {_OF_ARTICLE} ORDER BY x.id", article_id
    )


def verdicts(store: Reads, article_id: int) -> dict[int, list[dict[str, Any]]]:
    return _by_sentence(
        store, f"SELECT x.* FROM verdicts x {_OF_ARTICLE} ORDER BY x.id", article_id
    )


def approvals(store: Reads, article_id: int) -> dict[int, list[dict[str, Any]]]:
    """Decisions by the verdict they were made on, oldest first."""
    found: dict[int, list[dict[str, Any]]] = {}
    for row in store.all(f"SELECT x.* FROM approvals x {_OF_ARTICLE} ORDER BY x.id", [article_id]):
        found.setdefault(row["verdict_id"], []).append(row)
    return found


def comments(store: Reads, article_id: int) -> dict[int, list[dict[str, Any]]]:
    return _by_sentence(
        store, f"SELECT x.* FROM comments x {_OF_ARTICLE} ORDER BY x.id", article_id
    )


def stages(store: Reads, article_id: int) -> dict[int, dict[str, Any]]:
    """Each sentence's stage row (the verdict it was set on, who, when) by sentence id."""
    return {
        row["sentence_id"]: row
        for row in store.all(f"SELECT x.* FROM sentence_status x {_OF_ARTICLE}", [article_id])
    }


def status(store: Reads, article_id: int) -> dict[str, Any] | None:
    return store.one("SELECT * FROM article_status WHERE article_id = ?", [article_id])


def sources(store: Reads, ids: list[int]) -> list[dict[str, Any]]:
    if not ids:
        return []
    marks_ = ", ".join("?" for _ in ids)
    return store.all(f"SELECT * FROM sources WHERE id IN ({marks_}) ORDER BY id", ids)


def fetches(
    store: Reads, *, article_id: int | None = None, source_ids: list[int] | None = None
) -> list[dict[str, Any]]:
    """Archived fetches (bodies as stored, compressed) of an article or of sources."""
    if article_id is not None:
        return store.all(
            f"SELECT {_ARCHIVE} FROM fetches WHERE article_id = ? ORDER BY id", [article_id]
        )
    if not source_ids:
        return []
    marks_ = ", ".join("?" for _ in source_ids)
    return store.all(
        f"SELECT {_ARCHIVE} FROM fetches WHERE source_id IN ({marks_}) ORDER BY id", source_ids
    )


def history(store: Reads, article_id: int) -> list[dict[str, Any]]:
    """The article's action log, oldest first, without the row changes (ids of this
    database, which mean nothing elsewhere)."""
    return store.all(
        "SELECT a.at, a.reviewer, a.kind, a.verb, a.summary, "
        "(SELECT count(*) FROM sentences s WHERE s.article_id = a.article_id "
        " AND s.start <= (SELECT t.start FROM sentences t WHERE t.id = a.sentence_id)) "
        "AS number FROM actions a WHERE a.article_id = ? ORDER BY a.id",
        [article_id],
    )


def scales(store: Reads, names: list[str]) -> list[dict[str, Any]]:
    if not names:
        return []
    marks_ = ", ".join("?" for _ in names)
    return store.all(
        f"SELECT name, description, labels, builtin FROM scales WHERE name IN ({marks_}) "
        "ORDER BY name",
        names,
    )


# ------------------------------------------------------------------ merging
def decisions_on(store: Reads, verdict_id: int) -> list[dict[str, Any]]:
    return store.all("SELECT * FROM approvals WHERE verdict_id = ? ORDER BY id", [verdict_id])


def stage_of(store: Reads, sentence_id: int) -> dict[str, Any] | None:
    return store.one("SELECT * FROM sentence_status WHERE sentence_id = ?", [sentence_id])


def current_verdict_id(store: Reads, sentence_id: int) -> int | None:
    row = store.one("SELECT max(id) AS id FROM verdicts WHERE sentence_id = ?", [sentence_id])
    return row["id"] if row else None


def comments_on(store: Reads, sentence_id: int) -> list[dict[str, Any]]:
    return store.all("SELECT * FROM comments WHERE sentence_id = ? ORDER BY id", [sentence_id])


def revised_from(store: Reads, content_hash: str) -> dict[str, Any] | None:
    """An article whose earlier revision had this text (and has another one now)."""
    return store.one(
        "SELECT a.id, a.title, r.number FROM revisions r JOIN articles a ON a.id = r.article_id "
        "WHERE r.content_hash = ? AND a.content_hash != ? ORDER BY r.id DESC LIMIT 1",
        [content_hash, content_hash],
    )


def sources_like(store: Reads, url: str | None, snapshot_hash: str | None) -> list[dict[str, Any]]:
    """Stored sources that may be the same as a bundle's: same URL, or no URL and the same
    snapshot."""
    if url:
        return store.all("SELECT * FROM sources WHERE url = ? ORDER BY id", [url])
    if snapshot_hash:
        return store.all(
            "SELECT * FROM sources WHERE url IS NULL AND snapshot_hash = ? ORDER BY id",
            [snapshot_hash],
        )
    return store.all("SELECT * FROM sources WHERE url IS NULL AND snapshot IS NULL ORDER BY id")


def fresh_article_id(store: Reads) -> int:
    """An article id no row names: not an article's, nor one the action log, the archive or
    the bundles remember (a bundle import undone takes its article away, and the id must not
    come back naming another)."""
    row = store.one(
        "SELECT max(coalesce((SELECT max(id) FROM articles), 0), "
        "coalesce((SELECT max(article_id) FROM actions), 0), "
        "coalesce((SELECT max(article_id) FROM fetches), 0)) AS top"
    )
    return int(row["top"] if row else 0) + 1


def archived(store: Reads, sha256: str, url: str, fetched_at: str) -> bool:
    return (
        store.one(
            "SELECT 1 AS found FROM fetches WHERE sha256 = ? AND url = ? AND fetched_at = ?",
            [sha256, url, fetched_at],
        )
        is not None
    )


def archive(store: Store, row: dict[str, Any]) -> None:
    """An archived fetch a bundle carried, inside the merge's transaction. Like every
    archive row it outlives an undo (what was fetched stays fetched)."""
    names = ", ".join(row)
    marks_ = ", ".join("?" for _ in row)
    store.conn.execute(f"INSERT INTO fetches ({names}) VALUES ({marks_})", list(row.values()))


# --------------------------------------------------------------- conflicts
def conflicts(
    store: Reads, article_id: int | None, sentence_id: int | None = None
) -> list[dict[str, Any]]:
    """Verdict conflicts with both verdicts and the sentence, oldest first; `settled` when
    the sentence was rated again since (or a verdict of the two was withdrawn)."""
    where, params = "", []
    if sentence_id is not None:
        where, params = "WHERE c.sentence_id = ?", [sentence_id]
    elif article_id is not None:
        where, params = "WHERE s.article_id = ?", [article_id]
    return store.all(
        "SELECT c.id, c.bundle_id, c.sentence_id, s.article_id, a.title, s.text, "
        "(SELECT count(*) FROM sentences t WHERE t.article_id = s.article_id "
        " AND t.start <= s.start) AS number, "
        "h.label AS here_label, h.reviewer AS here_reviewer, h.created_at AS here_at, "
        "h.rationale AS here_rationale, "
        "i.label AS imported_label, i.reviewer AS imported_reviewer, "
        "i.created_at AS imported_at, i.rationale AS imported_rationale, "
        "b.exported_by, b.imported_by, b.imported_at AS merged_at, "
        "(SELECT max(v.id) FROM verdicts v WHERE v.sentence_id = c.sentence_id) AS current_id, "
        "c.here_verdict_id, c.imported_verdict_id, "
        "(h.id IS NULL OR i.id IS NULL OR (SELECT max(v.id) FROM verdicts v "
        " WHERE v.sentence_id = c.sentence_id) > max(c.here_verdict_id, c.imported_verdict_id))"
        " AS settled "
        "FROM verdict_conflicts c JOIN sentences s ON s.id = c.sentence_id "
        "JOIN articles a ON a.id = s.article_id JOIN bundles b ON b.id = c.bundle_id "
        "LEFT JOIN verdicts h ON h.id = c.here_verdict_id "
        "LEFT JOIN verdicts i ON i.id = c.imported_verdict_id "
        f"{where} ORDER BY s.article_id, s.start, c.id",
        params,
    )


def bundles_of(store: Reads, article_id: int) -> list[dict[str, Any]]:
    """The bundles merged into an article, oldest first."""
    return store.all(
        "SELECT id, article_id, digest, exported_by, reviewers, added, history, imported_by, "
        "imported_at FROM bundles WHERE article_id = ? ORDER BY id",
        [article_id],
    )


def article_by_hash(store: Reads, content_hash: str) -> dict[str, Any] | None:
    """The article holding this text, listed, removed or half-imported."""
    return store.one(
        "SELECT a.id, a.title, a.importing, "
        "(SELECT r.id FROM removed_articles r WHERE r.article_id = a.id) AS removal "
        "FROM articles a WHERE a.content_hash = ?",
        [content_hash],
    )

"""The desk's reads: reviewers and roles, decisions on verdicts, comments, article status."""

from __future__ import annotations

from typing import Any

from .reads import Reads


def reviewer(store: Reads, name: str) -> dict[str, Any] | None:
    return store.one("SELECT * FROM reviewers WHERE name = ?", [name])


def reviewers(store: Reads) -> list[dict[str, Any]]:
    return store.all("SELECT * FROM reviewers ORDER BY name COLLATE NOCASE, id")


def editors(store: Reads) -> int:
    row = store.one("SELECT count(*) AS n FROM reviewers WHERE role = 'editor'")
    return int(row["n"]) if row else 0


def decision(store: Reads, verdict_id: int) -> dict[str, Any] | None:
    """The last decision on one verdict row."""
    return store.one(
        "SELECT * FROM approvals WHERE verdict_id = ? ORDER BY id DESC LIMIT 1", [verdict_id]
    )


def decisions_for_article(store: Reads, article_id: int) -> dict[int, dict[str, Any]]:
    """The last decision on each verdict of an article's sentences, by verdict id."""
    rows = store.all(
        "SELECT a.* FROM approvals a JOIN sentences s ON s.id = a.sentence_id "
        "WHERE s.article_id = ? ORDER BY a.id",
        [article_id],
    )
    return {row["verdict_id"]: row for row in rows}


def decisions_of(store: Reads, sentence_id: int) -> list[dict[str, Any]]:
    """Every decision on a sentence's verdicts, oldest first."""
    return store.all("SELECT * FROM approvals WHERE sentence_id = ? ORDER BY id", [sentence_id])


def comments(store: Reads, sentence_id: int) -> list[dict[str, Any]]:
    return store.all("SELECT * FROM comments WHERE sentence_id = ? ORDER BY id", [sentence_id])


def comments_for_article(store: Reads, article_id: int) -> dict[int, list[dict[str, Any]]]:
    rows = store.all(
        "SELECT c.* FROM comments c JOIN sentences s ON s.id = c.sentence_id "
        "WHERE s.article_id = ? ORDER BY c.id",
        [article_id],
    )
    found: dict[int, list[dict[str, Any]]] = {}
    for row in rows:
        found.setdefault(row["sentence_id"], []).append(row)
    return found


def status(store: Reads, article_id: int) -> dict[str, Any] | None:
    return store.one("SELECT * FROM article_status WHERE article_id = ?", [article_id])


def statuses(store: Reads) -> dict[int, dict[str, Any]]:
    return {row["article_id"]: row for row in store.all("SELECT * FROM article_status")}


# --------------------------------------------------------- reviewer tokens
def live_tokens(store: Reads, reviewer: str) -> list[dict[str, Any]]:
    return store.all(
        "SELECT * FROM reviewer_tokens WHERE reviewer = ? AND revoked_at IS NULL ORDER BY id",
        [reviewer],
    )


def token_holder(store: Reads, token_hash: str) -> dict[str, Any] | None:
    """The listed reviewer a live token belongs to (None: no such token, revoked, or its
    reviewer is no longer listed)."""
    return store.one(
        "SELECT r.* FROM reviewer_tokens t JOIN reviewers r ON r.name = t.reviewer "
        "WHERE t.token_hash = ? AND t.revoked_at IS NULL",
        [token_hash],
    )


def tokens(store: Reads) -> list[dict[str, Any]]:
    """Every token ever made, newest first, without its hash."""
    return store.all(
        "SELECT id, reviewer, created_by, created_at, revoked_by, revoked_at "
        "FROM reviewer_tokens ORDER BY id DESC"
    )


def sentence_status_row(store: Reads, sentence_id: int) -> dict[str, Any] | None:
    return store.one("SELECT * FROM sentence_status WHERE sentence_id = ?", [sentence_id])


def sentence_stages(
    store: Reads, article_id: int, sentence_id: int | None = None
) -> list[dict[str, Any]]:
    """Each rated sentence of an article (or the one given) with its current verdict, the
    stage stored for it and the verdict that stage was set on, and the editor's last
    decision on the current verdict."""
    one = "AND s.id = ?" if sentence_id is not None else ""
    return store.all(
        "SELECT v.sentence_id, v.id AS verdict_id, st.status, st.verdict_id AS status_verdict, "
        "st.set_by, st.set_at, (SELECT decision FROM approvals p WHERE p.verdict_id = v.id "
        "ORDER BY p.id DESC LIMIT 1) AS decision "
        # Verdicts first (CROSS JOIN keeps that order): a desk has far fewer verdicts than
        # a long article has sentences, and this is read after every key in the review.
        "FROM verdicts v CROSS JOIN sentences s ON s.id = v.sentence_id "
        "LEFT JOIN sentence_status st ON st.sentence_id = v.sentence_id "
        f"WHERE s.article_id = ? {one} AND v.id = "
        "(SELECT max(id) FROM verdicts WHERE sentence_id = v.sentence_id)",
        [article_id] if sentence_id is None else [article_id, sentence_id],
    )

"""Blind double review's reads: rounds, who is in them, each reviewer's own tags, and how
disagreements were settled."""

from __future__ import annotations

from typing import Any

from .reads import Reads


def open_round(store: Reads, article_id: int) -> dict[str, Any] | None:
    """The article's round that has not stopped yet, if any (there is at most one)."""
    return store.one(
        "SELECT * FROM blind_rounds WHERE article_id = ? AND stopped_at IS NULL", [article_id]
    )


def latest_round(store: Reads, article_id: int) -> dict[str, Any] | None:
    """The article's open round, or else the one that stopped last."""
    return store.one(
        "SELECT * FROM blind_rounds WHERE article_id = ? "
        "ORDER BY stopped_at IS NULL DESC, id DESC LIMIT 1",
        [article_id],
    )


def round_by_id(store: Reads, round_id: int) -> dict[str, Any] | None:
    return store.one("SELECT * FROM blind_rounds WHERE id = ?", [round_id])


def rounds(store: Reads, article_id: int) -> list[dict[str, Any]]:
    return store.all("SELECT * FROM blind_rounds WHERE article_id = ? ORDER BY id", [article_id])


def members(store: Reads, round_id: int) -> list[str]:
    """The round's reviewers, in the order they were named."""
    rows = store.all(
        "SELECT reviewer FROM blind_reviewers WHERE round_id = ? ORDER BY id", [round_id]
    )
    return [row["reviewer"] for row in rows]


def layer_row(
    store: Reads, round_id: int, sentence_id: int, reviewer: str, tag: str
) -> dict[str, Any] | None:
    return store.one(
        "SELECT * FROM blind_tags WHERE round_id = ? AND sentence_id = ? AND reviewer = ? "
        "AND tag = ?",
        [round_id, sentence_id, reviewer, tag],
    )


def layer_of(store: Reads, round_id: int, sentence_id: int, reviewer: str) -> list[dict[str, Any]]:
    """One reviewer's tags on one sentence in a round."""
    return store.all(
        "SELECT * FROM blind_tags WHERE round_id = ? AND sentence_id = ? AND reviewer = ? "
        "ORDER BY id",
        [round_id, sentence_id, reviewer],
    )


def layer(store: Reads, round_id: int, reviewer: str | None = None) -> list[dict[str, Any]]:
    """Every tag of a round (or of one reviewer in it), oldest first."""
    if reviewer is None:
        return store.all("SELECT * FROM blind_tags WHERE round_id = ? ORDER BY id", [round_id])
    return store.all(
        "SELECT * FROM blind_tags WHERE round_id = ? AND reviewer = ? ORDER BY id",
        [round_id, reviewer],
    )


def decisions(store: Reads, round_id: int) -> dict[int, dict[str, Any]]:
    """The last decision on each sentence of a round, by sentence id."""
    rows = store.all("SELECT * FROM blind_decisions WHERE round_id = ? ORDER BY id", [round_id])
    return {row["sentence_id"]: row for row in rows}

"""Sources of evidence: checked and cleaned when described, found rather than duplicated, and
searched by fuzzy similarity."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from . import search
from .errors import NotFoundError, ValidationError
from .models import NewSource, Source, SourceChange
from .store import ActionDraft, Store
from .validate import check_date, check_text, check_url, clean

SEARCH_TEXT = 2000  # characters of a snapshot that source search compares with
SEARCH_CUTOFF = 50  # rapidfuzz WRatio below which a source is not offered


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class Sources:
    """The store's sources, for the Workbench."""

    def __init__(self, store: Store, reviewer: str, clock: Callable[[], str]) -> None:
        self.store = store
        self.reviewer = reviewer
        self.clock = clock

    def values(self, new: NewSource) -> dict[str, Any]:
        """A described source checked and cleaned, before any transaction starts."""
        url = check_url(new.url) if new.url else None
        title = clean(new.title, "title")
        if not (url or title):
            raise ValidationError("a source needs a URL or a title")
        snapshot = new.snapshot if new.snapshot and new.snapshot.strip() else None
        if snapshot is not None:
            check_text(snapshot, "snapshot")
        return {
            "url": url,
            "title": title,
            "publisher": clean(new.publisher, "publisher"),
            "published": check_date(new.published, "publication date") if new.published else None,
            "accessed_at": (
                check_date(new.accessed_at, "accessed date") if new.accessed_at else self.clock()
            ),
            "snapshot": snapshot,
            "snapshot_hash": content_hash(snapshot) if snapshot else None,
            "created_by": self.reviewer,
            "created_at": self.clock(),
        }

    def changed(self, row: dict[str, Any], change: SourceChange) -> dict[str, Any]:
        """The columns of stored source `row` that `change` alters, checked and cleaned."""
        values: dict[str, Any] = {}
        if change.url is not None:
            values["url"] = check_url(change.url) if change.url.strip() else None
        if change.title is not None:
            values["title"] = clean(change.title, "title")
        if change.publisher is not None:
            values["publisher"] = clean(change.publisher, "publisher")
        if change.published is not None:
            values["published"] = (
                check_date(change.published, "publication date") if change.published else None
            )
        if change.accessed_at is not None:
            values["accessed_at"] = (
                check_date(change.accessed_at, "accessed date") if change.accessed_at else None
            )
        if change.snapshot is not None:
            snapshot = change.snapshot if change.snapshot.strip() else None
            if snapshot is not None:
                check_text(snapshot, "snapshot")
            values["snapshot"] = snapshot
            values["snapshot_hash"] = content_hash(snapshot) if snapshot else None
        merged = {**row, **values}
        if not (merged["url"] or merged["title"]):
            raise ValidationError("a source needs a URL or a title")
        return {key: value for key, value in values.items() if row[key] != value}

    def find_or_insert(self, draft: ActionDraft, values: dict[str, Any]) -> tuple[int, bool]:
        """The stored source with the same URL and snapshot, or a new one (under the action's
        lock, so two reviewers adding the same source make one)."""
        if values["url"]:
            for existing in self.store.sources_by_url(values["url"]):
                if existing["snapshot_hash"] == values["snapshot_hash"]:
                    return int(existing["id"]), False
        return draft.changes.insert("sources", values), True

    def get(self, source_id: int) -> Source:
        row = self.store.source(int(source_id))
        if row is None:
            raise NotFoundError(f"no source {source_id}; `workbench source list` lists them")
        return Source(**row)

    def all(self) -> list[Source]:
        return [Source(**row) for row in self.store.sources()]

    def search(self, query: str, limit: int) -> list[tuple[Source, float]]:
        """Sources ranked by fuzzy similarity of the query to title, publisher, URL and the
        start of the snapshot; the newest first for an empty query."""
        sources = {source.id: source for source in self.all()}
        found = rank(query, {key: haystack(source) for key, source in sources.items()}, limit)
        return [(sources[key], score) for key, score in found]


def haystack(source: Source) -> str:
    """What source search compares a query with."""
    parts = (source.title, source.publisher, source.url, (source.snapshot or "")[:SEARCH_TEXT])
    return " ".join(part for part in parts if part)


def rank(query: str, haystacks: dict[int, str], limit: int) -> list[tuple[int, float]]:
    """Keys of the haystacks best matching the query, with scores 0–100, best first; the last
    keys (the newest sources) for an empty query. Plain strings in, keys out: safe to run in a
    worker thread."""
    if not query.strip():
        return [(key, 0.0) for key in list(haystacks)[-limit:][::-1]]
    return search.rank(query, haystacks.items(), limit, SEARCH_CUTOFF)

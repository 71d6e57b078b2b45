"""Sources of evidence: checked and cleaned when described, found rather than duplicated, and
searched by fuzzy similarity."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from typing import Any

from . import search
from .errors import NotFoundError, ValidationError
from .models import Match, NewSource, Source, SourceChange
from .store import ActionDraft, Store
from .validate import check_date, check_text, check_url, clean

SEARCH_TEXT = 2000  # characters of a snapshot that source search compares with
SEARCH_CUTOFF = 40  # a source matching the query less than this is not offered


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

    def search(self, query: str, limit: int) -> list[tuple[Source, Match]]:
        """Sources ranked by how well the query's words match their title, publisher, URL and
        the start of the snapshot; the newest first for an empty query."""
        sources = {source.id: source for source in self.all()}
        found = rank(query, {key: haystack(source) for key, source in sources.items()}, limit)
        return [(sources[key], match) for key, match in found]


FIELDS = ("title", "publisher", "URL", "snapshot")
FIELD_WEIGHTS = (1.0, 1.0, 0.8, 0.6)  # a word in the title says more than one in the snapshot
_SEPARATOR = "\x1f"
_WORD = re.compile(r"[^\W_]+")


def haystack(source: Source) -> str:
    """What source search compares a query with: the fields, in FIELDS order, as one string
    (plain text in, so the search can run in a worker thread)."""
    parts = (source.title, source.publisher, source.url, (source.snapshot or "")[:SEARCH_TEXT])
    return _SEPARATOR.join((part or "").replace(_SEPARATOR, " ") for part in parts)


def rank(query: str, haystacks: dict[int, str], limit: int) -> list[tuple[int, Match]]:
    """Keys of the haystacks best matching the query, best first; the last keys (the newest
    sources) for an empty query.

    Each word of the query is looked for in each field: as a word (1), the start of one
    ("minis", 0.9) or a near spelling (rapidfuzz ratio of 80 or more, 0.8 of it); the best
    find counts, weighted by its field (title and publisher 1, URL 0.8, snapshot 0.6). The
    score is the mean over the query's words, so a source that has only some of them, or has
    them only deep in its snapshot, ranks below one that names them in its title."""
    if not query.strip():
        return [(key, Match(0.0)) for key in list(haystacks)[-limit:][::-1]]
    words = [w.casefold() for w in _WORD.findall(query)]
    content = [w for w in words if w not in search.STOPWORDS] or words
    found = []
    for key, text in haystacks.items():
        match = _match(content, text.split(_SEPARATOR))
        if match.score >= SEARCH_CUTOFF:
            found.append((key, match))
    found.sort(key=lambda item: -item[1].score)
    return found[:limit]


def _match(words: list[str], fields: list[str]) -> Match:
    from rapidfuzz import fuzz, process

    field_words = [{w.casefold() for w in _WORD.findall(field)} for field in fields]
    total = 0.0
    shared = []
    for word in words:
        best, where = 0.0, ""
        for name, weight, present in zip(FIELDS, FIELD_WEIGHTS, field_words, strict=False):
            if word in present:
                found = 1.0
            elif len(word) >= 3 and any(w.startswith(word) for w in present):
                found = 0.9
            else:
                near = process.extractOne(word, present, scorer=fuzz.ratio, score_cutoff=80)
                found = 0.8 * near[1] / 100 if near else 0.0
            if found * weight > best:
                best, where = found * weight, name
        total += best
        if best:
            shared.append(f"{where}: {word}")
    return Match(round(100 * total / len(words), 1), tuple(shared))

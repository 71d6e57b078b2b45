"""The one place that keeps derived data in step with a change: whatever an action (or its
undo or redo) changed, the suggestions, check results and search indexes that rest on it are
made again in the same transaction."""

from __future__ import annotations

from typing import Any

from .assist import EvidenceChecks, Suggestions
from .search import passage_spans
from .store import Store


def keep_in_step(
    store: Store, suggestions: Suggestions, checks: EvidenceChecks, log: list[dict[str, Any]]
) -> None:
    sentences: set[int] = set()
    sources: set[int] = set()
    to_check: set[int] = set()
    paragraphs: set[tuple[int, int]] = set()
    gone: list[int] = []
    for change in log:
        rows = [r for r in (change["before"], change["after"]) if r]
        table = change["table"]
        if table == "sentences":
            if _moved_only(change):  # a sentence that only moved reads as it did
                continue
            sentences.add(change["id"])
            to_check.add(change["id"])  # its text changed: the checks read it
            paragraphs.update((r["article_id"], r["paragraph"]) for r in rows)
            if change["after"] is None:
                gone.append(change["id"])
        elif table == "verdicts":
            sentences.update(r["sentence_id"] for r in rows)
        elif table == "sources":
            sources.add(change["id"])
            to_check.update(store.sentences_citing(change["id"]))
        if table in {"evidence", "tags"}:
            to_check.update(r["sentence_id"] for r in rows)
        if table == "evidence" and change["after"] is None:
            checks.forget(change["id"])  # unlinked: no results left
    store.forget_suggestions(gone)
    # An article the action made (a merged review bundle) is suggested once, whole.
    made = {c["id"] for c in log if c["table"] == "articles" and c["before"] is None}
    for article_id in {article for article, _ in paragraphs}:
        if article_id in made:
            suggestions.remake(article_id)
        else:
            suggestions.remake_paragraphs(article_id, {p for a, p in paragraphs if a == article_id})
    checks.run(to_check)  # not for a verdict: the checks do not read it
    for sentence_id in sentences:
        store.sync_checked(sentence_id)
    for source_id in sources:
        index_source(store, source_id)


def _moved_only(change: dict[str, Any]) -> bool:
    """A sentence row that only moved (its article's text was revised around it: new
    offsets, perhaps a paragraph number shifted by a paragraph added or removed before it):
    its words are as they were, so its suggestions, check results and "checked before" entry
    still hold. A paragraph that gained or lost a sentence is remade for the sentence that
    came, changed or went."""
    before, after = change["before"], change["after"]
    if before is None or after is None:
        return False
    return all(before[k] == after[k] for k in ("article_id", "kind", "text"))


def index_source(store: Store, source_id: int) -> None:
    """A source's passages made again from its snapshot, for evidence search."""
    row = store.source(source_id)
    text = row["snapshot"] if row else None
    store.index_passages(source_id, text, passage_spans(text) if text else [])


def changes_order(log: list[dict[str, Any]]) -> bool:
    """Whether a change moved sentence boundaries (so sentence numbers may have shifted)."""
    return any(change["table"] == "sentences" for change in log)

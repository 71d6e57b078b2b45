"""Articles that change: a re-imported text that differs from the stored one becomes a new
revision of the same article. The two revisions are aligned sentence by sentence; sentences
that did not change (or barely did) keep their ids and so their review, and every sentence
that changed, came or went is flagged "changed since review".

The alignment is near linear: sentences equal in both texts (by hash) that occur once in each
anchor it, in the order the longest increasing run of them gives (as patience diff does);
runs of equal sentences extend the anchors outwards; only the gaps between anchors are
compared fuzzily, with rapidfuzz, and a gap too large to compare all pairs is compared
within a window along its diagonal.
"""

from __future__ import annotations

import hashlib
import json
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz

from .store import ActionDraft, Store

# Similarity (rapidfuzz ratio, 0–100) at or above which a sentence is the same sentence
# barely changed (a typo fixed, a word swapped): it keeps its id and its review.
BARELY = 85.0
# At or above this, and below BARELY, the sentence was rewritten: the new wording replaces
# it, flagged "changed" with the old wording beside it; its review does not carry over.
SIMILAR = 50.0
# A gap of up to this many old × new sentences is compared pair by pair.
FULL_GAP = 10_000
# Otherwise each old sentence is compared with this many new sentences along the diagonal.
WINDOW = 24

SAME, EDITED, CHANGED, ADDED, REMOVED = "same", "edited", "changed", "added", "removed"


@dataclass(frozen=True)
class Pair:
    """One step of an alignment: an old sentence (index) and the new one it became."""

    old: int | None
    new: int | None
    kind: str  # same, edited, changed, added, removed
    score: float = 100.0


def _key(text: str) -> bytes:
    return hashlib.blake2b(" ".join(text.split()).encode(), digest_size=12).digest()


def align(old: Sequence[str], new: Sequence[str]) -> list[Pair]:
    """The old and new sentences paired in order (a monotone alignment)."""
    old_keys = [_key(t) for t in old]
    new_keys = [_key(t) for t in new]
    pairs: list[Pair] = []
    anchors = _anchors(old_keys, new_keys)
    previous = (-1, -1)
    for i, j in [*anchors, (len(old), len(new))]:
        pairs.extend(_gap(old, new, old_keys, new_keys, previous[0] + 1, i, previous[1] + 1, j))
        if i < len(old):
            pairs.append(Pair(i, j, SAME))
        previous = (i, j)
    return pairs


def _anchors(old_keys: list[bytes], new_keys: list[bytes]) -> list[tuple[int, int]]:
    """Pairs of equal sentences that occur once in each text, longest increasing run."""
    counts: dict[bytes, list[int]] = {}
    for i, key in enumerate(old_keys):
        counts.setdefault(key, [0, -1, 0, -1])
        counts[key][0] += 1
        counts[key][1] = i
    for j, key in enumerate(new_keys):
        if key in counts:
            counts[key][2] += 1
            counts[key][3] = j
    candidates = sorted((c[1], c[3]) for c in counts.values() if c[0] == 1 and c[2] == 1)
    # Longest increasing subsequence of the new positions, in O(n log n).
    tails: list[int] = []
    tail_index: list[int] = []
    back = [-1] * len(candidates)
    for index, (_, j) in enumerate(candidates):
        at = bisect_left(tails, j)
        if at == len(tails):
            tails.append(j)
            tail_index.append(index)
        else:
            tails[at] = j
            tail_index[at] = index
        back[index] = tail_index[at - 1] if at else -1
    chain: list[tuple[int, int]] = []
    index = tail_index[-1] if tail_index else -1
    while index >= 0:
        chain.append(candidates[index])
        index = back[index]
    chain.reverse()
    return chain


def _gap(
    old: Sequence[str],
    new: Sequence[str],
    old_keys: list[bytes],
    new_keys: list[bytes],
    i0: int,
    i1: int,
    j0: int,
    j1: int,
) -> list[Pair]:
    """Align old[i0:i1] with new[j0:j1]: equal heads and tails first, then fuzzily."""
    head: list[Pair] = []
    while i0 < i1 and j0 < j1 and old_keys[i0] == new_keys[j0]:
        head.append(Pair(i0, j0, SAME))
        i0, j0 = i0 + 1, j0 + 1
    tail: list[Pair] = []
    while i0 < i1 and j0 < j1 and old_keys[i1 - 1] == new_keys[j1 - 1]:
        tail.append(Pair(i1 - 1, j1 - 1, SAME))
        i1, j1 = i1 - 1, j1 - 1
    tail.reverse()
    if i0 == i1 or j0 == j1:
        middle = [Pair(i, None, REMOVED) for i in range(i0, i1)]
        middle += [Pair(None, j, ADDED) for j in range(j0, j1)]
    elif (i1 - i0) * (j1 - j0) <= FULL_GAP:
        middle = _fuzzy_full(old[i0:i1], new[j0:j1], i0, j0)
    else:
        middle = _fuzzy_window(old, new, i0, i1, j0, j1)
    return head + middle + tail


def _kind(score: float) -> str:
    return EDITED if score >= BARELY else CHANGED


def _fuzzy_full(old: Sequence[str], new: Sequence[str], i0: int, j0: int) -> list[Pair]:
    """Best monotone pairing of a small gap: the most similarity in total, pairs below
    SIMILAR not taken (a dynamic programme over the rapidfuzz score matrix)."""
    ratio = fuzz.ratio
    scores = [[ratio(a, b, score_cutoff=SIMILAR) for b in new] for a in old]
    rows, cols = len(old), len(new)
    best = [[0.0] * (cols + 1) for _ in range(rows + 1)]
    for i in range(rows - 1, -1, -1):
        here, below = best[i], best[i + 1]
        line = scores[i]
        for j in range(cols - 1, -1, -1):
            take = line[j] + below[j + 1] if line[j] >= SIMILAR else 0.0
            here[j] = max(take, below[j], here[j + 1])
    pairs: list[Pair] = []
    i = j = 0
    while i < rows and j < cols:
        score = float(scores[i][j])
        if score >= SIMILAR and best[i][j] == score + best[i + 1][j + 1]:
            pairs.append(Pair(i0 + i, j0 + j, _kind(score), score))
            i, j = i + 1, j + 1
        elif best[i][j] == best[i + 1][j]:
            pairs.append(Pair(i0 + i, None, REMOVED))
            i += 1
        else:
            pairs.append(Pair(None, j0 + j, ADDED))
            j += 1
    pairs += [Pair(i0 + k, None, REMOVED) for k in range(i, rows)]
    pairs += [Pair(None, j0 + k, ADDED) for k in range(j, cols)]
    return pairs


def _fuzzy_window(
    old: Sequence[str], new: Sequence[str], i0: int, i1: int, j0: int, j1: int
) -> list[Pair]:
    """A large gap: each old sentence in turn takes the most similar new one among the next
    WINDOW after the last taken, so the work grows with the gap, not its square."""
    pairs: list[Pair] = []
    j = j0
    for i in range(i0, i1):
        best_score, best_at = 0.0, -1
        for k in range(j, min(j1, j + WINDOW)):
            score = fuzz.ratio(old[i], new[k], score_cutoff=SIMILAR)
            if score > best_score:
                best_score, best_at = score, k
        if best_at < 0:
            pairs.append(Pair(i, None, REMOVED))
            continue
        pairs += [Pair(None, k, ADDED) for k in range(j, best_at)]
        pairs.append(Pair(i, best_at, _kind(best_score), best_score))
        j = best_at + 1
    pairs += [Pair(None, k, ADDED) for k in range(j, j1)]
    return pairs


def naive_align(old: Sequence[str], new: Sequence[str]) -> list[Pair]:
    """The baseline the benchmark compares with: every old sentence against every new one,
    then the same dynamic programme. Quadratic in the article's length."""
    return _fuzzy_full(old, new, 0, 0)


# ------------------------------------------------------------------ applying a revision
def revise(
    store: Store,
    draft: ActionDraft,
    article: dict[str, Any],
    row: dict[str, Any],
    sentences: list[tuple[int, int, int, str, str]],
    *,
    at: str,
    reviewer: str,
    aligned: tuple[list[str], list[Pair]] | None = None,
) -> dict[str, Any]:
    """Make `row` (a new text of stored `article`) the article's current text, inside
    `draft`'s action: sentences are aligned; kept ones move to their new places with their
    review; rewritten, added and removed ones are flagged. Returns the revision row.
    `aligned`: stored sentences (in order) and their alignment with `sentences`, made
    already; used if the stored sentences are still those."""
    article_id = article["id"]
    # Whole rows: a kept sentence's move is recorded from what is read here.
    old_rows = store.all(
        "SELECT * FROM sentences WHERE article_id = ? ORDER BY start",
        [article_id],
    )
    old_texts = [r["text"] for r in old_rows]
    if aligned is not None and aligned[0] == old_texts:
        pairs = aligned[1]
    else:
        pairs = align(old_texts, [s[4] for s in sentences])
    checked = _checked(store, article_id)
    number = _revision_count(store, article_id)
    if number == 0:  # the first text becomes revision 1, so the record holds every text
        draft.changes.insert(
            "revisions",
            {
                "article_id": article_id,
                "number": 1,
                "content_hash": article["content_hash"],
                "text": store.article_text(article_id),
                "made_at": article["imported_at"],
                "made_by": article["imported_by"],
                "summary": "first imported",
                "changes": "[]",
                "after_action": 0,
            },
        )
        number = 1
    after_action = store.conn.execute("SELECT coalesce(max(id), 0) FROM actions").fetchone()[0]
    # Drop old flags: the new revision's flags say what changed since the last review.
    for flag in store.all(
        "SELECT f.id FROM revision_flags f JOIN sentences s ON s.id = f.sentence_id "
        "WHERE s.article_id = ?",
        [article_id],
    ):
        draft.changes.delete("revision_flags", flag["id"])
    # Rows that go: removed, and rewritten ones (their review does not carry over).
    for pair in pairs:
        if pair.old is not None and pair.kind in (REMOVED, CHANGED):
            _drop(store, draft, old_rows[pair.old]["id"])
    # Kept rows move to their new places without two ever sharing a start (see docs below).
    kept = [p for p in pairs if p.kind in (SAME, EDITED)]
    moves = []
    for pair in kept:
        assert pair.old is not None and pair.new is not None
        before, (start, end, paragraph, kind, text) = old_rows[pair.old], sentences[pair.new]
        values = {"start": start, "end": end, "paragraph": paragraph, "kind": kind, "text": text}
        if any(before[k] != v for k, v in values.items()):
            moves.append((before, values))
    # A move right never lands on a row still to move if the rightmost goes first, and a
    # move left never does if the leftmost goes first (the alignment keeps the order).
    right = [m for m in moves if m[1]["start"] > m[0]["start"]]
    left = [m for m in moves if m[1]["start"] <= m[0]["start"]]
    for before, values in [*reversed(right), *left]:
        draft.changes.update("sentences", before["id"], values, before)
    revision_id = draft.changes.insert(
        "revisions",
        {
            "article_id": article_id,
            "number": number + 1,
            "content_hash": row["content_hash"],
            "text": row["text"],
            "made_at": at,
            "made_by": reviewer,
            "summary": "",
            "changes": "[]",
            "after_action": after_action,
        },
    )
    ids: dict[int, int] = {}
    for pair in pairs:
        if pair.new is None:
            continue
        if pair.kind in (SAME, EDITED):
            assert pair.old is not None
            ids[pair.new] = old_rows[pair.old]["id"]
            continue
        start, end, paragraph, kind, text = sentences[pair.new]
        ids[pair.new] = draft.changes.insert(
            "sentences",
            {
                "article_id": article_id,
                "start": start,
                "end": end,
                "paragraph": paragraph,
                "kind": kind,
                "text": text,
            },
        )
    changes: list[dict[str, Any]] = []
    for at_pair, pair in enumerate(pairs):
        if pair.kind == SAME:
            continue
        old = old_rows[pair.old] if pair.old is not None else None
        old_text = old["text"] if old is not None else None
        review = checked.get(old["id"]) if old is not None else None
        # A removed sentence is flagged on the sentence that now stands where it stood.
        target = ids[pair.new] if pair.new is not None else _standing(pairs, at_pair, ids)
        _flag(draft, revision_id, target, pair.kind, old_text, review)
        changes.append(_change(pair.kind, old_text, pair.new, review))
    counts = {k: sum(1 for p in pairs if p.kind == k) for k in (EDITED, CHANGED, ADDED, REMOVED)}
    summary = ", ".join(f"{n} {k}" for k, n in counts.items() if n) or "no sentence changed"
    touched = sum(1 for c in changes if c["review"])
    if touched:
        summary += f"; {touched} checked sentence{'s' if touched != 1 else ''} changed"
    draft.changes.update(
        "revisions",
        revision_id,
        {"summary": summary, "changes": json.dumps(changes, ensure_ascii=False)},
    )
    article_values = {k: row[k] for k in ("content_hash", "text", "format", "encoding")}
    for key in ("title", "date", "byline", "url"):
        if row.get(key):
            article_values[key] = row[key]
    draft.changes.update("articles", article_id, article_values)
    result = draft.changes.row("revisions", revision_id)
    assert result is not None
    return result


def _standing(pairs: list[Pair], at: int, ids: dict[int, int]) -> int:
    """The new sentence after position `at` of the alignment, or the last one before it."""
    for pair in pairs[at + 1 :]:
        if pair.new is not None:
            return ids[pair.new]
    for pair in reversed(pairs[:at]):
        if pair.new is not None:
            return ids[pair.new]
    raise ValueError("a revision has no sentences")


def _change(
    kind: str, old: str | None, new_index: int | None, review: str | None
) -> dict[str, Any]:
    return {
        "kind": kind,
        "old": old,
        "new_number": None if new_index is None else new_index + 1,
        "review": review,
    }


def _flag(
    draft: ActionDraft,
    revision_id: int,
    sentence_id: int,
    kind: str,
    old_text: str | None,
    review: str | None,
) -> None:
    draft.changes.insert(
        "revision_flags",
        {
            "revision_id": revision_id,
            "sentence_id": sentence_id,
            "kind": kind,
            "old_text": old_text,
            "review": review,
        },
    )


def _drop(store: Store, draft: ActionDraft, sentence_id: int) -> None:
    """A sentence and what hangs on it, each row recorded so undo brings it back."""
    for table in ("marks", "verdicts", "evidence", "tags"):
        for found in store.all(f"SELECT id FROM {table} WHERE sentence_id = ?", [sentence_id]):
            draft.changes.delete(table, found["id"])
    draft.changes.delete("sentences", sentence_id)


def _checked(store: Store, article_id: int) -> dict[int, str]:
    """What the review held for each sentence that had any, in words."""
    words: dict[int, list[str]] = {}
    query = (
        "SELECT t.sentence_id, group_concat(t.tag, ', ') FROM tags t JOIN sentences s "
        "ON s.id = t.sentence_id WHERE s.article_id = ? GROUP BY t.sentence_id"
    )
    for sentence_id, tags in store.conn.execute(query, [article_id]):
        words.setdefault(sentence_id, []).append(f"tagged {tags}")
    query = (
        "SELECT v.sentence_id, v.label FROM verdicts v JOIN sentences s ON s.id = v.sentence_id "
        "WHERE s.article_id = ? ORDER BY v.id"
    )
    latest: dict[int, str] = {}
    for sentence_id, label in store.conn.execute(query, [article_id]):
        latest[sentence_id] = label
    for sentence_id, label in latest.items():
        words.setdefault(sentence_id, []).append(f"rated {label}")
    query = (
        "SELECT e.sentence_id, count(*) FROM evidence e JOIN sentences s ON s.id = e.sentence_id "
        "WHERE s.article_id = ? GROUP BY e.sentence_id"
    )
    for sentence_id, count in store.conn.execute(query, [article_id]):
        words.setdefault(sentence_id, []).append(f"{count} evidence")
    query = (
        "SELECT m.sentence_id FROM marks m JOIN sentences s ON s.id = m.sentence_id "
        "WHERE s.article_id = ?"
    )
    for (sentence_id,) in store.conn.execute(query, [article_id]):
        words.setdefault(sentence_id, []).append("marked nothing to check")
    return {k: "; ".join(v) for k, v in words.items()}


def _revision_count(store: Store, article_id: int) -> int:
    found = store.conn.execute(
        "SELECT coalesce(max(number), 0) FROM revisions WHERE article_id = ?", [article_id]
    ).fetchone()
    return int(found[0])


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """Old and new wording word by word: (op, words) with op "=", "-" (old only) or "+"."""
    from difflib import SequenceMatcher

    a, b = old.split(), new.split()
    steps: list[tuple[str, str]] = []
    for op, i0, i1, j0, j1 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            steps.append(("=", " ".join(a[i0:i1])))
            continue
        if i1 > i0:
            steps.append(("-", " ".join(a[i0:i1])))
        if j1 > j0:
            steps.append(("+", " ".join(b[j0:j1])))
    return steps


def open_flags(store: Store, article_id: int) -> dict[int, list[dict[str, Any]]]:
    """The article's sentences changed since review, with their flags: a flag is open until
    a reviewer acts on its sentence after the revision that raised it."""
    rows = store.all(
        "SELECT f.*, r.number AS revision, r.made_at FROM revision_flags f "
        "JOIN revisions r ON r.id = f.revision_id "
        "JOIN sentences s ON s.id = f.sentence_id "
        "WHERE s.article_id = ? AND NOT EXISTS (SELECT 1 FROM actions a "
        "WHERE a.article_id = s.article_id AND a.id > r.after_action "
        "AND a.sentence_id = f.sentence_id AND a.verb != 'revise') "
        "ORDER BY s.start, f.id",
        [article_id],
    )
    found: dict[int, list[dict[str, Any]]] = {}
    for row in rows:
        found.setdefault(row["sentence_id"], []).append(row)
    return found


def article_revisions(store: Store, article_id: int) -> list[dict[str, Any]]:
    """The article's revisions, oldest first, each with its changes decoded; an article
    never revised has none."""
    rows = store.all(
        "SELECT id, number, content_hash, made_at, made_by, summary, changes FROM revisions "
        "WHERE article_id = ? ORDER BY number",
        [article_id],
    )
    for row in rows:
        row["changes"] = json.loads(row["changes"])
    return rows

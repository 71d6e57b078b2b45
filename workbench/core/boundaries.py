"""Moving sentence boundaries: merging a sentence with the next, splitting one in two. Each
works inside the caller's action, on rows read under its write lock, and records every row it
changes so undo restores the sentences and what hangs on them."""

from __future__ import annotations

from typing import Any

from .errors import ValidationError
from .store import ActionDraft, Store
from .store import desk as desk_rows


def merge(store: Store, draft: ActionDraft, first: dict[str, Any], second: dict[str, Any]) -> None:
    """Join `first` with the `second` that follows it; tags, evidence, verdicts, comments and
    editors' decisions move to `first` (a tag both carry is kept once)."""
    number = first["number"]
    if second["paragraph"] != first["paragraph"]:
        raise ValidationError(f"sentences {number} and {number + 1} are in different paragraphs")
    text = store.article_text(first["article_id"])
    draft.changes.update(
        "sentences",
        first["id"],
        {"end": second["end"], "text": text[first["start"] : second["end"]]},
    )
    for tag in store.tags_of(second["id"]):
        if store.tag_row(first["id"], tag["tag"]) is None:
            draft.changes.update("tags", tag["id"], {"sentence_id": first["id"]})
        else:
            draft.changes.delete("tags", tag["id"])
    for evidence in store.evidence_of(second["id"]):
        draft.changes.update("evidence", evidence["id"], {"sentence_id": first["id"]})
    for verdict in store.verdicts_of(second["id"]):
        draft.changes.update("verdicts", verdict["id"], {"sentence_id": first["id"]})
    # The desk's comments and decisions go with the words they were about.
    for comment in desk_rows.comments(store, second["id"]):
        draft.changes.update("comments", comment["id"], {"sentence_id": first["id"]})
    for decision in desk_rows.decisions_of(store, second["id"]):
        draft.changes.update("approvals", decision["id"], {"sentence_id": first["id"]})
    # A stage belongs to a verdict: the second's goes with its verdicts unless the first has
    # one of its own (the joined sentence's current verdict decides which still holds).
    second_stage = desk_rows.sentence_status_row(store, second["id"])
    if second_stage is not None:
        if desk_rows.sentence_status_row(store, first["id"]) is None:
            draft.changes.update(
                "sentence_status", second_stage["id"], {"sentence_id": first["id"]}
            )
        else:
            draft.changes.delete("sentence_status", second_stage["id"])
    # "Nothing to check" holds for the joined sentence only if it held for both parts.
    first_mark, second_mark = store.mark_row(first["id"]), store.mark_row(second["id"])
    if second_mark is not None:
        draft.changes.delete("marks", second_mark["id"])
    if first_mark is not None and second_mark is None:
        draft.changes.delete("marks", first_mark["id"])
    draft.changes.delete("sentences", second["id"])
    draft.summary = f"merged sentences {number} and {number + 1}"
    draft.article_id, draft.sentence_id = first["article_id"], first["id"]


def split(store: Store, draft: ActionDraft, row: dict[str, Any], offset: int) -> None:
    """Split `row` before character `offset` of its text. The first part keeps everything
    the sentence had: tags, evidence, verdicts and a "nothing to check" mark, which rest on
    one another (a verdict needs a tag) and on judgements made of the whole. The second part
    starts untagged, so `n` brings the reviewer to it: copying the tags there would say a
    reviewer judged words no one has looked at alone (and a merge then a split at the same
    point would leave the first sentence's tags on the second)."""
    number = row["number"]
    text = store.article_text(row["article_id"])
    length = row["end"] - row["start"]
    cut = row["start"] + offset
    head_end = row["start"] + len(text[row["start"] : cut].rstrip())
    tail_start = cut + (len(text[cut : row["end"]]) - len(text[cut : row["end"]].lstrip()))
    if not 0 < offset < length or head_end <= row["start"] or tail_start >= row["end"]:
        raise ValidationError(
            f"split offset must fall inside sentence {number} (1–{length - 1} characters in, "
            "with text on both sides)"
        )
    draft.changes.update(
        "sentences", row["id"], {"end": head_end, "text": text[row["start"] : head_end]}
    )
    draft.changes.insert(
        "sentences",
        {
            "article_id": row["article_id"],
            "start": tail_start,
            "end": row["end"],
            "paragraph": row["paragraph"],
            "kind": row["kind"],
            "text": text[tail_start : row["end"]],
        },
    )
    draft.summary = (
        f"split sentence {number} at character {offset}; sentence {number + 1} starts untagged"
    )
    draft.article_id, draft.sentence_id = row["article_id"], row["id"]

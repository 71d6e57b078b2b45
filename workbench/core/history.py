"""Undo and redo, per reviewer, replayed from the append-only action log."""

from __future__ import annotations

import json
from typing import Any

from .errors import ConflictError, NotFoundError, StoreError
from .models import Action
from .store import ActionDraft, Store


class History:
    """A reviewer's undo and redo stacks and the log's entries, read from the store."""

    def __init__(self, store: Store, reviewer: str) -> None:
        self.store = store
        self.reviewer = reviewer

    def stacks(self, article_id: int | None = None) -> tuple[list[int], list[int]]:
        """Ids of the reviewer's actions that can be undone and redone, oldest first; with
        `article_id`, those in that article and those in no article (a source edit, say)."""
        done: list[int] = []
        undone: list[int] = []
        where: dict[int, int | None] = {}
        for row in self.store.action_rows_of(self.reviewer):
            where.setdefault(row["id"], row["article_id"])
            if row["kind"] == "do":
                if row["undoable"]:
                    done.append(row["id"])
                    undone.clear()
            elif row["kind"] == "undo":
                if row["target"] in done:
                    done.remove(row["target"])
                undone.append(row["target"])
            elif row["kind"] == "redo":
                if row["target"] in undone:
                    undone.remove(row["target"])
                done.append(row["target"])
        if article_id is not None:
            done = [i for i in done if where.get(i) in (article_id, None)]
            undone = [i for i in undone if where.get(i) in (article_id, None)]
        return done, undone

    def next_undo(self, article_id: int | None = None) -> Action | None:
        done, _ = self.stacks(article_id)
        return self.action(done[-1]) if done else None

    def next_redo(self, article_id: int | None = None) -> Action | None:
        _, undone = self.stacks(article_id)
        return self.action(undone[-1]) if undone else None

    def replay(self, draft: ActionDraft, target: Action, kind: str) -> None:
        """Reverse (undo) or repeat (redo) `target`'s row changes inside `draft`'s
        transaction; a row someone changed since is a conflict and nothing is changed."""
        backwards = kind == "undo"
        steps = list(reversed(target.changes)) if backwards else list(target.changes)
        expect, apply = ("after", "before") if backwards else ("before", "after")
        draft.verb, draft.kind, draft.target = target.verb, kind, target.id
        for step in steps:
            current = draft.changes.row(step["table"], step["id"])
            if current != step[expect]:
                raise ConflictError(
                    f"cannot {kind} “{target.summary}”: it was changed since "
                    f"({step['table']} row {step['id']})"
                )
            try:
                draft.changes.restore(step["table"], step["id"], step[apply])
            except ConflictError as error:
                raise ConflictError(
                    f"cannot {kind} “{target.summary}”: it was changed since ({error})"
                ) from None
        draft.summary = f"{'undid' if backwards else 'redid'}: {target.summary}"
        draft.article_id, draft.sentence_id = target.article_id, target.sentence_id

    def action(self, action_id: int) -> Action:
        row = self.store.action_row(action_id)
        if row is None:
            raise NotFoundError(f"no action {action_id}")
        return action_from_row(row)

    def entries(self, article_id: int | None, sentence_id: int | None, limit: int) -> list[Action]:
        rows = self.store.history(article_id=article_id, sentence_id=sentence_id, limit=limit)
        return [action_from_row(row) for row in rows]


def action_from_row(row: dict[str, Any]) -> Action:
    try:
        changes = json.loads(row["changes"])
        if not isinstance(changes, list):
            raise ValueError(changes)
    except (ValueError, TypeError):
        raise StoreError(
            f"the database is damaged: action {row['id']} of the log has unreadable changes"
        ) from None
    return Action(
        id=row["id"],
        at=row["at"],
        reviewer=row["reviewer"],
        kind=row["kind"],
        target=row["target"],
        verb=row["verb"],
        summary=row["summary"],
        article_id=row["article_id"],
        sentence_id=row["sentence_id"],
        undoable=bool(row["undoable"]),
        changes=changes,
    )

"""Undo and redo, per reviewer, replayed from the append-only action log."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from .errors import NotFoundError, NothingToDoError, ValidationError, WorkbenchError
from .models import Action, Outcome

if TYPE_CHECKING:
    from .service import Workbench


class ConflictError(WorkbenchError):
    """Undo or redo of an action whose rows someone has changed since."""


class History:
    """The Workbench's undo, redo and history; mixed into the facade."""

    def _stacks(self: Workbench) -> tuple[list[int], list[int]]:
        done: list[int] = []
        undone: list[int] = []
        for row in self.store.action_rows_of(self.reviewer):
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
        return done, undone

    def can_undo(self: Workbench) -> Action | None:
        done, _ = self._stacks()
        return self.action(done[-1]) if done else None

    def can_redo(self: Workbench) -> Action | None:
        _, undone = self._stacks()
        return self.action(undone[-1]) if undone else None

    def undo(self: Workbench) -> Outcome:
        target = self.can_undo()
        if target is None:
            raise NothingToDoError(f"nothing to undo for {self.reviewer}")
        return self._replay(target, "undo")

    def redo(self: Workbench) -> Outcome:
        target = self.can_redo()
        if target is None:
            raise NothingToDoError(f"nothing to redo for {self.reviewer}")
        return self._replay(target, "redo")

    def _replay(self: Workbench, target: Action, kind: str) -> Outcome:
        backwards = kind == "undo"
        steps = list(reversed(target.changes)) if backwards else list(target.changes)
        expect, apply = ("after", "before") if backwards else ("before", "after")
        with self._action(target.verb, kind=kind, target=target.id) as draft:
            for step in steps:
                current = draft.changes.row(step["table"], step["id"])
                if current != step[expect]:
                    raise ConflictError(
                        f"cannot {kind} “{target.summary}”: it was changed since "
                        f"({step['table']} row {step['id']})"
                    )
                draft.changes.restore(step["table"], step["id"], step[apply])
            draft.summary = f"{'undid' if backwards else 'redid'}: {target.summary}"
            draft.article_id, draft.sentence_id = target.article_id, target.sentence_id
        return self._outcome(draft)

    def action(self: Workbench, action_id: int) -> Action:
        row = self.store.action_row(action_id)
        if row is None:
            raise NotFoundError(f"no action {action_id}")
        return action_from_row(row)

    def history(
        self: Workbench,
        article: int | str | None = None,
        number: int | None = None,
        limit: int = 50,
    ) -> list[Action]:
        article_id = self._article_row(article)["id"] if article is not None else None
        sentence_id = None
        if number is not None:
            if article is None:
                raise ValidationError("a sentence number needs an article")
            sentence_id = self._sentence_row(article, number)["id"]
        rows = self.store.history(article_id=article_id, sentence_id=sentence_id, limit=limit)
        return [action_from_row(row) for row in rows]


def action_from_row(row: dict[str, Any]) -> Action:
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
        changes=json.loads(row["changes"]),
    )

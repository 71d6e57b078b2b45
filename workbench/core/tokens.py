"""Sign-in tokens for a served desk (`workbench serve`): a listed reviewer's token opens a
browser session that acts as that reviewer.

A token is shown once, when it is made; the database keeps only its SHA-256 (a token is 256
random bits, so a fast hash is enough: there is nothing to guess). A reviewer has at most one
live token: making a new one revokes the last, and a revoked token never works again.
Making and revoking a token are logged as actions, attributed like any other, but they are
not undone: revoking is the way back from a token, and undo must never revive one.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass

from .desk import check_name
from .errors import NothingToDoError, ValidationError
from .store import ActionDraft, Store
from .store import desk as rows

PREFIX = "wbt_"
# A token as typed or pasted is never longer than this; anything longer is not a token.
TOKEN_LIMIT = 200


@dataclass(frozen=True, slots=True)
class TokenRecord:
    """A token's record, without the token or its hash."""

    id: int
    reviewer: str
    created_by: str
    created_at: str
    revoked_by: str | None
    revoked_at: str | None


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class Tokens:
    """Making, revoking and checking reviewers' sign-in tokens."""

    def __init__(
        self,
        store: Store,
        reviewer: str,
        clock: Callable[[], str],
        action: Callable[[str], AbstractContextManager[ActionDraft]],
    ) -> None:
        self.store = store
        self.reviewer = reviewer
        self.clock = clock
        self._action = action

    def make(self, name: str) -> tuple[ActionDraft, str]:
        """A new token for the listed reviewer `name`, revoking the one they had."""
        name = check_name(name)
        token = PREFIX + secrets.token_urlsafe(32)
        with self._action("token") as draft:
            self._check_allowed(name)
            now = self.clock()
            revoked = self._revoke_live(draft, name, now)
            draft.changes.insert(
                "reviewer_tokens",
                {
                    "reviewer": name,
                    "token_hash": token_hash(token),
                    "created_by": self.reviewer,
                    "created_at": now,
                },
            )
            draft.undoable = False
            draft.summary = f"made a sign-in token for {name}" + (
                " (the last one is revoked)" if revoked else ""
            )
        return draft, token

    def revoke(self, name: str) -> ActionDraft:
        """Revoke the reviewer's live token: it no longer opens a session."""
        name = check_name(name)
        with self._action("revoke token") as draft:
            self._check_allowed(name)
            if not self._revoke_live(draft, name, self.clock()):
                raise NothingToDoError(f"{name} has no live token to revoke")
            draft.undoable = False
            draft.summary = f"revoked the sign-in token of {name}"
        return draft

    def records(self) -> list[TokenRecord]:
        return [TokenRecord(**row) for row in rows.tokens(self.store)]

    def holder(self, token: str) -> str | None:
        """The listed reviewer a live token signs in, or None."""
        token = token.strip()
        if not token.startswith(PREFIX) or len(token) > TOKEN_LIMIT:
            return None
        found = rows.token_holder(self.store, token_hash(token))
        return str(found["name"]) if found else None

    def _check_allowed(self, name: str) -> None:
        if rows.reviewer(self.store, name) is None:
            raise ValidationError(
                f"{name} is not a listed reviewer: `workbench reviewer add {name}` first"
            )
        if name == self.reviewer or not rows.editors(self.store):
            return
        me = rows.reviewer(self.store, self.reviewer)
        if me is None or me["role"] != "editor":
            raise ValidationError(
                f"{self.reviewer} is not an editor: only an editor manages another reviewer's token"
            )

    def _revoke_live(self, draft: ActionDraft, name: str, now: str) -> int:
        live = rows.live_tokens(self.store, name)
        for row in live:
            draft.changes.update(
                "reviewer_tokens", row["id"], {"revoked_by": self.reviewer, "revoked_at": now}
            )
        return len(live)


__all__ = ["PREFIX", "TokenRecord", "Tokens", "token_hash"]

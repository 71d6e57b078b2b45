"""The desk's workflow: reviewers and their roles, an editor's second review of each verdict,
comments on sentences, and each article's status and assignee.

Every change here is one reviewer action through the facade (one transaction, one row of the
action log, undone like any other). Who may do what is decided inside the action, under the
write lock, from the `reviewers` table: a name the database does not list acts as a reviewer.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .errors import NothingToDoError, ValidationError
from .models import Approval, Comment
from .status import DEFAULT_NAMES, EDITOR_STAGES, STAGES, StatusNames, sentence_stage
from .store import desk as rows
from .validate import check_text, clean

if TYPE_CHECKING:
    from .models import Outcome
    from .reader import Reader, SentenceRef
    from .store import ActionDraft, Store

ROLES = ("reviewer", "editor")
# An article's place in the desk's work, in the order it moves through them (the stages of
# `status.py`; a desk may call them otherwise).
STATUSES = STAGES
DEFAULT_STATUS = STATUSES[0]
COMMENT_LIMIT = 4000
NAME_LIMIT = 100


@dataclass(frozen=True, slots=True)
class Reviewer:
    name: str
    role: str
    added_by: str
    added_at: str


@dataclass(frozen=True, slots=True)
class SentenceStatus:
    """A rated sentence's stage. `set_by`/`set_at` are None where no one set it on the
    current verdict: the stage then follows the editor's decision (approved) or is in
    progress. `decision`: the editor's last decision on the current verdict, if any."""

    sentence_id: int
    verdict_id: int
    stage: str
    set_by: str | None
    set_at: str | None
    decision: str | None


@dataclass(frozen=True, slots=True)
class ArticleStatus:
    article_id: int
    status: str
    assignee: str | None
    set_by: str | None
    set_at: str | None


def check_status(value: str, names: StatusNames = DEFAULT_NAMES) -> str:
    """The stage a status as a reviewer types it means ("in-review", "In Review", or the
    desk's own name for it), or a clear refusal."""
    return names.stage(value)


def check_role(value: str) -> str:
    wanted = value.strip().lower()
    if wanted not in ROLES:
        raise ValidationError(f"unknown role {value!r}; choose reviewer or editor")
    return wanted


def check_name(value: str) -> str:
    name = " ".join(value.split())
    if not name:
        raise ValidationError("a reviewer name is required")
    if len(name) > NAME_LIMIT:
        raise ValidationError(f"a reviewer name has at most {NAME_LIMIT} characters")
    check_text(name, "reviewer name")
    return name


class DeskActions:
    """The desk's part of the `Workbench` facade (mixed into it)."""

    if TYPE_CHECKING:
        store: Store
        reader: Reader
        reviewer: str
        clock: Callable[[], str]

        def _action(self, verb: str) -> AbstractContextManager[ActionDraft]: ...
        def _outcome(self, draft: ActionDraft, warnings: Any = ()) -> Outcome: ...

    # What this desk calls each stage of work (the config's `statuses`); the front ends set it.
    status_names: StatusNames = DEFAULT_NAMES

    # ------------------------------------------------------------ reviewers
    def reviewers(self) -> list[Reviewer]:
        return [_reviewer(row) for row in rows.reviewers(self.store)]

    def role(self, name: str | None = None) -> str:
        """A reviewer's role; a name the database does not list acts as a reviewer."""
        row = rows.reviewer(self.store, name or self.reviewer)
        return row["role"] if row else "reviewer"

    def add_reviewer(self, name: str, role: str = "reviewer") -> Outcome:
        """Add a reviewer, or change one's role. Until the desk has an editor anyone may do
        this (someone must name the first); from then on only an editor may."""
        name, role = check_name(name), check_role(role)
        with self._action("reviewer") as draft:
            if rows.editors(self.store) and self.role() != "editor":
                raise ValidationError(
                    f"{self.reviewer} is not an editor: only an editor adds reviewers or "
                    "changes roles"
                )
            found = rows.reviewer(self.store, name)
            if found is None:
                draft.changes.insert(
                    "reviewers",
                    {
                        "name": name,
                        "role": role,
                        "added_by": self.reviewer,
                        "added_at": self.clock(),
                    },
                )
                draft.summary = f"added {name} as {_a(role)}"
            elif found["role"] == role:
                raise NothingToDoError(f"{name} is {_a(role)} already")
            else:
                if found["role"] == "editor" and rows.editors(self.store) == 1:
                    raise ValidationError(f"{name} is the desk's only editor: add another first")
                draft.changes.update("reviewers", found["id"], {"role": role})
                draft.summary = f"made {name} {_a(role)} (was {_a(found['role'])})"
        return self._outcome(draft)

    # ------------------------------------------------------------ approvals
    def approve(self, article: int | str, sentence: SentenceRef) -> Outcome:
        """An editor signs a sentence's current verdict off for publishing."""
        return self._decide(article, sentence, "approved", None)

    def return_verdict(self, article: int | str, sentence: SentenceRef, comment: str) -> Outcome:
        """An editor sends a sentence's current verdict back to its reviewer, saying why."""
        text = clean(comment, "comment")
        if not text:
            raise ValidationError("say why the verdict goes back: a comment is required")
        if len(text) > COMMENT_LIMIT:
            raise ValidationError(f"a comment has at most {COMMENT_LIMIT} characters")
        return self._decide(article, sentence, "returned", text)

    def _decide(
        self, article: int | str, sentence: SentenceRef, decision: str, comment: str | None
    ) -> Outcome:
        verb = "approve" if decision == "approved" else "return"
        with self._action(verb) as draft:
            row = self.reader.sentence_row(article, sentence)
            subject = f"sentence {row['number']}"
            if self.role() != "editor":
                raise ValidationError(
                    f"{self.reviewer} is not an editor: only an editor may {verb} a verdict "
                    "(`workbench reviewers` lists the desk)"
                )
            verdict = self.store.current_verdict(row["id"])
            if verdict is None:
                raise NothingToDoError(f"{subject} has no verdict to {verb}")
            if verdict["reviewer"] == self.reviewer:
                raise ValidationError(
                    f"{self.reviewer} wrote the verdict on {subject}: another editor must {verb} it"
                )
            last = rows.decision(self.store, verdict["id"])
            if decision == "approved" and last is not None and last["decision"] == "approved":
                raise NothingToDoError(f"the verdict on {subject} is approved already")
            self._insert_decision(draft, row["id"], verdict["id"], decision, comment)
            # The sentence's stage follows the decision: approved, or back in progress.
            stage = "approved" if decision == "approved" else "in progress"
            self._write_sentence_status(draft, row["id"], verdict["id"], stage)
            draft.summary = (
                f"approved the verdict {verdict['label']} on {subject}"
                if decision == "approved"
                else f"returned the verdict {verdict['label']} on {subject} to "
                f"{verdict['reviewer']}"
            )
            draft.article_id, draft.sentence_id = row["article_id"], row["id"]
        return self._outcome(draft)

    def _insert_decision(
        self,
        draft: ActionDraft,
        sentence_id: int,
        verdict_id: int,
        decision: str,
        comment: str | None,
    ) -> None:
        draft.changes.insert(
            "approvals",
            {
                "verdict_id": verdict_id,
                "sentence_id": sentence_id,
                "decision": decision,
                "comment": comment,
                "reviewer": self.reviewer,
                "at": self.clock(),
            },
        )

    def approval(self, article: int | str, sentence: SentenceRef) -> Approval | None:
        """The last decision on a sentence's current verdict (None: none yet, or a new
        rating since)."""
        row = self.reader.sentence_row(article, sentence)
        verdict = self.store.current_verdict(row["id"])
        if verdict is None:
            return None
        found = rows.decision(self.store, verdict["id"])
        return Approval(**found) if found else None

    # ------------------------------------------------------------- comments
    def comment(self, article: int | str, sentence: SentenceRef, text: str) -> Outcome:
        body = clean(text, "comment")
        if not body:
            raise ValidationError("a comment needs some text")
        if len(body) > COMMENT_LIMIT:
            raise ValidationError(f"a comment has at most {COMMENT_LIMIT} characters")
        with self._action("comment") as draft:
            row = self.reader.sentence_row(article, sentence)
            draft.changes.insert(
                "comments",
                {
                    "sentence_id": row["id"],
                    "text": body,
                    "reviewer": self.reviewer,
                    "at": self.clock(),
                },
            )
            draft.summary = f"commented on sentence {row['number']}"
            draft.article_id, draft.sentence_id = row["article_id"], row["id"]
        return self._outcome(draft)

    def comments(self, article: int | str, sentence: SentenceRef) -> list[Comment]:
        row = self.reader.sentence_row(article, sentence)
        return [Comment(**found) for found in rows.comments(self.store, row["id"])]

    # --------------------------------------------------- status and assignee
    def status(self, article: int | str) -> ArticleStatus:
        article_id = self.reader.article_row(article)["id"]
        return _status(article_id, rows.status(self.store, article_id))

    def statuses(self) -> dict[int, ArticleStatus]:
        """Every article's status by article id (an article never given one is to do)."""
        found = rows.statuses(self.store)
        return {article_id: _status(article_id, row) for article_id, row in found.items()}

    def set_status(self, article: int | str, status: str) -> Outcome:
        """Move an article to a stage of the desk's work, typed as the desk names it."""
        wanted = self.status_names.stage(status)
        name = self.status_names.name
        with self._action("status") as draft:
            article_row = self.reader.article_row(article)
            current = rows.status(self.store, article_row["id"])
            was = current["status"] if current else DEFAULT_STATUS
            if was == wanted:
                raise NothingToDoError(f"article {article_row['id']} is {name(wanted)} already")
            if wanted in EDITOR_STAGES and self.role() != "editor":
                raise ValidationError(
                    f"{self.reviewer} is not an editor: only an editor marks an article "
                    f"{name(wanted)}"
                )
            self._write_status(draft, article_row["id"], current, {"status": wanted})
            draft.summary = f"set article {article_row['id']} to {name(wanted)} (was {name(was)})"
            draft.article_id = article_row["id"]
        return self._outcome(draft)

    def assign(self, article: int | str, assignee: str | None) -> Outcome:
        """Give an article to a reviewer (None: to nobody). The name need not be listed in
        `reviewers`: anyone the desk names may be given work."""
        name = check_name(assignee) if assignee is not None else None
        with self._action("assign") as draft:
            article_row = self.reader.article_row(article)
            current = rows.status(self.store, article_row["id"])
            was = current["assignee"] if current else None
            if was == name:
                who = f"assigned to {name}" if name else "not assigned"
                raise NothingToDoError(f"article {article_row['id']} is {who} already")
            self._write_status(draft, article_row["id"], current, {"assignee": name})
            draft.summary = (
                f"assigned article {article_row['id']} to {name}"
                if name
                else f"took article {article_row['id']} from {was}"
            )
            draft.article_id = article_row["id"]
        return self._outcome(draft)

    def _write_status(
        self,
        draft: ActionDraft,
        article_id: int,
        current: dict[str, Any] | None,
        values: dict[str, Any],
    ) -> None:
        stamp = {"set_by": self.reviewer, "set_at": self.clock()}
        if current is None:
            draft.changes.insert(
                "article_status",
                {"article_id": article_id, "status": DEFAULT_STATUS, "assignee": None}
                | values
                | stamp,
            )
        else:
            draft.changes.update("article_status", current["id"], values | stamp)

    # ----------------------------------------------------- sentence status
    def sentence_status(self, article: int | str, sentence: SentenceRef) -> SentenceStatus | None:
        """Where a rated sentence is in the desk's work (None: the sentence has no verdict)."""
        row = self.reader.sentence_row(article, sentence)
        found = rows.sentence_stages(self.store, row["article_id"], row["id"])
        return _sentence_status(found[0]) if found else None

    def sentence_statuses(self, article: int | str) -> dict[int, SentenceStatus]:
        """Every rated sentence's stage by sentence id, read in one query."""
        article_id = self.reader.article_row(article)["id"]
        found = rows.sentence_stages(self.store, article_id)
        return {row["sentence_id"]: _sentence_status(row) for row in found}

    def set_sentence_status(
        self, article: int | str, sentence: SentenceRef, status: str
    ) -> Outcome:
        """Move a rated sentence to a stage of the desk's work, typed as the desk names it.

        A stage belongs to the verdict it was set on. Approved and published are an
        editor's: approved is the editor's approval of the verdict (the same rules as
        `approve`, and the same record), published needs an approved verdict, and an approved
        verdict goes back only by being returned, so a stage never says more than the
        decisions do."""
        wanted = self.status_names.stage(status)
        name = self.status_names.name
        with self._action("status") as draft:
            row = self.reader.sentence_row(article, sentence)
            subject = f"sentence {row['number']}"
            found = rows.sentence_stages(self.store, row["article_id"], row["id"])
            if not found:
                raise ValidationError(f"{subject} has no verdict: a status follows a rating")
            now = _sentence_status(found[0])
            if now.stage == wanted:
                raise NothingToDoError(f"{subject} is {name(wanted)} already")
            if (wanted in EDITOR_STAGES or now.stage in EDITOR_STAGES) and self.role() != "editor":
                raise ValidationError(
                    f"{self.reviewer} is not an editor: only an editor moves a sentence to or "
                    f"from {name('approved')} or {name('published')}"
                )
            approved = now.decision == "approved"
            if now.stage in EDITOR_STAGES and wanted not in EDITOR_STAGES:
                raise ValidationError(
                    f"the verdict on {subject} is approved: return it with a comment "
                    f"(`workbench return`) to send it back"
                )
            if wanted == "published" and not approved:
                raise ValidationError(f"approve the verdict on {subject} before it is published")
            verdict = self.store.current_verdict(row["id"])
            assert verdict is not None  # found above, under the same lock
            said = ""
            if wanted == "approved" and not approved:
                if verdict["reviewer"] == self.reviewer:
                    raise ValidationError(
                        f"{self.reviewer} wrote the verdict on {subject}: another editor "
                        "must approve it"
                    )
                self._insert_decision(draft, row["id"], verdict["id"], "approved", None)
                said = f"approved the verdict {verdict['label']} on {subject}: "
            self._write_sentence_status(draft, row["id"], verdict["id"], wanted)
            draft.summary = f"{said}set {subject} to {name(wanted)} (was {name(now.stage)})"
            draft.article_id, draft.sentence_id = row["article_id"], row["id"]
        return self._outcome(draft)

    def _write_sentence_status(
        self, draft: ActionDraft, sentence_id: int, verdict_id: int, stage: str
    ) -> None:
        values = {
            "verdict_id": verdict_id,
            "status": stage,
            "set_by": self.reviewer,
            "set_at": self.clock(),
        }
        current = rows.sentence_status_row(self.store, sentence_id)
        if current is None:
            draft.changes.insert("sentence_status", {"sentence_id": sentence_id} | values)
        else:
            draft.changes.update("sentence_status", current["id"], values)


def _a(role: str) -> str:
    return f"an {role}" if role == "editor" else f"a {role}"


def _reviewer(row: dict[str, Any]) -> Reviewer:
    return Reviewer(row["name"], row["role"], row["added_by"], row["added_at"])


def _sentence_status(row: dict[str, Any]) -> SentenceStatus:
    current = row["status_verdict"] == row["verdict_id"] and row["status"] is not None
    return SentenceStatus(
        sentence_id=row["sentence_id"],
        verdict_id=row["verdict_id"],
        stage=sentence_stage(
            row["verdict_id"], row["status"], row["status_verdict"], row["decision"]
        ),
        set_by=row["set_by"] if current else None,
        set_at=row["set_at"] if current else None,
        decision=row["decision"],
    )


def _status(article_id: int, row: dict[str, Any] | None) -> ArticleStatus:
    if row is None:
        return ArticleStatus(article_id, DEFAULT_STATUS, None, None, None)
    return ArticleStatus(article_id, row["status"], row["assignee"], row["set_by"], row["set_at"])


__all__ = [
    "DEFAULT_STATUS",
    "ROLES",
    "STATUSES",
    "ArticleStatus",
    "DeskActions",
    "Reviewer",
    "SentenceStatus",
    "check_status",
]

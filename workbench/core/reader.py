"""Reading a review: finding the article and sentence a front end names, a sentence's detail
and an article's whole review. Nothing here writes; inside an action the same lookups read
under the action's write lock."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from itertools import starmap
from typing import Any

from .assist import EvidenceChecks, Suggestions
from .errors import NotFoundError
from .models import (
    TAGS,
    Approval,
    Article,
    Comment,
    Evidence,
    EvidenceCheck,
    Review,
    Revision,
    RevisionChange,
    Sentence,
    SentenceDetail,
    SentenceId,
    SentenceReview,
    Source,
    TagMark,
    Verdict,
)
from .scales import Scale
from .status import sentence_stage
from .store import Store
from .store import desk as desk_rows

# A sentence as the front ends name it: its number in the article (what the CLI shows), or its
# stable id (what the TUI holds, and what stays right when someone else merges or splits).
SentenceRef = int | SentenceId

SQLITE_MAX_ROWID = 2**63 - 1
HASH_PREFIX = re.compile(r"[0-9a-fA-F]{6,64}")  # an article named by its content hash


# Tables whose rows belong to one sentence's review: another reviewer's change to them is
# shown by reading that sentence's row again. A change to any other table of an article (its
# sentences, a revision, its status) has the article read again.
REVIEW_TABLES = frozenset({"tags", "evidence", "verdicts", "marks", "comments", "approvals"})


@dataclass(frozen=True)
class LiveChanges:
    """What actions logged since a given one changed in an article, for a screen showing it:
    `last` is the newest action seen; `sentences` the sentences whose review changed;
    `sources` whether a source changed (evidence shows its title); `everything` when the
    article must be read again (a merge, a split, a revision, a scale, its status)."""

    last: int
    sentences: frozenset[int] = frozenset()
    sources: bool = False
    everything: bool = False


class Reader:
    """Lookups and assembled reads over the store, for the Workbench."""

    def __init__(self, store: Store, suggester: Suggestions, checker: EvidenceChecks) -> None:
        self.store = store
        self.suggester = suggester
        self.checker = checker
        self._generation = 0  # counts this session's own changes to sentence order
        self._ids_cache: dict[int, tuple[tuple[int, int], list[int]]] = {}

    def order_changed(self) -> None:
        """This session moved sentence boundaries: numbers read before may be stale (another
        connection's changes are seen through the database's data_version)."""
        self._generation += 1

    # -------------------------------------------------------------- lookups
    def article_row(self, ref: int | str) -> dict[str, Any]:
        text = str(ref).strip()
        if text.isascii() and text.isdigit() and int(text) <= SQLITE_MAX_ROWID:
            row = self.store.article(int(text))
            if row is not None:
                return row
        elif HASH_PREFIX.fullmatch(text):
            rows = self.store.article_by_hash(text.lower())
            if len(rows) == 1:
                return rows[0]
            if len(rows) > 1:
                raise NotFoundError(f"article hash prefix {text} matches {len(rows)} articles")
        raise NotFoundError(f"no article {text}; `workbench articles` lists them")

    def article(self, ref: int | str, *, with_text: bool = True) -> Article:
        row = self.article_row(ref)
        return Article(**{**row, "text": self.store.article_text(row["id"]) if with_text else ""})

    def sentence_row(self, article: int | str, sentence: SentenceRef) -> dict[str, Any]:
        """The sentence a front end names, with its current number. Inside an action this
        reads under the write lock, so the number names the sentence as it is now."""
        article_id = self.article_row(article)["id"]
        if isinstance(sentence, SentenceId):
            row = self.store.sentence_by_id(sentence.id)
            if row is None or row["article_id"] != article_id:
                raise NotFoundError(gone(None))
            row["number"] = self.number_of(row)
            return row
        ids = self.sentence_ids(article_id)
        found = self.store.sentence_by_id(ids[sentence - 1]) if 1 <= sentence <= len(ids) else None
        if found is None:
            raise NotFoundError(
                f"article {article_id} has no sentence {sentence} (it has 1–{len(ids)})"
            )
        found["number"] = sentence
        return found

    def sentence_by_id(self, sentence_id: int, number: int | None) -> dict[str, Any]:
        row = self.store.sentence_by_id(sentence_id)
        if row is None:
            raise NotFoundError(gone(number))
        row["number"] = number if number is not None else self.number_of(row)
        return row

    def number_of(self, row: dict[str, Any]) -> int:
        return self.sentence_ids(row["article_id"]).index(row["id"]) + 1

    def sentence_ids(self, article_id: int) -> list[int]:
        """Sentence ids in order, cached until this or another connection changes the file:
        finding sentence 90,000 by number is then a list lookup, not a scan."""
        version = (self.store.data_version(), self._generation)
        cached = self._ids_cache.get(article_id)
        if cached is None or cached[0] != version:
            cached = (version, self.store.sentence_ids(article_id))
            self._ids_cache[article_id] = cached
        return cached[1]

    def changes_since(self, article_id: int, action_id: int) -> LiveChanges:
        """What the actions after `action_id` changed in the article (see LiveChanges)."""
        actions = self.store.actions_after(action_id, article_id)
        last = max([action_id, *(row[0] for row in actions)])
        sentences: set[int] = set()
        sources = False
        for _, article, sentence_id, changes in actions:
            for change in json.loads(changes):
                table = change["table"]
                if table == "sources":
                    sources = True
                elif table in REVIEW_TABLES and article is not None:
                    row = change["after"] or change["before"] or {}
                    found = row.get("sentence_id", sentence_id)
                    if found is None:
                        return LiveChanges(last, everything=True)
                    sentences.add(found)
                else:
                    return LiveChanges(last, everything=True)
        return LiveChanges(last, frozenset(sentences), sources)

    # ---------------------------------------------------------- assembled
    def detail(self, row: dict[str, Any]) -> SentenceDetail:
        sentence_id = row["id"]
        tags = self.store.tags_of(sentence_id)
        evidence = self.store.evidence_of(sentence_id)
        verdicts = self.store.verdicts_of(sentence_id)
        tag_names = tuple(t for t in TAGS if any(r["tag"] == t for r in tags))
        suggestions = tuple(self.suggester.of(sentence_id))
        sentence = Sentence(
            id=sentence_id,
            article_id=row["article_id"],
            number=row["number"],
            start=row["start"],
            end=row["end"],
            paragraph=row["paragraph"],
            kind=row["kind"],
            text=row["text"],
            tags=tag_names,
            evidence_count=len(evidence),
            verdict=verdicts[-1]["label"] if verdicts else None,
            suggested=tuple(h.tag for h in suggestions if h.tag not in tag_names),
            worth=self.store.worth_of(sentence_id),
        )
        mark = self.store.mark_row(sentence_id)
        if mark is not None:
            sentence = sentence._replace(marked=True)
        checks = self.checker.of([r["id"] for r in evidence])
        approval = _decision(
            {r["verdict_id"]: r for r in desk_rows.decisions_of(self.store, sentence_id)},
            Verdict(**verdicts[-1]) if verdicts else None,
        )
        stage_row = desk_rows.sentence_status_row(self.store, sentence_id)
        return SentenceDetail(
            sentence=sentence,
            tags=tuple(TagMark(r["tag"], r["set_by"], r["set_at"]) for r in tags),
            evidence=tuple(self.evidence(r, checks.get(r["id"], ())) for r in evidence),
            verdicts=tuple(Verdict(**r) for r in verdicts),
            suggestions=suggestions,
            mark=TagMark("nothing to check", mark["set_by"], mark["set_at"]) if mark else None,
            worth_raised_by=tuple(
                self.suggester.worth_reasons_of(row["article_id"], sentence_id, row["paragraph"])
            ),
            approval=approval,
            comments=tuple(Comment(**c) for c in desk_rows.comments(self.store, sentence_id)),
            stage=_stage(stage_row, verdicts[-1]["id"], approval) if verdicts else None,
            stage_set=(
                (stage_row["set_by"], stage_row["set_at"])
                if verdicts and stage_row and stage_row["verdict_id"] == verdicts[-1]["id"]
                else None
            ),
        )

    def evidence(
        self,
        row: dict[str, Any],
        checks: tuple[EvidenceCheck, ...] = (),
        source: Source | None = None,
    ) -> Evidence:
        if source is None:
            found = self.store.source(row["source_id"])
            assert found is not None  # a foreign key guarantees it
            source = Source(**found)
        return Evidence(
            id=row["id"],
            sentence_id=row["sentence_id"],
            source=source,
            excerpt=row["excerpt"],
            stance=row["stance"],
            note=row["note"],
            created_by=row["created_by"],
            created_at=row["created_at"],
            checks=checks,
        )

    def review(self, article: int | str, scale: Scale, scales: list[Scale]) -> Review:
        """Everything an export needs, read with a handful of queries whatever the size."""
        article_row = self.article_row(article)
        article_id = article_row["id"]
        rows = self.store.sentence_rows(article_id)
        tags: dict[int, list[TagMark]] = {}
        for row in self.store.tag_rows_for_article(article_id):
            tags.setdefault(row["sentence_id"], []).append(
                TagMark(row["tag"], row["set_by"], row["set_at"])
            )
        sources = {row["id"]: Source(**row) for row in self.store.sources()}
        evidence: dict[int, list[Evidence]] = {}
        evidence_rows = self.store.evidence_rows_for_article(article_id)
        checks = self.checker.of([row["id"] for row in evidence_rows])
        for row in evidence_rows:
            evidence.setdefault(row["sentence_id"], []).append(
                self.evidence(row, checks.get(row["id"], ()), sources[row["source_id"]])
            )
        verdicts: dict[int, list[Verdict]] = {}
        for row in self.store.verdict_rows_for_article(article_id):
            verdicts.setdefault(row["sentence_id"], []).append(Verdict(**row))
        decisions = desk_rows.decisions_for_article(self.store, article_id)
        comments = desk_rows.comments_for_article(self.store, article_id)
        stages = {
            found["sentence_id"]: sentence_stage(
                found["verdict_id"], found["status"], found["status_verdict"], found["decision"]
            )
            for found in desk_rows.sentence_stages(self.store, article_id)
        }
        items = []
        for sentence in starmap(Sentence, rows):
            marks = sorted(tags.get(sentence.id, []), key=lambda m: TAGS.index(m.tag))
            history = verdicts.get(sentence.id, [])
            items.append(
                SentenceReview(
                    sentence=sentence,
                    tags=tuple(marks),
                    evidence=tuple(evidence.get(sentence.id, [])),
                    verdict=history[-1] if history else None,
                    verdict_count=len(history),
                    marked=sentence.marked,
                    approval=_decision(decisions, history[-1] if history else None),
                    comments=tuple(Comment(**c) for c in comments.get(sentence.id, [])),
                    stage=stages.get(sentence.id),
                )
            )
        article_full = Article(**{**article_row, "text": self.store.article_text(article_id)})
        return Review(
            article_full,
            scale.name,
            tuple(items),
            tuple(scales),
            self.revisions(article_id),
            approval_required=desk_rows.editors(self.store) > 0,
        )

    def revisions(self, article_id: int) -> tuple[Revision, ...]:
        from .revisions import article_revisions

        return tuple(
            Revision(
                row["number"],
                row["made_at"],
                row["made_by"],
                row["summary"],
                tuple(RevisionChange(**change) for change in row["changes"]),
            )
            for row in article_revisions(self.store, article_id)
        )


def _decision(decisions: dict[int, dict[str, Any]], verdict: Verdict | None) -> Approval | None:
    """The editor's last decision on the current verdict (an earlier rating's is not it)."""
    found = decisions.get(verdict.id) if verdict is not None else None
    return Approval(**found) if found else None


def _stage(row: dict[str, Any] | None, verdict_id: int, approval: Approval | None) -> str:
    return sentence_stage(
        verdict_id,
        row["status"] if row else None,
        row["verdict_id"] if row else None,
        approval.decision if approval else None,
    )


def gone(number: int | None) -> str:
    which = f"sentence {number}" if number is not None else "that sentence"
    return f"{which} no longer exists: another reviewer merged or split it"

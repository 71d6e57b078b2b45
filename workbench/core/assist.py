"""The Workbench's assistants: tag suggestions (stored apart from the reviewer's tags, accepted
only by the reviewer) and the quote and figure checks of each evidence link. Mixed into the
facade; all of it is derived data, rebuilt from the record whenever what it rests on changes."""

from __future__ import annotations

import hashlib
import json
from typing import TYPE_CHECKING, Any

from .checks import run_checks
from .errors import NothingToDoError
from .models import EvidenceCheck, Outcome, Sentence, Suggestion
from .suggest import RULES_VERSION, suggest

if TYPE_CHECKING:
    from .service import Workbench


class Assistants:
    """Suggestions and evidence checks, for the Workbench facade."""

    # ------------------------------------------------------------ suggestions
    def suggestions(self: Workbench, article: int | str, number: int) -> list[Suggestion]:
        """The tags the rules suggest for a sentence, with reasons (set tags included)."""
        row = self._sentence_row(article, number)
        return self._suggestions_of(row["article_id"], row["id"])

    def _suggestions_of(self: Workbench, article_id: int, sentence_id: int) -> list[Suggestion]:
        self._ensure_suggested(article_id)
        return [
            Suggestion(r["tag"], r["reason"])
            for r in _ordered(self.store.suggestions_of(sentence_id))
        ]

    def suggestion_table(
        self: Workbench, article: int | str
    ) -> list[tuple[Sentence, list[Suggestion]]]:
        """Every sentence of an article with its suggestions, in article order."""
        sentences = self.sentences(article)
        if not sentences:
            return []
        by_sentence: dict[int, list[Suggestion]] = {}
        for row in _ordered(self.store.suggestions_for_article(sentences[0].article_id)):
            by_sentence.setdefault(row["sentence_id"], []).append(
                Suggestion(row["tag"], row["reason"])
            )
        return [(s, by_sentence.get(s.id, [])) for s in sentences]

    def accept(self: Workbench, article: int | str, number: int) -> Outcome:
        """Make the suggested tags the reviewer has not set yet into tags: one action."""
        row = self._sentence_row(article, number)
        suggested = [hint.tag for hint in self._suggestions_of(row["article_id"], row["id"])]
        if not suggested:
            raise NothingToDoError(f"{self._label(row)} has no suggested tags")
        have = {t["tag"] for t in self.store.tags_of(row["id"])}
        missing = [tag for tag in suggested if tag not in have]
        if not missing:
            raise NothingToDoError(
                f"{self._label(row)} already has every suggested tag ({', '.join(suggested)})"
            )
        return self.set_tags(row["article_id"], number, missing)

    def _ensure_suggested(self: Workbench, article_id: int) -> None:
        """Suggestions for an article imported before them, or made by older rules. Asked
        once per article and session: the detail of every sentence the cursor rests on asks."""
        if article_id in self._suggested:
            return
        if self.store.suggestion_rules(article_id) == RULES_VERSION:
            self._suggested.add(article_id)
            return
        rows = self.store.paragraph_rows(article_id, 0, 2**62)
        hints = suggest([(r["text"], r["paragraph"]) for r in rows])
        self.store.resuggest(
            article_id, [(r["id"], h) for r, h in zip(rows, hints, strict=True)], RULES_VERSION
        )
        self._suggested.add(article_id)

    def _resuggest(self: Workbench, article_id: int, paragraphs: set[int]) -> None:
        """Suggestions of the paragraphs a merge or split changed (inside its transaction).
        The paragraphs around each are read too: a quotation's attribution may stand in the one
        before, and the names a sentence may open with are learnt from its neighbours (not from
        the whole article, which at 100,000 sentences would slow every merge)."""
        for paragraph in sorted(paragraphs):
            rows = self.store.paragraph_rows(article_id, max(paragraph - 2, 0), paragraph + 2)
            hints = suggest([(r["text"], r["paragraph"]) for r in rows])
            self.store.write_suggestions(
                [
                    (r["id"], h)
                    for r, h in zip(rows, hints, strict=True)
                    if r["paragraph"] == paragraph
                ]
            )

    # ----------------------------------------------------------------- checks
    def _recheck(self: Workbench, sentence_ids: set[int]) -> None:
        """Run the quote and figure checks again for every evidence link of these sentences
        (inside the action's transaction)."""
        for sentence_id in sentence_ids:
            row = self.store.sentence_by_id(sentence_id)
            if row is None:
                continue
            tags = {t["tag"] for t in self.store.tags_of(sentence_id)}
            for evidence in self.store.evidence_of(sentence_id):
                source = self.store.source(evidence["source_id"])
                snapshot = source["snapshot"] if source else None
                results = run_checks(row["text"], tags, evidence["excerpt"], snapshot)
                self.store.write_checks(
                    evidence["id"],
                    [
                        (
                            r.kind,
                            r.outcome,
                            json.dumps({"summary": r.summary, **r.detail}, ensure_ascii=False),
                        )
                        for r in results
                    ],
                    _basis(row["text"], tags, evidence["excerpt"], snapshot),
                )

    def _checks(self: Workbench, evidence_ids: list[int]) -> dict[int, tuple[EvidenceCheck, ...]]:
        return {
            evidence_id: tuple(_check(row) for row in rows)
            for evidence_id, rows in self.store.checks_of(evidence_ids).items()
        }


def _check(row: dict[str, Any]) -> EvidenceCheck:
    detail = json.loads(row["detail"])
    summary = detail.pop("summary", "")
    return EvidenceCheck(row["kind"], row["outcome"], summary, detail)


def _basis(text: str, tags: set[str], excerpt: str | None, snapshot: str | None) -> str:
    """What a check result rests on, hashed: it is stale once any of these changes."""
    material = json.dumps([text, sorted(tags), excerpt, snapshot], ensure_ascii=False)
    return hashlib.sha256(material.encode("utf-8")).hexdigest()[:16]


def _ordered(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    order = ("claim", "quote", "figure")
    return sorted(rows, key=lambda r: order.index(r["tag"]) if r["tag"] in order else 9)

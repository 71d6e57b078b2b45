"""The assistants' derived data: tag suggestions (stored apart from the reviewer's tags,
accepted only by the reviewer) and the quote and figure checks of each evidence link. All of it
is rebuilt from the record whenever what it rests on changes (see `derive.py`)."""

from __future__ import annotations

import hashlib
import json
from collections import OrderedDict
from typing import Any

from .errors import StoreError
from .models import TAGS, EvidenceCheck, Suggestion
from .rules import CHECKS_VERSION, RULES_VERSION
from .store import Store

# A quotation's attribution may stand in the paragraph before it, and names a sentence opens
# with are learnt from its neighbours: suggestions for a changed paragraph read this many
# paragraphs on each side (not the whole article, which at 100,000 sentences would slow every
# merge).
NEIGHBOUR_PARAGRAPHS = 2
REASONS_KEPT = 64  # paragraphs' worth reasons remembered: the detail pane asks on every key


class Suggestions:
    """Tag suggestions and check-worthiness scores of sentences."""

    def __init__(self, store: Store) -> None:
        self.store = store
        # Worth reasons by the texts they were made from: a pure function of those, so the
        # sentence a reviewer works on is explained once, not again on every key.
        self._reasons: OrderedDict[tuple[tuple[str, int], ...], list[list[str]]] = OrderedDict()

    def of(self, sentence_id: int) -> list[Suggestion]:
        return [
            Suggestion(r["tag"], r["reason"])
            for r in ordered(self.store.suggestions_of(sentence_id))
        ]

    def for_article(self, article_id: int) -> dict[int, list[Suggestion]]:
        by_sentence: dict[int, list[Suggestion]] = {}
        for row in ordered(self.store.suggestions_for_article(article_id)):
            by_sentence.setdefault(row["sentence_id"], []).append(
                Suggestion(row["tag"], row["reason"])
            )
        return by_sentence

    def worth_reasons(self, article_id: int) -> dict[int, list[str]]:
        """What raised each sentence's check-worthiness, by sentence id (made when asked: the
        store keeps the scores, not their reasons)."""
        from .suggest import worth_reasons

        rows = self.store.paragraph_rows(article_id, 0, 2**62)
        reasons = worth_reasons([(r["text"], r["paragraph"]) for r in rows])
        return {r["id"]: found for r, found in zip(rows, reasons, strict=True)}

    def worth_reasons_of(self, article_id: int, sentence_id: int, paragraph: int) -> list[str]:
        """What raised one sentence's check-worthiness, read from its paragraph and the
        paragraphs either side (its place among its neighbours counts), not the article."""
        from .suggest import worth_reasons

        rows = self.store.paragraph_rows(article_id, max(0, paragraph - 1), paragraph + 1)
        key = tuple((r["text"], r["paragraph"]) for r in rows)
        reasons = self._reasons.get(key)
        if reasons is None:
            reasons = worth_reasons(list(key))
            self._reasons[key] = reasons
            if len(self._reasons) > REASONS_KEPT:
                self._reasons.popitem(last=False)
        else:
            self._reasons.move_to_end(key)
        return next(
            (list(found) for r, found in zip(rows, reasons, strict=True) if r["id"] == sentence_id),
            [],
        )

    def stale_articles(self) -> list[int]:
        """Articles imported before suggestions existed, or suggested by older rules."""
        return self.store.articles_suggested_before(RULES_VERSION)

    def remake(self, article_id: int) -> None:
        """Every suggestion of an article made again (inside a transaction)."""
        from .suggest import suggest  # compiled on first use: start-up does not pay for it

        rows = self.store.paragraph_rows(article_id, 0, 2**62)
        hints = suggest([(r["text"], r["paragraph"]) for r in rows])
        self.store.write_suggestions([(r["id"], h) for r, h in zip(rows, hints, strict=True)])
        self.store.mark_suggested(article_id, RULES_VERSION)

    def remake_paragraphs(self, article_id: int, paragraphs: set[int]) -> None:
        """Suggestions of the paragraphs a merge, split or revision changed (inside its
        transaction). Each paragraph's hints are read from it and NEIGHBOUR_PARAGRAPHS
        paragraphs either side, as ever; the rows are read once for all of them, each text's
        names once, and only the paragraph's own sentences (and a neighbour either side, whose
        features its scores read) are made hints of: a revision that changed thousands of
        paragraphs does not read every sentence five times."""
        from .suggest import SuggestCache, suggest

        if not paragraphs:
            return
        reach = NEIGHBOUR_PARAGRAPHS
        # The rows in the order of their place in the text (as read), by paragraph.
        by_paragraph: dict[int, list[tuple[int, dict[str, Any]]]] = {}
        for place, row in enumerate(
            self.store.paragraph_rows(
                article_id, max(min(paragraphs) - reach, 0), max(paragraphs) + reach
            )
        ):
            by_paragraph.setdefault(row["paragraph"], []).append((place, row))
        cache = SuggestCache()
        made: list[tuple[int, Any]] = []
        for paragraph in sorted(paragraphs):
            own = by_paragraph.get(paragraph)
            if not own:
                continue
            placed = sorted(
                found
                for near in range(max(paragraph - reach, 0), paragraph + reach + 1)
                for found in by_paragraph.get(near, ())
            )
            rows = [row for _, row in placed]
            first = placed.index(own[0])
            end = first + len(own)
            if placed[first:end] != own:  # not one run: read the whole window
                first, end = 0, len(rows)
            hints = suggest(
                [(r["text"], r["paragraph"]) for r in rows], part=(first, end), cache=cache
            )
            made.extend(
                (r["id"], h)
                for r, h in zip(rows[first:end], hints, strict=True)
                if r["paragraph"] == paragraph
            )
        self.store.write_suggestions(made)


class EvidenceChecks:
    """The quote and figure checks of every evidence link, stored with the basis they rest
    on."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def run(self, sentence_ids: set[int]) -> None:
        """Run the checks again for every evidence link of these sentences (inside the
        action's transaction)."""
        from .checks import run_checks  # compiled on first use: start-up does not pay for it

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

    def stale(self) -> list[int]:
        """Sentences whose stored check results were made by an older version of the checks."""
        return self.store.sentences_checked_before(_VERSION_MARK)

    def forget(self, evidence_id: int) -> None:
        self.store.write_checks(evidence_id, [], "")

    def of(self, evidence_ids: list[int]) -> dict[int, tuple[EvidenceCheck, ...]]:
        return {
            evidence_id: tuple(_check(row) for row in rows)
            for evidence_id, rows in self.store.checks_of(evidence_ids).items()
        }


def _check(row: dict[str, Any]) -> EvidenceCheck:
    try:
        detail = json.loads(row["detail"])
        summary = detail.pop("summary", "")
    except (ValueError, TypeError, AttributeError):
        raise StoreError(
            f"the database is damaged: a check of evidence {row['evidence_id']} is unreadable"
        ) from None
    return EvidenceCheck(row["kind"], row["outcome"], summary, detail)


def _basis(text: str, tags: set[str], excerpt: str | None, snapshot: str | None) -> str:
    """What a check result rests on, hashed: it is stale once any of these changes."""
    material = json.dumps([text, sorted(tags), excerpt, snapshot], ensure_ascii=False)
    return _VERSION_MARK + hashlib.sha256(material.encode("utf-8")).hexdigest()[:16]


_VERSION_MARK = f"v{CHECKS_VERSION}:"  # the checks' version, at the start of every basis


def ordered(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows in the one tag order (claim, quote, figure)."""
    return sorted(rows, key=lambda r: TAGS.index(r["tag"]) if r["tag"] in TAGS else len(TAGS))

"""Finding evidence and earlier verdicts: SQLite FTS5 picks a few hundred candidates, rapidfuzz
ranks them. A scan of every passage would not stay under 30 ms at 100,000 passages."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import TYPE_CHECKING

from .models import PassageHit, PriorCheck, Source, Verdict
from .segment import split_sentences

if TYPE_CHECKING:
    from .store import Store

PASSAGE_WORDS = 60
CANDIDATES = 100
SCORE_CUTOFF = 45.0

STOPWORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been
    before being below between both but by can could did do does doing down during each few for
    from further had has have having he her here hers herself him himself his how i if in into
    is it its itself just me more most my myself no nor not now of off on once only or other our
    ours ourselves out over own same she should so some such than that the their theirs them
    themselves then there these they this those through to too under until up very was we were
    what when where which while who whom why will with would you your yours yourself said says
    say told according added""".split()
)
_TOKEN = re.compile(r"[^\W_]+")


def passage_spans(text: str, words: int = PASSAGE_WORDS) -> list[tuple[int, int]]:
    """Split a source's text into passages of whole sentences, about `words` words each."""
    spans: list[tuple[int, int]] = []
    start = end = None
    count = 0
    for sentence in split_sentences(text):
        n = len(sentence.text.split())
        # A passage ends at a PDF's page break, so a passage is on one page.
        new_page = end is not None and "\f" in text[end : sentence.start]
        if start is not None and (count + n > words or new_page):
            spans.append((start, end))  # type: ignore[arg-type]
            start, count = None, 0
        if start is None:
            start = sentence.start
        end = sentence.end
        count += n
    if start is not None and end is not None:
        spans.append((start, end))
    return spans


def terms(text: str) -> list[str]:
    """Content words of a text, as the FTS5 unicode61 tokenizer indexes them (lower case,
    diacritics removed, split at anything not a letter or digit), stop words and short words
    dropped, first occurrence first."""
    folded = "".join(
        c for c in unicodedata.normalize("NFKD", text.casefold()) if not unicodedata.combining(c)
    )
    seen: dict[str, None] = {}
    for match in _TOKEN.finditer(folded):
        word = match.group()
        if len(word) >= 3 and word not in STOPWORDS:
            seen.setdefault(word, None)
    return list(seen)


def choose_terms(frequencies: dict[str, int], limit: int = 6) -> list[str]:
    """The rarest terms that occur in the index: they find the right candidates, and a query
    of common words would make SQLite rank a large share of the index."""
    present = sorted((df, term) for term, df in frequencies.items() if df > 0)
    return [term for _, term in present[:limit]]


def match_expression(chosen: list[str]) -> str | None:
    return " OR ".join(f'"{term}"' for term in chosen) if chosen else None


def rank(
    query: str, candidates: Iterable[tuple[int, str]], limit: int, cutoff: float = SCORE_CUTOFF
) -> list[tuple[int, float]]:
    """The candidates most like the query: (key, score 0–100), best first."""
    from rapidfuzz import fuzz, process, utils  # loaded when a search first runs

    choices = dict(candidates)
    found = process.extract(
        query,
        choices,
        scorer=fuzz.WRatio,
        processor=utils.default_process,
        limit=limit,
        score_cutoff=cutoff,
    )
    return [(key, float(score)) for _, score, key in found]


class EvidenceSearch:
    """Evidence search and "checked before", over the store's full-text indexes."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def find_evidence(self, text: str, limit: int = 5) -> list[PassageHit]:
        """Passages of stored sources' snapshots most like `text`, best first."""
        match = self._match("passages", text)
        if match is None:
            return []
        candidates = self.store.search_passages(match, CANDIDATES)
        by_id = {c["id"]: c for c in candidates}
        hits = []
        sources: dict[int, Source] = {}
        for passage_id, score in rank(text, ((c["id"], c["text"]) for c in candidates), limit):
            passage = by_id[passage_id]
            source_id = passage["source_id"]
            if source_id not in sources:
                row = self.store.source(source_id)
                if row is None:
                    continue  # removed since it was indexed
                sources[source_id] = Source(**row)
            hits.append(
                PassageHit(
                    sources[source_id], passage["text"], passage["start"], passage["end"], score
                )
            )
        return hits

    def _match(self, index: str, text: str) -> str | None:
        return match_expression(choose_terms(self.store.frequencies(index, terms(text))))

    def checked_before(self, text: str, article_id: int, limit: int = 5) -> list[PriorCheck]:
        """Sentences of other articles that already have a verdict and read like `text`."""
        match = self._match("checked", text)
        if match is None:
            return []
        candidates = self.store.search_checked(match, article_id, CANDIDATES)
        by_id = {c["id"]: c for c in candidates}
        found = []
        for sentence_id, score in rank(text, ((c["id"], c["text"]) for c in candidates), limit):
            candidate = by_id[sentence_id]
            verdict = self.store.current_verdict(sentence_id)
            article_row = self.store.article(candidate["article_id"])
            if verdict is None or article_row is None:
                continue
            found.append(
                PriorCheck(
                    article_id=candidate["article_id"],
                    article_title=article_row["title"] or article_row["filename"],
                    number=self.store.sentence_number(sentence_id) or 0,
                    text=candidate["text"],
                    verdict=Verdict(**verdict),
                    score=score,
                )
            )
        return found

"""Finding evidence and earlier verdicts: SQLite FTS5 picks a hundred candidates, and each is
scored by what it shares with the sentence. A scan of every passage would not stay under 30 ms
at 100,000 passages.

The score (0–100) is built so that it says something: a passage that shares the sentence's
figures and its rare words scores high, one that shares only words found everywhere scores low.

- Shared words (55%): the sentence's content words found in the passage, each weighted by its
  inverse document frequency over the stored passages (a name or "casualties" weighs more than
  "said" or "war"), as a share of the weight of all the sentence's words.
- Shared figures (30%): the share of the sentence's figures whose value the passage states
  (43,600 and 43,600; 11 November 2024 and 2024-11-11). Without figures in the sentence, this
  part goes to the shared words.
- Wording (15%): rapidfuzz's token-set ratio, which rewards the same words in any order.

A match is "strong" from 55, "partial" from 35, "weak" below, and under 20 it is not offered.
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from collections.abc import Iterable
from typing import TYPE_CHECKING

from .models import Match, PassageHit, PriorCheck, Source, Verdict
from .segment import split_sentences

if TYPE_CHECKING:
    from .figures import Figure
    from .store import Store

PASSAGE_WORDS = 60
CANDIDATES = 100
SCORE_CUTOFF = 20.0  # a passage or sentence scoring less is not offered
WORDS_SHARE, FIGURES_SHARE, WORDING_SHARE = 0.55, 0.30, 0.15

STOPWORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been
    before being below between both but by can could did do does doing down during each few for
    from further had has have having he her here hers herself him himself his how i if in into
    is it its itself just me more most my myself no nor not now of off on once only or other our
    ours ourselves out over own same she should so some such than that the their theirs them
    themselves then there these they this those through to too under until up very was we were
    what when where which while who whom why will with would you your yours yourself said says
    say told according added since""".split()
)
_TOKEN = re.compile(r"[^\W_]+")
_DIGIT_RUN = re.compile(r"\d+")
# Numbers written in words ("twenty-three", "a dozen"), which digits cannot reveal.
_NUMBER_WORDS = frozenset(
    """one two three four five six seven eight nine ten eleven twelve thirteen fourteen
    fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty
    ninety hundred hundreds thousand thousands million millions billion billions dozen
    dozens""".split()
)


def passage_spans(text: str, words: int = PASSAGE_WORDS) -> list[tuple[int, int]]:
    """Split a source's text into passages of whole sentences, about `words` words each. A
    text no longer than one passage is split into its statements instead (its lines, see
    `statement_spans`): whole, it would be scored as one, and a word shared with one line
    would add to the match of another."""
    if len(text.split()) <= words:
        return statement_spans(text)
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


_LINE = re.compile(r"[^\n\f]+")
_GOES_ON = re.compile(r"\s*[a-z0-9(,;]")  # a wrapped line's continuation
_ENDS_STATEMENT = re.compile(r"[.!?:;…”\"’')\]]\s*$")


def statement_spans(text: str) -> list[tuple[int, int]]:
    """The statements of a short text: its lines (a paragraph, a list item, a table row), a
    line wrapped over several (a PDF's, a pasted column's) joined again: a line that ends
    without a sentence's end, followed by one that goes on in lower case, is one statement
    with it. Never across a blank line or a PDF's page break."""
    spans: list[tuple[int, int]] = []
    joinable = False
    for line in _LINE.finditer(text):
        body = line.group()
        if not body.strip():
            joinable = False
            continue
        start = line.start() + len(body) - len(body.lstrip())
        end = line.start() + len(body.rstrip())
        between = text[spans[-1][1] : start] if spans else ""
        apart = "\f" in between or between.count("\n") > 1
        if joinable and not apart and _GOES_ON.match(body):
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((start, end))
        joinable = not _ENDS_STATEMENT.search(body)
    return spans


def terms(text: str) -> list[str]:
    """Content words of a text, as the FTS5 unicode61 tokenizer indexes them (lower case,
    diacritics removed, split at anything not a letter or digit), stop words and short words
    dropped, first occurrence first."""
    folded = text.casefold()
    if not folded.isascii():
        folded = "".join(
            c for c in unicodedata.normalize("NFKD", folded) if not unicodedata.combining(c)
        )
    seen = dict.fromkeys(_TOKEN.findall(folded))
    return [word for word in seen if len(word) >= 3 and word not in STOPWORDS]


def choose_terms(frequencies: dict[str, int], limit: int = 6) -> list[str]:
    """The rarest terms that occur in the index: they find the right candidates, and a query
    of common words would make SQLite rank a large share of the index."""
    present = sorted((df, term) for term, df in frequencies.items() if df > 0)
    return [term for _, term in present[:limit]]


def match_expression(chosen: list[str]) -> str | None:
    return " OR ".join(f'"{term}"' for term in chosen) if chosen else None


def idf(frequencies: dict[str, int], documents: int) -> dict[str, float]:
    """Inverse document frequency of each term over `documents` stored texts: a term in every
    text weighs next to nothing. A term in none weighs half as much as one in a single text:
    a passage without it lacks something the sentence says, but no passage can share it, and
    it must not drown the words that can."""
    rare = math.log((documents + 1) / 1.5)
    return {
        term: max(math.log((documents + 1) / (frequency + 0.5)), 0.05)
        if frequency
        else max(rare / 2, 0.05)
        for term, frequency in frequencies.items()
    }


class Query:
    """A sentence prepared once for scoring many candidate texts: its content words with
    their weights, its figures with the words around them."""

    def __init__(self, text: str, weights: dict[str, float]) -> None:
        from rapidfuzz import utils

        from .figures import find_figures

        self.text = text
        self.processed = utils.default_process(text)
        figures = find_figures(text)
        # The words of a figure ("27 November 2024", "two") are judged as a figure, not as
        # words: another day of November is not a shared word.
        in_figures = {term for figure in figures for term in terms(figure.text)}
        wanted = [
            term
            for term in terms(text)
            if not any(c.isdigit() for c in term) and term not in in_figures
        ]
        ceiling = max(weights.values(), default=1.0)
        self.weight = {term: weights.get(term, ceiling) for term in wanted}
        self.stems = {term: _stem(term) for term in wanted}
        self.total = sum(self.weight.values())
        # "the two sides", "one of the" are wording, not the figures a claim rests on.
        self.figures = [
            (figure, _around(text, figure))
            for figure in figures
            if figure.value is not None
            and (any(c.isdigit() for c in figure.text) or figure.value > 10)
        ]
        # The first digits of each figure, which a text stating it (or a number within 5%
        # of it, or the same date written otherwise) holds; None if a figure is in words.
        leads: set[str] | None = set()
        for figure, _ in self.figures:
            digits = _DIGIT_RUN.findall(figure.text)
            if not digits or leads is None:
                leads = None
                continue
            if figure.kind == "date":
                leads.update(d for d in digits if len(d) == 4)  # the year, in any format
                if not any(len(d) == 4 for d in digits):
                    leads = None
            else:
                # 103,000 is within 5% of 102,929 and of 104,500: neighbours of the first
                # group of digits count too.
                first = int(digits[0])
                leads.update(str(n) for n in (first - 1, first, first + 1) if n >= 0)
        # Where a number with one of those leading digits starts, found in C.
        self.leads = (
            re.compile(r"(?<![\d.,])(?:" + "|".join(sorted(leads, key=len, reverse=True)) + ")")
            if leads
            else None
        )
        self.in_words = leads is None


def relevance(query: str | Query, text: str, weights: dict[str, float] | None = None) -> Match:
    """How well `text` matches `query`: the score (see the module) and what they share,
    figures first, then the rarest words. `weights` holds the IDF of the query's terms (for
    a query given as text); words are matched without their inflections and across a few
    news synonyms."""
    if not isinstance(query, Query):
        query = Query(query, weights or {})
    return _Reading(query, text).match()


class _Reading:
    """One candidate text read against a query: the shared words first (cheap), the figures
    and the wording only when asked (see `rank`)."""

    def __init__(self, query: Query, text: str) -> None:
        self.query = query
        self.text = text
        # Every word, folded as `terms` folds them (stop words cannot match a query's terms).
        folded = text.casefold()
        if not folded.isascii():
            folded = "".join(
                c for c in unicodedata.normalize("NFKD", folded) if not unicodedata.combining(c)
            )
        self.found = set(_TOKEN.findall(folded))
        self.present = set(map(_stem, self.found))
        self.shared = sorted(
            (t for t, stem in query.stems.items() if stem in self.present),
            key=lambda t: -query.weight[t],
        )
        shared_weight = sum(query.weight[t] for t in self.shared)
        self.words = shared_weight / query.total if query.total else 0.0
        # The most this text could score: its shared words, perfect wording, and all the
        # figures if it may state any.
        if query.figures:
            figures = FIGURES_SHARE if _may_state(query, text, self.found) else 0.0
            self.ceiling = 100 * (WORDS_SHARE * self.words + figures + WORDING_SHARE)
        else:
            shared_words = (WORDS_SHARE + FIGURES_SHARE) * self.words
            self.ceiling = 100 * (shared_words + WORDING_SHARE)

    def match(self) -> Match:
        from rapidfuzz import fuzz, utils

        query = self.query
        wording = fuzz.token_set_ratio(query.processed, utils.default_process(self.text)) / 100
        if query.figures:
            figures, shared_figures = _shared_figures(query, self.text, self.present, self.found)
            score = WORDS_SHARE * self.words + FIGURES_SHARE * figures + WORDING_SHARE * wording
        else:
            shared_figures = []
            score = (WORDS_SHARE + FIGURES_SHARE) * self.words + WORDING_SHARE * wording
        return Match(round(100 * score, 1), tuple(shared_figures) + tuple(self.shared[:4]))


def _around(text: str, figure: Figure) -> set[str]:
    """The stems of the content words next to a figure: two before it and two after it."""
    before = [_stem(t) for t in terms(text[max(0, figure.start - 60) : figure.start])]
    after = [_stem(t) for t in terms(text[figure.end : figure.end + 60])]
    words = [w for w in before if not w[0].isdigit()][-2:]
    words += [w for w in after if not w[0].isdigit()][:2]
    return set(words) - {_stem(t) for t in terms(figure.text)}


@functools.lru_cache(maxsize=65536)
def _stem(term: str) -> str:
    """The name of a word's group of news synonyms, or the word without an inflection
    ("deaths" death, "injured" injur, "vowed" vow; "Palestinians" stays apart from
    "Palestine")."""
    if term in SYNONYMS:
        return SYNONYMS[term]
    for suffix, replacement in _SUFFIXES:
        if term.endswith(suffix) and len(term) - len(suffix) >= 3:
            return term[: len(term) - len(suffix)] + replacement
    return term


_SUFFIXES = (("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", ""))


# Words news reports use for one another ("a truce came into force", "the ceasefire took
# effect"): each counts as shared with the others of its group.
_SYNONYM_GROUPS = (
    "ceasefire ceasefires truce truces armistice",
    "killed dead deaths death died fatalities",
    "injured wounded injuries injury hurt",
    "unemployment jobless unemployed",
    "earthquake quake quakes earthquakes tremor",
    "wildfire wildfires blaze blazes fire fires",
    "jailed sentenced imprisoned prison",
    "arrested detained arrests detentions",
    "vaccinated vaccine vaccines vaccination immunised immunized",
    "fell dropped declined decreased fall drop decline",
    "rose increased climbed rise increase",
    "percent per cent",
)
SYNONYMS = {word: group.split()[0] for group in _SYNONYM_GROUPS for word in group.split()}


def _may_state(query: Query, text: str, words: set[str]) -> bool:
    """Whether a text may state one of the query's figures: it has a number starting with one
    of their leading digits, or a number in words (which digits cannot reveal)."""
    if query.in_words or not query.figures:
        return bool(query.figures)
    if query.leads is not None and query.leads.search(text):
        return True
    return not _NUMBER_WORDS.isdisjoint(words)


def _shared_figures(
    query: Query, text: str, present: set[str], words: set[str]
) -> tuple[float, list[str]]:
    """The share of the query's figures the text states (a figure within 1% counts 0.8,
    within 5% 0.5: a rounded toll still points at the passage; one whose neighbouring words
    the text lacks altogether counts half), and those stated exactly or nearly."""
    from .figures import find_figures

    # Reading a text's figures is the costly part: skipped when the text holds none of the
    # leading digits of the query's figures (and the query has no figure in words).
    if not _may_state(query, text, words):
        return 0.0, []
    theirs = [f for f in find_figures(text) if f.value is not None]
    credit = 0.0
    shared: list[str] = []
    for figure, around in query.figures:
        best = 0.0
        nearest = figure
        for other in theirs:
            if other.kind != figure.kind or other.high != figure.high:
                continue
            a, b = figure.value or 0.0, other.value or 0.0
            near = 1.0 if a == b else 0.0
            if not near and figure.kind != "date" and max(abs(a), abs(b)) > 0:
                gap = abs(a - b) / max(abs(a), abs(b))
                near = 0.8 if gap <= 0.01 else 0.5 if gap <= 0.05 else 0.0
            if near > best:
                best, nearest = near, other
        # 1.5 million refugees are not 1.5 million tonnes of grain.
        if best and figure.kind not in {"date", "time"} and not around & present:
            best /= 2
        credit += best
        if best >= 0.8 and figure.text not in shared:
            shared.append(figure.text if best == 1.0 else f"{figure.text} (≈{nearest.text})")
    return credit / len(query.figures), shared


def rank(
    query: str,
    candidates: Iterable[tuple[int, str]],
    limit: int,
    weights: dict[str, float],
    cutoff: float = SCORE_CUTOFF,
) -> list[tuple[int, Match]]:
    """The candidates that match the query best: (key, match), best first.

    The shared words are read for every candidate; figures and wording (the costly part)
    only while a candidate could still enter the best `limit`, judged by the most it could
    score: the ranking is the same as scoring them all."""
    prepared = Query(query, weights)
    readings = sorted(
        ((key, _Reading(prepared, text)) for key, text in candidates),
        key=lambda item: -item[1].ceiling,
    )
    kept: list[tuple[int, Match]] = []
    for key, reading in readings:
        floor = max(cutoff, kept[limit - 1][1].score if len(kept) >= limit else cutoff)
        if reading.ceiling < floor:
            break
        match = reading.match()
        if match.score >= cutoff:
            kept.append((key, match))
            kept.sort(key=lambda item: -item[1].score)
    return kept[:limit]


class EvidenceSearch:
    """Evidence search and "checked before", over the store's full-text indexes."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def find_evidence(self, text: str, limit: int = 5) -> list[PassageHit]:
        """Passages of stored sources' snapshots most like `text`, best first."""
        found = self._candidates("passages", text)
        if found is None:
            return []
        match, weights = found
        candidates = self.store.search_passages(match, CANDIDATES)
        by_id = {c["id"]: c for c in candidates}
        hits = []
        sources: dict[int, Source] = {}
        ranked = rank(text, ((c["id"], c["text"]) for c in candidates), limit, weights)
        for passage_id, score in ranked:
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

    def _candidates(self, index: str, text: str) -> tuple[str, dict[str, float]] | None:
        """The full-text query that picks the candidates, and the IDF of the text's terms."""
        frequencies = self.store.frequencies(index, terms(text))
        match = match_expression(choose_terms(frequencies))
        if match is None:
            return None
        return match, idf(frequencies, self.store.index_size(index))

    def checked_before(self, text: str, article_id: int, limit: int = 5) -> list[PriorCheck]:
        """Sentences of other articles that already have a verdict and read like `text`."""
        query = self._candidates("checked", text)
        if query is None:
            return []
        match, weights = query
        candidates = self.store.search_checked(match, article_id, CANDIDATES)
        by_id = {c["id"]: c for c in candidates}
        found = []
        ranked = rank(text, ((c["id"], c["text"]) for c in candidates), limit, weights)
        for sentence_id, score in ranked:
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
                    match=score,
                )
            )
        return found

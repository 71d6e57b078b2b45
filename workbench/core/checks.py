"""Checks of a sentence against its evidence: is the quotation in the source word for word,
and do the figures agree?

- Quote fidelity: the quoted words are aligned with the source text by rapidfuzz (tolerant of
  case, punctuation and spacing), then compared word by word: exact, near (which words differ,
  which the quotation dropped or added) or not found.
- Figure check: the figures of the sentence are paired with those of the evidence by kind,
  unit and the word that follows them, and compared with a tolerance for rounding and for the
  hedges a sentence states ("more than 40", "about 2,000").
"""

from __future__ import annotations

import math
import re

from .figures import Figure, find_figures
from .models import EvidenceCheck

NEAR_SHARE = 0.6  # share of the quoted words that must match for a "near" quotation
NEAR_OVERLAP = 0.7  # ... and Dice overlap of the quoted words with the source words aligned
WINDOW = 600  # characters of a long source searched around the sentence's best match

# A word, or a number with its separators kept whole (43,600; 11-11-2024; 3.5).
_TOKEN = re.compile(r"\d+(?:[-/.,:]\d+)*|[^\W_]+(?:['’][^\W_]+)*")
_OUTCOME_ORDER = {
    "agree": 0,
    "exact": 0,
    "rounded": 1,
    "near": 2,
    "missing": 3,
    "differ": 4,
    "not found": 4,
}
_HEDGE_ABOVE = re.compile(
    r"\b(?:more\s+than|over|at\s+least|upwards\s+of|in\s+excess\s+of|"
    r"exceeding)\s*$",
    re.I,
)
_HEDGE_BELOW = re.compile(
    r"\b(?:fewer\s+than|less\s+than|under|up\s+to|at\s+most|no\s+more"
    r"\s+than|below)\s*$",
    re.I,
)
_HEDGE_ABOUT = re.compile(
    r"\b(?:about|around|roughly|nearly|almost|some|approximately|"
    r"an\s+estimated|estimated|close\s+to|circa|approx\.?)\s*$",
    re.I,
)
_KIND_GROUP = {
    "count": "count",
    "money": "money",
    "percent": "percent",
    "range": "range",
    "date": "date",
    "time": "time",
    "age": "count",
    "rank": "rank",
    "fraction": "fraction",
    "multiplier": "multiplier",
    "duration": "duration",
}
_STOP = frozenset("of the a an and or in on at to for from by with as than more less".split())


# ------------------------------------------------------------- quotations
def quote_check(sentence: str, source_text: str) -> EvidenceCheck | None:
    """Where the sentence's quoted words stand in the source text, word by word.

    Each quoted part (a quotation split by its attribution, or cut at an ellipsis) is aligned
    on its own with the stretch of the source it fits best: every quoted word is accounted
    for, and the source's words before and after that stretch (a "Posted on Monday:" before
    the quotation) are never part of the comparison."""
    parts = quoted_parts(sentence)
    quoted = " … ".join(parts)
    count = sum(len(_tokens(part)) for part in parts)
    if count < 3 or not source_text.strip():
        return None
    # A long source is read around its stretch richest in the quoted words.
    start, end = 0, len(source_text)
    if len(source_text) > WINDOW * 8:
        start, end = _nearest_span(quoted, source_text, max(WINDOW * 4, 3 * len(quoted)))
    source = [(w, a + start, b + start) for w, a, b in _tokens_with_spans(source_text[start:end])]
    if not source:
        return None
    differ: list[list[str]] = []
    dropped: list[str] = []
    added: list[str] = []
    same = content_same = content = span_words = 0
    spans = []
    for part in parts:
        words = _tokens(part)
        content += sum(word not in _STOP for word in words)
        aligned = _fit(words, source, source_text)
        if aligned is None:
            added.append(" ".join(words))
            continue
        same += aligned.same
        content_same += aligned.content_same
        differ += aligned.differ
        dropped += aligned.dropped
        added += aligned.added
        spans.append((aligned.start, aligned.end))
        span_words += aligned.span_words
    # Found when most quoted words, and most of its content words, are in the source, and the
    # stretch they align with is mostly those words (the quotation "the budget protects every
    # hospital" is not near "the budget would close two clinics and cut hospital staff").
    found = (
        bool(spans)
        and same / count >= NEAR_SHARE
        and content_same >= NEAR_SHARE * content
        and 2 * same / (count + span_words) >= NEAR_OVERLAP
    )
    if not found:
        return EvidenceCheck(
            "quote",
            "not found",
            f"the {count} quoted words are not in the source"
            if not content_same
            else f"only {same} of {count} quoted words match the source",
            {"quoted": quoted, "matched": same, "words": count},
        )
    start, end = min(a for a, _ in spans), max(b for _, b in spans)
    detail = {
        "quoted": quoted,
        "source": source_text[start:end],
        "start": start,
        "end": end,
        "differ": differ,
        "dropped": dropped,
        "added": added,
        "matched": same,
        "words": count,
    }
    if not (differ or dropped or added):
        return EvidenceCheck(
            "quote", "exact", "the quotation is in the source word for word", detail
        )
    changes = [f"“{q}” where the source has “{s}”" for q, s in differ]
    changes += [f"drops “{d}”" for d in dropped] + [f"adds “{a}”" for a in added]
    return EvidenceCheck("quote", "near", f"close to the source, but {'; '.join(changes)}", detail)


_ELLIPSIS = re.compile(r"\[?(?:\.\s?\.\s?\.|…)\]?")
_QUOTE_MARK = re.compile(r"[“”\"«»]")
# What ends a stretch of source text: a quotation never runs on across one of these into the
# words around it ("Posted on Monday: “In continuation …").
_BOUNDARY = re.compile(r"[.:;!?“”\"«»()\[\]\n]")


def quoted_parts(sentence: str) -> list[str]:
    """The quoted stretches of a sentence, in order: a quotation split by its attribution
    (“X,” she said, “Y”) gives two, an ellipsis inside one cuts it. Scare quotes of one or two
    words beside a longer quotation are left out; a sentence without quotation marks is
    quoted whole (reported speech tagged as a quote)."""
    marks = [(m.start(), m.group()) for m in _QUOTE_MARK.finditer(sentence)]
    if not marks:
        raw = [sentence]
    else:
        raw = []
        position, inside = 0, marks[0][1] in "”»"
        for at, mark in marks:
            opening = mark in "“«" or (mark == '"' and not inside)
            if inside and not opening:
                raw.append(sentence[position:at])
                inside = False
            elif not inside and opening:
                inside = True
            position = at + 1
        if inside:
            raw.append(sentence[position:])
    parts = [p.strip() for chunk in raw for p in _ELLIPSIS.split(chunk) if _tokens(p)]
    if any(len(_tokens(p)) >= 3 for p in parts):
        parts = [p for p in parts if len(_tokens(p)) >= 3 or re.search(r"[.!?,;]\W*$", p)]
    return parts


class _Fit:
    """One quoted part aligned with the stretch of source it fits best."""

    __slots__ = (
        "added",
        "content_same",
        "differ",
        "dropped",
        "end",
        "same",
        "span_words",
        "start",
    )

    def __init__(self) -> None:
        self.differ: list[list[str]] = []
        self.dropped: list[str] = []
        self.added: list[str] = []
        self.same = self.content_same = self.span_words = 0
        self.start = self.end = 0


_MATCH, _MISMATCH, _GAP = -2, 1, 1  # costs of the fitting alignment (a match is a reward)


def _fit(words: list[str], source: list[tuple[str, int, int]], text: str) -> _Fit | None:
    """Align every quoted word with a stretch of the source (free to start and end anywhere
    in it): the alignment of least cost, where a shared word earns 2 and each differing,
    missing or extra word costs 1; so a long run of extra source words is reported only
    when more quoted words continue after it."""
    n = len(words)
    centre = _best_window(words, [w for w, _, _ in source])
    if centre is None:
        return None
    reach = n // 2 + 5
    low, high = max(0, centre - reach), min(len(source), centre + n + reach)
    region = [w for w, _, _ in source[low:high]]
    m = len(region)
    # cost[i][j]: the quote's first i words aligned, ending at region word j.
    cost = [[0] * (m + 1)] + [[i * _GAP] + [0] * m for i in range(1, n + 1)]
    for i in range(1, n + 1):
        row, above, word = cost[i], cost[i - 1], words[i - 1]
        for j in range(1, m + 1):
            diagonal = above[j - 1] + (_MATCH if region[j - 1] == word else _MISMATCH)
            row[j] = min(diagonal, above[j] + _GAP, row[j - 1] + _GAP)
    j = min(range(m + 1), key=lambda k: (cost[n][k], k))
    columns: list[tuple[int | None, int | None]] = []  # (quote index, region index)
    i = n
    while i > 0:
        here = cost[i][j]
        if j > 0 and here == cost[i - 1][j - 1] + (
            _MATCH if region[j - 1] == words[i - 1] else _MISMATCH
        ):
            columns.append((i - 1, j - 1))
            i, j = i - 1, j - 1
        elif here == cost[i - 1][j] + _GAP:
            columns.append((i - 1, None))
            i -= 1
        else:
            columns.append((None, j - 1))
            j -= 1
    columns.reverse()
    matched = [
        (q, r) for q, r in columns if q is not None and r is not None and region[r] == words[q]
    ]
    if not matched:
        return None
    fit = _Fit()
    fit.same = len(matched)
    fit.content_same = sum(words[q] not in _STOP for q, _ in matched)
    # Runs of columns between matched words: what the quotation and the source have there.
    blocks: list[tuple[list[int], list[int]]] = []
    quote_run: list[int] = []
    source_run: list[int] = []
    for q, r in columns:
        if q is not None and r is not None and region[r] == words[q]:
            if quote_run or source_run:
                blocks.append((quote_run, source_run))
            blocks.append(([q], [r]))
            quote_run, source_run = [], []
        else:
            if q is not None:
                quote_run.append(q)
            if r is not None:
                source_run.append(r)
    if quote_run or source_run:
        blocks.append((quote_run, source_run))
    # Two changes around one shared word read as one: "the elderly" where the source has
    # "elderly people", not 'drops "people"; adds "the"'.
    merged: list[tuple[list[int], list[int]]] = []
    for block in blocks:
        if (
            len(merged) >= 2
            and not _is_match(block, words, region)
            and _is_match(merged[-1], words, region)
            and not _is_match(merged[-2], words, region)
        ):
            shared, before = merged.pop(), merged.pop()
            block = (before[0] + shared[0] + block[0], before[1] + shared[1] + block[1])
        merged.append(block)
    blocks = merged
    # An edge run of source words that lies beyond a boundary (the "Monday:" of a prefix, a
    # closing quotation mark and what follows) is not what the quotation quotes: its quoted
    # words are added, and the source is not reported for them.
    if blocks and len(blocks[0][1]) and not _is_match(blocks[0], words, region):
        quote_part, source_part = blocks[0]
        following = _next_source(blocks, 1)
        if following is not None and _crosses(
            text, source[low + source_part[0]], source[low + following]
        ):
            blocks[0] = (quote_part, [])
    if blocks and len(blocks[-1][1]) and not _is_match(blocks[-1], words, region):
        quote_part, source_part = blocks[-1]
        preceding = _previous_source(blocks, len(blocks) - 2)
        if preceding is not None and _crosses(
            text, source[low + preceding], source[low + source_part[-1]]
        ):
            blocks[-1] = (quote_part, [])
    # A quoted word the alignment left unpaired at an edge is paired with the source's words
    # up to the next boundary, when there are no more of them than it has words plus one
    # ("for residents" where the source ends "for all drivers.").
    spans = source[low:high]
    if blocks and blocks[-1][0] and not blocks[-1][1]:
        last = _previous_source(blocks, len(blocks) - 1)
        if last is not None:
            run = _run_to_boundary(text, spans, last, +1, len(blocks[-1][0]) + 1)
            if run:
                blocks[-1] = (blocks[-1][0], run)
    if blocks and blocks[0][0] and not blocks[0][1]:
        first = _next_source(blocks, 0)
        if first is not None:
            run = _run_to_boundary(text, spans, first, -1, len(blocks[0][0]) + 1)
            if run:
                blocks[0] = (blocks[0][0], run[::-1])
    used = [r for _, rs in blocks for r in rs]
    fit.span_words = max(used) - min(used) + 1
    fit.start = source[low + min(used)][1]
    fit.end = source[low + max(used)][2]
    for quote_part, source_part in blocks:
        if _is_match((quote_part, source_part), words, region):
            continue
        quote_words = " ".join(words[q] for q in quote_part)
        source_words = " ".join(region[r] for r in source_part)
        if quote_part and source_part:
            fit.differ.append([quote_words, source_words])
        elif quote_part:
            fit.added.append(quote_words)
        elif source_part:
            fit.dropped.append(source_words)
    return fit


def _run_to_boundary(
    text: str, spans: list[tuple[str, int, int]], at: int, step: int, most: int
) -> list[int]:
    """The words next to word `at` (after it for step +1, before it for -1) up to a boundary
    or the end of the text, if there are at least one and at most `most` of them."""
    run: list[int] = []
    index = at
    while len(run) <= most:
        following = index + step
        if not 0 <= following < len(spans):
            # The region's edge: the end of the text only if the region reaches it.
            outside = text[spans[index][2] :] if step > 0 else text[: spans[index][1]]
            return run if run and not _TOKEN.search(outside) else []
        a, b = (spans[index], spans[following]) if step > 0 else (spans[following], spans[index])
        if _crosses(text, a, b):
            return run if len(run) <= most else []
        run.append(following)
        index = following
    return []


def _is_match(block: tuple[list[int], list[int]], words: list[str], region: list[str]) -> bool:
    quote_part, source_part = block
    return (
        len(quote_part) == 1 == len(source_part) and words[quote_part[0]] == region[source_part[0]]
    )


def _next_source(blocks: list[tuple[list[int], list[int]]], at: int) -> int | None:
    for _, source_part in blocks[at:]:
        if source_part:
            return source_part[0]
    return None


def _previous_source(blocks: list[tuple[list[int], list[int]]], at: int) -> int | None:
    for _, source_part in reversed(blocks[: at + 1]):
        if source_part:
            return source_part[-1]
    return None


def _crosses(text: str, first: tuple[str, int, int], last: tuple[str, int, int]) -> bool:
    """Whether a boundary stands between two source words."""
    return _BOUNDARY.search(text, first[2], last[1]) is not None


def _best_window(words: list[str], source: list[str]) -> int | None:
    """The start of the run of len(words) source words sharing the most words with the
    quotation (counted with repeats, one pass); None when no word is shared."""
    wanted: dict[str, int] = {}
    for word in words:
        wanted[word] = wanted.get(word, 0) + 1
    weight = {word: (1 if word in _STOP else 3) for word in wanted}
    have: dict[str, int] = {}
    n, score, best, best_at = len(words), 0, 0, None
    for index, word in enumerate(source):
        if word in wanted:
            if have.get(word, 0) < wanted[word]:
                score += weight[word]
            have[word] = have.get(word, 0) + 1
        if index >= n:
            gone = source[index - n]
            if gone in wanted:
                have[gone] -= 1
                if have[gone] < wanted[gone]:
                    score -= weight[gone]
        if score > best:
            best, best_at = score, max(0, index - n + 1)
    return best_at


def _tokens(text: str) -> list[str]:
    return [word.casefold().replace("’", "'") for word in _TOKEN.findall(text)]


def _tokens_with_spans(text: str) -> list[tuple[str, int, int]]:
    return [
        (m.group().casefold().replace("’", "'"), m.start(), m.end()) for m in _TOKEN.finditer(text)
    ]


# ---------------------------------------------------------------- figures
def figure_check(sentence: str, evidence_text: str) -> EvidenceCheck | None:
    """Pair each figure of the sentence with one of the evidence and compare them."""
    ours = find_figures(sentence)
    if not ours or not evidence_text.strip():
        return None
    theirs = find_figures(evidence_text)
    pairs = _pairs(sentence, ours, evidence_text, theirs)
    rows = []
    for index, figure in enumerate(ours):
        match = pairs.get(index)
        if match is None:
            rows.append(
                {
                    "figure": figure.text,
                    "outcome": "missing",
                    "note": "no figure of this kind in the evidence",
                }
            )
            continue
        outcome, note = _compare(figure, match, _hedge(sentence, figure))
        rows.append(
            {"figure": figure.text, "evidence": match.text, "outcome": outcome, "note": note}
        )
    worst = max(rows, key=lambda row: _OUTCOME_ORDER[row["outcome"]])["outcome"]
    parts = []
    for row in rows:
        if row["outcome"] == "missing":
            parts.append(f"{row['figure']}: not in the evidence")
        else:
            parts.append(f"{row['figure']} vs {row['evidence']}: {row['note']}")
    return EvidenceCheck("figure", worst, "; ".join(parts), {"pairs": rows})


def _hedge(text: str, figure: Figure) -> str:
    before = text[max(0, figure.start - 30) : figure.start]
    if _HEDGE_ABOVE.search(before):
        return "above"
    if _HEDGE_BELOW.search(before):
        return "below"
    if _HEDGE_ABOUT.search(before):
        return "about"
    return ""


def _context(text: str, figure: Figure) -> tuple[set[str], set[str]]:
    """The content words next to a figure: the two after it, up to the next figure ("43,600
    deaths", "103,000 people injured"), and the one before it ("deaths of 43,600"), as stems.
    Words that go with any count ("people", "said") tell nothing about which count it is."""
    after = []
    for word in _TOKEN.findall(text[figure.end : figure.end + 40]):
        if _has_digit(word):
            break
        if word.casefold() not in _STOP and word.casefold() not in _GENERIC:
            after.append(word.casefold()[:5])
    before = [
        w.casefold()[:5]
        for w in _TOKEN.findall(text[max(0, figure.start - 30) : figure.start])
        if w.casefold() not in _STOP and w.casefold() not in _GENERIC and not _has_digit(w)
    ]
    return set(after[:2]), set(before[-1:])


_GENERIC = frozenset(
    "people persons residents individuals had been have has were was is are said says "
    "told added according".split()
)


def _shared(ours: tuple[set[str], set[str]], theirs: tuple[set[str], set[str]]) -> int:
    """How alike two figures' contexts are: the words after a figure weigh double."""
    (after_a, before_a), (after_b, before_b) = ours, theirs
    return (
        2 * len(after_a & after_b)
        + len(before_a & before_b)
        + len(after_a & before_b)
        + len(before_a & after_b)
    )


def _compatible(ours: Figure, theirs: Figure) -> bool:
    """Whether two figures can be compared: the same kind, or a range and an amount."""
    a, b = _KIND_GROUP.get(ours.kind, ours.kind), _KIND_GROUP.get(theirs.kind, theirs.kind)
    if a == b:
        return True
    return "range" in (a, b) and {a, b} - {"range"} <= {"count", "money", "percent"}


def _pairs(
    sentence: str, ours: list[Figure], evidence: str, theirs: list[Figure]
) -> dict[int, Figure]:
    """Each figure of the sentence with the evidence figure of its kind and unit that is most
    alike in context and value; the best pairs are taken first, each figure used once."""
    scored = []
    # One date on each side are compared even without shared words around them.
    lone_dates = (
        sum(f.kind == "date" for f in ours) == 1 and sum(f.kind == "date" for f in theirs) == 1
    )
    for i, figure in enumerate(ours):
        group = _KIND_GROUP.get(figure.kind, figure.kind)
        context = _context(sentence, figure)
        for j, candidate in enumerate(theirs):
            if not _compatible(figure, candidate):
                continue
            if figure.unit and candidate.unit and figure.unit != candidate.unit:
                continue
            overlap = _shared(context, _context(evidence, candidate))
            if (
                group == "date"
                and not overlap
                and candidate.value != figure.value
                and not lone_dates
            ):
                continue  # one of several dates (a dateline, a publication date): unrelated
            scored.append((overlap + 2 * _closeness(figure, candidate), -j, i, j))
    scored.sort(reverse=True)
    chosen: dict[int, Figure] = {}
    taken: set[int] = set()
    for _, _, i, j in scored:
        if i not in chosen and j not in taken:
            chosen[i] = theirs[j]
            taken.add(j)
    return chosen


def _closeness(a: Figure, b: Figure) -> float:
    if a.value is None or b.value is None:
        return 0.0
    if a.value == b.value:
        return 1.5
    scale = max(abs(a.value), abs(b.value), 1e-9)
    return max(0.0, 1.0 - abs(a.value - b.value) / scale)


def _compare(ours: Figure, theirs: Figure, hedge: str) -> tuple[str, str]:
    if ours.kind == "date" and theirs.kind == "date":
        return _compare_dates(ours, theirs)
    a, b = ours.value, theirs.value
    if a is None or b is None:
        return (
            ("agree", "same figure")
            if ours.text.lower() == theirs.text.lower()
            else ("differ", "cannot be compared")
        )
    if ours.high is not None or theirs.high is not None:
        low_a, high_a = a, ours.high if ours.high is not None else a
        low_b, high_b = b, theirs.high if theirs.high is not None else b
        if (low_a, high_a) == (low_b, high_b):
            return "agree", "same range"
        if low_a <= low_b and high_b <= high_a:
            return "agree", "within the stated range"
        if ours.high is None and low_b <= a <= high_b:
            # Consistent, but more exact than the evidence: not "differ", not "agree" either.
            return "rounded", f"within the evidence's range {_n(low_b)}–{_n(high_b)}"
        return "differ", f"range {_n(low_a)}–{_n(high_a)} against {_n(low_b)}–{_n(high_b)}"
    if a == b:
        return "agree", "same value"
    difference = b - a
    if hedge == "above" and 0 <= difference < ours.precision:
        return "rounded", f"the evidence has {_n(b)}: more than {_n(a)}, as stated"
    if hedge == "below" and -ours.precision < difference <= 0:
        return "rounded", f"the evidence has {_n(b)}: within {_n(a)}, as stated"
    if hedge in {"above", "below"} and (difference > 0) == (hedge == "above"):
        share = abs(difference) / abs(b)
        return "differ", (
            f"the evidence has {_n(b)}: the sentence's wording holds, but "
            f"understates it by {_n(abs(difference))} ({share:.1%})"
        )
    share = abs(difference) / abs(b) if b else float("inf")
    if abs(difference) <= ours.precision / 2 + 1e-9 or (hedge == "about" and share <= 0.1):
        return "rounded", f"{_n(b)} rounded to {_n(a)}"
    relative = f" ({share:.1%})" if b else ""
    return "differ", f"differs by {_n(abs(difference))}{relative}"


def _compare_dates(ours: Figure, theirs: Figure) -> tuple[str, str]:
    a, b = int(ours.value or 0), int(theirs.value or 0)
    parts_a = (a // 10000, a // 100 % 100, a % 100)
    parts_b = (b // 10000, b // 100 % 100, b % 100)
    for x, y in zip(parts_a, parts_b, strict=True):
        if x and y and x != y:
            return "differ", f"{ours.normal} against {theirs.normal}"
    return "agree", "same date" if parts_a == parts_b else "consistent dates"


def _n(value: float) -> str:
    return f"{int(value):,}" if float(value).is_integer() else f"{value:,.4g}"


# ------------------------------------------------------------------ both
def evidence_text(sentence: str, excerpt: str | None, snapshot: str | None) -> str:
    """What a figure check reads: the passage of the snapshot the sentence speaks of, with the
    heading lines just above it (where a statement's date often stands).

    An excerpt the reviewer chose locates that passage, it does not replace the snapshot: an
    excerpt that leaves out the date still has the date of its passage read. The passage is
    otherwise the one sharing the sentence's rarest words (figures left out, so a wrong figure
    cannot pick the passage that agrees with it). An excerpt that is not in the snapshot, or
    evidence without a snapshot, is read as it stands."""
    has_excerpt = bool(excerpt and excerpt.strip())
    if not snapshot or not snapshot.strip():
        return excerpt if has_excerpt and excerpt else ""
    if len(snapshot) > WINDOW * 8:  # a long snapshot is read around what it is looked up by
        lookup = excerpt if has_excerpt and excerpt else sentence
        start, end = _nearest_span(lookup, snapshot, max(WINDOW * 4, 3 * len(lookup)))
        snapshot = snapshot[start:end]
    passages = _passages(snapshot)
    if not passages:
        return snapshot
    chosen: list[int] = []
    if has_excerpt and excerpt:
        words = _tokens(excerpt)
        aligned = _fit(words, _tokens_with_spans(snapshot), snapshot) if words else None
        if aligned is None or aligned.same < NEAR_SHARE * len(words):
            return excerpt
        chosen = [k for k, (a, b) in enumerate(passages) if a < aligned.end and aligned.start < b]
    if not chosen:
        best = _best_passage(sentence, snapshot, passages)
        if best is None:
            return nearest_window(sentence, snapshot)
        chosen = [best]
    first = chosen[0]
    start, end = passages[first][0], passages[chosen[-1]][1]
    # Short lines right above the passage head it ("Statement 2 — 10-11-2024").
    for k in range(first - 1, max(first - 3, -1), -1):
        a, b = passages[k]
        if len(_TOKEN.findall(snapshot[a:b])) > HEADING_WORDS or "\n" not in snapshot[b:start]:
            break
        start = a
    return snapshot[start:end]


HEADING_WORDS = 12  # words of a line above a passage that is read as its heading
_LINE = re.compile(r"[^\n]+")


_ENDS_SENTENCE = re.compile(r"[.!?:;”\"’')\]]\s*$")
_GOES_ON = re.compile(r"\s*[a-z0-9(]")


def _lines(text: str) -> list[tuple[int, int]]:
    """The text's non-blank lines, a sentence wrapped over several lines (a PDF's or a
    hard-wrapped file's) joined again: a line that ends without a sentence's end, followed by
    one that goes on in lower case, is one line with it. Headings and table rows, which the
    next line does not continue, stay lines of their own."""
    lines: list[tuple[int, int]] = []
    joinable = False
    for line in _LINE.finditer(text):
        body = line.group()
        if not body.strip():
            joinable = False
            continue
        if joinable and lines and _GOES_ON.match(body):
            lines[-1] = (lines[-1][0], line.end())
        else:
            lines.append(line.span())
        joinable = not _ENDS_SENTENCE.search(body)
    return lines


def _passages(text: str) -> list[tuple[int, int]]:
    """The lines of a text (wrapped sentences joined), a long line cut into passages of whole
    sentences."""
    from .search import passage_spans

    spans = []
    for start, end in _lines(text):
        line = text[start:end]
        if len(_TOKEN.findall(line)) <= 80:
            spans.append((start, end))
        else:
            spans += [(start + a, start + b) for a, b in passage_spans(line)]
    return spans


def _best_passage(sentence: str, text: str, passages: list[tuple[int, int]]) -> int | None:
    """The passage sharing the most of the sentence's words, each weighted by how rare it is
    among the passages (words in every passage tell nothing); figures are not counted."""
    wanted = {w for w in _tokens(sentence) if w not in _STOP and len(w) > 2 and not _has_digit(w)}
    if not wanted:
        return None
    seen = [wanted & set(_tokens(text[a:b])) for a, b in passages]
    frequency: dict[str, int] = {}
    for words in seen:
        for word in words:
            frequency[word] = frequency.get(word, 0) + 1
    total = len(passages)
    scores = [sum(math.log((total + 1) / (frequency[w] + 0.5)) for w in words) for words in seen]
    best = max(range(total), key=lambda k: (scores[k], -k))
    return best if seen[best] else None


def _has_digit(word: str) -> bool:
    return any(c.isdigit() for c in word)


def nearest_window(sentence: str, text: str, width: int = WINDOW * 2) -> str:
    """The stretch of a long text with the most of the sentence's words: one pass over the
    text, so a snapshot of megabytes costs milliseconds."""
    start, end = _nearest_span(sentence, text, width)
    return text[start:end]


def _nearest_span(sentence: str, text: str, width: int) -> tuple[int, int]:
    """Where `nearest_window` lies in the text."""
    if len(text) <= width:
        return 0, len(text)
    wanted = {
        w.casefold()
        for w in _TOKEN.findall(sentence)
        if w.casefold() not in _STOP and (len(w) > 3 or any(c.isdigit() for c in w))
    }
    step = width // 2
    hits = [0] * (len(text) // step + 2)
    # Each wanted word is looked for with str.find (a fast search in C) and counted where it
    # stands as a whole word: a snapshot of megabytes costs milliseconds.
    lowered = text.lower()
    for word in wanted:
        at = lowered.find(word)
        while at >= 0:
            after = at + len(word)
            if not (at and lowered[at - 1].isalnum()) and not (
                after < len(lowered) and lowered[after].isalnum()
            ):
                hits[min(at // step, len(hits) - 1)] += 1
            at = lowered.find(word, after)
    best = max(range(len(hits) - 1), key=lambda b: (hits[b] + hits[b + 1], -b))
    return best * step, min(len(text), best * step + width + step // 2)


def run_checks(
    sentence: str, tags: set[str], excerpt: str | None, snapshot: str | None
) -> list[EvidenceCheck]:
    """The checks that apply to one evidence link of a sentence with these tags."""
    results = []
    if "quote" in tags:
        source = snapshot if snapshot and snapshot.strip() else excerpt
        result = quote_check(sentence, source or "")
        if result is not None:
            results.append(result)
    if "figure" in tags:
        result = figure_check(sentence, evidence_text(sentence, excerpt, snapshot))
        if result is not None:
            results.append(result)
    return results

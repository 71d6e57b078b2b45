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

import re

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from .figures import Figure, find_figures
from .models import EvidenceCheck
from .suggest import inside_quotes

NEAR_SHARE = 0.6  # share of the quoted words that must match for a "near" quotation
FOUND_SCORE = 60.0  # rapidfuzz alignment score below which a quotation is "not found"
WINDOW = 600  # characters of a long source searched around the sentence's best match

_TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
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
    """Where the sentence's quoted words stand in the source text, word by word."""
    quoted = inside_quotes(sentence)
    words = _tokens(quoted)
    if len(words) < 3 or not source_text.strip():
        return None
    if len(source_text) > WINDOW * 8:
        source_text = nearest_window(quoted, source_text, WINDOW * 4)
    source = _tokens_with_spans(source_text)
    if not source:
        return None
    needle = " ".join(words)
    hay = " ".join(word for word, _, _ in source)
    alignment = fuzz.partial_ratio_alignment(needle, hay)
    if alignment is None or alignment.score < FOUND_SCORE:
        return EvidenceCheck(
            "quote",
            "not found",
            f"the {len(words)} quoted words are not in the source",
            {"quoted": quoted.strip(), "score": round(alignment.score if alignment else 0, 1)},
        )
    first, last = _token_range(hay, alignment.dest_start, alignment.dest_end)
    slack = max(2, len(words) // 4)
    first, last = max(0, first - slack), min(len(source), last + slack)
    window = [word for word, _, _ in source[first:last]]
    ops = Levenshtein.opcodes(words, window)
    # The window is wider than the match: source words before and after it are not "dropped".
    blocks = list(ops)
    while blocks and blocks[0].tag == "insert":
        blocks.pop(0)
    while blocks and blocks[-1].tag == "insert":
        blocks.pop()
    differ, dropped, added = [], [], []
    same = 0
    for op in blocks:
        quote_part = words[op.src_start : op.src_end]
        source_part = window[op.dest_start : op.dest_end]
        if op.tag == "equal":
            same += len(quote_part)
        elif op.tag == "replace":
            differ.append([" ".join(quote_part), " ".join(source_part)])
        elif op.tag == "delete":
            added.append(" ".join(quote_part))
        elif op.tag == "insert":
            dropped.append(" ".join(source_part))
    if not blocks:
        return EvidenceCheck("quote", "not found", "the quoted words are not in the source")
    start = source[first + blocks[0].dest_start][1]
    end = source[first + blocks[-1].dest_end - 1][2]
    detail = {
        "quoted": quoted.strip(),
        "source": source_text[start:end],
        "start": start,
        "end": end,
        "differ": differ,
        "dropped": dropped,
        "added": added,
        "score": round(alignment.score, 1),
    }
    if not (differ or dropped or added):
        return EvidenceCheck(
            "quote", "exact", "the quotation is in the source word for word", detail
        )
    if same / len(words) < NEAR_SHARE:
        return EvidenceCheck(
            "quote",
            "not found",
            f"only {same} of {len(words)} quoted words match the source",
            detail,
        )
    changes = [f"“{q}” where the source has “{s}”" for q, s in differ]
    changes += [f"drops “{d}”" for d in dropped] + [f"adds “{a}”" for a in added]
    return EvidenceCheck("quote", "near", f"close to the source, but {'; '.join(changes)}", detail)


def _tokens(text: str) -> list[str]:
    return [word.casefold().replace("’", "'") for word in _TOKEN.findall(text)]


def _tokens_with_spans(text: str) -> list[tuple[str, int, int]]:
    return [
        (m.group().casefold().replace("’", "'"), m.start(), m.end()) for m in _TOKEN.finditer(text)
    ]


def _token_range(joined: str, start: int, end: int) -> tuple[int, int]:
    """Token indices [first, last) of a space-joined token string covering characters
    start–end."""
    first = joined.count(" ", 0, start)
    last = joined.count(" ", 0, max(start, end - 1)) + 1
    return first, last


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


def _context(text: str, figure: Figure) -> set[str]:
    """The content words next to a figure ("43,600 deaths", "deaths of 43,600")."""
    after = [w.casefold() for w in _TOKEN.findall(text[figure.end : figure.end + 30])]
    before = [w.casefold() for w in _TOKEN.findall(text[max(0, figure.start - 30) : figure.start])]
    words = [w for w in after if w not in _STOP][:1] + [w for w in before if w not in _STOP][-1:]
    return {w[:5] for w in words}


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
            if _KIND_GROUP.get(candidate.kind) != group:
                continue
            if figure.unit and candidate.unit and figure.unit != candidate.unit:
                continue
            overlap = len(context & _context(evidence, candidate))
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
    """What a figure check reads: the excerpt the reviewer chose, else the part of the
    snapshot most like the sentence."""
    if excerpt and excerpt.strip():
        return excerpt
    if not snapshot:
        return ""
    return nearest_window(sentence, snapshot)


def nearest_window(sentence: str, text: str, width: int = WINDOW * 2) -> str:
    """The stretch of a long text with the most of the sentence's words: one pass over the
    text, so a snapshot of megabytes costs milliseconds."""
    if len(text) <= width:
        return text
    wanted = {
        w.casefold()
        for w in _TOKEN.findall(sentence)
        if w.casefold() not in _STOP and (len(w) > 3 or any(c.isdigit() for c in w))
    }
    step = width // 2
    hits = [0] * (len(text) // step + 2)
    for match in _TOKEN.finditer(text):
        if match.group().casefold() in wanted:
            hits[match.start() // step] += 1
    best = max(range(len(hits) - 1), key=lambda b: (hits[b] + hits[b + 1], -b))
    return text[best * step : best * step + width + step // 2]


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

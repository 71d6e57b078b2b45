"""Where an imported document's sentences are: the splitter's spans with metadata cut out."""

from __future__ import annotations

import bisect
import itertools

from .ingest import Document
from .segment import split_paragraphs, split_sentences


def segment_document(document: Document) -> list[tuple[int, int, int, str, str]]:
    """Sentences of a document as (start, end, paragraph, kind, text), metadata cut out."""
    text = document.text
    paragraph_starts = [p.start for p in split_paragraphs(text)]
    excluded = _Excluded(document.exclude)
    rows: list[tuple[int, int, int, str, str]] = []
    for span in split_sentences(text):
        for start, end in _subtract(span.start, span.end, excluded.near(span.start, span.end)):
            while start < end and text[start].isspace():
                start += 1
            while end > start and text[end - 1].isspace():
                end -= 1
            if start >= end:
                continue
            paragraph = max(bisect.bisect_right(paragraph_starts, start) - 1, 0)
            rows.append((start, end, paragraph, "body", text[start:end]))
    if rows and document.title and rows[0][4].strip() == document.title.strip():
        start, end, paragraph, _, sentence = rows[0]
        rows[0] = (start, end, paragraph, "headline", sentence)
    return rows


class _Excluded:
    """The document's excluded ranges in order, found near a sentence by bisection: a
    document with thousands of table rules does not test each against every sentence."""

    def __init__(self, ranges: tuple[tuple[int, int], ...]) -> None:
        self.ranges = sorted(ranges)
        self.starts = [start for start, _ in self.ranges]
        self.reach = list(itertools.accumulate((end for _, end in self.ranges), max))

    def near(self, start: int, end: int) -> list[tuple[int, int]]:
        """The ranges, in order, from the first that ends after `start` to the last that
        begins before `end` (every range that can overlap start–end, and maybe others)."""
        first = bisect.bisect_right(self.reach, start)
        last = bisect.bisect_left(self.starts, end)
        return self.ranges[first:last]


def _subtract(start: int, end: int, excluded: list[tuple[int, int]]) -> list[tuple[int, int]]:
    pieces = [(start, end)]
    for ex_start, ex_end in excluded:
        if ex_end <= start or ex_start >= end:
            continue
        next_pieces = []
        for a, b in pieces:
            if ex_end <= a or ex_start >= b:
                next_pieces.append((a, b))
                continue
            if a < ex_start:
                next_pieces.append((a, ex_start))
            if ex_end < b:
                next_pieces.append((ex_end, b))
        pieces = next_pieces
    return pieces

"""Where an imported document's sentences are: the splitter's spans with metadata cut out."""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Iterator

from .ingest import Document
from .segment import iter_paragraphs, iter_sentences

Row = tuple[int, int, int, str, str]


def segment_document(document: Document) -> list[Row]:
    """Sentences of a document as (start, end, paragraph, kind, text), metadata cut out."""
    return list(iter_segments(document))


def iter_segments(document: Document) -> Iterator[Row]:
    """`segment_document`, a sentence at a time: a long text's sentences are not all held at
    once (the text is read as it goes, paragraph starts included)."""
    text = document.text
    paragraphs = iter_paragraphs(text)
    # The paragraph a sentence is in: the last one that starts at or before it (the first
    # for text before any), as the sentences come in order.
    paragraph = -1
    following = next(paragraphs, None)
    excluded = _Excluded(document.exclude)
    first = True
    last = 0
    for span in iter_sentences(text):
        for start, end in _subtract(span.start, span.end, excluded.near(span.start, span.end)):
            while start < end and text[start].isspace():
                start += 1
            while end > start and text[end - 1].isspace():
                end -= 1
            if start >= end:
                continue
            if start < last:  # not in order (never so far): count the paragraphs again
                paragraph = sum(1 for p in iter_paragraphs(text) if p.start <= start) - 1
                paragraphs = iter_paragraphs(text)
                following = next(itertools.islice(paragraphs, paragraph + 1, None), None)
            last = start
            while following is not None and following.start <= start:
                paragraph += 1
                following = next(paragraphs, None)
            sentence = text[start:end]
            kind = "body"
            if first and document.title and sentence.strip() == document.title.strip():
                kind = "headline"
            first = False
            yield (start, end, max(paragraph, 0), kind, sentence)


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

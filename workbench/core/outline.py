"""A document's sentences made a part at a time for the import. The text is read twice: once
for where its sentences are (kept as compact arrays of offsets) and the names the article
uses, and once to make each part's sentences and suggestions as the store writes them. What
is held at once is the text, the arrays and one part, however long the text."""

from __future__ import annotations

from array import array
from collections.abc import Iterator
from typing import TYPE_CHECKING

from .layout import Row, iter_segments

if TYPE_CHECKING:
    from .ingest import Document
    from .suggest import SentenceHints

# Sentences whose suggestions are made at a time (whole paragraphs: more for a long one).
PART = 2_000


class Outline:
    """Where a document's sentences are, and the names it uses."""

    def __init__(self, document: Document) -> None:
        from .suggest import article_names

        self.text = document.text
        self.starts = array("q")
        self.ends = array("q")
        self.paragraphs = array("q")
        self.first_kind = "body"

        def texts() -> Iterator[str]:
            for start, end, paragraph, kind, sentence in iter_segments(document):
                if not self.starts:
                    self.first_kind = kind
                self.starts.append(start)
                self.ends.append(end)
                self.paragraphs.append(paragraph)
                yield sentence

        self.known = article_names(texts())

    def __len__(self) -> int:
        return len(self.starts)

    def row(self, index: int) -> Row:
        start, end = self.starts[index], self.ends[index]
        kind = self.first_kind if index == 0 else "body"
        return (start, end, self.paragraphs[index], kind, self.text[start:end])

    def rows(self) -> list[Row]:
        """Every sentence at once (`segment_document`'s rows)."""
        return list(self.iter_rows())

    def iter_rows(self) -> Iterator[Row]:
        """`segment_document`'s rows, one at a time."""
        return (self.row(index) for index in range(len(self)))

    def suggested(self) -> Iterator[tuple[Row, SentenceHints]]:
        """Each sentence with its suggestions, as `suggest` makes them for the whole article,
        made a part of whole paragraphs at a time. A part's suggestions read its sentences,
        the paragraph before it (and the sentence before that, which may attribute a
        quotation) and the paragraph after it (its first sentence's features count in the
        part's last score), with the names of the whole article."""
        from .suggest import suggest

        count = len(self)
        first = 0
        while first < count:
            end = min(first + PART, count)
            if end < count:
                end = self._paragraph_end(end - 1)
            low = max(self._paragraph_start(first - 1) - 1, 0) if first > 0 else 0
            high = self._paragraph_end(end) if end < count else count
            window = [
                (self.text[self.starts[i] : self.ends[i]], self.paragraphs[i])
                for i in range(low, high)
            ]
            hints = suggest(window, self.known, part=(first - low, end - low))
            for index, found in zip(range(first, end), hints, strict=True):
                yield self.row(index), found
            first = end

    def _paragraph_start(self, index: int) -> int:
        """The first sentence of the paragraph sentence `index` is in."""
        paragraph = self.paragraphs[index]
        while index > 0 and self.paragraphs[index - 1] == paragraph:
            index -= 1
        return index

    def _paragraph_end(self, index: int) -> int:
        """One past the last sentence of the paragraph sentence `index` is in."""
        paragraph = self.paragraphs[index]
        count = len(self)
        while index < count and self.paragraphs[index] == paragraph:
            index += 1
        return index

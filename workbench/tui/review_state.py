"""What the review screen keeps about an article besides its widgets: the rows read so far,
the review counts kept row by row, the filter, and which sentence `n` goes to next."""

from __future__ import annotations

from bisect import bisect_right
from collections import OrderedDict

from ..core.coverage import percent_done
from ..core.errors import WorkbenchError
from ..core.models import TAGS, Sentence
from ..core.service import Workbench

FIRST_CHUNK = 500  # rows read before the first paint, past the current sentence
LATER_CHUNK = 10_000  # rows read per step after it
TEXT_CACHE = 5_000  # sentence texts kept
RUN_GAP = 32  # changed rows this close are read again together, the rows between too


def needs_work(sentence: Sentence) -> bool:
    """Not finished: neither tagged and rated nor marked as having nothing to check."""
    return not sentence.done


class Progress:
    """Review counts, read once from the store and then kept up to date row by row, so a
    keypress never recounts 100,000 rows."""

    def __init__(self, counts: dict[str, int]) -> None:
        self.total = counts.get("total", 0)
        self.tagged = counts.get("tagged", 0)
        self.evidence = counts.get("evidence", 0)
        self.verdict = counts.get("verdict", 0)
        self.marked = counts.get("marked", 0)
        self.to_do = self.total - counts.get("done", self.verdict)

    @property
    def percent(self) -> int:
        """Per cent done, as the library and the CLI count it."""
        return percent_done(self.total - self.to_do, self.total)

    def _count(self, row: Sentence, sign: int) -> None:
        self.tagged += sign * bool(row.tags)
        self.evidence += sign * bool(row.evidence_count)
        self.verdict += sign * bool(row.tags and row.verdict)
        self.marked += sign * row.marked
        self.to_do += sign * needs_work(row)

    def replace(self, old: Sentence, new: Sentence) -> None:
        self._count(old, -1)
        self._count(new, 1)


# The state filters as the reviewer types them; `is:`, `has:` and `no:` take any of the states.
FILTERS = (
    "is:claim is:quote is:figure is:tagged is:untagged is:headline "
    "is:done has:evidence has:verdict no:evidence no:verdict no:tags no:done"
)
FILTER_KINDS = frozenset({"is", "has", "no"})
STATES = frozenset({"tagged", "untagged", "evidence", "verdict", "tags", "headline", "done", *TAGS})


def is_state_term(term: str) -> bool:
    """`is:claim`, `no:bogus`: a term that filters by state rather than by words."""
    kind, _, value = term.partition(":")
    return bool(value) and kind in FILTER_KINDS


def unknown_filters(terms: list[str]) -> list[str]:
    """The state terms that name no state (`is:bogus`): they match no sentence."""
    return [t for t in terms if is_state_term(t) and t.partition(":")[2] not in STATES]


def matches(sentence: Sentence, terms: list[str], text: str) -> bool:
    """Filter terms: words match the text; is:claim|quote|figure|tagged|untagged|done,
    has:evidence|verdict, no:evidence|verdict|tags|done match states; a state term naming no
    state matches nothing."""
    text = text.casefold()
    for term in terms:
        kind, _, value = term.partition(":")
        if is_state_term(term):
            state = {
                "tagged": bool(sentence.tags),
                "untagged": not sentence.tags,
                "evidence": sentence.evidence_count > 0,
                "verdict": sentence.verdict is not None,
                "done": sentence.done,
                "tags": bool(sentence.tags),
                "headline": sentence.kind == "headline",
                **{tag: tag in sentence.tags for tag in TAGS},
            }.get(value)
            if state is None:
                return False
            if (kind == "no") == state:
                return False
        elif term not in text:
            return False
    return True


def next_to_do(rows: list[Sentence], cursor: int, step: int, by_worth: bool) -> int | None:
    """Index of the next (step 1) or previous (step -1) sentence that needs work: in article
    order, or most check-worthy first; None when nothing is left. Sentences a revision of
    the article changed since review come first, in article order."""
    if not rows:
        return None
    if any(row.changed for row in rows):
        for offset in range(1, len(rows) + 1):
            index = (cursor + step * offset) % len(rows)
            if rows[index].changed and index != cursor:
                return index
    if not by_worth:
        for offset in range(1, len(rows) + 1):
            index = (cursor + step * offset) % len(rows)
            if needs_work(rows[index]):
                return index
        return None
    order = sorted(
        (i for i, row in enumerate(rows) if needs_work(row)), key=lambda i: (-rows[i].worth, i)
    )
    if not order:
        return None
    if cursor in order:
        return order[(order.index(cursor) + step) % len(order)]
    if cursor < 0:
        return order[0]
    # From a finished sentence: the next in the order below its own worth.
    worth = rows[cursor].worth
    later = [i for i in order if (-rows[i].worth, i) > (-worth, cursor)]
    earlier = [i for i in order if (-rows[i].worth, i) < (-worth, cursor)]
    if step > 0:
        return later[0] if later else order[0]
    return earlier[-1] if earlier else order[-1]


class ArticleRows:
    """An article's sentences as the review screen lists them, read a chunk at a time.

    The rows hold no sentence text (100,000 of them would cost tens of MB): texts are read
    for the rows on screen and kept in a bounded cache, and for a filter by words once per
    filter. `all` holds every sentence read so far in order, so a sentence's index is its
    number - 1.
    """

    def __init__(self, workbench: Workbench, article_id: int) -> None:
        self.workbench = workbench
        self.article_id = article_id
        self.all: list[Sentence] = []
        self.complete = False  # every sentence of the article read into `all`
        self.texts: OrderedDict[int, str] = OrderedDict()
        self.filter_texts: dict[int, str] | None = None
        self._index: dict[int, int] | None = None  # sentence id -> index in `all`

    def index_of(self, sentence_id: int) -> int | None:
        """Where a sentence is in `all` (None: not read yet, or not in the article)."""
        if self._index is None or len(self._index) != len(self.all):
            self._index = {row.id: index for index, row in enumerate(self.all)}
        return self._index.get(sentence_id)

    def read_again(self, ids: frozenset[int]) -> list[tuple[int, Sentence]] | None:
        """Read the rows of these sentences again, in place in `all`: (index, old row) for
        each replaced. Rows close together are read in one go. None when the rows found are
        not the ones expected (the sentences moved meanwhile): read the article again."""
        indices = sorted(i for i in map(self.index_of, ids) if i is not None)
        replaced: list[tuple[int, Sentence]] = []
        while indices:
            first = last = indices.pop(0)
            while indices and indices[0] - last <= RUN_GAP:
                last = indices.pop(0)
            fresh = self.workbench.sentences(
                self.article_id,
                after=self.all[first - 1] if first else None,
                limit=last - first + 1,
                with_text=False,
            )
            if [row.id for row in fresh] != [row.id for row in self.all[first : last + 1]]:
                return None
            for index, row in enumerate(fresh, first):
                if row != self.all[index]:
                    replaced.append((index, self.all[index]))
                    self.all[index] = row
        return replaced

    def read_first(self, through: int) -> None:
        """Read again from the start: through sentence `through` and a screenful more."""
        first = FIRST_CHUNK + through
        self.all = self.workbench.sentences(self.article_id, limit=first, with_text=False)
        self.complete = len(self.all) < first
        self._index = None
        self.texts.clear()
        self.filter_texts = None

    def read_more(self, limit: int | None = None) -> list[Sentence]:
        """The next `limit` sentences (a chunk by default, every one left with -1),
        appended to `all`."""
        if self.complete or not self.all:
            return []
        limit = LATER_CHUNK if limit is None else limit
        more = self.workbench.sentences(
            self.article_id, after=self.all[-1], limit=limit, with_text=False
        )
        self.complete = limit < 0 or len(more) < limit
        self.all.extend(more)
        return more

    def text_of(self, sentence: Sentence) -> str:
        """A sentence's text, read from the store the first time it is needed."""
        if sentence.text:
            return sentence.text
        text = self.texts.get(sentence.id)
        if text is None:
            try:
                text = self.workbench.sentence_texts([sentence.id]).get(sentence.id, "")
            except WorkbenchError as error:
                # A damaged row is shown as such (and read again next time), not a crash.
                return f"(this sentence cannot be read: {error})"
            self.texts[sentence.id] = text
            if len(self.texts) > TEXT_CACHE:
                self.texts.popitem(last=False)
        return text

    def matching(self, rows: list[Sentence], terms: list[str]) -> list[Sentence]:
        """The rows the filter terms match; texts are read only for a filter by words."""
        texts: dict[int, str] = {}
        if not all(is_state_term(term) for term in terms):
            if self.filter_texts is None:
                self.filter_texts = {}
            missing = [s.id for s in rows if s.id not in self.filter_texts]
            if missing:
                self.filter_texts.update(self.workbench.sentence_texts(missing))
            texts = self.filter_texts
        return [s for s in rows if matches(s, terms, texts.get(s.id, ""))]

    def nearest(self, rows: list[Sentence], sentence: Sentence) -> int:
        """Index in `rows` of `sentence`, or of the row where its text now is (merged into
        the one before it, say): the last row starting at or before it."""
        for index, row in enumerate(rows):
            if row.id == sentence.id:
                return index
        return max(0, bisect_right(rows, sentence.start, key=lambda s: s.start) - 1)

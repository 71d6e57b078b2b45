"""What the review screen keeps about an article besides its widgets: the review counts kept
row by row, the filter, and which sentence `n` goes to next."""

from __future__ import annotations

from ..core.models import TAGS, Sentence


def needs_work(sentence: Sentence) -> bool:
    return not sentence.tags or sentence.verdict is None


class Progress:
    """Review counts, read once from the store and then kept up to date row by row, so a
    keypress never recounts 100,000 rows."""

    def __init__(self, counts: dict[str, int]) -> None:
        self.total = counts.get("total", 0)
        self.tagged = counts.get("tagged", 0)
        self.evidence = counts.get("evidence", 0)
        self.verdict = counts.get("verdict", 0)
        self.to_do = self.total - self.verdict

    def _count(self, row: Sentence, sign: int) -> None:
        self.tagged += sign * bool(row.tags)
        self.evidence += sign * bool(row.evidence_count)
        self.verdict += sign * bool(row.tags and row.verdict)
        self.to_do += sign * needs_work(row)

    def replace(self, old: Sentence, new: Sentence) -> None:
        self._count(old, -1)
        self._count(new, 1)


def matches(sentence: Sentence, terms: list[str], text: str) -> bool:
    """Filter terms: words match the text; is:claim|quote|figure|tagged|untagged,
    has:evidence|verdict, no:evidence|verdict|tags match states."""
    text = text.casefold()
    for term in terms:
        kind, _, value = term.partition(":")
        if value and kind in {"is", "has", "no"}:
            state = {
                "tagged": bool(sentence.tags),
                "untagged": not sentence.tags,
                "evidence": sentence.evidence_count > 0,
                "verdict": sentence.verdict is not None,
                "tags": bool(sentence.tags),
                "headline": sentence.kind == "headline",
                **{tag: tag in sentence.tags for tag in TAGS},
            }.get(value)
            if state is None:
                continue
            if (kind == "no") == state:
                return False
        elif term not in text:
            return False
    return True


def next_to_do(rows: list[Sentence], cursor: int, step: int, by_worth: bool) -> int | None:
    """Index of the next (step 1) or previous (step -1) sentence that needs work: in article
    order, or most check-worthy first; None when nothing is left."""
    if not rows:
        return None
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

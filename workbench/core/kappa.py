"""Agreement between reviewers beyond chance: Cohen's kappa for two, Fleiss' kappa for more.

Kappa is undefined when chance alone would give perfect agreement (every answer the same for
everyone: no variance to agree on). That is reported as None with the reason, never as 1.0
or a division by zero: two reviewers who both tagged nothing have not shown that they agree.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

NO_VARIANCE = "undefined: every answer was the same, so chance alone agrees perfectly"
NO_ITEMS = "undefined: there is nothing to compare"


@dataclass(frozen=True, slots=True)
class PairCounts:
    """Two reviewers' yes/no answers on the same items, cross-counted."""

    both: int
    only_a: int
    only_b: int
    neither: int

    @property
    def items(self) -> int:
        return self.both + self.only_a + self.only_b + self.neither

    @property
    def observed(self) -> float | None:
        """The share of items both answered alike."""
        return (self.both + self.neither) / self.items if self.items else None


@dataclass(frozen=True, slots=True)
class Kappa:
    value: float | None
    observed: float | None  # observed agreement
    expected: float | None  # agreement expected by chance
    note: str = ""  # why the value is undefined, when it is


def pair_counts(a: Sequence[bool], b: Sequence[bool]) -> PairCounts:
    if len(a) != len(b):
        raise ValueError("both reviewers must answer the same items")
    both = sum(1 for x, y in zip(a, b, strict=True) if x and y)
    only_a = sum(1 for x, y in zip(a, b, strict=True) if x and not y)
    only_b = sum(1 for x, y in zip(a, b, strict=True) if y and not x)
    return PairCounts(both, only_a, only_b, len(a) - both - only_a - only_b)


def cohen(counts: PairCounts) -> Kappa:
    """Cohen's kappa of a 2×2 table: (observed − expected) / (1 − expected), where expected
    is the agreement two reviewers answering yes at their own rates would reach by chance."""
    n = counts.items
    if n == 0:
        return Kappa(None, None, None, NO_ITEMS)
    yes_a = (counts.both + counts.only_a) / n
    yes_b = (counts.both + counts.only_b) / n
    observed = (counts.both + counts.neither) / n
    expected = yes_a * yes_b + (1 - yes_a) * (1 - yes_b)
    if _is_one(expected):
        return Kappa(None, observed, expected, NO_VARIANCE)
    return Kappa((observed - expected) / (1 - expected), observed, expected)


def fleiss(table: Sequence[Sequence[int]]) -> Kappa:
    """Fleiss' kappa: `table[i][j]` is how many reviewers put item i in category j; every
    item is rated by the same number of reviewers (at least two)."""
    rows = [list(row) for row in table]
    if not rows:
        return Kappa(None, None, None, NO_ITEMS)
    raters = sum(rows[0])
    if raters < 2 or any(sum(row) != raters for row in rows):
        raise ValueError("every item needs the same number of reviewers, at least two")
    items = len(rows)
    per_item = [
        (sum(count * count for count in row) - raters) / (raters * (raters - 1)) for row in rows
    ]
    observed = sum(per_item) / items
    shares = [sum(row[j] for row in rows) / (items * raters) for j in range(len(rows[0]))]
    expected = sum(share * share for share in shares)
    if _is_one(expected):
        return Kappa(None, observed, expected, NO_VARIANCE)
    return Kappa((observed - expected) / (1 - expected), observed, expected)


def _is_one(value: float) -> bool:
    return abs(1.0 - value) < 1e-12

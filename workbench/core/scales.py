"""Rating scales: ordered labels, each with a number, as ClaimReview needs them."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from .errors import ValidationError


@dataclass(frozen=True, slots=True)
class Label:
    name: str
    value: float


@dataclass(frozen=True, slots=True)
class Scale:
    name: str
    labels: tuple[Label, ...]
    description: str = ""

    @property
    def best(self) -> float:
        return max(label.value for label in self.labels)

    @property
    def worst(self) -> float:
        """Lowest number among labels on the truth axis (value >= 1); 0 marks off-axis labels."""
        rated = [label.value for label in self.labels if label.value >= 1]
        return min(rated) if rated else self.best

    def resolve(self, rating: str) -> Label:
        """A label by exact name, by number, or by unambiguous prefix (all case-insensitive)."""
        wanted = rating.strip().casefold()
        if not wanted:
            raise ValidationError("a rating is required")
        for label in self.labels:
            if label.name.casefold() == wanted:
                return label
        try:
            number = float(wanted)
        except ValueError:
            number = None
        if number is not None:
            same = [label for label in self.labels if label.value == number]
            if len(same) == 1:
                return same[0]
            if same:
                raise ValidationError(
                    f"rating {rating!r} is ambiguous on scale {self.name}: "
                    f"{_both(label.name for label in same)} share the number {number:g}; "
                    f"give the label instead"
                )
        matches = [label for label in self.labels if label.name.casefold().startswith(wanted)]
        if len(matches) == 1:
            return matches[0]
        if matches:
            raise ValidationError(
                f"rating {rating!r} is ambiguous on scale {self.name}: it could be "
                f"{_both(label.name for label in matches)}; give more of the label"
            )
        names = ", ".join(label.name for label in self.labels)
        raise ValidationError(f"rating {rating!r} is not on scale {self.name}: {names}")


def parse_labels(specs: list[str]) -> tuple[Label, ...]:
    """Parse `Label=number` items into labels, refusing duplicates and missing numbers."""
    labels: list[Label] = []
    seen: set[str] = set()
    for spec in specs:
        name, sep, number = spec.rpartition("=")
        name = name.strip()
        if not sep or not name:
            raise ValidationError(f"label {spec!r} must read NAME=NUMBER, e.g. 'Mostly true=4'")
        try:
            value = float(number)
        except ValueError:
            raise ValidationError(f"label {spec!r}: {number!r} is not a number") from None
        if not math.isfinite(value):
            raise ValidationError(
                f"label {spec!r}: the number must be finite, not {number.strip()}"
            )
        if name.casefold() in seen:
            raise ValidationError(f"label {name!r} appears twice")
        seen.add(name.casefold())
        labels.append(Label(name, value))
    if len(labels) < 2:
        raise ValidationError("a scale needs at least two labels")
    return tuple(labels)


def _both(names: Iterable[str]) -> str:
    """ "A and B", "A, B and C"."""
    items = list(names)
    return ", ".join(items[:-1]) + " and " + items[-1] if len(items) > 1 else "".join(items)


def _scale(name: str, description: str, *pairs: tuple[str, float]) -> Scale:
    return Scale(name, tuple(Label(n, v) for n, v in pairs), description)


PRESETS: tuple[Scale, ...] = (
    _scale(
        "newsroom",
        "Seven labels: five steps from True to False plus Misleading and Unverifiable",
        ("True", 5),
        ("Mostly true", 4),
        ("Half true", 3),
        ("Misleading", 2),
        ("Mostly false", 2),
        ("False", 1),
        ("Unverifiable", 0),
    ),
    _scale(
        "six-step",
        "Six steps from True to Pants on fire, as PolitiFact's Truth-O-Meter",
        ("True", 6),
        ("Mostly true", 5),
        ("Half true", 4),
        ("Mostly false", 3),
        ("False", 2),
        ("Pants on fire", 1),
    ),
    _scale(
        "fever",
        "FEVER's three labels",
        ("Supported", 3),
        ("Not enough info", 2),
        ("Refuted", 1),
    ),
)

DEFAULT_SCALE = "newsroom"

"""Rating scales: ordered labels, each with a number, as ClaimReview needs them.

Labels numbered 1 and up lie on the scale's truth axis, from its false end to its true end,
each with a number of its own; a label numbered below 1 (Unverifiable, Misleading, Not enough
info) is off the axis: it is no point between true and false, and is published by name only.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from .errors import ValidationError

TRUTH_AXIS_START = 1  # labels numbered below this are off the truth axis


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
        rated = [label.value for label in self.labels if label.value >= TRUTH_AXIS_START]
        return min(rated) if rated else self.best

    def label(self, name: str) -> Label | None:
        """The label of that exact name (case-insensitive), or None."""
        wanted = name.casefold()
        return next((label for label in self.labels if label.name.casefold() == wanted), None)

    def number(self, name: str) -> float | None:
        """The label's point on the truth axis, or None when it has none to publish: a label
        off the axis, one the scale does not hold, or one sharing its number with another
        (only a scale stored before numbers had to differ can hold such a pair)."""
        label = self.label(name)
        if label is None or label.value < TRUTH_AXIS_START:
            return None
        if sum(1 for other in self.labels if other.value == label.value) > 1:
            return None
        return label.value

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
        if value >= TRUTH_AXIS_START:
            same = next((label for label in labels if label.value == value), None)
            if same is not None:
                raise ValidationError(
                    f"labels {same.name!r} and {name!r} share the number {value:g}: each label "
                    f"on the true–false axis needs its own number (a label off the axis, "
                    f"such as Unverifiable, is numbered 0)"
                )
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
        "Seven labels: five steps from True to False, plus Misleading and Unverifiable "
        "off the true–false axis",
        ("True", 5),
        ("Mostly true", 4),
        ("Half true", 3),
        ("Mostly false", 2),
        ("False", 1),
        ("Misleading", 0),
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
        "FEVER's three labels: Supported and Refuted, with Not enough info off the axis",
        ("Supported", 2),
        ("Refuted", 1),
        ("Not enough info", 0),
    ),
)


def stored(name: str, labels: tuple[Label, ...], description: str, builtin: bool) -> Scale:
    """A scale as the database holds it. A built-in scale is read as this version defines it,
    so a database made before its numbers changed publishes the numbers of today without a
    migration (the verdicts keep their labels; their numbers follow the scale)."""
    if builtin:
        for preset in PRESETS:
            if preset.name == name:
                return preset
    return Scale(name, labels, description)


DEFAULT_SCALE = "newsroom"

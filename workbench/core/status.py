"""The desk's stages of work and the names a desk calls them by.

An article, and each rated sentence, moves through five fixed stages, stored under these
names whatever the desk calls them: to do, in progress, in review, approved, published. A desk
may name them its own way (`statuses = [...]` in the config: five names, one per stage, in
this order), so "in review" can read "with editor"; what is typed is read back to the stage,
and the stored record never changes with the names.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from .errors import ValidationError
from .validate import check_text

STAGES = ("to do", "in progress", "in review", "approved", "published")
# Stages only an editor gives or takes away.
EDITOR_STAGES = frozenset({"approved", "published"})
NAME_LIMIT = 30


def _key(value: str) -> str:
    """How a typed status is compared: case, dashes, underscores and spacing aside."""
    return " ".join(value.replace("-", " ").replace("_", " ").casefold().split())


@dataclass(frozen=True, slots=True)
class StatusNames:
    """The desk's name for each stage, in stage order."""

    names: tuple[str, ...] = STAGES

    def name(self, stage: str) -> str:
        return self.names[STAGES.index(stage)]

    def stage(self, typed: str) -> str:
        """The stage a reviewer means by `typed`: one of the desk's names, or a stage's own
        name where no desk name reads the same; otherwise a clear refusal listing them."""
        wanted = _key(typed)
        for stage, name in zip(STAGES, self.names, strict=True):
            if _key(name) == wanted:
                return stage
        if wanted in STAGES and all(_key(name) != wanted for name in self.names):
            return wanted
        raise ValidationError(f"unknown status {typed!r}; choose one of: {', '.join(self.names)}")

    def after(self, stage: str) -> str:
        """The stage after `stage` (the last is followed by the first, for keys that cycle)."""
        return STAGES[(STAGES.index(stage) + 1) % len(STAGES)]


DEFAULT_NAMES = StatusNames()


def sentence_stage(
    verdict_id: int, status: str | None, status_verdict: int | None, decision: str | None
) -> str:
    """A rated sentence's stage: the one set on its current verdict; else approved if an
    editor approved that verdict; else in progress (a new rating since the stage was set
    puts the sentence back to work). The `sentence_numbers` view says the same in SQL."""
    if status is not None and status_verdict == verdict_id:
        return status
    return "approved" if decision == "approved" else "in progress"


def status_names(values: Sequence[object] | None) -> StatusNames:
    """The desk's names from a config's `statuses` list, or a message saying what is wrong."""
    if values is None:
        return DEFAULT_NAMES
    if len(values) != len(STAGES):
        raise ValidationError(
            f"statuses must list {len(STAGES)} names, one for each stage in order "
            f"({', '.join(STAGES)}); it lists {len(values)}"
        )
    names: list[str] = []
    for stage, value in zip(STAGES, values, strict=True):
        if not isinstance(value, str):
            raise ValidationError(f"statuses: the name for {stage!r} must be a string")
        name = " ".join(value.split())
        if not name:
            raise ValidationError(f"statuses: the name for {stage!r} is empty")
        if len(name) > NAME_LIMIT:
            raise ValidationError(
                f"statuses: the name for {stage!r} has more than {NAME_LIMIT} characters"
            )
        if name.isdigit():
            # `workbench status ARTICLE N` reads a number as a sentence.
            raise ValidationError(f"statuses: the name for {stage!r} cannot be a number")
        check_text(name, "status name")
        if any(unicodedata.category(char).startswith("C") for char in name):
            raise ValidationError(f"statuses: the name for {stage!r} holds a control character")
        if any(_key(name) == _key(other) for other in names):
            raise ValidationError(f"statuses: {name!r} names two stages")
        names.append(name)
    return StatusNames(tuple(names))


__all__ = [
    "DEFAULT_NAMES",
    "EDITOR_STAGES",
    "STAGES",
    "StatusNames",
    "sentence_stage",
    "status_names",
]

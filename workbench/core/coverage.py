"""What is unfinished in a review, told to the reviewer before an export and in the report."""

from __future__ import annotations

from dataclasses import dataclass

from .models import Review


@dataclass(frozen=True, slots=True)
class Gap:
    number: int
    kind: str  # "no-verdict" | "verdict-without-evidence" | "figure-without-source"
    message: str


KINDS = {
    "no-verdict": "tagged but without a verdict",
    "verdict-without-evidence": "verdict without evidence",
    "figure-without-source": "figure without a source",
}


def gaps(review: Review) -> list[Gap]:
    found: list[Gap] = []
    for item in review.sentences:
        number = item.sentence.number
        tags = {mark.tag for mark in item.tags}
        if tags and item.verdict is None:
            found.append(Gap(number, "no-verdict",
                             f"sentence {number} is tagged {', '.join(sorted(tags))} "
                             "but has no verdict"))
        if item.verdict is not None and not item.evidence:
            found.append(Gap(number, "verdict-without-evidence",
                             f"sentence {number} is rated {item.verdict.label} "
                             "without any evidence"))
        if "figure" in tags and not item.evidence:
            found.append(Gap(number, "figure-without-source",
                             f"sentence {number} is tagged figure but no source is linked"))
    return found


def describe(found: list[Gap]) -> str:
    """One line: how many of each gap, for a status line or a CLI warning."""
    if not found:
        return "complete: every tagged sentence has a verdict with evidence"
    counts: dict[str, int] = {}
    for gap in found:
        counts[gap.kind] = counts.get(gap.kind, 0) + 1
    return "; ".join(f"{n} {KINDS[kind]}" for kind, n in counts.items())

"""What is unfinished in a review, told to the reviewer before an export and in the report."""

from __future__ import annotations

from dataclasses import dataclass

from .models import Evidence, Review, SentenceReview

# Outcomes of a check that an editor must look at before the review goes out.
QUOTE_FAILED = ("not found", "near")
FIGURE_FAILED = ("differ",)


def percent_done(done: int, total: int) -> int:
    """How far a review has come, in whole per cent: rounded down, so 100% means every
    sentence is finished (tagged and rated, or marked as having nothing to check). The
    library, the review header and the CLI all show this number."""
    return 100 * done // total if total else 0


@dataclass(frozen=True, slots=True)
class Gap:
    number: int
    # no-verdict, verdict-without-evidence, figure-without-source, quote-check-failed,
    # figure-check-failed or not-approved
    kind: str
    message: str


def _source_name(evidence: Evidence) -> str:
    source = evidence.source
    name = source.title or source.url
    return f"source {source.id} ({name})" if name else f"source {source.id}"


def _check_gaps(number: int, tags: set[str], evidence: tuple[Evidence, ...]) -> list[Gap]:
    found: list[Gap] = []
    for ev in evidence:
        for check in ev.checks:
            if check.kind == "quote" and "quote" in tags and check.outcome in QUOTE_FAILED:
                what = "is not found in" if check.outcome == "not found" else "differs from"
                found.append(
                    Gap(
                        number,
                        "quote-check-failed",
                        f"sentence {number}: the quotation {what} "
                        f"{_source_name(ev)}: {check.summary}",
                    )
                )
            elif check.kind == "figure" and "figure" in tags and check.outcome in FIGURE_FAILED:
                found.append(
                    Gap(
                        number,
                        "figure-check-failed",
                        f"sentence {number}: a figure differs from "
                        f"{_source_name(ev)}: {check.summary}",
                    )
                )
    return found


def _approval_gap(review: Review, item: SentenceReview) -> Gap | None:
    """A verdict an editor has not approved: left out of what the desk publishes (or, in a
    draft, published marked as such)."""
    number = item.sentence.number
    verdict = item.withheld or item.verdict
    if verdict is None or not review.approval_required or item.approved:
        return None
    returned = item.approval is not None and item.approval.decision == "returned"
    if returned and item.approval is not None:
        state = f"was returned by {item.approval.reviewer}"
        if item.approval.comment:
            state += f" ({_one_line(item.approval.comment)})"
    else:
        state = "awaits an editor's approval"
    where = "left out" if item.withheld else "left out of ClaimReview and the HTML report"
    return Gap(
        number, "not-approved", f"sentence {number}: the verdict {verdict.label} {state}; {where}"
    )


def _one_line(text: str, limit: int = 80) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def gaps(review: Review) -> list[Gap]:
    found: list[Gap] = []
    for item in review.sentences:
        number = item.sentence.number
        tags = {mark.tag for mark in item.tags}
        approval = _approval_gap(review, item)
        if approval is not None:
            found.append(approval)
        if tags and item.verdict is None and item.withheld is None:
            found.append(
                Gap(
                    number,
                    "no-verdict",
                    f"sentence {number} is tagged {', '.join(sorted(tags))} but has no verdict",
                )
            )
        if item.verdict is not None and not item.evidence:
            found.append(
                Gap(
                    number,
                    "verdict-without-evidence",
                    f"sentence {number} is rated {item.verdict.label} without any evidence",
                )
            )
        if "figure" in tags and not item.evidence:
            found.append(
                Gap(
                    number,
                    "figure-without-source",
                    f"sentence {number} is tagged figure but no source is linked",
                )
            )
        found += _check_gaps(number, tags, item.evidence)
    # Several pieces of evidence from one source give one warning, not one each.
    seen: set[str] = set()
    unique: list[Gap] = []
    for gap in found:
        if gap.message not in seen:
            seen.add(gap.message)
            unique.append(gap)
    return unique

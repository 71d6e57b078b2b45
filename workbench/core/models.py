"""Plain records the core hands to its front ends. No behaviour, no I/O."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple

from .scales import Scale

TAGS: tuple[str, ...] = ("claim", "quote", "figure")
STANCES: tuple[str, ...] = ("supports", "refutes", "context")
# ClaimReview wants a claim restatement (claimReviewed) of fewer than this many characters.
CLAIM_LIMIT = 75


@dataclass(frozen=True, slots=True)
class SentenceId:
    """A sentence named by its stable id rather than its number: numbers move when anyone
    merges or splits, ids do not. Every facade call that takes a sentence number takes this
    in its place."""

    id: int


@dataclass(frozen=True, slots=True)
class NewSource:
    """A source described by the reviewer, stored as part of the action that first uses it."""

    url: str | None = None
    title: str | None = None
    publisher: str | None = None
    published: str | None = None
    accessed_at: str | None = None
    snapshot: str | None = None


@dataclass(frozen=True, slots=True)
class SourceChange:
    """What to change of a stored source: None leaves a field as it is, "" clears it."""

    url: str | None = None
    title: str | None = None
    publisher: str | None = None
    published: str | None = None
    accessed_at: str | None = None
    snapshot: str | None = None


@dataclass(frozen=True, slots=True)
class Exported:
    """One article rendered in one export format, with the file name it would be saved as."""

    article_id: int
    format: str
    filename: str
    text: str
    warnings: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Article:
    id: int
    content_hash: str
    title: str | None
    date: str | None
    byline: str | None
    url: str | None
    format: str
    encoding: str
    filename: str | None
    imported_at: str
    imported_by: str
    text: str


@dataclass(frozen=True, slots=True)
class ArticleSummary:
    """One row of the library: an article and how far its review has come."""

    id: int
    title: str | None
    date: str | None
    url: str | None
    filename: str | None
    sentences: int
    tagged: int
    with_evidence: int
    with_verdict: int
    marked: int = 0  # marked "reviewed, nothing to check"
    done: int = 0  # tagged and rated, or marked


@dataclass(frozen=True, slots=True)
class Source:
    id: int
    url: str | None
    title: str | None
    publisher: str | None
    published: str | None
    accessed_at: str | None
    snapshot: str | None
    snapshot_hash: str | None
    created_by: str
    created_at: str


@dataclass(frozen=True, slots=True)
class EvidenceCheck:
    """A check of a sentence against one piece of its evidence: `kind` quote or figure;
    `outcome` exact / near / not found (quote) or agree / rounded / differ / missing (figure);
    a one-line summary, and the details it rests on (pairs of figures, differing words)."""

    kind: str
    outcome: str
    summary: str
    detail: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)


@dataclass(frozen=True, slots=True)
class Evidence:
    id: int
    sentence_id: int
    source: Source
    excerpt: str | None
    stance: str
    note: str | None
    created_by: str
    created_at: str
    checks: tuple[EvidenceCheck, ...] = ()


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A tag the rules suggest, with the reason; it is a tag only once a reviewer accepts it."""

    tag: str
    reason: str


@dataclass(frozen=True, slots=True)
class Verdict:
    id: int
    sentence_id: int
    scale: str
    label: str
    value: float
    rationale: str | None
    claim: str | None
    claimant: str | None
    reviewer: str
    created_at: str


@dataclass(frozen=True, slots=True)
class Approval:
    """An editor's decision on one verdict: approved, or returned with a comment."""

    id: int
    verdict_id: int
    sentence_id: int
    decision: str  # approved or returned
    comment: str | None
    reviewer: str
    at: str


@dataclass(frozen=True, slots=True)
class Comment:
    """A remark on a sentence, by whom and when."""

    id: int
    sentence_id: int
    text: str
    reviewer: str
    at: str


@dataclass(frozen=True, slots=True)
class TagMark:
    tag: str
    set_by: str
    set_at: str


class Sentence(NamedTuple):
    """A sentence as listings show it: its number is its position in the article, from 1.

    A named tuple rather than a dataclass: listings build 100,000 of these at once."""

    id: int
    article_id: int
    number: int
    start: int
    end: int
    paragraph: int
    kind: str
    text: str
    tags: tuple[str, ...]
    evidence_count: int
    verdict: str | None
    suggested: tuple[str, ...] = ()  # tags the rules suggest and the reviewer has not set
    worth: float = 0.0  # check-worthiness, 0–1
    marked: bool = False  # marked "reviewed, nothing to check"
    changed: bool = False  # changed by a revision of the article since it was reviewed

    @property
    def done(self) -> bool:
        """Finished: tagged and rated, or marked as having nothing to check."""
        return self.marked or bool(self.tags and self.verdict)

    def as_shown(self) -> dict[str, object]:
        """The sentence as a person reads it (the CLI's JSON): paragraphs count from 1, as
        on screen and in every export."""
        return {**self._asdict(), "paragraph": self.paragraph + 1, "done": self.done}


def worth_order(sentence: Sentence) -> tuple[float, int]:
    """The one check-worthiness order: most check-worthy first, then article order."""
    return (-sentence.worth, sentence.number)


@dataclass(frozen=True, slots=True)
class SentenceDetail:
    sentence: Sentence
    tags: tuple[TagMark, ...]
    evidence: tuple[Evidence, ...]
    verdicts: tuple[Verdict, ...]  # oldest first; the last one is current
    suggestions: tuple[Suggestion, ...] = ()
    mark: TagMark | None = None  # "reviewed, nothing to check": who marked it, when
    worth_raised_by: tuple[str, ...] = ()  # the words or features that raised its worth most
    approval: Approval | None = None  # the editor's last decision on the current verdict
    comments: tuple[Comment, ...] = ()
    # Where the rated sentence is in the desk's work (a stage of `status.py`; None: no
    # verdict), and who set it when (None: it follows the editor's decision).
    stage: str | None = None
    stage_set: tuple[str, str] | None = None

    @property
    def verdict(self) -> Verdict | None:
        return self.verdicts[-1] if self.verdicts else None


@dataclass(frozen=True, slots=True)
class Action:
    """One entry of the append-only action log."""

    id: int
    at: str
    reviewer: str
    kind: str  # "do" | "undo" | "redo"
    target: int | None  # for undo/redo: the id of the action undone or redone
    verb: str
    summary: str
    article_id: int | None
    sentence_id: int | None
    undoable: bool
    changes: list[dict[str, Any]] = field(default_factory=list, repr=False)


@dataclass(frozen=True, slots=True)
class ImportResult:
    article: Article
    created: bool
    sentences: int
    warnings: tuple[str, ...] = ()
    revised: str | None = None  # a new revision of a stored article: what changed, in words


@dataclass(frozen=True, slots=True)
class Outcome:
    """What a reviewer action did, in words a front end can show, plus warnings."""

    action: Action
    message: str
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class SentenceReview:
    """A sentence with everything an export shows of it."""

    sentence: Sentence
    tags: tuple[TagMark, ...]
    evidence: tuple[Evidence, ...]
    verdict: Verdict | None
    verdict_count: int
    marked: bool = False  # "reviewed, nothing to check"
    approval: Approval | None = None  # the editor's last decision on the current verdict
    comments: tuple[Comment, ...] = ()
    stage: str | None = None  # where the rated sentence is in the desk's work
    # The verdict was taken out of a published export because no editor approved it.
    withheld: Verdict | None = None

    @property
    def approved(self) -> bool:
        return self.approval is not None and self.approval.decision == "approved"


@dataclass(frozen=True, slots=True)
class RevisionChange:
    """One sentence a revision changed: edited, changed, added or removed; its old wording,
    its number in the new text (none when removed), and the review the old one had."""

    kind: str
    old: str | None
    new_number: int | None
    review: str | None


@dataclass(frozen=True, slots=True)
class Revision:
    """One text an article has had: revision 1 is the first import."""

    number: int
    made_at: str
    made_by: str
    summary: str
    changes: tuple[RevisionChange, ...] = ()

    @property
    def checked(self) -> tuple[RevisionChange, ...]:
        """The changes to sentences that had been reviewed: what a correction note names."""
        return tuple(change for change in self.changes if change.review)


@dataclass(frozen=True, slots=True)
class Review:
    """An article's whole review, as exports render it."""

    article: Article
    scale_name: str
    sentences: tuple[SentenceReview, ...]
    scales: tuple[Scale, ...] = ()
    revisions: tuple[Revision, ...] = ()  # none for an article never revised
    # The desk has an editor, so a verdict is published only once an editor approves it.
    approval_required: bool = False

    @property
    def unapproved(self) -> tuple[SentenceReview, ...]:
        """Sentences whose current verdict still needs an editor's approval."""
        if not self.approval_required:
            return ()
        return tuple(item for item in self.sentences if item.verdict and not item.approved)


STRONG = 55.0  # a match scoring this or more is strong
PARTIAL = 35.0  # ... this or more partial, and below it weak


@dataclass(frozen=True, slots=True)
class Match:
    """How well a passage or sentence matches: a score 0–100, and what the two share (figures
    first, then the rarest words), which says why."""

    score: float
    shared: tuple[str, ...] = ()

    @property
    def strength(self) -> str:
        """The score in words: strong, partial or weak."""
        return "strong" if self.score >= STRONG else "partial" if self.score >= PARTIAL else "weak"

    def describe(self) -> str:
        """`strong match: shares 43,600, 103,000, ministry`, for a reviewer."""
        said = f"{self.strength} match"
        return f"{said}: shares {', '.join(self.shared[:5])}" if self.shared else said


@dataclass(frozen=True, slots=True)
class PassageHit:
    """A passage of a stored source's snapshot that may be evidence for a sentence."""

    source: Source
    text: str
    start: int
    end: int
    match: Match

    @property
    def score(self) -> float:
        return self.match.score


@dataclass(frozen=True, slots=True)
class PriorCheck:
    """A sentence of another article that already has a verdict: "checked before"."""

    article_id: int
    article_title: str | None
    number: int
    text: str
    verdict: Verdict
    match: Match

    @property
    def score(self) -> float:
        return self.match.score

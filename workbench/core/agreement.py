"""Measuring a blind round: how far its reviewers agree on each tag over every sentence of
the article (Cohen's kappa for two, Fleiss' for more, with every pair's counts), and which
sentences they tagged differently. Pure functions of the reviewers' layers."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations
from typing import TYPE_CHECKING, Any

from . import kappa
from .models import TAGS

if TYPE_CHECKING:
    from .blind import BlindRound

# A reviewer's layer: their tags by sentence id, each in TAGS order.
Layer = dict[int, tuple[str, ...]]


@dataclass(frozen=True, slots=True)
class PairAgreement:
    a: str
    b: str
    counts: kappa.PairCounts
    kappa: kappa.Kappa


@dataclass(frozen=True, slots=True)
class TagAgreement:
    """Agreement on one tag over every sentence of the article."""

    tag: str
    method: str  # "cohen" (two reviewers) or "fleiss" (more)
    kappa: kappa.Kappa
    sentences: int
    pairs: tuple[PairAgreement, ...]  # Cohen's kappa of every pair, with its counts


@dataclass(frozen=True, slots=True)
class Agreement:
    round: BlindRound
    sentences: int
    tags: tuple[TagAgreement, ...]
    disagreements: int  # sentences whose tag sets differ between reviewers
    settled: int  # of which a decision has settled


@dataclass(frozen=True, slots=True)
class Disagreement:
    """A sentence the reviewers tagged differently: each one's tags, and how it was settled."""

    sentence_id: int
    number: int
    text: str
    tags: dict[str, tuple[str, ...]]  # reviewer -> tags, in TAGS order
    settled: str | None  # the decision's `take`, once settled
    settled_tags: tuple[str, ...] | None
    settled_by: str | None

    @property
    def agreed(self) -> tuple[str, ...]:
        sets = [set(t) for t in self.tags.values()]
        return tuple(t for t in TAGS if all(t in s for s in sets))

    @property
    def disputed(self) -> tuple[str, ...]:
        sets = [set(t) for t in self.tags.values()]
        return tuple(t for t in TAGS if any(t in s for s in sets) and t not in self.agreed)


def measure(
    ids: list[int], layers: dict[str, Layer], members: list[str]
) -> tuple[TagAgreement, ...]:
    """Agreement per tag over the sentences `ids`: a sentence a reviewer did not tag counts
    as "not that tag" for them."""
    results = []
    for tag in TAGS:
        answers = {name: [tag in layers[name].get(i, ()) for i in ids] for name in members}
        pairs = tuple(
            PairAgreement(a, b, counts, kappa.cohen(counts))
            for a, b in combinations(members, 2)
            for counts in [kappa.pair_counts(answers[a], answers[b])]
        )
        if len(members) == 2:
            method, overall = "cohen", pairs[0].kappa
        else:
            method = "fleiss"
            table = []
            for index in range(len(ids)):
                yes = sum(answers[name][index] for name in members)
                table.append([yes, len(members) - yes])
            overall = kappa.fleiss(table)
        results.append(TagAgreement(tag, method, overall, len(ids), pairs))
    return tuple(results)


def disputed_ids(ids: list[int], layers: dict[str, Layer], members: list[str]) -> list[int]:
    """The sentences, in order, whose tags differ between the reviewers."""
    return [i for i in ids if len({layers[name].get(i, ()) for name in members}) > 1]


def layers_of(
    tags: list[dict[str, Any]], members: list[str]
) -> dict[str, dict[int, tuple[str, ...]]]:
    found: dict[str, list[dict[str, Any]]] = {name: [] for name in members}
    for tag in tags:
        if tag["reviewer"] in found:
            found[tag["reviewer"]].append(tag)
    return {name: by_sentence(found[name]) for name in members}


def by_sentence(tags: list[dict[str, Any]]) -> dict[int, tuple[str, ...]]:
    sets: dict[int, set[str]] = {}
    for tag in tags:
        sets.setdefault(tag["sentence_id"], set()).add(tag["tag"])
    return {i: tuple(t for t in TAGS if t in s) for i, s in sets.items()}


def disagreement(
    sentence_id: int,
    number: int,
    text: str,
    tags: dict[str, tuple[str, ...]],
    decision: dict[str, Any] | None,
) -> Disagreement:
    return Disagreement(
        sentence_id=sentence_id,
        number=number,
        text=text,
        tags=tags,
        settled=decision["take"] if decision else None,
        settled_tags=tuple(t for t in decision["tags"].split(",") if t) if decision else None,
        settled_by=decision["decided_by"] if decision else None,
    )

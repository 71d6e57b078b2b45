"""Blind double review: several reviewers tag the same article, each without seeing the
others' tags; the workbench then measures how far they agree, tag by tag, and walks the
sentences where they disagree so each can be settled into the article's real tags.

While a round is open, a reviewer in it tags their own layer (`blind_tags`), sees only that
layer where the article's tags would show, and sees no rule suggestions either, so the
agreement measures the reviewers rather than the rules they were shown. Anyone else is told
the article is under blind review and may not change its tags or marks until the round
stops. Agreement and the disagreements are shown to reviewers in the round only once it
stops (to anyone else at any time); settling happens once it stops. Stopping keeps every
layer, for audit. The blindness is the workbench's: the layers are in the file, which any
SQLite tool reads.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from .agreement import (
    Agreement,
    Disagreement,
    by_sentence,
    disagreement,
    disputed_ids,
    layers_of,
    measure,
)
from .desk import check_name
from .errors import NothingToDoError, ValidationError
from .models import TAGS, Action, Sentence, SentenceDetail, TagMark
from .store import blind as rows

if TYPE_CHECKING:
    from .reader import Reader
    from .store import ActionDraft, Store

# How a disagreement is settled, besides taking one reviewer's tags.
TAKE_ALL = "both"  # every tag any reviewer set
TAKE_AGREED = "none"  # none of the disputed tags: only those every reviewer set
TAKE_ALIASES = {"both": TAKE_ALL, "all": TAKE_ALL, "none": TAKE_AGREED, "neither": TAKE_AGREED}
# Blind actions' verbs: the history hides other reviewers' ones while the round is open.
BLIND_VERBS = ("blind tag", "blind untag")


@dataclass(frozen=True, slots=True)
class BlindRound:
    id: int
    article_id: int
    reviewers: tuple[str, ...]
    started_by: str
    started_at: str
    stopped_by: str | None
    stopped_at: str | None
    tagged: dict[str, int]  # sentences each reviewer tagged (only one's own while blind)

    @property
    def open(self) -> bool:
        return self.stopped_at is None


class BlindReview:
    """The facade's collaborator for blind rounds: given the store, the reader, and who is
    acting. Actions take the facade's draft, so each stays one transaction and one row of the
    action log."""

    def __init__(
        self, store: Store, reader: Reader, reviewer: str, clock: Callable[[], str]
    ) -> None:
        self.store = store
        self.reader = reader
        self.reviewer = reviewer
        self.clock = clock

    # ------------------------------------------------------------- the round
    def start(
        self, draft: ActionDraft, article: dict[str, Any], reviewers: Iterable[str]
    ) -> list[str]:
        """Open a round; returns warnings (real tags the reviewers will not see)."""
        names = _names(reviewers)
        found = rows.open_round(self.store, article["id"])
        if found is not None:
            who = _and(rows.members(self.store, found["id"]))
            raise NothingToDoError(
                f"article {article['id']} is under blind review by {who} already"
            )
        round_id = draft.changes.insert(
            "blind_rounds",
            {
                "article_id": article["id"],
                "started_by": self.reviewer,
                "started_at": self.clock(),
            },
        )
        for name in names:
            draft.changes.insert("blind_reviewers", {"round_id": round_id, "reviewer": name})
        draft.summary = f"started blind review of article {article['id']} by {_and(names)}"
        draft.article_id = article["id"]
        tagged = len(self.store.tag_rows_for_article(article["id"]))
        if tagged:
            return [
                f"the article has {tagged} tag{'s' if tagged > 1 else ''} already: the "
                "reviewers in the round do not see them, and settling a disagreement "
                "replaces a sentence's tags"
            ]
        return []

    def stop(self, draft: ActionDraft, article: dict[str, Any]) -> None:
        found = rows.open_round(self.store, article["id"])
        if found is None:
            raise NothingToDoError(f"article {article['id']} is not under blind review")
        draft.changes.update(
            "blind_rounds", found["id"], {"stopped_by": self.reviewer, "stopped_at": self.clock()}
        )
        layer = rows.layer(self.store, found["id"])
        draft.summary = (
            f"stopped blind review of article {article['id']} ({len(layer)} blind "
            f"tag{'' if len(layer) == 1 else 's'} kept for audit)"
        )
        draft.article_id = article["id"]

    def round(self, article_id: int) -> BlindRound:
        """The article's open round, or else its last one; what a reviewer in an open round
        may see of the others is left out."""
        found = rows.latest_round(self.store, article_id)
        if found is None:
            raise NothingToDoError(
                f"article {article_id} has had no blind review: `workbench blind start "
                f"{article_id} --reviewers A,B` starts one"
            )
        return self._round(found)

    def _round(self, found: dict[str, Any]) -> BlindRound:
        members = tuple(rows.members(self.store, found["id"]))
        blind = found["stopped_at"] is None and self.reviewer in members
        counted: dict[str, set[int]] = {name: set() for name in members}
        for tag in rows.layer(self.store, found["id"], self.reviewer if blind else None):
            counted.setdefault(tag["reviewer"], set()).add(tag["sentence_id"])
        return BlindRound(
            id=found["id"],
            article_id=found["article_id"],
            reviewers=members,
            started_by=found["started_by"],
            started_at=found["started_at"],
            stopped_by=found["stopped_by"],
            stopped_at=found["stopped_at"],
            tagged={
                name: len(ids)
                for name, ids in counted.items()
                if not blind or name == self.reviewer
            },
        )

    # ------------------------------------------------ the hook on tag actions
    def layer_for(self, row: dict[str, Any]) -> int | None:
        """The round whose layer this reviewer's tags on the sentence go to, or None when
        the article is not under blind review. Anyone not in an open round is refused."""
        found = rows.open_round(self.store, row["article_id"])
        if found is None:
            return None
        members = rows.members(self.store, found["id"])
        if self.reviewer not in members:
            raise ValidationError(_outsider(row["article_id"], members, self.reviewer))
        return int(found["id"])

    def refuse_while_open(
        self, row: dict[str, Any], doing: str, *, members_only: bool = False
    ) -> None:
        """What a blind round holds still (marks, accepting suggestions, merges and
        splits) is refused while one is open; with `members_only`, only to the reviewers
        in it (a verdict needs the real tags they do not see)."""
        found = rows.open_round(self.store, row["article_id"])
        if found is None:
            return
        members = rows.members(self.store, found["id"])
        if self.reviewer not in members:
            if members_only:
                return
            raise ValidationError(_outsider(row["article_id"], members, self.reviewer))
        raise ValidationError(
            f"article {row['article_id']} is under blind review: {doing} waits until the "
            f"round stops (`workbench blind stop {row['article_id']}`)"
        )

    def set_tags(
        self,
        draft: ActionDraft,
        round_id: int,
        row: dict[str, Any],
        tags: list[str],
        on: bool,
    ) -> None:
        """Add (or remove) tags on this reviewer's own layer: every tag must change."""
        have = {r["tag"]: r for r in rows.layer_of(self.store, round_id, row["id"], self.reviewer)}
        if on:
            missing = [t for t in tags if t not in have]
            if not missing:
                raise NothingToDoError(f"sentence {row['number']} already has those tags")
            self._add(draft, round_id, row, missing)
        else:
            absent = [t for t in tags if t not in have]
            if absent:
                raise NothingToDoError(
                    f"sentence {row['number']} is not tagged {' or '.join(absent)} in your "
                    "blind review; nothing removed"
                )
            self._remove(draft, row, [have[t] for t in tags])

    def toggle(self, draft: ActionDraft, round_id: int, row: dict[str, Any], tag: str) -> None:
        existing = rows.layer_row(self.store, round_id, row["id"], self.reviewer, tag)
        if existing is None:
            self._add(draft, round_id, row, [tag])
        else:
            self._remove(draft, row, [existing])

    def _add(self, draft: ActionDraft, round_id: int, row: dict[str, Any], tags: list[str]) -> None:
        for tag in tags:
            draft.changes.insert(
                "blind_tags",
                {
                    "round_id": round_id,
                    "sentence_id": row["id"],
                    "reviewer": self.reviewer,
                    "tag": tag,
                    "set_at": self.clock(),
                },
            )
        draft.verb = BLIND_VERBS[0]
        draft.summary = f"tagged sentence {row['number']} as {', '.join(tags)} (blind review)"
        draft.article_id, draft.sentence_id = row["article_id"], row["id"]

    def _remove(self, draft: ActionDraft, row: dict[str, Any], found: list[dict[str, Any]]) -> None:
        for tag_row in found:
            draft.changes.delete("blind_tags", tag_row["id"])
        names = ", ".join(r["tag"] for r in found)
        plural = "s" if len(found) > 1 else ""
        draft.verb = BLIND_VERBS[1]
        draft.summary = f"removed tag{plural} {names} from sentence {row['number']} (blind review)"
        draft.article_id, draft.sentence_id = row["article_id"], row["id"]

    # ------------------------------------------- what a reviewer in it sees
    def own_layer(self, article_id: int) -> dict[int, tuple[str, ...]] | None:
        """This reviewer's blind tags by sentence id while they are in the article's open
        round; None when what they see is the article's real tags."""
        found = self._blind_to(article_id)
        if found is None:
            return None
        return by_sentence(rows.layer(self.store, found["id"], self.reviewer))

    def _blind_to(self, article_id: int) -> dict[str, Any] | None:
        """The article's open round if this reviewer is in it."""
        found = rows.open_round(self.store, article_id)
        if found is None or self.reviewer not in rows.members(self.store, found["id"]):
            return None
        return found

    def shown(self, article_id: int, sentences: list[Sentence]) -> list[Sentence]:
        """Sentences as this reviewer sees them: their own blind tags in place of the real
        ones, and no suggestions, while they are in an open round."""
        own = self.own_layer(article_id)
        if own is None:
            return sentences
        return [s._replace(tags=own.get(s.id, ()), suggested=()) for s in sentences]

    def shown_detail(self, detail: SentenceDetail) -> SentenceDetail:
        sentence = detail.sentence
        found = self._blind_to(sentence.article_id)
        if found is None:
            return detail
        layer = rows.layer_of(self.store, found["id"], sentence.id, self.reviewer)
        names = tuple(t for t in TAGS if any(r["tag"] == t for r in layer))
        return replace(
            detail,
            sentence=sentence._replace(tags=names, suggested=()),
            tags=tuple(TagMark(r["tag"], r["reviewer"], r["set_at"]) for r in layer),
            suggestions=(),
        )

    def shown_progress(self, article_id: int, counts: dict[str, int]) -> dict[str, int]:
        own = self.own_layer(article_id)
        if own is None:
            return counts
        return {**counts, "tagged": sum(1 for tags in own.values() if tags)}

    def shown_history(self, entries: list[Action]) -> list[Action]:
        """The action log without other reviewers' blind tags on articles where this
        reviewer is in an open round."""
        hidden: dict[int, bool] = {}
        kept = []
        for entry in entries:
            if entry.verb in BLIND_VERBS and entry.reviewer != self.reviewer:
                article_id = entry.article_id
                if article_id is not None and article_id not in hidden:
                    hidden[article_id] = self._blind_to(article_id) is not None
                if article_id is not None and hidden[article_id]:
                    continue
            kept.append(entry)
        return kept

    # ------------------------------------------------------------ agreement
    def _closed_for_me(self, found: dict[str, Any], what: str) -> list[str]:
        """The round's reviewers; refused to a reviewer in it while it is open."""
        members = rows.members(self.store, found["id"])
        if found["stopped_at"] is None and self.reviewer in members:
            raise ValidationError(
                f"article {found['article_id']} is under blind review and you are in the "
                f"round: {what} once it stops (`workbench blind stop "
                f"{found['article_id']}`)"
            )
        return members

    def _found(self, article_id: int) -> dict[str, Any]:
        found = rows.latest_round(self.store, article_id)
        if found is None:
            raise NothingToDoError(
                f"article {article_id} has had no blind review: `workbench blind start "
                f"{article_id} --reviewers A,B` starts one"
            )
        return found

    def agreement(self, article_id: int) -> Agreement:
        """Agreement per tag over every sentence of the article: a sentence a reviewer did
        not tag counts as "not that tag" for them."""
        found = self._found(article_id)
        members = self._closed_for_me(found, "agreement is shown")
        ids = self.reader.sentence_ids(article_id)
        layers = layers_of(rows.layer(self.store, found["id"]), members)
        disputed = disputed_ids(ids, layers, members)
        decided = rows.decisions(self.store, found["id"])
        return Agreement(
            round=self._round(found),
            sentences=len(ids),
            tags=measure(ids, layers, members),
            disagreements=len(disputed),
            settled=sum(1 for i in disputed if i in decided),
        )

    def disagreements(self, article_id: int) -> list[Disagreement]:
        """The sentences the reviewers tagged differently, in article order."""
        found = self._found(article_id)
        members = self._closed_for_me(found, "the disagreements are shown")
        ids = self.reader.sentence_ids(article_id)
        layers = layers_of(rows.layer(self.store, found["id"]), members)
        disputed = disputed_ids(ids, layers, members)
        texts = self.store.sentence_texts(disputed)
        decided = rows.decisions(self.store, found["id"])
        numbers = {sentence_id: n for n, sentence_id in enumerate(ids, 1)}
        return [
            disagreement(
                sentence_id,
                numbers[sentence_id],
                texts.get(sentence_id, ""),
                {name: layers[name].get(sentence_id, ()) for name in members},
                decided.get(sentence_id),
            )
            for sentence_id in disputed
        ]

    # -------------------------------------------------------------- settle
    def settle(self, draft: ActionDraft, row: dict[str, Any], take: str) -> None:
        """Settle one disagreement into the sentence's real tags: one reviewer's tags, every
        tag any set ("both"), or only those all set ("none"). The decision is kept."""
        found = self._found(row["article_id"])
        if found["stopped_at"] is None:
            raise ValidationError(
                f"article {row['article_id']} is still under blind review: stop the round "
                f"(`workbench blind stop {row['article_id']}`) before settling"
            )
        members = rows.members(self.store, found["id"])
        layers = layers_of(rows.layer(self.store, found["id"]), members)
        tags = {name: layers[name].get(row["id"], ()) for name in members}
        if len(set(tags.values())) < 2:
            raise NothingToDoError(
                f"the reviewers agree on sentence {row['number']}: nothing to settle"
            )
        choice = _choice(take, members)
        if choice == TAKE_ALL:
            wanted = tuple(t for t in TAGS if any(t in v for v in tags.values()))
        elif choice == TAKE_AGREED:
            wanted = tuple(t for t in TAGS if all(t in v for v in tags.values()))
        else:
            wanted = tags[choice]
        have = {r["tag"]: r for r in self.store.tags_of(row["id"])}
        for tag in wanted:
            if tag not in have:
                draft.changes.insert(
                    "tags",
                    {
                        "sentence_id": row["id"],
                        "tag": tag,
                        "set_by": self.reviewer,
                        "set_at": self.clock(),
                    },
                )
        for tag, tag_row in have.items():
            if tag not in wanted:
                draft.changes.delete("tags", tag_row["id"])
        mark = self.store.mark_row(row["id"])
        if wanted and mark is not None:  # something to check after all
            draft.changes.delete("marks", mark["id"])
        draft.changes.insert(
            "blind_decisions",
            {
                "round_id": found["id"],
                "sentence_id": row["id"],
                "take": choice,
                "tags": ",".join(wanted),
                "decided_by": self.reviewer,
                "decided_at": self.clock(),
            },
        )
        source = {TAKE_ALL: "every reviewer's tags", TAKE_AGREED: "only the agreed tags"}
        result = ", ".join(wanted) if wanted else "no tags"
        draft.summary = (
            f"settled sentence {row['number']} with {source.get(choice, choice + '’s tags')}: "
            f"{result}"
        )
        draft.article_id, draft.sentence_id = row["article_id"], row["id"]


# ----------------------------------------------------------------- helpers
def _names(reviewers: Iterable[str]) -> list[str]:
    names: list[str] = []
    for given in reviewers:
        if not given.strip():
            continue
        name = check_name(given)
        if name.casefold() in TAKE_ALIASES:
            raise ValidationError(
                f"{name!r} cannot name a reviewer in a blind round: it names a way to settle "
                "disagreements"
            )
        if name not in names:
            names.append(name)
    if len(names) < 2:
        raise ValidationError("a blind review needs at least two different reviewers")
    return names


def _choice(take: str, members: list[str]) -> str:
    """A reviewer's name (or their letter: A for the first, B for the second…), "both" or
    "none", as given to settle a disagreement."""
    wanted = " ".join(take.split())
    if wanted.casefold() in TAKE_ALIASES:
        return TAKE_ALIASES[wanted.casefold()]
    for name in members:
        if name.casefold() == wanted.casefold():
            return name
    if len(wanted) == 1 and wanted.isalpha():
        index = ord(wanted.upper()) - ord("A")
        if 0 <= index < len(members):
            return members[index]
    letters = ", ".join(f"{chr(ord('A') + i)} ({name})" for i, name in enumerate(members))
    raise ValidationError(f"take {take!r}? Choose {letters}, both or none")


def _outsider(article_id: int, members: list[str], reviewer: str) -> str:
    return (
        f"article {article_id} is under blind review by {_and(members)}, and {reviewer} is "
        "not in the round: its tags and marks wait until the round stops"
    )


def _and(names: list[str]) -> str:
    if len(names) < 2:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"

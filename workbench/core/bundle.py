"""Reviews exchanged as files: an article's whole review written as a bundle
(`exports/bundle.py` is the format), and a bundle merged into this database.

A merge matches by content, never by the sending database's ids: the article by its text's
hash (made from the bundle when this database lacks it, with the bundle's sentence
boundaries), sentences by their place in the text, sources by URL and snapshot, and every
tag, piece of evidence, verdict, decision and comment by who made it, when and what it says;
a sentence's stage goes with the verdict it was set on.
What this database has already is left as it is, so merging a bundle twice adds nothing the
second time. Rows keep the names of the reviewers who made them; the merge itself is one
action of the reviewer who imports, undone like any other.

When both databases rated a sentence differently, both verdicts stay (the bundle's is added
after this database's, as a re-rating would be) and the conflict is recorded, listed until
someone rates the sentence again.
"""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .desk import STATUSES
from .errors import NotFoundError, StoreError, ValidationError
from .exports import bundle as fmt
from .store import bundles as rows

if TYPE_CHECKING:
    from .store import ActionDraft, Store

# What a merge counts, in the order a summary names it: (key, one, several).
ADDED = (
    ("article", "article", "articles"),
    ("tags", "tag", "tags"),
    ("marks", "“nothing to check” mark", "“nothing to check” marks"),
    ("sources", "source", "sources"),
    ("evidence", "piece of evidence", "pieces of evidence"),
    ("verdicts", "verdict", "verdicts"),
    ("decisions", "editor's decision", "editor's decisions"),
    ("comments", "comment", "comments"),
    ("sentence_status", "sentence status", "sentence statuses"),
    ("status", "article status", "article statuses"),
    ("scales", "scale", "scales"),
    ("fetches", "archived fetch", "archived fetches"),
)
_SCALE_NAME = re.compile(r"[\w][\w.-]{0,39}")


@dataclass(frozen=True, slots=True)
class Conflict:
    """A sentence both databases rated differently: the verdict this database had and the
    one a bundle brought. `settled` once the sentence was rated again (or a verdict of the
    two withdrawn)."""

    id: int
    article_id: int
    article_title: str | None
    number: int
    text: str
    here_label: str | None
    here_reviewer: str | None
    here_rationale: str | None
    imported_label: str | None
    imported_reviewer: str | None
    imported_rationale: str | None
    exported_by: str
    merged_at: str
    current: str  # "imported", "here" or "newer": which verdict is the sentence's now
    settled: bool

    def describe(self) -> str:
        """One line, as the CLI and the detail pane show it."""
        return (
            f"{self.here_label or '(withdrawn)'} by {self.here_reviewer or '?'} here, "
            f"{self.imported_label or '(withdrawn)'} by {self.imported_reviewer or '?'} "
            f"from {self.exported_by}'s bundle"
        )


@dataclass(frozen=True, slots=True)
class BundleImport:
    """What merging a bundle did."""

    article_id: int
    title: str | None
    created: bool
    exported_by: str
    reviewers: tuple[str, ...]
    added: dict[str, int]
    conflicts: tuple[Conflict, ...] = ()
    notes: tuple[str, ...] = ()
    summary: str = ""
    action_id: int | None = None

    @property
    def nothing_new(self) -> bool:
        return not any(self.added.values())


@dataclass(frozen=True, slots=True)
class MergedBundle:
    """A bundle merged into this database: who sent it, whose work it carried, who merged
    it and when, what it added, and the article's action history as the sender had it."""

    id: int
    article_id: int
    digest: str
    exported_by: str
    reviewers: tuple[str, ...]
    added: dict[str, int]
    history: tuple[dict[str, Any], ...]
    imported_by: str
    imported_at: str


def merged_bundles(store: Store, article_id: int) -> list[MergedBundle]:
    return [
        MergedBundle(
            id=row["id"],
            article_id=row["article_id"],
            digest=row["digest"],
            exported_by=row["exported_by"],
            reviewers=tuple(json.loads(row["reviewers"])),
            added=json.loads(row["added"]),
            history=tuple(json.loads(row["history"])),
            imported_by=row["imported_by"],
            imported_at=row["imported_at"],
        )
        for row in rows.bundles_of(store, article_id)
    ]


# --------------------------------------------------------------------- export
def document(store: Store, article_id: int, exported_by: str) -> dict[str, Any]:
    """An article's whole review as a bundle's document (without its digest)."""
    article = rows.article_row(store, article_id)
    if article is None:
        raise NotFoundError(f"no article {article_id}")
    sentences = rows.sentences(store, article_id)
    tags, marks = rows.tags(store, article_id), rows.marks(store, article_id)
    evidence, verdicts = rows.evidence(store, article_id), rows.verdicts(store, article_id)
    approvals, comments = rows.approvals(store, article_id), rows.comments(store, article_id)
    source_ids = sorted({e["source_id"] for items in evidence.values() for e in items})
    refs = {source_id: ref for ref, source_id in enumerate(source_ids, 1)}
    source_fetches: dict[int, list[dict[str, Any]]] = {}
    for fetch in rows.fetches(store, source_ids=source_ids):
        source_fetches.setdefault(fetch["source_id"], []).append(fetch)
    status = rows.status(store, article_id)
    stages = rows.stages(store, article_id)
    scale_names = sorted({v["scale"] for items in verdicts.values() for v in items})
    return {
        "format": fmt.FORMAT,
        "version": fmt.VERSION,
        "exported_by": exported_by,
        "article": {
            **{k: article[k] for k in _ARTICLE},
            "status": _pick(status, "status", "assignee", "set_by", "set_at") if status else None,
        },
        "sentences": [
            {
                "number": number,
                **{k: s[k] for k in ("start", "end", "paragraph", "kind", "text")},
                "tags": [_pick(t, "tag", "set_by", "set_at") for t in tags.get(s["id"], [])],
                "mark": next((_pick(m, "set_by", "set_at") for m in marks.get(s["id"], [])), None),
                "evidence": [
                    {
                        "source": refs[e["source_id"]],
                        **_pick(e, "excerpt", "stance", "note", "created_by", "created_at"),
                    }
                    for e in evidence.get(s["id"], [])
                ],
                "verdicts": [
                    {
                        **_pick(v, *_VERDICT),
                        "decisions": [
                            _pick(a, "decision", "comment", "reviewer", "at")
                            for a in approvals.get(v["id"], [])
                        ],
                        "status": _stage(stages.get(s["id"]), v["id"]),
                    }
                    for v in verdicts.get(s["id"], [])
                ],
                "comments": [_pick(c, "text", "reviewer", "at") for c in comments.get(s["id"], [])],
            }
            for number, s in enumerate(sentences, 1)
        ],
        "sources": [
            {
                "ref": refs[row["id"]],
                **{k: row[k] for k in _SOURCE},
                "fetches": [_fetch(f) for f in source_fetches.get(row["id"], [])],
            }
            for row in rows.sources(store, source_ids)
        ],
        "fetches": [_fetch(f) for f in rows.fetches(store, article_id=article_id)],
        "scales": [
            {
                "name": row["name"],
                "description": row["description"],
                "labels": json.loads(row["labels"]),
            }
            for row in rows.scales(store, scale_names)
        ],
        "history": [
            {
                **_pick(h, "at", "reviewer", "kind", "verb", "summary"),
                "sentence": h["number"] or None,
            }
            for h in rows.history(store, article_id)
        ],
    }


_ARTICLE = (
    "content_hash",
    "title",
    "date",
    "byline",
    "url",
    "format",
    "encoding",
    "filename",
    "imported_at",
    "imported_by",
    "text",
)
_SOURCE = (
    "url",
    "title",
    "publisher",
    "published",
    "accessed_at",
    "snapshot",
    "snapshot_hash",
    "created_by",
    "created_at",
)
_VERDICT = (
    "scale",
    "label",
    "value",
    "rationale",
    "claim",
    "claimant",
    "reviewer",
    "created_at",
)
_FETCH = (
    "url",
    "final_url",
    "status",
    "media_type",
    "fetched_at",
    "fetched_by",
    "sha256",
    "size",
)


def _pick(row: dict[str, Any], *keys: str) -> dict[str, Any]:
    return {key: row[key] for key in keys}


def _stage(row: dict[str, Any] | None, verdict_id: int) -> dict[str, Any] | None:
    """The sentence's stage as the verdict it was set on carries it (None on the others; a
    stage on a withdrawn verdict names no rating and is left out)."""
    if row is None or row["verdict_id"] != verdict_id:
        return None
    return {"stage": row["status"], **_pick(row, "set_by", "set_at")}


def _fetch(row: dict[str, Any]) -> dict[str, Any]:
    return {
        **_pick(row, *_FETCH),
        "headers": json.loads(row["headers"]),
        "body": base64.b64encode(row["body"]).decode("ascii"),
    }


def reviewers_of(document: dict[str, Any]) -> tuple[str, ...]:
    """Everyone whose work the bundle carries, in the order they first appear."""
    names: dict[str, None] = {document["article"]["imported_by"]: None}
    for sentence in document["sentences"]:
        for item in sentence["tags"]:
            names[item["set_by"]] = None
        if sentence["mark"]:
            names[sentence["mark"]["set_by"]] = None
        for item in sentence["evidence"]:
            names[item["created_by"]] = None
        for verdict in sentence["verdicts"]:
            names[verdict["reviewer"]] = None
            for decision in verdict["decisions"]:
                names[decision["reviewer"]] = None
            if verdict.get("status"):
                names[verdict["status"]["set_by"]] = None
        for comment in sentence["comments"]:
            names[comment["reviewer"]] = None
    return tuple(names)


# ---------------------------------------------------------------------- merge
class Merge:
    """One bundle merged into the store inside one action (`draft`)."""

    def __init__(
        self, store: Store, draft: ActionDraft, reviewer: str, clock: Callable[[], str]
    ) -> None:
        self.store = store
        self.draft = draft
        self.reviewer = reviewer
        self.clock = clock
        self.added = {key: 0 for key, _, _ in ADDED}
        self.notes: list[str] = []
        self.sources: dict[int, int | None] = {}  # bundle ref -> stored source id
        self.conflicts: list[tuple[int, int, int]] = []  # sentence, here, imported verdict
        self.conflict_ids: set[int] = set()

    def run(self, document: dict[str, Any]) -> tuple[int, bool, int | None]:
        """Merge; returns the article's id, whether it was made, and the bundle record's id
        (None when the bundle brought nothing new)."""
        article_id, created, ids = self._article(document)
        by_ref = {source["ref"]: source for source in document["sources"]}
        for sentence in document["sentences"]:
            sentence_id = ids.get((sentence["start"], sentence["end"]))
            if sentence_id is None or not _reviewed(sentence):
                continue  # boundaries checked in _article: only unreviewed ones differ
            self._tags(sentence_id, sentence)
            for item in sentence["evidence"]:
                self._evidence(sentence_id, item, by_ref[item["source"]])
            stored = self._verdicts(sentence_id, sentence["verdicts"], document["scales"])
            self._comments(sentence_id, sentence["comments"])
            self._stage(sentence_id, sentence, stored)
        self._status(article_id, document["article"]["status"])
        for fetch in document["fetches"]:
            self._archive(fetch, article_id=article_id)
        if not self.draft.changes.log:
            return article_id, created, None
        bundle_id = self.draft.changes.insert(
            "bundles",
            {
                "article_id": article_id,
                "digest": document["digest"],
                "exported_by": document["exported_by"],
                "reviewers": json.dumps(list(reviewers_of(document)), ensure_ascii=False),
                "added": json.dumps(self.added),
                "history": json.dumps(document["history"], ensure_ascii=False),
                "imported_by": self.reviewer,
                "imported_at": self.clock(),
            },
        )
        for sentence_id, here, imported in self.conflicts:
            conflict_id = self.draft.changes.insert(
                "verdict_conflicts",
                {
                    "bundle_id": bundle_id,
                    "sentence_id": sentence_id,
                    "here_verdict_id": here,
                    "imported_verdict_id": imported,
                },
            )
            self.conflict_ids.add(conflict_id)
        return article_id, created, bundle_id

    # --------------------------------------------------------------- article
    def _article(self, document: dict[str, Any]) -> tuple[int, bool, dict[tuple[int, int], int]]:
        article = document["article"]
        found = rows.article_by_hash(self.store, article["content_hash"])
        if found is None:
            earlier = rows.revised_from(self.store, article["content_hash"])
            if earlier is not None:
                raise ValidationError(
                    f"the bundle reviews revision {earlier['number']} of article "
                    f"{earlier['id']}, whose text has changed here since; ask for a bundle "
                    "of its current text"
                )
            return self._create(document)
        if found["importing"]:
            raise StoreError(
                "another process is importing the same article right now; try again when it "
                "has finished"
            )
        article_id = int(found["id"])
        if found["removal"] is not None:
            self.draft.changes.delete("removed_articles", found["removal"])
            self.notes.append(f"article {article_id} had been removed from the library; it is back")
        ids = {(s["start"], s["end"]): s["id"] for s in rows.sentences(self.store, article_id)}
        differ = [
            s for s in document["sentences"] if _reviewed(s) and (s["start"], s["end"]) not in ids
        ]
        if differ:
            first = differ[0]
            more = f" (and {len(differ) - 1} more)" if len(differ) > 1 else ""
            raise ValidationError(
                f"the bundle's sentence {first['number']} (characters {first['start']}–"
                f"{first['end']}){more} is not a sentence of article {article_id} here: "
                "one of the two databases merged or split sentences; make the boundaries "
                "match, then import it again"
            )
        return article_id, False, ids

    def _create(self, document: dict[str, Any]) -> tuple[int, bool, dict[tuple[int, int], int]]:
        """The article as the bundle has it: its text, metadata, who imported it, and its
        sentence boundaries (checked against the text when the bundle was read)."""
        article = document["article"]
        article_id = rows.fresh_article_id(self.store)
        self.draft.changes.insert(
            "articles", {"id": article_id, **{k: article[k] for k in _ARTICLE}}
        )
        ids = {}
        for sentence in document["sentences"]:
            ids[(sentence["start"], sentence["end"])] = self.draft.changes.insert(
                "sentences",
                {
                    "article_id": article_id,
                    **{k: sentence[k] for k in ("start", "end", "paragraph", "kind", "text")},
                },
            )
        self.added["article"] = 1
        return article_id, True, ids

    # ------------------------------------------------------------- sentences
    def _tags(self, sentence_id: int, sentence: dict[str, Any]) -> None:
        have = {row["tag"] for row in self.store.tags_of(sentence_id)}
        new = [t for t in sentence["tags"] if t["tag"] not in have]
        for tag in new:
            self.draft.changes.insert(
                "tags",
                {"sentence_id": sentence_id, "tag": tag["tag"], **_pick(tag, "set_by", "set_at")},
            )
        self.added["tags"] += len(new)
        mark = self.store.mark_row(sentence_id)
        if mark is not None and new:
            # Something to check after all, as tagging says anywhere.
            self.draft.changes.delete("marks", mark["id"])
            self.notes.append(
                f"sentence {sentence['number']} is tagged now, so no longer “nothing to check”"
            )
        elif mark is None and sentence["mark"] and not have and not new:
            self.draft.changes.insert(
                "marks", {"sentence_id": sentence_id, **_pick(sentence["mark"], "set_by", "set_at")}
            )
            self.added["marks"] += 1

    def _source(self, ref: int, source: dict[str, Any], *, make: bool) -> int | None:
        if ref in self.sources and (self.sources[ref] is not None or not make):
            return self.sources[ref]
        found = next(
            (
                row["id"]
                for row in rows.sources_like(self.store, source["url"], source["snapshot_hash"])
                if row["snapshot_hash"] == source["snapshot_hash"]
                and (source["url"] or _same(row, source, "title", "publisher"))
            ),
            None,
        )
        if found is None and make:
            found = self.draft.changes.insert("sources", {k: source[k] for k in _SOURCE})
            self.added["sources"] += 1
        if found is not None:
            for fetch in source["fetches"]:
                self._archive(fetch, source_id=found)
        self.sources[ref] = found
        return found

    def _evidence(self, sentence_id: int, item: dict[str, Any], source: dict[str, Any]) -> None:
        source_id = self._source(item["source"], source, make=False)
        if source_id is not None:
            for row in self.store.evidence_of(sentence_id):
                if (row["source_id"], row["created_by"], row["created_at"]) == (
                    source_id,
                    item["created_by"],
                    item["created_at"],
                ):
                    if any(row[k] != item[k] for k in ("excerpt", "stance", "note")):
                        self.notes.append(
                            f"evidence {row['id']} was edited in one of the two databases; "
                            "kept as it is here"
                        )
                    return
        source_id = self._source(item["source"], source, make=True)
        self.draft.changes.insert(
            "evidence",
            {
                "sentence_id": sentence_id,
                "source_id": source_id,
                **_pick(item, "excerpt", "stance", "note", "created_by", "created_at"),
            },
        )
        self.added["evidence"] += 1

    def _verdicts(
        self, sentence_id: int, verdicts: list[dict[str, Any]], scales: list[dict[str, Any]]
    ) -> list[int]:
        """Merge a sentence's verdicts; returns the stored verdict each of the bundle's is."""
        stored = []
        here = self.store.verdicts_of(sentence_id)
        current = here[-1] if here else None
        known = {_verdict_key(row): row["id"] for row in here}
        latest_new: tuple[int, dict[str, Any]] | None = None
        for verdict in verdicts:
            key = _verdict_key(verdict)
            verdict_id = known.get(key)
            if verdict_id is None:
                self._scale(verdict["scale"], scales)
                verdict_id = self.draft.changes.insert(
                    "verdicts", {"sentence_id": sentence_id, **_pick(verdict, *_VERDICT)}
                )
                known[key] = verdict_id
                latest_new = (verdict_id, verdict)
                self.added["verdicts"] += 1
            self._decisions(sentence_id, verdict_id, verdict["decisions"])
            stored.append(verdict_id)
        if current is not None and latest_new is not None:
            new_id, new = latest_new
            if (new["scale"], new["label"]) != (current["scale"], current["label"]):
                self.conflicts.append((sentence_id, current["id"], new_id))
        return stored

    def _scale(self, name: str, scales: list[dict[str, Any]]) -> None:
        if self.store.scale_row(name) is not None:
            return
        given = next((s for s in scales if s["name"] == name), None)
        if given is None or not _SCALE_NAME.fullmatch(name):
            self.notes.append(f"scale {name} is not known here; its verdicts keep their labels")
            return
        labels = [{"name": lb["name"], "value": lb["value"]} for lb in given["labels"]]
        self.draft.changes.insert(
            "scales",
            {
                "name": name,
                "description": given["description"],
                "labels": json.dumps(labels),
                "builtin": 0,
            },
        )
        self.added["scales"] += 1

    def _decisions(
        self, sentence_id: int, verdict_id: int, decisions: list[dict[str, Any]]
    ) -> None:
        have = {
            (row["decision"], row["comment"], row["reviewer"], row["at"])
            for row in rows.decisions_on(self.store, verdict_id)
        }
        for decision in decisions:
            key = (decision["decision"], decision["comment"], decision["reviewer"], decision["at"])
            if key in have:
                continue
            self.draft.changes.insert(
                "approvals",
                {
                    "verdict_id": verdict_id,
                    "sentence_id": sentence_id,
                    **_pick(decision, "decision", "comment", "reviewer", "at"),
                },
            )
            have.add(key)
            self.added["decisions"] += 1

    def _comments(self, sentence_id: int, comments: list[dict[str, Any]]) -> None:
        have = {
            (row["reviewer"], row["at"], row["text"])
            for row in rows.comments_on(self.store, sentence_id)
        }
        for comment in comments:
            key = (comment["reviewer"], comment["at"], comment["text"])
            if key in have:
                continue
            self.draft.changes.insert(
                "comments", {"sentence_id": sentence_id, **_pick(comment, "text", "reviewer", "at")}
            )
            have.add(key)
            self.added["comments"] += 1

    def _stage(self, sentence_id: int, sentence: dict[str, Any], stored: list[int]) -> None:
        """The sentence's stage from the bundle, on the verdict it was set on. Where this
        database has another, the newer (by when it was set) wins only if it is on the
        sentence's current verdict now; otherwise this database's stays, and a note says so."""
        found = next(
            (
                (verdict["status"], verdict_id)
                for verdict, verdict_id in zip(sentence["verdicts"], stored, strict=True)
                if verdict.get("status")
            ),
            None,
        )
        if found is None:
            return
        stage, verdict_id = found
        values = {
            "verdict_id": verdict_id,
            "status": stage["stage"],
            **_pick(stage, "set_by", "set_at"),
        }
        here = rows.stage_of(self.store, sentence_id)
        if here is None:
            self.draft.changes.insert("sentence_status", {"sentence_id": sentence_id, **values})
            self.added["sentence_status"] += 1
            return
        if (here["status"], here["verdict_id"]) == (stage["stage"], verdict_id):
            return  # the same stage on the same rating, whoever set it
        current = rows.current_verdict_id(self.store, sentence_id) == verdict_id
        if stage["set_at"] > here["set_at"] and current:
            self.draft.changes.update("sentence_status", here["id"], values)
            self.added["sentence_status"] += 1
        else:
            why = "set earlier" if current else "set on a rating that is not its verdict now"
            self.notes.append(
                f"sentence {sentence['number']}'s status stays {here['status']} here (the "
                f"bundle says {stage['stage']}, {why})"
            )

    def _status(self, article_id: int, status: dict[str, Any] | None) -> None:
        if status is None:
            return
        here = rows.status(self.store, article_id)
        if here is None:
            if status["status"] not in STATUSES:
                self.notes.append(
                    f"status {status['status']!r} is not one this desk uses; left out"
                )
                return
            self.draft.changes.insert(
                "article_status",
                {
                    "article_id": article_id,
                    **_pick(status, "status", "assignee", "set_by", "set_at"),
                },
            )
            self.added["status"] += 1
        elif (here["status"], here["assignee"]) != (status["status"], status["assignee"]):
            self.notes.append(
                f"the article's status stays {here['status']} here (the bundle says "
                f"{status['status']})"
            )

    def _archive(
        self, fetch: dict[str, Any], *, article_id: int | None = None, source_id: int | None = None
    ) -> None:
        if rows.archived(self.store, fetch["sha256"], fetch["url"], fetch["fetched_at"]):
            return
        packed, _ = fmt.fetch_body(fetch)
        rows.archive(
            self.store,
            {
                **_pick(fetch, *_FETCH),
                "headers": json.dumps(fetch["headers"], sort_keys=True),
                "body": packed,
                "article_id": article_id,
                "source_id": source_id,
            },
        )
        self.added["fetches"] += 1


def _reviewed(sentence: dict[str, Any]) -> bool:
    return bool(
        sentence["tags"]
        or sentence["mark"]
        or sentence["evidence"]
        or sentence["verdicts"]
        or sentence["comments"]
    )


def _verdict_key(row: dict[str, Any]) -> tuple[Any, ...]:
    return tuple(row[k] for k in _VERDICT if k != "value")


def _same(row: dict[str, Any], other: dict[str, Any], *keys: str) -> bool:
    return all(row[k] == other[k] for k in keys)


def summary(result: BundleImport | MergedBundle) -> str:
    """What a merge added, in words: `2 tags, 1 verdict (1 conflict), 1 comment`."""
    parts = []
    conflicts = result.conflicts if isinstance(result, BundleImport) else ()
    for key, one, several in ADDED:
        count = result.added.get(key, 0)
        if key == "article" or not count:
            continue
        part = f"{count} {one if count == 1 else several}"
        if key == "verdicts" and conflicts:
            n = len(conflicts)
            part += f" ({n} conflict{'s' if n > 1 else ''})"
        parts.append(part)
    return ", ".join(parts) or "nothing new"


def conflicts(
    store: Store, article_id: int | None = None, sentence_id: int | None = None
) -> list[Conflict]:
    return [_conflict(row) for row in rows.conflicts(store, article_id, sentence_id)]


def _conflict(row: dict[str, Any]) -> Conflict:
    current = (
        "imported"
        if row["current_id"] == row["imported_verdict_id"]
        else "here"
        if row["current_id"] == row["here_verdict_id"]
        else "newer"
    )
    return Conflict(
        id=row["id"],
        article_id=row["article_id"],
        article_title=row["title"],
        number=row["number"],
        text=row["text"],
        here_label=row["here_label"],
        here_reviewer=row["here_reviewer"],
        here_rationale=row["here_rationale"],
        imported_label=row["imported_label"],
        imported_reviewer=row["imported_reviewer"],
        imported_rationale=row["imported_rationale"],
        exported_by=row["exported_by"],
        merged_at=row["merged_at"],
        current=current,
        settled=bool(row["settled"]),
    )

"""The Workbench facade: every reviewer action, called the same way by the CLI and the TUI."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz, process, utils

from . import store as store_module
from .assist import Assistants
from .claimreview import CLAIM_LIMIT
from .errors import NotFoundError, NothingToDoError, ValidationError
from .history import History
from .ingest import Document, read_document
from .layout import segment_document
from .models import (
    STANCES,
    TAGS,
    Article,
    ArticleSummary,
    Evidence,
    EvidenceCheck,
    ImportResult,
    Outcome,
    Review,
    Sentence,
    SentenceDetail,
    SentenceReview,
    Source,
    TagMark,
    Verdict,
)
from .scales import Label, Scale, parse_labels
from .search import EvidenceSearch, passage_spans
from .store import Store
from .suggest import RULES_VERSION, suggest
from .validate import check_choice, check_date, check_url, clean, squash

CLAIM_RECOMMENDED_LENGTH = CLAIM_LIMIT  # ClaimReview wants fewer characters than this


def utc_now() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class Workbench(Assistants, EvidenceSearch, History):
    """A reviewer's session on one database file.

    The database is opened on first use, so refusing bad input never touches the file.
    """

    def __init__(
        self, db_path: Path | str, reviewer: str, *, clock: Callable[[], str] = utc_now
    ) -> None:
        if not reviewer.strip():
            raise ValidationError("a reviewer name is required")
        self.db_path = db_path
        self.reviewer = reviewer.strip()
        self.clock = clock
        self._store: Store | None = None
        self._generation = 0  # counts this session's own changes to sentence order
        self._ids_cache: dict[int, tuple[tuple[int, int], list[int]]] = {}
        self._suggested: set[int] = set()  # articles whose suggestions are up to date

    @property
    def store(self) -> Store:
        if self._store is None:
            self._store = Store(self.db_path)
        return self._store

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None

    def __enter__(self) -> Workbench:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    # -------------------------------------------------------------- articles
    def import_file(
        self,
        path: Path,
        *,
        title: str | None = None,
        date: str | None = None,
        byline: str | None = None,
        url: str | None = None,
    ) -> ImportResult:
        document = read_document(Path(path))
        return self.import_document(
            document, filename=Path(path).name, title=title, date=date, byline=byline, url=url
        )

    def import_document(
        self,
        document: Document,
        *,
        filename: str | None = None,
        title: str | None = None,
        date: str | None = None,
        byline: str | None = None,
        url: str | None = None,
    ) -> ImportResult:
        date = check_date(date, "date") if date else document.date
        url = check_url(url) if url else document.url
        digest = content_hash(document.text)
        existing = self.store.article_by_hash(digest)
        if existing:
            article = self.article(existing[0]["id"])
            given = {"title": title, "date": date, "byline": byline, "url": url}
            ignored = [
                f"--{key}"
                for key, value in given.items()
                if value and value != getattr(article, key)
            ]
            warnings = (
                (
                    f"article {article.id} holds this text already; {', '.join(ignored)} "
                    "left as stored (the text is what identifies an article)",
                )
                if ignored
                else ()
            )
            return ImportResult(article, False, self.store.sentence_count(article.id), warnings)
        sentences = segment_document(document)
        if not sentences:
            raise ValidationError(f"{filename or 'the text'} has no sentences to review")
        row = {
            "content_hash": digest,
            "title": title or document.title,
            "date": date,
            "byline": byline or document.byline,
            "url": url,
            "format": document.format,
            "encoding": document.encoding,
            "filename": filename,
            "imported_at": self.clock(),
            "imported_by": self.reviewer,
            "text": document.text,
        }
        hints = suggest([(text, paragraph) for _, _, paragraph, _, text in sentences])
        article_id = self.store.insert_article(row, sentences, hints, RULES_VERSION)
        return ImportResult(self.article(article_id), True, len(sentences))

    def article(self, ref: int | str, *, with_text: bool = True) -> Article:
        row = self._article_row(ref)
        return _article({**row, "text": self.store.article_text(row["id"]) if with_text else ""})

    def _article_row(self, ref: int | str) -> dict[str, Any]:
        text = str(ref).strip()
        if text.isascii() and text.isdigit() and int(text) < 2**63:  # else no SQLite row id
            row = self.store.article(int(text))
            if row is not None:
                return row
        elif re.fullmatch(r"[0-9a-fA-F]{6,64}", text):
            rows = self.store.article_by_hash(text.lower())
            if len(rows) == 1:
                return rows[0]
            if len(rows) > 1:
                raise NotFoundError(f"article hash prefix {text} matches {len(rows)} articles")
        raise NotFoundError(f"no article {text}; `workbench articles` lists them")

    def articles(self) -> list[ArticleSummary]:
        return [ArticleSummary(**row) for row in self.store.article_summaries()]

    # ------------------------------------------------------------- sentences
    def sentences(
        self,
        article: int | str,
        *,
        after: Sentence | None = None,
        limit: int = -1,
        with_text: bool = True,
    ) -> list[Sentence]:
        """Sentences in order; `after` and `limit` read a long article a chunk at a time, and
        without text each sentence's text is "" (`sentence_texts` reads it when needed)."""
        article_id = self._article_row(article)["id"]
        if after is None:
            self._ensure_suggested(article_id)
        rows = self.store.sentence_rows(
            article_id,
            after=after.start if after else -1,
            limit=limit,
            first_number=after.number + 1 if after else 1,
            with_text=with_text,
        )
        return list(map(Sentence._make, rows))

    def sentence_texts(self, ids: list[int]) -> dict[int, str]:
        return self.store.sentence_texts(ids)

    def progress(self, article: int | str) -> dict[str, int]:
        """Counts of a review: total, tagged, evidence, verdict (tagged and rated)."""
        return self.store.progress(self._article_row(article)["id"])

    def sentence(self, article: int | str, number: int) -> SentenceDetail:
        row = self._sentence_row(article, number)
        return self._detail(row)

    def sentence_by_id(self, sentence_id: int, number: int | None = None) -> SentenceDetail:
        """A sentence's detail by its stable id (the TUI knows the number already)."""
        row = self.store.sentence_by_id(sentence_id)
        if row is None:
            raise NotFoundError(f"sentence {number or sentence_id} no longer exists")
        row["number"] = number if number is not None else self.store.sentence_number(sentence_id)
        return self._detail(row)

    def _detail(self, row: dict[str, Any]) -> SentenceDetail:
        sentence_id = row["id"]
        tags = self.store.tags_of(sentence_id)
        evidence = self.store.evidence_of(sentence_id)
        verdicts = self.store.verdicts_of(sentence_id)
        tag_names = tuple(t for t in TAGS if any(r["tag"] == t for r in tags))
        suggestions = tuple(self._suggestions_of(row["article_id"], sentence_id))
        sentence = Sentence(
            id=sentence_id,
            article_id=row["article_id"],
            number=row["number"],
            start=row["start"],
            end=row["end"],
            paragraph=row["paragraph"],
            kind=row["kind"],
            text=row["text"],
            tags=tag_names,
            evidence_count=len(evidence),
            verdict=verdicts[-1]["label"] if verdicts else None,
            suggested=tuple(h.tag for h in suggestions if h.tag not in tag_names),
            worth=self.store.worth_of(sentence_id),
        )
        checks = self._checks([r["id"] for r in evidence])
        return SentenceDetail(
            sentence=sentence,
            tags=tuple(TagMark(r["tag"], r["set_by"], r["set_at"]) for r in tags),
            evidence=tuple(self._evidence(r, checks.get(r["id"], ())) for r in evidence),
            verdicts=tuple(_verdict(r) for r in verdicts),
            suggestions=suggestions,
        )

    def _evidence(
        self,
        row: dict[str, Any],
        checks: tuple[EvidenceCheck, ...] = (),
        source: Source | None = None,
    ) -> Evidence:
        if source is None:
            found = self.store.source(row["source_id"])
            assert found is not None  # a foreign key guarantees it
            source = Source(**found)
        return Evidence(
            id=row["id"],
            sentence_id=row["sentence_id"],
            source=source,
            excerpt=row["excerpt"],
            stance=row["stance"],
            note=row["note"],
            created_by=row["created_by"],
            created_at=row["created_at"],
            checks=checks,
        )

    def _sentence_row(self, article: int | str, number: int) -> dict[str, Any]:
        article_id = self._article_row(article)["id"]
        ids = self._sentence_ids(article_id)
        row = self.store.sentence_by_id(ids[number - 1]) if 1 <= number <= len(ids) else None
        if row is None:
            raise NotFoundError(
                f"article {article_id} has no sentence {number} (it has 1–{len(ids)})"
            )
        row["number"] = number
        return row

    def _sentence_ids(self, article_id: int) -> list[int]:
        """Sentence ids in order, cached until this or another connection changes the file:
        finding sentence 90,000 by number is then a list lookup, not a scan."""
        version = (self.store.data_version(), self._generation)
        cached = self._ids_cache.get(article_id)
        if cached is None or cached[0] != version:
            cached = (version, self.store.sentence_ids(article_id))
            self._ids_cache[article_id] = cached
        return cached[1]

    def _label(self, row: dict[str, Any]) -> str:
        return f"sentence {row['number']}"

    # -------------------------------------------------------------- actions
    @contextmanager
    def _action(self, verb: str, **kwargs: Any) -> Iterator[store_module.ActionDraft]:
        """One reviewer action; derived data (indexes, suggestions) follows in the same
        transaction, whatever the action changed, undo and redo included."""
        with self.store.action(
            at=self.clock(), reviewer=self.reviewer, verb=verb, **kwargs
        ) as draft:
            yield draft
            self._derive(draft.changes.log)

    def _derive(self, log: list[dict[str, Any]]) -> None:
        sentences: set[int] = set()
        sources: set[int] = set()
        to_check: set[int] = set()
        paragraphs: set[tuple[int, int]] = set()
        gone: list[int] = []
        for change in log:
            rows = [r for r in (change["before"], change["after"]) if r]
            if change["table"] == "sentences":
                sentences.add(change["id"])
                to_check.add(change["id"])  # its text changed: the checks read it
                paragraphs.update((r["article_id"], r["paragraph"]) for r in rows)
                if change["after"] is None:
                    gone.append(change["id"])
                self._generation += 1
            elif change["table"] == "verdicts":
                sentences.update(r["sentence_id"] for r in rows)
            elif change["table"] == "sources":
                sources.add(change["id"])
                to_check.update(self.store.sentences_citing(change["id"]))
            if change["table"] in {"evidence", "tags"}:
                to_check.update(r["sentence_id"] for r in rows)
            if change["table"] == "evidence" and change["after"] is None:
                self.store.write_checks(change["id"], [], "")  # unlinked: no results left
        self.store.forget_suggestions(gone)
        for article_id in {article for article, _ in paragraphs}:
            self._resuggest(article_id, {p for a, p in paragraphs if a == article_id})
        self._recheck(to_check)  # not for a verdict: the checks do not read it
        for sentence_id in sentences:
            self.store.sync_checked(sentence_id)
        for source_id in sources:
            row = self.store.source(source_id)
            text = row["snapshot"] if row else None
            self.store.index_passages(source_id, text, passage_spans(text) if text else [])

    def _outcome(self, draft: store_module.ActionDraft, warnings: Iterable[str] = ()) -> Outcome:
        assert draft.action_id is not None
        return Outcome(self.action(draft.action_id), draft.summary, tuple(warnings))

    def set_tag(self, article: int | str, number: int, tag: str, on: bool = True) -> Outcome:
        tag = check_choice(tag, TAGS, "tag")
        row = self._sentence_row(article, number)
        with self._action("tag" if on else "untag") as draft:
            existing = self.store.tag_row(row["id"], tag)
            if on and existing is not None:
                raise NothingToDoError(f"{self._label(row)} is already tagged {tag}")
            if not on and existing is None:
                raise NothingToDoError(f"{self._label(row)} is not tagged {tag}")
            if on:
                draft.changes.insert(
                    "tags",
                    {
                        "sentence_id": row["id"],
                        "tag": tag,
                        "set_by": self.reviewer,
                        "set_at": self.clock(),
                    },
                )
                draft.summary = f"tagged {self._label(row)} as {tag}"
            else:
                assert existing is not None
                draft.changes.delete("tags", existing["id"])
                draft.summary = f"removed tag {tag} from {self._label(row)}"
            draft.article_id, draft.sentence_id = row["article_id"], row["id"]
        return self._outcome(draft)

    def toggle_tag(self, article: int | str, number: int, tag: str) -> Outcome:
        row = self._sentence_row(article, number)
        present = self.store.tag_row(row["id"], check_choice(tag, TAGS, "tag")) is not None
        return self.set_tag(article, number, tag, on=not present)

    def set_tags(self, article: int | str, number: int, tags: Iterable[str]) -> Outcome:
        """Add several tags in one action (accepting suggestions is one undoable step)."""
        wanted = [check_choice(t, TAGS, "tag") for t in tags]
        row = self._sentence_row(article, number)
        with self._action("tag") as draft:
            added = []
            for tag in dict.fromkeys(wanted):
                if self.store.tag_row(row["id"], tag) is None:
                    draft.changes.insert(
                        "tags",
                        {
                            "sentence_id": row["id"],
                            "tag": tag,
                            "set_by": self.reviewer,
                            "set_at": self.clock(),
                        },
                    )
                    added.append(tag)
            if not added:
                raise NothingToDoError(f"{self._label(row)} already has those tags")
            draft.summary = f"tagged {self._label(row)} as {', '.join(added)}"
            draft.article_id, draft.sentence_id = row["article_id"], row["id"]
        return self._outcome(draft)

    # -------------------------------------------------------------- sources
    def add_source(
        self,
        *,
        url: str | None = None,
        title: str | None = None,
        publisher: str | None = None,
        published: str | None = None,
        accessed_at: str | None = None,
        snapshot: str | None = None,
    ) -> tuple[Source, bool]:
        """Store a source; a source with the same URL and snapshot is found, not duplicated."""
        url = check_url(url) if url else None
        title = clean(title)
        if not (url or title):
            raise ValidationError("a source needs a URL or a title")
        published = check_date(published, "publication date") if published else None
        accessed = check_date(accessed_at, "accessed date") if accessed_at else self.clock()
        snapshot = snapshot if snapshot and snapshot.strip() else None
        snapshot_hash = content_hash(snapshot) if snapshot else None
        if url:
            for existing in self.store.sources_by_url(url):
                if existing["snapshot_hash"] == snapshot_hash:
                    return Source(**existing), False
        with self._action("source") as draft:
            source_id = draft.changes.insert(
                "sources",
                {
                    "url": url,
                    "title": title,
                    "publisher": clean(publisher),
                    "published": published,
                    "accessed_at": accessed,
                    "snapshot": snapshot,
                    "snapshot_hash": snapshot_hash,
                    "created_by": self.reviewer,
                    "created_at": self.clock(),
                },
            )
            draft.summary = f"added source {source_id}: {title or url}"
        return self.source(source_id), True

    def source(self, source_id: int) -> Source:
        row = self.store.source(int(source_id))
        if row is None:
            raise NotFoundError(f"no source {source_id}; `workbench source list` lists them")
        return Source(**row)

    def sources(self) -> list[Source]:
        return [Source(**row) for row in self.store.sources()]

    def search_sources(self, query: str, limit: int = 10) -> list[tuple[Source, float]]:
        """Sources ranked by fuzzy similarity of the query to title, publisher, URL, snapshot."""
        rows = self.store.sources()
        if not query.strip():
            return [(Source(**row), 0.0) for row in rows[-limit:][::-1]]
        choices = {
            row["id"]: " ".join(
                part
                for part in (
                    row["title"],
                    row["publisher"],
                    row["url"],
                    (row["snapshot"] or "")[:2000],
                )
                if part
            )
            for row in rows
        }
        by_id = {row["id"]: row for row in rows}
        found = process.extract(
            query,
            choices,
            scorer=fuzz.WRatio,
            processor=utils.default_process,
            limit=limit,
            score_cutoff=50,
        )
        return [(Source(**by_id[key]), float(score)) for _, score, key in found]

    # ------------------------------------------------------------- evidence
    def link(
        self,
        article: int | str,
        number: int,
        source_id: int,
        *,
        stance: str,
        excerpt: str | None = None,
        note: str | None = None,
    ) -> Outcome:
        stance = check_choice(stance, STANCES, "stance")
        row = self._sentence_row(article, number)
        source = self.source(source_id)
        with self._action("link") as draft:
            evidence_id = draft.changes.insert(
                "evidence",
                {
                    "sentence_id": row["id"],
                    "source_id": source.id,
                    "excerpt": clean(excerpt),
                    "stance": stance,
                    "note": clean(note),
                    "created_by": self.reviewer,
                    "created_at": self.clock(),
                },
            )
            draft.summary = (
                f"linked source {source.id} to {self._label(row)} as {stance} "
                f"(evidence {evidence_id})"
            )
            draft.article_id, draft.sentence_id = row["article_id"], row["id"]
        warnings = []
        if excerpt and source.snapshot and squash(excerpt) not in squash(source.snapshot):
            warnings.append("the excerpt does not appear word for word in the source's snapshot")
        return self._outcome(draft, warnings)

    def unlink(self, evidence_id: int) -> Outcome:
        evidence = self.store.evidence_row(int(evidence_id))
        if evidence is None:
            raise NotFoundError(f"no evidence {evidence_id}")
        number = self.store.sentence_number(evidence["sentence_id"])
        with self._action("unlink") as draft:
            draft.changes.delete("evidence", evidence["id"])
            draft.summary = f"removed evidence {evidence['id']} from sentence {number}"
            sentence = draft.changes.row("sentences", evidence["sentence_id"])
            draft.article_id = sentence["article_id"] if sentence else None
            draft.sentence_id = evidence["sentence_id"]
        return self._outcome(draft)

    # ------------------------------------------------------------- verdicts
    def set_verdict(
        self,
        article: int | str,
        number: int,
        rating: str,
        *,
        rationale: str | None = None,
        claim: str | None = None,
        claimant: str | None = None,
    ) -> Outcome:
        row = self._sentence_row(article, number)
        if not self.store.tags_of(row["id"]):
            raise ValidationError(
                f"{self._label(row)} is not tagged: tag it claim, quote or figure first"
            )
        scale = self.active_scale()
        label = scale.resolve(rating)
        claim = clean(claim)
        warnings = []
        if claim and len(claim) >= CLAIM_RECOMMENDED_LENGTH:
            warnings.append(
                f"the claim restatement has {len(claim)} characters; ClaimReview wants "
                f"fewer than {CLAIM_RECOMMENDED_LENGTH}"
            )
        with self._action("verdict") as draft:
            previous = self.store.verdicts_of(row["id"])
            draft.changes.insert(
                "verdicts",
                {
                    "sentence_id": row["id"],
                    "scale": scale.name,
                    "label": label.name,
                    "value": label.value,
                    "rationale": clean(rationale),
                    "claim": claim,
                    "claimant": clean(claimant),
                    "reviewer": self.reviewer,
                    "created_at": self.clock(),
                },
            )
            was = f" (was {previous[-1]['label']})" if previous else ""
            draft.summary = f"rated {self._label(row)} {label.name}{was}"
            draft.article_id, draft.sentence_id = row["article_id"], row["id"]
        return self._outcome(draft, warnings)

    # ---------------------------------------------------------------- scales
    def scales(self) -> list[Scale]:
        return [_scale(row) for row in self.store.scale_rows()]

    def scale(self, name: str) -> Scale:
        row = self.store.scale_row(name)
        if row is None:
            names = ", ".join(s.name for s in self.scales())
            raise NotFoundError(f"no scale {name!r}; scales: {names}")
        return _scale(row)

    def active_scale(self) -> Scale:
        setting = self.store.setting("active_scale")
        return self.scale(setting["value"] if setting else "newsroom")

    def use_scale(self, name: str) -> Outcome:
        scale = self.scale(name)
        setting = self.store.setting("active_scale")
        if setting and setting["value"] == scale.name:
            raise NothingToDoError(f"scale {scale.name} is already in use")
        with self._action("scale") as draft:
            if setting is None:
                draft.changes.insert("settings", {"key": "active_scale", "value": scale.name})
            else:
                draft.changes.update("settings", setting["id"], {"value": scale.name})
            draft.summary = f"switched to scale {scale.name}"
        return self._outcome(draft)

    def add_scale(self, name: str, labels: list[str], description: str = "") -> Outcome:
        name = name.strip()
        if not re.fullmatch(r"[\w][\w.-]{0,39}", name):
            raise ValidationError(f"scale name {name!r}: use letters, digits, '-', '.' or '_'")
        parsed: tuple[Label, ...] = parse_labels(labels)
        if self.store.scale_row(name) is not None:
            raise ValidationError(f"a scale named {name} exists already")
        with self._action("scale") as draft:
            draft.changes.insert(
                "scales",
                {
                    "name": name,
                    "description": description,
                    "labels": json.dumps([{"name": lb.name, "value": lb.value} for lb in parsed]),
                    "builtin": 0,
                },
            )
            draft.summary = f"added scale {name} ({', '.join(lb.name for lb in parsed)})"
        return self._outcome(draft)

    # ------------------------------------------------------- merge and split
    def merge(self, article: int | str, number: int) -> Outcome:
        """Join sentence `number` with the next one; tags, evidence and verdicts move along."""
        first = self._sentence_row(article, number)
        ids = self._sentence_ids(first["article_id"])
        second = self._sentence_row(first["article_id"], number + 1) if number < len(ids) else None
        if second is None:
            raise NothingToDoError(f"sentence {number} is the last; there is nothing to merge")
        if second["paragraph"] != first["paragraph"]:
            raise ValidationError(
                f"sentences {number} and {number + 1} are in different paragraphs"
            )
        text = self._article_text(first["article_id"])
        with self._action("merge") as draft:
            draft.changes.update(
                "sentences",
                first["id"],
                {
                    "end": second["end"],
                    "text": text[first["start"] : second["end"]],
                },
            )
            for tag in self.store.tags_of(second["id"]):
                if self.store.tag_row(first["id"], tag["tag"]) is None:
                    draft.changes.update("tags", tag["id"], {"sentence_id": first["id"]})
                else:
                    draft.changes.delete("tags", tag["id"])
            for evidence in self.store.evidence_of(second["id"]):
                draft.changes.update("evidence", evidence["id"], {"sentence_id": first["id"]})
            for verdict in self.store.verdicts_of(second["id"]):
                draft.changes.update("verdicts", verdict["id"], {"sentence_id": first["id"]})
            draft.changes.delete("sentences", second["id"])
            draft.summary = f"merged sentences {number} and {number + 1}"
            draft.article_id, draft.sentence_id = first["article_id"], first["id"]
        return self._outcome(draft)

    def split(self, article: int | str, number: int, offset: int) -> Outcome:
        """Split sentence `number` before character `offset` (counted from its first character).

        Both parts keep the tags; evidence and verdicts stay with the first part.
        """
        row = self._sentence_row(article, number)
        text = self._article_text(row["article_id"])
        length = row["end"] - row["start"]
        cut = row["start"] + offset
        head_end = row["start"] + len(text[row["start"] : cut].rstrip())
        tail_start = cut + (len(text[cut : row["end"]]) - len(text[cut : row["end"]].lstrip()))
        if not 0 < offset < length or head_end <= row["start"] or tail_start >= row["end"]:
            raise ValidationError(
                f"split offset must fall inside sentence {number} (1–{length - 1} characters "
                "in, with text on both sides)"
            )
        with self._action("split") as draft:
            draft.changes.update(
                "sentences",
                row["id"],
                {
                    "end": head_end,
                    "text": text[row["start"] : head_end],
                },
            )
            new_id = draft.changes.insert(
                "sentences",
                {
                    "article_id": row["article_id"],
                    "start": tail_start,
                    "end": row["end"],
                    "paragraph": row["paragraph"],
                    "kind": row["kind"],
                    "text": text[tail_start : row["end"]],
                },
            )
            for tag in self.store.tags_of(row["id"]):
                draft.changes.insert(
                    "tags",
                    {
                        "sentence_id": new_id,
                        "tag": tag["tag"],
                        "set_by": self.reviewer,
                        "set_at": self.clock(),
                    },
                )
            draft.summary = f"split sentence {number} at character {offset}"
            draft.article_id, draft.sentence_id = row["article_id"], row["id"]
        return self._outcome(draft)

    def split_before(self, article: int | str, number: int, marker: str) -> Outcome:
        """Split sentence `number` just before the first occurrence of `marker`."""
        row = self._sentence_row(article, number)
        offset = row["text"].find(marker)
        if offset <= 0:
            raise ValidationError(f"{marker!r} does not occur after the start of sentence {number}")
        return self.split(article, number, offset)

    def _article_text(self, article_id: int) -> str:
        return self.store.article_text(article_id)

    # ---------------------------------------------------------------- review
    def review(self, article: int | str) -> Review:
        """Everything an export needs, read with a handful of queries whatever the size."""
        article_row = self._article_row(article)
        article_id = article_row["id"]
        rows = self.store.sentence_rows(article_id)
        tags: dict[int, list[TagMark]] = {}
        for row in self.store.tag_rows_for_article(article_id):
            tags.setdefault(row["sentence_id"], []).append(
                TagMark(row["tag"], row["set_by"], row["set_at"])
            )
        sources = {row["id"]: Source(**row) for row in self.store.sources()}
        evidence: dict[int, list[Evidence]] = {}
        evidence_rows = self.store.evidence_rows_for_article(article_id)
        checks = self._checks([row["id"] for row in evidence_rows])
        for row in evidence_rows:
            evidence.setdefault(row["sentence_id"], []).append(
                self._evidence(row, checks.get(row["id"], ()), sources[row["source_id"]])
            )
        verdicts: dict[int, list[Verdict]] = {}
        for row in self.store.verdict_rows_for_article(article_id):
            verdicts.setdefault(row["sentence_id"], []).append(_verdict(row))
        items = []
        for sentence in map(Sentence._make, rows):
            marks = sorted(tags.get(sentence.id, []), key=lambda m: TAGS.index(m.tag))
            history = verdicts.get(sentence.id, [])
            items.append(
                SentenceReview(
                    sentence=sentence,
                    tags=tuple(marks),
                    evidence=tuple(evidence.get(sentence.id, [])),
                    verdict=history[-1] if history else None,
                    verdict_count=len(history),
                )
            )
        article_full = _article({**article_row, "text": self.store.article_text(article_id)})
        return Review(article_full, self.active_scale().name, tuple(items), tuple(self.scales()))


# ----------------------------------------------------------------- helpers
def _article(row: dict[str, Any]) -> Article:
    return Article(**row)


def _verdict(row: dict[str, Any]) -> Verdict:
    return Verdict(**row)


def _scale(row: dict[str, Any]) -> Scale:
    labels = tuple(Label(item["name"], item["value"]) for item in json.loads(row["labels"]))
    return Scale(row["name"], labels, row["description"])

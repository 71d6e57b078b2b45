"""The Workbench facade: every reviewer action, called the same way by the CLI and the TUI.

Each action is one call, one `BEGIN IMMEDIATE` transaction and one row of the action log. What
an action decides on (which sentence a number names, whether a tag is set, what a verdict
replaces) is read inside that transaction, under the write lock, so two reviewers acting at
once never act on a stale view. Reads never write.
"""

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

from .assist import EvidenceChecks, Suggestions
from .claimreview import CLAIM_LIMIT
from .derive import changes_order, keep_in_step
from .errors import NotFoundError, NothingToDoError, StoreError, ValidationError
from .export import ExportOptions, export, export_name
from .history import History
from .ingest import Document, read_document
from .layout import segment_document
from .models import (
    STANCES,
    TAGS,
    Action,
    Article,
    ArticleSummary,
    Evidence,
    EvidenceCheck,
    Exported,
    ImportResult,
    NewSource,
    Outcome,
    PassageHit,
    PriorCheck,
    Review,
    Sentence,
    SentenceDetail,
    SentenceId,
    SentenceReview,
    Source,
    Suggestion,
    TagMark,
    Verdict,
)
from .scales import Label, Scale, parse_labels
from .search import EvidenceSearch
from .store import ActionDraft, Store
from .suggest import RULES_VERSION, suggest
from .validate import check_choice, check_date, check_url, clean, squash

# A sentence as the front ends name it: its number in the article (what the CLI shows), or its
# stable id (what the TUI holds, and what stays right when someone else merges or splits).
SentenceRef = int | SentenceId

SOURCE_SEARCH_TEXT = 2000  # characters of a snapshot that source search compares with


def utc_now() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class Workbench:
    """A reviewer's session on one database file.

    The database is opened on first use, so refusing bad input never touches the file. The
    facade holds its collaborators (suggestions, checks, search, history), each given the
    store it works on.
    """

    def __init__(
        self,
        db_path: Path | str,
        reviewer: str,
        *,
        clock: Callable[[], str] = utc_now,
        create_directory: bool = False,
    ) -> None:
        if not reviewer.strip():
            raise ValidationError("a reviewer name is required")
        self.db_path = db_path
        self.reviewer = reviewer.strip()
        self.clock = clock
        self.create_directory = create_directory
        self.store = Store(
            db_path, create_directory=create_directory, after_open=self._refresh_suggestions
        )
        self.suggester = Suggestions(self.store)
        self.checker = EvidenceChecks(self.store)
        self.finder = EvidenceSearch(self.store)
        self.action_log = History(self.store, self.reviewer)
        self._generation = 0  # counts this session's own changes to sentence order
        self._ids_cache: dict[int, tuple[tuple[int, int], list[int]]] = {}

    def _refresh_suggestions(self, store: Store) -> None:
        """Suggestions made by older rules are made again when the database opens, one
        article per transaction, like a migration: reads then only read. A database this
        program may not write keeps the suggestions it has."""
        if store.read_only_reason is not None:
            return
        try:
            for article_id in self.suggester.stale_articles():
                with store.transaction():
                    self.suggester.remake(article_id)
        except StoreError:
            # Locked by another reviewer's long action: the suggestions stay as they are and
            # the next opening makes them again; refusing to open would lose the session.
            return

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Workbench:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    @property
    def read_only(self) -> bool:
        return self.store.read_only

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
        """Store an article, or find it if its text is stored already. Segmentation and
        suggestions are made before the database is touched, so a refused text leaves no
        file behind and a long import holds the write lock only to write."""
        date = check_date(date, "date") if date else document.date
        url = check_url(url) if url else document.url
        digest = content_hash(document.text)
        if self.store.is_open or self._database_exists():
            found = self._existing_import(digest, title=title, date=date, byline=byline, url=url)
            if found is not None:
                return found
        sentences = segment_document(document)
        if not sentences:
            raise ValidationError(f"{filename or 'the text'} has no sentences to review")
        hints = suggest([(text, paragraph) for _, _, paragraph, _, text in sentences])
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
        article_id = self.store.insert_article(row, sentences, hints, RULES_VERSION)
        if article_id is None:  # another process stored the same text meanwhile
            found = self._existing_import(digest, title=title, date=date, byline=byline, url=url)
            assert found is not None
            return found
        return ImportResult(self.article(article_id), True, len(sentences))

    def _database_exists(self) -> bool:
        return str(self.db_path) == ":memory:" or Path(self.db_path).exists()

    def _existing_import(self, digest: str, **given: str | None) -> ImportResult | None:
        existing = self.store.article_by_hash(digest)
        if not existing:
            return None
        article = self.article(existing[0]["id"])
        ignored = [
            f"--{key}" for key, value in given.items() if value and value != getattr(article, key)
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

    def article(self, ref: int | str, *, with_text: bool = True) -> Article:
        row = self._article_row(ref)
        return Article(**{**row, "text": self.store.article_text(row["id"]) if with_text else ""})

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

    def data_version(self) -> int:
        """Changes whenever another connection commits to the file: the TUI polls it to
        notice another reviewer's work."""
        return self.store.data_version()

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
        rows = self.store.sentence_rows(
            article_id,
            after=after.start if after else -1,
            limit=limit,
            first_number=after.number + 1 if after else 1,
            with_text=with_text,
        )
        return list(map(Sentence._make, rows))

    def sentence_count(self, article: int | str) -> int:
        return self.store.sentence_count(self._article_row(article)["id"])

    def sentence_texts(self, ids: list[int]) -> dict[int, str]:
        return self.store.sentence_texts(ids)

    def progress(self, article: int | str) -> dict[str, int]:
        """Counts of a review: total, tagged, evidence, verdict (tagged and rated)."""
        return self.store.progress(self._article_row(article)["id"])

    def sentence(self, article: int | str, sentence: SentenceRef) -> SentenceDetail:
        return self._detail(self._sentence_row(article, sentence))

    def sentence_by_id(self, sentence_id: int, number: int | None = None) -> SentenceDetail:
        """A sentence's detail by its stable id (the TUI knows the number already)."""
        row = self.store.sentence_by_id(sentence_id)
        if row is None:
            raise NotFoundError(_gone(number))
        row["number"] = number if number is not None else self._number_of(row)
        return self._detail(row)

    def suggestions(self, article: int | str, sentence: SentenceRef) -> list[Suggestion]:
        """The tags the rules suggest for a sentence, with reasons (set tags included)."""
        return self.suggester.of(self._sentence_row(article, sentence)["id"])

    def suggestion_table(self, article: int | str) -> list[tuple[Sentence, list[Suggestion]]]:
        """Every sentence of an article with its suggestions, in article order."""
        sentences = self.sentences(article)
        if not sentences:
            return []
        by_sentence = self.suggester.for_article(sentences[0].article_id)
        return [(s, by_sentence.get(s.id, [])) for s in sentences]

    def find_evidence(
        self, article: int | str, sentence: SentenceRef, limit: int = 5
    ) -> list[PassageHit]:
        """Passages of stored sources' snapshots most like the sentence, best first."""
        row = self._sentence_row(article, sentence)
        return self.finder.find_evidence(row["text"], limit)

    def checked_before(
        self, article: int | str, sentence: SentenceRef, limit: int = 5
    ) -> list[PriorCheck]:
        """Sentences of other articles that already have a verdict and read like this one."""
        row = self._sentence_row(article, sentence)
        return self.finder.checked_before(row["text"], row["article_id"], limit)

    def _detail(self, row: dict[str, Any]) -> SentenceDetail:
        sentence_id = row["id"]
        tags = self.store.tags_of(sentence_id)
        evidence = self.store.evidence_of(sentence_id)
        verdicts = self.store.verdicts_of(sentence_id)
        tag_names = tuple(t for t in TAGS if any(r["tag"] == t for r in tags))
        suggestions = tuple(self.suggester.of(sentence_id))
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
        checks = self.checker.of([r["id"] for r in evidence])
        return SentenceDetail(
            sentence=sentence,
            tags=tuple(TagMark(r["tag"], r["set_by"], r["set_at"]) for r in tags),
            evidence=tuple(self._evidence(r, checks.get(r["id"], ())) for r in evidence),
            verdicts=tuple(Verdict(**r) for r in verdicts),
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

    def _sentence_row(self, article: int | str, sentence: SentenceRef) -> dict[str, Any]:
        """The sentence a front end names, with its current number. Inside an action this
        reads under the write lock, so the number names the sentence as it is now."""
        article_id = self._article_row(article)["id"]
        if isinstance(sentence, SentenceId):
            row = self.store.sentence_by_id(sentence.id)
            if row is None or row["article_id"] != article_id:
                raise NotFoundError(_gone(None))
            row["number"] = self._number_of(row)
            return row
        ids = self._sentence_ids(article_id)
        found = self.store.sentence_by_id(ids[sentence - 1]) if 1 <= sentence <= len(ids) else None
        if found is None:
            raise NotFoundError(
                f"article {article_id} has no sentence {sentence} (it has 1–{len(ids)})"
            )
        found["number"] = sentence
        return found

    def _number_of(self, row: dict[str, Any]) -> int:
        return self._sentence_ids(row["article_id"]).index(row["id"]) + 1

    def _sentence_ids(self, article_id: int) -> list[int]:
        """Sentence ids in order, cached until this or another connection changes the file:
        finding sentence 90,000 by number is then a list lookup, not a scan."""
        version = (self.store.data_version(), self._generation)
        cached = self._ids_cache.get(article_id)
        if cached is None or cached[0] != version:
            cached = (version, self.store.sentence_ids(article_id))
            self._ids_cache[article_id] = cached
        return cached[1]

    # -------------------------------------------------------------- actions
    @contextmanager
    def _action(self, verb: str) -> Iterator[ActionDraft]:
        """One reviewer action; derived data (indexes, suggestions, checks) follows in the
        same transaction, whatever the action changed, undo and redo included."""
        store = self.store
        with store.action(at=self.clock(), reviewer=self.reviewer, verb=verb) as draft:
            yield draft
            keep_in_step(store, self.suggester, self.checker, draft.changes.log)
            if changes_order(draft.changes.log):
                self._generation += 1

    def _outcome(self, draft: ActionDraft, warnings: Iterable[str] = ()) -> Outcome:
        assert draft.action_id is not None
        return Outcome(self.action(draft.action_id), draft.summary, tuple(warnings))

    def set_tags(
        self, article: int | str, sentence: SentenceRef, tags: Iterable[str], on: bool = True
    ) -> Outcome:
        """Add (or with `on=False` remove) one or several tags: one action, undone as one.
        Every tag must change, or nothing does."""
        wanted = list(dict.fromkeys(check_choice(t, TAGS, "tag") for t in tags))
        if not wanted:
            raise ValidationError("name at least one tag")
        with self._action("tag" if on else "untag") as draft:
            row = self._sentence_row(article, sentence)
            have = {r["tag"]: r for r in self.store.tags_of(row["id"])}
            if on:
                self._add_tags(draft, row, [t for t in wanted if t not in have])
            else:
                missing = [t for t in wanted if t not in have]
                if missing:
                    raise NothingToDoError(
                        f"{_label(row)} is not tagged {' or '.join(missing)}; nothing removed"
                    )
                self._remove_tags(draft, row, [have[t] for t in wanted])
        return self._outcome(draft)

    def set_tag(
        self, article: int | str, sentence: SentenceRef, tag: str, on: bool = True
    ) -> Outcome:
        return self.set_tags(article, sentence, [tag], on=on)

    def toggle_tag(self, article: int | str, sentence: SentenceRef, tag: str) -> Outcome:
        """Set the tag if the sentence lacks it, remove it if it has it (decided under the
        write lock, so two reviewers pressing the key at once do not both add it)."""
        tag = check_choice(tag, TAGS, "tag")
        with self._action("tag") as draft:
            row = self._sentence_row(article, sentence)
            existing = self.store.tag_row(row["id"], tag)
            if existing is None:
                self._add_tags(draft, row, [tag])
            else:
                draft.verb = "untag"
                self._remove_tags(draft, row, [existing])
        return self._outcome(draft)

    def accept(self, article: int | str, sentence: SentenceRef) -> Outcome:
        """Make the suggested tags the reviewer has not set yet into tags: one action."""
        with self._action("tag") as draft:
            row = self._sentence_row(article, sentence)
            suggested = [hint.tag for hint in self.suggester.of(row["id"])]
            if not suggested:
                raise NothingToDoError(f"{_label(row)} has no suggested tags")
            have = {t["tag"] for t in self.store.tags_of(row["id"])}
            missing = [tag for tag in suggested if tag not in have]
            if not missing:
                raise NothingToDoError(
                    f"{_label(row)} already has every suggested tag ({', '.join(suggested)})"
                )
            self._add_tags(draft, row, missing)
        return self._outcome(draft)

    def _add_tags(self, draft: ActionDraft, row: dict[str, Any], tags: list[str]) -> None:
        if not tags:
            raise NothingToDoError(f"{_label(row)} already has those tags")
        for tag in tags:
            draft.changes.insert(
                "tags",
                {
                    "sentence_id": row["id"],
                    "tag": tag,
                    "set_by": self.reviewer,
                    "set_at": self.clock(),
                },
            )
        draft.summary = f"tagged {_label(row)} as {', '.join(tags)}"
        draft.article_id, draft.sentence_id = row["article_id"], row["id"]

    def _remove_tags(
        self, draft: ActionDraft, row: dict[str, Any], rows: list[dict[str, Any]]
    ) -> None:
        for tag_row in rows:
            draft.changes.delete("tags", tag_row["id"])
        names = ", ".join(r["tag"] for r in rows)
        draft.summary = f"removed tag{'s' if len(rows) > 1 else ''} {names} from {_label(row)}"
        draft.article_id, draft.sentence_id = row["article_id"], row["id"]

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
        values = self._source_values(
            NewSource(url, title, publisher, published, accessed_at, snapshot)
        )
        with self._action("source") as draft:
            source_id, created = self._find_or_insert_source(draft, values)
            if created:
                draft.summary = f"added source {source_id}: {values['title'] or values['url']}"
        return self.source(source_id), created

    def _source_values(self, new: NewSource) -> dict[str, Any]:
        """A described source checked and cleaned, before any transaction starts."""
        url = check_url(new.url) if new.url else None
        title = clean(new.title)
        if not (url or title):
            raise ValidationError("a source needs a URL or a title")
        snapshot = new.snapshot if new.snapshot and new.snapshot.strip() else None
        return {
            "url": url,
            "title": title,
            "publisher": clean(new.publisher),
            "published": check_date(new.published, "publication date") if new.published else None,
            "accessed_at": (
                check_date(new.accessed_at, "accessed date") if new.accessed_at else self.clock()
            ),
            "snapshot": snapshot,
            "snapshot_hash": content_hash(snapshot) if snapshot else None,
            "created_by": self.reviewer,
            "created_at": self.clock(),
        }

    def _find_or_insert_source(
        self, draft: ActionDraft, values: dict[str, Any]
    ) -> tuple[int, bool]:
        """The stored source with the same URL and snapshot, or a new one (under the lock, so
        two reviewers adding the same source make one)."""
        if values["url"]:
            for existing in self.store.sources_by_url(values["url"]):
                if existing["snapshot_hash"] == values["snapshot_hash"]:
                    return int(existing["id"]), False
        return draft.changes.insert("sources", values), True

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
                    (row["snapshot"] or "")[:SOURCE_SEARCH_TEXT],
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
        sentence: SentenceRef,
        source_id: int | None = None,
        *,
        new_source: NewSource | None = None,
        stance: str,
        excerpt: str | None = None,
        note: str | None = None,
    ) -> Outcome:
        """Link evidence to a sentence: a stored source by id, or a source described now,
        stored in the same action (one undo removes both)."""
        stance = check_choice(stance, STANCES, "stance")
        if (source_id is None) == (new_source is None):
            raise ValidationError("link needs a stored source or a new one, not both")
        values = self._source_values(new_source) if new_source is not None else None
        with self._action("link") as draft:
            row = self._sentence_row(article, sentence)
            if values is not None:
                source_id, created = self._find_or_insert_source(draft, values)
            else:
                assert source_id is not None
                created = False
                if self.store.source(int(source_id)) is None:
                    raise NotFoundError(
                        f"no source {source_id}; `workbench source list` lists them"
                    )
            evidence_id = draft.changes.insert(
                "evidence",
                {
                    "sentence_id": row["id"],
                    "source_id": source_id,
                    "excerpt": clean(excerpt),
                    "stance": stance,
                    "note": clean(note),
                    "created_by": self.reviewer,
                    "created_at": self.clock(),
                },
            )
            added = "new source" if created else "source"
            draft.summary = (
                f"linked {added} {source_id} to {_label(row)} as {stance} (evidence {evidence_id})"
            )
            draft.article_id, draft.sentence_id = row["article_id"], row["id"]
        warnings = []
        snapshot = self.source(source_id).snapshot
        if excerpt and snapshot and squash(excerpt) not in squash(snapshot):
            warnings.append("the excerpt does not appear word for word in the source's snapshot")
        return self._outcome(draft, warnings)

    def unlink(self, evidence_id: int) -> Outcome:
        with self._action("unlink") as draft:
            evidence = self.store.evidence_row(int(evidence_id))
            if evidence is None:
                raise NotFoundError(f"no evidence {evidence_id}")
            sentence = self.store.sentence_by_id(evidence["sentence_id"])
            assert sentence is not None  # a foreign key guarantees it
            number = self._number_of(sentence)
            draft.changes.delete("evidence", evidence["id"])
            draft.summary = f"removed evidence {evidence['id']} from sentence {number}"
            draft.article_id = sentence["article_id"]
            draft.sentence_id = evidence["sentence_id"]
        return self._outcome(draft)

    # ------------------------------------------------------------- verdicts
    def set_verdict(
        self,
        article: int | str,
        sentence: SentenceRef,
        rating: str,
        *,
        rationale: str | None = None,
        claim: str | None = None,
        claimant: str | None = None,
    ) -> Outcome:
        claim = clean(claim)
        warnings = []
        if claim and len(claim) >= CLAIM_LIMIT:
            warnings.append(
                f"the claim restatement has {len(claim)} characters; ClaimReview wants "
                f"fewer than {CLAIM_LIMIT}"
            )
        with self._action("verdict") as draft:
            row = self._sentence_row(article, sentence)
            if not self.store.tags_of(row["id"]):
                raise ValidationError(
                    f"{_label(row)} is not tagged: tag it claim, quote or figure first"
                )
            scale = self.active_scale()
            label = scale.resolve(rating)
            previous = self.store.current_verdict(row["id"])
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
            was = f" (was {previous['label']})" if previous else ""
            draft.summary = f"rated {_label(row)} {label.name}{was}"
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
        with self._action("scale") as draft:
            scale = self.scale(name)
            setting = self.store.setting("active_scale")
            if setting and setting["value"] == scale.name:
                raise NothingToDoError(f"scale {scale.name} is already in use")
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
        with self._action("scale") as draft:
            if self.store.scale_row(name) is not None:
                raise ValidationError(f"a scale named {name} exists already")
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
    def merge(self, article: int | str, sentence: SentenceRef) -> Outcome:
        """Join a sentence with the next one; tags, evidence and verdicts move along."""
        with self._action("merge") as draft:
            first = self._sentence_row(article, sentence)
            number = first["number"]
            ids = self._sentence_ids(first["article_id"])
            if number >= len(ids):
                raise NothingToDoError(f"sentence {number} is the last; there is nothing to merge")
            second = self._sentence_row(first["article_id"], number + 1)
            if second["paragraph"] != first["paragraph"]:
                raise ValidationError(
                    f"sentences {number} and {number + 1} are in different paragraphs"
                )
            text = self.store.article_text(first["article_id"])
            draft.changes.update(
                "sentences",
                first["id"],
                {"end": second["end"], "text": text[first["start"] : second["end"]]},
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

    def split(self, article: int | str, sentence: SentenceRef, offset: int) -> Outcome:
        """Split a sentence before character `offset` (counted from its first character).

        Both parts keep the tags; evidence and verdicts stay with the first part.
        """
        with self._action("split") as draft:
            row = self._sentence_row(article, sentence)
            number = row["number"]
            text = self.store.article_text(row["article_id"])
            length = row["end"] - row["start"]
            cut = row["start"] + offset
            head_end = row["start"] + len(text[row["start"] : cut].rstrip())
            tail_start = cut + (len(text[cut : row["end"]]) - len(text[cut : row["end"]].lstrip()))
            if not 0 < offset < length or head_end <= row["start"] or tail_start >= row["end"]:
                raise ValidationError(
                    f"split offset must fall inside sentence {number} (1–{length - 1} "
                    "characters in, with text on both sides)"
                )
            draft.changes.update(
                "sentences", row["id"], {"end": head_end, "text": text[row["start"] : head_end]}
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

    def split_before(self, article: int | str, sentence: SentenceRef, marker: str) -> Outcome:
        """Split a sentence just before the first occurrence of `marker`."""
        offset = self._sentence_row(article, sentence)["text"].find(marker)
        if offset <= 0:
            raise ValidationError(f"{marker!r} does not occur after the start of the sentence")
        return self.split(article, sentence, offset)

    # ---------------------------------------------------------- undo and redo
    def can_undo(self) -> Action | None:
        return self.action_log.next_undo()

    def can_redo(self) -> Action | None:
        return self.action_log.next_redo()

    def undo(self) -> Outcome:
        return self._replay("undo")

    def redo(self) -> Outcome:
        return self._replay("redo")

    def _replay(self, kind: str) -> Outcome:
        with self._action(kind) as draft:
            target = self.action_log.next_undo() if kind == "undo" else self.action_log.next_redo()
            if target is None:
                raise NothingToDoError(f"nothing to {kind} for {self.reviewer}")
            self.action_log.replay(draft, target, kind)
        return self._outcome(draft)

    def action(self, action_id: int) -> Action:
        return self.action_log.action(action_id)

    def history(
        self, article: int | str | None = None, number: int | None = None, limit: int = 50
    ) -> list[Action]:
        article_id = self._article_row(article)["id"] if article is not None else None
        sentence_id = None
        if number is not None:
            if article is None:
                raise ValidationError("a sentence number needs an article")
            sentence_id = self._sentence_row(article, number)["id"]
        return self.action_log.entries(article_id, sentence_id, limit)

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
        checks = self.checker.of([row["id"] for row in evidence_rows])
        for row in evidence_rows:
            evidence.setdefault(row["sentence_id"], []).append(
                self._evidence(row, checks.get(row["id"], ()), sources[row["source_id"]])
            )
        verdicts: dict[int, list[Verdict]] = {}
        for row in self.store.verdict_rows_for_article(article_id):
            verdicts.setdefault(row["sentence_id"], []).append(Verdict(**row))
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
        article_full = Article(**{**article_row, "text": self.store.article_text(article_id)})
        return Review(article_full, self.active_scale().name, tuple(items), tuple(self.scales()))

    def export(
        self, article: int | str, fmt: str, options: ExportOptions | None = None
    ) -> Exported:
        """An article's review in one format, with its warnings (unfinished work, lint
        problems) and the file name it is saved under: what the CLI and the TUI both write."""
        from .export import EXTENSIONS

        review = self.review(article)
        result = export(review, fmt, options)
        name = f"{export_name(review.article.title, review.article.id)}.{EXTENSIONS[fmt]}"
        return Exported(review.article.id, fmt, name, result.text, result.warnings)


# ----------------------------------------------------------------- helpers
def _label(row: dict[str, Any]) -> str:
    return f"sentence {row['number']}"


def _gone(number: int | None) -> str:
    which = f"sentence {number}" if number is not None else "that sentence"
    return f"{which} no longer exists: another reviewer merged or split it"


def _scale(row: dict[str, Any]) -> Scale:
    try:
        labels = tuple(Label(item["name"], item["value"]) for item in json.loads(row["labels"]))
    except (ValueError, TypeError, KeyError):
        raise StoreError(
            f"the database is damaged: the labels of scale {row['name']} are unreadable"
        ) from None
    return Scale(row["name"], labels, row["description"])

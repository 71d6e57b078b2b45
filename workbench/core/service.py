"""The Workbench facade: every reviewer action, called the same way by the CLI and the TUI.

Each action is one call, one `BEGIN IMMEDIATE` transaction and one row of the action log. What
an action decides on (which sentence a number names, whether a tag is set, what a verdict
replaces) is read inside that transaction, under the write lock, so two reviewers acting at
once never act on a stale view. Reads never write.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from itertools import starmap
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import boundaries
from .agreement import Agreement, Disagreement
from .assist import EvidenceChecks, Suggestions
from .blind import BlindReview, BlindRound
from .derive import changes_order, index_source, keep_in_step
from .desk import DeskActions
from .errors import InputError, NotFoundError, NothingToDoError, StoreError, ValidationError
from .exports import filename
from .fetch import archive_row
from .history import History
from .importer import Importer
from .models import (
    CLAIM_LIMIT,
    STANCES,
    TAGS,
    Action,
    Article,
    ArticleSummary,
    Evidence,
    Exported,
    ImportResult,
    Match,
    NewSource,
    Outcome,
    PassageHit,
    PriorCheck,
    Review,
    Sentence,
    SentenceDetail,
    Source,
    SourceChange,
    Suggestion,
)
from .reader import SQLITE_MAX_ROWID, LiveChanges, Reader, SentenceRef
from .scales import Label, Scale, parse_labels
from .scales import stored as stored_scale
from .search import EvidenceSearch
from .sources import Sources
from .store import ActionDraft, Store
from .store.archive import Archive
from .tokens import TokenRecord, Tokens
from .validate import check_choice, check_text, clean, squash

if TYPE_CHECKING:
    from .bundle import BundleImport, Conflict, MergedBundle
    from .export import ExportOptions
    from .fetch import ArchivedFetch, Fetched, Fetcher
    from .ingest import Document


def utc_now() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class Workbench(DeskActions):
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
        check_text(reviewer, "reviewer name")
        self.db_path = db_path
        self.reviewer = reviewer.strip()
        self.clock = clock
        self.create_directory = create_directory
        self.store = Store(
            db_path, create_directory=create_directory, after_open=self._refresh_derived
        )
        self.suggester = Suggestions(self.store)
        self.checker = EvidenceChecks(self.store)
        self.finder = EvidenceSearch(self.store)
        self.action_log = History(self.store, self.reviewer)
        self.reader = Reader(self.store, self.suggester, self.checker)
        self.source_book = Sources(self.store, self.reviewer, clock)
        self.importer = Importer(self.store, self.reader, self.reviewer, clock, self._action)
        self.archive = Archive(self.store)
        self.blind = BlindReview(self.store, self.reader, self.reviewer, clock)

    def _refresh_derived(self, store: Store) -> None:
        """Derived data that is out of date is made again when the database opens, like a
        migration, so that reads only read: suggestions made by older rules (one article per
        transaction), check results made by older checks, and the search passages of sources
        stored before the index existed. A database this program may not write keeps what it
        has."""
        if store.read_only_reason is not None:
            return
        try:
            for article_id in self.suggester.stale_articles():
                with store.transaction():
                    self.suggester.remake(article_id)
            stale_checks = self.checker.stale()
            if stale_checks:
                with store.transaction():
                    self.checker.run(set(stale_checks))
            unindexed = store.unindexed_sources()
            if unindexed:
                with store.transaction():
                    for source_id in unindexed:
                        index_source(store, source_id)
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
        from .ingest import read_document  # the decoders load when a file comes in

        document = read_document(Path(path))
        return self.import_document(
            document, filename=Path(path).name, title=title, date=date, byline=byline, url=url
        )

    def import_url(
        self,
        url: str,
        *,
        fetcher: Fetcher | None = None,
        title: str | None = None,
        date: str | None = None,
        byline: str | None = None,
        revises: int | None = None,
    ) -> ImportResult:
        """Fetch a web page, PDF or text and import it; what was fetched is archived. The
        network is used here only, before any transaction; a failed fetch stores nothing.
        `revises`: the article a changed text is a new revision of (as `recheck` asks)."""
        from .ingest import from_fetched

        fetched = (fetcher or self.fetcher()).fetch(url)
        document = from_fetched(fetched)
        result = self.importer.run(
            document,
            title=title,
            date=date,
            byline=byline,
            url=None if document.url else fetched.final_url,
            revises=revises,
        )
        self.archive.add(
            archive_row(fetched, self.reviewer, article_id=result.article.id), fetched.body
        )
        return result

    def tracked(self, articles: Iterable[int | str] = ()) -> list[Article]:
        """The articles `recheck` fetches again: those named, or every article in the
        library that came from a URL. A named article without a URL is refused."""
        named = [self.reader.article(ref, with_text=False) for ref in articles]
        for article in named:
            if not article.url:
                raise ValidationError(f"article {article.id} has no URL to fetch again")
        if named:
            return named
        return [
            self.reader.article(summary.id, with_text=False)
            for summary in self.articles()
            if summary.url
        ]

    def recheck(self, article: int | str, *, fetcher: Fetcher | None = None) -> ImportResult:
        """Fetch an article's URL again: a changed text becomes a new revision of it (the
        result's `revised` says what changed), an unchanged one changes nothing. The fetch
        is archived either way."""
        row = self.reader.article_row(article)
        if not row["url"]:
            raise ValidationError(f"article {row['id']} has no URL to fetch again")
        return self.import_url(row["url"], fetcher=fetcher, revises=row["id"])

    def fetcher(self, *, offline: bool = False) -> Fetcher:
        from .fetch import Fetcher

        return Fetcher(clock=self.clock, offline=offline)

    def archived(
        self, *, source_id: int | None = None, article_id: int | None = None
    ) -> list[ArchivedFetch]:
        """What was fetched to make a source or an article, oldest first."""
        from .fetch import ArchivedFetch

        rows = self.archive.of(source_id=source_id, article_id=article_id)
        return [ArchivedFetch(**row) for row in rows]

    def archived_body(self, fetch_id: int) -> bytes:
        body = self.archive.body(fetch_id)
        if body is None:
            raise NotFoundError(f"no fetch {fetch_id} in the archive")
        return body

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
        """Store an article, or find it if its text is stored already."""
        return self.importer.run(
            document, filename=filename, title=title, date=date, byline=byline, url=url
        )

    def revisions(self, article: int | str) -> list[dict[str, Any]]:
        """The article's revisions, oldest first (none for an article never revised): when,
        by whom, what changed in words and sentence by sentence."""
        from .revisions import article_revisions

        return article_revisions(self.store, self.reader.article_row(article)["id"])

    def changed_since_review(self, article: int | str) -> dict[int, list[dict[str, Any]]]:
        """Sentences (by id) a revision changed that no one has acted on since, each with
        its flags: kind (edited, changed, added, removed), old wording, revision."""
        from .revisions import open_flags

        return open_flags(self.store, self.reader.article_row(article)["id"])

    def sentence_changes(self, sentence_id: int) -> list[dict[str, Any]]:
        """What revisions changed in one sentence since review (kind, old wording, revision
        number and time), with the differences word by word (`words`: (op, text) with op
        "=", "-" or "+"); empty when it has not changed or was reviewed since."""
        from .revisions import open_flags, word_diff

        row = self.store.one("SELECT article_id, text FROM sentences WHERE id = ?", [sentence_id])
        if row is None:
            raise NotFoundError(f"no sentence {sentence_id}")
        flags = open_flags(self.store, row["article_id"]).get(sentence_id, [])
        for flag in flags:
            flag["words"] = (
                word_diff(flag["old_text"], row["text"])
                if flag["kind"] in ("edited", "changed") and flag["old_text"]
                else []
            )
        return flags

    def article(self, ref: int | str, *, with_text: bool = True) -> Article:
        return self.reader.article(ref, with_text=with_text)

    def articles(self) -> list[ArticleSummary]:
        return [ArticleSummary(**row) for row in self.store.article_summaries()]

    def remove_article(self, article: int | str) -> Outcome:
        """Take an article out of the library: one action, undone like any other. Its text
        and review stay in the file (and come back with undo, or when the same text is
        imported again)."""
        with self._action("remove article") as draft:
            row = self.reader.article_row(article)
            draft.changes.insert(
                "removed_articles",
                {"article_id": row["id"], "removed_by": self.reviewer, "removed_at": self.clock()},
            )
            draft.summary = f"removed article {row['id']} {_title(row)}from the library"
            draft.article_id = row["id"]
        return self._outcome(draft)

    def place(self, article: int | str) -> tuple[int | None, bool]:
        """Where this reviewer left the article: the sentence id (None: the start) and
        whether `n` went by check-worthiness."""
        found = self.store.place(self.reader.article_row(article)["id"], self.reviewer)
        if found is None:
            return None, False
        return found["sentence_id"], bool(found["by_worth"])

    def remember_place(self, article: int | str, sentence_id: int | None, by_worth: bool) -> bool:
        """Keep where the reviewer is in the article, for the next opening. Not review work,
        so not in the action log; False when the file cannot take it now (read-only or
        locked), which loses nothing but the place."""
        try:
            if self.store.read_only:
                return False
            article_id = self.reader.article_row(article)["id"]
            with self.store.transaction():
                self.store.set_place(article_id, self.reviewer, sentence_id, by_worth)
        except (StoreError, NotFoundError):  # locked, damaged, or the article removed
            return False
        return True

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
        without text each sentence's text is "" (`sentence_texts` reads it when needed).
        `changed` says which a revision of the article changed since review."""
        from .revisions import open_flags

        article_id = self.reader.article_row(article)["id"]
        rows = self.store.sentence_rows(
            article_id,
            after=after.start if after else -1,
            limit=limit,
            first_number=after.number + 1 if after else 1,
            with_text=with_text,
        )
        sentences = list(starmap(Sentence, rows))
        changed = open_flags(self.store, article_id)
        if changed:
            sentences = [s._replace(changed=True) if s.id in changed else s for s in sentences]
        return self.blind.shown(article_id, sentences)

    def sentence_count(self, article: int | str) -> int:
        return self.store.sentence_count(self.reader.article_row(article)["id"])

    def sentence_texts(self, ids: list[int]) -> dict[int, str]:
        return self.store.sentence_texts(ids)

    def progress(self, article: int | str) -> dict[str, int]:
        """Counts of a review: total, tagged, evidence, verdict (tagged and rated)."""
        article_id = self.reader.article_row(article)["id"]
        return self.blind.shown_progress(article_id, self.store.progress(article_id))

    def sentence(self, article: int | str, sentence: SentenceRef) -> SentenceDetail:
        row = self.reader.sentence_row(article, sentence)
        return self.blind.shown_detail(self.reader.detail(row))

    def sentence_by_id(self, sentence_id: int, number: int | None = None) -> SentenceDetail:
        """A sentence's detail by its stable id (the TUI knows the number already)."""
        return self.blind.shown_detail(
            self.reader.detail(self.reader.sentence_by_id(sentence_id, number))
        )

    def suggestions(self, article: int | str, sentence: SentenceRef) -> list[Suggestion]:
        """The tags the rules suggest for a sentence, with reasons (set tags included)."""
        return self.suggester.of(self.reader.sentence_row(article, sentence)["id"])

    def suggestion_table(self, article: int | str) -> list[tuple[Sentence, list[Suggestion]]]:
        """Every sentence of an article with its suggestions, in article order."""
        sentences = self.sentences(article)
        if not sentences:
            return []
        by_sentence = self.suggester.for_article(sentences[0].article_id)
        return [(s, by_sentence.get(s.id, [])) for s in sentences]

    def worth_reasons(self, article: int | str) -> dict[int, list[str]]:
        """What raised each sentence's check-worthiness most, by sentence number."""
        sentences = self.sentences(article)
        if not sentences:
            return {}
        by_id = self.suggester.worth_reasons(sentences[0].article_id)
        return {s.number: by_id.get(s.id, []) for s in sentences}

    def find_evidence(
        self, article: int | str, sentence: SentenceRef, limit: int = 5
    ) -> list[PassageHit]:
        """Passages of stored sources' snapshots most like the sentence, best first."""
        row = self.reader.sentence_row(article, sentence)
        return self.finder.find_evidence(row["text"], limit)

    def checked_before(
        self, article: int | str, sentence: SentenceRef, limit: int = 5
    ) -> list[PriorCheck]:
        """Sentences of other articles that already have a verdict and read like this one."""
        row = self.reader.sentence_row(article, sentence)
        return self.finder.checked_before(row["text"], row["article_id"], limit)

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
                self.reader.order_changed()

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
            row = self.reader.sentence_row(article, sentence)
            layer = self.blind.layer_for(row)  # under blind review: the reviewer's own tags
            have = {r["tag"]: r for r in self.store.tags_of(row["id"])}
            if layer is not None:
                self.blind.set_tags(draft, layer, row, wanted, on)
            elif on:
                self._add_tags(draft, row, [t for t in wanted if t not in have])
            else:
                missing = [t for t in wanted if t not in have]
                if missing:
                    raise NothingToDoError(
                        f"{_subject(row)} is not tagged {' or '.join(missing)}; nothing removed"
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
            row = self.reader.sentence_row(article, sentence)
            layer = self.blind.layer_for(row)  # under blind review: the reviewer's own tags
            existing = self.store.tag_row(row["id"], tag)
            if layer is not None:
                self.blind.toggle(draft, layer, row, tag)
            elif existing is None:
                self._add_tags(draft, row, [tag])
            else:
                draft.verb = "untag"
                self._remove_tags(draft, row, [existing])
        return self._outcome(draft)

    def accept(self, article: int | str, sentence: SentenceRef) -> Outcome:
        """Make the suggested tags the reviewer has not set yet into tags: one action."""
        with self._action("tag") as draft:
            row = self.reader.sentence_row(article, sentence)
            self.blind.refuse_while_open(row, "accepting suggestions")
            suggested = [hint.tag for hint in self.suggester.of(row["id"])]
            if not suggested:
                raise NothingToDoError(f"{_subject(row)} has no suggested tags")
            have = {t["tag"] for t in self.store.tags_of(row["id"])}
            missing = [tag for tag in suggested if tag not in have]
            if not missing:
                raise NothingToDoError(
                    f"{_subject(row)} already has every suggested tag ({', '.join(suggested)})"
                )
            self._add_tags(draft, row, missing)
        return self._outcome(draft)

    def _add_tags(self, draft: ActionDraft, row: dict[str, Any], tags: list[str]) -> None:
        if not tags:
            raise NothingToDoError(f"{_subject(row)} already has those tags")
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
        draft.summary = f"tagged {_subject(row)} as {', '.join(tags)}"
        mark = self.store.mark_row(row["id"])
        if mark is not None:
            # Something to check after all: the sentence is no longer "nothing to check".
            draft.changes.delete("marks", mark["id"])
            draft.summary += " (no longer marked nothing to check)"
        draft.article_id, draft.sentence_id = row["article_id"], row["id"]

    def _remove_tags(
        self, draft: ActionDraft, row: dict[str, Any], rows: list[dict[str, Any]]
    ) -> None:
        for tag_row in rows:
            draft.changes.delete("tags", tag_row["id"])
        names = ", ".join(r["tag"] for r in rows)
        draft.summary = f"removed tag{'s' if len(rows) > 1 else ''} {names} from {_subject(row)}"
        draft.article_id, draft.sentence_id = row["article_id"], row["id"]

    # ------------------------------------------------- "nothing to check"
    def mark_done(
        self, article: int | str, sentences: Iterable[SentenceRef], on: bool = True
    ) -> Outcome:
        """Mark sentences "reviewed, nothing to check" (or with `on=False` take the mark
        away): one action, undone as one. A tagged sentence has something to check and is
        refused; every sentence must change, or nothing does."""
        refs = list(dict.fromkeys(sentences))
        if not refs:
            raise ValidationError("name at least one sentence")
        with self._action("done" if on else "reopen") as draft:
            rows = [self.reader.sentence_row(article, ref) for ref in refs]
            for row in rows:
                self._set_mark(draft, row, on)
            numbers = _numbers([row["number"] for row in rows])
            draft.summary = (
                f"marked {numbers} reviewed, nothing to check"
                if on
                else f"took the mark “nothing to check” off {numbers}"
            )
            draft.article_id, draft.sentence_id = rows[0]["article_id"], rows[0]["id"]
        return self._outcome(draft)

    def toggle_done(self, article: int | str, sentence: SentenceRef) -> Outcome:
        """Mark the sentence "reviewed, nothing to check", or take the mark away (decided
        under the write lock)."""
        with self._action("done") as draft:
            row = self.reader.sentence_row(article, sentence)
            on = self.store.mark_row(row["id"]) is None
            self._set_mark(draft, row, on)
            draft.verb = "done" if on else "reopen"
            draft.summary = (
                f"marked {_subject(row)} reviewed, nothing to check"
                if on
                else f"took the mark “nothing to check” off {_subject(row)}"
            )
            draft.article_id, draft.sentence_id = row["article_id"], row["id"]
        return self._outcome(draft)

    def _set_mark(self, draft: ActionDraft, row: dict[str, Any], on: bool) -> None:
        self.blind.refuse_while_open(row, "marking sentences nothing to check")
        mark = self.store.mark_row(row["id"])
        if not on:
            if mark is None:
                raise NothingToDoError(f"{_subject(row)} is not marked nothing to check")
            draft.changes.delete("marks", mark["id"])
            return
        if mark is not None:
            raise NothingToDoError(f"{_subject(row)} is marked nothing to check already")
        tags = [t["tag"] for t in self.store.tags_of(row["id"])]
        if tags:
            raise ValidationError(
                f"{_subject(row)} is tagged {', '.join(tags)}: it has something to check "
                "(remove the tags to mark it nothing to check)"
            )
        draft.changes.insert(
            "marks", {"sentence_id": row["id"], "set_by": self.reviewer, "set_at": self.clock()}
        )

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
        values = self.source_book.values(
            NewSource(url, title, publisher, published, accessed_at, snapshot)
        )
        with self._action("source") as draft:
            source_id, created = self.source_book.find_or_insert(draft, values)
            if created:
                draft.summary = f"added source {source_id}: {values['title'] or values['url']}"
        return self.source(source_id), created

    def edit_source(self, source_id: int, change: SourceChange) -> Outcome:
        """Change a source's fields or snapshot: one action. Evidence citing it is checked
        again against the new snapshot, in the same transaction."""
        with self._action("edit source") as draft:
            row = self.store.source(int(source_id))
            if row is None:
                raise NotFoundError(f"no source {source_id}; `workbench source list` lists them")
            values = self.source_book.changed(row, change)
            if not values:
                raise NothingToDoError(f"source {row['id']} already reads like that")
            draft.changes.update("sources", row["id"], values)
            fields = ", ".join(_FIELD_NAMES.get(k, k) for k in values if k != "snapshot_hash")
            draft.summary = f"edited source {row['id']}: {fields}"
        return self._outcome(draft)

    def add_source_from_url(
        self,
        url: str,
        *,
        fetcher: Fetcher | None = None,
        title: str | None = None,
        publisher: str | None = None,
        published: str | None = None,
        accessed_at: str | None = None,
    ) -> tuple[Source, bool]:
        """Fetch a page or PDF and store it as a source: its text is the snapshot, its
        headline, site name and date fill what is not given; the fetch is archived."""
        from .ingest import from_fetched

        fetched = (fetcher or self.fetcher()).fetch(url)
        document = from_fetched(fetched, article=False)
        source, created = self.add_source(
            url=fetched.final_url,
            title=title or document.title,
            publisher=publisher or document.site,
            published=published or document.date,
            accessed_at=accessed_at,
            snapshot=document.text,
        )
        self.archive.add(archive_row(fetched, self.reviewer, source_id=source.id), fetched.body)
        return source, created

    def source(self, source_id: int) -> Source:
        return self.source_book.get(source_id)

    def citations(self, source_id: int) -> int:
        """How many pieces of evidence cite the source (an edit changes them all)."""
        return self.store.citations(int(source_id))

    def sources(self) -> list[Source]:
        return self.source_book.all()

    def search_sources(self, query: str, limit: int = 10) -> list[tuple[Source, Match]]:
        """Sources ranked by how well the query's words match title, publisher, URL, snapshot,
        each with what matched where."""
        return self.source_book.search(query, limit)

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
        fetched: Fetched | None = None,
    ) -> Outcome:
        """Link evidence to a sentence: a stored source by id, or a source described now,
        stored in the same action (one undo removes both). `fetched`: the fetch the new
        source was read from, archived with it."""
        stance = check_choice(stance, STANCES, "stance")
        if (source_id is None) == (new_source is None):
            raise ValidationError("link needs a stored source or a new one, not both")
        values = self.source_book.values(new_source) if new_source is not None else None
        with self._action("link") as draft:
            row = self.reader.sentence_row(article, sentence)
            if values is not None:
                source_id, created = self.source_book.find_or_insert(draft, values)
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
                    "excerpt": clean(excerpt, "excerpt"),
                    "stance": stance,
                    "note": clean(note, "note"),
                    "created_by": self.reviewer,
                    "created_at": self.clock(),
                },
            )
            added = "new source" if created else "source"
            draft.summary = (
                f"linked {added} {source_id} to {_subject(row)} as {stance} "
                f"(evidence {evidence_id})"
            )
            draft.article_id, draft.sentence_id = row["article_id"], row["id"]
        if fetched is not None and values is not None:
            self.archive.add(archive_row(fetched, self.reviewer, source_id=source_id), fetched.body)
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
            number = self.reader.number_of(sentence)
            draft.changes.delete("evidence", evidence["id"])
            draft.summary = f"removed evidence {evidence['id']} from sentence {number}"
            draft.article_id = sentence["article_id"]
            draft.sentence_id = evidence["sentence_id"]
        return self._outcome(draft)

    def edit_evidence(
        self,
        evidence_id: int,
        *,
        stance: str | None = None,
        excerpt: str | None = None,
        note: str | None = None,
    ) -> Outcome:
        """Change a piece of evidence: `None` leaves a field as it is, "" clears the excerpt
        or note. One action; its checks are made again in the same transaction."""
        values: dict[str, Any] = {}
        if stance is not None:
            values["stance"] = check_choice(stance, STANCES, "stance")
        if excerpt is not None:
            values["excerpt"] = clean(excerpt, "excerpt")
        if note is not None:
            values["note"] = clean(note, "note")
        if not values:
            raise ValidationError("say what to change: the stance, the excerpt or the note")
        with self._action("edit evidence") as draft:
            evidence = self.store.evidence_row(int(evidence_id))
            if evidence is None:
                raise NotFoundError(f"no evidence {evidence_id}")
            values = {k: v for k, v in values.items() if evidence[k] != v}
            if not values:
                raise NothingToDoError(f"evidence {evidence['id']} already reads like that")
            sentence = self.store.sentence_by_id(evidence["sentence_id"])
            assert sentence is not None  # a foreign key guarantees it
            draft.changes.update("evidence", evidence["id"], values)
            fields = ", ".join(values)
            draft.summary = (
                f"edited evidence {evidence['id']} of sentence "
                f"{self.reader.number_of(sentence)}: {fields}"
            )
            draft.article_id = sentence["article_id"]
            draft.sentence_id = evidence["sentence_id"]
        warnings = []
        excerpt_now = values.get("excerpt")
        snapshot = self.source(evidence["source_id"]).snapshot
        if excerpt_now and snapshot and squash(excerpt_now) not in squash(snapshot):
            warnings.append("the excerpt does not appear word for word in the source's snapshot")
        return self._outcome(draft, warnings)

    def evidence(self, evidence_id: int) -> Evidence:
        row = self.store.evidence_row(int(evidence_id))
        if row is None:
            raise NotFoundError(f"no evidence {evidence_id}")
        return self.reader.evidence(row)

    # ------------------------------------------------------------- verdicts
    def withdraw_verdict(self, article: int | str, sentence: SentenceRef) -> Outcome:
        """Take a sentence's verdict away, with every earlier rating of it: the sentence is
        to do again. The ratings stay in the action log, and undo brings them back."""
        with self._action("withdraw") as draft:
            row = self.reader.sentence_row(article, sentence)
            verdicts = self.store.verdicts_of(row["id"])
            if not verdicts:
                raise NothingToDoError(f"{_subject(row)} has no verdict to withdraw")
            for verdict in verdicts:
                draft.changes.delete("verdicts", verdict["id"])
            earlier = len(verdicts) - 1
            more = f" and {earlier} earlier rating{'s' if earlier > 1 else ''}" if earlier else ""
            draft.summary = (
                f"withdrew the verdict {verdicts[-1]['label']}{more} from {_subject(row)}"
            )
            draft.article_id, draft.sentence_id = row["article_id"], row["id"]
        return self._outcome(draft)

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
        claim = clean(claim, "claim restatement")
        warnings = []
        if claim and len(claim) >= CLAIM_LIMIT:
            warnings.append(
                f"the claim restatement has {len(claim)} characters; ClaimReview wants "
                f"fewer than {CLAIM_LIMIT}"
            )
        with self._action("verdict") as draft:
            row = self.reader.sentence_row(article, sentence)
            self.blind.refuse_while_open(row, "rating sentences", members_only=True)
            if not self.store.tags_of(row["id"]):
                raise ValidationError(
                    f"{_subject(row)} is not tagged: tag it claim, quote or figure first"
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
                    "rationale": clean(rationale, "rationale"),
                    "claim": claim,
                    "claimant": clean(claimant, "claimant"),
                    "reviewer": self.reviewer,
                    "created_at": self.clock(),
                },
            )
            was = f" (was {previous['label']})" if previous else ""
            draft.summary = f"rated {_subject(row)} {label.name}{was}"
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
            first = self.reader.sentence_row(article, sentence)
            self.blind.refuse_while_open(first, "merging sentences")
            number = first["number"]
            if number >= len(self.reader.sentence_ids(first["article_id"])):
                raise NothingToDoError(f"sentence {number} is the last; there is nothing to merge")
            second = self.reader.sentence_row(first["article_id"], number + 1)
            boundaries.merge(self.store, draft, first, second)
        return self._outcome(draft)

    def split(
        self,
        article: int | str,
        sentence: SentenceRef,
        offset: int | None = None,
        *,
        before: str | None = None,
    ) -> Outcome:
        """Split a sentence before character `offset` (counted from its first character), or
        just before the first occurrence of the text `before`, found under the write lock.

        The first part keeps the tags, evidence, verdicts and mark; the second starts
        untagged (see `boundaries.split`).
        """
        if (offset is None) == (before is None):
            raise ValidationError("split needs an offset or a text to split before, not both")
        with self._action("split") as draft:
            row = self.reader.sentence_row(article, sentence)
            self.blind.refuse_while_open(row, "splitting sentences")
            if before is not None:
                offset = row["text"].find(before)
                if offset <= 0:
                    raise ValidationError(
                        f"{before!r} does not occur after the start of sentence {row['number']}"
                    )
            assert offset is not None
            boundaries.split(self.store, draft, row, offset)
        return self._outcome(draft)

    # ---------------------------------------------------------- undo and redo
    def undo(self, article: int | str | None = None) -> Outcome:
        """Undo this reviewer's last action; with `article`, the last one in that article
        (or on no article, such as a source edit)."""
        return self._replay("undo", article)

    def redo(self, article: int | str | None = None) -> Outcome:
        return self._replay("redo", article)

    def next_undo(self, article: int | str | None = None) -> Action | None:
        """The action `undo` would undo now (the TUI names it before undoing elsewhere)."""
        article_id = self._any_article_id(article)
        return self.action_log.next_undo(article_id)

    def _any_article_id(self, article: int | str | None) -> int | None:
        """An article's id, a removed one's included: undo reaches work in it."""
        if article is None:
            return None
        text = str(article).strip()
        if (
            text.isascii()
            and text.isdigit()
            and int(text) <= SQLITE_MAX_ROWID
            and self.store.removed_article(int(text))
        ):
            return int(text)
        return int(self.reader.article_row(article)["id"])

    def _replay(self, kind: str, article: int | str | None = None) -> Outcome:
        with self._action(kind) as draft:
            article_id = self._any_article_id(article)
            target = (
                self.action_log.next_undo(article_id)
                if kind == "undo"
                else self.action_log.next_redo(article_id)
            )
            if target is None:
                where = f" in article {article_id}" if article_id is not None else ""
                raise NothingToDoError(f"nothing to {kind} for {self.reviewer}{where}")
            self.action_log.replay(draft, target, kind)
            if target.article_id is not None and f"article {target.article_id}" not in (
                target.summary
            ):
                found = self.store.article_meta(target.article_id)
                draft.summary += f" — in article {target.article_id} {_title(found)}".rstrip()
        return self._outcome(draft)

    def action(self, action_id: int) -> Action:
        return self.action_log.action(action_id)

    def history(
        self, article: int | str | None = None, number: int | None = None, limit: int = 50
    ) -> list[Action]:
        article_id = self.reader.article_row(article)["id"] if article is not None else None
        sentence_id = None
        if number is not None:
            if article is None:
                raise ValidationError("a sentence number needs an article")
            sentence_id = self.reader.sentence_row(article, number)["id"]
        return self.blind.shown_history(self.action_log.entries(article_id, sentence_id, limit))

    # ---------------------------------------------------------------- review
    def review(self, article: int | str) -> Review:
        """Everything an export needs, read with a handful of queries whatever the size."""
        return self.reader.review(article, self.active_scale(), self.scales())

    def export(
        self, article: int | str, fmt: str, options: ExportOptions | None = None
    ) -> Exported:
        """An article's review in one format, with its warnings (unfinished work, lint
        problems) and the file name it is saved under: what the CLI and the TUI both write."""
        from .export import export  # the writers load on export

        review = self.review(article)
        result = export(review, fmt, options)
        name = filename(review.article.title, review.article.id, fmt)
        return Exported(review.article.id, fmt, name, result.text, result.warnings)

    def unfinished(self, article: int | str) -> list[str]:
        """What is left to do before the review goes out (tagged sentences without a verdict,
        verdicts without evidence, failed checks), as the export dialog lists it."""
        from .coverage import gaps

        return [gap.message for gap in gaps(self.review(article))]

    # ------------------------------------------- serving a desk: sign-in tokens
    @property
    def tokens(self) -> Tokens:
        """Reviewers' sign-in tokens for `workbench serve` (made on first use)."""
        if self._tokens is None:
            self._tokens = Tokens(self.store, self.reviewer, self.clock, self._action)
        return self._tokens

    _tokens: Tokens | None = None

    def make_token(self, name: str) -> tuple[Outcome, str]:
        """A new sign-in token for a listed reviewer (shown once; the last one is revoked).
        An editor does this for anyone, a reviewer for themself."""
        draft, token = self.tokens.make(name)
        return self._outcome(draft), token

    def revoke_token(self, name: str) -> Outcome:
        return self._outcome(self.tokens.revoke(name))

    def token_records(self) -> list[TokenRecord]:
        return self.tokens.records()

    def token_holder(self, token: str) -> str | None:
        """The listed reviewer a live sign-in token belongs to, or None."""
        return self.tokens.holder(token)

    def is_listed(self, name: str) -> bool:
        """Whether the database lists `name` as a reviewer or editor."""
        return any(r.name == name for r in self.reviewers())

    # ---------------------------------------------------- blind double review
    def start_blind(self, article: int | str, reviewers: Iterable[str]) -> Outcome:
        """Put an article under blind review by these reviewers: each tags their own layer,
        seeing neither the others' tags nor the article's (see core/blind.py)."""
        with self._action("blind start") as draft:
            warnings = self.blind.start(draft, self.reader.article_row(article), reviewers)
        return self._outcome(draft, warnings)

    def stop_blind(self, article: int | str) -> Outcome:
        """End the article's blind round; every reviewer's layer is kept for audit."""
        with self._action("blind stop") as draft:
            self.blind.stop(draft, self.reader.article_row(article))
        return self._outcome(draft)

    def blind_round(self, article: int | str) -> BlindRound:
        """The article's open blind round, or else its last one."""
        return self.blind.round(self.reader.article_row(article)["id"])

    def agreement(self, article: int | str) -> Agreement:
        """How far the round's reviewers agree, tag by tag (Cohen's or Fleiss' kappa)."""
        return self.blind.agreement(self.reader.article_row(article)["id"])

    def disagreements(self, article: int | str) -> list[Disagreement]:
        """The sentences the round's reviewers tagged differently, each with how it was
        settled, if it was."""
        return self.blind.disagreements(self.reader.article_row(article)["id"])

    def reconcile(self, article: int | str, sentence: SentenceRef, take: str) -> Outcome:
        """Settle one disagreement into the sentence's real tags: one action, undone as one.
        `take`: a reviewer's name or letter (A, B…), "both" or "none"."""
        with self._action("reconcile") as draft:
            self.blind.settle(draft, self.reader.sentence_row(article, sentence), take)
        return self._outcome(draft)

    # ------------------------------------------------------- review bundles
    def export_bundle(self, article: int | str) -> Exported:
        """An article's whole review as a bundle another database can merge: the text, its
        sentences, tags, evidence with sources and snapshots, verdicts with their history and
        decisions, comments, marks, status and the action history."""
        from .bundle import document
        from .exports import BUNDLE, BUNDLE_EXTENSION, export_name
        from .exports import bundle as bundle_format

        row = self.reader.article_row(article)
        text = bundle_format.write(document(self.store, row["id"], self.reviewer))
        name = f"{export_name(row['title'], row['id'])}.{BUNDLE_EXTENSION}"
        return Exported(row["id"], BUNDLE, name, text, ())

    def import_bundle(self, path: Path) -> BundleImport:
        """Merge a bundle into this database: one action (undone as one), attributed row by
        row to the bundle's reviewers. The file is read and checked whole before the
        database is touched; a bundle with nothing new changes nothing."""
        from .bundle import BundleImport, Merge, reviewers_of, summary
        from .bundle import conflicts as conflicts_of
        from .exports import bundle as bundle_format

        path = Path(path)
        try:
            raw = path.read_bytes()
        except OSError as error:
            raise InputError(f"{path}: {error.strerror or error}") from None
        document = bundle_format.read(raw, str(path))
        with self._action("import bundle") as draft:
            merge = Merge(self.store, draft, self.reviewer, self.clock)
            article_id, created, bundle_id = merge.run(document)
            found = [c for c in conflicts_of(self.store, article_id) if c.id in merge.conflict_ids]
            result = BundleImport(
                article_id=article_id,
                title=document["article"]["title"],
                created=created,
                exported_by=document["exported_by"],
                reviewers=reviewers_of(document),
                added=merge.added,
                conflicts=tuple(found),
                notes=tuple(merge.notes),
            )
            draft.summary = (
                f"merged {document['exported_by']}'s bundle into article {article_id} "
                f"{_title(document['article'])}({summary(result)})"
            )
            draft.article_id = article_id
        if bundle_id is None:
            return result
        return dataclasses.replace(result, summary=draft.summary, action_id=draft.action_id)

    def conflicts(
        self, article: int | str | None = None, *, settled: bool = False
    ) -> list[Conflict]:
        """Sentences both this database and a bundle rated differently, article by article;
        those rated again since only with `settled`."""
        from .bundle import conflicts as conflicts_of

        article_id = self.reader.article_row(article)["id"] if article is not None else None
        return [c for c in conflicts_of(self.store, article_id) if settled or not c.settled]

    def merged_bundles(self, article: int | str) -> list[MergedBundle]:
        """The bundles merged into an article, oldest first, each with the sender's action
        history of it."""
        from .bundle import merged_bundles

        return merged_bundles(self.store, self.reader.article_row(article)["id"])

    def sentence_conflicts(self, sentence_id: int) -> list[Conflict]:
        """The open verdict conflicts of one sentence, for its detail pane."""
        from .bundle import conflicts as conflicts_of

        return [c for c in conflicts_of(self.store, sentence_id=sentence_id) if not c.settled]

    # ----------------------------------------------------------- live refresh
    def last_action_id(self) -> int:
        """The newest action in the log: where a screen starts looking for others' work."""
        return self.store.last_action_id()

    def changes_since(self, article: int | str, action_id: int) -> LiveChanges:
        """What others' actions after `action_id` changed in the article: the sentences to
        read again, or that the article is to be read again."""
        return self.reader.changes_since(self.reader.article_row(article)["id"], action_id)


# ----------------------------------------------------------------- helpers
def _subject(row: dict[str, Any]) -> str:
    return f"sentence {row['number']}"


def _numbers(numbers: list[int]) -> str:
    if len(numbers) == 1:
        return f"sentence {numbers[0]}"
    return f"sentences {', '.join(map(str, numbers[:-1]))} and {numbers[-1]}"


def _title(row: dict[str, Any] | None) -> str:
    """An article's title in quotes with a trailing space, or nothing."""
    title = (row or {}).get("title")
    if not title:
        return ""
    short = title if len(title) <= 50 else title[:49].rsplit(" ", 1)[0] + "…"
    return f"“{short}” "


_FIELD_NAMES = {"accessed_at": "accessed date", "published": "publication date"}


def _scale(row: dict[str, Any]) -> Scale:
    try:
        labels = tuple(Label(item["name"], item["value"]) for item in json.loads(row["labels"]))
    except (ValueError, TypeError, KeyError):
        raise StoreError(
            f"the database is damaged: the labels of scale {row['name']} are unreadable"
        ) from None
    return stored_scale(row["name"], labels, row["description"], bool(row["builtin"]))

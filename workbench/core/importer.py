"""Bringing an article in: segmentation and suggestions are made before the database is
touched, so a refused text leaves no file behind and a long import holds the write lock only
to write, a chunk at a time. A long text's sentences are never all held at once: their places
are kept as offsets, their suggestions in a temporary file (store/spool.py)."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import ValidationError
from .models import ImportResult
from .reader import Reader
from .rules import RULES_VERSION
from .sources import content_hash
from .store import ActionDraft, Store
from .store.spool import Spool
from .validate import check_date, check_url

if TYPE_CHECKING:
    from .ingest import Document
    from .revisions import Pair


# The share of a stored article's sentences a file of the same name must keep (equal or
# barely edited) to be its new revision rather than another article.
SAME_STORY = 0.2


class Importer:
    """Imports into the store, for the Workbench."""

    def __init__(
        self,
        store: Store,
        reader: Reader,
        reviewer: str,
        clock: Callable[[], str],
        action: Callable[[str], AbstractContextManager[ActionDraft]] | None = None,
    ) -> None:
        self.store = store
        self.reader = reader
        self.reviewer = reviewer
        self.clock = clock
        # The facade's reviewer action (derived data kept in step); a bare one otherwise.
        self.action = action or (
            lambda verb: self.store.action(at=self.clock(), reviewer=self.reviewer, verb=verb)
        )

    def run(
        self,
        document: Document,
        *,
        filename: str | None = None,
        title: str | None = None,
        date: str | None = None,
        byline: str | None = None,
        url: str | None = None,
        revises: int | None = None,
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
                return _noted(found, document)
        # The rules are imported when an import runs: start-up does not pay for them.
        from .outline import Outline

        outline = Outline(document)
        if not len(outline):
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
        if self.store.is_open or self._database_exists():
            earlier = (
                self.store.one("SELECT * FROM articles WHERE id = ?", [revises])
                if revises is not None
                else self._earlier_text(url=url, filename=filename, title=row["title"])
            )
            if earlier is not None:
                sentences = outline.rows()
                aligned = None
                if revises is None and not (url and earlier["url"] == url):
                    aligned = self._same_story(earlier, sentences)
                    if aligned is None:
                        earlier = None  # a file named like a stored one, with another story
                if earlier is not None:
                    return _noted(self._revise(earlier, row, sentences, aligned), document)
                del sentences
        # A new article: its suggestions are made a part at a time and kept in a temporary
        # file, then its sentences are written with them a chunk at a time: all the work is
        # done before the first write, and no list of every sentence is held.
        with Spool() as spool:
            spool.add(hints for _, hints in outline.suggested())
            article_id = self.store.insert_article_stream(
                row, len(outline), zip(outline.iter_rows(), spool, strict=True), RULES_VERSION
            )
        if article_id is None:  # another process stored the same text meanwhile
            found = self._existing_import(digest, title=title, date=date, byline=byline, url=url)
            assert found is not None
            return _noted(found, document)
        return ImportResult(self.reader.article(article_id), True, len(outline), document.notes)

    def _earlier_text(
        self, *, url: str | None, filename: str | None, title: str | None
    ) -> dict[str, Any] | None:
        """The article in the library this text is a new revision of: the one from the same
        URL, or else from the same file name with the same title (or both untitled)."""
        listed = (
            "importing = 0 AND NOT EXISTS "
            "(SELECT 1 FROM removed_articles r WHERE r.article_id = a.id)"
        )
        if url:
            found = self.store.one(
                f"SELECT a.* FROM articles a WHERE url = ? AND {listed} ORDER BY id DESC", [url]
            )
            if found is not None:
                return found
        if filename:
            return self.store.one(
                f"SELECT a.* FROM articles a WHERE filename = ? AND title IS ? AND {listed} "
                "ORDER BY id DESC",
                [filename, title],
            )
        return None

    def _same_story(
        self, earlier: dict[str, Any], sentences: list[Any]
    ) -> tuple[list[str], list[Pair]] | None:
        """The alignment of a file that shares a stored article's name (and title) with it,
        if the file is a revision of it: at least a fifth of the stored sentences are still
        there, equal or barely edited. Two unrelated files named alike (`article.txt` from
        two folders) are not (None). The stored sentences are given with it: the revision
        reuses the alignment if they are still the same when it begins."""
        from .revisions import EDITED, SAME, align

        old = [
            text
            for (text,) in self.store.conn.execute(
                "SELECT text FROM sentences WHERE article_id = ? ORDER BY start",
                [earlier["id"]],
            )
        ]
        pairs = align(old, [s[4] for s in sentences])
        kept = sum(1 for p in pairs if p.kind in (SAME, EDITED))
        return (old, pairs) if kept >= SAME_STORY * max(len(old), 1) else None

    def _revise(
        self,
        earlier: dict[str, Any],
        row: dict[str, Any],
        sentences: list[tuple[int, int, int, str, str]],
        aligned: tuple[list[str], list[Pair]] | None = None,
    ) -> ImportResult:
        """A changed text of a stored article: a new revision, as one action (undone like
        any), which keeps the review where the text did not change. `aligned`: the stored
        sentences and their alignment with the new ones, made before the action began."""
        from .revisions import revise

        with self.action("revise") as draft:
            current = self.store.one("SELECT * FROM articles WHERE id = ?", [earlier["id"]])
            if current is None or current["content_hash"] == row["content_hash"]:
                article_id = earlier["id"]  # revised the same way by someone else meanwhile
                summary = None
            else:
                revision = revise(
                    self.store,
                    draft,
                    current,
                    row,
                    sentences,
                    at=row["imported_at"],
                    reviewer=self.reviewer,
                    aligned=aligned,
                )
                article_id = current["id"]
                summary = f"revision {revision['number']}: {revision['summary']}"
                draft.summary = f"article {article_id} changed, {summary}"
                draft.article_id = article_id
        return ImportResult(
            self.reader.article(article_id),
            False,
            self.store.sentence_count(article_id),
            (),
            summary,
        )

    def _database_exists(self) -> bool:
        path = self.store.path
        return path is None or Path(path).exists()

    def _existing_import(self, digest: str, **given: str | None) -> ImportResult | None:
        existing = self.store.article_by_hash(digest)
        if not existing:
            return self._bring_back(digest)
        article = self.reader.article(existing[0]["id"])
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

    def _bring_back(self, digest: str) -> ImportResult | None:
        """The text of an article removed from the library is imported again: the article
        comes back with its review, as one action (undone like the removal)."""
        if self.store.removed_by_hash(digest) is None:
            return None
        with self.store.action(at=self.clock(), reviewer=self.reviewer, verb="restore") as draft:
            removal = self.store.removed_by_hash(digest)
            if removal is None:  # brought back by someone else meanwhile
                article_id = self.store.article_by_hash(digest)[0]["id"]
            else:
                article_id = removal["article_id"]
                draft.changes.delete("removed_articles", removal["id"])
                draft.summary = f"brought article {article_id} back to the library (imported again)"
                draft.article_id = article_id
        article = self.reader.article(article_id)
        return ImportResult(
            article,
            False,
            self.store.sentence_count(article_id),
            (
                f"article {article_id} had been removed from the library; "
                "it is back, with its review",
            ),
        )


def _noted(result: ImportResult, document: Document) -> ImportResult:
    """An import's result with what the reader should know about how the text was read."""
    if not document.notes:
        return result
    return ImportResult(
        result.article, result.created, result.sentences, document.notes + result.warnings
    )

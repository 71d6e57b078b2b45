"""A new source read from where the reviewer says it is: a URL fetched, or a local file
(a web page, a PDF, text or Markdown) read, before anything is stored.

Nothing here touches the database: the result fills a new source's fields, and the source is
stored only when the reviewer saves the evidence that cites it. A failed fetch or read raises
an `InputError` of one line and leaves nothing behind.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import InputError
from .fetch import is_url
from .models import NewSource

if TYPE_CHECKING:
    from .fetch import Fetched, Fetcher


@dataclass(frozen=True)
class SourceRead:
    """What was read: the new source's fields, the fetch to archive (None for a local file),
    and notes on how the text was read (a decoding chosen on evidence)."""

    source: NewSource
    fetched: Fetched | None
    notes: tuple[str, ...] = ()

    @property
    def origin(self) -> str:
        """Where the text came from, as the reviewer is told."""
        if self.fetched is not None:
            return self.fetched.final_url
        return self.source.url or "the file"


def read_source(address: str, fetcher: Fetcher) -> SourceRead:
    """A URL is fetched with `fetcher` (which refuses when network use is off); anything else
    is a path to a local file. A page's headline, site name and date fill the title,
    publisher and publication date; its text is the snapshot."""
    from .ingest import from_fetched, read_document

    address = address.strip()
    if not address:
        raise InputError("type a URL (http or https) or the path of a file to read")
    fetched: Fetched | None = None
    url: str | None
    named: str | None = None  # a file with no title of its own is named after itself
    if is_url(address):
        fetched = fetcher.fetch(address)
        document = from_fetched(fetched, article=False)
        url = fetched.final_url
    else:
        path = Path(address).expanduser()
        document = read_document(path, article=False)
        url = document.url if document.url and is_url(document.url) else None
        named = path.name
    source = NewSource(
        url=url,
        title=document.title or named,
        publisher=document.site,
        published=document.date,
        snapshot=document.text,
    )
    return SourceRead(source, fetched, document.notes)

"""A PDF's text, page by page: pages are separated by a form feed (as pdftotext does), so
a passage's page is the number of form feeds before it, plus one. A PDF with no text layer
(a scan) is refused: it needs OCR first."""

from __future__ import annotations

import io
import re

from .errors import InputError

PAGE_BREAK = "\f"
MAX_PAGES = 2000
_MIN_CHARACTERS = 20  # of text, over the whole PDF, below which it is a scan
_SPACES = re.compile(r"[ \t\u00a0]+")


_JUNK_TITLE = re.compile(
    r"\.(docx?|pdf|indd|xlsx?|pptx?|odt|rtf)\b|^microsoft |^untitled|^document\d*$", re.I
)


def pdf_text(raw: bytes, name: str) -> tuple[str, str | None]:
    """The text of every page, pages separated by PAGE_BREAK, and the title the PDF's
    metadata gives, unless it is a file name or a word processor's placeholder."""
    import logging

    from pypdf import PdfReader
    from pypdf.errors import PdfReadError, PyPdfError

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # its warnings are not the reviewer's
    try:
        reader = PdfReader(io.BytesIO(raw))
        if reader.is_encrypted:
            try:
                reader.decrypt("")
            except (PdfReadError, NotImplementedError):
                raise InputError(f"{name}: the PDF is encrypted") from None
        count = len(reader.pages)
        if count > MAX_PAGES:
            raise InputError(f"{name}: the PDF has {count:,} pages; the limit is {MAX_PAGES:,}")
        pages = [_clean(page.extract_text() or "") for page in reader.pages]
        info = reader.metadata
        title = " ".join(str(info.title).split()) if info is not None and info.title else None
    except InputError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, RecursionError) as error:
        raise InputError(f"{name}: cannot read the PDF ({type(error).__name__}: {error})") from None
    if sum(len(page.strip()) for page in pages) < _MIN_CHARACTERS:
        raise InputError(
            f"{name}: the PDF has no text layer ({count} page{'s' if count != 1 else ''} of "
            "images, a scan?); run OCR on it first"
        )
    if title and (_JUNK_TITLE.search(title) or len(title) > 300):
        title = None
    return PAGE_BREAK.join(pages).strip() + "\n", title or None


def _clean(text: str) -> str:
    lines = [_SPACES.sub(" ", line).strip() for line in text.replace("\r", "\n").split("\n")]
    return "\n".join(lines).replace(PAGE_BREAK, "\n")


def page_of(text: str, start: int) -> int:
    """The page (from 1) of a character offset in a PDF's text."""
    return text.count(PAGE_BREAK, 0, max(0, start)) + 1


def excerpt_page(snapshot: str, excerpt: str) -> int | None:
    """The page of a PDF snapshot an excerpt is from (its words in order, whatever the
    spacing and line breaks between them), or None for a snapshot without pages or an
    excerpt it does not hold."""
    if PAGE_BREAK not in snapshot or not excerpt.strip():
        return None
    words = excerpt.split()
    found = re.search(r"\s+".join(re.escape(word) for word in words), snapshot)
    return page_of(snapshot, found.start()) if found else None

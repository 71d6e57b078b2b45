"""Arbitrary input through every path text enters by: a file to import (as .txt, .md or
.html) and a source's snapshot. Either a clean refusal that leaves the database as it was,
or success with spans that give back exactly the stored text."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from workbench.core.errors import WorkbenchError
from workbench.core.ingest import read_document
from workbench.core.service import Workbench

from .support import dump, rows

FUZZ = settings(
    max_examples=60,
    deadline=None,
    # One database for all examples of a test, on purpose: imports accumulate in it.
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Text that reaches the segmenter: sentences, quotes, markup, figures, odd characters.
PIECES = st.sampled_from(
    [
        "The council spent 4.2 million pounds.",
        " ",
        "\n",
        "\n\n",
        "“Quoted,” she said.",
        "<p>",
        "</p>",
        "<script>x</script>",
        "# Heading",
        "---",
        "| a | b |",
        "Mr. Smith arrived at 5 p.m. on Monday.",
        "\u200b",
        "\r\n",
        "\x1b[31m",
        "e\u0301",
        "😀",
        "...",
        "?!",
        "&amp;",
        "\t",
    ]
)
TEXTY = st.lists(st.one_of(PIECES, st.text(max_size=20)), max_size=25).map("".join)
DOCUMENT_BYTES = st.one_of(
    st.binary(max_size=400),
    TEXTY.map(lambda text: text.encode("utf-8")),
    TEXTY.map(lambda text: text.encode("utf-16")),
    TEXTY.map(lambda text: text.encode("cp1252", errors="replace")),
)


@pytest.fixture
def session(tmp_path: Path) -> Iterator[tuple[Workbench, Path]]:
    with Workbench(tmp_path / "fuzz.db", "fuzzer") as wb:
        wb.articles()  # the file exists, so a refusal is compared with what it holds
        yield wb, tmp_path


NAMES = itertools.count()


@FUZZ
@given(raw=DOCUMENT_BYTES, suffix=st.sampled_from([".txt", ".md", ".html", ".htm"]))
def test_importing_arbitrary_bytes(
    session: tuple[Workbench, Path], raw: bytes, suffix: str
) -> None:
    wb, directory = session
    path = directory / f"input-{next(NAMES)}{suffix}"
    path.write_bytes(raw)
    before = dump(wb.store.path)  # type: ignore[arg-type]
    known = {a.id for a in wb.articles()}
    try:
        result = wb.import_file(path)
    except WorkbenchError as error:
        event(f"refused: {type(error).__name__}")
        assert str(error) and "\n" not in str(error)
        assert dump(wb.store.path) == before  # type: ignore[arg-type]
        return
    event("imported" if result.created else "found")
    article = wb.article(result.article.id)
    assert result.created == (article.id not in known)
    assert article.text == read_document(path).text
    sentences = wb.sentences(article.id)
    assert len(sentences) == result.sentences > 0
    end = 0
    for sentence in sentences:
        assert sentence.text == article.text[sentence.start : sentence.end]
        assert sentence.text.strip() and end <= sentence.start < sentence.end
        end = sentence.end
    assert [s.number for s in sentences] == list(range(1, len(sentences) + 1))


@FUZZ
@given(snapshot=st.one_of(TEXTY, st.text(max_size=600)), stance=st.booleans())
def test_a_source_snapshot_of_arbitrary_text(
    session: tuple[Workbench, Path], snapshot: str, stance: bool
) -> None:
    wb, directory = session
    if not wb.articles():
        (directory / "base.txt").write_text("One sentence here. And another one.\n")
        wb.import_file(directory / "base.txt")
    url = f"https://example.org/source/{next(NAMES)}"
    before = dump(wb.store.path)  # type: ignore[arg-type]
    try:
        if stance:
            source, created = wb.add_source(url=url, title="Fuzzed", snapshot=snapshot)
        else:
            from workbench.core.models import NewSource

            outcome = wb.link(
                1,
                1,
                new_source=NewSource(url=url, title="Fuzzed", snapshot=snapshot),
                stance="context",
                excerpt=snapshot[:40] or None,
            )
            source = wb.source(wb.sentence(1, 1).evidence[-1].source.id)
            created = outcome.message.startswith("linked new source")
    except WorkbenchError as error:
        event(f"refused: {type(error).__name__}")
        assert str(error) and "\n" not in str(error)
        assert dump(wb.store.path) == before  # type: ignore[arg-type]
        return
    event("stored")
    assert created
    assert source.snapshot == (snapshot if snapshot.strip() else None)
    passages = rows(
        wb.store.path,  # type: ignore[arg-type]
        'SELECT start, "end", text FROM passages WHERE source_id = ? ORDER BY start',
        (source.id,),
    )
    end = 0
    for passage in passages:
        assert passage["text"] == snapshot[passage["start"] : passage["end"]]
        assert end <= passage["start"] < passage["end"]
        end = passage["end"]
    if snapshot.strip() and any(c.isalnum() for c in snapshot):
        assert passages, "a snapshot with words is searchable"

"""Derived data made a part at a time gives what it gave made whole: suggestions of part of an
article, the paragraphs a revision changed, a revision's alignment made before its action."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest

from workbench.core.assist import NEIGHBOUR_PARAGRAPHS
from workbench.core.ingest import read_document
from workbench.core.layout import segment_document
from workbench.core.revisions import align
from workbench.core.service import Workbench
from workbench.core.suggest import SuggestCache, suggest

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = sorted((ROOT / "sample_articles").glob("*.*[tm][xd]*"))

NAMES = ("Ortega", "Velmora", "Haddad", "Lindqvist", "Okafor")
OPENERS = (
    "{name} said the council spent {n} million on roads in {year}.",
    "“We will not cut {n} jobs this year,” {name} told reporters on Monday.",
    "The report found that {n} percent of schools were damaged.",
    "{name}n officials rejected the figures.",
    "“The plan is sound,” the minister said.",
    "Prices rose by {n} percent, according to the statistics office.",
    "Residents expect the bridge to reopen in {year}.",
    "Will the council answer?",
    "It was a good year for the harbour, {name} wrote in a letter.",
)


def _article(count: int, seed: int) -> list[tuple[str, int]]:
    """Sentences with quotations, names opening sentences and figures, in paragraphs of one
    to six sentences."""
    rng = random.Random(seed)
    found: list[tuple[str, int]] = []
    paragraph = 0
    while len(found) < count:
        for _ in range(rng.randint(1, 6)):
            template = rng.choice(OPENERS)
            found.append(
                (
                    template.format(
                        name=rng.choice(NAMES), n=rng.randint(2, 900), year=rng.randint(1990, 2030)
                    ),
                    paragraph,
                )
            )
        paragraph += 1
    return found


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_suggestions_of_a_part_are_that_part_of_the_whole(seed: int) -> None:
    sentences = _article(120, seed)
    whole = suggest(sentences)
    rng = random.Random(seed)
    cache = SuggestCache()
    for first, end in [(0, 5), (len(sentences) - 4, len(sentences)), (0, len(sentences))] + [
        sorted(rng.sample(range(len(sentences) + 1), 2)) for _ in range(20)
    ]:
        assert suggest(sentences, part=(first, end), cache=cache) == whole[first:end]


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_suggestions_of_a_sample_article_made_in_parts(path: Path) -> None:
    sentences = [
        (text, paragraph) for _, _, paragraph, _, text in segment_document(read_document(path))
    ]
    whole = suggest(sentences)
    parts = [
        suggest(sentences, part=(i, min(i + 7, len(sentences))))
        for i in range(0, len(sentences), 7)
    ]
    assert [hint for part in parts for hint in part] == whole


def _one_window_each(rows: list[dict[str, Any]], paragraphs: set[int]) -> dict[int, Any]:
    """Suggestions as the paragraphs were remade one at a time, each read with its own
    window of neighbouring paragraphs."""
    made = {}
    for paragraph in sorted(paragraphs):
        window = [r for r in rows if abs(r["paragraph"] - paragraph) <= NEIGHBOUR_PARAGRAPHS]
        hints = suggest([(r["text"], r["paragraph"]) for r in window])
        made.update(
            (r["id"], h) for r, h in zip(window, hints, strict=True) if r["paragraph"] == paragraph
        )
    return made


def _stored(workbench: Workbench, article: int) -> dict[int, tuple[list[tuple[str, str]], float]]:
    conn = workbench.store.conn
    found: dict[int, tuple[list[tuple[str, str]], float]] = {}
    for sentence_id, score in conn.execute(
        "SELECT c.sentence_id, c.checkworthiness FROM sentence_scores c JOIN sentences s "
        "ON s.id = c.sentence_id WHERE s.article_id = ?",
        [article],
    ):
        found[sentence_id] = ([], score)
    for sentence_id, tag, reason in conn.execute(
        "SELECT g.sentence_id, g.tag, g.reason FROM suggestions g JOIN sentences s "
        "ON s.id = g.sentence_id WHERE s.article_id = ? ORDER BY g.id",
        [article],
    ):
        found[sentence_id][0].append((tag, reason))
    return found


def test_a_revision_remakes_each_changed_paragraph_as_its_own_window_would(
    workbench: Workbench, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sentences = _article(400, 5)
    rng = random.Random(9)
    changed = list(sentences)
    for index in sorted(rng.sample(range(len(changed)), 40), reverse=True):
        text, paragraph = changed[index]
        roll = rng.random()
        if roll < 0.4:
            changed[index] = (text.replace("council", "city council"), paragraph)
        elif roll < 0.7:
            del changed[index]
        else:
            changed.insert(index, (f"{rng.choice(NAMES)} disputed the {index} figures.", paragraph))

    def text(rows: list[tuple[str, int]]) -> str:
        paragraphs: dict[int, list[str]] = {}
        for sentence, paragraph in rows:
            paragraphs.setdefault(paragraph, []).append(sentence)
        return "\n\n".join(" ".join(p) for p in paragraphs.values()) + "\n"

    (tmp_path / "one").mkdir()
    (tmp_path / "two").mkdir()
    (tmp_path / "one" / "story.txt").write_text(text(sentences), encoding="utf-8")
    (tmp_path / "two" / "story.txt").write_text(text(changed), encoding="utf-8")
    article = workbench.import_file(tmp_path / "one" / "story.txt").article.id
    before = _stored(workbench, article)
    remade: set[int] = set()
    remake = workbench.suggester.remake_paragraphs

    def spy(article_id: int, paragraphs: set[int]) -> None:
        remade.update(paragraphs)
        remake(article_id, paragraphs)

    monkeypatch.setattr(workbench.suggester, "remake_paragraphs", spy)
    result = workbench.import_file(tmp_path / "two" / "story.txt")
    assert result.revised and result.article.id == article
    rows = workbench.store.paragraph_rows(article, 0, 2**62)
    assert len(remade) > 20
    expected = _one_window_each(rows, remade)
    stored = _stored(workbench, article)
    assert set(stored) == {r["id"] for r in rows}
    for row in rows:
        hints, score = stored[row["id"]]
        if row["paragraph"] in remade:
            want = expected[row["id"]]
            assert hints == [(h.tag, h.reason) for h in want.hints]
            assert score == want.score
        else:  # a paragraph the revision did not touch: as the first import made it
            assert (hints, score) == before[row["id"]]


def test_a_revision_aligns_again_when_the_sentences_changed_meanwhile(
    workbench: Workbench, tmp_path: Path
) -> None:
    """An alignment made before the revision's action is used only if the stored sentences
    are still those it aligned (a merge in between changes them, not the article's text)."""
    from workbench.core import revisions

    first = "One sentence here. Two sentence here. Three sentence here.\n"
    second = "One sentence here. Two sentences here now. Three sentence here.\n"
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "x.txt").write_text(first, encoding="utf-8")
    (tmp_path / "b" / "x.txt").write_text(second, encoding="utf-8")
    article = workbench.import_file(tmp_path / "a" / "x.txt").article.id
    stale = (["Something else entirely."], align(["Something else entirely."], ["x", "y", "z"]))
    document = read_document(tmp_path / "b" / "x.txt")
    sentences = segment_document(document)
    with workbench._action("revise") as draft:  # noqa: SLF001
        current = workbench.store.one("SELECT * FROM articles WHERE id = ?", [article])
        row = {**current, "text": document.text, "content_hash": "changed"}
        revision = revisions.revise(
            workbench.store, draft, current, row, sentences, at="now", reviewer="r", aligned=stale
        )
    assert "1 edited" in revision["summary"] and "added" not in revision["summary"]


def _document(sentences: list[tuple[str, int]]) -> Any:
    from workbench.core.ingest import parse_document

    paragraphs: dict[int, list[str]] = {}
    for text, paragraph in sentences:
        paragraphs.setdefault(paragraph, []).append(text)
    body = "A story of the harbour\n\n" + "\n\n".join(" ".join(p) for p in paragraphs.values())
    return parse_document(body.encode("utf-8"), "txt")


@pytest.mark.parametrize("part", [1, 3, 7, 50, 10_000])
def test_an_import_makes_in_parts_what_the_whole_article_would(
    part: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    from workbench.core import outline

    monkeypatch.setattr(outline, "PART", part)
    document = _document(_article(300, 11))
    rows = segment_document(document)
    whole = suggest([(text, paragraph) for _, _, paragraph, _, text in rows])
    made = list(outline.Outline(document).suggested())
    assert [row for row, _ in made] == rows
    assert [hints for _, hints in made] == whole
    assert rows[0][3] == "headline"


def test_a_long_paragraph_is_one_part(monkeypatch: pytest.MonkeyPatch) -> None:
    """A paragraph longer than a part is made whole: its quotations read all of it."""
    from workbench.core import outline

    monkeypatch.setattr(outline, "PART", 4)
    sentences = [(text, 0) for text, _ in _article(60, 12)]
    document = _document(sentences)
    rows = segment_document(document)
    whole = suggest([(text, paragraph) for _, _, paragraph, _, text in rows])
    assert [hints for _, hints in outline.Outline(document).suggested()] == whole


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_a_sample_article_made_in_parts(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from workbench.core import outline

    monkeypatch.setattr(outline, "PART", 5)
    document = read_document(path)
    rows = segment_document(document)
    whole = suggest([(text, paragraph) for _, _, paragraph, _, text in rows])
    made = list(outline.Outline(document).suggested())
    assert [row for row, _ in made] == rows
    assert [hints for _, hints in made] == whole


def test_a_long_import_in_chunks_stores_what_one_chunk_would(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Chunked transactions and parts that do not line up with them store every sentence
    once, in order, with the whole article's suggestions."""
    from workbench.core import outline
    from workbench.core.store import db as store_db

    monkeypatch.setattr(outline, "PART", 13)
    monkeypatch.setattr(store_db, "IMPORT_CHUNK", 40)
    sentences = _article(250, 13)
    path = tmp_path / "long.txt"
    document = _document(sentences)
    path.write_text(document.text, encoding="utf-8")
    rows = segment_document(read_document(path))
    whole = suggest([(text, paragraph) for _, _, paragraph, _, text in rows])
    with Workbench(tmp_path / "w.db", "tester") as workbench:
        result = workbench.import_file(path)
        assert result.created and result.sentences == len(rows) > 200
        conn = workbench.store.conn
        stored = conn.execute(
            'SELECT id, start, "end", paragraph, kind, text FROM sentences WHERE article_id = ? '
            "ORDER BY start",
            [result.article.id],
        ).fetchall()
        assert [tuple(r[1:]) for r in stored] == rows
        hints = _stored(workbench, result.article.id)
        for (sentence_id, *_), want in zip(stored, whole, strict=True):
            assert hints[sentence_id] == ([(h.tag, h.reason) for h in want.hints], want.score)


def test_the_spool_gives_back_what_it_was_given_in_order() -> None:
    from workbench.core.models import Suggestion
    from workbench.core.store.spool import Spool
    from workbench.core.suggest import SentenceHints

    made = [
        SentenceHints(
            (Suggestion("quote", f"quotation of {i} words, attributed by “said”"),), i / 7
        )
        if i % 3
        else SentenceHints((), 0.0)
        for i in range(5_000)
    ]
    with Spool() as spool:
        spool.add(iter(made))
        back = list(spool)
    assert [(b.hints, b.score) for b in back] == [(m.hints, m.score) for m in made]


def test_an_import_whose_suggestions_fail_leaves_the_database_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The suggestions are all made before the first write: a failure while making them
    stores nothing."""
    from workbench.core import outline

    monkeypatch.setattr(outline, "PART", 5)
    path = tmp_path / "story.txt"
    path.write_text(_document(_article(60, 3)).text, encoding="utf-8")
    calls = 0
    real = outline.Outline.suggested

    def failing(self: outline.Outline) -> Any:
        nonlocal calls
        for item in real(self):
            calls += 1
            if calls == 30:
                raise RuntimeError("the rules failed")
            yield item

    monkeypatch.setattr(outline.Outline, "suggested", failing)
    with Workbench(tmp_path / "w.db", "tester") as workbench:
        workbench.articles()
        before = workbench.store.conn.execute("SELECT count(*) FROM sentences").fetchone()[0]
        with pytest.raises(RuntimeError):
            workbench.import_file(path)
        conn = workbench.store.conn
        assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 0
        assert conn.execute("SELECT count(*) FROM sentences").fetchone()[0] == before == 0


def test_a_revision_logs_each_moved_sentence_as_it_is_stored(
    workbench: Workbench, tmp_path: Path
) -> None:
    """Moves are recorded from the rows read at the start of the revision: what the log says
    each row became is what the table holds, so undo and redo replay it exactly."""
    import json

    sentences = _article(80, 21)
    changed = [("A new opening sentence about the harbour.", 0), *sentences[:40], *sentences[45:]]
    for folder, rows in (("one", sentences), ("two", changed)):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "story.txt").write_text(_document(rows).text, encoding="utf-8")
    article = workbench.import_file(tmp_path / "one" / "story.txt").article.id
    assert workbench.import_file(tmp_path / "two" / "story.txt").revised
    conn = workbench.store.conn
    log = json.loads(conn.execute("SELECT changes FROM actions ORDER BY id DESC").fetchone()[0])
    moved = [c for c in log if c["table"] == "sentences" and c["before"] and c["after"]]
    assert len(moved) > 30
    cursor = conn.execute("SELECT * FROM sentences WHERE article_id = ?", [article])
    names = [d[0] for d in cursor.description]
    stored = {row[0]: dict(zip(names, row, strict=True)) for row in cursor}
    for change in moved:
        assert change["after"] == stored[change["id"]]
        assert change["before"]["start"] != change["after"]["start"]
    workbench.undo()
    cursor = conn.execute("SELECT * FROM sentences WHERE article_id = ?", [article])
    back = {row[0]: dict(zip(names, row, strict=True)) for row in cursor}
    for change in moved:
        assert back[change["id"]] == change["before"]


@pytest.mark.parametrize("body", [b"", b"   ", b"\n\n\t \r\n", "\u3000\n".encode()])
def test_a_text_of_nothing_but_whitespace_is_refused(body: bytes) -> None:
    from workbench.core.errors import InputError
    from workbench.core.ingest import parse_document

    with pytest.raises(InputError, match="empty"):
        parse_document(body, "txt", name="blank.txt")

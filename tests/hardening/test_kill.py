"""A process killed with SIGKILL at any moment leaves a whole database: every action is in
the file with its log entry or not at all, every action the process was told had committed
is there, and an import cut short stays hidden until the same text is imported again."""

from __future__ import annotations

import itertools
import os
import random
import signal
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from workbench.core.errors import NotFoundError, StoreError, WorkbenchError
from workbench.core.models import STANCES, TAGS, NewSource
from workbench.core.service import Workbench
from workbench.core.store import db as store_db

from .support import (
    FORK,
    assert_log_replays,
    integrity,
    paragraphs_text,
    read_acks,
    rows,
    scalar,
    tracked_state,
    write_article,
)

KILL_ROUNDS = 8
MAX_STEPS = 400  # a child that outlives its kill time stops here anyway
SNAPSHOT = " ".join(f"Clinic {i} reported {i * 3} cases on Monday." for i in range(40))


def _act(wb: Workbench, article: int, rng: random.Random, step: int) -> Any:
    count = wb.sentence_count(article)
    number = rng.randint(1, count)
    op = rng.choice(["tag", "tag", "link", "verdict", "merge", "split", "undo", "undo", "redo"])
    if op == "tag":
        return wb.toggle_tag(article, number, rng.choice(TAGS))
    if op == "link":
        source = NewSource(url=f"https://example.org/{os.getpid()}/{step}", snapshot=SNAPSHOT)
        return wb.link(
            article, number, new_source=source, stance=rng.choice(STANCES), excerpt="Clinic 3"
        )
    if op == "verdict":
        return wb.set_verdict(article, number, rng.choice(["True", "False", "Half true"]))
    if op == "merge":
        return wb.merge(article, number)
    if op == "split":
        text = wb.sentence(article, number).sentence.text
        return wb.split(article, number, max(text.find(" ", len(text) // 2), 1))
    return wb.undo() if op == "undo" else wb.redo()


def _worker(db: Path, article: int, seed: int, acks: int) -> None:
    rng = random.Random(seed)
    with Workbench(db, "killed") as wb:
        for step in range(MAX_STEPS):
            try:
                outcome = _act(wb, article, rng, step)
            except WorkbenchError:
                continue  # nothing to undo, a sentence not tagged yet: the next step
            # Written only once the action's transaction has committed.
            os.write(acks, f"{outcome.action.id}\n".encode())


def test_sigkill_during_actions_leaves_no_half_action(tmp_path: Path) -> None:
    db = tmp_path / "killed.db"
    text = paragraphs_text(12, 4, seed=11)
    with Workbench(db, "setup") as wb:
        article = wb.import_file(write_article(tmp_path, "a.txt", text)).article.id
    initial = tracked_state(db)
    timing = random.Random(20241112)
    acknowledged: list[int] = []
    for round_number in range(KILL_ROUNDS):
        read_end, write_end = os.pipe()
        child = FORK.Process(target=_worker, args=(db, article, round_number, write_end))
        child.start()
        os.close(write_end)
        time.sleep(timing.uniform(0.05, 0.6))
        os.kill(child.pid, signal.SIGKILL)
        child.join(timeout=30)
        assert child.exitcode == -signal.SIGKILL
        acks = read_acks(read_end)
        os.close(read_end)
        acknowledged += acks

        assert integrity(db) == ["ok"]
        logged = {r["id"] for r in rows(db, "SELECT id FROM actions")}
        assert set(acknowledged) <= logged, "an acknowledged action is missing"
        assert_log_replays(db, initial)
        assert rows(db, "PRAGMA foreign_key_check") == []
    # The rounds did real work (the test is not vacuous), and the file still takes actions.
    assert len(acknowledged) >= KILL_ROUNDS
    with Workbench(db, "after") as wb:
        outcome = wb.toggle_tag(article, 1, "figure")
        assert outcome.action.id == max(logged) + 1
    assert_log_replays(db, initial)


# ----------------------------------------------------------------- imports
IMPORT_CHUNK = 40  # small chunks, so a modest article takes many transactions


@contextmanager
def _pausing_after(commits: int, paused: Any) -> Iterator[None]:
    """Stop (until killed) right after the store's `commits`-th transaction commits."""
    original = store_db.Store._immediate
    counter = itertools.count(1)

    @contextmanager
    def immediate(self: store_db.Store) -> Iterator[Any]:
        with original(self) as conn:
            yield conn
        if next(counter) == commits:
            paused.set()
            time.sleep(120)

    store_db.Store._immediate = immediate  # type: ignore[method-assign]
    try:
        yield
    finally:
        store_db.Store._immediate = original  # type: ignore[method-assign]


def _importer(db: Path, path: Path, paused: Any | None) -> None:
    store_db.IMPORT_CHUNK = IMPORT_CHUNK  # this child only
    with Workbench(db, "importer") as wb:
        wb.articles()  # opened before counting transactions
        if paused is None:
            wb.import_file(path)
            return
        with _pausing_after(3, paused):  # the article row, then two chunks of sentences
            wb.import_file(path)


def _expected_count(tmp_path: Path, path: Path) -> int:
    with Workbench(tmp_path / "reference.db", "reference") as wb:
        return wb.import_file(path).sentences


def test_sigkill_mid_import_hides_the_article_until_imported_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "import.db"
    path = write_article(tmp_path, "long.txt", paragraphs_text(40, 5, seed=12))
    expected = _expected_count(tmp_path, path)
    with Workbench(db, "setup") as wb:
        other = wb.import_file(write_article(tmp_path, "b.txt", paragraphs_text(2, 2))).article
    paused = FORK.Event()
    child = FORK.Process(target=_importer, args=(db, path, paused))
    child.start()
    assert paused.wait(timeout=60)
    os.kill(child.pid, signal.SIGKILL)
    child.join(timeout=30)

    assert integrity(db) == ["ok"]
    half = rows(db, "SELECT id, importing FROM articles WHERE id != ?", (other.id,))
    assert len(half) == 1 and half[0]["importing"]
    written = scalar(db, "SELECT count(*) FROM sentences WHERE article_id = ?", (half[0]["id"],))
    assert written == 2 * IMPORT_CHUNK  # killed between chunks, with two of them in
    with Workbench(db, "reader") as wb:
        assert [a.id for a in wb.articles()] == [other.id]
        try:
            wb.article(half[0]["id"])
            raise AssertionError("the half-imported article is visible")
        except NotFoundError:
            pass
        # Right after the kill the import still looks alive: a second import says so.
        with pytest.raises(StoreError, match="importing the same text right now"):
            wb.import_file(path)
        # Once it has been quiet longer than an import ever pauses, it is cleared.
        monkeypatch.setattr(store_db, "STALE_IMPORT_SECONDS", 0.0)
        again = wb.import_file(path)
        assert again.created and again.sentences == expected
        assert [(a.id, a.sentences) for a in wb.articles()] == [
            (other.id, other_count(db, other.id)),
            (again.article.id, expected),
        ]
        assert wb.sentence_count(again.article.id) == expected
    # Nothing of the interrupted import is left beside the new one.
    assert scalar(db, "SELECT count(*) FROM articles") == 2
    assert scalar(db, "SELECT count(*) FROM articles WHERE importing != 0") == 0
    assert integrity(db) == ["ok"]


def other_count(db: Path, article_id: int) -> int:
    return int(scalar(db, "SELECT count(*) FROM sentences WHERE article_id = ?", (article_id,)))


def test_sigkill_at_random_moments_of_an_import(tmp_path: Path) -> None:
    path = write_article(tmp_path, "long.txt", paragraphs_text(30, 5, seed=13))
    expected = _expected_count(tmp_path, path)
    timing = random.Random(7)
    for round_number in range(3):
        db = tmp_path / f"random-{round_number}.db"
        with Workbench(db, "setup") as wb:
            wb.articles()
        child = FORK.Process(target=_importer, args=(db, path, None))
        child.start()
        time.sleep(timing.uniform(0.0, 0.5))
        os.kill(child.pid, signal.SIGKILL)
        child.join(timeout=30)
        assert integrity(db) == ["ok"]
        with Workbench(db, "reader") as wb:
            listed = wb.articles()
            # Either the import finished (whole) or it is hidden (and imported again whole).
            assert [a.sentences for a in listed] in ([], [expected])
            result = wb.import_file(path)
            assert result.sentences == expected
            assert result.created == (listed == [])
            assert [a.sentences for a in wb.articles()] == [expected]

"""Four processes writing to one file at once: each waits its turn (the busy timeout), and
nothing any of them was told had committed is lost."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from workbench.core.errors import WorkbenchError
from workbench.core.models import NewSource
from workbench.core.service import Workbench

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

WRITERS = 4
PER_SENTENCE = 5  # each writer owns five sentences
STEPS = 25  # tag, rate, link, rate again, untag each of its sentences


def _writer(db: Path, article: int, index: int, barrier: Any, acks: int, out: Any) -> None:
    failures = []
    with Workbench(db, f"writer{index}") as wb:
        wb.articles()
        barrier.wait(timeout=60)
        for step in range(STEPS):
            number = index * PER_SENTENCE + step % PER_SENTENCE + 1
            phase = step // PER_SENTENCE
            try:
                if phase == 0:
                    outcome = wb.set_tag(article, number, "claim")
                elif phase in (1, 3):
                    outcome = wb.set_verdict(article, number, "True" if phase == 1 else "False")
                elif phase == 2:
                    source = NewSource(url=f"https://example.org/w{index}/{step}", title="S")
                    outcome = wb.link(article, number, new_source=source, stance="refutes")
                else:
                    outcome = wb.set_tag(article, number, "claim", on=False)
            except WorkbenchError as error:
                failures.append(f"{step}: {error}")
                continue
            os.write(acks, f"{outcome.action.id}\n".encode())
    out.put((index, failures))


def test_four_writers_lose_nothing(tmp_path: Path) -> None:
    db = tmp_path / "writers.db"
    text = paragraphs_text(WRITERS * PER_SENTENCE, 1, seed=41)
    with Workbench(db, "setup") as wb:
        article = wb.import_file(write_article(tmp_path, "w.txt", text)).article.id
    initial = tracked_state(db)
    barrier, out = FORK.Barrier(WRITERS), FORK.Queue()
    pipes = [os.pipe() for _ in range(WRITERS)]
    children = [
        FORK.Process(target=_writer, args=(db, article, i, barrier, pipes[i][1], out))
        for i in range(WRITERS)
    ]
    for child in children:
        child.start()
    for _, write_end in pipes:
        os.close(write_end)
    reports = dict(out.get(timeout=120) for _ in children)
    for child in children:
        child.join(timeout=60)
        assert child.exitcode == 0
    acks = {index: read_acks(read_end) for index, (read_end, _) in enumerate(pipes)}
    for read_end, _ in pipes:
        os.close(read_end)

    assert reports == {i: [] for i in range(WRITERS)}, "a writer was refused (busy?)"
    for index in range(WRITERS):
        logged = rows(
            db, "SELECT id FROM actions WHERE reviewer = ? ORDER BY id", (f"writer{index}",)
        )
        assert [r["id"] for r in logged] == acks[index]
        assert len(acks[index]) == STEPS
    assert scalar(db, "SELECT count(*) FROM actions") == 1 + WRITERS * STEPS
    # What the steps leave: no tags, two verdicts (the second False) and one evidence link
    # with its own source on every sentence.
    assert scalar(db, "SELECT count(*) FROM tags") == 0
    assert scalar(db, "SELECT count(*) FROM verdicts") == 2 * WRITERS * PER_SENTENCE
    latest = rows(
        db,
        "SELECT label FROM verdicts v WHERE id = (SELECT max(id) FROM verdicts"
        " WHERE sentence_id = v.sentence_id)",
    )
    assert [r["label"] for r in latest] == ["False"] * WRITERS * PER_SENTENCE
    assert scalar(db, "SELECT count(DISTINCT sentence_id) FROM evidence") == WRITERS * PER_SENTENCE
    assert scalar(db, "SELECT count(*) FROM sources") == WRITERS * PER_SENTENCE
    assert_log_replays(db, initial)
    assert integrity(db) == ["ok"]

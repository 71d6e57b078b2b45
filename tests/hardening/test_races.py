"""Two processes doing the same thing at the same moment. Every action reads what it decides
on under the write lock, so exactly one of them acts and the other is told why not, and the
action log holds exactly what happened.

The children are released together by a barrier each round, so they truly race: both have
read the article before either takes the lock. Before actions read under the lock, a merge
raced this way logged a phantom second merge (checked by running this file against the
commit before that change)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from workbench.core.errors import WorkbenchError
from workbench.core.service import Workbench

from .support import FORK, assert_log_replays, paragraphs_text, rows, scalar, tracked_state
from .support import write_article as _write

ROUNDS = 6
# Refusals that say the work is done already or no longer applies.
CLEAR_REFUSALS = {"NothingToDoError", "NotFoundError", "ValidationError", "ConflictError"}

Plan = Callable[[Workbench, int], Any]


def _child(db: Path, reviewer: str, plan: Plan, rounds: int, barrier: Any, out: Any) -> None:
    with Workbench(db, reviewer) as wb:
        wb.articles()  # opened and read before the race starts
        for number in range(1, rounds + 1):
            barrier.wait(timeout=60)
            try:
                outcome = plan(wb, number)
                out.put((number, reviewer, "ok", outcome.message))
            except WorkbenchError as error:
                out.put((number, reviewer, type(error).__name__, str(error)))
            barrier.wait(timeout=60)


def race(db: Path, plan: Plan, rounds: int = ROUNDS) -> dict[int, list[tuple[str, str, str]]]:
    """Run `plan(workbench, round)` in two processes at once, `rounds` times; the results by
    round, as (reviewer, "ok" or the error's class, message)."""
    barrier = FORK.Barrier(2)
    out = FORK.Queue()
    children = [
        FORK.Process(target=_child, args=(db, name, plan, rounds, barrier, out))
        for name in ("alice", "bob")
    ]
    for child in children:
        child.start()
    results: dict[int, list[tuple[str, str, str]]] = {}
    for _ in range(2 * rounds):
        number, reviewer, kind, message = out.get(timeout=120)
        results.setdefault(number, []).append((reviewer, kind, message))
    for child in children:
        child.join(timeout=60)
        assert child.exitcode == 0
    return results


def _setup(tmp_path: Path, paragraphs: int, per_paragraph: int) -> tuple[Path, int]:
    db = tmp_path / "race.db"
    text = paragraphs_text(paragraphs, per_paragraph, seed=3)
    with Workbench(db, "setup") as wb:
        article = wb.import_file(_write(tmp_path, "race.txt", text)).article.id
    return db, article


def test_two_processes_merging_the_same_pair_merge_once(tmp_path: Path) -> None:
    # Paragraphs of two sentences: once a pair is merged, merging "the same" sentence again
    # would reach into the next paragraph, which is refused.
    db, article = _setup(tmp_path, ROUNDS + 1, 2)
    before = scalar(db, "SELECT count(*) FROM sentences")
    # Round k merges sentence k: the k-1 paragraphs before it are one sentence each by then.
    results = race(db, lambda wb, k: wb.merge(article, k))
    for number, outcomes in results.items():
        kinds = sorted(kind for _, kind, _ in outcomes)
        assert kinds.count("ok") == 1, (number, outcomes)
        refusal = next(o for o in outcomes if o[1] != "ok")
        assert refusal[1] in CLEAR_REFUSALS, (number, outcomes)
    merges = rows(db, "SELECT summary FROM actions WHERE summary LIKE 'merged sentences%'")
    assert [m["summary"] for m in merges] == [
        f"merged sentences {k} and {k + 1}" for k in range(1, ROUNDS + 1)
    ]
    assert scalar(db, "SELECT count(*) FROM sentences") == before - ROUNDS
    # Each merged sentence is exactly its paragraph: nothing was merged twice or across.
    with Workbench(db, "check") as wb:
        texts = [s.text for s in wb.sentences(article)][:ROUNDS]
        full = wb.article(article).text
    assert texts == [p for p in full.split("\n\n")][:ROUNDS]


def test_two_processes_toggling_the_same_tag_add_then_remove(tmp_path: Path) -> None:
    db, article = _setup(tmp_path, ROUNDS, 1)
    results = race(db, lambda wb, k: wb.toggle_tag(article, k, "claim"))
    for number, outcomes in results.items():
        assert [kind for _, kind, _ in outcomes] == ["ok", "ok"], (number, outcomes)
        summaries = sorted(message for _, _, message in outcomes)
        assert summaries == [
            f"removed tag claim from sentence {number}",
            f"tagged sentence {number} as claim",
        ]
    assert scalar(db, "SELECT count(*) FROM tags") == 0
    # In the log, each sentence is tagged first and untagged second.
    log = rows(db, "SELECT verb, sentence_id FROM actions WHERE verb IN ('tag', 'untag')")
    by_sentence: dict[int, list[str]] = {}
    for entry in log:
        by_sentence.setdefault(entry["sentence_id"], []).append(entry["verb"])
    assert list(by_sentence.values()) == [["tag", "untag"]] * ROUNDS


def test_two_processes_setting_the_same_tag_set_it_once(tmp_path: Path) -> None:
    db, article = _setup(tmp_path, ROUNDS, 1)
    results = race(db, lambda wb, k: wb.set_tag(article, k, "claim"))
    for number, outcomes in results.items():
        kinds = sorted(kind for _, kind, _ in outcomes)
        assert kinds == ["NothingToDoError", "ok"], (number, outcomes)
    assert scalar(db, "SELECT count(*) FROM tags") == ROUNDS
    assert scalar(db, "SELECT count(*) FROM actions WHERE verb = 'tag'") == ROUNDS


def test_two_processes_setting_verdicts_are_both_recorded_in_order(tmp_path: Path) -> None:
    db, article = _setup(tmp_path, ROUNDS, 1)
    with Workbench(db, "setup") as wb:
        for number in range(1, ROUNDS + 1):
            wb.set_tag(article, number, "claim")
    ratings = {"alice": "True", "bob": "Mostly false"}
    results = race(db, lambda wb, k: wb.set_verdict(article, k, ratings[wb.reviewer]))
    for outcomes in results.values():
        assert [kind for _, kind, _ in outcomes] == ["ok", "ok"]
    for number in range(1, ROUNDS + 1):
        verdicts = rows(
            db,
            "SELECT v.label, v.reviewer FROM verdicts v JOIN sentences s ON s.id = v.sentence_id"
            " WHERE s.article_id = ? AND s.start = (SELECT start FROM sentences WHERE"
            " article_id = ? ORDER BY start LIMIT 1 OFFSET ?) ORDER BY v.id",
            (article, article, number - 1),
        )
        assert sorted(v["reviewer"] for v in verdicts) == ["alice", "bob"]
        first, second = verdicts
        logged = rows(
            db,
            "SELECT summary FROM actions WHERE verb = 'verdict' AND summary LIKE ? ORDER BY id",
            (f"rated sentence {number} %",),
        )
        assert [entry["summary"] for entry in logged] == [
            f"rated sentence {number} {first['label']}",
            f"rated sentence {number} {second['label']} (was {first['label']})",
        ]


def test_two_processes_adding_the_same_source_store_one(tmp_path: Path) -> None:
    db, _ = _setup(tmp_path, 1, 1)
    results = race(
        db,
        lambda wb, k: _added(wb, _url(k), f"Report {k} body text."),
    )
    for number, outcomes in results.items():
        assert sorted(kind for _, kind, _ in outcomes) == ["NothingToDoError", "ok"], outcomes
        assert scalar(db, "SELECT count(*) FROM sources WHERE url = ?", (_url(number),)) == 1
    assert scalar(db, "SELECT count(*) FROM sources") == ROUNDS
    assert scalar(db, "SELECT count(*) FROM actions WHERE verb = 'source'") == ROUNDS


def _url(number: int) -> str:
    return f"https://example.org/report-{number}"


class _Added:
    def __init__(self, message: str) -> None:
        self.message = message


def _added(wb: Workbench, url: str, snapshot: str) -> _Added:
    """add_source finds an existing source rather than refusing; the race turns finding it
    into a refusal, so both outcomes are counted the same way."""
    from workbench.core.errors import NothingToDoError

    source, created = wb.add_source(url=url, title="Report", snapshot=snapshot)
    if not created:
        raise NothingToDoError(f"source {source.id} exists")
    return _Added(f"added source {source.id}")


def test_the_log_agrees_with_the_tables_after_racing(tmp_path: Path) -> None:
    """Mixed races (tag, merge, verdict) on one article: replaying the log from the
    imported state gives the tables exactly."""
    db, article = _setup(tmp_path, ROUNDS + 1, 2)
    initial = tracked_state(db)

    def plan(wb: Workbench, k: int) -> Any:
        if wb.reviewer == "alice":
            return wb.toggle_tag(article, k, "claim")
        return wb.merge(article, k)

    race(db, plan)
    assert assert_log_replays(db, initial) > 0

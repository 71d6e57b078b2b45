"""Finishing and correcting a review: "nothing to check" marks, editing and removing
evidence, withdrawing verdicts, editing sources, removing articles, per-article undo, the
remembered place and what a split does with tags. Through the facade and the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import SEED
from workbench.core.coverage import percent_done
from workbench.core.errors import NotFoundError, NothingToDoError, ValidationError
from workbench.core.export import export
from workbench.core.models import NewSource, SourceChange
from workbench.core.service import Workbench

from ..hardening.support import dump


def state(db: Path) -> dict[str, object]:
    """Every row but the action log's (which only grows): what undo must restore."""
    # The full-text indexes' inner tables are left out (their content follows the rows), and
    # suggestions made again are compared without their row ids.
    rows = {k: v for k, v in dump(db).items() if k != "actions" and "_fts_" not in k}
    rows["suggestions"] = sorted(row[1:] for row in rows["suggestions"])
    return rows


# ------------------------------------------------------------ nothing to check
def test_done_marks_are_one_action_and_count_towards_progress(
    workbench: Workbench, seed: int
) -> None:
    total = workbench.sentence_count(seed)
    outcome = workbench.mark_done(seed, [1, 2, 3])
    assert outcome.message == "marked sentences 1, 2 and 3 reviewed, nothing to check"
    progress = workbench.progress(seed)
    assert progress["marked"] == 3 and progress["done"] == 3
    [summary] = workbench.articles()
    assert (summary.marked, summary.done) == (3, 3)
    rows = workbench.sentences(seed)
    assert [s.done for s in rows[:4]] == [True, True, True, False]
    assert workbench.sentence(seed, 2).mark is not None
    # One undo takes all three marks away.
    workbench.undo()
    assert workbench.progress(seed)["done"] == 0
    # Tagged and rated counts as done; every sentence done is 100%.
    workbench.set_tag(seed, 6, "claim")
    workbench.set_verdict(seed, 6, "True")
    workbench.mark_done(seed, [n for n in range(1, total + 1) if n != 6])
    progress = workbench.progress(seed)
    assert progress["done"] == total
    assert percent_done(progress["done"], progress["total"]) == 100


def test_a_tagged_sentence_is_refused_and_tagging_takes_the_mark_away(
    workbench: Workbench, seed: int
) -> None:
    workbench.set_tag(seed, 4, "claim")
    with pytest.raises(ValidationError, match="tagged claim"):
        workbench.mark_done(seed, [4])
    workbench.mark_done(seed, [5])
    outcome = workbench.set_tag(seed, 5, "figure")
    assert "no longer marked nothing to check" in outcome.message
    assert not workbench.sentence(seed, 5).sentence.marked
    workbench.undo()  # the tag goes and the mark comes back, exactly
    detail = workbench.sentence(seed, 5)
    assert detail.sentence.marked and detail.sentence.tags == ()


def test_toggle_done_and_reopen(workbench: Workbench, seed: int) -> None:
    assert "marked sentence 2" in workbench.toggle_done(seed, 2).message
    assert workbench.toggle_done(seed, 2).action.verb == "reopen"
    assert not workbench.sentence(seed, 2).sentence.marked
    with pytest.raises(NothingToDoError):
        workbench.mark_done(seed, [2], on=False)


def test_marks_follow_a_merge(workbench: Workbench, seed: int) -> None:
    workbench.mark_done(seed, [10])
    workbench.merge(seed, 10)  # 11 was not marked: the joined sentence is to do again
    assert not workbench.sentence(seed, 10).sentence.marked
    workbench.undo()
    assert workbench.sentence(seed, 10).sentence.marked
    workbench.mark_done(seed, [11])
    workbench.merge(seed, 10)  # both marked: so is the joined sentence
    assert workbench.sentence(seed, 10).sentence.marked


def test_exports_count_finished_sentences(workbench: Workbench, seed: int) -> None:
    workbench.mark_done(seed, [1, 2])
    data = json.loads(export(workbench.review(seed), "json").text)
    assert data["summary"]["nothing_to_check"] == 2 and data["summary"]["done"] == 2
    markdown = export(workbench.review(seed), "markdown").text
    assert "**Reviewed, nothing to check:** 2" in markdown


# --------------------------------------------------------------- evidence
def _linked(workbench: Workbench, seed: int) -> int:
    workbench.set_tag(seed, 13, "figure")
    outcome = workbench.link(
        seed,
        13,
        new_source=NewSource(title="Ministry", snapshot="43,600 killed and 103,000 injured."),
        stance="supports",
        excerpt="43,600 killed",
    )
    return int(outcome.message.rsplit("evidence ", 1)[1].rstrip(")"))


def test_edit_evidence_is_one_undoable_action(workbench: Workbench, seed: int, db_path) -> None:
    evidence_id = _linked(workbench, seed)
    before = state(db_path)
    outcome = workbench.edit_evidence(evidence_id, stance="refutes", note="older count")
    assert outcome.message == f"edited evidence {evidence_id} of sentence 13: stance, note"
    edited = workbench.evidence(evidence_id)
    assert (edited.stance, edited.note, edited.excerpt) == (
        "refutes",
        "older count",
        "43,600 killed",
    )
    workbench.edit_evidence(evidence_id, excerpt="")
    assert workbench.evidence(evidence_id).excerpt is None
    workbench.undo()
    workbench.undo()
    assert state(db_path) == before
    with pytest.raises(NothingToDoError):
        workbench.edit_evidence(evidence_id, stance="supports")
    with pytest.raises(ValidationError):
        workbench.edit_evidence(evidence_id, stance="maybe")
    with pytest.raises(NotFoundError):
        workbench.edit_evidence(999, note="x")


# --------------------------------------------------------------- verdicts
def test_withdraw_takes_every_rating_away_and_undo_brings_them_back(
    workbench: Workbench, seed: int, db_path
) -> None:
    workbench.set_tag(seed, 6, "quote")
    workbench.set_verdict(seed, 6, "Mostly true")
    rerated = workbench.set_verdict(seed, 6, "False")
    assert rerated.message == "rated sentence 6 False (was Mostly true)"
    before = state(db_path)
    outcome = workbench.withdraw_verdict(seed, 6)
    assert outcome.message == "withdrew the verdict False and 1 earlier rating from sentence 6"
    detail = workbench.sentence(seed, 6)
    assert detail.verdict is None and not detail.sentence.done
    assert workbench.progress(seed)["verdict"] == 0
    assert "Mostly true" in json.dumps(workbench.history(seed, 6)[-1].changes)
    workbench.undo()
    assert state(db_path) == before
    workbench.redo()
    with pytest.raises(NothingToDoError):
        workbench.withdraw_verdict(seed, 6)


# ---------------------------------------------------------------- sources
def test_edit_source_rechecks_the_evidence_citing_it(
    workbench: Workbench, seed: int, db_path
) -> None:
    evidence_id = _linked(workbench, seed)
    source_id = workbench.evidence(evidence_id).source.id
    before = state(db_path)
    change = SourceChange(
        title="Health ministry",
        accessed_at="2024-11-12",
        snapshot="The ministry counted 43,611 killed and 103,000 injured.",
    )
    outcome = workbench.edit_source(source_id, change)
    assert outcome.message == (f"edited source {source_id}: title, accessed date, snapshot")
    source = workbench.source(source_id)
    assert (source.title, source.accessed_at) == ("Health ministry", "2024-11-12")
    assert source.snapshot_hash is not None and "43,611" in (source.snapshot or "")
    assert workbench.citations(source_id) == 1
    found = workbench.find_evidence(seed, 13)
    assert any("43,611" in hit.text for hit in found)  # the search index follows
    workbench.undo()
    assert state(db_path) == before
    with pytest.raises(ValidationError):
        workbench.edit_source(source_id, SourceChange(accessed_at="yesterday"))
    with pytest.raises(ValidationError):
        workbench.edit_source(source_id, SourceChange(title="", url=""))
    with pytest.raises(NothingToDoError):
        workbench.edit_source(source_id, SourceChange(title="Ministry"))
    assert state(db_path) == before


# --------------------------------------------------------------- articles
def test_remove_article_is_undone_and_import_brings_it_back(
    workbench: Workbench, seed: int, db_path
) -> None:
    workbench.set_tag(seed, 2, "claim")
    outcome = workbench.remove_article(seed)
    assert outcome.message.startswith(f"removed article {seed} “Iraqi Resistance")
    assert workbench.articles() == []
    with pytest.raises(NotFoundError):
        workbench.sentences(seed)
    undone = workbench.undo()
    assert undone.message.startswith(f"undid: removed article {seed}")
    assert [a.id for a in workbench.articles()] == [seed]
    workbench.remove_article(seed)
    again = workbench.import_file(SEED)
    assert not again.created and again.article.id == seed
    assert "back, with its review" in again.warnings[0]
    assert workbench.sentence(seed, 2).sentence.tags == ("claim",)


# ----------------------------------------------------------- undo and place
def test_undo_in_an_article_undoes_that_articles_last_action_and_names_it(
    workbench: Workbench, seed: int, tmp_path: Path
) -> None:
    other_file = tmp_path / "other.txt"
    other_file.write_text("The Council met. It voted 7 to 2.", encoding="utf-8")
    other = workbench.import_file(other_file, title="Council vote").article.id
    workbench.set_tag(seed, 2, "claim")
    workbench.set_tag(other, 2, "figure")
    workbench.set_tag(seed, 6, "quote")
    workbench.set_verdict(seed, 6, "Mostly true")
    # In the seed article: its own last action, not the other article's.
    assert workbench.next_undo(other).summary == "tagged sentence 2 as figure"
    outcome = workbench.undo(other)
    assert outcome.message == (
        f"undid: tagged sentence 2 as figure — in article {other} “Council vote”"
    )
    # The CLI's undo without an article is the last of all, named with its case kept.
    assert workbench.undo().message.startswith(
        f"undid: rated sentence 6 Mostly true — in article {seed} “Iraqi"
    )
    with pytest.raises(NothingToDoError, match=f"in article {other}"):
        workbench.undo(other)


def test_the_place_is_remembered_per_reviewer_and_article(
    workbench: Workbench, seed: int, db_path
) -> None:
    assert workbench.place(seed) == (None, False)
    target = workbench.sentences(seed)[7].id
    assert workbench.remember_place(seed, target, True)
    assert workbench.place(seed) == (target, True)
    with Workbench(db_path, "bob") as bob:
        assert bob.place(seed) == (None, False)
    assert workbench.history(seed)[-1].verb == "import"  # not an action


# ------------------------------------------------------------------ split
def test_merge_then_split_at_the_same_point_is_exact_and_undoes_exactly(
    workbench: Workbench, seed: int, db_path
) -> None:
    workbench.set_tag(seed, 10, "claim")
    workbench.set_verdict(seed, 10, "True")
    eleventh = workbench.sentence(seed, 11).sentence
    before = state(db_path)
    workbench.merge(seed, 10)
    merged = workbench.sentence(seed, 10).sentence
    workbench.split(seed, 10, eleventh.start - merged.start)
    first, second = workbench.sentence(seed, 10), workbench.sentence(seed, 11)
    assert first.sentence.tags == ("claim",) and first.verdict is not None
    assert second.sentence.tags == () and second.verdict is None  # the tags stay put
    assert second.sentence.text == eleventh.text
    workbench.undo()
    workbench.undo()
    assert state(db_path) == before


# -------------------------------------------------------------------- CLI
def test_the_cli_finishes_and_corrects(run, tmp_path: Path) -> None:
    run("import", str(SEED))
    assert "marked sentences 1 and 2" in run("done", "1", "1", "2").stdout
    assert "✓" in run("sentences", "1").stdout.splitlines()[0]
    assert "2 nothing to check; 15% done" in run("articles").stdout
    assert "took the mark" in run("done", "1", "2", "--undo").stdout
    run("done", "1", "2", "--undo", code=1)
    run("tag", "1", "13", "figure")
    run("done", "1", "13", code=1)
    snapshot = tmp_path / "snap.txt"
    snapshot.write_text("The ministry said 43,600 people died.", encoding="utf-8")
    run("source", "add", "--title", "Ministry", "--snapshot", str(snapshot))
    run("link", "1", "13", "1", "--stance", "supports")
    assert "stance" in run("evidence", "edit", "1", "--stance", "refutes").stdout
    run("evidence", "edit", "1", code=1)
    run("verdict", "1", "13", "false")
    assert "withdrew the verdict False" in run("withdraw", "1", "13").stdout
    snapshot.write_text("The ministry said 43,601 people died.", encoding="utf-8")
    out = run(
        "source",
        "edit",
        "1",
        "--title",
        "Health ministry",
        "--snapshot",
        str(snapshot),
        "--accessed",
        "2024-11-12",
    ).stdout
    assert out.strip() == "edited source 1: title, accessed date, snapshot"
    run("source", "edit", "1", "--accessed", "soon", code=1)
    assert "needs confirmation" in run("article", "remove", "1", code=1).stderr
    assert "removed article 1" in run("article", "remove", "1", "--yes").stdout
    assert run("articles").stdout.startswith("no articles yet")
    undone = run("undo").stdout
    assert undone.startswith("undid: removed article 1 “Iraqi Resistance")
    # A source edit belongs to no article: undo in article 1 reaches it.
    assert run("undo", "--article", "1").stdout.startswith("undid: edited source 1")
    assert "in article 1" in run("undo", "--article", "1").stdout

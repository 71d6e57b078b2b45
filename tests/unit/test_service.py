"""The Workbench facade: import, the record, undo/redo, merge/split, concurrency."""

from __future__ import annotations

import hashlib
import multiprocessing
import sqlite3
from pathlib import Path

import pytest

from tests.conftest import SEED
from workbench.core.errors import (
    ConflictError,
    InputError,
    NotFoundError,
    NothingToDoError,
    StoreError,
    ValidationError,
)
from workbench.core.service import Workbench

SEED_BODY = [
    "The Islamic resistance in Iraq announced that it has carried out new operations, "
    "striking several “Israeli” targets deep inside the occupied territories.",
    "The umbrella group of Iraqi resistance factions said it conducted a qualitative operation "
    "with a squadron of offensive drones on Monday morning, targeting several vital targets "
    "inside the occupied territories.",
    "The Islamic resistance said its operations are in support of the Palestinian and "
    "Lebanese people.",
    "It stressed that the strikes are also in response to the massacres carried out by the "
    "“Israeli” entity against civilians, including women, children and the elderly across the "
    "occupied territories.",
    "“In continuation of our approach to resisting the occupation, and in support of our "
    "people in Palestine and Lebanon, and in response to the massacres committed by the "
    "usurping entity against civilians, including children, women and the elderly, the "
    "fighters of the Islamic Resistance in Iraq on Monday, 11-11-2024, attacked a vital target "
    "in the north of our occupied lands using drones,” the Islamic resistance statement said.",
    "The group’s drones also struck two other “Israeli” targets in southern occupied land.",
    "“The fighters of the Islamic Resistance in Iraq on Monday, 11-11-2024, attacked a vital "
    "target in the south of our occupied lands, for the second time, using drones,” the "
    "statement added.",
    "The Iraqi resistance has vowed to press ahead with its anti-“Israel” operations with "
    "increasing intensity.",
    "The Islamic Resistance in Iraq has been engaged in such operations since “Israel” began "
    "its military campaign in Gaza in early October 2023.",
    "The Iraqi resistance group has also targeted US military bases in Iraq and Syria, "
    "condemning Washington's support for Israel during its genocidal war.",
    'Since October last year, "Israel" has intensified its bombardment of Gaza, targeting '
    "civilian infrastructure such as hospitals, residential buildings, and places of worship.",
    "The ongoing “Israeli” war has resulted in the deaths of at least 43,600 Palestinians, the "
    "majority of whom are women and children, with another 103,000 people injured.",
]
HEADLINE = "Iraqi Resistance Launches New Drone Attacks against “Israel”"


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# ------------------------------------------------------------------ import
def test_seed_imports_headline_and_twelve_body_sentences(workbench: Workbench, seed: int) -> None:
    article = workbench.article(seed)
    assert article.title == HEADLINE
    assert article.date == "2024-11-11"
    assert article.byline == "By Staff, Agencies"
    sentences = workbench.sentences(seed)
    assert sentences[0].kind == "headline"
    assert sentences[0].text == HEADLINE
    assert [s.text for s in sentences[1:]] == SEED_BODY
    assert [s.number for s in sentences] == list(range(1, 14))
    for s in sentences:
        assert article.text[s.start : s.end] == s.text
    assert article.text == SEED.read_text(encoding="utf-8")


def test_reimport_is_a_no_op(workbench: Workbench, seed: int, db_path: Path) -> None:
    workbench.set_tags(seed, 2, ["claim"])
    before = workbench.store.all("SELECT count(*) AS n FROM actions")[0]["n"]
    again = workbench.import_file(SEED)
    assert not again.created and again.article.id == seed and again.sentences == 13
    assert workbench.store.all("SELECT count(*) AS n FROM actions")[0]["n"] == before
    assert len(workbench.articles()) == 1
    assert workbench.sentences(seed)[1].tags == ("claim",)


@pytest.mark.parametrize("content", [b"", b"   \n\t\n", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"])
def test_refused_input_leaves_database_byte_identical(
    workbench: Workbench, seed: int, db_path: Path, tmp_path: Path, content: bytes
) -> None:
    workbench.set_tags(seed, 2, ["claim"])
    workbench.close()
    before = digest(db_path)
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    with Workbench(db_path, "alice") as wb, pytest.raises(InputError):
        wb.import_file(bad)
    with Workbench(db_path, "alice") as wb, pytest.raises(InputError):
        wb.import_file(tmp_path / "missing.txt")
    assert digest(db_path) == before


def test_refused_input_does_not_create_a_database(tmp_path: Path) -> None:
    db = tmp_path / "new.db"
    with Workbench(db, "alice") as wb, pytest.raises(InputError):
        wb.import_file(tmp_path / "missing.txt")
    assert not db.exists()


def test_article_lookup_by_hash_prefix_and_unknown(workbench: Workbench, seed: int) -> None:
    article = workbench.article(seed)
    assert workbench.article(article.content_hash[:8]).id == seed
    with pytest.raises(NotFoundError):
        workbench.article(999)


# ------------------------------------------------------------------ record
def test_tags_are_attributed_and_toggle(workbench: Workbench, seed: int) -> None:
    workbench.set_tags(seed, 13, ["claim", "figure"])
    detail = workbench.sentence(seed, 13)
    assert detail.sentence.tags == ("claim", "figure")
    assert {(m.tag, m.set_by) for m in detail.tags} == {("claim", "alice"), ("figure", "alice")}
    with pytest.raises(NothingToDoError):
        workbench.set_tag(seed, 13, "claim")
    workbench.toggle_tag(seed, 13, "claim")
    assert workbench.sentence(seed, 13).sentence.tags == ("figure",)
    with pytest.raises(ValidationError):
        workbench.set_tag(seed, 13, "opinion")
    with pytest.raises(NotFoundError):
        workbench.set_tag(seed, 99, "claim")


def test_verdict_needs_a_tag_and_keeps_history(workbench: Workbench, seed: int) -> None:
    with pytest.raises(ValidationError, match="not tagged"):
        workbench.set_verdict(seed, 13, "False")
    workbench.set_tags(seed, 13, ["figure"])
    first = workbench.set_verdict(seed, 13, "half", rationale="Ministry says 43,603.")
    assert "Half true" in first.message
    long_claim = "x" * 80
    second = workbench.set_verdict(seed, 13, "True", claim=long_claim, claimant="The group")
    assert second.warnings and "80 characters" in second.warnings[0]
    detail = workbench.sentence(seed, 13)
    assert [v.label for v in detail.verdicts] == ["Half true", "True"]
    assert detail.verdict is not None and detail.verdict.claimant == "The group"
    assert workbench.sentences(seed)[12].verdict == "True"
    with pytest.raises(ValidationError, match="not on scale"):
        workbench.set_verdict(seed, 13, "Pants on fire")


def test_sources_are_shared_and_found(workbench: Workbench, seed: int) -> None:
    source, created = workbench.add_source(
        url="https://example.org/health-ministry",
        title="Gaza health ministry update",
        publisher="Ministry of Health",
        published="2024-11-10",
        snapshot="43,603 killed",
    )
    assert created and source.snapshot_hash == hashlib.sha256(b"43,603 killed").hexdigest()
    again, created_again = workbench.add_source(
        url="https://example.org/health-ministry", snapshot="43,603 killed"
    )
    assert not created_again and again.id == source.id
    workbench.set_tags(seed, 13, ["figure"])
    outcome = workbench.link(seed, 13, source.id, stance="supports", excerpt="43,603 killed")
    assert not outcome.warnings
    outcome = workbench.link(seed, 2, source.id, stance="context", excerpt="not in there")
    assert outcome.warnings
    assert workbench.sentence(seed, 13).evidence[0].source.title == "Gaza health ministry update"
    found = workbench.search_sources("health ministry gaza")
    assert found and found[0][0].id == source.id
    with pytest.raises(ValidationError):
        workbench.link(seed, 13, source.id, stance="agrees")
    with pytest.raises(ValidationError):
        workbench.add_source(url="javascript:alert(1)", title="x")
    with pytest.raises(ValidationError):
        workbench.add_source(title="t", published="11/10/2024")


def test_scales_presets_custom_and_switch(workbench: Workbench, seed: int) -> None:
    names = [s.name for s in workbench.scales()]
    assert {"newsroom", "six-step", "fever"} <= set(names)
    workbench.add_scale("house", ["Accurate=3", "Partly accurate=2", "Inaccurate=1"])
    workbench.use_scale("house")
    assert workbench.active_scale().name == "house"
    workbench.set_tags(seed, 2, ["claim"])
    workbench.set_verdict(seed, 2, "Inaccurate")
    verdict = workbench.sentence(seed, 2).verdict
    assert verdict is not None and (verdict.scale, verdict.value) == ("house", 1)
    with pytest.raises(ValidationError):
        workbench.add_scale("bad", ["Only=1"])


# ---------------------------------------------------------------- undo/redo
def test_undo_and_redo_survive_a_restart(db_path: Path, seed: int, workbench: Workbench) -> None:
    workbench.set_tags(seed, 13, ["figure"])
    workbench.set_verdict(seed, 13, "False", rationale="r")
    workbench.close()
    with Workbench(db_path, "alice") as wb:
        outcome = wb.undo()
        assert "rated sentence 13 False" in outcome.message
        assert wb.sentence(seed, 13).verdict is None
        assert wb.sentence(seed, 13).sentence.tags == ("figure",)
    with Workbench(db_path, "alice") as wb:
        wb.undo()
        assert wb.sentence(seed, 13).sentence.tags == ()
        with pytest.raises(NothingToDoError):
            wb.undo()
    with Workbench(db_path, "alice") as wb:
        wb.redo()
        wb.redo()
        detail = wb.sentence(seed, 13)
        assert detail.sentence.tags == ("figure",)
        assert detail.verdict is not None and detail.verdict.label == "False"
        with pytest.raises(NothingToDoError):
            wb.redo()
        log = wb.history(seed)
        assert [a.kind for a in log][-4:] == ["undo", "undo", "redo", "redo"]


def test_new_action_clears_redo(workbench: Workbench, seed: int) -> None:
    workbench.set_tags(seed, 2, ["claim"])
    workbench.undo()
    workbench.set_tags(seed, 3, ["claim"])
    with pytest.raises(NothingToDoError):
        workbench.redo()


def test_undo_is_per_reviewer_and_refuses_conflicts(
    db_path: Path, seed: int, workbench: Workbench
) -> None:
    workbench.set_tags(seed, 2, ["claim"])
    with Workbench(db_path, "bob") as bob:
        with pytest.raises(NothingToDoError):
            bob.undo()
        bob.set_tag(seed, 2, "claim", on=False)
    with pytest.raises(ConflictError):
        workbench.undo()
    assert workbench.sentence(seed, 2).sentence.tags == ()


def test_action_log_is_append_only(workbench: Workbench, seed: int) -> None:
    workbench.set_tags(seed, 2, ["claim"])
    with pytest.raises(StoreError, match="append-only"):
        workbench.store.conn.execute("DELETE FROM actions")
    with pytest.raises(StoreError, match="append-only"):
        workbench.store.conn.execute("UPDATE actions SET reviewer = 'mallory'")


# -------------------------------------------------------------- merge/split
def test_merge_keeps_tags_evidence_and_verdicts(workbench: Workbench, seed: int) -> None:
    source, _ = workbench.add_source(url="https://example.org/a", title="A")
    workbench.set_tags(seed, 10, ["claim"])
    workbench.set_tags(seed, 11, ["claim", "figure"])
    workbench.link(seed, 11, source.id, stance="context")
    workbench.set_verdict(seed, 11, "Mostly true")
    before = workbench.sentences(seed)
    workbench.merge(seed, 10)
    after = workbench.sentences(seed)
    assert len(after) == len(before) - 1
    merged = workbench.sentence(seed, 10)
    assert merged.sentence.text == SEED_BODY[8] + " " + SEED_BODY[9]
    assert merged.sentence.tags == ("claim", "figure")
    assert len(merged.evidence) == 1 and merged.verdict is not None
    workbench.undo()
    assert [(s.text, s.tags) for s in workbench.sentences(seed)] == [
        (s.text, s.tags) for s in before
    ]
    assert workbench.sentence(seed, 11).verdict is not None
    with pytest.raises(ValidationError, match="different paragraphs"):
        workbench.merge(seed, 2)
    with pytest.raises(NothingToDoError):
        workbench.merge(seed, 13)


def test_split_leaves_the_second_part_untagged(workbench: Workbench, seed: int) -> None:
    workbench.set_tags(seed, 13, ["claim", "figure"])
    workbench.set_verdict(seed, 13, "True")
    workbench.split(seed, 13, before="with another")
    first, second = workbench.sentence(seed, 13), workbench.sentence(seed, 14)
    assert first.sentence.text.endswith("children,")
    assert second.sentence.text == "with another 103,000 people injured."
    assert first.sentence.tags == ("claim", "figure") and second.sentence.tags == ()
    assert first.verdict is not None and second.verdict is None
    text = workbench.article(seed).text
    assert text[second.sentence.start : second.sentence.end] == second.sentence.text
    workbench.undo()
    assert workbench.sentence(seed, 13).sentence.text == SEED_BODY[11]
    with pytest.raises(ValidationError):
        workbench.split(seed, 13, 0)
    with pytest.raises(ValidationError):
        workbench.split(seed, 13, 10_000)


# ------------------------------------------------------------- concurrency
def _writer(db: str, reviewer: str, article: int, count: int) -> None:
    with Workbench(db, reviewer) as wb:
        for n in range(count):
            wb.add_source(url=f"https://example.org/{reviewer}/{n}", title=f"{reviewer} {n}")


def test_two_processes_writing_at_once_lose_nothing(
    db_path: Path, seed: int, workbench: Workbench
) -> None:
    workbench.close()
    context = multiprocessing.get_context("spawn")
    procs = [
        context.Process(target=_writer, args=(str(db_path), name, seed, 60))
        for name in ("alice", "bob")
    ]
    for proc in procs:
        proc.start()
    for proc in procs:
        proc.join(60)
        assert proc.exitcode == 0
    with Workbench(db_path, "carol") as wb:
        titles = {s.title for s in wb.sources()}
        assert len(titles) == 120
        assert len(wb.history(limit=1000)) == 121


def test_locked_database_is_a_clear_error(
    db_path: Path, seed: int, workbench: Workbench, monkeypatch: pytest.MonkeyPatch
) -> None:
    from workbench.core import store

    workbench.close()
    monkeypatch.setattr(store, "BUSY_TIMEOUT_MS", 100)
    blocker = sqlite3.connect(db_path, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")
    try:
        with Workbench(db_path, "alice") as wb:
            wb.store.conn.execute("PRAGMA busy_timeout = 100")
            with pytest.raises(StoreError, match="locked"):
                wb.set_tags(seed, 2, ["claim"])
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    with Workbench(db_path, "alice") as wb:
        assert wb.sentence(seed, 2).sentence.tags == ()


def test_not_a_database_is_a_clear_error(tmp_path: Path) -> None:
    bogus = tmp_path / "notes.db"
    bogus.write_text("these are my notes, not a database\n" * 50)
    with pytest.raises(StoreError, match="not a workbench database"):
        Workbench(bogus, "alice").store.open()


def test_reimport_says_which_overrides_were_not_applied(workbench, seed) -> None:
    from tests.conftest import SEED

    again = workbench.import_file(SEED, title="Another headline", date="2024-11-11")
    assert not again.created and again.article.id == seed
    assert again.warnings and "--title left as stored" in again.warnings[0]
    assert "--date" not in again.warnings[0]  # the same date as stored is no change
    assert workbench.article(seed).title != "Another headline"

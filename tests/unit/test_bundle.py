"""Review bundles: an article's whole review exchanged between two databases that share no
server, merged by content, attributed to its reviewers, undone as one action."""

from __future__ import annotations

import gzip
import hashlib
import itertools
import json
import os
import sqlite3
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from tests.conftest import SEED, Clock
from tests.unit.test_export import GOLDEN, UPDATE, reviewed
from workbench.core.errors import ConflictError, InputError, ValidationError
from workbench.core.exports import bundle as fmt
from workbench.core.service import Workbench

SCHEMA = json.loads(
    resources.files("workbench.core.exports").joinpath("bundle.schema.json").read_text()
)


class DayClock:
    """A clock of its own day, so two databases' records never share a time."""

    def __init__(self, day: int) -> None:
        self.day = day
        self._ticks = itertools.count()

    def __call__(self) -> str:
        n = next(self._ticks)
        return f"2024-11-{self.day:02d}T09:{n // 60 % 60:02d}:{n % 60:02d}Z"


def desk_a(path: Path) -> tuple[Workbench, int]:
    """Alice reviews the seed article; Carol, an editor, approves her verdict."""
    wb = Workbench(path, "alice", clock=DayClock(12))
    article = wb.import_file(SEED).article.id
    wb.add_reviewer("carol", "editor")
    wb.set_tags(article, 13, ["claim", "figure"])
    source, _ = wb.add_source(
        url="https://example.org/moh",
        title="Daily casualty report",
        publisher="Ministry of Health",
        snapshot="The death toll has risen to 43,603, with 102,929 injured.",
    )
    wb.link(article, 13, source.id, stance="supports", excerpt="risen to 43,603")
    wb.set_verdict(article, 13, "Mostly true", rationale="Matches the ministry's count.")
    wb.comment(article, 13, "ministry figures, not independently verified")
    wb.mark_done(article, [1])
    wb.close()
    with Workbench(path, "carol", clock=DayClock(13)) as editor:
        editor.approve(article, 13)
    return Workbench(path, "alice", clock=DayClock(14)), article


def desk_b(path: Path) -> tuple[Workbench, int]:
    """Bob reviews the same text on another machine and rates sentence 13 otherwise."""
    wb = Workbench(path, "bob", clock=DayClock(20))
    article = wb.import_file(SEED).article.id
    wb.set_tags(article, 13, ["claim"])
    wb.set_verdict(article, 13, "False", rationale="The UN counts fewer.")
    wb.set_tags(article, 6, ["quote"])
    source, _ = wb.add_source(
        url="https://example.org/moh",
        title="Daily casualty report",
        publisher="Ministry of Health",
        snapshot="The death toll has risen to 43,603, with 102,929 injured.",
    )
    wb.link(article, 6, source.id, stance="context")
    wb.comment(article, 6, "quote checked against the channel")
    return wb, article


def bundle_of(wb: Workbench, article: int, path: Path) -> Path:
    path.write_text(wb.export_bundle(article).text, encoding="utf-8")
    return path


def counts(db: Path) -> dict[str, int]:
    tables = (
        "articles",
        "sentences",
        "tags",
        "marks",
        "sources",
        "evidence",
        "verdicts",
        "approvals",
        "comments",
        "article_status",
        "bundles",
        "verdict_conflicts",
        "actions",
        "scales",
        "fetches",
        "sentence_status",
    )
    with sqlite3.connect(db) as conn:
        return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}


def rows(db: Path, sql: str) -> list[tuple[Any, ...]]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql).fetchall()


# ----------------------------------------------------------------- round trip
def test_two_desks_exchange_bundles_both_ways(tmp_path: Path) -> None:
    a, article_a = desk_a(tmp_path / "a.db")
    b, article_b = desk_b(tmp_path / "b.db")
    to_b = bundle_of(a, article_a, tmp_path / "alice.bundle.json")
    to_a = bundle_of(b, article_b, tmp_path / "bob.bundle.json")

    merged = b.import_bundle(to_b)
    assert merged.article_id == article_b and not merged.created
    assert merged.exported_by == "alice" and set(merged.reviewers) == {"alice", "carol"}
    assert merged.added["verdicts"] == 1 and merged.added["decisions"] == 1
    assert merged.added["comments"] == 1 and merged.added["marks"] == 1
    assert merged.added["tags"] == 1  # figure; claim was Bob's already
    assert merged.added["sources"] == 0  # the same URL and snapshot: one source
    assert [(c.number, c.here_label, c.imported_label) for c in merged.conflicts] == [
        (13, "False", "Mostly true")
    ]
    back = a.import_bundle(to_a)
    assert [(c.here_reviewer, c.imported_reviewer) for c in back.conflicts] == [("alice", "bob")]

    # Both verdicts are kept in both databases, each with the reviewer who gave it.
    kept = []
    for db in (tmp_path / "a.db", tmp_path / "b.db"):
        verdicts = sorted(rows(db, "SELECT label, reviewer, created_at FROM verdicts"))
        assert [v[:2] for v in verdicts] == [("False", "bob"), ("Mostly true", "alice")]
        kept.append(verdicts)
        assert rows(db, "SELECT reviewer, decision FROM approvals") == [("carol", "approved")]
        assert sorted(rows(db, "SELECT tag, set_by FROM tags")) == [
            ("claim", "alice" if db.name == "a.db" else "bob"),
            ("figure", "alice"),
            ("quote", "bob"),
        ]
        assert sorted(rows(db, "SELECT reviewer FROM comments")) == [("alice",), ("bob",)]
        assert rows(db, "SELECT count(*) FROM sources") == [(1,)]
    assert kept[0] == kept[1]  # with the times they were given
    # The merge is the importer's action; the rows it brought keep their authors.
    assert rows(
        tmp_path / "b.db", "SELECT reviewer, verb FROM actions ORDER BY id DESC LIMIT 1"
    ) == [("bob", "import bundle")]
    assert [c.describe() for c in a.conflicts(article_a)] == [
        "Mostly true by alice here, False by bob from bob's bundle"
    ]
    # Exchanging again brings nothing new either way.
    assert a.import_bundle(bundle_of(b, article_b, tmp_path / "again.json")).nothing_new
    # Rating the sentence again settles the conflict; --all still lists it.
    a.set_verdict(article_a, 13, "Half true", rationale="Both counts are plausible.")
    assert a.conflicts(article_a) == []
    assert [c.settled for c in a.conflicts(article_a, settled=True)] == [True]
    a.close()
    b.close()


def test_a_missing_article_is_made_with_the_same_sentences_and_review(tmp_path: Path) -> None:
    a, article = desk_a(tmp_path / "a.db")
    path = bundle_of(a, article, tmp_path / "r.bundle.json")
    with Workbench(tmp_path / "empty.db", "dora", clock=Clock()) as d:
        merged = d.import_bundle(path)
        assert merged.created
        made = d.article(merged.article_id)
        assert made.content_hash == a.article(article).content_hash
        assert made.imported_by == "alice"  # who brought the text in, not who merged
        theirs = [(s.start, s.end, s.paragraph, s.kind, s.text) for s in a.sentences(article)]
        ours = [(s.start, s.end, s.paragraph, s.kind, s.text) for s in d.sentences(made.id)]
        assert ours == theirs
        # The review reads the same in both databases, in every report.
        assert d.export(made.id, "json").text == a.export(article, "json").text
        assert d.export(made.id, "markdown").text == a.export(article, "markdown").text
        # The merged database's own bundle is the same bundle, but for who wrote it.
        again = json.loads(d.export_bundle(made.id).text)
        first = json.loads(path.read_text(encoding="utf-8"))
        for doc in (again, first):
            doc.pop("digest"), doc.pop("exported_by"), doc.pop("history")
        assert again == first
        # Suggestions were made for the new article in the same transaction.
        assert any(s.suggested for s in d.sentences(made.id))
    a.close()


def test_importing_a_bundle_twice_changes_nothing(tmp_path: Path, run) -> None:
    a, article = desk_a(tmp_path / "a.db")
    path = bundle_of(a, article, tmp_path / "r.bundle.json")
    a.close()
    db = str(tmp_path / "b.db")
    first = run("--db", db, "import", str(path)).stdout
    assert "(new article)" in first and "by alice, carol" in first
    before = counts(tmp_path / "b.db")
    out = run("--db", db, "import", str(path)).stdout
    assert out.startswith(f"nothing new in {path}: article 1")
    assert counts(tmp_path / "b.db") == before  # not even an action-log row


def test_gzip_bundles_are_read(tmp_path: Path) -> None:
    a, article = desk_a(tmp_path / "a.db")
    packed = tmp_path / "r.bundle.json.gz"
    packed.write_bytes(gzip.compress(a.export_bundle(article).text.encode("utf-8")))
    a.close()
    assert fmt.sniff(str(packed))
    with Workbench(tmp_path / "b.db", "bob", clock=Clock()) as b:
        assert b.import_bundle(packed).created


# ------------------------------------------------------------ sentence status
STAGE_ROWS = (
    "SELECT s.start, st.status, st.set_by, st.set_at, v.label, v.reviewer, v.created_at "
    "FROM sentence_status st JOIN sentences s ON s.id = st.sentence_id "
    "LEFT JOIN verdicts v ON v.id = st.verdict_id ORDER BY s.start"
)


def test_a_sentence_status_travels_both_ways(tmp_path: Path) -> None:
    a, article = desk_a(tmp_path / "a.db")  # carol's approval put sentence 13 at approved
    a.set_tags(article, 6, ["quote"])
    a.set_verdict(article, 6, "True", rationale="The channel posted it.")
    a.set_sentence_status(article, 6, "in review")
    to_d = bundle_of(a, article, tmp_path / "alice.bundle.json")
    doc = json.loads(to_d.read_text(encoding="utf-8"))
    assert doc["sentences"][12]["verdicts"][0]["status"] == {
        "stage": "approved",
        "set_by": "carol",
        "set_at": "2024-11-13T09:00:02Z",
    }
    assert doc["sentences"][5]["verdicts"][0]["status"]["set_by"] == "alice"
    with Workbench(tmp_path / "d.db", "dora", clock=DayClock(20)) as d:
        merged = d.import_bundle(to_d)
        assert merged.added["sentence_status"] == 2
        assert "2 sentence statuses" in merged.summary
        # The same rows, on the same ratings, attributed to whoever set them.
        assert rows(tmp_path / "d.db", STAGE_ROWS) == rows(tmp_path / "a.db", STAGE_ROWS)
        here = d.sentence_status(merged.article_id, 13)
        assert here is not None and (here.stage, here.set_by) == ("approved", "carol")
        # Dora moves sentence 6 on, later; her bundle brings it back to Alice.
        d.set_sentence_status(merged.article_id, 6, "to do")
        back = bundle_of(d, merged.article_id, tmp_path / "dora.bundle.json")
    returned = a.import_bundle(back)
    assert returned.added["sentence_status"] == 1 and returned.notes == ()
    assert "1 sentence status" in returned.summary
    now = a.sentence_status(article, 6)
    assert now is not None and (now.stage, now.set_by) == ("to do", "dora")
    assert rows(tmp_path / "a.db", STAGE_ROWS) == rows(tmp_path / "d.db", STAGE_ROWS)
    # Both ways again: nothing new, not even an action.
    before = counts(tmp_path / "a.db")
    assert a.import_bundle(back).nothing_new
    assert a.import_bundle(bundle_of(a, article, tmp_path / "self.json")).nothing_new
    assert counts(tmp_path / "a.db") == before
    a.close()


def test_a_status_that_may_not_win_stays_as_it_is_here_with_a_note(tmp_path: Path, run) -> None:
    a, article = desk_a(tmp_path / "a.db")  # approved by carol on day 13
    to_b = bundle_of(a, article, tmp_path / "alice.bundle.json")
    b, article_b = desk_b(tmp_path / "b.db")
    b.set_sentence_status(article_b, 13, "in review")  # day 20: newer than carol's
    b.close()
    db = tmp_path / "b.db"
    kept = rows(db, STAGE_ROWS)
    out = run("--db", str(db), "import", str(to_b))
    assert (
        "note: sentence 13's status stays in review here (the bundle says approved, set "
        "earlier)" in out.stderr
    )
    assert rows(db, STAGE_ROWS) == kept  # on Bob's rating, no longer the current one
    # A newer stage on a rating that is no longer the sentence's verdict stays out too.
    with Workbench(tmp_path / "e.db", "erin", clock=DayClock(5)) as e:
        e.import_file(SEED)
        e.set_tags(1, 13, ["claim"])
        e.set_verdict(1, 13, "False", rationale="The UN counts fewer.")
        e.set_sentence_status(1, 13, "in review")
    a.set_verdict(article, 13, "Half true", rationale="Both counts are plausible.")
    stale = bundle_of(a, article, tmp_path / "stale.bundle.json")
    a.close()
    kept = rows(tmp_path / "e.db", STAGE_ROWS)
    with Workbench(tmp_path / "e.db", "erin", clock=DayClock(6)) as e:
        merged = e.import_bundle(stale)
        assert merged.added["sentence_status"] == 0
        assert merged.notes == (
            "sentence 13's status stays in review here (the bundle says approved, set on a "
            "rating that is not its verdict now)",
        )
        assert rows(tmp_path / "e.db", STAGE_ROWS) == kept


def test_undo_of_a_merge_takes_its_sentence_statuses_back(tmp_path: Path) -> None:
    a, article_a = desk_a(tmp_path / "a.db")
    b, article_b = desk_b(tmp_path / "b.db")
    b.set_sentence_status(article_b, 13, "in review")  # newer than carol's, on Bob's rating
    path = bundle_of(b, article_b, tmp_path / "bob.bundle.json")
    b.close()
    before = rows(tmp_path / "a.db", STAGE_ROWS)
    merged = a.import_bundle(path)
    assert merged.added["sentence_status"] == 1  # Bob's replaces carol's: newer, current now
    after = rows(tmp_path / "a.db", STAGE_ROWS)
    assert [r[1:3] for r in after] == [("in review", "bob")]
    a.undo(article_a)
    assert rows(tmp_path / "a.db", STAGE_ROWS) == before
    found = a.sentence_status(article_a, 13)
    assert found is not None and (found.stage, found.set_by) == ("approved", "carol")
    a.redo(article_a)
    assert rows(tmp_path / "a.db", STAGE_ROWS) == after
    a.close()


def _without_statuses(text: str) -> bytes:
    """A bundle as written before verdicts carried the sentence's status."""
    doc = json.loads(text)
    for sentence in doc["sentences"]:
        for verdict in sentence["verdicts"]:
            del verdict["status"]
    return _redigest(doc).encode()


def test_an_older_bundle_without_statuses_still_imports(tmp_path: Path) -> None:
    a, article = desk_a(tmp_path / "a.db")
    old = tmp_path / "old.bundle.json"
    old.write_bytes(_without_statuses(a.export_bundle(article).text))
    a.close()
    doc = fmt.read(old.read_bytes(), "old.bundle.json")
    jsonschema.validate(doc, SCHEMA)
    assert "status" not in doc["sentences"][12]["verdicts"][0]
    with Workbench(tmp_path / "b.db", "bob", clock=Clock()) as b:
        merged = b.import_bundle(old)
        assert merged.created and merged.added["verdicts"] == 1
        assert merged.added["sentence_status"] == 0
        assert counts(tmp_path / "b.db")["sentence_status"] == 0
        # The stage reads from the decision the bundle carried, as before.
        found = b.sentence_status(merged.article_id, 13)
        assert found is not None and found.stage == "approved"


# ---------------------------------------------------------------- refusals
def _redigest(doc: dict[str, Any]) -> str:
    doc["digest"] = fmt.digest(doc)
    return json.dumps(doc)  # \u escapes: half a UTF-16 pair can be written


def _bad_bundles(text: str) -> dict[str, tuple[bytes, str]]:
    doc = json.loads(text)
    version = dict(doc, version=2)
    tampered = text.replace("Matches the ministry", "Contradicts the ministry")
    other_text = json.loads(text)
    other_text["article"]["text"] = other_text["article"]["text"].replace("drones", "rockets")
    shifted = json.loads(text)
    shifted["sentences"][3]["start"] += 1
    overlapping = json.loads(text)
    overlapping["sentences"][4]["start"] = overlapping["sentences"][3]["start"]
    bad_tag = json.loads(text)
    bad_tag["sentences"][12]["tags"][0]["tag"] = "opinion"
    snapshot = json.loads(text)
    snapshot["sources"][0]["snapshot"] += " (edited)"
    surrogate = json.loads(text)
    surrogate["sentences"][12]["comments"][0]["text"] = "half a pair \ud800"
    stage = json.loads(text)
    stage["sentences"][12]["verdicts"][0]["status"]["stage"] = "done"
    twice = json.loads(text)
    twice["sentences"][12]["verdicts"].append(
        dict(twice["sentences"][12]["verdicts"][0], label="False", created_at="2024-11-14")
    )
    nan = json.loads(text)
    nan["sentences"][12]["verdicts"][0]["value"] = float("nan")
    return {
        "surrogate": (_redigest(surrogate).encode(), "not Unicode (half of a UTF-16 pair)"),
        "nan": (_redigest(nan).encode(), "NaN is not a number JSON allows"),
        "truncated": (text[: len(text) // 2].encode(), "not a complete review bundle"),
        "gzip cut short": (gzip.compress(text.encode())[:400], "cut short"),
        "version": (_redigest(version).encode(), "version 2 bundle; this workbench reads 1"),
        "tampered": (tampered.encode(), "changed after it was exported"),
        "text": (_redigest(other_text).encode(), "does not match its content hash"),
        "positions": (_redigest(shifted).encode(), "sentence 4 (characters"),
        "overlap": (_redigest(overlapping).encode(), "sentence 5 (characters"),
        "tag": (_redigest(bad_tag).encode(), "'opinion', not one of claim, quote, figure"),
        "snapshot": (_redigest(snapshot).encode(), "snapshot does not match its hash"),
        "stage": (_redigest(stage).encode(), "status is 'done', not one of to do,"),
        "two stages": (_redigest(twice).encode(), "has a status on more than one verdict"),
        "not utf-8": (text.encode("utf-16"), "not a review bundle"),
    }


CASES = [
    "surrogate",
    "nan",
    "truncated",
    "gzip cut short",
    "version",
    "tampered",
    "text",
    "positions",
    "overlap",
    "tag",
    "snapshot",
    "stage",
    "two stages",
    "not utf-8",
]


@pytest.mark.parametrize("case", CASES)
def test_bad_bundles_are_refused_and_leave_the_database_as_it_was(
    tmp_path: Path, run, case: str
) -> None:
    a, article = desk_a(tmp_path / "a.db")
    text = a.export_bundle(article).text
    a.close()
    raw, said = _bad_bundles(text)[case]
    bad = tmp_path / "bad.bundle.json"
    bad.write_bytes(raw)
    db = tmp_path / "b.db"
    with Workbench(db, "bob", clock=Clock()) as b:
        b.import_file(SEED)
    before = db.read_bytes()
    result = run("--db", str(db), "import", str(bad), code=1)
    if case != "not utf-8":  # UTF-16 does not say it is a bundle: refused as an article
        assert said.replace("; this workbench reads 1", "") in result.stderr
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("error: ")
    assert db.read_bytes() == before


def test_version_and_text_refusals_say_what_is_wrong(tmp_path: Path) -> None:
    a, article = desk_a(tmp_path / "a.db")
    text = a.export_bundle(article).text
    a.close()
    bad = _bad_bundles(text)
    with pytest.raises(InputError, match="is a version 2 bundle; this workbench reads version 1"):
        fmt.read(bad["version"][0], "x.json")
    with pytest.raises(InputError, match="text does not match its content hash"):
        fmt.read(bad["text"][0], "x.json")


def test_boundaries_that_differ_here_are_refused(tmp_path: Path) -> None:
    a, article = desk_a(tmp_path / "a.db")
    path = bundle_of(a, article, tmp_path / "r.bundle.json")
    a.close()
    db = tmp_path / "b.db"
    with Workbench(db, "bob", clock=Clock()) as b:
        b.import_file(SEED)
        b.split(1, 13, before="with another")  # Alice reviewed sentence 13 whole
        before = counts(db)
        with pytest.raises(ValidationError, match="sentence 13 .* is not a sentence of article 1"):
            b.import_bundle(path)
    assert counts(db) == before


def test_other_exports_are_still_refused_as_articles(tmp_path: Path, run) -> None:
    a, article = desk_a(tmp_path / "a.db")
    report = tmp_path / "review.json"
    report.write_text(a.export(article, "json").text, encoding="utf-8")
    a.close()
    out = run("--db", str(tmp_path / "b.db"), "import", str(report), code=1)
    assert "is a JSON export of the workbench, not an article" in out.stderr
    assert not fmt.sniff(str(report))


# -------------------------------------------------------------------- undo
def test_undo_takes_a_merge_back_and_redo_brings_it_again(tmp_path: Path) -> None:
    a, article_a = desk_a(tmp_path / "a.db")
    b, article_b = desk_b(tmp_path / "b.db")
    path = bundle_of(b, article_b, tmp_path / "bob.bundle.json")
    b.close()
    before = counts(tmp_path / "a.db")
    merged = a.import_bundle(path)
    assert a.conflicts(article_a)
    undone = a.undo(article_a)
    assert undone.message.startswith("undid: merged bob's bundle into article 1")
    after = counts(tmp_path / "a.db")
    assert {k: v for k, v in after.items() if k != "actions"} == {
        k: v for k, v in before.items() if k != "actions"
    }
    assert a.conflicts(article_a) == []
    a.redo(article_a)
    assert len(a.conflicts(article_a)) == 1
    assert merged.action_id is not None
    a.close()


def test_undo_of_a_merge_that_made_the_article_takes_it_away(tmp_path: Path) -> None:
    a, article = desk_a(tmp_path / "a.db")
    path = bundle_of(a, article, tmp_path / "r.bundle.json")
    a.close()
    db = tmp_path / "b.db"
    with Workbench(db, "bob", clock=Clock()) as b:
        made = b.import_bundle(path)
        b.undo()
        assert b.articles() == []
        assert counts(db)["sentences"] == 0 and counts(db)["verdicts"] == 0
        # Made again, the article gets a number the log has never used for another.
        again = b.import_bundle(path)
        assert again.created and again.article_id != made.article_id
        assert b.sentence_count(again.article_id) == 13


def test_undo_of_a_merge_that_made_the_article_is_not_blocked_by_having_opened_it(
    tmp_path: Path,
) -> None:
    """Where a reviewer left the article (opening it remembers that) is a bookmark, not
    work resting on the article: the merge that made it is still undone, bookmarks too."""
    a, article = desk_a(tmp_path / "a.db")
    path = bundle_of(a, article, tmp_path / "r.bundle.json")
    a.close()
    db = tmp_path / "b.db"
    with Workbench(db, "bob", clock=Clock()) as b:
        made = b.import_bundle(path)
        b.remember_place(made.article_id, None, False)
        b.undo()
        assert b.articles() == []
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM places").fetchone() == (0,)


def test_undo_of_a_merge_is_refused_once_work_rests_on_it(tmp_path: Path) -> None:
    a, article = desk_a(tmp_path / "a.db")
    path = bundle_of(a, article, tmp_path / "r.bundle.json")
    a.close()
    with Workbench(tmp_path / "b.db", "bob", clock=Clock()) as b:
        made = b.import_bundle(path)
        with Workbench(tmp_path / "b.db", "erin", clock=Clock()) as erin:
            erin.link(made.article_id, 13, 1, stance="refutes")
        with pytest.raises(ConflictError):
            b.undo()


# ---------------------------------------------------------------- the file
def test_a_bundle_follows_its_schema_and_the_reader_agrees(tmp_path: Path) -> None:
    a, article = desk_a(tmp_path / "a.db")
    with Workbench(tmp_path / "a.db", "alice", clock=Clock()) as wb:
        wb.set_status(article, "in review")
    text = a.export_bundle(article).text
    a.close()
    doc = json.loads(text)
    jsonschema.validate(doc, SCHEMA)
    assert text.splitlines()[1] == f' "format": "{fmt.FORMAT}",'
    assert doc["article"]["status"]["status"] == "in review"
    assert doc["digest"] == fmt.digest(doc)
    assert [h["verb"] for h in doc["history"]][:3] == ["import", "tag", "link"]
    bad = dict(doc, sources=[dict(doc["sources"][0], stance="x")])
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, SCHEMA)
    with pytest.raises(InputError, match="unknown fields: stance"):
        fmt.read(_redigest(bad).encode(), "x.json")


def test_bundle_of_the_seed_review_matches_the_golden_file(tmp_path: Path) -> None:
    wb, article = reviewed(tmp_path / "a.db")
    with wb:
        output = wb.export_bundle(article).text
    golden = GOLDEN / "seed_review.bundle.json"
    if UPDATE:
        golden.write_bytes(output.encode("utf-8"))
    assert output.encode("utf-8") == golden.read_bytes()
    jsonschema.validate(json.loads(output), SCHEMA)
    # The golden file merges into an empty database.
    with Workbench(tmp_path / "b.db", "bob", clock=Clock()) as b:
        merged = b.import_bundle(golden)
        assert merged.created and merged.added["verdicts"] == 2 and merged.added["sources"] == 2


def test_export_command_writes_a_bundle(tmp_path: Path, run) -> None:
    a, article = desk_a(tmp_path / "a.db")
    a.close()
    db = str(tmp_path / "a.db")
    out = run("--db", db, "export", str(article), "--format", "bundle", "-o", str(tmp_path))
    written = tmp_path / "review-1-iraqi-resistance-launches-new-drone-attacks.bundle.json"
    assert f"wrote {written} (bundle," in out.stdout
    assert fmt.sniff(str(written))
    doc = json.loads(written.read_text(encoding="utf-8"))
    assert (
        hashlib.sha256(doc["article"]["text"].encode()).hexdigest()
        == (doc["article"]["content_hash"])
    )


# ------------------------------------------------------------ untrusted text
def test_names_and_text_in_a_bundle_stay_text_on_the_terminal(tmp_path: Path, run) -> None:
    hostile = "[bold red]mallory[/] \x1b[2J\x9b31m"
    wb = Workbench(tmp_path / "m.db", hostile, clock=DayClock(25))
    article = wb.import_file(SEED).article.id
    wb.set_tags(article, 13, ["claim"])
    wb.set_verdict(article, 13, "False", rationale="\x1b]0;pwned\x07 [link=x]y[/link]")
    path = bundle_of(wb, article, tmp_path / "m.bundle.json")
    wb.close()
    a, _ = desk_a(tmp_path / "a.db")
    a.close()
    out = run("--db", str(tmp_path / "a.db"), "import", str(path)).stdout
    listed = run("--db", str(tmp_path / "a.db"), "conflicts").stdout
    for text in (out, listed):
        assert "\x1b" not in text and "\x9b" not in text
        assert "[bold red]mallory[/]" in text  # shown as it is written, not as markup
    data = json.loads(run("--db", str(tmp_path / "a.db"), "conflicts", "--json").stdout)
    assert data[0]["imported"]["reviewer"] == hostile


def test_conflicts_command_lists_and_says_when_there_are_none(tmp_path: Path, run) -> None:
    a, article_a = desk_a(tmp_path / "a.db")
    a.close()
    db = str(tmp_path / "a.db")
    assert run("--db", db, "conflicts").stdout == "no verdict conflicts to settle\n"
    b, article_b = desk_b(tmp_path / "b.db")
    path = bundle_of(b, article_b, tmp_path / "bob.bundle.json")
    b.close()
    out = run("--db", db, "import", str(path)).stdout
    assert "conflict: article 1 sentence 13: Mostly true by alice here, False by bob" in out
    assert "rate each sentence again to settle it" in out
    listed = run("--db", db, "conflicts", "1").stdout.splitlines()
    assert listed[0].startswith("article 1 sentence 13: Mostly true by alice here")
    assert listed[0].endswith("(now False)")
    assert "43,600 Palestinians" in listed[1]
    assert os.path.exists(db)


def test_bundles_command_lists_merges_with_the_senders_history(tmp_path: Path, run) -> None:
    a, article_a = desk_a(tmp_path / "a.db")
    a.close()
    db = str(tmp_path / "a.db")
    assert run("--db", db, "bundles", "1").stdout == "no bundles merged into this article\n"
    b, article_b = desk_b(tmp_path / "b.db")
    path = bundle_of(b, article_b, tmp_path / "bob.bundle.json")
    b.close()
    run("--db", db, "--reviewer", "dora", "import", str(path))
    out = run("--db", db, "bundles", "1", "--history").stdout.splitlines()
    assert out[0].endswith(
        "bob's bundle, merged by dora: 1 tag, 1 piece of evidence, 1 verdict, 1 comment; "
        "work of bob"
    )
    assert [line.split("  ")[-1].strip() for line in out[1:]][:3] == [
        "imported Iraqi Resistance Launches New Drone Attacks against “Israel” (13 sentences)",
        "tagged sentence 13 as claim",
        "rated sentence 13 False",
    ]
    [listed] = json.loads(run("--db", db, "bundles", "1", "--json").stdout)
    assert listed["exported_by"] == "bob" and listed["imported_by"] == "dora"
    assert len(listed["history"]) == 6


def test_a_bundle_of_a_removed_article_brings_it_back(tmp_path: Path) -> None:
    a, article = desk_a(tmp_path / "a.db")
    path = bundle_of(a, article, tmp_path / "r.bundle.json")
    a.close()
    with Workbench(tmp_path / "b.db", "bob", clock=Clock()) as b:
        kept = b.import_file(SEED).article.id
        b.remove_article(kept)
        merged = b.import_bundle(path)
        assert merged.article_id == kept and not merged.created
        assert merged.notes[0] == f"article {kept} had been removed from the library; it is back"
        assert [s.id for s in b.articles()] == [kept]
        b.undo()
        assert b.articles() == []  # removed again, as it was before the merge


def test_a_bundle_of_an_older_revision_is_refused(tmp_path: Path) -> None:
    a, article = desk_a(tmp_path / "a.db")
    path = bundle_of(a, article, tmp_path / "r.bundle.json")
    a.close()
    changed = tmp_path / SEED.name
    changed.write_text(
        SEED.read_text(encoding="utf-8").replace("103,000 people", "104,000 people"),
        encoding="utf-8",
    )
    with Workbench(tmp_path / "b.db", "bob", clock=Clock()) as b:
        b.import_file(SEED)
        assert b.import_file(changed).revised  # the same file name: a new revision
        with pytest.raises(ValidationError, match="reviews revision 1 of article 1"):
            b.import_bundle(path)

"""Evidence search, "checked before", and opening a database made before migration m002."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlite_utils import Database

from tests.conftest import SEED, Clock
from workbench.core import store as store_module
from workbench.core.search import choose_terms, match_expression, passage_spans, terms
from workbench.core.service import Workbench
from workbench.core.store import schema

SNAPSHOT = (
    "Gaza health ministry daily update. The ministry said on Sunday that the death toll in "
    "Gaza had risen to 43,603 Palestinians since October 7, 2023. It said 102,929 people had "
    "been injured. Most of the dead are women and children, the ministry said.\n\n"
    "Hospitals in the north are running out of fuel. Aid deliveries fell in October.\n"
)


def test_passages_are_whole_sentences_of_bounded_size() -> None:
    spans = passage_spans(SNAPSHOT, words=20)
    assert len(spans) >= 3
    for start, end in spans:
        assert SNAPSHOT[start:end] == SNAPSHOT[start:end].strip()
        assert len(SNAPSHOT[start:end].split()) <= 25
    assert terms("the and of") == []
    assert terms("The ongoing war’s toll: 43,600 in Zürich") == [
        "ongoing",
        "war",
        "toll",
        "600",
        "zurich",
    ]
    frequencies = {"war": 900, "toll": 3, "zurich": 0, "ongoing": 40, "gaza": 70}
    assert choose_terms(frequencies, limit=2) == ["toll", "ongoing"]  # absent words skipped
    assert choose_terms({"war": 900}) == ["war"]
    assert match_expression([]) is None
    assert match_expression(["toll", "war"]) == '"toll" OR "war"'


def test_a_short_snapshot_is_split_into_its_statements() -> None:
    notes = (
        "Call with the port authority, 3 May:\n"
        "- Dredging of the channel is budgeted at £12 million\n"
        "  and is due to be complete in 2026.\n"
        "- The ferry terminal closes for repairs in November.\n\n"
        "Unemployment in the town fell last year.\f"
        "and this line is on the next page."
    )
    statements = [notes[a:b] for a, b in passage_spans(notes)]
    assert statements == [
        "Call with the port authority, 3 May:",
        # A wrapped line goes on in lower case: one statement with the line before it.
        "- Dredging of the channel is budgeted at £12 million\n"
        "  and is due to be complete in 2026.",
        "- The ferry terminal closes for repairs in November.",
        "Unemployment in the town fell last year.",
        "and this line is on the next page.",  # never across a page break
    ]
    # One line of prose stays one passage; a long text is still cut into passages of about
    # sixty words, each of whole sentences and across lines.
    line = "The council met on Monday. It approved the budget."
    assert passage_spans(line) == [(0, len(line))]
    long = "\n".join(f"Statement number {n} says something short here." for n in range(30))
    spans = passage_spans(long)
    assert 2 <= len(spans) < 30 and all("\n" in long[a:b] for a, b in spans[:-1])


def test_the_statement_that_matches_is_the_passage_shown(workbench: Workbench) -> None:
    """A word shared with another line of a short snapshot no longer adds to the match."""
    workbench.add_source(
        url="https://example.org/briefing",
        title="Council briefing",
        snapshot="Council press briefing, 14 May\n"
        "The bus route to the north estate will be restored in June.\n"
        "Councillors approved free school meals for 8,500 more children from September.\n"
        "Library opening hours stay the same.",
    )
    hits = workbench.finder.find_evidence(
        "The council will provide free school meals to 8,500 more children from September."
    )
    assert hits[0].text == (
        "Councillors approved free school meals for 8,500 more children from September."
    )
    assert hits[0].match.strength == "strong"
    assert all(h.match.strength != "strong" for h in hits[1:])
    bus = workbench.finder.find_evidence("The north estate bus route was cut in September.")
    assert bus[0].text.startswith("The bus route to the north estate")


def test_find_evidence_ranks_the_matching_passage_first(workbench: Workbench, seed: int) -> None:
    workbench.add_source(url="https://example.org/moh", title="Ministry update", snapshot=SNAPSHOT)
    workbench.add_source(
        url="https://example.org/weather",
        title="Weather",
        snapshot="Rain is expected over the weekend in the north. "
        "Temperatures will fall sharply by Tuesday.",
    )
    hits = workbench.find_evidence(seed, 13)
    assert hits, "the casualty sentence should find the ministry passage"
    assert hits[0].source.title == "Ministry update"
    assert "43,603" in hits[0].text
    assert SNAPSHOT[hits[0].start : hits[0].end] == hits[0].text
    assert all(0 < h.score <= 100 for h in hits)
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


def test_checked_before_finds_a_rated_sentence_of_another_article(
    workbench: Workbench, seed: int, tmp_path: Path
) -> None:
    workbench.set_tags(seed, 13, ["figure"])
    workbench.set_verdict(seed, 13, "Mostly true", rationale="Ministry says 43,603.")
    other = tmp_path / "follow-up.txt"
    other.write_text(
        "Gaza toll rises\n\nThe war has resulted in the deaths of at least 43,600 "
        "Palestinians, most of them women and children. Talks resume on Monday.\n",
        encoding="utf-8",
    )
    second = workbench.import_file(other).article.id
    found = workbench.checked_before(second, 2)
    assert len(found) == 1
    assert found[0].article_id == seed and found[0].number == 13
    assert found[0].verdict.label == "Mostly true"
    assert found[0].verdict.rationale == "Ministry says 43,603."
    assert workbench.checked_before(second, 3) == []  # nothing like "Talks resume"
    # Undo the verdict: the earlier check is no longer offered.
    workbench.undo()
    assert workbench.checked_before(second, 2) == []
    workbench.redo()
    assert len(workbench.checked_before(second, 2)) == 1


def test_database_from_before_m002_opens_and_keeps_its_data(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    db = Database(sqlite3.connect(path, isolation_level=None))
    schema.migrations.apply(db, stop_before="m002_search_and_suggestions")
    assert "checked_fts" not in db.table_names()
    db.conn.close()
    # Work done with the old schema: the Store would apply m002 on open, so write rows the way
    # the old version did, straight through its tables.
    old = sqlite3.connect(path)
    old.execute(
        "INSERT INTO articles (content_hash, title, format, encoding, imported_at,"
        " imported_by, text) VALUES ('abc123', 'Old article', 'txt', 'utf-8', "
        "'2024-01-01T00:00:00Z', 'alice', 'Unemployment fell to 3.5% in May.')"
    )
    old.execute(
        'INSERT INTO sentences (article_id, start, "end", paragraph, kind, text) '
        "VALUES (1, 0, 33, 0, 'body', 'Unemployment fell to 3.5% in May.')"
    )
    old.execute(
        "INSERT INTO tags (sentence_id, tag, set_by, set_at) VALUES "
        "(1, 'figure', 'alice', '2024-01-01T00:00:01Z')"
    )
    old.execute(
        "INSERT INTO verdicts (sentence_id, scale, label, value, reviewer, created_at) "
        "VALUES (1, 'newsroom', 'True', 5, 'alice', '2024-01-01T00:00:02Z')"
    )
    old.commit()
    old.close()
    with Workbench(path, "alice", clock=Clock()) as wb:
        assert [m.name for m in schema.migrations.applied(Database(wb.store.conn))][
            -1
        ] == store_module.KNOWN[-1]
        detail = wb.sentence(1, 1)
        assert detail.sentence.tags == ("figure",) and detail.verdict is not None
        # The old article gets its suggestions when first read.
        assert [s.tag for s in detail.suggestions] == ["claim", "figure"]
        assert "3.5% → 3.5%" not in detail.suggestions[1].reason
        assert detail.sentence.suggested == ("claim",)
        new = wb.import_file(SEED).article.id
        wb.set_tags(new, 2, ["claim"])
        assert wb.store.search_checked('"unemployment"', new, 5)[0]["id"] == 1


MINISTRY = (
    "The Ministry of Health in Gaza said on Monday that 43,600 Palestinians have been killed "
    "and 103,000 injured since October 2023. Most of the dead are women and children."
)
STATEMENT = (
    "The fighters of the Islamic Resistance in Iraq attacked a vital target in the south of "
    "our occupied lands on Monday using drones, the group said."
)
VOW = (
    "The Islamic Resistance in Iraq vowed in a statement to continue its operations against "
    "Israel with increasing intensity."
)


def test_scores_separate_the_relevant_passage_and_say_why(workbench: Workbench, seed: int) -> None:
    for title, text in (("Ministry", MINISTRY), ("Statement", STATEMENT), ("Vow", VOW)):
        workbench.add_source(url=f"https://example.org/{title}", title=title, snapshot=text)
    hits = workbench.find_evidence(seed, 13)  # the casualty sentence: 43,600 and 103,000
    assert hits[0].source.title == "Ministry"
    assert hits[0].match.strength == "strong"
    assert hits[0].match.describe().startswith("strong match: shares 43,600, 103,000")
    others = [h.score for h in hits[1:]]
    assert all(hits[0].score - score >= 25 for score in others), [h.match for h in hits]
    vow = workbench.find_evidence(seed, 9)  # "The Iraqi resistance has vowed to press ahead"
    assert vow[0].source.title == "Vow" and "vowed" in vow[0].match.shared
    assert len({h.score for h in vow}) == len(vow)  # no two passages with the same score
    assert all(h.match.strength != "strong" for h in vow[1:])


def test_source_search_ranks_a_title_above_a_word_in_the_snapshot(workbench: Workbench) -> None:
    ministry, _ = workbench.add_source(
        url="https://moh.example/update", title="Health ministry update", snapshot=MINISTRY
    )
    workbench.add_source(
        url="https://news.example/drones", title="Drone statement", snapshot=STATEMENT
    )
    workbench.add_source(
        url="https://news.example/budget",
        title="Budget talks",
        snapshot="The finance ministry said talks would resume.",
    )
    found = workbench.search_sources("ministry")
    assert [s.title for s, _ in found] == ["Health ministry update", "Budget talks"]
    (first, title_match), (_, snapshot_match) = found
    assert first.id == ministry.id and title_match.score > snapshot_match.score
    assert title_match.shared == ("title: ministry",)
    assert snapshot_match.shared == ("snapshot: ministry",)
    typed = workbench.search_sources("minis healht")  # a prefix and a typo still find it
    assert typed[0][0].id == ministry.id


def test_cli_shows_matches_in_words(run, db_path: Path, tmp_path: Path) -> None:
    base = ["--db", str(db_path)]
    run(*base, "import", str(SEED))
    snapshot = tmp_path / "moh.txt"
    snapshot.write_text(MINISTRY, encoding="utf-8")
    run(*base, "source", "add", "--url", "https://moh.example", "--title", "Ministry",
        "--snapshot", str(snapshot))  # fmt: skip
    out = run(*base, "find-evidence", "1", "13").stdout
    assert "strong match: shares 43,600, 103,000" in out and "85.5" not in out
    listed = run(*base, "source", "search", "ministry").stdout
    assert "(strong: title: ministry" in listed

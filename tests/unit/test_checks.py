"""The quote and figure checks never report something false: a diff covers only the quoted
words and the stretch of source they align with, a figure is compared with the passage the
sentence speaks of, an excerpt locates that passage, and stored results made by older checks
are made again."""

from __future__ import annotations

import json

from tests.conftest import SEED
from workbench.core.checks import evidence_text, quote_check, quoted_parts, run_checks
from workbench.core.service import Workbench
from workbench.core.store.db import Store

SEED_LINES = SEED.read_text(encoding="utf-8").splitlines()
FIRST = next(line for line in SEED_LINES if line.startswith("“In continuation"))
SECOND = next(line for line in SEED_LINES if line.startswith("“The fighters"))
QUOTED = FIRST[1 : FIRST.index("”")]


def test_words_before_the_quotation_are_not_reported_as_dropped() -> None:
    for prefix in (
        "Posted in Telegram channel of the group on Monday: ",
        "Posted on Monday: ",
        "The group wrote in its channel in the evening that ",
    ):
        result = quote_check(FIRST, f"{prefix}“{QUOTED}.” The post was shared widely.")
        assert result is not None and result.outcome == "exact", (prefix, result)
        assert result.detail["source"].startswith("In continuation")
        assert result.detail["source"].endswith("using drones")


def test_a_changed_word_inside_a_prefixed_quotation_is_the_only_difference() -> None:
    changed = QUOTED.replace("the elderly", "elderly people")
    result = quote_check(FIRST, f"Posted in Telegram channel of the group on Monday: “{changed}”")
    assert result is not None and result.outcome == "near"
    reported = json.dumps(
        [result.detail["differ"], result.detail["dropped"], result.detail["added"]]
    )
    assert "telegram" not in reported and "monday" not in reported.replace("on monday 11", "")
    assert result.detail["differ"] == [["the elderly", "elderly people"]]
    assert result.detail["dropped"] == [] and result.detail["added"] == []


def test_a_first_word_that_differs_is_paired_with_the_source_word_it_replaces() -> None:
    result = quote_check(
        "“We will rebuild every school in the district,” the mayor said.",
        "At the meeting, the mayor said: they will rebuild every school in the district.",
    )
    assert result is not None and result.outcome == "near"
    assert result.detail["differ"] == [["we", "they"]]
    # Across a boundary the prefix is not the source of the quotation: the word is added.
    beyond = quote_check(
        "“Indeed we will rebuild every school in the district,” the mayor said.",
        "The mayor, on Monday: “We will rebuild every school in the district.”",
    )
    assert beyond is not None and beyond.detail["added"] == ["indeed"]
    assert beyond.detail["differ"] == [] and beyond.detail["dropped"] == []


def test_a_quotation_split_by_its_attribution_is_checked_part_by_part() -> None:
    sentence = (
        "“The bridge will reopen in March,” the minister said, “and tolls will be "
        "removed for residents.”"
    )
    assert quoted_parts(sentence) == [
        "The bridge will reopen in March,",
        "and tolls will be removed for residents.",
    ]
    source = (
        "Speaking in parliament, the minister said the bridge will reopen in March and tolls "
        "will be removed for residents."
    )
    result = quote_check(sentence, source)
    assert result is not None and result.outcome == "exact"
    changed = quote_check(sentence, source.replace("will be removed", "will be cut"))
    assert changed is not None and changed.outcome == "near"
    assert changed.detail["differ"] == [["removed", "cut"]]
    assert changed.detail["dropped"] == [] and changed.detail["added"] == []
    # A last word that differs is paired with the source's words up to the full stop...
    ending = quote_check(sentence, source.replace("for residents", "for all drivers"))
    assert ending is not None and ending.detail["differ"] == [["residents", "all drivers"]]
    # ... but not with a long run of them: the quotation then adds the word.
    longer = source.replace("for residents", "for all drivers who cross it daily")
    added = quote_check(sentence, longer)
    assert added is not None and added.detail["added"] == ["residents"]
    assert added.detail["dropped"] == [] and added.detail["differ"] == []


def test_a_source_without_the_quotation_is_not_found_and_has_no_diff() -> None:
    result = quote_check(
        FIRST, "The ministry of health published its daily figures for the region on Monday."
    )
    assert result is not None and result.outcome == "not found"
    assert "differ" not in result.detail and "dropped" not in result.detail


def test_the_quotation_is_found_in_the_statement_it_comes_from() -> None:
    statement_1 = (
        "Statement 1, 11-11-2024: The fighters of the Islamic Resistance in Iraq on Monday "
        "attacked a vital target in the north of our occupied lands using drones."
    )
    statement_2 = (
        "Statement 2, 10-11-2024: The fighters of the Islamic Resistance in Iraq on Monday, "
        "10-11-2024, attacked a vital target in the south of our occupied lands, for the "
        "second time, using drones."
    )
    snapshot = f"{statement_1}\n\n{statement_2}"
    result = quote_check(SECOND, snapshot)
    assert result is not None and result.outcome == "near"
    assert result.detail["differ"] == [["11-11-2024", "10-11-2024"]]
    assert result.detail["start"] > len(statement_1)
    for excerpt in (None, statement_2[25:], "attacked a vital target in the south"):
        (figure,) = [r for r in run_checks(SECOND, {"figure"}, excerpt, snapshot)]
        assert figure.outcome == "differ", (excerpt, figure)
        assert figure.detail["pairs"][0]["evidence"] == "10-11-2024"


def test_a_date_in_the_heading_of_a_statement_is_read_with_it() -> None:
    snapshot = (
        "Statement 1\n11-11-2024\nThe fighters attacked a vital target in the north using "
        "drones.\n\nStatement 2\n10-11-2024\nThe fighters attacked a vital target in the south, "
        "for the second time, using drones."
    )
    sentence = "On 11-11-2024 the fighters attacked a target in the south for the second time."
    without = run_checks(sentence, {"figure"}, None, snapshot)
    excerpt = run_checks(sentence, {"figure"}, "a vital target in the south", snapshot)
    assert [r.outcome for r in without] == [r.outcome for r in excerpt] == ["differ"]
    assert "10-11-2024" in evidence_text(sentence, None, snapshot)
    assert "11-11-2024" not in evidence_text(sentence, None, snapshot)


def test_an_excerpt_not_in_the_snapshot_is_read_as_it_stands() -> None:
    snapshot = "The council met on Tuesday. It approved 12 new homes."
    excerpt = "The regional office reported 14 new homes on Friday."
    assert evidence_text("The council approved 12 new homes.", excerpt, snapshot) == excerpt


def test_results_of_older_checks_are_made_again_when_the_database_opens(
    workbench: Workbench, seed: int
) -> None:
    snapshot = f"Posted in Telegram channel of the group on Monday: “{QUOTED}”"
    source, _ = workbench.add_source(url="https://t.example/post", title="Post", snapshot=snapshot)
    workbench.set_tags(seed, 6, ["quote"])
    workbench.link(seed, 6, source.id, stance="supports")
    (check,) = workbench.sentence(seed, 6).evidence[0].checks
    assert check.outcome == "exact"
    path = workbench.db_path
    workbench.close()
    # A result stored by an older version of the check (its basis carries no version).
    store = Store(path)
    with store.transaction():
        store.conn.execute(
            "UPDATE evidence_checks SET outcome = 'near', basis = 'abcdef0123456789', "
            'detail = \'{"summary": "close to the source, but drops telegram"}\''
        )
    store.close()
    with Workbench(path, "alice") as reopened:
        (check,) = reopened.sentence(seed, 6).evidence[0].checks
        assert check.outcome == "exact" and "telegram" not in check.summary


def test_a_sentence_wrapped_over_lines_is_read_as_one_passage() -> None:
    # A PDF's or a hard-wrapped file's lines: the figures of one sentence stand on two lines,
    # and a table row below shares words with the article's sentence.
    snapshot = (
        "Water board\nAnnual report\nThis year the board supplied 412 million litres to homes\n"
        "and 96 million litres to farms across the valley.\n"
        "Valley farms 88 million litres\nValley homes 401 million litres\n"
    )
    sentence = "The board supplied 412 million litres to homes and 96 million litres to farms."
    text = evidence_text(sentence, None, snapshot)
    assert "412 million" in text and "96 million" in text
    assert "Valley farms" not in text
    assert [r.outcome for r in run_checks(sentence, {"figure"}, None, snapshot)] == ["agree"]


def test_headings_and_table_rows_are_not_joined_to_the_lines_around_them() -> None:
    snapshot = "Summary\nRoad repairs cost 6.4 million pounds.\nLibrary 3.1\nBridge 2.2\n"
    text = evidence_text("Road repairs cost 6.4 million pounds this year.", None, snapshot)
    assert text.strip() == "Summary\nRoad repairs cost 6.4 million pounds."

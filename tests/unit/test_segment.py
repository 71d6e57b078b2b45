"""Sentence segmentation: hard cases of news style, the seed article, and lossless spans."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import SEED
from tests.unit.test_service import HEADLINE, SEED_BODY
from workbench.core.segment import split_paragraphs, split_sentences

SEGMENT_DATA = Path(__file__).resolve().parents[1] / "data" / "segment"


def texts(text: str) -> list[str]:
    return [span.text for span in split_sentences(text)]


@pytest.mark.parametrize(
    "text,expected",
    [
        (
            "The U.S. Sen. A. Brown said so. He left.",
            ["The U.S. Sen. A. Brown said so.", "He left."],
        ),
        (
            "Gen. Sava spoke on Jan. 5 in Washington. Dr. Osei agreed.",
            ["Gen. Sava spoke on Jan. 5 in Washington.", "Dr. Osei agreed."],
        ),
        (
            "J. R. Smith won No. 10 seed status. It was close.",
            ["J. R. Smith won No. 10 seed status.", "It was close."],
        ),
        (
            "Deaths rose to 43,600. Injuries reached 103,000.",
            ["Deaths rose to 43,600.", "Injuries reached 103,000."],
        ),
        (
            "Inflation hit 3.5% in May. The bank raised rates to $1.2bn.",
            ["Inflation hit 3.5% in May.", "The bank raised rates to $1.2bn."],
        ),
        (
            "On 11-11-2024 and Nov. 11 the group struck. Nobody was hurt.",
            ["On 11-11-2024 and Nov. 11 the group struck.", "Nobody was hurt."],
        ),
        (
            "“We will stay,” she said. “We will fight.”",
            ["“We will stay,” she said.", "“We will fight.”"],
        ),
        (
            "“The fighters attacked a vital target using drones,” the statement added. "
            "Later, more.",
            [
                "“The fighters attacked a vital target using drones,” the statement added.",
                "Later, more.",
            ],
        ),
        (
            '"Is it over?" he asked. No one answered.',
            ['"Is it over?" he asked.', "No one answered."],
        ),
        (
            "They waited... Then the lights went out.",
            ["They waited...", "Then the lights went out."],
        ),
        (
            "See https://example.org/a.b/c.html. It has details.",
            ["See https://example.org/a.b/c.html.", "It has details."],
        ),
        ("Polls close at 8 p.m. Results follow.", ["Polls close at 8 p.m.", "Results follow."]),
        ("Polls close at 8 p.m. ET on Tuesday.", ["Polls close at 8 p.m. ET on Tuesday."]),
        (
            "Headline without a stop\nBy Staff, Agencies\nFirst sentence. Second one.",
            ["Headline without a stop", "By Staff, Agencies", "First sentence.", "Second one."],
        ),
        (
            "Key points:\n• Oct. 3 – nominations close\n• Nov. 14 – polling day",
            ["Key points:", "• Oct. 3 – nominations close", "• Nov. 14 – polling day"],
        ),
        (
            "Steps:\n1. Publish contracts.\n2. Ban donations.",
            ["Steps:", "1. Publish contracts.", "2. Ban donations."],
        ),
        (
            "HARBOR CITY, Calif. (Sportsline) — Smith won. Fans cheered.",
            ["HARBOR CITY, Calif. (Sportsline) — Smith won.", "Fans cheered."],
        ),
        (
            "Officials met.\r\nNo statement.\r\n\r\nA second meeting is planned.",
            ["Officials met.", "No statement.", "A second meeting is planned."],
        ),
    ],
)
def test_news_cases(text: str, expected: list[str]) -> None:
    assert texts(text) == expected


def test_seed_article_comes_out_exactly() -> None:
    text = SEED.read_text(encoding="utf-8")
    spans = split_sentences(text)
    assert spans[0].text == "date 2024-11-11 " + HEADLINE
    assert spans[1].text == "By Staff, Agencies"
    assert [s.text for s in spans[2:]] == SEED_BODY
    assert len(split_paragraphs(text)) == 13


def test_paragraphs_are_blank_line_blocks() -> None:
    text = "  One.\nTwo.\n\n \t\nThree.\n\n\n"
    assert [p.text for p in split_paragraphs(text)] == ["One.\nTwo.", "Three."]


def test_long_text_is_linear_and_exact() -> None:
    text = "\n\n".join([SEED.read_text(encoding="utf-8")] * 400)  # ~900 KB in one call
    spans = split_sentences(text)
    assert len(spans) == 14 * 400
    assert all(text[s.start : s.end] == s.text for s in spans[::97])


ALPHABET = st.sampled_from(
    list("ab A.!?…\"'“”‘’()[]-—,;:\n\r\t 0123456789$%@/•") + ["\x00", "é", "\u2028"]
)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=300) | st.text(max_size=200))
def test_spans_cover_the_text_losslessly(text: str) -> None:
    spans = split_sentences(text)
    position = 0
    for span in spans:
        assert span.text == text[span.start : span.end]
        assert span.text and span.text == span.text.strip()
        assert span.start >= position
        assert text[position : span.start].strip() == ""  # nothing but whitespace is skipped
        position = span.end
    assert text[position:].strip() == ""
    for paragraph in split_paragraphs(text):
        assert paragraph.text == text[paragraph.start : paragraph.end]


@pytest.mark.parametrize(
    "text,expected",
    [
        ("They chose Plan B. It worked.", ["They chose Plan B.", "It worked."]),
        ("He took vitamin D. Then he slept.", ["He took vitamin D.", "Then he slept."]),
        (
            "Rates rise in bands A to C. The new rates take effect on April 1.",
            ["Rates rise in bands A to C.", "The new rates take effect on April 1."],
        ),
        (
            "The winner was Team A. “We trained hard,” she said.",
            ["The winner was Team A.", "“We trained hard,” she said."],
        ),
        # Initials stay inside the name, even when the next letter is "A" or "I".
        ("J. R. Smith won.", ["J. R. Smith won."]),
        ("U.S. Sen. A. Brown presented it.", ["U.S. Sen. A. Brown presented it."]),
        (
            "The report by J. Smith and P. Kowalczyk was late.",
            ["The report by J. Smith and P. Kowalczyk was late."],
        ),
        (
            "It was signed by Mary J. A. Lee yesterday.",
            ["It was signed by Mary J. A. Lee yesterday."],
        ),
        ("The letter from John Q. Public arrived.", ["The letter from John Q. Public arrived."]),
        # Opening a line or sentence, the letter labels an item.
        ("A. The first option is cheap.", ["A. The first option is cheap."]),
        (
            "Options:\nA. The first option.\nB. Then the second.",
            ["Options:", "A. The first option.", "B. Then the second."],
        ),
    ],
)
def test_one_letter_before_a_full_stop(text: str, expected: list[str]) -> None:
    assert texts(text) == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        # Initialisms in capitals before a capitalised word go on with the name.
        (
            "U.S. Senator Ann Ray voted no. The bill failed.",
            ["U.S. Senator Ann Ray voted no.", "The bill failed."],
        ),
        (
            "The U.S. Fish and Wildlife Service listed the owl.",
            ["The U.S. Fish and Wildlife Service listed the owl."],
        ),
        ("The essay is by T.J. Okoro of Lagos.", ["The essay is by T.J. Okoro of Lagos."]),
        ("Her lawyer, R.K. Dunn, objected.", ["Her lawyer, R.K. Dunn, objected."]),
        # …and end the sentence before a starter, or before a lone word after "the U.S.".
        (
            "Most of the steel is made in the U.K. Imports fell last year.",
            ["Most of the steel is made in the U.K.", "Imports fell last year."],
        ),
        (
            "The rally was held in Washington, D.C. Hundreds came.",
            ["The rally was held in Washington, D.C.", "Hundreds came."],
        ),
    ],
)
def test_initialisms_before_a_capital(text: str, expected: list[str]) -> None:
    assert texts(text) == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        (
            "The composer (b. June 1931) lives in Riga.",
            ["The composer (b. June 1931) lives in Riga."],
        ),
        ("The font was carved c. AD 1100 in Kent.", ["The font was carved c. AD 1100 in Kent."]),
        ("Mlle. Girard sang the lead.", ["Mlle. Girard sang the lead."]),
        (
            "The fair runs Thur. Sept. 4 to Sun. Sept. 7 on the green.",
            ["The fair runs Thur. Sept. 4 to Sun. Sept. 7 on the green."],
        ),
        ("Doors open Wed. June 2.", ["Doors open Wed. June 2."]),
        (
            "Deliveries go to Bldg. Fourteen on the east side.",
            ["Deliveries go to Bldg. Fourteen on the east side."],
        ),
        (
            "Mix the flour, approx. two cups, with water.",
            ["Mix the flour, approx. two cups, with water."],
        ),
        ("Lay a 12 in. board flat.", ["Lay a 12 in. board flat."]),
    ],
)
def test_short_abbreviations_go_on(text: str, expected: list[str]) -> None:
    assert texts(text) == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        (
            "She called pottery a lost art. Collectors disagree.",
            ["She called pottery a lost art.", "Collectors disagree."],
        ),
        (
            "It is a match you will not want to miss. Kickoff is at noon.",
            ["It is a match you will not want to miss.", "Kickoff is at noon."],
        ),
        (
            "The council's answer was no. Residents appealed.",
            ["The council's answer was no.", "Residents appealed."],
        ),
        (
            "We packed tents, stoves, maps, etc. Rain came anyway.",
            ["We packed tents, stoves, maps, etc.", "Rain came anyway."],
        ),
        ("Set the oven to 200 C. Butter the dish.", ["Set the oven to 200 C.", "Butter the dish."]),
        # A unit after a number ends the sentence before a capital.
        ("The path climbs 300 m. Take water.", ["The path climbs 300 m.", "Take water."]),
        ("The lake is 12 km. Boats are banned.", ["The lake is 12 km.", "Boats are banned."]),
        # Before a number the same words abbreviate.
        ("See art. 12 of the treaty.", ["See art. 12 of the treaty."]),
        ("She was seeded No. 4 this year.", ["She was seeded No. 4 this year."]),
    ],
)
def test_ordinary_words_end_sentences(text: str, expected: list[str]) -> None:
    assert texts(text) == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        ("We searched online. eBay had two left.", ["We searched online.", "eBay had two left."]),
        (
            "That was the last track. thanks for coming.",
            ["That was the last track.", "thanks for coming."],
        ),
        ("best cafe in town!! will be back", ["best cafe in town!!", "will be back"]),
        ("Anyone been to Porto? we go in May.", ["Anyone been to Porto?", "we go in May."]),
        (
            "mail me at ann@example.org. i reply fast",
            ["mail me at ann@example.org.", "i reply fast"],
        ),
        ("The mill closed in 1990. $8m was lost.", ["The mill closed in 1990.", "$8m was lost."]),
        ("The pier was rebuilt. (photo: archive)", ["The pier was rebuilt.", "(photo: archive)"]),
        (
            "War is a failure of imagination. — Ruiz, in 1999",
            ["War is a failure of imagination.", "— Ruiz, in 1999"],
        ),
        # Not after an abbreviation, a quotation or a brand name with "!".
        ("It rose approx. ten per cent.", ["It rose approx. ten per cent."]),
        ('"Is it true?" she asked.', ['"Is it true?" she asked.']),
        ("He works at Yahoo! in sales.", ["He works at Yahoo! in sales."]),
        ("Polls open at 7 a.m. and close late.", ["Polls open at 7 a.m. and close late."]),
    ],
)
def test_sentences_that_open_without_a_capital(text: str, expected: list[str]) -> None:
    assert texts(text) == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        (
            "“We waited... Nobody came,” he said. It rained.",
            ["“We waited... Nobody came,” he said.", "It rained."],
        ),
        ('"Well… Perhaps," she said.', ['"Well… Perhaps," she said.']),
        ("We waited… Nobody came.", ["We waited…", "Nobody came."]),
    ],
)
def test_an_ellipsis_inside_a_quotation(text: str, expected: list[str]) -> None:
    assert texts(text) == expected


def _case_file(path: Path) -> list[dict[str, object]]:
    return json.loads(path.read_text(encoding="utf-8"))


def test_development_cases_all_pass() -> None:
    cases = _case_file(SEGMENT_DATA / "dev_cases.json")
    failed = [c["id"] for c in cases if texts(str(c["text"])) != c["expected"]]
    assert failed == []


@pytest.mark.parametrize(
    "text,expected",
    [
        # A dash after "?" or an ellipsis is an interruption, not a new sentence.
        ("We waited for — how long? — two hours.", ["We waited for — how long? — two hours."]),
        (
            "She was about to say… — and then stopped.",
            ["She was about to say… — and then stopped."],
        ),
        # Punctuation that opens a line does not end a sentence.
        ("... And then the lights went out.", ["... And then the lights went out."]),
        # A contraction is read by the word before its apostrophe.
        (
            "He spent years in Washington, D.C. I’ve never been.",
            ["He spent years in Washington, D.C.", "I’ve never been."],
        ),
    ],
)
def test_transcript_punctuation(text: str, expected: list[str]) -> None:
    assert texts(text) == expected

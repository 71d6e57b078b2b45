"""Import at scale: the names an article uses are looked up by stem, and long unbroken text
(a base64 blob, a long address, a run of initials) is segmented and read like any other.
The benchmark `benchmarks/bench_import.py` carries the timing; these tests pin the output."""

from __future__ import annotations

import base64
import random

import pytest

from workbench.core.figures import find_figures
from workbench.core.ingest import parse_document
from workbench.core.layout import segment_document
from workbench.core.suggest import suggest

# One article: the names it uses mid-sentence are Velmora, Oslofjord, Brunsvik and Velm.
ARTICLE = [
    ("The ferry from Velmora was cancelled on Tuesday.", 0),
    ("The envoy met Oslofjord pilots in the harbour.", 0),
    ("The ferry reached Brunsvik and Velm before dawn.", 0),
]


def _names(reason: str) -> list[str]:
    """The names a claim's reason gives (`names A, B; reports …`)."""
    for part in reason.split("; "):
        if part.startswith("names "):
            return part.removeprefix("names ").split(", ")
    return []


@pytest.mark.parametrize(
    ("sentence", "names"),
    [
        ("Velmoran officials confirmed the closure.", ["Velmoran"]),  # stem Velmo: Velmora
        ("Velmo officials confirmed the closure.", ["Velmo"]),  # the whole word is the stem
        ("Oslo officials confirmed the closure.", ["Oslo"]),  # four letters: Oslofjord
        ("Brun officials confirmed the closure.", ["Brun"]),  # Brunsvik
        ("Brunsvik officials confirmed the closure.", ["Brunsvik"]),
        ("Velmira officials confirmed the closure.", []),  # Velmi: neither Velmora nor Velm
        ("Residents confirmed the closure of the bridge.", []),
        ("Monday brought the closure of the Velmora bridge.", ["Velmora"]),  # never a name
        ("Velmoran Officials Confirmed The Closure Today", []),  # a headline's capitals
    ],
)
def test_a_first_word_is_a_name_when_it_starts_like_one_the_article_uses(
    sentence: str, names: list[str]
) -> None:
    hints = suggest([*ARTICLE, (sentence, 1)])[-1]
    reasons = [h.reason for h in hints.hints if h.tag == "claim"]
    assert reasons
    assert _names(reasons[0]) == names


def test_names_are_found_alike_among_thousands() -> None:
    # Every surname is new; opening a sentence it is a name because the article uses it
    # mid-sentence too, but not in capitals, which no name of the article starts with.
    surnames = [
        f"Ka{chr(97 + i % 26)}{chr(97 + i // 26 % 26)}{chr(97 + i // 676)}lo" for i in range(3000)
    ]
    sentences, expected = [], []
    for index, surname in enumerate(surnames):
        sentences += [
            (f"Councillor {surname} opened the bridge in 2019.", index),
            (f"{surname} opened the new bridge in 2020.", index),
            (f"{surname.upper()} opened the new bridge in 2021.", index),
        ]
        expected += [[surname], [surname], []]
    hints = suggest(sentences)
    claims = [next(h.reason for h in hint.hints if h.tag == "claim") for hint in hints]
    assert [_names(claim) for claim in claims] == expected


# --------------------------------------------------------- long unbroken text
LENGTH = 200_000
BLOB = base64.b64encode(random.Random(7).randbytes(LENGTH * 3 // 4)).decode()


def _article(token: str) -> str:
    return f"Title\n\nThe file {token} was sent to 45 people on 3 May 2024. Then 12 men left."


@pytest.mark.parametrize(
    "token",
    [
        pytest.param("x" * LENGTH, id="letters"),
        pytest.param(BLOB, id="base64"),
        pytest.param("a@" * (LENGTH // 2) + "b.c", id="e-mail-like"),
        pytest.param("x" * LENGTH + "@example.org", id="long-e-mail"),
        pytest.param("https://example.org/" + "7/" * (LENGTH // 2), id="address"),
        pytest.param("A. " * (LENGTH // 3), id="initials"),
    ],
)
def test_a_long_token_is_segmented_and_read(token: str) -> None:
    text = _article(token)
    rows = segment_document(parse_document(text.encode(), "txt"))
    assert [(kind, sentence) for _, _, _, kind, sentence in rows] == [
        ("headline", "Title"),
        ("body", f"The file {token} was sent to 45 people on 3 May 2024."),
        ("body", "Then 12 men left."),
    ]
    hints = suggest([(sentence, paragraph) for _, _, paragraph, _, sentence in rows])
    assert hints[2].tags == ("claim", "figure")
    assert [h.reason for h in hints[2].hints] == ["states 12; reports “left”", "contains 12"]
    assert "claim" in hints[1].tags and "figure" in hints[1].tags
    # The figures after the token are read; anything read inside it points into it.
    figures = find_figures(rows[1][4])
    after = len("The file ") + len(token)
    assert [f.text for f in figures if f.start >= after] == ["45", "3 May 2024"]
    assert all(rows[1][4][f.start : f.end] == f.text for f in figures)


@pytest.mark.parametrize(
    "token",
    [
        pytest.param("a@" * (LENGTH // 2) + "b.c", id="e-mail-like"),
        pytest.param("x" * LENGTH + "@example.org", id="long-e-mail"),
        pytest.param("https://example.org/" + "7/" * (LENGTH // 2), id="address"),
    ],
)
def test_no_figure_is_read_inside_a_long_address(token: str) -> None:
    assert [f.text for f in find_figures(f"Write to {token} by 3 May 2024.")] == ["3 May 2024"]


def test_a_base64_line_of_its_own_is_one_sentence() -> None:
    text = f"Title\n\nThe attachment follows.\n{BLOB}\nIt was sent on 3 May 2024."
    rows = segment_document(parse_document(text.encode(), "txt"))
    assert [sentence for *_, sentence in rows] == [
        "Title",
        "The attachment follows.",
        BLOB,
        "It was sent on 3 May 2024.",
    ]
    hints = suggest([(sentence, paragraph) for _, _, paragraph, _, sentence in rows])
    assert [h.reason for h in hints[3].hints if h.tag == "figure"] == [
        "contains 3 May 2024 → 2024-05-03"
    ]

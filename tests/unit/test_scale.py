"""Import at scale: the names an article uses are looked up by stem. The benchmark
`benchmarks/bench_import.py` carries the timing; these tests pin the output."""

from __future__ import annotations

import pytest

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

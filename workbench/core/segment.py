"""Paragraphs and sentences of English news text, as character spans of the original.

One pass over each line: candidate boundaries (a run of . ! ? or an ellipsis, closing quotes,
then a space) are kept or dropped by rules on the word before and the word after, so the cost is
linear in the text. Every line break is a boundary: headlines, bylines, datelines and list items
are lines of their own in news copy. `text[span.start:span.end] == span.text` always.
"""

from __future__ import annotations

import re
from typing import NamedTuple


class Span(NamedTuple):
    start: int
    end: int
    text: str

    def __str__(self) -> str:
        return self.text


_LINE = re.compile(r"[^\r\n]+")
_PARAGRAPH_BREAK = re.compile(r"(?:\r\n|\r|\n)[ \t\f\v]*(?:\r\n|\r|\n)\s*")
_CANDIDATE = re.compile(r"(?P<punct>\.(?:[ ]?\.){2,}|…+|[.!?]+)(?P<close>[\"'”’»)\]]*)(?=\s)")
_NEXT = re.compile(r"\s+(?P<open>[\"'“‘«(\[]*)(?P<word>\S*)")
_PREV = re.compile(r"(?:^|\s)[\"'“‘«(\[]*(?P<word>\S*)$")

# Titles come before a name: never the end of a sentence.
TITLES = frozenset(
    """mr mrs ms messrs dr prof gen col lt sgt capt maj cmdr adm cpl pte brig
    sen rep gov pres rev fr mt hon supt insp det amb atty cllr""".split()
)
# Abbreviations that can end a sentence; after one, a new sentence needs a clear starter word.
ENDINGS = frozenset(
    """inc corp co ltd llc plc bros jr sr etc al esq ave blvd rd ct sq st
    dept univ assn intl govt""".split()
)
# After U.S., U.K., E.U. or U.N., these words continue the name ("the U.S. Senate").
INSTITUTIONS = frozenset(
    """government senate congress army navy air marine marines military
    forces department embassy president secretary treasury court supreme house ambassador
    attorney federal state open census bureau coast guard central command dollar dollars
    administration officials envoy mission forest customs postal special national""".split()
)
MONTHS = frozenset("jan feb mar apr jun jul aug sep sept oct nov dec".split())
STATES = frozenset(
    """ala ariz ark calif colo conn del fla ga ill ind kan kans ky la md mass
    mich minn miss mo mont neb nev okla ore pa penn tenn tex va vt wash wis wisc wyo""".split()
)
# Abbreviations usually followed by a number or a lower-case word.
OTHERS = frozenset(
    """no nos vs v p pp vol vols ch sec fig figs approx est ca cf op cit ed eds
    min max mins hrs hr oz lb lbs ft sq km mi yr yrs div art para tel ext n°""".split()
)
ABBREVIATIONS = TITLES | ENDINGS | MONTHS | STATES | OTHERS

STARTERS = frozenset(
    """the a an he she it they we i you this that these those there here his
    her its their our my your in on at but and so yet if when while after before as for how
    what why who where which then now meanwhile however also some many most all no one two
    three four five six seven eight nine ten both each every officials police authorities
    according during since until although though despite because instead still later earlier
    today yesterday tomorrow last next such not only even more other another""".split()
)
TIMEZONES = frozenset(
    """et est edt ct cst cdt mt mst mdt pt pst pdt gmt bst utc cet cest eet
    eest ist jst aest aedt local""".split()
)
_AMPM = frozenset(("a.m", "p.m", "am", "pm"))
_INITIALISM = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]?")
_LIST_MARKER = re.compile(
    r"(?:[•⁃◦▪‣·*-]\s*)?(?:(?P<num>\d{1,3})(?:\.\)|\)|\.)|(?P<letter>[a-z])[.)])?\s"
)


def split_paragraphs(text: str) -> list[Span]:
    """Blocks of text separated by blank lines, without their surrounding whitespace."""
    spans: list[Span] = []
    position = 0
    for match in _PARAGRAPH_BREAK.finditer(text):
        _add_stripped(spans, text, position, match.start())
        position = match.end()
    _add_stripped(spans, text, position, len(text))
    return spans


def _add_stripped(spans: list[Span], text: str, start: int, end: int) -> None:
    chunk = text[start:end]
    stripped = chunk.strip()
    if stripped:
        first = start + (len(chunk) - len(chunk.lstrip()))
        spans.append(Span(first, first + len(stripped), stripped))


def split_sentences(text: str) -> list[Span]:
    """Every sentence, headline, byline and list item of the text, in order."""
    spans: list[Span] = []
    for line in _LINE.finditer(text):
        raw = line.group()
        stripped = raw.strip()
        if not stripped:
            continue
        offset = line.start() + (len(raw) - len(raw.lstrip()))
        for start, end in _list_items(stripped):
            _sentences(stripped, start, end, offset, spans)
    return spans


def _list_items(line: str) -> list[tuple[int, int]]:
    """A line that starts with a list marker and holds several items is split before each
    following marker of the same sequence ("1. … 2. …", "a. … b. …", "• … • …")."""
    first = _LIST_MARKER.match(line)
    if (
        first is None
        or first.end() == 0
        or not (first.group("num") or first.group("letter") or line[0] in "•⁃◦▪‣")
    ):
        return [(0, len(line))]
    bullet = line[0] if line[0] in "•⁃◦▪‣*-" else ""
    number = int(first.group("num")) if first.group("num") else None
    letter = first.group("letter")
    items, start, search_from = [], 0, first.end()
    while True:
        if bullet:
            nxt = line.find(" " + bullet, search_from)
            marker_at = nxt + 1 if nxt >= 0 else -1
        elif number is not None:
            found = re.compile(rf"\s({number + 1}(?:\.\)|\)|\.)\s)").search(line, search_from)
            marker_at = found.start(1) if found else -1
        else:
            assert letter is not None
            found = re.compile(rf"\s({chr(ord(letter) + 1)}[.)]\s)").search(line, search_from)
            marker_at = found.start(1) if found else -1
        if marker_at < 0:
            break
        items.append((start, len(line[:marker_at].rstrip())))
        start = marker_at
        search_from = marker_at + 1
        if number is not None:
            number += 1
        elif letter is not None:
            letter = chr(ord(letter) + 1)
    items.append((start, len(line)))
    return items


def _sentences(line: str, start: int, end: int, offset: int, spans: list[Span]) -> None:
    segment_start = start
    marker = _LIST_MARKER.match(line, start)
    skip_until = marker.end() if marker and marker.end() > start else start
    for match in _CANDIDATE.finditer(line, start, end):
        if match.start() < skip_until:
            continue  # the "1." or "a)" of a list item is not the end of a sentence
        cut = _boundary(line, match, segment_start, end)
        if cut is not None:
            _emit(line, segment_start, cut, offset, spans)
            segment_start = cut
    _emit(line, segment_start, end, offset, spans)


def _emit(line: str, start: int, end: int, offset: int, spans: list[Span]) -> None:
    chunk = line[start:end]
    stripped = chunk.strip()
    if stripped:
        first = start + (len(chunk) - len(chunk.lstrip()))
        spans.append(Span(offset + first, offset + first + len(stripped), stripped))


def _boundary(line: str, match: re.Match[str], segment_start: int, end: int) -> int | None:
    """Where the sentence ends if this candidate is a boundary, else None."""
    nxt = _NEXT.match(line, match.end(), end)
    if nxt is None or not nxt.group("word") and not nxt.group("open"):
        return None  # end of the line: the line's end closes the sentence anyway
    word = nxt.group("word")
    opener = nxt.group("open")
    head = word[:1]
    if not head:
        return None
    punct = match.group("punct")
    if head.islower():
        return None
    starts_upper = head.isupper()
    if "[" in opener or match.group("close").startswith("]"):
        return None  # "[...]" marks an omission inside a quotation
    if punct[0] in "!?":
        return match.end() if starts_upper or head.isdigit() or opener else None
    if "…" in punct or punct.count(".") >= 3:
        return _after_ellipsis(line, match, starts_upper)
    if len(punct) > 1:  # "?!", "!!" handled above; ".." is a typo for "."
        return match.end() if starts_upper else None
    if not (starts_upper or head.isdigit() or opener):
        return None
    window = line[max(segment_start, match.start() - 200) : match.start()]
    prev_match = _PREV.search(window)
    prev = prev_match.group("word") if prev_match else ""
    if match.group("close") and not prev.endswith("."):
        return match.end()  # ." or .” then a capital: the quotation ends the sentence
    return match.end() if _word_ends_sentence(prev, word, line, match, segment_start) else None


def _after_ellipsis(line: str, match: re.Match[str], starts_upper: bool) -> int | None:
    punct = match.group("punct")
    if not starts_upper:
        return None
    if " " not in punct:
        return match.end()  # "hours... Then", "that.... She"
    if punct.count(".") < 4:
        return None  # ". . ." marks an omission mid-sentence; ". . . ." ends one
    attached = match.start() > 0 and not line[match.start() - 1].isspace()
    if attached and punct[1:2] == " ":
        # "compounds. . . . The": the word's own period ends the sentence; the spaced
        # ellipsis opens the next one.
        return match.start() + 1
    return match.end()


def _word_ends_sentence(
    prev: str, word: str, line: str, match: re.Match[str], segment_start: int
) -> bool:
    bare = prev.rstrip(".").lower()
    nxt = word.strip("\"'“‘«(").rstrip(".,;:!?”’\"')")
    digit_next = nxt[:1].isdigit()
    if "@" in prev or "://" in prev or prev.lower().startswith("www."):
        return True
    if bare in _AMPM:
        if digit_next or nxt.lower() in TIMEZONES:
            return False
        return len(line[segment_start : match.start()].split()) > 3
    if _INITIALISM.fullmatch(prev):  # U.S., E.U., i.e.
        if digit_next:
            return False
        if prev[:1].islower():
            return nxt.lower() in STARTERS
        return nxt.lower() not in INSTITUTIONS and nxt.lower().rstrip(".") not in TITLES
    if digit_next:
        # "No. 10", "p. 55", "Nov. 11" continue; "the race. 493 did not finish" does not.
        return bare not in ABBREVIATIONS and not (len(bare) == 1 and bare.isalpha())
    if len(bare) == 1 and bare.isalpha():
        if prev[:1].isupper():
            # An initial ("Jonas E. Smith") unless it ends a phrase ("Plan B. It worked": a
            # clear starter follows that is not itself an initial, as in "J. A. Smith") or is
            # the pronoun I ending a clause. Opening a sentence, it labels an item ("A. The
            # first option"), like "a." or "1.".
            before = _last_word(line, segment_start, match.start() - len(prev))
            if before is None:
                return False
            if nxt.lower() in STARTERS and not (len(nxt) == 1 and word.endswith(".")):
                return True
            return prev[:1] == "I" and line[before].islower()
        return bare not in OTHERS or nxt.lower() in STARTERS
    if bare in TITLES:
        return False
    if bare in ABBREVIATIONS:
        return nxt.lower() in STARTERS
    return True


def _last_word(line: str, start: int, end: int) -> int | None:
    """Where the last word of `line[start:end]` begins (None if it has none), read from the
    end: a long run of initials is not split into words again at each one."""
    while end > start and line[end - 1].isspace():
        end -= 1
    if end == start:
        return None
    while end > start and not line[end - 1].isspace():
        end -= 1
    return end

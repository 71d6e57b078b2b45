"""Paragraphs and sentences of English news text, as character spans of the original.

One pass over the text finds candidate boundaries (a run of . ! ? or an ellipsis, closing
quotes, then a space); each is kept or dropped by rules on the word before and the shape of the
word after, looking back and ahead a bounded distance, so the cost is linear in the text. Every
line break is a boundary: headlines, bylines, datelines and list items are lines of their own in
news copy. `text[span.start:span.end] == span.text` always.

The rules read shapes, not long lists: whether the next word is a capital, a number, lower case,
a dash or a bracket; whether it is a closed-class sentence starter; whether the word before is an
ordinary word, a known abbreviation, an initialism, a single letter, a unit after a number, or a
capitalised token without vowels. The word lists hold closed classes (titles, months, weekdays,
states, units, starters) and the few abbreviations that are also words.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple


class Span(NamedTuple):
    start: int
    end: int
    text: str

    def __str__(self) -> str:
        return self.text


_PARAGRAPH_BREAK = re.compile(r"(?:\r\n|\r|\n)[ \t\f\v]*(?:\r\n|\r|\n)\s*")
# A candidate boundary: a run of . ! ? or an ellipsis (also spaced, ". . ."), closing quotes,
# then (looked ahead, on the same line) the opening quotes and the word after. The pattern
# opens with a character class, which the regular expression engine searches for quickly.
_CANDIDATE = re.compile(
    r"(?P<punct>[.!?…](?:(?:[ ]?\.){2,}|[.!?…]*))(?P<close>[\"'”’»)\]]*)"
    r"(?=[^\S\r\n]+(?P<open>[\"'“‘«(\[]*)(?P<word>\S*))"
)
_PREV = re.compile(r"(?:^|\s)[\"'“‘«(\[]*(\S*)$")
_SPACE = re.compile(r"[^\S\r\n]*")
_VOWEL = re.compile(r"[aeiouy]")
# Lines that can open with a list marker.
_MARKER_HEADS = frozenset("•⁃◦▪‣·*-0123456789abcdefghijklmnopqrstuvwxyz")

# Titles come before a name: never the end of a sentence.
TITLES = frozenset(
    """mr mrs ms mx messrs mme mmes mlle mlles dr prof gen col lt sgt capt maj cmdr adm cpl pte
    pvt brig sen rep gov pres rev fr mt hon supt insp det amb atty cllr""".split()
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
    administration officials envoy mission forest customs postal special national commission
    council parliament agency bank committee office ministry consulate constitution
    capitol mint border""".split()
)
MONTHS = frozenset("jan feb mar apr jun jul aug sep sept oct nov dec".split())
MONTH_NAMES = MONTHS | frozenset(
    "january february march april may june july august september october november december".split()
)
# Weekdays, as in "Wed. March 5"; "Sat", "Sun" and "Wed" are also words.
DAYS = frozenset("mon tue tues wed thu thur thurs fri sat sun".split())
STATES = frozenset(
    """ala ariz ark calif colo conn del fla ga ill ind kan kans ky la md mass
    mich minn miss mo mont neb nev okla ore pa penn tenn tex va vt wash wis wisc wyo""".split()
)
# Abbreviations usually followed by a number or a lower-case word.
OTHERS = frozenset(
    """no nos vs v p pp vol vols ch sec fig figs approx est ca cf op cit ed eds
    min max mins hrs hr oz lb lbs ft sq km mi yr yrs div art para tel ext n° kg mg cm mm yd yds
    mph kph""".split()
)
# Lower-case abbreviations of reference and academic prose, never the end of a sentence before
# a lower-case word ("approx. five minutes", "incl. tax").
LOWER = frozenset(
    """approx incl excl esp viz resp misc abbr orig transl trans lit ref refs vs cf al ibid
    fl ca var sp spp ff eg ie""".split()
)
ABBREVIATIONS = TITLES | ENDINGS | MONTHS | STATES | OTHERS | DAYS | LOWER
# Abbreviations that are also ordinary words: written in lower case ("a defining art.", "you
# should not miss.", "the answer was no.") they end a sentence before a capital; before a
# number they abbreviate ("art. 5", "No. 10").
WORDS = frozenset("no art miss mass ill wash ore ind del fig min max sec est mo".split())

# Words that open sentences and rarely continue a name: pronouns, determiners, conjunctions,
# prepositions, sentence adverbs, auxiliaries and number words. After an abbreviation that
# usually continues the sentence, one of these shows that a new sentence has begun.
STARTERS = frozenset(
    """the a an he she it they we i you me him us them this that these those there here his her
    its their our my your mine yours some any many much most more few several all both each every
    either neither no none nobody nothing nowhere everyone everybody everything someone somebody
    something anyone anything other others another such what which whose whatever whichever who
    whom why how where when whenever wherever and but or nor so yet for if while whereas
    although though because since unless until after before as once whether in on at by with
    without within from into onto over under about above below across against along among
    around behind beside besides between beyond despite during except inside near of off outside
    past per through throughout toward towards upon via like unlike instead then now also however
    meanwhile still later earlier today yesterday tomorrow tonight last next soon finally
    eventually indeed moreover furthermore nevertheless nonetheless otherwise thus therefore
    hence perhaps maybe yes not only even just already again always never often sometimes usually
    recently currently first second third similarly likewise overall anyway oh well ok okay
    thanks please is are was were do does did can could will would should may might must have
    has had be let one two three four five six seven eight nine ten twenty thirty forty fifty
    hundred hundreds thousand thousands dozens millions billions officials police authorities
    according wow hey ah yeah don didn doesn isn wasn aren weren won wouldn couldn shouldn
    haven hasn""".split()
)
TIMEZONES = frozenset(
    """et est edt ct cst cdt mt mst mdt pt pst pdt gmt bst utc cet cest eet
    eest ist jst aest aedt local""".split()
)
_AMPM = frozenset(("a.m", "p.m", "am", "pm"))
# Lower-case words that a full stop and a capital do not simply end.
_NOT_PLAIN = ABBREVIATIONS | _AMPM
_INITIALISM = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]?")
_NUMBER = re.compile(r"[$£€¥]?\d[\d,.]*(?:%|[a-z]{1,3})?")
_WORD = re.compile(r"[A-Za-z]+(?:['’-][A-Za-z]+)*")
_FOLLOWING = re.compile(r"[,;:]?[^\S\r\n]+(?:(?:of|and|for|on|&)[^\S\r\n]+)?[\"'“‘(]*(\S+)")
_CURRENCY = "$£€¥"
_LIST_MARKER = re.compile(
    r"(?:[•⁃◦▪‣·*-]\s*)?(?:(?P<num>\d{1,3})(?:\.\)|\)|\.)|(?P<letter>[a-z])[.)])?\s"
)


def split_paragraphs(text: str) -> list[Span]:
    """Blocks of text separated by blank lines, without their surrounding whitespace."""
    return list(iter_paragraphs(text))


def iter_paragraphs(text: str) -> Iterator[Span]:
    """`split_paragraphs`, one at a time: a long text's paragraphs are not all held at once."""
    spans: list[Span] = []
    position = 0
    for match in _PARAGRAPH_BREAK.finditer(text):
        _add_stripped(spans, text, position, match.start())
        position = match.end()
        yield from spans
        spans.clear()
    _add_stripped(spans, text, position, len(text))
    yield from spans


def _add_stripped(spans: list[Span], text: str, start: int, end: int) -> None:
    chunk = text[start:end]
    stripped = chunk.strip()
    if stripped:
        first = start + (len(chunk) - len(chunk.lstrip()))
        spans.append(Span(first, first + len(stripped), stripped))


def split_sentences(text: str) -> list[Span]:
    """Every sentence, headline, byline and list item of the text, in order.

    One pass finds the candidate boundaries of the whole text, read line by line (lines end
    at \r or \n only); the common candidate ("word. Next") is decided in the loop, the rest by
    `_boundary`."""
    return list(iter_sentences(text))


def _lines(text: str) -> Iterator[str]:
    """`text.split("\n")`, one line at a time: a long text is not copied whole."""
    position = 0
    while True:
        end = text.find("\n", position)
        if end < 0:
            yield text[position:]
            return
        yield text[position:end]
        position = end + 1


def iter_sentences(text: str) -> Iterator[Span]:
    """`split_sentences`, a line's sentences at a time: a long text's sentences are not all
    held at once."""
    spans: list[Span] = []
    append = spans.append
    span = Span
    not_plain, titles, vowel = _NOT_PLAIN, TITLES, _VOWEL.search
    # A lone \r breaks a line too; replacing it keeps every offset.
    scan = text.replace("\r", "\n") if "\r" in text else text
    candidates = _CANDIDATE.finditer(scan)
    match = next(candidates, None)
    at = match.start() if match else len(scan)
    position = 0
    for line in _lines(scan):
        yield from spans
        spans.clear()
        start = position
        end = position = start + len(line)
        position += 1
        if not line or line.isspace():
            continue
        if line[0].isspace():
            start = end - len(line.lstrip())
        if line[-1].isspace():
            end = start + len(line.strip())
        if scan[start] in _MARKER_HEADS and _LIST_MARKER.match(scan, start, end):
            for item_start, item_end in _list_items(scan[start:end]):
                _sentences(text, scan, start + item_start, start + item_end, spans)
            while at < end:
                match = next(candidates, None)
                at = match.start() if match else len(scan)
            continue
        segment_start = start
        while at < end:
            assert match is not None
            punct, close, opener, word = match.groups()
            # Bounded, so a long run without spaces is not read again at every candidate.
            space = scan.rfind(" ", max(segment_start, at - 64), at)
            prev = scan[space + 1 if space >= 0 else max(segment_start, at - 64) : at]
            if punct == "." and not close and "[" not in opener:
                # The common cases, decided at once: "word. Next", "word. 2024", "1990. The"
                # end a sentence; "Dr. Next", "No. 10" do not.
                head = word[:1]
                if prev.isalpha() and len(prev) > 1 and (head.isupper() or head.isdigit()):
                    lower = prev.lower()
                    if lower not in not_plain and (lower == prev or head.isdigit() or vowel(lower)):
                        append(span(segment_start, at + 1, text[segment_start : at + 1]))
                        segment_start = match.start("open")
                    elif head.isdigit() and lower in not_plain or lower in titles:
                        pass
                    else:
                        segment_start = _cut(text, scan, match, prev, segment_start, spans)
                elif prev.isdigit() and head.isupper():
                    append(span(segment_start, at + 1, text[segment_start : at + 1]))
                    segment_start = match.start("open")
                else:
                    segment_start = _cut(text, scan, match, prev, segment_start, spans)
            else:
                segment_start = _cut(text, scan, match, prev, segment_start, spans)
            match = next(candidates, None)
            at = match.start() if match else len(scan)
        if segment_start < end:
            append(span(segment_start, end, text[segment_start:end]))
    yield from spans


def _cut(
    text: str, scan: str, match: re.Match[str], prev: str, segment_start: int, spans: list[Span]
) -> int:
    """Adds the sentence that ends at this candidate, if it is a boundary, and returns where
    the current sentence now starts."""
    cut = _decide(scan, match, prev, segment_start)
    if cut is None:
        return segment_start
    spans.append(Span(segment_start, cut, text[segment_start:cut]))
    return _SPACE.match(scan, cut).end()  # type: ignore[union-attr]


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


def _sentences(text: str, scan: str, start: int, end: int, spans: list[Span]) -> None:
    """The sentences of one list item, `text[start:end]` without outer whitespace; `scan` is
    the text with every line break a \n."""
    segment_start = start
    marker = _LIST_MARKER.match(scan, start, end)
    skip_until = marker.end() if marker and marker.end() > start else start
    for match in _CANDIDATE.finditer(scan, start, end):
        if match.start() < skip_until:
            continue  # the "1." or "a)" of a list item is not the end of a sentence
        cut = _decide(scan, match, "", segment_start)
        if cut is not None:
            spans.append(Span(segment_start, cut, text[segment_start:cut]))
            segment_start = _SPACE.match(scan, cut).end()  # type: ignore[union-attr]
    if segment_start < end:
        spans.append(Span(segment_start, end, text[segment_start:end]))


def _decide(text: str, match: re.Match[str], prev: str, segment_start: int) -> int | None:
    """`_boundary`, after finding the word before the candidate if `prev` is not it."""
    if not prev.isalnum():
        # The word before, from its start (after any whitespace) and without opening
        # quotes or brackets.
        at = match.start()
        window = text[max(segment_start, at - 200) : at]
        prev = _PREV.search(window).group(1)  # type: ignore[union-attr]
    return _boundary(text, match, prev, segment_start)


def _shape(word: str) -> str:
    """How the next word opens: "upper" (a capital, or a brand written "eHow", "iPhone"),
    "digit" (also "$44m", "£2bn"), "dash" (an attribution line "— Peres, on…"), "lower",
    or "other"."""
    head = word[:1]
    if head.isupper():
        return "upper"
    if head.isdigit() or head in _CURRENCY and word[1:2].isdigit():
        return "digit"
    if head.islower():
        return "upper" if word[1:2].isupper() else "lower"
    if head in "—–" or word in ("-", "--"):
        return "dash"
    return "other"


def _boundary(line: str, match: re.Match[str], prev: str, segment_start: int) -> int | None:
    """Where the sentence ends if this candidate is a boundary, else None."""
    punct, close, opener, word = match.groups()
    if not word:
        return None  # end of the line: the line's end closes the sentence anyway
    punct_at = match.start("punct")
    if punct_at == segment_start:
        return None  # "... Thank you": punctuation that opens a sentence does not end it
    end = match.end("close")
    if "[" in opener or close.startswith("]"):
        return None  # "[...]" marks an omission inside a quotation
    shape = _shape(word)
    if punct[0] in "!?":
        if shape in ("upper", "digit") or opener:
            return end
        # "Great product!! would buy again": web text need not capitalise. A quotation that
        # closes before a lower-case word is followed by its attribution ("?" he asked), and
        # a capitalised word with one "!" is a name ("Yahoo! in the accounting department").
        if shape != "lower" or close:
            return None
        if len(punct) > 1 or punct == "?" or prev[:1].islower():
            return end
        return None
    if "…" in punct or punct.count(".") >= 3:
        # A dash after "?" or an ellipsis marks an interruption ("calling for… — he took the
        # call"), not a new sentence.
        return _after_ellipsis(line, match, shape == "upper", segment_start)
    if len(punct) > 1:  # "?!", "!!" handled above; ".." is a typo for "."
        return end if shape == "upper" else None
    if shape in ("lower", "dash", "other"):
        # A sentence may open in lower case ("thanks for listening."), with a dash or a
        # bracket: only after an ordinary word, never after an abbreviation ("approx. five").
        if close or shape == "other" and not opener:
            return None
        if len(prev) <= 3 and _after_number(line, segment_start, punct_at - len(prev)):
            return None  # a unit: "a 10 in. pipe", "a 5 min. walk"
        return end if _plain_word(prev) else None
    if close and not prev.endswith("."):
        return end  # ." or .” then a capital: the quotation ends the sentence
    return end if _word_ends_sentence(prev, word, line, match, segment_start) else None


def _plain_word(prev: str) -> bool:
    """An ordinary word or number, which a full stop after it ends the sentence."""
    bare = prev.rstrip(")]\"'”’")
    if "@" in bare or "://" in bare or bare.lower().startswith("www."):
        return True  # an address: "write to info@example.org. we reply"
    if _NUMBER.fullmatch(bare):
        return len(bare) > 1
    if not _WORD.fullmatch(bare) or len(bare) < 2:
        return False
    lower = bare.lower()
    if lower in ABBREVIATIONS:
        return False
    return bare.isupper() or any(c in "aeiouy" for c in lower)


def _after_number(line: str, start: int, end: int) -> bool:
    before = _last_word(line, start, end)
    return before is not None and line[before].isdigit()


def _inside_quotation(text: str) -> bool:
    """Whether a quotation opened in `text` is still open at its end."""
    if text.count("“") > text.count("”"):
        return True
    return text.count('"') % 2 == 1


def _after_ellipsis(
    line: str, match: re.Match[str], starts_upper: bool, segment_start: int
) -> int | None:
    punct = match.group("punct")
    if not starts_upper:
        return None
    before = line[max(segment_start, match.start() - 400) : match.start()]
    if not match.group("close") and _inside_quotation(before):
        return None  # "I don't know... Maybe next year," she said.
    if " " not in punct:
        return match.end("close")  # "hours... Then", "that.... She"
    if punct.count(".") < 4:
        return None  # ". . ." marks an omission mid-sentence; ". . . ." ends one
    attached = match.start() > 0 and not line[match.start() - 1].isspace()
    if attached and punct[1:2] == " ":
        # "compounds. . . . The": the word's own period ends the sentence; the spaced
        # ellipsis opens the next one.
        return match.start("punct") + 1
    return match.end("close")


def _word_ends_sentence(
    prev: str, word: str, line: str, match: re.Match[str], segment_start: int
) -> bool:
    bare = prev.rstrip(".").lower()
    nxt = word.strip("\"'“‘«(").rstrip(".,;:!?”’\"')")
    digit_next = nxt[:1].isdigit() or _shape(nxt) == "digit"
    # "I’ve", "Don't": the word before the apostrophe.
    starter = nxt.lower().replace("’", "'").split("'", 1)[0] in STARTERS
    if "@" in prev or "://" in prev or prev.lower().startswith("www."):
        return True
    if bare in _AMPM:
        if digit_next or nxt.lower() in TIMEZONES:
            return False
        return len(line[segment_start : match.start("punct")].split()) > 3
    if _INITIALISM.fullmatch(prev):  # U.S., E.U., i.e., O.J.
        if digit_next:
            return False
        if prev[:1].islower():
            return starter
        return starter or _initialism_ends(prev, nxt, line, match, segment_start)
    if digit_next:
        # "No. 10", "p. 55", "Nov. 11" continue; "the race. 493 did not finish" does not.
        return bare not in ABBREVIATIONS and not (len(bare) == 1 and bare.isalpha())
    if len(bare) == 1 and bare.isalpha():
        before = _last_word(line, segment_start, match.start("punct") - len(prev))
        if prev[:1].isupper():
            # An initial ("Jonas E. Smith") unless it ends a phrase ("Plan B. It worked": a
            # clear starter follows that is not itself an initial, as in "J. A. Smith"), is
            # a unit after a number ("180 C. Grease the tin") or is the pronoun I ending a
            # clause. Opening a sentence, it labels an item ("A. The first option"), like
            # "a." or "1.".
            if before is None:
                return False
            if starter and not (len(nxt) == 1 and word.endswith(".")):
                return True
            if line[before].isdigit():
                return True
            return prev[:1] == "I" and line[before].islower()
        # "(b. March 1867)", "c. AD 700": born, circa, died; after a number, a unit ends the
        # sentence ("rises 600 m. Allow three hours").
        return starter or line[before].isdigit() if before is not None else starter
    if bare in TITLES:
        return False
    if bare in WORDS and (prev[:1].islower() or bare == "no"):
        return True  # "a defining art. Critics…", "the answer was No. Nobody…"
    if bare == "etc":
        return True
    if bare in DAYS and prev[:1].isupper():
        if nxt.lower().rstrip(".") in MONTH_NAMES:
            return False  # "Wed. March 5", "Thur. Oct. 9"
        return bare in WORDS or bare in ("sat", "sun", "wed") or starter
    if bare in OTHERS and _after_number(line, segment_start, match.start("punct") - len(prev)):
        return True  # a unit after a number: "over 4 km. Allow three hours"
    if bare in ABBREVIATIONS:
        return starter
    if prev[:1].isupper() and not prev.isupper() and not any(c in "aeiouy" for c in bare):
        return starter  # no vowel: an abbreviation ("Bldg.", "Pkwy.")
    return True


def _initialism_ends(
    prev: str, nxt: str, line: str, match: re.Match[str], segment_start: int
) -> bool:
    """After an initialism in capitals, a capitalised word that is not a clear starter: a name
    goes on ("U.S. Senator John Cornyn", "O.J. Simpson", "the U.N. Security Council") unless
    the initialism names a place or body ("the U.S.") and the word is a lone capitalised word
    that opens a sentence ("…made in the U.S. Production in Mexico ended"); a name goes on
    with a capital, also after "of", "and", "for" ("the U.S. Fish and Wildlife Service")."""
    lower = nxt.lower()
    if lower in INSTITUTIONS or lower.rstrip(".") in TITLES:
        return False
    before = _last_word(line, segment_start, match.start("punct") - len(prev))
    if before is None or line[before : before + 4].lower() != "the ":
        return False  # personal initials, or an initialism opening the sentence
    following = _FOLLOWING.match(line, match.end("word"))
    return following is None or not following.group(1)[:1].isupper()


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

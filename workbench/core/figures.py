"""Figures in news text: counts, amounts, percentages, ranges, dates and times, in digits or in
words, each with its value normalised so that two texts can be compared.

Rules, not a model: every figure found can say what it read and what it made of it
(`43,600 → 43600`). Numbers that only identify something (a list marker, a phone number,
`Year 6`, `Court No. 1`, `G7`) and idioms with "one" are left out.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

MONTH_NUMBERS = {
    "jan": 1,
    "january": 1,
    "feb": 2,
    "february": 2,
    "mar": 3,
    "march": 3,
    "apr": 4,
    "april": 4,
    "may": 5,
    "jun": 6,
    "june": 6,
    "jul": 7,
    "july": 7,
    "aug": 8,
    "august": 8,
    "sep": 9,
    "sept": 9,
    "september": 9,
    "oct": 10,
    "october": 10,
    "nov": 11,
    "november": 11,
    "dec": 12,
    "december": 12,
}
UNITS = {
    "zero": 0,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
SCALES = {"hundred": 100, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
FRACTIONS = {
    "half": 2,
    "third": 3,
    "quarter": 4,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
}
CURRENCIES = {
    "$": "USD",
    "us$": "USD",
    "£": "GBP",
    "€": "EUR",
    "¥": "JPY",
    "₹": "INR",
    "a$": "AUD",
    "c$": "CAD",
    "usd": "USD",
    "gbp": "GBP",
    "eur": "EUR",
}
SUFFIX_SCALE = {
    "bn": 1e9,
    "billion": 1e9,
    "b": 1e9,
    "m": 1e6,
    "mn": 1e6,
    "million": 1e6,
    "k": 1e3,
    "thousand": 1e3,
    "tn": 1e12,
    "trillion": 1e12,
}
# Words before a number that make it a name, not a quantity: "Year 6", "Court No. 1".
IDENTIFIER_WORDS = frozenset(
    """year grade class room court platform gate terminal route flight
    chapter section article clause page box unit suite apartment flat block lot bus line
    highway interstate paragraph item exhibit schedule form bay pier berth ward stage""".split()
)
RANK_WORDS = re.compile(r"\b(?:rank(?:ed|ing|ings)?|seed(?:ed)?|world|chart|poll)\b", re.I)

_WORD_NUMBER = "|".join(
    sorted(
        [
            *UNITS,
            *SCALES,
            "dozen",
            "dozens",
            "hundreds",
            "thousands",
            "millions",
            "billions",
            "trillions",
        ],
        key=len,
        reverse=True,
    )
)
_MONTH = "|".join(sorted(MONTH_NUMBERS, key=len, reverse=True))
_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_CUR = r"(?:US\$|A\$|C\$|[$£€¥₹]|(?:USD|GBP|EUR)\s?)"
_SCALE = r"(?:\s?(?:bn|mn|tn|m|k|b)\b|\s(?:billion|million|thousand|trillion)\b)"
_PCT = r"(?:\s?%|\s?per\s?cent\b|\s?percent\b|\s?percentage\s+points?\b|\s?pp\b)"

# (kind, what a text must hold for the pattern to find anything: a digit, a number, month or
# fraction word, or both; the pattern). Earlier patterns win where two could match.
_PATTERNS: list[tuple[str, str, str]] = [
    # Dates and times first: their digits must not be read again as counts.
    ("date", "digit", r"\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}[-/.]\d{1,2}[-/.](?:\d{4}|\d{2})\b"),
    (
        "date",
        "both",
        rf"\b(?:{_MONTH})\.?\s\d{{1,2}}(?:st|nd|rd|th)?(?:\s?[-–]\s?\d{{1,2}})?"
        rf"(?:,?\s\d{{4}})?\b",
    ),
    ("date", "both", rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s(?:of\s)?(?:{_MONTH})\b\.?(?:,?\s\d{{4}})?"),
    ("date", "both", rf"\b(?:{_MONTH})\.?,?\s(?:1[5-9]|20)\d{{2}}\b"),
    ("time", "digit", r"\b\d{1,2}(?::\d{2})?\s?(?:a\.m\.|p\.m\.|am\b|pm\b)|\b\d{1,2}:\d{2}\b"),
    ("age", "digit", r"\b\d{1,3}-(?:year|month|week|day)-old\b"),
    ("rank", "digit", r"\bNo\.\s?\d+\b"),
    (
        "range",
        "digit",
        rf"(?:\bbetween\s)?{_CUR}?(?:{_NUM}){_SCALE}?{_PCT}?\s?(?:-|–|—|\bto\b|\band\b)\s?"
        rf"{_CUR}?(?:{_NUM}){_SCALE}?{_PCT}?(?!\d|,\d)",
    ),
    ("money", "digit", rf"{_CUR}(?:{_NUM}){_SCALE}?"),
    (
        "money",
        "digit",
        rf"(?<![\w.,])(?:{_NUM})(?:{_SCALE})?\s?(?:p|pence|cents?|crowns?|euros?|pounds?"
        rf"|dollars?|yen|rupees?|francs?)\b",
    ),
    ("percent", "digit", rf"(?<![\w.,])(?:{_NUM}){_PCT}"),
    (
        "count",
        "digit",
        rf"(?<![\w.,$£€¥-])(?:{_NUM})(?:{_SCALE})?(?:st|nd|rd|th)?"
        r"(?:-(?:foot|metre|meter|mile|hour|day|week|year|month|shot|point|seat|storey|"
        r"mile|km|kilometre|minute|second|page|member|strong))?(?!\d|,\d)",
    ),
    ("multiplier", "word", r"\b(?:(?:doubl|tripl|quadrupl)(?:ed|ing)|halv(?:e|ed|ing)|twice)\b"),
    (
        "count",
        "word",
        r"\bone\s(?:in|out\sof)\s(?:every\s)?(?:\w+)\b"
        rf"|\b(?:{_WORD_NUMBER})(?:\s(?:out\sof|in)\s(?:every\s)?(?:{_WORD_NUMBER}|\d+))\b",
    ),
    (
        "fraction",
        "word",
        r"\b(?:a|one|two|three|four)[\s-](?:half|third|quarter|fifth|sixth|seventh"
        r"|eighth|ninth|tenth)s?\b(?=\s(?:of|as|if|than|more|less|were|was|are|is|have|has"
        r"|had|will|would|could|can|may|might|must|said|say|says|do|did|does|also|now|still"
        r"|again|already|only|\w+ed)\b|[\s,.;:)”\"]*$|[,.;:)])",
    ),
    (
        "count",
        "word",
        rf"\b(?:(?:half\sa|a|one|a\sfew)\s)?(?:{_WORD_NUMBER})"
        rf"(?:[\s-](?:and\s)?(?:a\s)?(?:{_WORD_NUMBER}))*\b(?:\s(?:of\sa\s)?century)?",
    ),
    ("duration", "word", r"\b(?:a|one)\s(?:fortnight|decade|century)\b|\bfortnight\b"),
]


# Patterns run on the text with ASCII capitals lowered (same length, so offsets hold): a
# case-sensitive scan is nearly twice as fast as an IGNORECASE one.
ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
_ASCII_LOWER_BYTES = bytes.maketrans(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ", b"abcdefghijklmnopqrstuvwxyz")


def ascii_lower(text: str) -> str:
    """`text.translate(ASCII_LOWER)`, faster: ASCII capitals lowered, nothing else changed.
    In UTF-8 no byte of another character is an ASCII capital, so the bytes can be mapped."""
    if text.isascii():
        return text.lower()
    raw = text.encode("utf-8", "surrogatepass")
    return raw.translate(_ASCII_LOWER_BYTES).decode("utf-8", "surrogatepass")


def _master(kinds: list[tuple[str, str]]) -> re.Pattern[str]:
    joined = "|".join(f"(?P<k{i}_{kind}>{pattern})" for i, (kind, pattern) in enumerate(kinds))
    for upper, lower in (
        ("No\\.", "no\\."),
        ("US\\$", "us\\$"),
        ("A\\$", "a\\$"),
        ("C\\$", "c\\$"),
        ("USD|GBP|EUR", "usd|gbp|eur"),
    ):
        joined = joined.replace(upper, lower)
    return re.compile(f"{_CAN_START}(?:{joined})")


# Where a figure can start, as every pattern begins (on lowered text): a digit, a currency, a
# word (each word pattern opens with \b). Tested first, it spares trying every pattern at
# each letter inside a word.
_CAN_START = r"(?=[\d$£€¥₹]|\b[a-z]|us[$d]|[ac]\$|gbp|eur)"


# Which patterns can match depends on whether a text has digits and words of number, month
# or fraction: a sentence is scanned only with the patterns that can find something in it.
_TRIGGER_WORDS = frozenset(
    [
        *UNITS,
        *SCALES,
        *MONTH_NUMBERS,
        *FRACTIONS,
        "one",
        "dozen",
        "dozens",
        "hundreds",
        "thousands",
        "millions",
        "billions",
        "trillions",
        "fortnight",
        "decade",
        "century",
        "twice",
        "halve",
        "halved",
        "halving",
        "doubled",
        "doubling",
        "tripled",
        "tripling",
        "quadrupled",
        "quadrupling",
        "thirds",
        "quarters",
        "fifths",
        "tenths",
    ]
)


def _by_first_letter(words: frozenset[str]) -> str:
    """An alternation of the words, branching on their first letter."""
    return "|".join(
        first
        + "(?:"
        + "|".join(sorted((w[1:] for w in words if w[0] == first), key=len, reverse=True))
        + ")"
        for first in sorted({word[0] for word in words})
    )


# Run on the lowered text: a digit, or a whole word of ASCII letters that is a trigger word.
_TRIGGER = re.compile(rf"\d+|\b({_by_first_letter(_TRIGGER_WORDS)})\b")
_MASTERS = {
    (digit, word): _master(
        [
            (kind, pattern)
            for kind, needs, pattern in _PATTERNS
            if (digit or needs == "word") and (word or needs == "digit")
        ]
    )
    for digit in (False, True)
    for word in (False, True)
}
_MASTER = _MASTERS[True, True]
# The two ends of something read as a range that is not one ("rose 6.4% to $9.8bn").
_SINGLE = _master([(kind, pattern) for kind, _, pattern in _PATTERNS if kind != "range"])
_LIST_MARKER = re.compile(r"^\s*(?:[A-Z]:\s*)?\(?\d{1,3}[.)]\s")
_PHONE = re.compile(
    # Where a number can start (a word of the list, "+", "0", "("), tested first.
    r"(?=[+(]|\b[tpfcmw0])"
    r"(?:\b(?:tel|phone|fax|call|mobile|whatsapp)\b\.?:?\s*\+?[\d()][\d()\s-]{5,}\d"
    r"|\+\d[\d()\s-]{7,}\d|\b0\d{2,4}[\s-]\d{3,4}[\s-]\d{3,4}\b"
    r"|\(\d{2,5}\)\s?\d{3,4}[\s-]?\d{3,4}\b)",
    re.IGNORECASE,
)
# Terminal escape sequences in pasted text: their digits are not figures.
_ESCAPES = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|.)")
# Addresses are no figures: a web address, or an e-mail address (`\S+@\S+\.\w+`, read by
# `_urlish` in linear time: as a regular expression it backtracks on a long token).
_URL = re.compile(r"\b(?:https?://|www\.)\S+", re.IGNORECASE)
_AT_TOKEN = re.compile(r"(?<!\S)[^\s@]*+@\S*")  # a whole token with an @ in it
_LAST_DOT_WORD = re.compile(r".*\.\w")  # up to the last "." followed by a word character
_WORD_RUN = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class Figure:
    """A figure as written (`text`, at `start`–`end` in the text it came from) and as read."""

    text: str
    start: int
    end: int
    kind: str  # count, money, percent, range, date, time, age, rank, fraction, multiplier,
    # duration
    value: float | None  # the (lower) quantity; a date as YYYYMMDD
    high: float | None = None  # the upper end of a range
    unit: str = ""  # "%", "pp", a currency code, or ""
    precision: float = 1.0  # the place value of the last significant digit written

    @property
    def normal(self) -> str:
        """The figure as read, for a reason line: `43600`, `USD 1200000000`, `2024-11-11`."""
        if self.kind == "date" and self.value is not None:
            return _date_text(self.value)
        if self.value is None:
            return self.text
        low = _number_text(self.value)
        text = low if self.high is None else f"{low}–{_number_text(self.high)}"
        if self.unit in {"%", "pp"}:
            return f"{text}{'%' if self.unit == '%' else ' percentage points'}"
        return f"{self.unit} {text}" if self.unit else text


def find_figures(text: str) -> list[Figure]:
    """Every figure in `text`, in order; identifiers and idiomatic "one" are not figures."""
    lowered = ascii_lower(text)
    groups = [_urlish(text, lowered)]
    if "\x1b" in text:
        groups.append([m.span() for m in _ESCAPES.finditer(text)])
    # Only the stretches around digits and number words are scanned: a long sentence with
    # one figure costs little more than a short one.
    windows: list[tuple[int, int]] = []
    has_digit = has_word = False
    for match in _TRIGGER.finditer(lowered):
        if match.group(1) is None:
            has_digit = True
        else:
            has_word = True
        reach = match.end() + 32
        if windows:
            # A window ends at a space (or the end): each character is walked over once.
            last_start, last_end = windows[-1]
            if reach <= last_end:
                continue
            if match.start() - 16 <= last_end:
                end = min(len(text), reach)
                while end < len(text) and not text[end].isspace():
                    end += 1
                windows[-1] = (last_start, end)
                continue
        start = max(0, match.start() - 16)
        end = min(len(text), reach)
        while start > 0 and not text[start - 1].isspace():
            start -= 1
        while end < len(text) and not text[end].isspace():
            end += 1
        windows.append((start, end))
    if has_digit:  # every phone pattern needs a digit
        groups.append([m.span() for m in _PHONE.finditer(text)])
    marker = _LIST_MARKER.match(text)
    if marker:
        groups.append([marker.span()])
    reading = _Reading(text, lowered, _Blocked(groups))
    pattern = _MASTERS[has_digit, has_word]
    for start, end in windows:
        _scan(reading, start, end, pattern)
    return reading.found


def _urlish(text: str, lowered: str) -> list[tuple[int, int]]:
    r"""Where `\b(?:https?://|www\.)\S+|\S+@\S+\.\w+` (ignoring case) matches, found in
    linear time. The e-mail alternative can only match from the start of a token, and there it
    runs to the last "." followed by a word character if an @ comes before that "." with a
    character between them; so each token with an @ is read once."""
    emails = []
    if "@" in text:
        for token in _AT_TOKEN.finditer(text):
            start, end = token.span()
            dot = _LAST_DOT_WORD.match(text, start, end)
            # An @ after the token's first character and at least two before the ".".
            if (
                dot is not None
                and start + 1 < dot.end() - 3
                and "@" in text[start + 1 : dot.end() - 3]
            ):
                word = _WORD_RUN.match(text, dot.end() - 1)
                assert word is not None
                emails.append((start, word.end()))
    if "://" not in text and "www." not in lowered:
        return emails
    # Both alternatives in one left-to-right pass, the web address first where both start.
    spans: list[tuple[int, int]] = []
    position = at = 0
    url = _URL.search(text)
    while True:
        while at < len(emails) and emails[at][0] < position:
            at += 1
        if url is not None and url.start() < position:
            url = _URL.search(text, position)
        email = emails[at] if at < len(emails) else None
        if url is not None and (email is None or url.start() <= email[0]):
            spans.append(url.span())
            position = url.end()
        elif email is not None:
            spans.append(email)
            position = email[1]
        else:
            return spans


class _Blocked:
    """Stretches where no figure is read (addresses, escape sequences, phone numbers, a list
    marker): groups of sorted, disjoint spans, searched by bisection."""

    def __init__(self, groups: list[list[tuple[int, int]]]) -> None:
        self.groups = [([a for a, _ in spans], spans) for spans in groups if spans]

    def first(self, first: int, last: int) -> tuple[int, int] | None:
        """The first stretch, in group order, that holds `first` or `last` (as an end)."""
        for starts, spans in self.groups:
            holding = bisect.bisect_right(starts, first) - 1
            ending = bisect.bisect_left(starts, last) - 1
            candidates = []
            if holding >= 0 and first < spans[holding][1]:
                candidates.append(holding)
            if ending >= 0 and last <= spans[ending][1]:
                candidates.append(ending)
            if candidates:
                return spans[min(candidates)]
        return None


class _Reading:
    """One text being read: its lowered copy, where figures are not read, what is found."""

    def __init__(self, text: str, lowered: str, blocked: _Blocked) -> None:
        self.text = text
        self.lowered = lowered
        self.blocked = blocked
        self.found: list[Figure] = []
        self._ranked: bool | None = None

    @property
    def ranked(self) -> bool:
        """Whether the text speaks of rankings (looked up once, however many ranks)."""
        if self._ranked is None:
            self._ranked = RANK_WORDS.search(self.text) is not None
        return self._ranked


def _scan(reading: _Reading, start: int, end: int, pattern: re.Pattern[str]) -> None:
    text = reading.text
    for match in pattern.finditer(reading.lowered, start, end):
        first = match.start()
        last = first + len(match.group().rstrip(" -–"))
        stripped = text[first:last]
        block = reading.blocked.first(first, last)
        if block is not None:
            if block[1] < last:  # the match ran past a blocked stretch: read what follows
                _scan(reading, block[1], last, pattern)
            continue
        kind = match.lastgroup.split("_", 1)[1] if match.lastgroup else "count"
        figure = _read(stripped, first, last, kind, reading)
        if figure is not None:
            reading.found.append(figure)
        elif kind == "range":
            # "rose 6.4% to $9.8bn" is two figures, not a range.
            _scan(reading, first, last, _SINGLE)


# Patterns of reading one figure, compiled once.
_BETWEEN = re.compile(r"^between\s", re.IGNORECASE)
_JOINER = re.compile(r"\s?(?:-|–|—|\bto\b|\band\b)\s?")
_RANGE_SCALE = re.compile(r"(bn|mn|m|k|billion|million|thousand)\b")
_SPACES_OR_HYPHENS = re.compile(r"[\s-]+")
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_NUMERIC_DATE = re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{2,4})")
_MONTH_WORD = re.compile(rf"\b({_MONTH})\b")
_YEAR = re.compile(r"\b(1[5-9]\d{2}|20\d{2})\b")
_DAY = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\b")
_WORD_BEFORE = re.compile(r"([A-Za-z]+)\.?\s*$")
# Numbers that say which routes, lines or gates (in any case; the list may go on).
_NUMBERED_LIST = re.compile(
    r"\b(?:routes?|lines|bus(?:es)?|trams?|platforms|gates|terminals|flights)\s+"
    r"(?:(?:nos?\.|numbers?)\s*)?(?:\d+[A-Za-z]?(?:\s*,\s*|\s*/\s*|\s+(?:and|or|&)\s+))*$",
    re.IGNORECASE,
)
_PERCENT_AFTER = re.compile(r"[\s-]?(?:per\s?cent|percent)\b", re.IGNORECASE)
_DIGIT = re.compile(r"\d")
_RATIO = re.compile(r"(\w+)\s(?:in|out\sof)\s(?:every\s)?(\w+)")
_SPACE_OR_HYPHEN = re.compile(r"[\s-]")
_DIGITS = re.compile(r"\d+(?:[.:]\d+)?")
_CURRENCY = re.compile(r"(us\$|a\$|c\$|[$£€¥₹]|usd|gbp|eur)\s?")
_NUMBER = re.compile(_NUM)
_SCALE_WORD = re.compile(r"(bn|mn|tn|m|k|b|billion|million|thousand|trillion)\b")
_PERCENT_WORD = re.compile(r"(%|per ?cent|percent)")
# A number right after an opening bracket glued to a name (`alert(1)`, `rows[2]`) and right
# before a closing bracket or a comma: code, not prose.
_CODE_CALL = re.compile(r"[\w$.][(\[]\s?$")
_CODE_CLOSE = re.compile(r"\s?[)\],]")
_ORDINAL_TIME = re.compile(r"\d+(?:st|nd|rd|th)\s+times?\b", re.IGNORECASE)
_MONEY_WORD = re.compile(r"\b(p|pence|cents?|crowns?|euros?|pounds?|dollars?|yen|rupees?|francs?)$")


def _read(raw: str, start: int, end: int, kind: str, reading: _Reading) -> Figure | None:
    text = reading.text
    before = text[max(0, start - 24) : start]
    word_before = _WORD_BEFORE.search(before)
    previous = word_before.group(1).lower() if word_before else ""
    if kind == "rank":
        # "ranked No. 10" is a figure; "Court No. 1" and "No. 10 Downing Street" name things.
        if previous in IDENTIFIER_WORDS or not reading.ranked:
            return None
        return Figure(raw, start, end, "rank", _digits(raw))
    if kind in {"count", "money", "percent", "range"} and _DIGIT.match(raw):
        if _CODE_CALL.search(text, max(0, start - 3), start) and _CODE_CLOSE.match(text, end):
            return None  # alert(1), items[2]: an argument or index in code, not a quantity
        if kind == "count" and _ORDINAL_TIME.match(raw + text[end : end + 8]):
            return None  # "for the 2nd time": an ordinal count of events, not a figure
        if start and (
            text[start - 1].isalpha()
            or (text[start - 1] == "-" and start > 1 and text[start - 2].isalpha())
        ):
            return None  # G7, COVID-19, A320: part of a name
        if word_before and previous in IDENTIFIER_WORDS and word_before.group(1)[0].isupper():
            return None  # "Year 6", "Route 66": a name with a number in it
        if _NUMBERED_LIST.search(text, max(0, start - 80), start):
            return None  # "bus routes 15 and 23", "lines 4, 6 and 9": which ones, not how many
    ratio = _RATIO.fullmatch(raw.lower())
    if kind == "count" and ratio:
        top, bottom = (_number_word(w) for w in ratio.groups())
        if top is None or not bottom:
            return None
        return Figure(raw, start, end, "fraction", top / bottom, precision=0.01)
    if kind == "count" and not _DIGIT.match(raw):
        spelled = _words(raw, start, end)
        percent = _PERCENT_AFTER.match(text, end)
        if spelled is not None and spelled.value is not None and percent:
            # "a two percent raise": a percentage written in words
            offset = 2 if raw[:2].lower() == "a " else 0
            return Figure(
                text[start + offset : percent.end()],
                start + offset,
                percent.end(),
                "percent",
                spelled.value,
                unit="%",
                precision=spelled.precision,
            )
        return spelled
    if kind == "fraction":
        parts = _SPACE_OR_HYPHEN.split(raw.lower())
        numerator = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4}[parts[0]]
        return Figure(
            raw, start, end, "fraction", numerator / FRACTIONS[parts[1].rstrip("s")], precision=0.01
        )
    if kind == "multiplier":
        word = raw.lower()
        factor = (
            2.0
            if word.startswith(("doubl", "twice"))
            else 3.0
            if word.startswith("tripl")
            else 4.0
            if word.startswith("quadrupl")
            else 0.5
        )
        return Figure(raw, start, end, "multiplier", factor)
    if kind == "duration":
        days = {"fortnight": 14, "decade": 3652.5, "century": 36525}[raw.lower().split()[-1]]
        return Figure(raw, start, end, "duration", days)
    if kind == "date":
        return Figure(raw, start, end, "date", _date_value(raw))
    if kind in {"time", "age"}:
        return Figure(raw, start, end, kind, _digits(raw))
    if kind == "range":
        return _range(raw, start, end, text)
    value, unit, precision = _amount(raw)
    if (
        kind == "count"
        and unit == ""
        and value is not None
        and value.is_integer()
        and 1800 <= value <= 2099
        and "," not in raw
    ):
        return Figure(raw, start, end, "date", value * 10000, precision=10000)
    return Figure(
        raw,
        start,
        end,
        kind if unit or kind != "money" else "count",
        value,
        unit=unit,
        precision=precision,
    )


def _number_word(word: str) -> float | None:
    if word.isdigit():
        return float(word)
    return 1.0 if word in {"one", "a"} else float(UNITS[word]) if word in UNITS else None


def _digits(raw: str) -> float | None:
    match = _DIGITS.search(raw)
    return float(match.group().replace(":", ".")) if match else None


def _amount(raw: str) -> tuple[float | None, str, float]:
    """Value, unit and precision of one amount such as `$1.2bn`, `43,600`, `3.5%` or `812p`."""
    lower = raw.lower().strip()
    unit = ""
    currency = _CURRENCY.match(lower)
    if currency:
        unit = CURRENCIES[currency.group(1)]
    number = _NUMBER.search(lower)
    if number is None:
        return None, unit, 1.0
    digits = number.group().replace(",", "")
    value = float(digits)
    precision = _precision(digits)
    rest = lower[number.end() :].strip()
    scale_word = _SCALE_WORD.match(rest)
    if scale_word:
        factor = SUFFIX_SCALE[scale_word.group(1)]
        value *= factor
        precision *= factor
    if _PERCENT_WORD.match(rest):
        unit = "%"
    elif rest.startswith(("percentage point", "pp")):
        unit = "pp"
    elif not unit:
        money = _MONEY_WORD.search(rest)
        if money:
            unit = {
                "p": "pence",
                "cent": "cents",
                "euro": "EUR",
                "euros": "EUR",
                "pound": "GBP",
                "pounds": "GBP",
                "dollar": "USD",
                "dollars": "USD",
                "crown": "crowns",
            }.get(money.group(1), money.group(1))
    return value, unit, precision


def _precision(digits: str) -> float:
    """Place value of the last significant digit: 43600 → 100, 3.5 → 0.1, 7 → 1."""
    if "." in digits:
        return 10.0 ** -len(digits.split(".")[1])
    stripped = digits.rstrip("0")
    return 10.0 ** (len(digits) - len(stripped)) if stripped else 1.0


def _range(raw: str, start: int, end: int, text: str) -> Figure | None:
    body = _BETWEEN.sub("", raw)
    low_text, high_text = _JOINER.split(body, maxsplit=1)
    high, unit, precision = _amount(high_text)
    low, low_unit, _ = _amount(low_text)
    if low is not None and high is not None and low < high / 100 and low_unit == "":
        # "$1.10-1.15bn": the scale written once applies to both ends.
        scale = _RANGE_SCALE.search(high_text.lower())
        if scale:
            low *= SUFFIX_SCALE[scale.group(1)]
    joiner = _JOINER.search(body)
    joined = joiner.group().strip() if joiner is not None else ""
    worded = joined in {"to", "and"}
    if worded and (
        low is None
        or high is None
        or low >= high
        or (low_unit and unit and low_unit != unit)
        or (joined == "and" and body == raw)
        or _ends_with(_CHANGE_WORD, text, start, 4)
    ):
        return None
    return Figure(raw, start, end, "range", low, high, unit or low_unit, precision)


_CHANGE_WORD = re.compile(r"\b(?:by|from|rose|fell|up|down|at)\s*$")


def _ends_with(word: re.Pattern[str], text: str, end: int, longest: int) -> bool:
    r"""`word.search(text[:end])` for a pattern of words (at most `longest` characters)
    followed by `\s*$`, reading only the end of the text: a long text with many ranges is
    not read again for each."""
    stop = end
    while stop > 0 and text[stop - 1].isspace():
        stop -= 1
    return word.search(text, max(0, stop - longest), end) is not None


def _words(raw: str, start: int, end: int) -> Figure | None:
    """A number written in words: `twelve thousand`, `half a million`, `two dozen`, `dozens`."""
    words = [w for w in _SPACES_OR_HYPHENS.split(raw.lower()) if w not in {"and", "of"}]
    if words in (["one"], ["a"], ["a", "few"]):
        return None
    if words[:1] == ["a"] and len(words) > 1 and words[1] in UNITS:
        words = words[1:]  # "a two percent raise": the article, not a number
    total, current, vague = 0.0, 0.0, False
    half = words[:2] == ["half", "a"]
    if half:
        words = words[2:]
    for word in words:
        if word in {"a", "one", "few"}:
            current = max(current, 1.0)
        elif word in UNITS:
            current += UNITS[word]
        elif word in {"dozen", "dozens"}:
            current = max(current, 1.0) * 12
            vague = vague or word == "dozens"
        elif word.rstrip("s") in SCALES:
            if word.endswith("s"):
                vague = True
            current = max(current, 1.0) * SCALES[word.rstrip("s")]
            if SCALES[word.rstrip("s")] >= 1000:
                total += current
                current = 0.0
        elif word == "century":
            current = max(current, 1.0) * 100
    value = (total + current) * (0.5 if half else 1.0)
    if value == 0 and "zero" not in words:
        return None
    return Figure(
        raw,
        start,
        end,
        "count",
        value,
        precision=value
        if vague
        else _precision(str(int(value)))
        if float(value).is_integer()
        else 1.0,
    )


def _date_value(raw: str) -> float | None:
    """A date as YYYYMMDD (unknown parts 00)."""
    lower = raw.lower().replace(",", " ")
    iso = _ISO_DATE.match(lower)
    if iso:
        return float(iso.group(1) + iso.group(2) + iso.group(3))
    numeric = _NUMERIC_DATE.match(lower)
    if numeric:
        a, b, year = int(numeric.group(1)), int(numeric.group(2)), int(numeric.group(3))
        year += 2000 if year < 100 else 0
        day, month = (a, b) if b <= 12 else (b, a)
        return float(year * 10000 + month * 100 + day)
    month_match = _MONTH_WORD.search(lower)
    month = MONTH_NUMBERS[month_match.group(1)] if month_match else 0
    year_match = _YEAR.search(lower)
    year = int(year_match.group(1)) if year_match else 0
    rest = lower
    if year_match:
        rest = rest.replace(year_match.group(1), " ")
    day_match = _DAY.search(rest)
    day = int(day_match.group(1)) if day_match else 0
    return float(year * 10000 + month * 100 + day)


MONTH_NAMES = (
    "January February March April May June July August September October November December"
).split()


def _date_text(value: float) -> str:
    """ISO where the year is known (`2024-11-11`, `2024-11`, `2024`), else `11 November`."""
    number = int(value)
    year, month, day = number // 10000, number // 100 % 100, number % 100
    if not year:
        name = MONTH_NAMES[month - 1] if 1 <= month <= 12 else "?"
        return f"{day} {name}" if day else name
    parts = [f"{year:04d}"]
    if month:
        parts.append(f"{month:02d}")
        if day:
            parts.append(f"{day:02d}")
    return "-".join(parts)


def _number_text(value: float) -> str:
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.6g}"

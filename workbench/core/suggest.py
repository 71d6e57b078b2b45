"""Tag suggestions with their reasons, and a check-worthiness score that orders the review.

Explainable rules over the article's sentences, never a verdict: a suggestion is stored apart
from the reviewer's tags and becomes a tag only when the reviewer accepts it.

- quote: a quotation of at least three words in quotation marks (curly, straight, guillemets
  or single curly quotes; one quotation can run over several sentences) with an attribution in
  its sentences or in the sentence before it. One or two quoted words are scare quotes.
- figure: any figure `figures.find_figures` reads, listed as read (`43,600 → 43600`).
- claim: a sentence that asserts something checkable: not a question, heading, boilerplate,
  advice, vow or opinion, and anchored in figures, names or reported events.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from . import worth
from .figures import Figure, ascii_lower, find_figures
from .models import Suggestion
from .rules import RULES_VERSION as RULES_VERSION  # re-exported: the one definition

QUOTE_MIN_WORDS = 3

SPEECH = re.compile(
    r"\b(?:said|says|say|saying|told|tells|tell|added|adds|asked|asks|stated|states|declared|"
    r"explained|explains|wrote|writes|warned|warns|insisted|insists|argued|argues|noted|notes|"
    r"continued|replied|answered|claimed|claims|announced|announces|described|describes|"
    r"called|calls|tweeted|posted|recalled|remarked|admitted|acknowledged|conceded|urged|"
    r"vowed|promised|commented|observed|suggested|confirmed|denied|testified|reiterated|"
    r"stressed|emphasi[sz]ed|maintained|alleged|according\s+to|in\s+a\s+statement|"
    r"statement)\b",
    re.IGNORECASE,
)
NAMING = re.compile(
    r"\b(?:titled|entitled|headlined|named|dubbed|nicknamed|known\s+as|"
    r"slogan|hashtag|motto)\s*$",
    re.IGNORECASE,
)
OPENERS = {"“": "”", "«": "»", "„": "“"}
QUESTION_START = re.compile(r"^\s*(?:Q\s*[:.]|Question\s*:)")
ANSWER_PREFIX = re.compile(r"^\s*(?:A\s*[:.]|Answer\s*:)\s*")
BOILERPLATE = re.compile(
    r"^\W*(?:media\s+contacts?|press\s+contacts?|contacts?\s*:|for\s+more\s+information|"
    r"notes?\s+to\s+editors|ends\b|#{3}|-30-|copyright|all\s+rights\s+reserved|this\s+"
    r"(?:interview|article|story|report)\s+(?:has\s+been|was)\s+(?:edited|updated|corrected|"
    r"condensed)|follow\s+us|subscribe|sign\s+up|read\s+more|related\s*:|photo\s*:|image\s*:|"
    r"editor'?s\s+note|additional\s+reporting|reporting\s+by|writing\s+by|editing\s+by|"
    r"about\s+(?:the|us)\b)",
    re.IGNORECASE,
)
SHOULD = re.compile(r"\b(?:should|ought\s+to)\b", re.IGNORECASE)
EVALUATIVE = re.compile(
    r"\b(?:shameful|disgrace(?:ful)?|outrageous|ridiculous|absurd|wonderful|terrible|"
    r"appalling|deserves?|too\s+little|honestly|frankly|perhaps|surely|"
    r"i\s+think|i\s+believe|we\s+believe|in\s+my\s+view|in\s+our\s+view|"
    r"arguably|sadly|unfortunately|hopefully|beautiful|brilliant|"
    r"unacceptable|scandal(?:ous)?)\b",
    re.IGNORECASE,
)
STANCE_VERBS = re.compile(
    r"\b(?:vow(?:ed|s)?|threaten(?:ed|s)?|urg(?:ed|es)|insist(?:ed|s)|argu(?:ed|es)|"
    r"appeal(?:ed|s)\s+for|call(?:ed|s)?\s+for|pledg(?:ed|es)|hope(?:s|d)?\s+(?:to|that))\b",
    re.IGNORECASE,
)
IMPERATIVE = re.compile(
    r"^[\W]*(?:if\s+you\b|please\b|check|book|call|visit|read|remember|make\s+sure|"
    r"don't|do\s+not|stay|keep|avoid|contact|register|apply|join|vote\s+for|tell)\b",
    re.IGNORECASE,
)
FIRST_PERSON = re.compile(r"\b(?:I|[Ww]e|us|[Oo]ur|[Mm]y|me)\b")  # not "US"
# A speaker's record: "I voted against", "we have cut", "we never raised" (lowered text).
OWN_RECORD = re.compile(
    r"\b(?:i|we)\s+(?:(?:have|had|also|never|already|just|then|not|[a-z]+ly)\s+){0,2}"
    r"([a-z]+(?:['’]t)?)\b"
)
HEDGE = re.compile(
    r"\b(?:may|might|could|possibly|probably|likely|reportedly|allegedly|apparently|"
    r"appears?|seems?|estimated|about|around|nearly|almost|roughly)\b",
    re.IGNORECASE,
)
PAST = re.compile(
    r"\b(?:[^\W\d_]{3,}ed|was|were|had|did|said|told|found|made|took|came|went|fell|rose|began|"
    r"won|lost|left|met|held|paid|sold|bought|brought|built|caught|chose|drew|drove|fought|"
    r"flew|gave|got|grew|heard|hit|hurt|kept|knew|led|let|meant|put|ran|saw|sent|set|shot|"
    r"spent|spoke|stood|struck|taught|threw|wore|wrote|became|broke|cut|shut|sank|"
    r"stole|swore|dead|didn['’]t|wasn['’]t|weren['’]t|hadn['’]t)\b",
    re.IGNORECASE,
)
# Words that end like a past tense and are not one, and the past of expecting, which looks
# forward; a copula or auxiliary alone ("the plan was overdue") reports no event either.
NOT_EVENTS = frozenset(
    """hundred indeed need speed seed feed breed creed greed bed red shed sacred naked
    wicked kindred rugged ragged wretched beloved aged expected predicted forecasted
    projected intended planned scheduled hoped wanted was were had wasn't weren't hadn't
    wasn’t weren’t hadn’t""".split()
)
# What news writing marks as not (yet) a fact: stated plans and intentions ("will", "plans
# to", "would not move until…"), which are a claim only when fixed to a date (a schedule) or
# when they state figures (what a plan holds); and expectations, forecasts and conditions
# (EXPECTATION below), which are never a claim unless the sentence also reports an event.
PLANNED = re.compile(
    r"\b(?:will|won['’]t|shall|(?:is|are|was|were)\s+(?:set|due|scheduled|planned|going)\s+to|"
    r"plans?\s+to|planning\s+to|intends?\s+to|aims?\s+to|wants?\s+to|seeks?\s+to|until)\b"
)
# A date or a day a future event is fixed to: "in February", "on Monday", "next week".
DATE_WORD = re.compile(
    r"\b(?:january|february|march|april|june|july|august|september|october|november|"
    r"december|(?:in|on|by|until|early|late|mid)[\s-]may|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec|monday|tuesday|wednesday|"
    r"thursday|friday|saturday|sunday|tomorrow|tonight|today|weekend|"
    r"(?:next|this|later\s+this)\s+(?:week|month|year|season))\b"
)
# Service information: where to look something up, a web address (in a sentence that reports
# no event), opening hours, a number to call; none of it is a claim about the world.
WEB_ADDRESS = re.compile(
    r"https?://|\bwww\.|\b[\w-]+\.(?:com|org|net|gov|edu|info|co\.uk|org\.uk|gov\.uk)\b"
)
SERVICE = re.compile(
    r"\bopening\s+(?:hours|times)\b|\bopen\s+(?:daily|from|between|until|on)\b|"
    r"\b(?:can|may)\s+(?:check|find|look\s+up|apply|register|book|call|visit|contact|"
    r"comment|report|download|sign\s+up|request)\b|\bhelpline\b|\bhotline\b|"
    r"\bavailable\s+(?:online|at|from|on)\b|\bfor\s+(?:more\s+|further\s+)?"
    r"(?:information|details)\b"
)
# Editorial caveats: what the writer could not establish, who did not answer.
CAVEAT = re.compile(
    r"\b(?:could\s+not|cannot|can['’]t|has\s+not|have\s+not|had\s+not|was\s+not|"
    r"were\s+not)\s+(?:be\s+|been\s+)?(?:independently\s+)?(?:verified|confirmed|"
    r"verify|confirm|reached|able\s+to\s+(?:verify|confirm))\b|"
    r"\bdid\s+not\s+(?:immediately\s+)?(?:respond|reply|return)\b|"
    r"\bdeclined\s+to\s+comment\b|\bnot\s+(?:immediately\s+)?available\s+for\s+comment\b|"
    r"\brequests?\s+for\s+comment\b"
)
# An author's biography line: "Jane Doe is a reporter at …", "The writer is a professor …".
BIOGRAPHY = re.compile(
    r"^\W*(?:[Tt]he\s+(?:author|writer)|[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,3})\s+(?:is|was)"
    r"\s+(?:a|an|the)\s+(?:[\w-]+\s+){0,4}(?:writer|author|columnist|reporter|correspondent|"
    r"editor|journalist|professor|lecturer|fellow|researcher|analyst|contributor|freelance)"
)
# "forecasters expect 2% growth", "would cost £5m", "will secure 900 jobs for the next 30
# years", "it would be a shame".
EXPECTATION = re.compile(
    r"\b(?:would|wouldn['’]t|could|might|(?:is|are|was|were)\s+(?:expected|likely|"
    r"projected|forecast|predicted|poised)\s+to|expects?|expected|expectations?|forecasts?|"
    r"forecasters?|predicts?|predicted|projections?|outlook|for\s+the\s+(?:next|coming)|"
    r"over\s+the\s+(?:next|coming))\b"
)
# Views put to an unnamed group: "many residents say", "critics argue".
VAGUE_VIEWS = re.compile(
    r"\b(?:(?:many|some|most|several|other)\s+(?:\w+\s+){0,2}|critics|opponents|"
    r"supporters|residents|locals|campaigners|observers)\s*,?\s*(?:however\s*,?\s*)?"
    r"(?:say|said|argue|argued|believe|believed|feel|felt|think|thought|complain|complained|"
    r"fear|feared)\b"
)
# "will be met", "to be built": a participle after "be" is not a past event; nor is the past
# of a condition ("if the town lost its library").
_PASSIVE_AHEAD = re.compile(r"\b(?:be|being)\s+(?:[a-z]+ly\s+)?$|\bif\s+(?:[\w'’]+\s+){0,3}$")
# An aside between commas ("footage, which could not be verified, showed…") is not what a
# sentence asserts.
_ASIDE = re.compile(
    r",\s*(?:(?:many|some|most|all|none|one)\s+of\s+)?(?:which|whom|who|although|though)\b"
    r"[^,]*(?:,|$)"
)
SECOND_PERSON = re.compile(r"\b(?:you|your|yours|yourself|yourselves)\b")
LIST_ITEM = re.compile(r"^\s*(?:[•·▪◦*–—-]|\d{1,2}[.)]\s)")
PARTICIPLE = (
    r"(?:[^\W\d_]{3,}ed|seen|done|gone|given|taken|known|shown|been|begun|fallen|risen|"
    r"broken|chosen|driven|eaten|flown|grown|hidden|stolen|sworn|thrown|written|"
    r"made|paid|sold|built|held|lost|won|left|kept|sent|spent|struck|cut|set|put)"
)
PERFECT = re.compile(
    rf"\b(?:has|have|had)\s+(?:not\s+|also\s+|already\s+|now\s+|since\s+)?"
    rf"{PARTICIPLE}\b",
    re.IGNORECASE,
)
# Verbs of speech attribute a statement; they are not themselves the event to check.
SPEECH_ONLY = re.compile(
    r"^(?:said|told|added|asked|stated|declared|explained|wrote|warned|"
    r"stressed|emphasi[sz]ed|maintained|alleged|"
    r"insisted|argued|noted|continued|replied|answered|claimed|announced|"
    r"described|called|tweeted|posted|recalled|remarked|admitted|"
    r"acknowledged|conceded|urged|vowed|promised|commented|observed|"
    r"suggested|testified|reiterated)$",
    re.IGNORECASE,
)
SCHEDULED = re.compile(
    r"\b(?:will|is\s+to|are\s+to|is\s+scheduled|are\s+scheduled|plans?\s+to|"
    r"is\s+due|are\s+due)\b",
    re.IGNORECASE,
)
COMPARATIVE = re.compile(
    r"\b(?:largest|biggest|highest|lowest|smallest|first|last|record|"
    r"most|least|more\s+than|less\s+than|fewer\s+than|since|up\s+from|"
    r"down\s+from|compared\s+with|increase[ds]?|decrease[ds]?|"
    r"doubled|tripled|halved|rose|fell|grew|dropped|only)\b",
    re.I,
)
PROPER = re.compile(
    r"(?<![.!?:]\s)(?<!^)(?<![“\"‘«(]) \(?([A-Z][\w'’.-]*(?:\s+(?:of\s+|de\s+)?"
    r"[A-Z][\w'’.-]*)*)"
)
NOT_NAMES = frozenset(
    "I A An The This That These Those He She It They We You Mr Mrs Ms Dr "
    "Q Monday Tuesday Wednesday Thursday Friday Saturday Sunday "
    "January February March April May June July August September October November December "
    "Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec".split()
)
# A word's possessive or contraction ending: "Washington's" names Washington, "I’m" no one.
_ENDING = re.compile(r"['’](?:s|m|re|ve|ll|d|t)$")
_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")


_GROUPED = (PAST, SPEECH, COMPARATIVE, EVALUATIVE, STANCE_VERBS, SCHEDULED)


def _alternatives(pattern: str) -> list[str]:
    """The top-level alternatives of a pattern."""
    parts, depth, start, index, in_class = [], 0, 0, 0, False
    while index < len(pattern):
        char = pattern[index]
        if char == "\\":
            index += 1
        elif in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
            if pattern[index + 1 : index + 2] == "]":
                index += 1
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            parts.append(pattern[start:index])
            start = index + 1
        index += 1
    return [*parts, pattern[start:]]


def _by_first_letter(pattern: str) -> str:
    r"""The word-list pattern `\b(?:…|…)\b` with its alternatives grouped by their first
    letter, in their order: a word is tried only against those that can match it (the same
    matches, found faster). Alternatives before the first one that opens with a letter stay
    first."""
    assert pattern.startswith(r"\b(?:") and pattern.endswith(r")\b")
    alternatives = _alternatives(pattern[len(r"\b(?:") : -len(r")\b")])
    lead: list[str] = []
    groups: dict[str, list[str]] = {}
    for alternative in alternatives:
        first, after = alternative[:1], alternative[1:2]
        if "a" <= first <= "z" and after not in {"?", "*", "+", "{"}:
            groups.setdefault(first, []).append(alternative[1:])
        else:
            assert not groups, f"{alternative} would change places"
            lead.append(alternative)
    grouped = [f"{first}(?:{'|'.join(rests)})" for first, rests in groups.items()]
    return r"\b(?:" + "|".join([*lead, *grouped]) + r")\b"


class _L:
    """The word-list patterns without IGNORECASE, for text lowered by ASCII_LOWER; the
    longest lists branch on a word's first letter."""

    (
        PAST,
        PERFECT,
        SPEECH,
        COMPARATIVE,
        BOILERPLATE,
        IMPERATIVE,
        EVALUATIVE,
        SHOULD,
        STANCE_VERBS,
        SCHEDULED,
        HEDGE,
    ) = (
        re.compile(_by_first_letter(p.pattern) if p in _GROUPED else p.pattern)
        for p in (
            PAST,
            PERFECT,
            SPEECH,
            COMPARATIVE,
            BOILERPLATE,
            IMPERATIVE,
            EVALUATIVE,
            SHOULD,
            STANCE_VERBS,
            SCHEDULED,
            HEDGE,
        )
    )


@dataclass(frozen=True, slots=True)
class SentenceHints:
    """What the rules make of one sentence: suggested tags (claim, quote, figure order) and
    a check-worthiness score from 0 to 1."""

    hints: tuple[Suggestion, ...]
    score: float
    signals: tuple[str, ...] = ()  # the rule features the check-worthiness model reads

    @property
    def tags(self) -> tuple[str, ...]:
        return tuple(h.tag for h in self.hints)


@dataclass(frozen=True, slots=True)
class _Quotation:
    first: int  # index of the first sentence it touches
    last: int
    words: int
    attribution: str | None
    speaker: str | None


def _rule_hints(
    sentences: Sequence[tuple[str, int]],
    known: frozenset[str] | None,
    part: tuple[int, int] | None = None,
    cache: SuggestCache | None = None,
) -> list[SentenceHints]:
    """The rules' hints of sentences `part` (first, end) of `sentences`, all by default: the
    others are read only for what the part's sentences take from them (names, an
    attribution before a quotation)."""
    first, end_at = part if part is not None else (0, len(sentences))
    quoted: dict[int, tuple[_Quotation, int]] = {}
    start = 0
    while start < len(sentences):
        end = start
        while end + 1 < len(sentences) and sentences[end + 1][1] == sentences[start][1]:
            end += 1
        if end >= first and start < end_at:  # a quotation stays within its paragraph
            for quotation, _ in _quotations(sentences, start, end):
                for index in range(quotation.first, quotation.last + 1):
                    quoted.setdefault(index, (quotation, index - quotation.first + 1))
        start = end + 1
    names = _Names(cache)
    if known is None:
        known = frozenset(
            word for text, _ in sentences for name in names.proper(text) for word in name.split()
        )
    names.learn(known)
    return [
        _hints(
            text,
            quoted.get(i),
            names,
            paragraph > 0 and (i == 0 or sentences[i - 1][1] != paragraph),
        )
        for i, (text, paragraph) in enumerate(sentences[first:end_at], start=first)
    ]


def suggest(
    sentences: Sequence[tuple[str, int]],
    known: frozenset[str] | None = None,
    *,
    part: tuple[int, int] | None = None,
    cache: SuggestCache | None = None,
) -> list[SentenceHints]:
    """Hints for each sentence of an article, given as (text, paragraph) in order, with the
    check-worthiness the model gives each from its words, its rule features and its place
    among its neighbours. Quotations are found a paragraph at a time; an attribution may sit
    in the sentence before one. `known`: the names the whole article uses, when only part of
    it is given.

    `part` (first, end): only the hints of those sentences, the same as
    `suggest(sentences)[first:end]`; the other sentences are read for the names they use, the
    attribution before a quotation and the neighbours' features, but not made hints of.
    `cache`: what was read of each text (its names), kept between calls that read the same
    sentences."""
    first, end = part if part is not None else (0, len(sentences))
    # The neighbours either side: a sentence's score reads their rule features.
    low, high = max(first - 1, 0), min(end + 1, len(sentences))
    found = _rule_hints(sentences, known, (low, high), cache)
    scores = worth.score_article(
        [text for text, _ in sentences[low:high]],
        [paragraph for _, paragraph in sentences[low:high]],
        [hints.signals for hints in found],
    )
    return [
        SentenceHints(hints.hints, score, hints.signals)
        for hints, score in list(zip(found, scores, strict=True))[first - low : end - low]
    ]


class SuggestCache:
    """What the rules read of a text that does not depend on its article (the names it
    capitalises, whether it is title-cased), kept between `suggest` calls on overlapping
    parts of one article."""

    __slots__ = ("proper", "title_case")

    def __init__(self) -> None:
        self.proper: dict[str, list[str]] = {}
        self.title_case: dict[str, bool] = {}


def worth_reasons(sentences: Sequence[tuple[str, int]]) -> list[list[str]]:
    """For each sentence, the few words or rule features that raised its check-worthiness
    most (`“percent”`, `a figure`)."""
    found = _rule_hints(sentences, None)
    features = worth.article_features(
        [text for text, _ in sentences],
        [paragraph for _, paragraph in sentences],
        [hints.signals for hints in found],
    )
    return [worth.explain(f) for f in features]


def signals_of(sentences: Sequence[tuple[str, int]]) -> list[tuple[str, ...]]:
    """The rule features of each sentence, as `suggest` gives them to the model."""
    return [hints.signals for hints in _rule_hints(sentences, None)]


def _hints(
    text: str, quote: tuple[_Quotation, int] | None, names: _Names, opens_paragraph: bool
) -> SentenceHints:
    hints: list[Suggestion] = []
    figures = find_figures(text)
    claim_reason, score, signals = _claim(text, figures, quote is not None, names, opens_paragraph)
    if claim_reason is not None:
        hints.append(Suggestion("claim", claim_reason))
    if quote is not None:
        quotation, part = quote
        reason = f"quotation of {quotation.words} words"
        if quotation.last > quotation.first:
            reason += f" (sentence {part} of {quotation.last - quotation.first + 1})"
        if quotation.attribution:
            reason += f", attributed by “{quotation.attribution}”"
        if quotation.speaker:
            reason += f"; speaker: {quotation.speaker}"
        hints.append(Suggestion("quote", reason))
    if figures:
        listed = "; ".join(_figure_reason(f) for f in figures[:6])
        more = f" and {len(figures) - 6} more" if len(figures) > 6 else ""
        hints.append(Suggestion("figure", f"contains {listed}{more}"))
    if quote is not None:
        signals = (*signals, "quote")
    return SentenceHints(tuple(hints), score, signals)


def _figure_reason(figure: Figure) -> str:
    return figure.text if figure.normal == figure.text else f"{figure.text} → {figure.normal}"


# ----------------------------------------------------------------- claims
def _claim(
    text: str, figures: list[Figure], quoted: bool, article: _Names, heading: bool = False
) -> tuple[str | None, float, tuple[str, ...]]:
    """The reason a sentence looks like a checkable claim (None if it does not), the rules'
    own check-worthiness, and the rule features the model reads. Names and events are looked
    for in what is asserted: the quoted words of a quotation, the reported clause after a verb
    of speech. `heading`: the sentence opens a paragraph after the headline, where a section
    heading would stand."""
    body = ANSWER_PREFIX.sub("", text).strip()
    bare = body.rstrip('”"’»)] ')
    words = _WORD.findall(body)
    content = _asserted(body, quoted)
    names = article.of(content)
    # The word lists run case-sensitively on lowered copies: much faster than IGNORECASE.
    low_body = ascii_lower(body)
    low_content = low_body if content is body else ascii_lower(content)
    title = article.title_case(body)
    past = next(
        (
            m
            for m in _verbs(_L.PAST, low_content, content, title)
            if not SPEECH_ONLY.match(m.group())
            and m.group() not in NOT_EVENTS
            and not _PASSIVE_AHEAD.search(low_content, 0, m.start())
        ),
        None,
    ) or _L.PERFECT.search(low_content)
    said = list(_verbs(_L.SPEECH, low_body, body, title))
    attributed = next((m for m in said if SPEECH_ONLY.match(m.group())), None) or next(
        iter(said), None
    )
    comparative = _L.COMPARATIVE.search(low_content)
    score = (
        0.2
        + 0.3 * bool(figures)
        + 0.1 * (len(figures) > 1)
        + 0.15 * bool(names)
        + 0.1 * bool(past)
        + 0.05 * bool(attributed)
        + 0.1 * bool(comparative)
    )
    score = min(score, 1.0)
    signals = [
        name
        for name, present in (
            ("figure", figures),
            ("figures", len(figures) > 1),
            ("name", names),
            ("past", past),
            ("attributed", attributed),
            ("comparative", comparative),
            ("hedge", _L.HEDGE.search(low_content)),
        )
        if present
    ]

    blocked = None
    if bare.endswith("?") or QUESTION_START.match(text):
        blocked, score = "question", 0.05
    elif not words or _L.BOILERPLATE.match(low_body):
        blocked = "boilerplate"
    elif heading and _heading(body, words, figures, past):
        blocked = "heading"
    elif len(words) < 4 and not figures:
        blocked = "short"
    elif body.endswith(":") and not figures:
        blocked = "introduces"
    elif _L.IMPERATIVE.match(low_content.lstrip('“"‘«')):
        blocked = "advice"
    elif SERVICE.search(low_body) or (not past and WEB_ADDRESS.search(low_body)):
        blocked = "service"
    elif CAVEAT.search(_ASIDE.sub(" ", low_body)):
        blocked = "caveat"
    elif BIOGRAPHY.match(body):
        blocked = "biography"
    elif not past and _forecast(_ASIDE.sub(" ", low_content), figures, attributed):
        blocked = "forecast"
    elif not figures and VAGUE_VIEWS.search(low_body):
        blocked = "views"
    elif not figures and not past and SECOND_PERSON.search(low_content):
        blocked = "address"
    elif not figures and (
        _L.EVALUATIVE.search(low_body)
        or _L.SHOULD.search(low_body)
        or _L.STANCE_VERBS.search(low_body)
    ):
        blocked = "opinion"
    elif not figures and not quoted and _writers_view(body, low_body, past):
        blocked = "first person"
    elif not (figures or names or past or title or _scheduled(low_content)):
        blocked = "nothing to check"
    if blocked is not None:
        signals.append(blocked)
        return None, round(min(score, 0.25), 2), tuple(signals)

    reasons = []
    if figures:
        reasons.append("states " + ", ".join(f.text for f in figures[:3]))
    if names:
        reasons.append("names " + ", ".join(names[:3]))
    event = past or _L.SCHEDULED.search(low_content)
    if event:
        reasons.append(f"reports “{event.group().strip()}”")
    if attributed:
        reasons.append(f"attributed (“{attributed.group()}”)")
    if article.title_case(body) and not reasons:
        reasons.append("a headline's assertion")
    signals.append("claim")
    return "; ".join(reasons) or "a statement of fact", round(score, 2), tuple(signals)


def _heading(body: str, words: list[str], figures: list[Figure], past: object) -> bool:
    """A section heading: a few words with no final punctuation and nothing they report
    ("About the Ministry", "Background"); list items are not headings."""
    return (
        not figures
        and past is None
        and len(words) <= 8
        and not body.endswith((".", "!", "?", ":", ";", "…", '"', "”", "’", ")"))
        and LIST_ITEM.match(body) is None
    )


def _scheduled(low: str) -> bool:
    """An event fixed to a day: "a hearing will take place in February"."""
    return _L.SCHEDULED.search(low) is not None and DATE_WORD.search(low) is not None


def _forecast(low: str, figures: list[Figure], attributed: re.Match[str] | None) -> bool:
    """A forecast, expectation or condition ("forecasters expect…", "it would be a shame"),
    or a plan or intention with no figure and no date ("would not move until…", "will be met
    with…"). A source's figures reported by a verb of speech ("she warned that rates could fall
    by a third") are a claim: what the source said can be checked."""
    if EXPECTATION.search(low):
        return not (figures and attributed and SPEECH_ONLY.match(attributed.group()))
    if figures or DATE_WORD.search(low):
        return False
    return PLANNED.search(low) is not None


def _verbs(pattern: re.Pattern[str], low: str, text: str, title: bool) -> Iterator[re.Match[str]]:
    """Matches of a word list of verbs in a lowered text, leaving out words capitalised
    mid-sentence (outside a title-cased headline): "United States" is a name, not an event
    or a verb of speech."""
    for match in pattern.finditer(low):
        at = match.start()
        if title or not text[at].isupper() or _WORD.search(text, 0, at) is None:
            yield match


def _writers_view(body: str, low_body: str, past: re.Match[str] | None) -> bool:
    """Whether a sentence in the first person gives the writer's view rather than a record
    of what the speaker did: "I voted against the bill" and "we cut the deficit" state
    checkable acts; "we need a change" does not."""
    if not FIRST_PERSON.search(_outside_quotes(body)):
        return False
    if past is None:
        return True
    for match in OWN_RECORD.finditer(low_body):
        verb = match.group(1)
        if _L.PAST.fullmatch(verb) or _L.PERFECT.search(match.group()):
            return False
    return True


def _asserted(body: str, quoted: bool) -> str:
    """What a sentence asserts: the words inside quotation marks of a quoted sentence, the
    clause after a verb of speech, or the whole sentence."""
    if quoted:
        inside = inside_quotes(body)
        if inside.strip():
            return inside
        return body
    outside = _outside_quotes(body)
    if _FOLDS_TO_ASCII.search(outside) is None:
        # as SPEECH, without IGNORECASE
        speech = next(_verbs(_L.SPEECH, ascii_lower(outside), outside, False), None)
    else:
        speech = next(_verbs(SPEECH, outside, outside, False), None)
    if speech and SPEECH_ONLY.match(speech.group()):
        clause = body[speech.end() :].lstrip(" ,:")
        clause = _CLAUSE_OPENING.sub("", clause)
        if len(_WORD.findall(clause)) >= 3:
            return clause
    return body


# IGNORECASE matches these with ASCII letters (İ ı with i, ſ with s, the Kelvin sign with k):
# a text holding none matches a lowered pattern as it matches the IGNORECASE one.
_FOLDS_TO_ASCII = re.compile("[\u0130\u0131\u017f\u212a]")
_CLAUSE_OPENING = re.compile(r"^(?:in\s+a\s+statement|on\s+\w+|that)\s+")


def inside_quotes(text: str) -> str:
    """The quoted words of a sentence; a sentence that opens a quotation without closing it,
    or closes one it did not open, is quoted up to or from its mark."""
    marks = [(m.start(), m.group()) for m in re.finditer(r"[“”\"«»]", text)]
    if not marks:
        return text
    parts = []
    position, inside = 0, marks[0][1] in "”»"
    for at, mark in marks:
        opening = mark in "“«" or (mark == '"' and not inside)
        if inside and not opening:
            parts.append(text[position:at])
            inside = False
        elif not inside and opening:
            inside = True
        position = at + 1
    if inside:
        parts.append(text[position:])
    return " ".join(parts)


class _Names:
    """The names an article uses, indexed by the five- and four-letter stems a sentence's first
    word is looked up by (one set lookup, however many names the article has); and what is
    read of each text once per call: its names, whether it is title-cased."""

    def __init__(self, cache: SuggestCache | None = None) -> None:
        self.stems: set[str] = set()
        cache = cache or SuggestCache()
        self._proper = cache.proper
        self._title_case = cache.title_case

    def learn(self, known: frozenset[str]) -> None:
        self.stems.update(word[:5] for word in known if len(word) >= 5)
        self.stems.update(word[:4] for word in known if len(word) >= 4)

    def of(self, text: str) -> list[str]:
        """Capitalised names in a text; its first word counts when the article uses it as a
        name elsewhere (`Velmoran officials` where `Velmora` is named mid-sentence)."""
        found = self.proper(text)
        if not found and self.title_case(text):  # (a title-cased text has no names found)
            return []
        first = _FIRST_WORD.match(text)
        # The first word counts if it starts like a known name: its first five letters, or
        # all four.
        if (
            first
            and first.group(1) not in NOT_NAMES
            and first.group(1) not in found
            and first.group(1)[:5] in self.stems
        ):
            return [first.group(1), *found]
        return list(found)

    def proper(self, text: str) -> list[str]:
        """The names a text capitalises mid-sentence, none in a headline's title case."""
        found = self._proper.get(text)
        if found is None:
            names: dict[str, None] = {}
            if not self.title_case(text):  # as headlines are written: capitals say nothing
                for match in PROPER.finditer(" " + text):
                    name = _ENDING.sub("", match.group(1).rstrip(".,'’")).rstrip(".,'’")
                    if name and name.split()[0] not in NOT_NAMES:
                        names.setdefault(name, None)
            found = self._proper[text] = list(names)
        return found

    def title_case(self, text: str) -> bool:
        found = self._title_case.get(text)
        if found is None:
            found = self._title_case[text] = _title_case(text)
        return found


_FIRST_WORD = re.compile(r"[“\"‘«(]*([A-Z][\w-]{3,})")


def _title_case(text: str) -> bool:
    words = _WORD.findall(text)
    return len(words) > 3 and sum(map(str.isupper, [w[0] for w in words])) > 0.6 * len(words)


def article_names(texts: Iterable[str]) -> frozenset[str]:
    """Words an article capitalises mid-sentence: the names it uses. The texts may come one
    at a time: what is read of each is not kept for all of them."""
    names = _Names()
    found: set[str] = set()
    for text in texts:
        found.update(word for name in names.proper(text) for word in name.split())
        if len(names._proper) >= _NAMES_KEPT:  # a long article: its texts are not all kept
            names._proper.clear()
            names._title_case.clear()
    return frozenset(found)


_NAMES_KEPT = 4096


def _outside_quotes(text: str) -> str:
    return re.sub(r"[“\"«][^”\"»]*[”\"»]?", " ", text)


# ---------------------------------------------------------------- quotes
def _quotations(
    sentences: Sequence[tuple[str, int]], first: int, last: int
) -> list[tuple[_Quotation, int]]:
    """Quotations of one paragraph (sentences first..last)."""
    texts = [sentences[i][0] for i in range(first, last + 1)]
    joined = " ".join(texts)
    starts = []
    position = 0
    for text in texts:
        starts.append(position)
        position += len(text) + 1

    def sentence_at(offset: int) -> int:
        return bisect.bisect_right(starts, offset) - 1

    found = []
    for open_at, close_at in _quote_spans(joined):
        inner = joined[open_at + 1 : close_at]
        words = len(_WORD.findall(inner))
        a, b = sentence_at(open_at), sentence_at(max(open_at, close_at - 1))
        if words < QUOTE_MIN_WORDS or _names_a_work(joined, open_at):
            continue  # scare quotes, or the title of a work
        outside = (
            joined[starts[a] : open_at] + " " + joined[close_at + 1 : starts[b] + len(texts[b])]
        )
        attribution = _attribution(
            outside, joined[close_at + 1 : starts[b] + len(texts[b])], joined[starts[a] : open_at]
        )
        if attribution is None:
            before = first + a - 1
            if before >= 0:
                previous = _outside_quotes(sentences[before][0])
                attribution = _attribution(previous, previous.strip(" ,.;—-"), "")
        if attribution is None:
            continue
        phrase, speaker = attribution
        found.append((_Quotation(first + a, first + b, words, phrase, speaker), open_at))
    return found


def _names_a_work(text: str, end: int) -> bool:
    """Whether the words before `end` name a title (`NAMING.search(text[:end])`), reading
    only those words: a paragraph of many quotations is not read again for each."""
    stop = end
    while stop > 0 and text[stop - 1].isspace():
        stop -= 1
    start = stop - len("nicknamed")  # the longest one-word naming
    space = stop - len("as")  # "known as", however many spaces apart
    while space > 0 and text[space - 1].isspace():
        space -= 1
    if space < stop - len("as"):
        start = min(start, space - len("known"))
    return NAMING.search(text, max(start, 0), end) is not None


_QUOTE_MARK = re.compile('[“«„"‘]')


def _quote_spans(text: str) -> list[tuple[int, int]]:
    """(opening mark, closing mark) offsets; an unclosed quotation runs to the end."""
    spans = []
    closers = _SingleClosers(text)
    index = 0
    length = len(text)
    while (mark := _QUOTE_MARK.search(text, index)) is not None:
        index = mark.start()
        char = text[index]
        close: str | None = None
        if char in OPENERS:
            close = OPENERS[char]
        elif char == '"' and (index == 0 or not text[index - 1].isalnum()):
            close = '"'
        elif (
            char == "‘"
            and (index == 0 or not text[index - 1].isalnum())
            and index + 1 < length
            and text[index + 1].isalpha()
        ):
            close = "’"
        if close is None:
            index += 1
            continue
        if close == "’":
            end = closers.after(index + 1)
        else:
            found = text.find(close, index + 1)
            end = found if found >= 0 else length
        spans.append((index, end))
        index = end + 1
    return spans


class _SingleClosers:
    """Where a quotation opened by ‘ closes: at the first ’ not followed by a letter that
    comes after punctuation (",’ she said"), else at the first ’ not followed by a letter (a
    letter makes it an apostrophe), else at the end. Found once for the whole text."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._marks: tuple[list[int], list[int]] | None = None

    def after(self, start: int) -> int:
        if self._marks is None:
            text = self.text
            closing = [
                m.start()
                for m in re.finditer("’", text)
                if not text[m.end() : m.end() + 1].isalpha()
            ]
            self._marks = ([at for at in closing if at and text[at - 1] in ",.!?;:—-"], closing)
        for marks in self._marks:
            index = bisect.bisect_left(marks, start)
            if index < len(marks):
                return marks[index]
        return len(self.text)


def _attribution(outside: str, after: str, before: str) -> tuple[str, str | None] | None:
    """The words that attribute a quotation, and the speaker where they name one."""
    if before.rstrip().endswith(":") and SPEECH.search(before) is None:
        phrase = " ".join(before.split()[-6:]).rstrip(":")
        return phrase, _speaker(phrase)
    match = SPEECH.search(outside)
    if match is None:
        return None
    tail = after.strip(" ,.;—-")
    if tail and SPEECH.search(tail) and len(tail.split()) <= 12:
        phrase = tail
    else:
        words_before = outside[: match.start()].split()[-5:]
        words_after = outside[match.end() :].split()[:5]
        phrase = " ".join([*words_before, match.group(), *words_after]).strip(' ,.;:“”"')
    return phrase.rstrip(' ,.;:“”"'), _speaker(phrase)


def _speaker(phrase: str) -> str | None:
    """The name, or the noun phrase, that a verb of speech is attached to."""
    match = next(
        (
            m
            for m in SPEECH.finditer(phrase)
            if SPEECH_ONLY.match(m.group())
            or m.group().lower() in {"says", "tells", "adds", "according to"}
        ),
        None,
    )
    if match is None:
        return None
    after = re.match(
        r"\s+((?:(?:Mr|Mrs|Ms|Dr|Sen|Gen|Judge|Prof|Rev)\.?\s+)?"
        r"[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*)*)",
        phrase[match.end() :],
    )
    if after:
        return after.group(1).rstrip(",.")
    words = [w for w in re.split(r"\s+", phrase[: match.start()].strip())[-4:] if w]
    if words and words[-1].lower() in {"he", "she", "they", "we", "i", "it"}:
        return words[-1]
    while words and not (words[0][:1].isupper() or words[0].lower() in {"the", "a", "an"}):
        words.pop(0)
    if words and not re.search(r"[,;:“”\"]", " ".join(words)):
        return " ".join(words)
    return None

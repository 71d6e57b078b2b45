"""Check-worthiness: which sentences a fact-checker would pick to check first.

A logistic model, trained on political speech that fact-checkers annotated (the CheckThat! 2019
training debates and the ClaimBuster ground truth; `scripts/train_worth.py` rebuilds it), reads
three kinds of feature of each sentence:

- its words and word pairs (`percent`, `tax cuts`, `i think`),
- the rule features `suggest` computes (a figure, a name, a reported event, an attribution, a
  hedge; or a question, an opinion, boilerplate),
- its place among its neighbours: first or last of its paragraph (a speaker's turn in a
  debate), alone in it, after a question, next to sentences with figures.

The weights ship as a small data file, read once on first use; scoring is a sparse dot product
in plain Python. `explain` names the few features that raised a sentence's score.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

from .figures import ascii_lower

MODEL_FILE = "worth_model.json"
PARTS = frozenset({"ngrams", "rules", "turn"})

_TOKEN = re.compile(r"[a-z]+(?:'[a-z]+)?|\d+(?:[.,]\d+)*")
_DIGIT = re.compile(r"\d")
_LENGTHS = ((4, "len:tiny"), (9, "len:short"), (20, "len:medium"), (35, "len:long"))
# What news writing marks as no claim at all (boilerplate, service information, an editorial
# caveat, an author's biography, a section heading) is never among the sentences to check
# first, whatever its words: the speech the model learnt from has almost none of it.
CAPPED = frozenset({"boilerplate", "service", "caveat", "biography", "heading"})
CAP = -1.1  # the logit of a score of 0.25
_CAPPED_FEATURES = frozenset("r:" + name for name in CAPPED)
# Rule features the neighbours of a sentence pass on to it.
_CONTEXT_SIGNALS = ("figure", "question", "claim")


def tokens(text: str) -> list[str]:
    """A sentence's words, lowered, with every number written as 0."""
    low = ascii_lower(text)
    if "’" in low:
        low = low.replace("’", "'")
    if _DIGIT.search(low) is None:
        return _TOKEN.findall(low)
    return ["0" if t[0].isdigit() else t for t in _TOKEN.findall(low)]


def sentence_features(
    text: str, signals: Sequence[str], parts: frozenset[str] = PARTS
) -> list[str]:
    """The features of one sentence on its own: words, word pairs, rule features, length."""
    features: list[str] = []
    words = tokens(text)
    if "ngrams" in parts:
        features.extend(["w:" + w for w in words])
        features.extend(
            ["b:" + a + " " + b for a, b in zip(["<s>", *words], [*words, "</s>"], strict=True)]
        )
    if "rules" in parts:
        features.extend(["r:" + s for s in signals])
        features.append(next((name for most, name in _LENGTHS if len(words) <= most), "len:huge"))
    return features


def article_features(
    texts: Sequence[str],
    paragraphs: Sequence[int],
    signals: Sequence[Sequence[str]],
    parts: frozenset[str] = PARTS,
) -> list[list[str]]:
    """The features of each sentence of an article (or each line of a debate, a speaker's
    turn standing for a paragraph), its place among its neighbours included."""
    found = [sentence_features(t, s, parts) for t, s in zip(texts, signals, strict=True)]
    if "turn" not in parts:
        return found
    count = len(texts)
    for index, features in enumerate(found):
        paragraph = paragraphs[index]
        first = index == 0 or paragraphs[index - 1] != paragraph
        last = index == count - 1 or paragraphs[index + 1] != paragraph
        features.append(
            "t:alone"
            if first and last
            else "t:first"
            if first
            else "t:last"
            if last
            else "t:inside"
        )
        if index > 0:
            before = signals[index - 1]
            features.extend(["p:" + s for s in _CONTEXT_SIGNALS if s in before])
            if first:
                features.extend(["pt:" + s for s in _CONTEXT_SIGNALS if s in before])
        if index < count - 1:
            after = signals[index + 1]
            features.extend(["n:" + s for s in _CONTEXT_SIGNALS if s in after])
    return found


@dataclass(frozen=True, slots=True)
class Model:
    """Weights by feature name (`w:word`, `b:word pair`, `r:rule`, …) and the bias."""

    bias: float
    weights: dict[str, float]

    def logit(self, features: Sequence[str]) -> float:
        get = self.weights.get
        total = self.bias + sum(get(f, 0.0) for f in features)
        if not _CAPPED_FEATURES.isdisjoint(features):
            total = min(total, CAP)
        return total

    def score(self, features: Sequence[str]) -> float:
        return _squash(self.logit(features))


class _Scorer:
    """The model split by kind of feature for speed: word and word-pair weights looked up by
    the bare words (no feature names built), the rest by name. Gives what `Model.logit` gives
    for `article_features`."""

    def __init__(self, model: Model) -> None:
        self.bias = model.bias
        self.words = {k[2:]: v for k, v in model.weights.items() if k.startswith("w:")}
        self.pairs = {k[2:]: v for k, v in model.weights.items() if k.startswith("b:")}
        self.other = {k: v for k, v in model.weights.items() if k[:2] not in {"w:", "b:"}}

    def scores(
        self, texts: Sequence[str], paragraphs: Sequence[int], signals: Sequence[Sequence[str]]
    ) -> list[float]:
        words_get, pairs_get, other = self.words.get, self.pairs.get, self.other
        rule = {s: other.get("r:" + s, 0.0) for row in signals for s in row}
        context = {
            (prefix, s): other.get(prefix + s, 0.0)
            for prefix in ("p:", "pt:", "n:")
            for s in _CONTEXT_SIGNALS
        }
        place = {
            name: other.get(name, 0.0) for name in ("t:alone", "t:first", "t:last", "t:inside")
        }
        lengths = [(most, other.get(name, 0.0)) for most, name in _LENGTHS]
        huge = other.get("len:huge", 0.0)
        count = len(texts)
        found = []
        for index, text in enumerate(texts):
            words = tokens(text)
            total = self.bias + sum(filter(None, map(words_get, words)))
            pairs = map(" ".join, zip(["<s>", *words], [*words, "</s>"], strict=True))
            total += sum(filter(None, map(pairs_get, pairs)))
            total += sum(map(rule.__getitem__, signals[index]))
            size = len(words)
            total += next((weight for most, weight in lengths if size <= most), huge)
            paragraph = paragraphs[index]
            first = index == 0 or paragraphs[index - 1] != paragraph
            last = index == count - 1 or paragraphs[index + 1] != paragraph
            total += place[
                "t:alone"
                if first and last
                else "t:first"
                if first
                else "t:last"
                if last
                else "t:inside"
            ]
            if index > 0:
                before = signals[index - 1]
                for name in _CONTEXT_SIGNALS:
                    if name in before:
                        total += context["p:", name] + (context["pt:", name] if first else 0.0)
            if index < count - 1:
                after = signals[index + 1]
                for name in _CONTEXT_SIGNALS:
                    if name in after:
                        total += context["n:", name]
            if not CAPPED.isdisjoint(signals[index]):
                total = min(total, CAP)
            found.append(_squash(total))
        return found


def _squash(logit: float) -> float:
    if logit < -30:
        return 0.0
    return round(1.0 / (1.0 + math.exp(-logit)), 3)


@cache
def model() -> Model:
    """The shipped model, read once."""
    raw = resources.files(__package__ or "workbench.core").joinpath("data", MODEL_FILE)
    data = json.loads(raw.read_text(encoding="utf-8"))
    return Model(float(data["bias"]), {k: float(v) for k, v in data["weights"].items()})


@cache
def _scorer() -> _Scorer:
    return _Scorer(model())


def score_article(
    texts: Sequence[str], paragraphs: Sequence[int], signals: Sequence[Sequence[str]]
) -> list[float]:
    """The check-worthiness of each sentence, from 0 to 1."""
    return _scorer().scores(texts, paragraphs, signals)


_READABLE = {
    "r:figure": "a figure",
    "r:figures": "several figures",
    "r:name": "a name",
    "r:past": "a reported event",
    "r:attributed": "an attribution",
    "r:comparative": "a comparison",
    "r:hedge": "a hedge",
    "r:quote": "a quotation",
    "r:claim": "a checkable claim",
    "t:first": "opens its paragraph",
    "t:alone": "a paragraph of its own",
    "p:figure": "after a figure",
    "n:figure": "before a figure",
    "p:question": "answers a question",
    "pt:question": "answers a question",
}


_UNREADABLE = frozenset({"<s>", "</s>", "0"})
_FUNCTION = frozenset(
    """a an the and or but of in on at to for from by with as is are was were be been it its
    this that these those there here he she they we you i his her their our your my me us
    them so if then than not no do does did has have had will would can could""".split()
)


def explain(features: Sequence[str], limit: int = 3) -> list[str]:
    """The few features that raised a score most, in words a reviewer reads: quoted words and
    word pairs, or what the rules found."""
    weights = model().weights
    raised: dict[str, float] = {}
    for feature in features:
        weight = weights.get(feature, 0.0)
        if weight <= 0:
            continue
        kind, _, value = feature.partition(":")
        if kind in {"w", "b"}:
            words = [w for w in value.split() if w not in _UNREADABLE]
            # A number is "a figure" already; words that only join others say nothing.
            label = "“" + " ".join(words) + "”" if not _FUNCTION.issuperset(words) else ""
        else:
            label = _READABLE.get(feature, "")
        if label:
            raised[label] = raised.get(label, 0.0) + weight
    ranked = sorted(raised.items(), key=lambda item: (-item[1], item[0]))
    return [label for label, _ in ranked[:limit]]

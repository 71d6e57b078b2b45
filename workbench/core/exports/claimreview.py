"""schema.org ClaimReview JSON-LD, linted against Google's published rules before writing.

Rules applied (https://developers.google.com/search/docs/appearance/structured-data/factcheck):
required `claimReviewed`, `reviewRating.alternateName` and `url`; `claimReviewed` fewer than
75 characters and free of the rating's words; `worstRating` at least 1 and below `bestRating`;
`ratingValue` between them. A label off the scale's truth axis (number below 1, such as
Unverifiable) is published by `alternateName` alone, without numbers.

Each claim's `url` is the report URL with an anchor. A report URL may hold `{article}` (replaced
by the article's number, one page per article: `#claim-N`); without it, when several articles
share one page, the anchor names the article too (`#article-A-claim-N`). The HTML report carries
both anchors, so either lands on the entry.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ..errors import ExportError, ValidationError
from ..models import CLAIM_LIMIT, Review, SentenceReview
from ..scales import Scale
from ..textsafe import dumps
from .common import off_axis, safe_url
from .options import ExportOptions

ARTICLE_PLACEHOLDER = "{article}"
LOWEST_WORST_RATING = 1  # worstRating must be at least this
_ISO_DATE_LENGTH = len("2024-11-12")  # the date part of an ISO timestamp

# Words that make a claimant an organisation rather than a person, for itemReviewed.author.
_ORGANISATION_WORDS = frozenset(
    """
    group groups ministry government agency news party council police army forces company inc
    ltd committee association union department office resistance organisation organization
    university network
""".split()
)
_WORD = re.compile(r"[^\W_]+")


@dataclass(frozen=True, slots=True)
class Problem:
    number: int
    rule: str
    text: str  # what is wrong, without the sentence

    @property
    def message(self) -> str:
        return f"sentence {self.number}: {self.text} [rule {self.rule}]"


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def author_type(claimant: str) -> str:
    """schema.org @type for a claimant: "Organization" when its name says so, else "Person"."""
    words = {word.casefold() for word in _WORD.findall(claimant)}
    return "Organization" if words & _ORGANISATION_WORDS else "Person"


def report_page(report_url: str, article_id: int) -> str:
    """The report URL of one article: `{article}` replaced by the article's number."""
    return report_url.replace(ARTICLE_PLACEHOLDER, str(article_id))


def anchor(article_id: int, number: int, *, per_article: bool) -> str:
    """The anchor of a claim in the report: `claim-N`, or `article-A-claim-N` when several
    articles' claims share one page."""
    return f"article-{article_id}-claim-{number}" if per_article else f"claim-{number}"


def claim_url(
    report_url: str | None, article_id: int, number: int, *, several: bool = False
) -> str | None:
    """Where a claim's review is published, or None without an http(s) report URL."""
    if not report_url:
        return None
    page = report_page(report_url, article_id)
    if safe_url(page) is None:
        return None
    # With `{article}` each article has its own page; otherwise several share one.
    per_article = several and ARTICLE_PLACEHOLDER not in report_url
    return f"{page}#{anchor(article_id, number, per_article=per_article)}"


def claim_review(
    item: SentenceReview,
    review: Review,
    scale: Scale | None,
    organisation: dict[str, str | None],
    report_url: str | None,
    *,
    several: bool = False,
) -> dict[str, Any]:
    verdict = item.verdict
    assert verdict is not None
    article = review.article
    number = item.sentence.number
    rating: dict[str, Any] = {"@type": "Rating", "alternateName": verdict.label}
    if scale is not None and not off_axis(verdict):
        rating.update(
            ratingValue=_number(verdict.value),
            bestRating=_number(scale.best),
            worstRating=_number(scale.worst),
        )
    claim: dict[str, Any] = {"@type": "Claim"}
    if verdict.claimant:
        claim["author"] = {"@type": author_type(verdict.claimant), "name": verdict.claimant}
    if article.date:
        claim["datePublished"] = article.date
    appearance: dict[str, Any] = {"@type": "CreativeWork"}
    if safe_url(article.url):
        appearance["url"] = article.url
    if article.title:
        appearance["headline"] = article.title
    if len(appearance) > 1:
        claim["appearance"] = appearance
    document: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "claimReviewed": verdict.claim or item.sentence.text,
        "datePublished": verdict.created_at[:_ISO_DATE_LENGTH],
        "reviewRating": rating,
        "itemReviewed": claim,
    }
    url = claim_url(report_url, article.id, number, several=several)
    if url:
        document["url"] = url
    author = {k: v for k, v in organisation.items() if v}
    if author:
        document["author"] = {"@type": "Organization", **author}
    return document


def lint(document: dict[str, Any], number: int, scale: Scale | None) -> list[Problem]:
    problems: list[Problem] = []

    def problem(rule: str, message: str) -> None:
        problems.append(Problem(number, rule, message))

    claim = document.get("claimReviewed") or ""
    rating = document.get("reviewRating") or {}
    if not claim.strip():
        problem("claimReviewed-required", "claimReviewed is missing")
    elif len(claim) >= CLAIM_LIMIT:
        problem(
            "claimReviewed-length",
            f"claimReviewed has {len(claim)} characters; restate the claim in fewer "
            f"than {CLAIM_LIMIT} characters (workbench verdict … --claim)",
        )
    if not rating.get("alternateName"):
        problem("alternateName-required", "reviewRating.alternateName is missing")
    if not document.get("url"):
        problem("url-required", "url is missing: give --report-url or set organisation.url")
    if scale is not None and claim:
        words = {label.name.casefold() for label in scale.labels}
        said = [w for w in words if re.search(rf"(?<!\w){re.escape(w)}(?!\w)", claim.casefold())]
        if said:
            problem(
                "claimReviewed-rating-words",
                f"claimReviewed contains the rating word(s) {', '.join(sorted(said))}",
            )
    if "ratingValue" in rating:
        worst, best, value = (
            rating.get("worstRating"),
            rating.get("bestRating"),
            rating["ratingValue"],
        )
        if worst is None or best is None:
            problem("rating-range", "ratingValue needs worstRating and bestRating")
        else:
            if worst < LOWEST_WORST_RATING:
                problem(
                    "worstRating-min",
                    f"worstRating is {worst}; it must be at least {LOWEST_WORST_RATING}",
                )
            if worst >= best:
                problem(
                    "worstRating-below-best", f"worstRating {worst} must be below bestRating {best}"
                )
            if not worst <= value <= best:
                problem("ratingValue-range", f"ratingValue {value} is outside {worst}–{best}")
    return problems


def build(
    review: Review,
    scales: dict[str, Scale],
    organisation: dict[str, str | None],
    report_url: str | None,
    *,
    several: bool = False,
) -> tuple[list[dict[str, Any]], list[Problem]]:
    """ClaimReviews that pass the lint, and the problems of those left out."""
    published: list[dict[str, Any]] = []
    problems: list[Problem] = []
    for item in review.sentences:
        if item.verdict is None:
            continue
        scale = scales.get(item.verdict.scale)
        document = claim_review(item, review, scale, organisation, report_url, several=several)
        found = lint(document, item.sentence.number, scale)
        if found:
            problems.extend(found)
        else:
            published.append(document)
    return published, problems


def check_publish_url(value: str | None, what: str, *, placeholder: bool = False) -> str | None:
    """An organisation or report URL as given, or a ValidationError saying what is wrong.
    With `placeholder`, `{article}` may stand for the article's number."""
    if value is None:
        return None
    page = report_page(value, 1) if placeholder else value
    if safe_url(page) is None or page.strip() != page:
        raise ValidationError(
            f"{what} must be an http(s) URL such as https://factcheck.example.org, not {value!r}"
        )
    if not placeholder and ARTICLE_PLACEHOLDER in value:
        raise ValidationError(f"{what} cannot hold {ARTICLE_PLACEHOLDER}; only --report-url can")
    if "#" in value:
        raise ValidationError(
            f"{what} must not have a #fragment: each claim gets its own anchor ({value!r})"
        )
    return value


def organisation_warning(options: ExportOptions) -> str | None:
    """What a ClaimReview export lacks when no organisation is configured, or None."""
    missing = [
        what
        for what, value in (("name", options.organisation_name), ("URL", options.organisation_url))
        if not value
    ]
    if not missing:
        return None
    return (
        f"no organisation {' or '.join(missing)} configured: ClaimReview "
        f"{'has no author' if len(missing) == 2 else 'author is incomplete'}; set "
        "[organisation] name and url in the config, or give --org-name and --org-url"
    )


def _build(review: Review, options: ExportOptions) -> tuple[list[dict[str, Any]], list[Problem]]:
    scales = {scale.name: scale for scale in review.scales}
    organisation = {"name": options.organisation_name, "url": options.organisation_url}
    return build(
        review,
        scales,
        organisation,
        options.report_url or options.organisation_url,
        several=options.several_articles,
    )


def claimreview_failures(review: Review, options: ExportOptions | None = None) -> list[str]:
    """The lint problems that would refuse a strict ClaimReview export of this article, each
    naming the article, the sentence and the rule."""
    _, problems = _build(review, options or ExportOptions())
    return [f"article {review.article.id} {p.message}" for p in problems]


def write(review: Review, options: ExportOptions) -> tuple[str, list[str]]:
    """The ClaimReviews that pass the lint; the problems, and what was left out, as warnings.
    With `options.strict` any problem refuses the export."""
    published, problems = _build(review, options)
    messages = [p.message for p in problems]
    left_out = sorted({p.number for p in problems})
    if left_out and options.strict:
        raise ExportError(
            "ClaimReview refused (--strict): "
            + "; ".join(f"article {review.article.id} {m}" for m in messages)
        )
    if left_out:
        messages.append(
            f"left out of the ClaimReview export: sentence(s) {', '.join(map(str, left_out))}"
        )
    return dumps(published) + "\n", messages

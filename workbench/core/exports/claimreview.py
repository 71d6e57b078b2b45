"""schema.org ClaimReview JSON-LD, linted against Google's published rules before writing.

Rules applied (https://developers.google.com/search/docs/appearance/structured-data/factcheck):
required `claimReviewed`, `reviewRating.alternateName` and `url`; `claimReviewed` fewer than
75 characters and free of the rating's words; `worstRating` at least 1 and below `bestRating`;
`ratingValue` between them. A label off the scale's truth axis (number below 1, such as
Unverifiable or Misleading) is published by name alone, without numbers.

Each claim's `url` is the page where the review is published (`--report-url`; `{article}` in
it stands for the article's number) with the anchor `#sentence-ID`: the sentence's id, which
never changes when other sentences are merged or split, and which no other sentence of any
article in the database shares. The HTML report carries the same anchor on each entry. With no
report URL there is no page to link to, and no claim is published.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ..errors import ExportError, ValidationError
from ..models import CLAIM_LIMIT, Review, SentenceReview
from ..scales import Scale
from ..validate import check_url
from .common import is_draft, jsonld_dumps, safe_url
from .options import ExportOptions

ARTICLE_PLACEHOLDER = "{article}"
LOWEST_WORST_RATING = 1  # worstRating must be at least this
_ISO_DATE_LENGTH = len("2024-11-12")  # the date part of an ISO timestamp

# Words that make a claimant an organisation rather than a person, for itemReviewed.author,
# in the languages the workbench's articles come in (English, French, Spanish, Italian,
# Portuguese, German, Dutch). Matched on whole words, case-insensitive.
_ORGANISATION_WORDS = frozenset(
    """
    group groups groupe grupo gruppo gruppe groep
    ministry ministries ministère ministere ministerio ministero ministério
    ministerium ministerie
    government gouvernement gobierno governo regierung regering
    agency agence agencia agenzia agência agentur agentschap
    party parti partido partito partei partij
    council conseil consejo consiglio conselho rat raad
    police polizei policía policia polizia politie gendarmerie
    army armée armee ejército ejercito esercito exército leger military militaire forces
    force brigade brigades militia milice
    company société societe compañía compania empresa azienda società societa unternehmen
    inc ltd llc plc corp gmbh ag sa sarl srl spa bv nv
    committee comité comite comitato ausschuss commissie commission comisión comision
    commissione kommission
    association asociación asociacion associazione associação verein vereniging
    union unión unione união gewerkschaft
    department département departement departamento dipartimento
    office bureau oficina ufficio amt
    organisation organization organización organizacion organizzazione organização
    organisatie ngo ong
    university université universite universidad università universita universidade
    universität universitat universiteit institute institut instituto istituto
    foundation fondation fundación fundacion fondazione fundação stiftung stichting
    network réseau reseau
    news press presse prensa stampa imprensa newspaper journal gazette times tribune
    television radio broadcaster channel
    court tribunal cour corte gericht hof
    parliament parlement parlamento bundestag congress congrès congreso senate sénat senado
    assembly assemblée assemblee asamblea assemblea
    municipality mairie ayuntamiento comune prefeitura gemeinde gemeente city ville
    authority authorities autorité autorite autoridad autorità autorita behörde
    administration service services servicio servizio serviço dienst
    bank banque banco
    hospital hôpital hopital ospedale krankenhaus ziekenhuis
    movement mouvement movimiento movimento bewegung beweging front frente
    embassy ambassade embajada ambasciata botschaft
    federation fédération federation federación federazione
    league ligue liga lega
    board agency directorate direction dirección direzione
    republic république república repubblica republik kingdom royaume reino
    nations nato
""".split()
)
# Small words of personal names ("Ursula von der Leyen", "Charles de Gaulle").
_NAME_PARTICLES = frozenset("al bin ibn da de del della der di dos du la le van von ter".split())
_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
_PERSON_WORDS = range(2, 5)  # a personal name has two to four words


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


def author_type(claimant: str) -> str | None:
    """schema.org @type for a claimant: "Organization" when a word of its name says so (in
    several languages, or an acronym such as IDF), "Person" when it reads as a personal name
    (two to four capitalised words), else None: no guess is better than a wrong one."""
    words = _WORD.findall(claimant)
    if not words:
        return None
    for word in words:
        folded = word.casefold()
        parts = {folded, *re.split(r"['’-]", folded)}
        if parts & _ORGANISATION_WORDS:
            return "Organization"
        if word.isupper() and len(word) >= 2 and word.isalpha():
            return "Organization"  # an acronym: UN, IDF, UNRWA
    if any(ch.isdigit() for ch in claimant):
        return None
    capitalised = [w for w in words if w[0].isupper()]
    if len(words) not in _PERSON_WORDS or len(capitalised) < 2:
        return None
    if all(w[0].isupper() or w.casefold() in _NAME_PARTICLES for w in words):
        return "Person"
    return None


def report_page(report_url: str, article_id: int) -> str:
    """The report URL of one article: `{article}` replaced by the article's number."""
    return report_url.replace(ARTICLE_PLACEHOLDER, str(article_id))


def anchor(sentence_id: int) -> str:
    """The anchor of a claim's entry in the report, by the sentence's id: unlike its number,
    it does not move when a sentence before it is split or merged."""
    return f"sentence-{sentence_id}"


def claim_url(report_url: str | None, article_id: int, sentence_id: int) -> str | None:
    """Where a claim's review is published, or None without an http(s) report URL."""
    if not report_url:
        return None
    page = report_page(report_url, article_id)
    if safe_url(page) is None:
        return None
    return f"{page}#{anchor(sentence_id)}"


def claim_review(
    item: SentenceReview,
    review: Review,
    scale: Scale | None,
    organisation: dict[str, str | None],
    report_url: str | None,
) -> dict[str, Any]:
    verdict = item.verdict
    assert verdict is not None
    article = review.article
    rating: dict[str, Any] = {
        "@type": "Rating",
        "name": verdict.label,
        "alternateName": verdict.label,
    }
    number = scale.number(verdict.label) if scale is not None else None
    if scale is not None and number is not None:
        rating.update(
            ratingValue=_number(number),
            bestRating=_number(scale.best),
            worstRating=_number(scale.worst),
        )
    claim: dict[str, Any] = {"@type": "Claim"}
    if verdict.claimant:
        kind = author_type(verdict.claimant)
        claim["author"] = {**({"@type": kind} if kind else {}), "name": verdict.claimant}
    if article.date:
        claim["datePublished"] = article.date
    # Where the claim was seen: the article, named only by its URL (a headline alone
    # identifies no page). When the claimant wrote the article, that is its first appearance.
    if safe_url(article.url):
        appearance: dict[str, Any] = {"@type": "CreativeWork", "url": article.url}
        if article.title:
            appearance["headline"] = article.title
        if article.date:
            appearance["datePublished"] = article.date
        claim["appearance"] = appearance
        if verdict.claimant and _wrote_it(verdict.claimant, article.byline):
            claim["firstAppearance"] = appearance
    document: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "claimReviewed": verdict.claim or item.sentence.text,
        "datePublished": verdict.created_at[:_ISO_DATE_LENGTH],
        "reviewRating": rating,
        "itemReviewed": claim,
    }
    url = claim_url(report_url, article.id, item.sentence.id)
    if url:
        document["url"] = url
    author = {k: v for k, v in organisation.items() if v}
    if author:
        document["author"] = {"@type": "Organization", **author}
    return document


def _wrote_it(claimant: str, byline: str | None) -> bool:
    """The claimant is the article's author (the byline names them), so the article is where
    the claim was first made."""
    if not byline:
        return False
    name = " ".join(claimant.casefold().split())
    return (
        bool(name) and re.search(rf"(?<!\w){re.escape(name)}(?!\w)", byline.casefold()) is not None
    )


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
        problem(
            "url-required",
            "url is missing: give the page where the review is published "
            "(--report-url, or organisation.report_url in the config)",
        )
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
) -> tuple[list[dict[str, Any]], list[Problem]]:
    """ClaimReviews that pass the lint, and the problems of those left out."""
    published: list[dict[str, Any]] = []
    problems: list[Problem] = []
    for item in review.sentences:
        if item.verdict is None:
            continue
        scale = scales.get(item.verdict.scale)
        document = claim_review(item, review, scale, organisation, report_url)
        found = lint(document, item.sentence.number, scale)
        if found:
            problems.extend(found)
        else:
            if review.approval_required and not item.approved:
                # Published on request before an editor approved it (--include-unapproved):
                # schema.org's own word for a work that is not final.
                document["creativeWorkStatus"] = "Draft"
            published.append(document)
    return published, problems


def check_publish_url(value: str | None, what: str, *, placeholder: bool = False) -> str | None:
    """An organisation or report URL as given, or a ValidationError saying what is wrong.
    With `placeholder`, `{article}` may stand for the article's number."""
    if value is None:
        return None
    if not placeholder and ARTICLE_PLACEHOLDER in value:
        raise ValidationError(f"{what} cannot hold {ARTICLE_PLACEHOLDER}; only --report-url can")
    page = report_page(value, 1) if placeholder else value
    try:
        check_url(page, what)
    except ValidationError as error:
        raise ValidationError(str(error).replace(repr(page), repr(value))) from None
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
    return build(review, scales, organisation, options.report_url)


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
    if is_draft(review, options):
        drafts = ", ".join(str(item.sentence.number) for item in review.unapproved)
        messages.append(
            f"a draft: sentence(s) {drafts} published without an editor's approval, each "
            'marked "creativeWorkStatus": "Draft"'
        )
    return jsonld_dumps(published) + "\n", messages

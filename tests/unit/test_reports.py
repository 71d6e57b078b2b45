"""Issue-5 formats: HTML report safety, ClaimReview lint rules, Web Annotation, JSONL."""

from __future__ import annotations

import dataclasses
import json
import re
from html import escape
from pathlib import Path

import pytest

from tests.conftest import Clock
from tests.unit.test_export import checked, reviewed
from workbench.core import coverage
from workbench.core.errors import ExportError, ValidationError
from workbench.core.export import (
    ExportOptions,
    check_publish_url,
    claimreview_failures,
    export,
    md_escape,
    organisation_warning,
)
from workbench.core.exports import claimreview
from workbench.core.exports.html import rating_class
from workbench.core.models import Verdict
from workbench.core.scales import PRESETS
from workbench.core.service import Workbench

NEWSROOM = PRESETS[0]
OPTIONS = ExportOptions(
    "Example Fact Check",
    "https://factcheck.example.org",
    "https://factcheck.example.org/2024/drone-claims",
)


def hostile_article(tmp_path: Path) -> tuple[Workbench, int]:
    text = (
        "<script>alert('headline')</script> Minister's claim\n\n"
        "The minister said <img src=x onerror=alert(1)> that 45% of roads were fixed. "
        'He cited <a href="javascript:alert(2)">the audit</a> & more.\n'
    )
    path = tmp_path / "hostile.txt"
    path.write_text(text, encoding="utf-8")
    wb = Workbench(tmp_path / "h.db", "alice", clock=Clock())
    article = wb.import_file(path, url="https://news.example.org/roads").article.id
    wb.set_tags(article, 2, ["claim", "figure"])
    source, _ = wb.add_source(
        url="https://example.org/audit?a=1&b=%3C2%3E",
        title="<script>alert(3)</script>Audit",
        publisher='"Roads" <Office>',
    )
    wb.link(
        article,
        2,
        source.id,
        stance="refutes",
        excerpt="</p><script>alert(4)</script>",
        note="javascript:alert(5)",
    )
    wb.set_verdict(
        article,
        2,
        "False",
        rationale="<b>bold?</b>",
        claim="45% of roads fixed",
        claimant="<i>Minister</i>",
    )
    return wb, article


def test_html_escapes_everything_and_links_only_http(tmp_path: Path) -> None:
    wb, article = hostile_article(tmp_path)
    with wb:
        html = export(wb.review(article), "html", OPTIONS).text
    assert "<script>" not in html and "<img" not in html and "<b>bold" not in html
    assert "&lt;script&gt;alert(&#x27;headline&#x27;)&lt;/script&gt;" in html
    assert 'href="javascript' not in html
    assert "javascript:alert(5)" in html  # shown as text in the note, never as a link
    assert 'href="https://example.org/audit?a=1&amp;b=%3C2%3E"' in html
    assert 'http-equiv="Content-Security-Policy"' in html
    assert not re.search(r"<[^>]*\s(src|href)=\"(?!https?:|#)", html)  # nothing to fetch
    assert 'id="claim-2"' in html and 'href="#claim-2"' in html


def test_claimreview_document_and_required_keys(tmp_path: Path) -> None:
    wb, article = reviewed(tmp_path / "a.db")
    with wb:
        without_claim = export(wb.review(article), "claimreview", OPTIONS)
        # sentence 2 has no short restatement, so its long text fails the length rule
        assert len(json.loads(without_claim.text)) == 1
        assert any("sentence 2: claimReviewed has" in w for w in without_claim.warnings)
        wb.set_verdict(article, 2, "Unverifiable", claim="Group struck targets in Israel")
        review = wb.review(article)
        result = export(review, "claimreview", OPTIONS)
    documents = json.loads(result.text)
    assert len(documents) == 2  # sentence 13 and sentence 2 (Unverifiable, no numbers)
    ids = {item.sentence.number: item.sentence.id for item in review.sentences}
    first = next(d for d in documents if d["url"].endswith(f"#sentence-{ids[13]}"))
    assert first["@context"] == "https://schema.org" and first["@type"] == "ClaimReview"
    assert first["claimReviewed"] == "At least 43,600 Palestinians killed in Gaza"
    assert first["reviewRating"] == {
        "@type": "Rating",
        "name": "Mostly true",
        "alternateName": "Mostly true",
        "ratingValue": 4,
        "bestRating": 5,
        "worstRating": 1,
    }
    assert first["itemReviewed"]["author"]["name"] == "Al-Ahed News"
    assert first["itemReviewed"]["datePublished"] == "2024-11-11"
    # The seed has no URL: a headline alone names no page, so there is no appearance.
    assert "appearance" not in first["itemReviewed"]
    assert first["author"] == {
        "@type": "Organization",
        "name": "Example Fact Check",
        "url": "https://factcheck.example.org",
    }
    assert first["url"] == f"https://factcheck.example.org/2024/drone-claims#sentence-{ids[13]}"
    unverifiable = next(d for d in documents if d["url"].endswith(f"#sentence-{ids[2]}"))
    assert unverifiable["reviewRating"] == {
        "@type": "Rating",
        "name": "Unverifiable",
        "alternateName": "Unverifiable",
    }


def _document(**changes: object) -> dict:
    document = {
        "claimReviewed": "Roads were fixed",
        "url": "https://x.example/r#claim-1",
        "reviewRating": {
            "alternateName": "False",
            "ratingValue": 1,
            "bestRating": 5,
            "worstRating": 1,
        },
    }
    rating = changes.pop("rating", None)
    if isinstance(rating, dict):
        document["reviewRating"] = {**document["reviewRating"], **rating}
    document.update(changes)
    return document


@pytest.mark.parametrize(
    "document,rule",
    [
        (_document(claimReviewed=""), "claimReviewed-required"),
        (_document(claimReviewed="x" * 75), "claimReviewed-length"),
        (
            _document(claimReviewed="It is false that roads were fixed"),
            "claimReviewed-rating-words",
        ),
        (_document(rating={"alternateName": ""}), "alternateName-required"),
        (_document(url=None), "url-required"),
        (_document(rating={"worstRating": 0}), "worstRating-min"),
        (_document(rating={"worstRating": 5, "ratingValue": 5}), "worstRating-below-best"),
        (_document(rating={"ratingValue": 7}), "ratingValue-range"),
    ],
)
def test_claimreview_lint_rules(document: dict, rule: str) -> None:
    problems = claimreview.lint(document, 1, NEWSROOM)
    assert [p.rule for p in problems] == [rule]


def test_claimreview_lint_passes_a_good_document() -> None:
    assert claimreview.lint(_document(), 1, NEWSROOM) == []


def test_failing_verdict_left_out_with_warning_or_refused_when_strict(tmp_path: Path) -> None:
    wb, article = reviewed(tmp_path / "a.db")
    with wb:
        wb.set_verdict(article, 2, "Unverifiable", claim="Group struck targets in Israel")
        wb.set_verdict(article, 13, "False", claim="Casualty figure is false")
        result = export(wb.review(article), "claimreview", OPTIONS)
        assert [d["claimReviewed"] for d in json.loads(result.text)] == [
            "Group struck targets in Israel"
        ]
        assert any("rating word(s) false" in w for w in result.warnings)
        assert any(
            "left out of the ClaimReview export: sentence(s) 13" in w for w in result.warnings
        )
        with pytest.raises(ExportError, match="strict"):
            export(
                wb.review(article),
                "claimreview",
                ExportOptions(
                    OPTIONS.organisation_name,
                    OPTIONS.organisation_url,
                    OPTIONS.report_url,
                    strict=True,
                ),
            )


def test_web_annotation_selectors_point_at_the_text(tmp_path: Path) -> None:
    wb, article = reviewed(tmp_path / "a.db")
    with wb:
        text = wb.article(article).text
        data = json.loads(export(wb.review(article), "webannotation", OPTIONS).text)
    assert data["@context"] == "http://www.w3.org/ns/anno.jsonld"
    assert data["type"] == "AnnotationCollection"
    items = data["first"]["items"]
    assert data["total"] == len(items) == 3
    for item in items:
        assert item["type"] == "Annotation" and item["target"]["selector"]
        position, quote = item["target"]["selector"]
        assert position["type"] == "TextPositionSelector"
        assert text[position["start"] : position["end"]] == quote["exact"]
        assert text[: position["start"]].endswith(quote["prefix"])
        assert text[position["end"] :].startswith(quote["suffix"])
        purposes = {body["purpose"] for body in item["body"]}
        assert "tagging" in purposes
    rated = [i for i in items if i["motivation"] == "assessing"]
    assert {
        b["value"].split(":")[0] for i in rated for b in i["body"] if b["purpose"] == "assessing"
    } == {"Mostly true", "Unverifiable"}


def test_jsonl_is_one_sentence_per_line(tmp_path: Path) -> None:
    wb, article = reviewed(tmp_path / "a.db")
    with wb:
        lines = export(wb.review(article), "jsonl").text.splitlines()
    records = [json.loads(line) for line in lines]
    assert len(records) == 13 and [r["number"] for r in records] == list(range(1, 14))
    assert records[12]["verdict"]["label"] == "Mostly true"


def test_coverage_gaps_are_warnings_and_in_the_report(tmp_path: Path) -> None:
    wb, article = reviewed(tmp_path / "a.db")
    with wb:
        wb.set_tags(article, 5, ["figure"])
        result = export(wb.review(article), "markdown")
        html = export(wb.review(article), "html").text
    assert "sentence 6 is tagged claim, quote but has no verdict" in result.warnings
    assert "sentence 2 is rated Unverifiable without any evidence" not in result.warnings
    assert "sentence 5 is tagged figure but no source is linked" in result.warnings
    assert "### Unfinished" in result.text
    assert "sentence 5 is tagged figure but no source is linked" in html


# ------------------------------------------------------- checks in the reports
def test_html_shows_each_check_styled_by_outcome(tmp_path: Path) -> None:
    wb, article = checked(tmp_path / "a.db")
    with wb:
        html = export(wb.review(article), "html", OPTIONS).text
    styled = re.findall(
        r'<p class="check check-(\w+)"><span class="check-kind">(\w+) check:'
        r'</span> <span class="outcome">([\w ]+)</span> ([^<]*)</p>',
        html,
    )
    assert [(style, kind, outcome) for style, kind, outcome, _ in styled] == [
        ("fine", "Quote", "exact"),
        ("caution", "Quote", "near"),
        ("bad", "Quote", "not found"),
        ("bad", "Figure", "differ"),
    ]
    assert styled[2][3] == "the 28 quoted words are not in the source"
    assert styled[1][3].startswith("close to the source, but “vital” where the source has")


def test_failed_checks_are_coverage_gaps_everywhere_gaps_are(tmp_path: Path) -> None:
    wb, article = checked(tmp_path / "a.db")
    with wb:
        review = wb.review(article)
        result = export(review, "markdown", OPTIONS)
        html = export(review, "html", OPTIONS).text
    found = coverage.gaps(review)
    failed = [(g.number, g.kind) for g in found if g.kind.endswith("check-failed")]
    assert failed == [
        (8, "quote-check-failed"),
        (8, "quote-check-failed"),
        (13, "figure-check-failed"),
    ]
    messages = [g.message for g in found if g.kind.endswith("check-failed")]
    assert messages[0].startswith(
        "sentence 8: the quotation differs from source 2 (Reworded statement): close to the source"
    )
    assert messages[1] == (
        "sentence 8: the quotation is not found in source 3 "
        "(Weather report): the 28 quoted words are not in the source"
    )
    assert messages[2] == (
        "sentence 13: a figure differs from source 4 (UN count): 43,600 vs "
        "38,000: differs by 5,600 (14.7%); 103,000 vs 103,000: same value"
    )
    for message in messages:
        assert message in result.warnings
        assert md_escape(message) in result.text
        assert escape(message, quote=True) in html
    assert "Unfinished (3)" in html and "### Unfinished (3)" in result.text
    assert sorted(gap.kind for gap in found) == [
        "figure-check-failed",
        "quote-check-failed",
        "quote-check-failed",
    ]


def test_check_gaps_need_the_tag_and_a_failing_outcome(tmp_path: Path) -> None:
    wb, article = checked(tmp_path / "a.db")
    with wb:
        wb.set_tag(article, 8, "quote", on=False)
        wb.set_tags(article, 8, ["claim"])
        kinds = {g.kind for g in coverage.gaps(wb.review(article))}
    assert "quote-check-failed" not in kinds  # untagged quote: no check, no gap
    assert "figure-check-failed" in kinds
    wb2, seed = reviewed(tmp_path / "b.db")
    with wb2:
        # sentence 13's figure check is "missing" (103,000 not in the excerpt): not a failure
        assert not [g for g in coverage.gaps(wb2.review(seed)) if g.number == 13]


# ----------------------------------------------------------- ClaimReview urls
@pytest.mark.parametrize(
    "claimant,kind",
    [
        ("Al-Ahed News", "Organization"),
        ("Ministry of Health", "Organization"),
        ("Islamic Resistance in Iraq", None),  # no word says what it is: no guess
        ("Acme Inc.", "Organization"),
        ("Harbour Police", "Organization"),
        ("Labour Party", "Organization"),
        ("Ministère de l'Intérieur", "Organization"),
        ("Ministerio del Interior", "Organization"),
        ("Bundesministerium des Innern", None),  # a compound word: not guessed
        ("Polizia di Stato", "Organization"),
        ("Parti socialiste", "Organization"),
        ("Gouvernement du Québec", "Organization"),
        ("Agence France-Presse", "Organization"),
        ("IDF", "Organization"),
        ("Dana Reyes", "Person"),
        ("Ursula von der Leyen", "Person"),
        ("Newsome Smith", "Person"),
        ("The minister", None),
        ("a spokesman", None),
        ("Résistance islamique en Irak", None),
    ],
)
def test_claimreview_author_type(claimant: str, kind: str | None) -> None:
    assert claimreview.author_type(claimant) == kind


def _two_articles(tmp_path: Path) -> tuple[Workbench, int, int]:
    wb, first = reviewed(tmp_path / "a.db")
    other = tmp_path / "other.txt"
    other.write_text(
        "Toll rises\n\nThe war has killed at least 43,600 people, officials said.\n",
        encoding="utf-8",
    )
    second = wb.import_file(other).article.id
    wb.set_tags(second, 2, ["claim"])
    wb.set_verdict(second, 2, "Mostly true", claim="War has killed 43,600")
    return wb, first, second


def _urls(wb: Workbench, articles: list[int], options: ExportOptions) -> list[str]:
    return [
        d["url"]
        for a in articles
        for d in json.loads(export(wb.review(a), "claimreview", options).text)
    ]


def test_claimreview_urls_never_collide_across_articles(tmp_path: Path) -> None:
    wb, first, second = _two_articles(tmp_path)
    page = "https://factcheck.example.org/2024/drone-claims"
    with wb:
        ids = {a: [i.sentence.id for i in wb.review(a).sentences] for a in (first, second)}
        shared = _urls(wb, [first, second], OPTIONS)
        pages = _urls(
            wb,
            [first, second],
            dataclasses.replace(
                OPTIONS, report_url="https://factcheck.example.org/review/{article}"
            ),
        )
        without = _urls(
            wb,
            [first, second],
            ExportOptions("Example Fact Check", "https://factcheck.example.org"),
        )
        html = export(wb.review(first), "html", OPTIONS).text
    assert shared == [f"{page}#sentence-{ids[first][12]}", f"{page}#sentence-{ids[second][1]}"]
    assert pages == [
        f"https://factcheck.example.org/review/{first}#sentence-{ids[first][12]}",
        f"https://factcheck.example.org/review/{second}#sentence-{ids[second][1]}",
    ]
    # No report URL: the organisation's home page is no review's page, so nothing is published.
    assert without == []
    assert len(set(shared)) == len(shared)
    # the report carries the anchor, and its own numbered one for links within it
    assert f'id="sentence-{ids[first][12]}"' in html and 'id="claim-13"' in html


def test_claimreview_url_survives_splitting_an_earlier_sentence(tmp_path: Path) -> None:
    wb, article = reviewed(tmp_path / "a.db")
    with wb:
        before = _urls(wb, [article], OPTIONS)
        wb.split(article, 3, 40)  # an unreviewed sentence before the reviewed one
        wb.split(article, 8, 30)
        after = _urls(wb, [article], OPTIONS)
        numbers = [i.sentence.number for i in wb.review(article).sentences if i.verdict]
    assert numbers[-1] == 15  # its number moved from 13 …
    assert after == before  # … its published URL did not


@pytest.mark.parametrize(
    "value,placeholder,error",
    [
        ("ftp://factcheck.example.org", False, "must start with http:// or https://"),
        ("factcheck.example.org", False, "must start with http:// or https://"),
        ("javascript:alert(1)", False, "must start with http:// or https://"),
        ("https://factcheck.example.org/a b", False, "contains a space at character 32"),
        ("https://factcheck.example.org/<x>", False, "contains “<”"),
        ("https://factcheck.example.org/%zz", False, "bad %-escape “%zz”"),
        ("https://factcheck.example.org:99999/", False, "port 99999, over the highest"),
        ("https://factcheck.example.org/{article}/x|y", True, "contains “|”"),
        ("https://factcheck.example.org/r#top", True, "must not have a #fragment"),
        ("https://factcheck.example.org/{article}", False, "cannot hold {article}"),
    ],
)
def test_export_urls_are_checked(value: str, placeholder: bool, error: str) -> None:
    with pytest.raises(ValidationError, match=re.escape(error)):
        check_publish_url(value, "--report-url", placeholder=placeholder)


def test_good_export_urls_pass() -> None:
    assert (
        check_publish_url(
            "https://factcheck.example.org/review/{article}", "--report-url", placeholder=True
        )
        == "https://factcheck.example.org/review/{article}"
    )
    assert (
        check_publish_url("http://factcheck.example.org", "--org-url")
        == "http://factcheck.example.org"
    )
    assert check_publish_url(None, "--org-url") is None


def test_organisation_warning_names_what_is_missing() -> None:
    assert organisation_warning(OPTIONS) is None
    assert "no organisation name or URL configured" in str(organisation_warning(ExportOptions()))
    assert "no organisation URL configured" in str(
        organisation_warning(ExportOptions("Example Fact Check"))
    )


def test_claim_length_message_says_fewer_than_75() -> None:
    problems = claimreview.lint(_document(claimReviewed="x" * 75), 4, NEWSROOM)
    assert "fewer than 75 characters" in problems[0].message
    assert problems[0].message.startswith("sentence 4: claimReviewed has 75 characters")
    assert problems[0].message.endswith("[rule claimReviewed-length]")
    assert claimreview.lint(_document(claimReviewed="x" * 74), 4, NEWSROOM) == []


def test_strict_error_names_article_sentence_and_rule(tmp_path: Path) -> None:
    wb, article = reviewed(tmp_path / "a.db")
    with wb:
        review = wb.review(article)
        failures = claimreview_failures(review, OPTIONS)
        with pytest.raises(ExportError) as raised:
            export(review, "claimreview", dataclasses.replace(OPTIONS, strict=True))
    assert failures == [
        f"article {article} sentence 2: claimReviewed has 153 characters; "
        "restate the claim in fewer than 75 characters (workbench verdict … "
        "--claim) [rule claimReviewed-length]"
    ]
    assert failures[0] in str(raised.value)


# ------------------------------------------------------------ the HTML report
def test_html_report_names_the_organisation_and_summarises(tmp_path: Path) -> None:
    wb, article = reviewed(tmp_path / "a.db")
    with wb:
        review = wb.review(article)
        html = export(review, "html", OPTIONS).text
        bare = export(review, "html").text
    assert (
        '<p class="meta">Fact-check review by <strong><a href="https://factcheck.example.org"'
        ' rel="noopener noreferrer">Example Fact Check</a></strong></p>'
    ) in html
    assert '<p class="meta">Fact-check review</p>' in bare
    assert "<tr><th>Tagged but without a verdict</th><td>1</td></tr>" in html
    assert "0 on newsroom" not in html and "0 on newsroom" not in export(review, "markdown").text
    assert "Rated Unverifiable (off the true–false axis of newsroom)" in html
    assert "Rated Mostly true (4 on newsroom)" in html
    hostile = export(review, "html", ExportOptions("<b>Org</b>", "javascript:alert(1)")).text
    assert "Fact-check review by <strong>&lt;b&gt;Org&lt;/b&gt;</strong>" in hostile


@pytest.mark.parametrize(
    "scale,label,css",
    [
        ("newsroom", "True", "rating-4"),
        ("newsroom", "Mostly true", "rating-3"),
        ("newsroom", "Half true", "rating-2"),
        ("newsroom", "Mostly false", "rating-1"),
        ("newsroom", "Misleading", "rating-off"),
        ("newsroom", "False", "rating-0"),
        ("newsroom", "Unverifiable", "rating-off"),
        ("six-step", "Pants on fire", "rating-0"),
        ("six-step", "True", "rating-4"),
        ("fever", "Not enough info", "rating-off"),
        ("fever", "Supported", "rating-4"),
        ("fever", "Refuted", "rating-0"),
        ("unknown", "Right", ""),
    ],
)
def test_rating_colour_follows_the_scale(scale: str, label: str, css: str) -> None:
    scales = {s.name: s for s in PRESETS}
    value = next(
        (lab.value for s in PRESETS if s.name == scale for lab in s.labels if lab.name == label),
        2.0,
    )
    verdict = Verdict(1, 1, scale, label, value, None, None, None, "alice", "2024-11-12")
    assert rating_class(verdict, scales) == css


def test_html_colours_badges_and_highlights_and_prints_them(tmp_path: Path) -> None:
    wb, article = checked(tmp_path / "a.db")
    with wb:
        wb.set_tags(article, 2, ["claim"])
        wb.set_verdict(article, 2, "Unverifiable")
        wb.set_tags(article, 3, ["claim"])
        html = export(wb.review(article), "html", OPTIONS).text
    assert '<span class="badge rating rating-4">True</span>' in html
    assert '<span class="badge rating rating-0">False</span>' in html
    assert '<span class="badge rating rating-off">Unverifiable</span>' in html
    assert '<mark id="s-8" class="rating-4">' in html
    assert '<mark id="s-13" class="rating-0">' in html
    assert '<mark id="s-2" class="rating-off">' in html
    assert '<mark id="s-3"><a href="#claim-3">' in html  # tagged, no verdict yet
    assert (
        '<p class="legend">Highlights: <mark class="rating-4">True</mark>'
        '<mark class="rating-0">False</mark><mark class="rating-off">Unverifiable</mark>'
        "<mark>no verdict yet</mark></p>"
    ) in html
    assert "print-color-adjust: exact" in html and "-webkit-print-color-adjust: exact" in html
    assert "overflow-wrap: anywhere" in html


def test_control_characters_never_reach_markdown_or_html(tmp_path) -> None:
    from tests.conftest import Clock
    from workbench.core.export import ExportOptions, export
    from workbench.core.service import Workbench

    evil = tmp_path / "evil.txt"
    evil.write_text(
        "Screen test\n\nThe minister \x1b[2J\x1b[Hcleared 3 screens and "
        "\x1b]0;pwned\x07 renamed a window.\n",
        encoding="utf-8",
    )
    with Workbench(tmp_path / "c.db", "alice", clock=Clock()) as wb:
        article = wb.import_file(evil).article.id
        wb.set_tags(article, 2, ["claim"])
        review = wb.review(article)
    for fmt in ("markdown", "html"):
        text = export(review, fmt, ExportOptions()).text
        assert "\x1b" not in text and "\x07" not in text
        assert "\\x1b" in text  # shown as the characters it is made of


def test_a_failed_check_from_one_source_warns_once(tmp_path: Path) -> None:
    text = tmp_path / "a.txt"
    text.write_text("Headline\n\nThe toll rose to 43,600.\n", encoding="utf-8")
    with Workbench(tmp_path / "w.db", "alice", clock=Clock()) as wb:
        article = wb.import_file(text).article.id
        wb.set_tags(article, 2, ["figure"])
        source, _ = wb.add_source(title="Ministry", snapshot="The toll rose to 41,000.")
        for excerpt in ("The toll rose to 41,000.", "rose to 41,000"):
            wb.link(article, 2, source.id, stance="refutes", excerpt=excerpt)
        review = wb.review(article)
        assert len(review.sentences[1].evidence) == 2
        messages = [gap.message for gap in coverage.gaps(review)]
        assert len(messages) == len(set(messages))
        assert sum("figure differs" in m for m in messages) == 1
        markdown = wb.export(article, "markdown").text
        assert markdown.count("a figure differs from source") == 1

"""Issue-5 formats: HTML report safety, ClaimReview lint rules, Web Annotation, JSONL."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.conftest import Clock
from tests.test_export import reviewed
from workbench.core import claimreview
from workbench.core.errors import ExportError
from workbench.core.export import ExportOptions, export
from workbench.core.scales import PRESETS
from workbench.core.service import Workbench

NEWSROOM = PRESETS[0]
OPTIONS = ExportOptions("Example Fact Check", "https://factcheck.example.org",
                        "https://factcheck.example.org/2024/drone-claims")


def hostile_article(tmp_path: Path) -> tuple[Workbench, int]:
    text = ("<script>alert('headline')</script> Minister's claim\n\n"
            "The minister said <img src=x onerror=alert(1)> that 45% of roads were fixed. "
            "He cited <a href=\"javascript:alert(2)\">the audit</a> & more.\n")
    path = tmp_path / "hostile.txt"
    path.write_text(text, encoding="utf-8")
    wb = Workbench(tmp_path / "h.db", "alice", clock=Clock())
    article = wb.import_file(path, url="https://news.example.org/roads").article.id
    wb.set_tags(article, 2, ["claim", "figure"])
    source, _ = wb.add_source(url="https://example.org/audit?a=1&b=<2>",
                              title="<script>alert(3)</script>Audit",
                              publisher="\"Roads\" <Office>")
    wb.link(article, 2, source.id, stance="refutes", excerpt="</p><script>alert(4)</script>",
            note="javascript:alert(5)")
    wb.set_verdict(article, 2, "False", rationale="<b>bold?</b>", claim="45% of roads fixed",
                   claimant="<i>Minister</i>")
    return wb, article


def test_html_escapes_everything_and_links_only_http(tmp_path: Path) -> None:
    wb, article = hostile_article(tmp_path)
    with wb:
        html = export(wb.review(article), "html", OPTIONS).text
    assert "<script>" not in html and "<img" not in html and "<b>bold" not in html
    assert "&lt;script&gt;alert(&#x27;headline&#x27;)&lt;/script&gt;" in html
    assert 'href="javascript' not in html
    assert "javascript:alert(5)" in html  # shown as text in the note, never as a link
    assert 'href="https://example.org/audit?a=1&amp;b=&lt;2&gt;"' in html
    assert "http-equiv=\"Content-Security-Policy\"" in html
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
        result = export(wb.review(article), "claimreview", OPTIONS)
    documents = json.loads(result.text)
    assert len(documents) == 2  # sentence 13 and sentence 2 (Unverifiable, no numbers)
    first = next(d for d in documents if d["url"].endswith("#claim-13"))
    assert first["@context"] == "https://schema.org" and first["@type"] == "ClaimReview"
    assert first["claimReviewed"] == "At least 43,600 Palestinians killed in Gaza"
    assert first["reviewRating"] == {"@type": "Rating", "alternateName": "Mostly true",
                                     "ratingValue": 4, "bestRating": 5, "worstRating": 1}
    assert first["itemReviewed"]["author"]["name"] == "Al-Ahed News"
    assert first["itemReviewed"]["datePublished"] == "2024-11-11"
    assert first["itemReviewed"]["appearance"]["headline"].startswith("Iraqi Resistance")
    assert first["author"] == {"@type": "Organization", "name": "Example Fact Check",
                               "url": "https://factcheck.example.org"}
    assert first["url"] == "https://factcheck.example.org/2024/drone-claims#claim-13"
    unverifiable = next(d for d in documents if d["url"].endswith("#claim-2"))
    assert unverifiable["reviewRating"] == {"@type": "Rating", "alternateName": "Unverifiable"}


def _document(**changes: object) -> dict:
    document = {"claimReviewed": "Roads were fixed", "url": "https://x.example/r#claim-1",
                "reviewRating": {"alternateName": "False", "ratingValue": 1, "bestRating": 5,
                                 "worstRating": 1}}
    rating = changes.pop("rating", None)
    if isinstance(rating, dict):
        document["reviewRating"] = {**document["reviewRating"], **rating}
    document.update(changes)
    return document


@pytest.mark.parametrize("document,rule", [
    (_document(claimReviewed=""), "claimReviewed-required"),
    (_document(claimReviewed="x" * 75), "claimReviewed-length"),
    (_document(claimReviewed="It is false that roads were fixed"), "claimReviewed-rating-words"),
    (_document(rating={"alternateName": ""}), "alternateName-required"),
    (_document(url=None), "url-required"),
    (_document(rating={"worstRating": 0}), "worstRating-min"),
    (_document(rating={"worstRating": 5, "ratingValue": 5}), "worstRating-below-best"),
    (_document(rating={"ratingValue": 7}), "ratingValue-range"),
])
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
        assert [d["url"].rpartition("#")[2] for d in json.loads(result.text)] == ["claim-2"]
        assert any("rating word(s) false" in w for w in result.warnings)
        assert any("left out of the ClaimReview export: sentence(s) 13" in w
                   for w in result.warnings)
        with pytest.raises(ExportError, match="strict"):
            export(wb.review(article), "claimreview",
                   ExportOptions(
                       OPTIONS.organisation_name, OPTIONS.organisation_url,
                       OPTIONS.report_url, strict=True))


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
        assert text[position["start"]:position["end"]] == quote["exact"]
        assert text[:position["start"]].endswith(quote["prefix"])
        assert text[position["end"]:].startswith(quote["suffix"])
        purposes = {body["purpose"] for body in item["body"]}
        assert "tagging" in purposes
    rated = [i for i in items if i["motivation"] == "assessing"]
    assert {b["value"].split(":")[0] for i in rated for b in i["body"]
            if b["purpose"] == "assessing"} == {"Mostly true", "Unverifiable"}


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

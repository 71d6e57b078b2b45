"""What each export promises its readers: the JSON Schema the package ships, offsets that can be
checked, one number per label, JSON-LD that is safe inside a <script> block, Web Annotations
that keep the model's MUST rules, and one numbering of sentences and paragraphs everywhere."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import sqlite3
from importlib import resources
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from tests.conftest import SAMPLES, Clock
from tests.unit.test_export import GOLDEN_OPTIONS, checked, reviewed
from workbench.core.errors import ValidationError
from workbench.core.export import export
from workbench.core.exports.options import ExportOptions
from workbench.core.scales import PRESETS, TRUTH_AXIS_START, parse_labels
from workbench.core.service import Workbench

SCHEMA = json.loads(
    resources.files("workbench.core.exports").joinpath("review.schema.json").read_text()
)
VALIDATOR = Draft202012Validator(SCHEMA)
HOSTILE = "</script><script>alert(1)</script> & <!-- \x1b]0;PWNED\x07"


def _reviews(tmp_path: Path) -> list[tuple[Workbench, int]]:
    """Reviews of several shapes: the fixed seed review, every check outcome, an article
    nobody has touched, and one whose reviewer typed hostile text everywhere."""
    out = [reviewed(tmp_path / "a.db"), checked(tmp_path / "b.db")]
    wb = Workbench(tmp_path / "c.db", "bob", clock=Clock())
    untouched = wb.import_file(SAMPLES / "press_release_harbour_ministry.txt").article.id
    out.append((wb, untouched))
    wb = Workbench(tmp_path / "d.db", "carol", clock=Clock())
    article = wb.import_file(SAMPLES / "press_release_harbour_ministry.txt").article.id
    wb.set_tags(article, 2, ["claim", "quote"])
    source, _ = wb.add_source(url="https://example.org/s", title=HOSTILE, snapshot=HOSTILE)
    wb.link(article, 2, source.id, stance="refutes", excerpt="line one\nline two", note=HOSTILE)
    wb.set_verdict(
        article, 2, "Misleading", rationale=HOSTILE, claim="Works on time", claimant=HOSTILE
    )
    out.append((wb, article))
    return out


# -------------------------------------------------------------------- JSON
def test_every_json_export_meets_the_shipped_schema(tmp_path: Path) -> None:
    checked_any = 0
    for wb, article in _reviews(tmp_path):
        with wb:
            review = wb.review(article)
            document = json.loads(export(review, "json").text)
            lines = [json.loads(line) for line in export(review, "jsonl").text.splitlines()]
        VALIDATOR.validate(document)
        for line in lines:
            VALIDATOR.validate(line)
        assert document["version"] == SCHEMA["$defs"]["review"]["properties"]["version"]["const"]
        assert {line["version"] for line in lines} == {document["version"]}
        # The offsets can be checked: the text is there, with its hash.
        text = document["article"]["text"]
        assert (
            hashlib.sha256(text.encode("utf-8")).hexdigest() == document["article"]["content_hash"]
        )
        for sentence in document["sentences"]:
            assert text[sentence["start"] : sentence["end"]] == sentence["text"]
            checked_any += 1
        assert {line["content_hash"] for line in lines} == {document["article"]["content_hash"]}
    assert checked_any > 30


def test_the_schema_refuses_what_the_export_must_not_hold(tmp_path: Path) -> None:
    wb, article = reviewed(tmp_path / "a.db")
    with wb:
        document = json.loads(export(wb.review(article), "json").text)

    def verdict_value(d: dict) -> None:
        next(s for s in d["sentences"] if s["verdict"])["verdict"].update(value="4")

    for change in (
        lambda d: d.update(version=1),
        lambda d: d["article"].update(content_hash="abc"),
        lambda d: d["sentences"][0].update(paragraph=0),
        verdict_value,
        lambda d: d["sentences"][0].update(surprise=True),
    ):
        broken = json.loads(json.dumps(document))
        change(broken)
        assert not VALIDATOR.is_valid(broken)


def test_a_verdict_number_has_one_type_everywhere(tmp_path: Path) -> None:
    wb, article = reviewed(tmp_path / "a.db")
    with wb:
        review = wb.review(article)
        document = json.loads(export(review, "json").text)
        rows = list(csv.DictReader(io.StringIO(export(review, "csv").text.lstrip("\ufeff"))))
    values = [s["verdict"]["value"] for s in document["sentences"] if s["verdict"]]
    assert values == [0, 4] and all(type(v) is int for v in values)
    assert [r["verdict_value"] for r in rows if r["verdict"]] == ["0", "4"]


# ---------------------------------------------------------------- numbering
def test_sentences_and_paragraphs_are_numbered_as_on_screen(run, tmp_path: Path) -> None:
    run("import", str(SAMPLES / "wire_drone_attacks_2024-11-11.txt"))
    shown = run("sentence", "1", "1").stdout + run("sentence", "1", "13").stdout
    on_screen = [int(n) for n in re.findall(r"paragraph (\d+)", shown)]
    document = json.loads(run("export", "1", "--format", "json").stdout)
    lines = [json.loads(x) for x in run("export", "1", "--format", "jsonl").stdout.splitlines()]
    rows = list(csv.DictReader(io.StringIO(run("export", "1", "--format", "csv").stdout[1:])))
    exported = [document["sentences"][0]["paragraph"], document["sentences"][12]["paragraph"]]
    assert on_screen == exported and exported[0] == 1  # the headline is paragraph 1
    assert [lines[0]["paragraph"], lines[12]["paragraph"]] == exported
    assert [int(rows[0]["paragraph"]), int(rows[12]["paragraph"])] == exported
    assert [s["number"] for s in document["sentences"]][:2] == [1, 2]
    listed = json.loads(run("sentences", "1", "--json").stdout)
    detail = json.loads(run("sentence", "1", "13", "--json").stdout)
    assert [listed[0]["paragraph"], listed[12]["paragraph"]] == exported
    assert detail["sentence"]["paragraph"] == exported[1]


# ---------------------------------------------------------------------- CSV
def test_csv_keeps_each_piece_of_evidence_apart_and_shows_control_characters(
    tmp_path: Path,
) -> None:
    wb = Workbench(tmp_path / "a.db", "alice", clock=Clock())
    with wb:
        article = wb.import_file(SAMPLES / "press_release_harbour_ministry.txt").article.id
        for title in ("Port | Authority", "Audit; 2024"):
            source, _ = wb.add_source(url=f"https://example.org/{len(title)}", title=title)
            wb.link(article, 2, source.id, stance="supports", note="a \x1b[31m b")
        wb.set_tags(article, 2, ["claim"])
        wb.set_verdict(article, 2, "True", rationale="ok\x1b]0;x\x07", claim="Works on time")
        text = export(wb.review(article), "csv").text
    row = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))[1]
    evidence = json.loads(row["evidence"])
    assert [e["title"] for e in evidence] == ["Port | Authority", "Audit; 2024"]
    assert "\x1b" not in text and "\x07" not in text
    assert row["rationale"] == "ok\\x1b]0;x\\x07"
    # JSON in a cell escapes as the JSON export does, and reads back as stored
    assert "\\u001b" in row["evidence"] and evidence[0]["note"] == "a \x1b[31m b"


# ----------------------------------------------------------------- Markdown
def test_markdown_keeps_a_multi_line_excerpt_inside_its_list(tmp_path: Path) -> None:
    wb = Workbench(tmp_path / "a.db", "alice", clock=Clock())
    with wb:
        article = wb.import_file(SAMPLES / "press_release_harbour_ministry.txt").article.id
        source, _ = wb.add_source(url="https://example.org/s", title="Report")
        wb.link(
            article,
            2,
            source.id,
            stance="supports",
            excerpt="First line\n- not a bullet\n\n# not a heading",
            note="after",
        )
        text = export(wb.review(article), "markdown").text
    lines = text.splitlines()
    start = lines.index("    - Excerpt: “First line")
    assert lines[start + 1 : start + 5] == [
        "      \\- not a bullet",
        "      ",
        "      \\# not a heading”",
        "    - Note: after",
    ]


# ------------------------------------------------------------------ JSON-LD
@pytest.mark.parametrize("fmt", ["claimreview", "webannotation"])
def test_json_ld_cannot_end_a_script_block(tmp_path: Path, fmt: str) -> None:
    wb = Workbench(tmp_path / "a.db", "alice", clock=Clock())
    with wb:
        article = wb.import_file(SAMPLES / "press_release_harbour_ministry.txt").article.id
        wb.set_tags(article, 2, ["claim"])
        wb.set_verdict(article, 2, "True", claim="</script><b>x</b> & y", claimant="A & B")
        text = export(wb.review(article), fmt, GOLDEN_OPTIONS).text
    assert not set("<>&") & set(text)
    assert "\\u003c/script\\u003e" in text and "\\u0026" in text
    assert "</script><b>x</b> & y" in json.dumps(json.loads(text), ensure_ascii=False)


# -------------------------------------------------------------- ClaimReview
def _claimreview(wb: Workbench, article: int) -> list[dict]:
    return json.loads(export(wb.review(article), "claimreview", GOLDEN_OPTIONS).text)


def test_each_label_on_the_axis_has_its_own_number_and_others_go_by_name(
    tmp_path: Path,
) -> None:
    for scale in PRESETS:
        numbers = [label.value for label in scale.labels if label.value >= TRUTH_AXIS_START]
        assert len(numbers) == len(set(numbers)), scale.name
    wb = Workbench(tmp_path / "a.db", "alice", clock=Clock())
    with wb:
        article = wb.import_file(SAMPLES / "press_release_harbour_ministry.txt").article.id
        wb.set_tags(article, 2, ["claim"])
        published = {}
        for scale, label in (
            ("newsroom", "Misleading"),
            ("newsroom", "Mostly false"),
            ("fever", "Not enough info"),
            ("fever", "Supported"),
        ):
            if wb.active_scale().name != scale:
                wb.use_scale(scale)
            wb.set_verdict(article, 2, label, claim="Works are on schedule")
            published[label] = _claimreview(wb, article)[0]["reviewRating"]
    assert published["Misleading"] == {
        "@type": "Rating",
        "name": "Misleading",
        "alternateName": "Misleading",
    }
    assert published["Mostly false"]["ratingValue"] == 2
    assert published["Not enough info"] == {
        "@type": "Rating",
        "name": "Not enough info",
        "alternateName": "Not enough info",
    }
    assert (published["Supported"]["ratingValue"], published["Supported"]["worstRating"]) == (2, 1)


def test_a_custom_scale_cannot_give_two_labels_one_number() -> None:
    with pytest.raises(ValidationError, match="share the number 2"):
        parse_labels(["Right=3", "Fair=2", "Skewed=2", "Wrong=1"])
    assert len(parse_labels(["Right=2", "Wrong=1", "Satire=0", "Unclear=0"])) == 4


def test_a_database_with_the_old_numbers_publishes_the_new_ones(tmp_path: Path) -> None:
    """Built-in scales stored before Misleading left the axis: no migration, the numbers of
    today are published, and an old verdict is read by its label."""
    db = tmp_path / "old.db"
    wb = Workbench(db, "alice", clock=Clock())
    with wb:
        article = wb.import_file(SAMPLES / "press_release_harbour_ministry.txt").article.id
        wb.set_tags(article, 2, ["claim"])
        wb.set_verdict(article, 2, "Misleading", claim="Works are on schedule")
    old = [
        {"name": n, "value": v}
        for n, v in (
            ("True", 5),
            ("Mostly true", 4),
            ("Half true", 3),
            ("Misleading", 2),
            ("Mostly false", 2),
            ("False", 1),
            ("Unverifiable", 0),
        )
    ]
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE scales SET labels = ? WHERE name = 'newsroom'", [json.dumps(old)])
        conn.execute("UPDATE verdicts SET value = 2")
    with Workbench(db, "alice", clock=Clock()) as wb:
        rating = _claimreview(wb, article)[0]["reviewRating"]
        document = json.loads(export(wb.review(article), "json").text)
    assert "ratingValue" not in rating
    verdict = document["sentences"][1]["verdict"]
    assert (verdict["value"], verdict["on_axis"]) == (0, False)


def test_claimreview_appearance_needs_a_url(tmp_path: Path) -> None:
    wb = Workbench(tmp_path / "a.db", "alice", clock=Clock())
    with wb:
        path = SAMPLES / "press_release_harbour_ministry.txt"
        article = wb.import_file(path, url="https://news.example.org/harbour").article.id
        wb.set_tags(article, 2, ["claim"])
        wb.set_verdict(article, 2, "True", claim="Works are on schedule", claimant="Dana Reyes")
        claim = _claimreview(wb, article)[0]["itemReviewed"]
    assert claim["appearance"]["url"] == "https://news.example.org/harbour"
    assert claim["author"] == {"@type": "Person", "name": "Dana Reyes"}


# ------------------------------------------------------------ Web Annotation
IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]+$")
BODY_PURPOSES = {
    "assessing", "bookmarking", "classifying", "commenting", "describing", "editing",
    "highlighting", "identifying", "linking", "moderating", "questioning", "replying", "tagging",
}  # fmt: skip


def _check_annotation(item: dict, text: str, live: str | None) -> None:
    """The Web Annotation Data Model's MUST rules the export relies on, in our own words."""
    assert item["@context"] == "http://www.w3.org/ns/anno.jsonld"
    assert IRI.match(item["id"]) and item["type"] == "Annotation"
    assert "target" in item and not ("body" in item and "bodyValue" in item)
    for body in item["body"]:
        assert body["type"] in {"TextualBody", "SpecificResource"}
        assert body["purpose"] in BODY_PURPOSES
        if body["type"] == "TextualBody":
            assert isinstance(body["value"], str) and "source" not in body
        else:
            assert IRI.match(body["source"]) and "value" not in body
            if "selector" in body:
                assert body["selector"]["type"] == "TextQuoteSelector"
                assert isinstance(body["selector"]["exact"], str)
    target = item["target"]
    # The positions count in the stored text, so the source names the stored text.
    assert target["source"] == f"urn:sha256:{hashlib.sha256(text.encode()).hexdigest()}"
    assert target.get("scope") == live
    position, quote = target["selector"]
    assert position["type"] == "TextPositionSelector"
    assert 0 <= position["start"] <= position["end"] <= len(text)
    assert all(type(position[k]) is int for k in ("start", "end"))
    assert quote["type"] == "TextQuoteSelector"
    assert text[position["start"] : position["end"]] == quote["exact"]


def test_web_annotation_export_keeps_the_model_rules(tmp_path: Path) -> None:
    annotations = 0
    for wb, article in _reviews(tmp_path):
        with wb:
            stored = wb.article(article)
            data = json.loads(export(wb.review(article), "webannotation").text)
        assert data["@context"] == "http://www.w3.org/ns/anno.jsonld"
        assert IRI.match(data["id"]) and data["type"] == "AnnotationCollection"
        assert isinstance(data["label"], str) and type(data["total"]) is int
        if data["total"] == 0:
            assert "first" not in data  # a page needs at least one item
            continue
        page = data["first"]
        assert IRI.match(page["id"]) and page["type"] == "AnnotationPage"
        assert page["partOf"] == data["id"] and len(page["items"]) == data["total"] > 0
        for item in page["items"]:
            _check_annotation(item, stored.text, stored.url)
            annotations += 1
    assert annotations >= 5


def test_web_annotation_bodies_carry_claim_claimant_stance_and_excerpt(tmp_path: Path) -> None:
    wb = Workbench(tmp_path / "a.db", "alice", clock=Clock())
    with wb:
        path = SAMPLES / "press_release_harbour_ministry.txt"
        article = wb.import_file(path, url="https://news.example.org/harbour").article.id
        wb.set_tags(article, 2, ["claim"])
        source, _ = wb.add_source(url="https://example.org/audit", title="Audit")
        wb.link(article, 2, source.id, stance="refutes", excerpt="two years late")
        wb.set_verdict(article, 2, "False", claim="Works are on schedule", claimant="Dana Reyes")
        stored = wb.article(article)
        data = json.loads(export(wb.review(article), "webannotation").text)
    (item,) = data["first"]["items"]
    _check_annotation(item, stored.text, "https://news.example.org/harbour")
    values = [b.get("value") for b in item["body"]]
    assert "Claim: Works are on schedule" in values and "Claimant: Dana Reyes" in values
    assert "refutes: Audit — “two years late”" in values
    link = next(b for b in item["body"] if b["type"] == "SpecificResource")
    assert link == {
        "type": "SpecificResource",
        "purpose": "linking",
        "source": "https://example.org/audit",
        "selector": {"type": "TextQuoteSelector", "exact": "two years late"},
    }


def test_no_tags_means_no_page(tmp_path: Path) -> None:
    wb = Workbench(tmp_path / "a.db", "alice", clock=Clock())
    with wb:
        article = wb.import_file(SAMPLES / "press_release_harbour_ministry.txt").article.id
        data = json.loads(export(wb.review(article), "webannotation", ExportOptions()).text)
    assert data["total"] == 0 and "first" not in data


def test_file_names_are_cut_at_a_word() -> None:
    from workbench.core.exports import SLUG_LIMIT, export_name

    title = "Iraqi Resistance Launches New Drone Attacks against “Israel”"
    assert export_name(title, 1) == "review-1-iraqi-resistance-launches-new-drone-attacks"
    for words in range(1, 30):
        name = export_name(" ".join(["harbour"] * words), 7).removeprefix("review-7-")
        assert len(name) <= SLUG_LIMIT and set(name.split("-")) == {"harbour"}
    assert export_name("x" * 80, 2) == "review-2-" + "x" * SLUG_LIMIT
    assert export_name("", 3) == "review-3"


@pytest.mark.parametrize("fmt", ["markdown", "html", "csv"])
def test_control_characters_typed_by_a_reviewer_show_as_in_article_text(
    tmp_path: Path, fmt: str
) -> None:
    evil = tmp_path / "evil.txt"
    evil.write_text("Screen test\n\nThe minister \x1b]0;pwned\x07 renamed a window.\n")
    typed = "typed \x1b]0;pwned\x07 by hand\nsecond line"
    with Workbench(tmp_path / "a.db", "alice", clock=Clock()) as wb:
        article = wb.import_file(evil).article.id
        wb.set_tags(article, 2, ["claim"])
        source, _ = wb.add_source(url="https://example.org/s", title=typed)
        wb.link(article, 2, source.id, stance="context", excerpt=typed, note=typed)
        wb.set_verdict(article, 2, "False", rationale=typed, claim="Short claim", claimant=typed)
        text = export(wb.review(article), fmt, GOLDEN_OPTIONS).text
    assert "\x1b" not in text and "\x07" not in text
    # As the article's sentence shows it: the characters it is made of (in Markdown with the
    # backslash and bracket escaped, so that it renders so; in CSV's JSON cells as JSON does).
    shown = {
        "markdown": "\\\\x1b\\]0;pwned\\\\x07",
        "html": "\\x1b]0;pwned\\x07",
        "csv": "\\x1b]0;pwned\\x07",
    }[fmt]
    fields = {"markdown": 6, "html": 7, "csv": 3}[fmt]  # the sentence and the typed fields
    assert text.count(shown) >= fields, text.count(shown)

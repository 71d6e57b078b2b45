"""Articles that change: re-importing a changed text makes a revision of the same article."""

from __future__ import annotations

import random
from pathlib import Path

from workbench.core.revisions import ADDED, CHANGED, EDITED, REMOVED, SAME, align, word_diff
from workbench.core.service import Workbench

FIRST = (
    "Unemployment fell to 4.1 percent in March. The minister said the economy was strong.\n\n"
    "Exports rose by 12 percent last year. Critics disagree with the figures. "
    "The budget is balanced.\n"
)
SECOND = (
    "Unemployment fell to 4.2 percent in March. The minister said the economy was strong.\n\n"
    "A new sentence appears here about wages. Exports rose by 12 percent last year. "
    "The budget is now in deficit by two billion.\n"
)


def _write(folder: Path, text: str) -> Path:
    folder.mkdir(exist_ok=True)
    path = folder / "report.txt"
    path.write_text(text, encoding="utf-8")
    return path


def _reviewed(workbench: Workbench, tmp_path: Path) -> int:
    article = workbench.import_file(_write(tmp_path / "one", FIRST)).article.id
    workbench.set_tags(article, 1, ["claim"])
    workbench.set_verdict(article, 1, "False")
    workbench.set_tags(article, 3, ["figure"])
    workbench.set_tags(article, 5, ["claim"])
    workbench.mark_done(article, [2])
    return article


def test_alignment_pairs_equal_edited_and_new_sentences() -> None:
    old = ["Alpha beta gamma delta.", "The same sentence.", "Gone for good here.", "Tail one."]
    new = ["Alpha beta gamma delta!", "The same sentence.", "Entirely new words now.", "Tail one."]
    kinds = [(p.old, p.new, p.kind) for p in align(old, new)]
    assert (1, 1, SAME) in kinds and (3, 3, SAME) in kinds
    assert (0, 0, EDITED) in kinds
    assert (2, None, REMOVED) in kinds and (None, 2, ADDED) in kinds


def test_alignment_of_a_long_article_keeps_order_and_finds_every_edit() -> None:
    rng = random.Random(7)
    words = "the of a council said minister budget rose fell percent year report city".split()
    old = [f"Sentence {i} " + " ".join(rng.choices(words, k=12)) + "." for i in range(3000)]
    new = list(old)
    edited = sorted(rng.sample(range(3000), 60))
    for i in edited:
        new[i] = new[i][:-1] + " indeed."
    del new[1500:1510]
    new.insert(200, "A wholly unrelated paragraph opener about weather in the hills.")
    pairs = align(old, new)
    olds = [p.old for p in pairs if p.old is not None]
    news = [p.new for p in pairs if p.new is not None]
    assert olds == list(range(3000)) and news == list(range(len(new)))
    by_old = {p.old: p.kind for p in pairs if p.old is not None}
    assert all(by_old[i] == EDITED for i in edited if not 1500 <= i < 1510)
    assert sum(1 for p in pairs if p.kind == REMOVED) == 10
    assert [p.kind for p in pairs if p.new == 200] == [ADDED]


def test_word_diff_says_what_changed() -> None:
    assert word_diff("fell to 4.1 percent", "fell to 4.2 percent") == [
        ("=", "fell to"),
        ("-", "4.1"),
        ("+", "4.2"),
        ("=", "percent"),
    ]


def test_reimport_makes_a_revision_and_keeps_the_review(
    workbench: Workbench, tmp_path: Path
) -> None:
    article = _reviewed(workbench, tmp_path)
    before = {s.number: s for s in workbench.sentences(article)}
    result = workbench.import_file(_write(tmp_path / "two", SECOND))
    assert result.article.id == article and not result.created
    assert result.revised and result.revised.startswith("revision 2:")
    assert [a.id for a in workbench.articles()] == [article]
    after = workbench.sentences(article)
    assert [s.text for s in after][2] == "A new sentence appears here about wages."
    # Unchanged sentences keep their ids and review; a barely edited one keeps its review.
    assert after[1].id == before[2].id and after[1].marked
    assert after[3].id == before[3].id and after[3].tags == ("figure",)
    assert after[0].id == before[1].id and after[0].tags == ("claim",)
    assert after[0].verdict == "False"
    # The rewritten sentence starts afresh; its old review is in the record.
    assert after[4].id != before[5].id and after[4].tags == ()
    flags = workbench.changed_since_review(article)
    kinds = {sid: sorted(f["kind"] for f in found) for sid, found in flags.items()}
    assert kinds == {after[0].id: [EDITED], after[2].id: [ADDED], after[4].id: [CHANGED, REMOVED]}
    revisions = workbench.revisions(article)
    assert [r["number"] for r in revisions] == [1, 2]
    changed = {c["kind"]: c for c in revisions[1]["changes"]}
    assert changed[CHANGED]["old"] == "The budget is balanced."
    assert changed[CHANGED]["review"] == "tagged claim"
    assert "rated False" in changed[EDITED]["review"]


def test_acting_on_a_flagged_sentence_clears_its_flag(workbench: Workbench, tmp_path: Path) -> None:
    article = _reviewed(workbench, tmp_path)
    workbench.import_file(_write(tmp_path / "two", SECOND))
    workbench.mark_done(article, [3])
    flagged = workbench.changed_since_review(article)
    assert workbench.sentences(article)[2].id not in flagged
    assert len(flagged) == 2


def test_a_revision_is_one_action_undone_and_redone(workbench: Workbench, tmp_path: Path) -> None:
    article = _reviewed(workbench, tmp_path)
    first = [(s.id, s.text, s.tags, s.marked) for s in workbench.sentences(article)]
    workbench.import_file(_write(tmp_path / "two", SECOND))
    second = [(s.id, s.text, s.tags, s.marked) for s in workbench.sentences(article)]
    outcome = workbench.undo(article)
    assert "revision 2" in outcome.message
    assert [(s.id, s.text, s.tags, s.marked) for s in workbench.sentences(article)] == first
    assert workbench.article(article).text == FIRST
    assert workbench.revisions(article) == [] and workbench.changed_since_review(article) == {}
    workbench.redo(article)
    assert [(s.id, s.text, s.tags, s.marked) for s in workbench.sentences(article)] == second


def test_the_same_text_again_is_no_revision(workbench: Workbench, tmp_path: Path) -> None:
    article = _reviewed(workbench, tmp_path)
    result = workbench.import_file(_write(tmp_path / "again", FIRST))
    assert result.article.id == article and result.revised is None
    assert workbench.revisions(article) == []


def test_a_different_file_is_a_new_article(workbench: Workbench, tmp_path: Path) -> None:
    article = _reviewed(workbench, tmp_path)
    other = tmp_path / "other.txt"
    other.write_text(SECOND, encoding="utf-8")
    assert workbench.import_file(other).article.id != article


def test_reports_carry_the_revisions(workbench: Workbench, tmp_path: Path) -> None:
    import json

    from tests.unit.test_export_contracts import VALIDATOR

    article = _reviewed(workbench, tmp_path)
    assert "revisions" not in json.loads(workbench.export(article, "json").text)
    assert "Corrections" not in workbench.export(article, "markdown").text
    workbench.import_file(_write(tmp_path / "two", SECOND))
    document = json.loads(workbench.export(article, "json").text)
    assert not list(VALIDATOR.iter_errors(document))
    assert [r["number"] for r in document["revisions"]] == [1, 2]
    assert {c["kind"] for c in document["revisions"][1]["changes"]} == {
        EDITED,
        CHANGED,
        ADDED,
        REMOVED,
    }
    markdown = workbench.export(article, "markdown").text
    assert "## Corrections" in markdown and "**Revision 2**" in markdown
    assert "changed sentence 5 (tagged claim), was: “The budget is balanced.”" in markdown
    html = workbench.export(article, "html").text
    assert '<h2 id="corrections">Corrections</h2>' in html
    assert "edited sentence 1 (tagged claim; rated False)" in html


def test_a_file_named_alike_with_another_story_is_a_new_article(
    workbench: Workbench, tmp_path: Path
) -> None:
    article = _reviewed(workbench, tmp_path)
    other = _write(
        tmp_path / "elsewhere",
        "Flooding closed the coastal road on Tuesday. Ferries ran a reduced timetable.\n",
    )
    result = workbench.import_file(other)
    assert result.created and result.article.id != article
    assert workbench.revisions(article) == []

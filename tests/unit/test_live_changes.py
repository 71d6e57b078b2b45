"""What a screen showing an article learns from the action log about others' changes."""

from __future__ import annotations

from pathlib import Path

from workbench.core.models import SourceChange
from workbench.core.service import Workbench


def test_a_tag_names_its_sentence_and_nothing_more(workbench: Workbench, seed: int) -> None:
    start = workbench.last_action_id()
    assert workbench.changes_since(seed, start).sentences == frozenset()
    tagged = workbench.toggle_tag(seed, 3, "claim").action
    untagged = workbench.toggle_tag(seed, 5, "quote")
    live = workbench.changes_since(seed, start)
    assert live.sentences == {tagged.sentence_id, untagged.action.sentence_id}
    assert not live.everything and not live.sources
    assert live.last == untagged.action.id == workbench.last_action_id()
    # Seen already: nothing new.
    assert workbench.changes_since(seed, live.last).sentences == frozenset()


def test_evidence_verdicts_marks_comments_and_undo_name_their_sentence(
    workbench: Workbench, seed: int
) -> None:
    start = workbench.last_action_id()
    sentence = workbench.sentence(seed, 4).sentence.id
    workbench.toggle_tag(seed, 4, "claim")
    source, _ = workbench.add_source(url="https://example.org/a", title="A report")
    workbench.link(seed, 4, source.id, stance="supports")
    workbench.set_verdict(seed, 4, "true", rationale="the report says so")
    workbench.undo(seed)
    done = workbench.toggle_done(seed, 6).action.sentence_id
    live = workbench.changes_since(seed, start)
    assert live.sentences == {sentence, done}
    assert live.sources and not live.everything


def test_a_merge_has_the_article_read_again(workbench: Workbench, seed: int) -> None:
    start = workbench.last_action_id()
    workbench.merge(seed, 10)
    assert workbench.changes_since(seed, start).everything


def test_a_source_edit_is_noticed_and_another_articles_work_is_not(
    workbench: Workbench, seed: int, tmp_path: Path
) -> None:
    source, _ = workbench.add_source(url="https://example.org/b", title="Before")
    start = workbench.last_action_id()
    workbench.edit_source(source.id, SourceChange(title="After"))
    live = workbench.changes_since(seed, start)
    assert live.sources and not live.everything and live.sentences == frozenset()
    text = tmp_path / "other.txt"
    text.write_text("Another article.\n\nIt has 3 sentences. Here is one.\n", encoding="utf-8")
    other = workbench.import_file(text)
    before = workbench.last_action_id()
    workbench.toggle_tag(other.article.id, 1, "claim")
    assert workbench.changes_since(seed, before).sentences == frozenset()

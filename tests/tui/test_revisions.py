"""A revised article in the TUI: changed sentences are marked Δ in the list, `n` visits them
first, and the detail pane shows the differences word by word."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import Clock
from tests.tui.screen import screen_text
from tests.unit.test_revisions import FIRST, SECOND
from workbench.core.service import Workbench
from workbench.tui.app import WorkbenchApp
from workbench.tui.widgets.sentence_list import SentenceList

SIZE = (160, 40)


def _revised(db_path: Path, tmp_path: Path) -> int:
    for folder, text in (("one", FIRST), ("two", SECOND)):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "report.txt").write_text(text, encoding="utf-8")
    with Workbench(db_path, "alice", clock=Clock()) as wb:
        article = wb.import_file(tmp_path / "one" / "report.txt").article.id
        wb.set_tags(article, 1, ["figure"])
        wb.set_verdict(article, 1, "False")
        wb.mark_done(article, [2])
        wb.import_file(tmp_path / "two" / "report.txt")
    return article


def _number(app: WorkbenchApp) -> int:
    current = app.screen.query_one(SentenceList).current
    assert current is not None
    return current.number


async def test_changed_sentences_are_marked_visited_first_and_diffed(
    db_path: Path, tmp_path: Path
) -> None:
    article = _revised(db_path, tmp_path)
    app = WorkbenchApp(Workbench(db_path, "alice"), article_id=article)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        rows = app.screen.query_one(SentenceList).rows
        assert [row.number for row in rows if row.changed] == [1, 3, 5]
        text = screen_text(app)
        assert "    1Δ" in text and "    2 " in text
        await pilot.press("g")
        await pilot.pause()
        text = screen_text(app)
        # Sentence 1 is finished (tagged and rated) but changed: its words, old → new.
        assert "Changed since review — revision 2" in text
        assert "edited: Unemployment fell to 4.1 → 4.2 percent in March." in text
        assert "the old sentence was tagged figure; rated False" in text
        await pilot.press("n")
        assert _number(app) == 3  # added: visited before the unfinished sentence 4
        await pilot.pause()
        assert "added: this sentence is new in this revision" in screen_text(app)
        await pilot.press("n")
        assert _number(app) == 5
        await pilot.pause()
        text = screen_text(app)
        assert "removed here: Critics disagree with the figures." in text
        assert "changed: The budget is balanced. → now in deficit" in text
        await pilot.press("d")  # marking it clears its flag
        await pilot.pause()
        assert not app.screen.query_one(SentenceList).rows[4].changed
    with Workbench(db_path, "alice") as wb:
        flagged = wb.changed_since_review(article)
        assert len(flagged) == 2

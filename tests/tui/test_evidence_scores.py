"""The evidence dialog says how well a found passage matches, in words, not as a percentage."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import SEED, Clock
from workbench.core.service import Workbench
from workbench.tui.app import WorkbenchApp
from workbench.tui.screens.evidence import EvidenceModal

MINISTRY = (
    "The Ministry of Health in Gaza said on Monday that 43,600 Palestinians have been killed "
    "and 103,000 injured since October 2023."
)


async def test_found_passages_are_described_in_words(db_path: Path) -> None:
    with Workbench(db_path, "alice", clock=Clock()) as wb:
        article = wb.import_file(SEED).article.id
        wb.add_source(url="https://example.org/moh", title="Ministry update", snapshot=MINISTRY)
        hits = wb.find_evidence(article, 13)
        sources = wb.sources()
    app = WorkbenchApp(Workbench(db_path, "alice"), article_id=article)
    async with app.run_test(size=(80, 24)) as pilot:
        modal = EvidenceModal(13, "The war has resulted in deaths.", sources)
        modal.offer_passages(hits)
        await app.push_screen(modal)
        await pilot.pause()
        shown = str(modal.query_one("#source-results").get_option_at_index(0).prompt)
        assert shown.startswith("strong match ")
        assert "shares 43,600, 103,000" in shown
        assert "%" not in shown.split("\n")[0]

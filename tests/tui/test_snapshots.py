"""Layout snapshots (pytest-textual-snapshot): review screen wide and at 80x24, verdict modal
wide and at 80x24, help at 80x24. What must be visible is asserted in test_fit.py.

Regenerate after an intended change with `pytest tests/tui/test_snapshots.py --snapshot-update`.
"""

from __future__ import annotations

from pathlib import Path

from tests.conftest import SEED, Clock
from workbench.core.service import Workbench
from workbench.tui.app import WorkbenchApp


def reviewed_app(db_path: Path) -> WorkbenchApp:
    with Workbench(db_path, "alice", clock=Clock()) as wb:
        article = wb.import_file(SEED).article.id
        wb.set_tags(article, 13, ["claim", "figure"])
        source, _ = wb.add_source(
            url="https://example.org/moh",
            title="Casualty report",
            publisher="Ministry of Health",
            published="2024-11-10",
        )
        wb.link(article, 13, source.id, stance="supports", excerpt="43,603 killed")
        wb.set_verdict(
            article,
            13,
            "Mostly true",
            rationale="Close to the ministry's count.",
            claim="At least 43,600 killed",
            claimant="Al-Ahed News",
        )
        wb.set_tags(article, 6, ["quote"])
    return WorkbenchApp(Workbench(db_path, "alice"), article_id=article)


def test_review_screen_wide(snap_compare, db_path: Path) -> None:
    assert snap_compare(reviewed_app(db_path), terminal_size=(120, 40), press=["G"])


def test_review_screen_80x24(snap_compare, db_path: Path) -> None:
    assert snap_compare(reviewed_app(db_path), terminal_size=(80, 24), press=["G"])


def test_verdict_modal(snap_compare, db_path: Path) -> None:
    assert snap_compare(reviewed_app(db_path), terminal_size=(100, 34), press=["G", "v"])


def test_verdict_modal_80x24(snap_compare, db_path: Path) -> None:
    assert snap_compare(reviewed_app(db_path), terminal_size=(80, 24), press=["G", "v", "3"])


def test_help_80x24(snap_compare, db_path: Path) -> None:
    assert snap_compare(reviewed_app(db_path), terminal_size=(80, 24), press=["question_mark"])

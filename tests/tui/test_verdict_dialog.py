"""The verdict dialog: the sentence, its evidence and checks in view while writing; the current
rating highlighted on re-rating and the chosen one in words; pre-filled fields that take typing
at their end; and no key of a burst lost or put in the wrong field."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import SEED, Clock
from tests.tui.keys import burst, settle
from tests.tui.screen import screen_text
from workbench.core.service import Workbench
from workbench.tui.app import WorkbenchApp
from workbench.tui.screens.review import ReviewScreen
from workbench.tui.screens.verdict import LabelList, VerdictModal
from workbench.tui.widgets.fields import SafeInput, SafeTextArea

SIZES = [(80, 24), (120, 35)]


@pytest.fixture
def article(db_path: Path) -> int:
    with Workbench(db_path, "alice", clock=Clock()) as wb:
        article = wb.import_file(SEED).article.id
        wb.set_tags(article, 13, ["claim", "figure"])
        source, _ = wb.add_source(
            url="https://example.org/moh",
            title="Casualty report",
            publisher="Ministry of Health",
            published="2024-11-10",
            snapshot="The ministry counted 43,603 killed and 102,929 injured.",
        )
        wb.link(article, 13, source.id, stance="supports", excerpt="43,603 killed")
        return article


def rate(db_path: Path, article: int) -> None:
    with Workbench(db_path, "alice") as wb:
        wb.set_verdict(
            article,
            13,
            "Mostly true",
            rationale="Close to the ministry's count.",
            claim="At least 43,600 killed",
            claimant="Al-Ahed News",
        )


def current(db_path: Path, article: int):
    with Workbench(db_path, "alice") as wb:
        return wb.sentence(article, 13).verdict


def app_for(db_path: Path, article: int) -> WorkbenchApp:
    return WorkbenchApp(Workbench(db_path, "alice"), article_id=article)


@pytest.mark.parametrize("size", SIZES)
async def test_the_sentence_evidence_and_checks_stay_in_view_while_writing(
    db_path: Path, article: int, size: tuple[int, int]
) -> None:
    app = app_for(db_path, article)
    async with app.run_test(size=size) as pilot:
        await pilot.press("G", "v", "3")
        modal = app.screen
        assert isinstance(modal, VerdictModal)
        assert modal.focused is modal.query_one("#verdict-rationale")
        shown = screen_text(app)
        for visible in (
            "Verdict on sentence 13",
            "The ongoing",  # the sentence
            "Casualty report",  # its evidence
            "figure check:",  # and the check result
            "Rating:  Half true",  # the chosen rating, in words
            "Rationale",
            "Claim ",
            "Claimant",
            "0/75",
            "ctrl+s save",
        ):
            assert visible in shown, f"{visible!r} not on the {size} screen:\n{shown}"
        await pilot.press("tab", "tab")
        assert modal.focused is modal.query_one("#verdict-claimant")
        shown = screen_text(app)
        assert "Claimant: who made the claim" in shown and "figure check:" in shown


@pytest.mark.parametrize("size", SIZES)
async def test_re_rating_highlights_the_current_rating(
    db_path: Path, article: int, size: tuple[int, int]
) -> None:
    rate(db_path, article)
    app = app_for(db_path, article)
    async with app.run_test(size=size) as pilot:
        await pilot.press("G", "v")
        modal = app.screen
        assert isinstance(modal, VerdictModal)
        labels = modal.query_one(LabelList)
        assert modal.focused is labels
        assert labels.highlighted == 1  # Mostly true
        shown = screen_text(app)
        assert "Mostly true  (4)  ← current verdict" in shown
        assert "Rating:  Mostly true" in shown and "current verdict: Mostly true" in shown
        await pilot.press("4")
        assert "Rating:  Mostly false" in screen_text(app)


async def test_pre_filled_fields_take_typing_at_their_end(db_path: Path, article: int) -> None:
    rate(db_path, article)
    app = app_for(db_path, article)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("G", "v", "2")
        modal = app.screen
        rationale = modal.query_one("#verdict-rationale", SafeTextArea)
        assert rationale.cursor_location == rationale.document.end
        await pilot.press(*" Checked.", "tab")
        claim = modal.query_one("#verdict-claim", SafeInput)
        assert modal.focused is claim
        assert claim.cursor_position == len(claim.value)
        assert claim.selected_text == ""  # focusing selects nothing typing would replace
        await pilot.press(*" in Gaza", "tab", *" (Iraq)", "ctrl+s")
        await settle(pilot, lambda: isinstance(app.screen, ReviewScreen))
    verdict = current(db_path, article)
    assert verdict.rationale == "Close to the ministry's count. Checked."
    assert verdict.claim == "At least 43,600 killed in Gaza"
    assert verdict.claimant == "Al-Ahed News (Iraq)"


@pytest.mark.parametrize("size", SIZES)
async def test_a_burst_typed_after_v_and_tab_lands_in_its_fields(
    db_path: Path, article: int, size: tuple[int, int]
) -> None:
    app = app_for(db_path, article)
    async with app.run_test(size=size) as pilot:
        await pilot.press("G")
        burst(
            app,
            "v",
            "4",
            *"Ministry count differs",
            "tab",
            *"43,600 killed",
            "tab",
            *"Al-Ahed",
            "ctrl+s",
        )
        await settle(pilot, lambda: current(db_path, article) is not None)
        assert isinstance(app.screen, ReviewScreen)
    verdict = current(db_path, article)
    assert (verdict.label, verdict.rationale, verdict.claim, verdict.claimant) == (
        "Mostly false",
        "Ministry count differs",
        "43,600 killed",
        "Al-Ahed",
    )


async def test_a_burst_re_rating_keeps_the_old_text_and_adds_the_new(
    db_path: Path, article: int
) -> None:
    rate(db_path, article)
    app = app_for(db_path, article)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("G")
        burst(app, "v", "1", *" Now exact.", "tab", "tab", *" et al", "ctrl+s")
        await settle(pilot, lambda: current(db_path, article).label == "True")
    verdict = current(db_path, article)
    assert verdict.rationale == "Close to the ministry's count. Now exact."
    assert verdict.claim == "At least 43,600 killed"
    assert verdict.claimant == "Al-Ahed News et al"


async def test_the_checks_stay_in_view_at_80x24_with_long_evidence(
    db_path: Path, article: int
) -> None:
    with Workbench(db_path, "alice") as wb:
        source, _ = wb.add_source(
            url="https://example.org/un",
            title="Situation update from the United Nations office",
            publisher="OCHA",
            published="2024-11-11",
            snapshot=(
                "According to the ministry, at least 43,603 people have been killed and "
                "102,929 injured since the start of the war, a count the office could not "
                "verify independently but has found reliable in past conflicts."
            ),
        )
        wb.link(
            article,
            13,
            source.id,
            stance="supports",
            excerpt=(
                "According to the ministry, at least 43,603 people have been killed and "
                "102,929 injured since the start of the war, a count the office could not "
                "verify independently"
            ),
        )
    app = app_for(db_path, article)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("G", "v", "3")
        assert isinstance(app.screen, VerdictModal)
        shown = screen_text(app)
        assert shown.count("figure check:") == 2, shown

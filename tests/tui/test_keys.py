"""Keys come from one registry: bindings, the help screen and the palette are made from it,
and the palette offers what applies now."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import SEED, Clock
from workbench.actions import ACTIONS, BY_ID, CONDITIONS, in_scope
from workbench.config import Config
from workbench.core.service import Workbench
from workbench.tui.app import WorkbenchApp
from workbench.tui.commands import commands_for
from workbench.tui.keys import KeyNames, prose
from workbench.tui.screens.review import ReviewScreen

SIZE = (120, 40)


@pytest.fixture
def article(db_path: Path) -> int:
    with Workbench(db_path, "alice", clock=Clock()) as wb:
        return wb.import_file(SEED).article.id


def app_for(db_path: Path, article: int | None, keys: dict[str, str] | None = None) -> WorkbenchApp:
    config = Config(keys=keys or {})
    return WorkbenchApp(Workbench(db_path, "alice"), config=config, article_id=article)


def palette(app: WorkbenchApp) -> dict[str, str]:
    return {command.title: command.help for command in commands_for(app, app.screen)}


async def test_the_palette_offers_every_action_that_applies_now(
    db_path: Path, article: int
) -> None:
    app = app_for(db_path, article)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j")  # sentence 2: untagged, with a suggestion, ends its paragraph
        await pilot.pause()
        commands = palette(app)
        for title in (
            "accept: suggested tags",
            "order: article / check-worthiness",
            "scroll: detail down",
            "scroll: detail up",
            "go: last sentence",
            "go: next sentence",
            "export: markdown",
            "export: choose a format",
            "tag: claim",
            "help: keys",
        ):
            assert title in commands, title
        # What would do nothing is not offered, as the footer dims it.
        assert "verdict: rate the sentence" not in commands
        assert "merge: with the next sentence" not in commands
        assert "filter: clear" not in commands
        await pilot.press("c")
        await pilot.pause()
        assert "verdict: rate the sentence" in palette(app)


async def test_the_palette_runs_order_and_detail_scrolling(db_path: Path, article: int) -> None:
    app = app_for(db_path, article)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p", *"order: article")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen) and app.screen.by_worth


def test_every_action_is_named_once_with_a_palette_title() -> None:
    ids = [action.id for action in ACTIONS]
    assert len(ids) == len(set(ids))
    for action in ACTIONS:
        assert action.id == action.id.lower() and "_" not in action.id, action.id
        if action.title is not None:
            verb, _, thing = action.title.partition(": ")
            assert verb and thing and verb == verb.lower(), action.title
        assert action.applies is None or action.applies in CONDITIONS
    titles = [a.title for a in ACTIONS if a.title] + [v.title for a in ACTIONS for v in a.variants]
    assert len(titles) == len(set(titles))
    # The actions the issue found missing from the palette are there.
    for action_id in ("accept", "work-order", "detail-down", "detail-up"):
        assert BY_ID[action_id].title


def test_a_scope_binds_a_key_once() -> None:
    scopes = {scope for action in ACTIONS for scope in action.scopes}
    for scope in scopes:
        keys = [key for action in in_scope(scope) for key in action.default_keys]
        assert len(keys) == len(set(keys)), scope


def test_key_names_follow_the_keymap() -> None:
    names = KeyNames({"tag-claim": "1,c", "clear-filter": "ctrl+l", "help": "?"})
    assert names.key("tag-claim") == "1" and names.every("tag-claim") == "1/c"
    assert names.format("{clear-filter} clears") == "ctrl+l clears"
    assert names.key("help") == "?"
    assert names.key("modal-save") == "ctrl+s"
    assert prose("escape") == "esc" and prose("shift+right") == "shift+→"
    # A default key the keymap gives to another action of the screen no longer runs its own.
    taken = KeyNames({"tag-claim": "x"})
    assert taken.key("export") == "(no key)"
    with pytest.raises(KeyError, match="no action id"):
        names.format("{tag-claims} tags")

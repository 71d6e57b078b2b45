"""Keys come from one registry: a key remapped in the config is the key every hint names (the
footer, the help screen, the palette, notices, the detail pane), and the palette offers what
applies now."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from rich.console import Console
from textual.widgets._footer import FooterKey

from tests.conftest import SEED, Clock
from workbench.actions import ACTIONS, BY_ID, CONDITIONS, in_scope
from workbench.config import Config
from workbench.core.service import Workbench
from workbench.tui.app import WorkbenchApp
from workbench.tui.commands import commands_for
from workbench.tui.keys import KeyNames, prose
from workbench.tui.screens.help import HelpScreen
from workbench.tui.screens.library import LibraryScreen
from workbench.tui.screens.review import ReviewScreen

SIZE = (120, 40)
REMAPPED = {"tag-claim": "y", "undo": "z"}


@pytest.fixture
def article(db_path: Path) -> int:
    with Workbench(db_path, "alice", clock=Clock()) as wb:
        return wb.import_file(SEED).article.id


def app_for(db_path: Path, article: int | None, keys: dict[str, str] | None = None) -> WorkbenchApp:
    config = Config(keys=keys or {})
    return WorkbenchApp(Workbench(db_path, "alice"), config=config, article_id=article)


def footer_keys(app: WorkbenchApp) -> dict[str, str]:
    return {key.description: key.key_display for key in app.screen.query(FooterKey)}


def palette(app: WorkbenchApp) -> dict[str, str]:
    return {command.title: command.help for command in commands_for(app, app.screen)}


def notices(app: WorkbenchApp) -> list[str]:
    return [n.message for n in app._notifications]


def detail_text(app: WorkbenchApp) -> str:
    console = Console(width=200, record=True, file=io.StringIO())
    console.print(app.screen.query_one("#detail-body").content)
    return console.export_text()


async def test_a_remapped_key_is_the_key_every_hint_names(db_path: Path, article: int) -> None:
    app = app_for(db_path, article, REMAPPED)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        # The footer.
        shown = footer_keys(app)
        assert shown["Claim"] == "y" and shown["Undo"] == "z"
        assert list(shown)[:2] == ["Claim", "Quote"]  # in its place, not moved to the end
        # The palette.
        commands = palette(app)
        assert commands["tag: claim"].endswith("· y")
        assert commands["undo: last action"].endswith("· z")
        # The detail pane of an untagged sentence.
        assert "none — y claim, q quote, f figure" in detail_text(app)
        # The notice of a verdict asked for on an untagged sentence.
        await pilot.press("G", "v")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        assert "Tag the sentence first (y, q or f), then give a verdict" in notices(app)
        assert not any("(c," in notice for notice in notices(app))
        # The notice after an action that can be undone.
        await pilot.press("a")
        await pilot.pause()
        assert any(n.endswith("— z undoes it") for n in notices(app))
        assert not any("u undoes" in n for n in notices(app))
        # The help screen.
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        rows = dict(app.screen.rows)
        assert rows["y"] == "Toggle the claim tag on the current sentence"
        assert rows["z"] == "Undo your last action (in a review: in this article)"
        assert "c" not in rows and "u" not in rows
        await pilot.press("escape")
        # The new keys run the actions; the old ones no longer do.
        await pilot.press("k", "c", "u", "y")
        await pilot.pause()
    with Workbench(db_path, "alice") as wb:
        assert wb.sentence(article, 12).sentence.tags == ("claim",)
        assert wb.sentence(article, 13).sentence.tags == ("claim", "figure")  # accepted


async def test_the_library_hint_names_the_remapped_import_key(db_path: Path) -> None:
    app = app_for(db_path, None, {"import-file": "ctrl+o"})
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        empty = str(app.screen.query_one("#library-empty").content)
        assert "Press ctrl+o to import" in empty
        assert footer_keys(app)["Import file"] == "^o"
        await pilot.press("o")  # open, with nothing to open: says why, with the new key
        await pilot.pause()
        assert "No article to open: ctrl+o imports one" in notices(app)


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


async def test_a_keymap_set_while_running_reaches_the_hints(db_path: Path, article: int) -> None:
    app = app_for(db_path, article, {"tag-claim": "y"})
    async with app.run_test(size=SIZE) as pilot:
        app.update_keymap({"undo": "z"})
        await pilot.pause()
        assert app.key_names.key("tag-claim") == "y" and app.key_names.key("undo") == "z"
        assert footer_keys(app)["Undo"] == "z"
        await pilot.press("y", "z")
        await pilot.pause()
    with Workbench(db_path, "alice") as wb:
        assert wb.sentence(article, 1).sentence.tags == ()  # tagged, then undone
        assert [a.kind for a in wb.history(article)][-2:] == ["do", "undo"]

"""The Textual application. It receives its Workbench; `make_app` builds it for the CLI and
for the tests alike."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any
from weakref import WeakKeyDictionary

from textual import events
from textual.app import App, SystemCommand
from textual.notifications import SeverityLevel
from textual.screen import Screen

from ..config import Config
from ..core.errors import WorkbenchError
from ..core.service import Workbench
from ..paths import locate
from .commands import commands_for
from .keys import KeyNames, bindings, help_rows
from .screens.export import EXPORT_FOLDER_FILE, ExportMemory
from .screens.library import LibraryScreen
from .screens.review import ReviewScreen


class WorkbenchApp(App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "Fact-check workbench"
    SCOPE = "app"
    BINDINGS = bindings(SCOPE)

    def __init__(
        self, workbench: Workbench, *, config: Config | None = None, article_id: int | None = None
    ) -> None:
        super().__init__()
        self.workbench = workbench
        self.config = config or Config()
        workbench.status_names = self.config.statuses  # the desk's names for its stages
        # The config file the export dialog may save the organisation to.
        where = locate()
        self.config_path = where.config
        self.export_memory = ExportMemory(where.data_dir / EXPORT_FOLDER_FILE)
        self.start_article = article_id
        # The keys of every action after the config's keymap, for the help screen, the
        # palette and hints, from the first frame on.
        self.keymap: dict[str, str] = dict(self.config.keys)
        self.key_names = KeyNames(self.keymap)
        self._follow_palette_key()
        # The screen each key was typed on (see on_key).
        self._typed_on: WeakKeyDictionary[events.Key, Screen[Any]] = WeakKeyDictionary()

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and not event.is_forwarded:
            self._typed_on[event] = self.screen
        await super().on_event(event)

    async def on_key(self, event: events.Key) -> None:
        """A key reaches the app after the widget it was handed to has passed it on. Keys are
        handed on as they arrive, so a fast typist's keys after `v` were handed to the
        sentence list before the dialog opened: such a key, typed on a screen that is no
        longer current, is handled again as if typed now, in the dialog that has opened."""
        typed_on = self._typed_on.pop(event, None)
        if typed_on is None or typed_on is self.screen:
            return
        event.prevent_default()
        event.stop()
        again = events.Key(event.key, event.character)
        again.set_sender(self)
        await self.on_event(again)

    def on_mount(self) -> None:
        if self.config.theme:
            self.theme = self.config.theme
        if self.config.keys:
            self.set_keymap(self.config.keys)
        self.push_screen(LibraryScreen())
        if self.start_article is not None:
            self.open_article(self.start_article)

    def set_keymap(self, keymap: Mapping[str, str]) -> None:
        """The keymap (binding id -> keys) for the bindings and for every hint alike."""
        self.keymap = dict(keymap)
        self.key_names = KeyNames(self.keymap)
        self._follow_palette_key()
        super().set_keymap(keymap)

    def update_keymap(self, keymap: Mapping[str, str]) -> None:
        self.set_keymap({**self.keymap, **keymap})

    def _follow_palette_key(self) -> None:
        # The footer finds the palette's key by this name; a remapped palette key keeps it.
        keys = self.key_names.keys["command-palette"]
        if keys:
            self.COMMAND_PALETTE_BINDING = keys[0]  # type: ignore[misc]

    def open_article(self, article_id: int) -> None:
        try:
            self.workbench.article(article_id)
        except WorkbenchError as error:
            self.notify(str(error), severity="error")
            return
        if isinstance(self.screen, ReviewScreen):
            self.pop_screen()
        self.push_screen(ReviewScreen(article_id))

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Notices repeat titles, paths and URLs the user typed: never read them as markup."""
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=False)

    def action_library(self) -> None:
        while isinstance(self.screen, ReviewScreen):
            self.pop_screen()

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        yield from commands_for(self, screen)
        yield from super().get_system_commands(screen)

    def binding_rows(self, screen: Screen[Any]) -> list[tuple[str, str]]:
        """Every action of `screen` with its keys, for the help screen: made from the
        registry, so help cannot drift from what the keys do."""
        return help_rows(self, screen)


def make_app(
    db: Path | str, reviewer: str, *, config: Config | None = None, article_id: int | None = None
) -> WorkbenchApp:
    return WorkbenchApp(Workbench(db, reviewer), config=config, article_id=article_id)


def run(
    db: Path | str, reviewer: str, *, config: Config | None = None, article_id: int | None = None
) -> None:
    app = make_app(db, reviewer, config=config, article_id=article_id)
    try:
        app.run()
    finally:
        app.workbench.close()
    if app.return_code:
        # The app stopped on an error it has printed; the shell should know too.
        raise SystemExit(app.return_code)

"""The Textual application. It receives its Workbench; `make_app` builds it for the CLI and
for the tests alike."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.notifications import SeverityLevel
from textual.screen import Screen

from ..config import Config
from ..core.errors import WorkbenchError
from ..core.service import Workbench
from .commands import commands_for
from .screens.library import LibraryScreen
from .screens.review import ReviewScreen


class WorkbenchApp(App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "Fact-check workbench"
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", id="quit", priority=True, show=False),
        Binding("ctrl+p", "command_palette", "Command palette", id="command-palette", show=False),
    ]

    def __init__(
        self, workbench: Workbench, *, config: Config | None = None, article_id: int | None = None
    ) -> None:
        super().__init__()
        self.workbench = workbench
        self.config = config or Config()
        self.start_article = article_id

    def on_mount(self) -> None:
        if self.config.theme:
            self.theme = self.config.theme
        if self.config.keys:
            self.set_keymap(self.config.keys)
        self.push_screen(LibraryScreen())
        if self.start_article is not None:
            self.open_article(self.start_article)

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

    def binding_rows(self, screen: Screen[object]) -> list[tuple[str, str]]:
        """Every binding active on `screen`, keys of one binding together, for the help screen.

        Built from the bindings themselves, so help cannot drift from what the keys do.
        """
        grouped: dict[tuple[str, str], list[str]] = {}
        enabled: dict[tuple[str, str], bool] = {}
        for active in screen.active_bindings.values():
            binding = active.binding
            if not binding.id:
                continue  # Textual's own scrolling keys: not the workbench's to explain
            entry = (binding.action, binding.description or binding.action)
            grouped.setdefault(entry, []).append(self.get_key_display(binding))
            enabled[entry] = enabled.get(entry, False) or active.enabled
        rows = [
            (
                ", ".join(dict.fromkeys(keys)),
                description + ("" if enabled[(action, description)] else "  (not available now)"),
            )
            for (action, description), keys in grouped.items()
        ]
        return rows


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

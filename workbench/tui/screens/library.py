"""The library: stored articles with their review progress; open one or import a file."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import DataTable, Static

from ...actions import conditions
from ...core.errors import WorkbenchError
from ...core.models import ImportResult
from ...core.service import Workbench
from ...core.textsafe import terminal_safe
from ..keys import bindings, explain_refused, hint
from ..widgets.footer import ActionFooter
from .help import HelpScreen
from .prompt import PromptModal

if TYPE_CHECKING:
    from ..app import WorkbenchApp


FIXED_COLUMNS = 72  # the number, date and count columns with their padding
POLL_INTERVAL = 0.5  # seconds between looks for other reviewers' changes


def _cut(text: str, width: int, style: str = "") -> Text:
    line = Text(terminal_safe(text, one_line=True), style=style, no_wrap=True)
    line.truncate(width, overflow="ellipsis")
    return line


class LibraryScreen(Screen[None]):
    AUTO_FOCUS = "#articles"
    SCOPE = "library"
    BINDINGS = bindings(SCOPE)
    CONDITIONS = conditions(SCOPE)

    def __init__(self) -> None:
        super().__init__()
        self.seen_version: int | None = None

    @property
    def wb_app(self) -> WorkbenchApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        yield Static(Text("Article library", style="bold"), id="library-title")
        yield DataTable(id="articles", cursor_type="row", zebra_stripes=True)
        yield Static(id="library-empty")
        yield ActionFooter()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns(
            "#", "Date", "Headline", "Source", "Sentences", "Tagged", "Evidence", "Verdicts", "Done"
        )
        self.reload()
        self.set_interval(POLL_INTERVAL, self._poll)

    def _poll(self) -> None:
        """Another reviewer's import or review shows without a key pressed; not while the
        library is under the review screen (it is read again when it comes back)."""
        # Not `is_current`: Textual counts the screen just under the top one as current.
        if self.app.screen is not self:
            return
        try:
            changed = self.wb_app.workbench.data_version() != self.seen_version
        except WorkbenchError:
            return  # the next look tries again; reload says what is wrong
        if changed:
            self.reload()

    def on_screen_resume(self) -> None:
        self.reload()

    def on_resize(self) -> None:
        self.reload()

    def reload(self, select: int | None = None) -> None:
        """Read the library again, keeping the cursor on the same article (or `select`). A
        database that cannot be read (damaged, locked) is said on screen, never a crash."""
        table = self.query_one(DataTable)
        if select is None:
            select = self._selected()
        try:
            self.seen_version = self.wb_app.workbench.data_version()
            articles = self.wb_app.workbench.articles()
        except WorkbenchError as error:
            self.query_one("#library-empty", Static).update(Text(f"Cannot read: {error}"))
            self.notify(str(error), title="Cannot read the database", severity="error")
            return
        table.clear()
        # The counts must stay on screen: headline and source share what the numbers leave.
        room = max(24, self.size.width - FIXED_COLUMNS)
        headline_width, source_width = room * 2 // 3, room - room * 2 // 3
        for a in articles:
            # As the review screen's bar counts it: sentences rated, of all sentences.
            done = f"{100 * a.with_verdict // a.sentences}%" if a.sentences else "–"
            table.add_row(
                str(a.id),
                a.date or "",
                _cut(a.title or a.filename or "untitled", headline_width),
                _cut(a.url or a.filename or "", source_width, style="dim"),
                str(a.sentences),
                str(a.tagged),
                str(a.with_evidence),
                str(a.with_verdict),
                done,
                key=str(a.id),
            )
        empty = "No articles yet. Press {import-file} to import a .txt, .md or .html file."
        self.query_one("#library-empty", Static).update("" if articles else hint(self, empty))
        if select is not None and any(a.id == select for a in articles):
            table.move_cursor(row=table.get_row_index(str(select)))

    def _selected(self) -> int | None:
        table = self.query_one(DataTable)
        if table.row_count == 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        return int(str(key.value))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        condition = self.CONDITIONS.get(action)
        if condition == "articles":
            return None if self.is_mounted and self.query_one(DataTable).row_count == 0 else True
        return True

    def on_key(self, event: events.Key) -> None:
        explain_refused(self, event.key)

    @on(DataTable.RowSelected)
    def action_open(self) -> None:
        article_id = self._selected()
        if article_id is not None:
            self.wb_app.open_article(article_id)

    def action_cursor_down(self) -> None:
        self.query_one(DataTable).action_cursor_down()

    def action_cursor_up(self) -> None:
        self.query_one(DataTable).action_cursor_up()

    def action_import(self) -> None:
        def chosen(path: str | None) -> None:
            if path:
                self.notify(f"Importing {path}…", timeout=2)
                self._import(Path(path).expanduser())

        self.app.push_screen(
            PromptModal("Import an article", "path to a .txt, .md or .html"), chosen
        )

    @work(thread=True, exclusive=True, group="import")
    def _import(self, path: Path) -> None:
        """Read, split and store in a thread of its own, with its own connection (SQLite
        connections stay in their thread), so a long article never freezes the screen."""
        workbench = self.wb_app.workbench
        try:
            with Workbench(workbench.db_path, workbench.reviewer) as own:
                result = own.import_file(path)
        except WorkbenchError as error:
            self.app.call_from_thread(
                self.notify, str(error), title="Not imported", severity="error", timeout=8
            )
            return
        self.app.call_from_thread(self._imported, result)

    def _imported(self, result: ImportResult) -> None:
        state = "Imported" if result.created else "Already in the library:"
        self.notify(
            f"{state} {result.article.title or result.article.filename} "
            f"({result.sentences} sentences)"
        )
        for warning in result.warnings:
            self.notify(warning, severity="warning", timeout=8)
        self.reload(select=result.article.id)

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen("library", self.wb_app.binding_rows(self)))

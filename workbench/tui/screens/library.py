"""The library: stored articles with their review progress; open one or import a file."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import DataTable, Static

from ...actions import conditions
from ...core.coverage import percent_done
from ...core.desk import DEFAULT_STATUS, STATUSES, ArticleStatus
from ...core.errors import NothingToDoError, WorkbenchError
from ...core.fetch import is_url
from ...core.models import ImportResult, Outcome
from ...core.service import Workbench
from ...core.textsafe import terminal_safe
from ..desk import choose_article_status, choose_assignee
from ..keys import bindings, explain_refused, hint
from ..widgets.footer import ActionFooter
from .confirm import ConfirmModal
from .help import HelpScreen
from .prompt import PromptModal

if TYPE_CHECKING:
    from ...core.bundle import BundleImport
    from ..app import WorkbenchApp


# Columns by width: (label, key) in order; below NARROW the source goes to the line under the
# table and the counts take short names, so the headline keeps its room and Done stays in view.
WIDE_COLUMNS = (
    ("#", "id"),
    ("Date", "date"),
    ("Headline", "headline"),
    ("Source", "source"),
    ("Sentences", "sentences"),
    ("Tagged", "tagged"),
    ("Evidence", "evidence"),
    ("Verdicts", "verdicts"),
    ("Done", "done"),
    ("Status", "status"),
)
NARROW_COLUMNS = (
    ("#", "id"),
    ("Date", "date"),
    ("Headline", "headline"),
    ("Sent.", "sentences"),
    ("Tagged", "tagged"),
    ("Evid.", "evidence"),
    ("Rated", "verdicts"),
    ("Done", "done"),
)
NARROW = 140  # below this width the source moves under the table
CELL_PADDING = 2  # a DataTable cell's padding, left and right
SCROLLBAR = 2
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
        self.rows_shown: dict[str, dict[str, str]] = {}
        self.columns: tuple[tuple[str, str], ...] = ()  # those the table has now
        # The desk's filters: only my articles, one status, one assignee.
        self.only_mine = False
        self.only_status: str | None = None
        self.only_assignee: str | None = None

    @property
    def wb_app(self) -> WorkbenchApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        yield Static(Text("Article library", style="bold"), id="library-title")
        yield DataTable(id="articles", cursor_type="row", zebra_stripes=True)
        yield Static(id="library-selected")
        yield Static(id="library-empty")
        yield ActionFooter()

    def on_mount(self) -> None:
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
            statuses = self.wb_app.workbench.statuses()
        except WorkbenchError as error:
            self.query_one("#library-empty", Static).update(Text(f"Cannot read: {error}"))
            self.notify(str(error), title="Cannot read the database", severity="error")
            return
        columns = NARROW_COLUMNS if self.size.width < NARROW else WIDE_COLUMNS
        if columns != self.columns:
            table.clear(columns=True)
            table.add_columns(*(label for label, _ in columns))
            self.columns = columns
        else:
            table.clear()
        me = self.wb_app.workbench.reviewer
        names = self.wb_app.workbench.status_names
        shown_all = len(articles)
        articles = [a for a in articles if self._wanted(statuses.get(a.id), me)]
        self._show_filters(len(articles), shown_all)
        rows = []
        for a in articles:
            desk = statuses.get(a.id)
            state = names.name(desk.status if desk else DEFAULT_STATUS)
            assignee = desk.assignee if desk and desk.assignee else ""
            # As the review header counts it: tagged and rated, or nothing to check.
            percent = percent_done(a.done, a.sentences)
            done = "–" if not a.sentences else "Done" if a.done == a.sentences else f"{percent}%"
            rows.append(
                {
                    "id": str(a.id),
                    "date": a.date or "",
                    "headline": a.title or a.filename or "untitled",
                    "source": a.url or a.filename or "",
                    "sentences": str(a.sentences),
                    "tagged": str(a.tagged),
                    "evidence": str(a.with_evidence),
                    "verdicts": str(a.with_verdict),
                    "done": done,
                    "status": f"{state} · {assignee}" if assignee else state,
                }
            )
        # Every count must stay on screen: headline (and source) share what the others leave.
        texts = [key for _, key in columns if key in ("headline", "source", "status")]
        fixed = sum(
            max([len(label), *(len(row[key]) for row in rows)]) + CELL_PADDING
            for label, key in columns
            if key not in texts
        )
        scrollbar = SCROLLBAR if len(rows) + 1 > table.size.height else 0
        room = max(16, self.size.width - fixed - scrollbar - CELL_PADDING * len(texts))
        status_width = min(
            max([len("Status"), *(len(row["status"]) for row in rows)]), max(12, room // 4)
        )
        room -= status_width if "status" in texts else 0
        widths = (
            {"headline": room}
            if "source" not in texts
            else {
                "headline": room * 2 // 3,
                "source": room - room * 2 // 3,
            }
        )
        self.rows_shown = {row["id"]: row for row in rows}
        for row in rows:
            cells: list[str | Text] = []
            for _, key in columns:
                if key == "headline":
                    cells.append(_cut(row[key], widths["headline"]))
                elif key == "source":
                    cells.append(_cut(row[key], widths["source"], style="dim"))
                elif key == "status":
                    cells.append(_cut(row[key], status_width))
                else:
                    cells.append(row[key])
            table.add_row(*cells, key=row["id"])
        empty = "No articles yet. Press {import-file} to import a file or a web page."
        if shown_all and not articles:
            empty = "No article matches the filter: {library-mine}, {library-status} and "
            empty += "{library-assignee} change it."
        self.query_one("#library-empty", Static).update("" if articles else hint(self, empty))
        if select is not None and any(a.id == select for a in articles):
            table.move_cursor(row=table.get_row_index(str(select)))
        self._show_selected()

    def _wanted(self, desk: ArticleStatus | None, me: str) -> bool:
        assignee = desk.assignee if desk else None
        if self.only_mine and assignee != me:
            return False
        if self.only_status is not None and (desk.status if desk else DEFAULT_STATUS) != (
            self.only_status
        ):
            return False
        return self.only_assignee is None or assignee == self.only_assignee

    def _show_filters(self, shown: int, total: int) -> None:
        title = Text("Article library", style="bold")
        filters = [
            *(["mine"] if self.only_mine else []),
            *(
                [self.wb_app.workbench.status_names.name(self.only_status)]
                if self.only_status
                else []
            ),
            *([f"assigned to {self.only_assignee}"] if self.only_assignee else []),
        ]
        if filters:
            title.append(
                f"  — {' · '.join(terminal_safe(f, one_line=True) for f in filters)} "
                f"({shown} of {total})",
                style="dim",
            )
        self.query_one("#library-title", Static).update(title)

    def action_mine(self) -> None:
        self.only_mine = not self.only_mine
        self.reload()

    def action_next_status(self) -> None:
        order: list[str | None] = [None, *STATUSES]
        self.only_status = order[(order.index(self.only_status) + 1) % len(order)]
        self.reload()

    def action_assignee(self) -> None:
        def chosen(name: str | None) -> None:
            self.only_assignee = " ".join(name.split()) if name else None
            self.reload()

        self.app.push_screen(
            PromptModal("Show the articles assigned to (empty: everyone's)", "reviewer name"),
            chosen,
        )

    def action_article_status(self) -> None:
        article_id = self._selected()
        if article_id is not None:
            choose_article_status(self, self.wb_app.workbench, article_id, self._run_desk)

    def action_assign(self) -> None:
        article_id = self._selected()
        if article_id is not None:
            choose_assignee(self, self.wb_app.workbench, article_id, self._run_desk)

    def _run_desk(self, call: Callable[[], Outcome]) -> Outcome | None:
        """One desk action on the highlighted article; a refusal is said on screen."""
        try:
            outcome = call()
        except NothingToDoError as error:
            self.notify(str(error), severity="warning")
            return None
        except WorkbenchError as error:
            self.notify(str(error), title="Not saved", severity="error", timeout=8)
            return None
        self.reload()
        return outcome

    @on(DataTable.RowHighlighted)
    def _show_selected(self) -> None:
        """The highlighted article's whole headline and source, under the table: a narrow
        terminal cuts them in the columns."""
        selected = self._selected()
        row = self.rows_shown.get(str(selected)) if selected is not None else None
        line = Text()
        if row is not None:
            line.append(terminal_safe(row["headline"], one_line=True), style="bold")
            if row["source"]:
                line.append("  " + terminal_safe(row["source"], one_line=True), style="dim")
            if ("Status", "status") not in self.columns:  # narrow: the status goes here
                line.append("  [" + terminal_safe(row["status"], one_line=True) + "]")
        self.query_one("#library-selected", Static).update(line)

    def _selected(self) -> int | None:
        table = self.query_one(DataTable)
        if table.row_count == 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        return int(str(key.value))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        condition = self.CONDITIONS.get(action)
        if condition in ("articles", "article"):
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
                what = "Fetching" if is_url(path) else "Importing"
                self.notify(f"{what} {terminal_safe(path)}…", timeout=2, markup=False)
                self._import(path.strip())

        self.app.push_screen(
            PromptModal(
                "Import an article", "path to a .txt, .md, .html or .pdf, a review bundle, or a URL"
            ),
            chosen,
        )

    @work(thread=True, exclusive=True, group="import")
    def _import(self, path: str) -> None:
        """Fetch, read, split and store in a thread of its own, with its own connection
        (SQLite connections stay in their thread), so neither a long article nor a slow
        server freezes the screen. A URL is fetched only here, when the reviewer typed one,
        and never when the config says offline."""
        from ...core.exports.bundle import sniff

        workbench = self.wb_app.workbench
        try:
            with Workbench(workbench.db_path, workbench.reviewer) as own:
                if is_url(path):
                    fetcher = own.fetcher(offline=self.wb_app.config.offline)
                    result = own.import_url(path, fetcher=fetcher)
                elif sniff(str(Path(path).expanduser())):
                    merged = own.import_bundle(Path(path).expanduser())
                    self.app.call_from_thread(self._merged, merged)
                    return
                else:
                    result = own.import_file(Path(path).expanduser())
        except WorkbenchError as error:
            self.app.call_from_thread(
                self.notify,
                terminal_safe(str(error)),
                title="Not imported",
                severity="error",
                timeout=8,
                markup=False,
            )
            return
        self.app.call_from_thread(self._imported, result)

    def _imported(self, result: ImportResult) -> None:
        state = "Imported" if result.created else "Already in the library:"
        if result.revised:
            state = "Changed since import, now"
        revised = f" — {result.revised}; Δ marks what changed" if result.revised else ""
        self.notify(
            f"{state} {result.article.title or result.article.filename} "
            f"({result.sentences} sentences){revised}",
            markup=False,
        )
        for warning in result.warnings:
            self.notify(warning, severity="warning", timeout=8)
        self.reload(select=result.article.id)

    def _merged(self, merged: BundleImport) -> None:
        """A review bundle merged: what it added, and each verdict conflict it brought."""
        from ...core.bundle import summary

        if merged.nothing_new:
            self.notify(f"Nothing new in the bundle for article {merged.article_id}")
        else:
            self.notify(
                terminal_safe(
                    f"Merged {merged.exported_by}'s bundle into article {merged.article_id}: "
                    f"{summary(merged)}"
                ),
                markup=False,
            )
        for conflict in merged.conflicts:
            self.notify(
                terminal_safe(f"Sentence {conflict.number}: {conflict.describe()}; both kept"),
                title="Verdict conflict",
                severity="warning",
                timeout=10,
                markup=False,
            )
        self.reload(select=merged.article_id)

    def action_remove(self) -> None:
        article_id = self._selected()
        if article_id is None:
            return
        workbench = self.wb_app.workbench
        try:
            article = workbench.article(article_id, with_text=False)
        except WorkbenchError as error:
            self.notify(str(error), severity="error")
            return

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            try:
                outcome = workbench.remove_article(article_id)
            except WorkbenchError as error:
                self.notify(str(error), title="Not removed", severity="error", timeout=8)
                return
            self.notify(outcome.message + hint(self, " — {undo} undoes it"), timeout=6)
            self.reload()

        name = article.title or article.filename or "untitled"
        self.app.push_screen(
            ConfirmModal(
                "Remove article",
                f"Remove article {article_id} ({name}) from the library?",
                "Its review stays in the database file: undo brings it back, and so does "
                "importing the same text again.",
            ),
            answered,
        )

    def action_undo(self) -> None:
        try:
            outcome = self.wb_app.workbench.undo()
        except WorkbenchError as error:
            self.notify(str(error), title="Undo", severity="warning", timeout=6)
            return
        self.notify(sentence_case(outcome.message), title="Undo", timeout=6)
        self.reload()

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen("library", self.wb_app.binding_rows(self)))


def sentence_case(message: str) -> str:
    """The first letter in capitals and every other as it was: labels keep their case."""
    return message[:1].upper() + message[1:]

"""Exporting from the TUI: the dialog (a format or all of them, and where to write), the
questions it may lead to (the organisation and report URL ClaimReview needs; replacing a file;
making a folder), and the writing itself, through the same core function as the CLI."""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.events import Resize
from textual.widgets import Checkbox, Input, Label, RadioButton, RadioSet, Static

from ...core.errors import ExportError, ValidationError, WorkbenchError
from ...core.exports import EXTENSIONS, FORMATS, filename
from ...core.exports.files import ExistsError, NoFolderError, blocked, save
from ...core.textsafe import terminal_safe
from ..keys import bindings, hint
from ..widgets.fields import FormDialog
from .confirm import ConfirmModal

if TYPE_CHECKING:
    from ...config import Organisation
    from ...core.export import ExportOptions
    from ...core.service import Workbench
    from ..app import WorkbenchApp

ALL = "all"  # the dialog's choice that writes every format into a folder
CHOICES = (*FORMATS, ALL)
# Formats whose file itself lists the unfinished work; for the others the warnings are only
# shown in the dialog.
LISTS_WARNINGS = frozenset({"markdown", "html"})
SHORT_SCREEN = 30  # rows below which the dialogs shrink their warnings
WARNINGS_SHOWN = 40
EXPORT_FOLDER_FILE = "last-export-folder"  # in the per-user data directory


def _choice_label(choice: str) -> str:
    return "all formats (a folder)" if choice == ALL else choice


@dataclass(frozen=True, slots=True)
class ExportRequest:
    format: str  # a format's name, or ALL
    path: Path  # the file to write; a folder for ALL (or a folder the file goes in)
    publisher: Publisher | None = None  # as asked for ClaimReview, when the config lacks it
    # Publish the verdicts no editor has approved too, in a document marked as a draft.
    include_unapproved: bool = False

    @property
    def formats(self) -> tuple[str, ...]:
        return FORMATS if self.format == ALL else (self.format,)


class ExportModal(FormDialog[ExportRequest | None]):
    """Pick a format (or all) and a path; the warnings the choice brings are listed."""

    SCOPE = "export"
    BINDINGS = bindings(SCOPE)

    def __init__(
        self,
        stem: str,
        directory: Path,
        fmt: str | None = None,
        unfinished: list[str] | None = None,
        problems: Callable[[str], list[str]] | None = None,
        ask_publisher: Callable[[], ClaimReviewModal] | None = None,
        unapproved: int = 0,
    ) -> None:
        """`ask_publisher` makes the question for ClaimReview's publisher when the config
        lacks it: asked on top of this dialog, so keys typed right after ctrl+s reach it."""
        super().__init__()
        self.ask_publisher = ask_publisher
        self.stem = stem
        self.directory = directory
        self.initial = fmt if fmt in CHOICES else FORMATS[0]
        self.unfinished = unfinished or []
        # The format's own warnings (ClaimReview's lint), beyond the unfinished work.
        self.problems = problems or (lambda fmt: [])
        # Verdicts no editor has approved: what ClaimReview and HTML leave out unless told.
        self.unapproved = unapproved

    def compose(self) -> ComposeResult:
        with Vertical(id="export-dialog", classes="dialog"):
            yield Label("Export the review", classes="dialog-title")
            with VerticalScroll(id="export-warnings-box"):
                yield Static(id="export-warnings")
            with RadioSet(id="export-format"):
                for choice in CHOICES:
                    yield RadioButton(
                        _choice_label(choice), value=choice == self.initial, id=f"format-{choice}"
                    )
            if self.unapproved:
                yield Checkbox(
                    f"Include the {self.unapproved} unapproved verdict(s), marked as a draft "
                    "(as --include-unapproved)",
                    value=False,
                    id="export-unapproved",
                )
                yield Static(self._left_out(False), id="export-left-out", classes="dialog-hint")
            yield Label("Write to", id="export-path-label")
            yield Input(self._path_for(self.initial), id="export-path")
            yield Static(self._hint(formats=True), id="export-hint", classes="dialog-hint")

    def _left_out(self, included: bool) -> str:
        if included:
            return (
                f"ClaimReview and the HTML report will be a DRAFT: the {self.unapproved} "
                "verdict(s) no editor has approved go in, each marked"
            )
        return (
            f"ClaimReview and the HTML report leave out the {self.unapproved} verdict(s) no "
            "editor has approved (listed above); the other formats keep every verdict"
        )

    @on(Checkbox.Changed, "#export-unapproved")
    def _unapproved_changed(self, event: Checkbox.Changed) -> None:
        self.query_one("#export-left-out", Static).update(self._left_out(event.value))

    def _include_unapproved(self) -> bool:
        found = self.query("#export-unapproved")
        return bool(found) and self.query_one("#export-unapproved", Checkbox).value

    def _hint(self, *, formats: bool) -> str:
        """The hint names the field that has focus, so a reviewer sees where keys go."""
        if formats:
            text = "Format: ↑↓ and Enter choose · Tab the path · {modal-save} export"
        else:
            text = "Path: Enter or {modal-save} export · Tab the formats"
        return hint(self, text + " · {modal-cancel} cancel")

    def on_descendant_focus(self) -> None:
        focused = self.focused
        in_formats = focused is not None and focused.id == "export-format"
        self.query_one("#export-hint", Static).update(self._hint(formats=in_formats))

    def on_mount(self) -> None:
        self._show_warnings()
        self.query_one("#export-format", RadioSet).focus()

    def on_resize(self, event: Resize) -> None:
        self.set_class(event.size.height < SHORT_SCREEN, "-short")

    def _path_for(self, choice: str) -> str:
        if choice == ALL:
            return str(self.directory)
        return str(self.directory / f"{self.stem}.{EXTENSIONS[choice]}")

    def _format(self) -> str:
        pressed = self.query_one("#export-format", RadioSet).pressed_button
        if pressed is None or pressed.id is None:
            return FORMATS[0]
        return pressed.id.removeprefix("format-")

    def _show_warnings(self) -> None:
        choice = self._format()
        formats = FORMATS if choice == ALL else (choice,)
        extra: list[str] = []
        for fmt in formats:
            extra += [p for p in self.problems(fmt) if p not in self.unfinished and p not in extra]
        warnings = [*self.unfinished, *extra]
        box = self.query_one("#export-warnings-box", VerticalScroll)
        box.display = bool(warnings)
        if not warnings:
            return
        listed = any(fmt in LISTS_WARNINGS for fmt in formats)
        lines = Text(
            f"{len(warnings)} warning(s)"
            + (" — the report lists the unfinished work too:" if listed else ":")
            + "\n",
            style="bold",
        )
        for line in warnings[:WARNINGS_SHOWN]:
            lines.append(f"• {terminal_safe(line, one_line=True)}\n", style="")
        if len(warnings) > WARNINGS_SHOWN:
            lines.append(f"…and {len(warnings) - WARNINGS_SHOWN} more", style="dim")
        self.query_one("#export-warnings", Static).update(lines)

    @on(RadioSet.Changed, "#export-format")
    def _format_changed(self) -> None:
        path = self.query_one("#export-path", Input)
        choice = self._format()
        self.query_one("#export-path-label", Label).update(
            "Write into the folder" if choice == ALL else "Write to"
        )
        # Follow the format only while the reviewer has not typed a path of their own.
        if path.value in {self._path_for(c) for c in CHOICES}:
            path.value = self._path_for(choice)
        self._show_warnings()

    @on(Input.Submitted, "#export-path")
    async def action_save(self) -> None:  # type: ignore[override]  # asks before writing
        value = self.query_one("#export-path", Input).value.strip()
        if not value:
            self.notify("Give a file to write to", severity="warning")
            return
        request = ExportRequest(
            self._format(),
            Path(value).expanduser(),
            include_unapproved=self._include_unapproved(),
        )
        if "claimreview" not in request.formats or self.ask_publisher is None:
            self.dismiss(request)
            return

        def answered(publisher: Publisher | None) -> None:
            if publisher is not None:
                self.dismiss(dataclasses.replace(request, publisher=publisher))

        # Awaited: no key is handed on before the question is up with its focus set.
        await self.app.push_screen(self.ask_publisher(), answered)

    def action_cancel(self) -> None:
        self.dismiss(None)


@dataclass(frozen=True, slots=True)
class Publisher:
    """Who publishes a ClaimReview and where, as the reviewer gave it in the dialog."""

    name: str | None
    url: str | None
    report_url: str
    remember: bool  # save them to the config


class ClaimReviewModal(FormDialog[Publisher | None]):
    """ClaimReview needs the page the review is published on, and names its publisher: ask
    for what the config lacks (and offer to save it there)."""

    SCOPE = "export"
    BINDINGS = bindings(SCOPE)

    def __init__(self, organisation: Organisation, config_path: Path) -> None:
        super().__init__()
        self.organisation = organisation
        self.config_path = config_path

    def compose(self) -> ComposeResult:
        org = self.organisation
        with Vertical(id="claimreview-dialog", classes="dialog"):
            yield Label("ClaimReview: who publishes it, and where", classes="dialog-title")
            yield Static(
                "Each claim links to its entry on the page where the review is published. "
                "{article} in that URL stands for the article's number.",
                classes="dialog-note",
            )
            with Horizontal(classes="field-row"):
                yield Label("Organisation ", classes="field-label")
                yield Input(org.name or "", placeholder="Example Fact Check", id="org-name")
            with Horizontal(classes="field-row"):
                yield Label("Its URL      ", classes="field-label")
                yield Input(
                    org.url or "", placeholder="https://factcheck.example.org", id="org-url"
                )
            with Horizontal(classes="field-row"):
                yield Label("Report URL   ", classes="field-label")
                yield Input(
                    org.report_url or "",
                    placeholder="https://factcheck.example.org/reviews/{article}",
                    id="report-url",
                )
            yield Checkbox("Save them in the config file", value=True, id="remember")
            yield Static("", id="claimreview-error")
            yield Static(
                hint(self, "Enter or {modal-save} go on · {modal-cancel} cancel"),
                classes="dialog-hint",
            )

    def on_resize(self, event: Resize) -> None:
        self.set_class(event.size.height < SHORT_SCREEN, "-short")

    def on_mount(self) -> None:
        empty = next(
            (field for field in self.query(Input) if not field.value), self.query_one("#org-name")
        )
        empty.focus()

    def _value(self, selector: str) -> str | None:
        return self.query_one(selector, Input).value.strip() or None

    @on(Input.Submitted)
    def save(self) -> None:
        from ...core.export import check_publish_url

        name, url, report = (self._value(s) for s in ("#org-name", "#org-url", "#report-url"))
        error = self.query_one("#claimreview-error", Static)
        try:
            if not report:
                raise ValidationError("the report URL is needed: each claim links to it")
            check_publish_url(url, "the organisation's URL")
            check_publish_url(report, "the report URL", placeholder=True)
        except ValidationError as problem:
            error.update(Text(terminal_safe(str(problem), one_line=True), style="bold red"))
            return
        assert report is not None
        self.dismiss(Publisher(name, url, report, self.query_one("#remember", Checkbox).value))

    def action_cancel(self) -> None:
        self.dismiss(None)


# ----------------------------------------------------------------- the flow
@dataclass(frozen=True, slots=True)
class Written:
    paths: tuple[Path, ...]
    formats: tuple[str, ...]
    warnings: tuple[str, ...]


def targets(request: ExportRequest, workbench: Workbench, article: int) -> list[tuple[str, Path]]:
    """Where each format of the request is written: into the folder for all formats (or when
    the path is a folder), else the path itself."""
    if request.format == ALL or request.path.is_dir():
        title = workbench.article(article, with_text=False).title
        return [(fmt, request.path / filename(title, article, fmt)) for fmt in request.formats]
    return [(request.format, request.path)]


def write_all(
    workbench: Workbench,
    article: int,
    planned: list[tuple[str, Path]],
    options: ExportOptions,
    *,
    overwrite: bool,
    parents: bool,
) -> Written:
    """Render every format first, then save each (a refusal to render writes nothing)."""
    rendered = [(fmt, path, workbench.export(article, fmt, options)) for fmt, path in planned]
    warnings: list[str] = []
    for _, _, exported in rendered:
        warnings += [w for w in exported.warnings if w not in warnings]
    for _, path, exported in rendered:
        save(path, exported.text, overwrite=overwrite, parents=parents)
    return Written(
        tuple(path for _, path, _ in rendered), tuple(f for f, _, _ in rendered), tuple(warnings)
    )


def written_message(written: Written) -> str:
    """What the notice says: where the files went and how many warnings, with "listed in it"
    only for a format whose file lists them."""
    if len(written.paths) == 1:
        where = f"Wrote {written.paths[0]} ({written.formats[0]})"
    else:
        where = f"Wrote {len(written.paths)} files into {written.paths[0].parent}"
    count = len(written.warnings)
    if not count:
        return where
    listing = [f for f in written.formats if f in LISTS_WARNINGS]
    if len(written.formats) == 1 and listing:
        return f"{where} — {count} warning(s) listed in it"
    if listing:
        return f"{where} — {count} warning(s), listed in the {' and '.join(listing)} report"
    return f"{where} — {count} warning(s), shown in the export dialog"


def blockers(planned: list[tuple[str, Path]]) -> tuple[list[Path], list[Path], list[str]]:
    """The files that exist, the folders that do not, and anything that cannot be written."""
    existing: list[Path] = []
    folders: list[Path] = []
    errors: list[str] = []
    for _, path in planned:
        refusal = blocked(path)
        if isinstance(refusal, ExistsError):
            again = blocked(path, overwrite=True)
            if again is None or isinstance(again, NoFolderError):
                existing.append(path)
            else:
                errors.append(str(again))
        elif isinstance(refusal, NoFolderError):
            if path.parent not in folders:
                folders.append(path.parent)
        elif refusal is not None:
            errors.append(str(refusal))
    return existing, folders, errors


def ask_about(existing: list[Path], folders: list[Path]) -> tuple[str, str] | None:
    """The question to ask before writing, or None when nothing needs the reviewer's word."""
    if folders:
        return (
            f"Create the folder {folders[0]}?",
            "It does not exist yet."
            + (
                f" Files there will also replace {len(existing)} existing file(s)."
                if existing
                else ""
            ),
        )
    if existing:
        names = ", ".join(p.name for p in existing[:3]) + (" …" if len(existing) > 3 else "")
        return (
            f"Replace {existing[0]}?" if len(existing) == 1 else f"Replace {len(existing)} files?",
            f"The file(s) exist already: {names}",
        )
    return None


class Failure(WorkbenchError):
    """An export the TUI could not write, with the message to show."""


def failure(error: Exception, path: Path | None = None) -> str:
    if isinstance(error, (ExportError, WorkbenchError)):
        return str(error)
    if isinstance(error, OSError):
        return f"cannot write {path}: {error.strerror or error}"
    return str(error)


class ExportMemory:
    """The folder of the last export, kept in a small file in the per-user data directory so
    that the next session's dialog starts there too. Losing it loses nothing else: a file that
    cannot be read or written is ignored."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._folder: Path | None = None
        if path is not None:
            try:
                saved = path.read_text(encoding="utf-8").strip()
            except (OSError, UnicodeDecodeError):
                saved = ""
            if saved and Path(saved).is_dir():
                self._folder = Path(saved)

    @property
    def folder(self) -> Path | None:
        return self._folder

    def remember(self, folder: Path) -> None:
        self._folder = folder
        if self.path is not None:
            with contextlib.suppress(WorkbenchError):
                save(self.path, f"{folder}\n", overwrite=True, parents=True)


def _start_folder(app: WorkbenchApp) -> Path:
    """The remembered folder while it still exists; once it is gone (removed, or a drive
    unmounted since the last export), the current folder, and the reviewer is told."""
    remembered = app.export_memory.folder
    if remembered is None:
        return Path.cwd()
    if remembered.is_dir():
        return remembered
    app.notify(
        terminal_safe(
            f"The last export folder {remembered} is gone: starting in the current folder",
            one_line=True,
        ),
        severity="warning",
        timeout=6,
        markup=False,
    )
    return Path.cwd()


async def run_export(app: WorkbenchApp, article: int, fmt: str | None = None) -> None:
    """The whole export, run as a worker: the dialog, the questions, the files, the notice."""
    workbench = app.workbench
    try:
        unfinished = workbench.unfinished(article)
        unapproved = len(workbench.review(article).unapproved)
        stem_title = workbench.article(article, with_text=False).title
    except WorkbenchError as error:
        app.notify(str(error), title="Export failed", severity="error", timeout=8)
        return
    from ...core.export import ExportOptions
    from ...core.exports import export_name

    organisation = app.config.organisation
    options = ExportOptions(
        organisation.name,
        organisation.url,
        organisation.report_url,
        statuses=workbench.status_names,
    )
    complete = bool(organisation.name and organisation.url and organisation.report_url)

    def problems(name: str) -> list[str]:
        if name != "claimreview":
            return []  # the other formats warn of the unfinished work only
        if not complete:
            return ["ClaimReview: you will be asked for the organisation and the report URL"]
        try:
            return list(workbench.export(article, name, options).warnings)
        except WorkbenchError as error:
            return [str(error)]

    folder = _start_folder(app)
    request = await app.push_screen_wait(
        ExportModal(
            export_name(stem_title, article),
            folder,
            fmt,
            unfinished,
            problems,
            None if complete else lambda: ClaimReviewModal(organisation, app.config_path),
            unapproved,
        )
    )
    if request is None:
        return
    publisher = request.publisher
    if publisher is not None:
        options = dataclasses.replace(
            options,
            organisation_name=publisher.name,
            organisation_url=publisher.url,
            report_url=publisher.report_url,
        )
        if publisher.remember:
            _remember(app, publisher)
    options = dataclasses.replace(options, include_unapproved=request.include_unapproved)
    try:
        planned = targets(request, workbench, article)
        existing, folders, errors = blockers(planned)
        if errors:
            raise Failure(errors[0])
        question = ask_about(existing, folders)
        asked = ConfirmModal("Export", *question) if question is not None else None
        if asked is not None and not await app.push_screen_wait(asked):
            app.notify("Nothing written", title="Export cancelled", timeout=4)
            return
        written = write_all(
            workbench,
            article,
            planned,
            options,
            overwrite=bool(existing),
            parents=bool(folders),
        )
    except (WorkbenchError, OSError) as error:
        app.notify(
            terminal_safe(failure(error), one_line=True),
            title="Export failed",
            severity="error",
            timeout=8,
        )
        return
    app.export_memory.remember(written.paths[0].parent.resolve())
    app.notify(terminal_safe(written_message(written)), title="Exported", timeout=6)


def _remember(app: WorkbenchApp, publisher: Publisher) -> None:
    """Save what the reviewer gave to the config, and use it from now on."""
    import dataclasses

    from ...config import ConfigError, save_organisation

    values = {
        key: value
        for key, value in (
            ("name", publisher.name),
            ("url", publisher.url),
            ("report_url", publisher.report_url),
        )
        if value
    }
    try:
        save_organisation(app.config_path, values)
    except (ConfigError, WorkbenchError) as error:
        app.notify(str(error), title="Config not saved", severity="warning", timeout=8)
        return
    organisation = dataclasses.replace(app.config.organisation, **values)
    app.config = dataclasses.replace(app.config, organisation=organisation)
    app.notify(
        terminal_safe(f"Saved the organisation to {app.config_path}"), title="Config", timeout=6
    )

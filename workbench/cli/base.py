"""What every `workbench` subcommand shares: the context it opens the Workbench from, error
handling at the edge, and printing that keeps untrusted text inert.

The core is imported by the commands that use it, when they run: listing the commands or
printing help imports click and the core's small error and text modules, not the service with
its store and assistants, which took about half a second before anything was shown."""

from __future__ import annotations

import dataclasses
import errno
import getpass
import importlib
import io
import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, NoReturn

import click

from ..core.errors import NotFoundError, WorkbenchError
from ..core.textsafe import dumps, terminal_safe

if TYPE_CHECKING:
    from ..config import Config
    from ..core.models import Outcome
    from ..core.service import Workbench


@dataclasses.dataclass
class Context:
    db: str | None
    reviewer_option: str | None
    _config: Config | None = None

    @property
    def config(self) -> Config:
        if self._config is None:
            from ..config import load_config
            from ..paths import locate

            self._config = load_config(locate(self.db).config)
        return self._config

    @property
    def reviewer(self) -> str:
        return (
            self.reviewer_option
            or os.environ.get("WORKBENCH_REVIEWER")
            or self.config.reviewer
            or _os_user()
        )

    def workbench(self) -> Workbench:
        from ..core.service import Workbench
        from ..paths import locate

        located = locate(self.db)
        # Only the per-user data directory is made on first use: a mistyped --db directory is
        # an error, not a new directory tree.
        workbench = Workbench(
            located.db, self.reviewer, create_directory=located.db_origin == "default"
        )
        workbench.status_names = self.config.statuses  # the desk's names for its stages
        return workbench


def _os_user() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "reviewer"


# SQLite integers are 64-bit: a larger number cannot name any row.
SQLITE_MAX_INTEGER = 2**63 - 1


class OutputError(WorkbenchError):
    """Standard output cannot be written: a full disk, a closed descriptor."""


class WorkbenchGroup(click.Group):
    """Turns a WorkbenchError, a number too large for SQLite and a failed write into one line
    on stderr and exit status 1."""

    def invoke(self, ctx: click.Context) -> Any:
        if sys.stdout is None:
            # Started with stdout closed (`>&-`): Python has no sys.stdout and click.echo would
            # drop every line without a word; make writing fail as it does on a bad descriptor.
            sys.stdout = _ClosedOutput()
        try:
            return super().invoke(ctx)
        except WorkbenchError as error:
            _fail(ctx, str(error))
        except OverflowError:  # sqlite3 cannot bind an integer beyond 64 bits
            _fail(ctx, f"a number is too large: numbers and ids go up to {SQLITE_MAX_INTEGER}")
        except BrokenPipeError:
            raise  # the reader has gone (`| head`): click's main exits 1 without a word
        except OSError as error:
            where = f"{error.filename}: " if error.filename else ""
            _fail(ctx, f"{where}{error.strerror or error}")
        except KeyboardInterrupt:
            click.echo("interrupted", err=True)
            ctx.exit(130)


def _fail(ctx: click.Context, message: str) -> NoReturn:
    click.echo(f"error: {terminal_safe(message, one_line=True)}", err=True)
    ctx.exit(1)


class _ClosedOutput(io.TextIOBase):
    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        raise OSError(errno.EBADF, os.strerror(errno.EBADF))


def _article_reference(ctx: click.Context, param: click.Parameter, value: str) -> str:
    """An article number beyond SQLite's 64-bit range (sqlite3 raises OverflowError binding
    it), or of digits int() cannot read ("²"), names no article."""
    text = value.strip()
    if text.isdigit() and (not text.isdecimal() or int(text) > SQLITE_MAX_INTEGER):
        raise NotFoundError(f"no article {text}; `workbench articles` lists them")
    return value


class CoreChoice(click.Choice):
    """One of the names the core defines (tags, stances, export formats), read from the core
    module only when a command parses its arguments or prints its own help, so that building
    the command tree imports none of the core."""

    def __init__(self, module: str, name: str) -> None:
        # click.Choice.__init__ would store the choices now; they are looked up instead.
        self._where = (module, name)
        self.case_sensitive = True

    @property
    def choices(self) -> Sequence[str]:  # type: ignore[override]
        module, name = self._where
        return tuple(getattr(importlib.import_module(module, __package__), name))


TAG = CoreChoice("..core.models", "TAGS")
STANCE = CoreChoice("..core.models", "STANCES")
FORMAT = CoreChoice("..core.exports", "FORMATS")

pass_context = click.make_pass_decorator(Context)


@contextmanager
def opened(context: Context) -> Iterator[Workbench]:
    workbench = context.workbench()
    try:
        yield workbench
    finally:
        workbench.close()


def emit_json(data: Any) -> None:
    _print(dumps(_plain(data)))


def _plain(data: Any) -> Any:
    if dataclasses.is_dataclass(data) and not isinstance(data, type):
        return {f.name: _plain(getattr(data, f.name)) for f in dataclasses.fields(data)}
    if hasattr(data, "as_shown"):  # counted as on screen (a sentence's paragraph from 1)
        return {key: _plain(value) for key, value in data.as_shown().items()}
    if isinstance(data, tuple) and hasattr(data, "_asdict"):
        return {key: _plain(value) for key, value in data._asdict().items()}
    if isinstance(data, list | tuple):
        return [_plain(item) for item in data]
    if isinstance(data, dict):
        return {key: _plain(value) for key, value in data.items()}
    return data


def say(text: str) -> None:
    _print(terminal_safe(text))


def _print(text: str) -> None:
    try:
        click.echo(text)
    except BrokenPipeError:
        raise
    except OSError as error:
        raise OutputError(f"cannot write to standard output: {error.strerror or error}") from None


def report(outcome: Outcome) -> None:
    say(outcome.message)
    for warning in outcome.warnings:
        click.echo(f"warning: {terminal_safe(warning)}", err=True)


json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON.")
offline_option = click.option(
    "--offline",
    is_flag=True,
    help="Use no network: a URL is refused (also `offline = true` in the config).",
)
article_argument = click.argument("article", callback=_article_reference)
number_argument = click.argument("number", type=click.IntRange(min=1))

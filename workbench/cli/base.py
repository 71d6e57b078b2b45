"""What every `workbench` subcommand shares: the context it opens the Workbench from, error
handling at the edge, and printing that keeps untrusted text inert."""

from __future__ import annotations

import dataclasses
import getpass
import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import click

from ..config import Config, load_config
from ..core.errors import WorkbenchError
from ..core.models import Outcome
from ..core.service import Workbench
from ..core.textsafe import dumps, terminal_safe
from ..paths import locate


@dataclasses.dataclass
class Context:
    db: str | None
    reviewer_option: str | None
    _config: Config | None = None

    @property
    def config(self) -> Config:
        if self._config is None:
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
        return Workbench(locate(self.db).db, self.reviewer)


def _os_user() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "reviewer"


class WorkbenchGroup(click.Group):
    """Turns a WorkbenchError into one line on stderr and exit status 1."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except WorkbenchError as error:
            click.echo(f"error: {terminal_safe(str(error), one_line=True)}", err=True)
            ctx.exit(1)
        except KeyboardInterrupt:
            click.echo("interrupted", err=True)
            ctx.exit(130)


pass_context = click.make_pass_decorator(Context)


@contextmanager
def opened(context: Context) -> Iterator[Workbench]:
    workbench = context.workbench()
    try:
        yield workbench
    finally:
        workbench.close()


def emit_json(data: Any) -> None:
    click.echo(dumps(_plain(data)))


def _plain(data: Any) -> Any:
    if dataclasses.is_dataclass(data) and not isinstance(data, type):
        return {f.name: _plain(getattr(data, f.name)) for f in dataclasses.fields(data)}
    if isinstance(data, tuple) and hasattr(data, "_asdict"):
        return {key: _plain(value) for key, value in data._asdict().items()}
    if isinstance(data, list | tuple):
        return [_plain(item) for item in data]
    if isinstance(data, dict):
        return {key: _plain(value) for key, value in data.items()}
    return data


def say(text: str) -> None:
    click.echo(terminal_safe(text))


def report(outcome: Outcome) -> None:
    say(outcome.message)
    for warning in outcome.warnings:
        click.echo(f"warning: {terminal_safe(warning)}", err=True)


json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON.")
article_argument = click.argument("article")
number_argument = click.argument("number", type=click.IntRange(min=1))

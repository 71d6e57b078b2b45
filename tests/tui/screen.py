"""What a running app shows, as the lines of text a reviewer would read on the terminal."""

from __future__ import annotations

import io
from typing import Any

from rich.console import Console
from textual.app import App


def _export(app: App[Any], *, styles: bool) -> str:
    width, height = app.size
    console = Console(
        width=width,
        height=height,
        file=io.StringIO(),
        force_terminal=True,
        color_system="truecolor",
        record=True,
        legacy_windows=False,
        safe_box=False,
    )
    console.print(
        app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    )
    return console.export_text(styles=styles)


def screen_text(app: App[Any]) -> str:
    """The whole terminal (the screens beneath a dialog too) as plain text, one line a row."""
    return _export(app, styles=False)


def screen_ansi(app: App[Any]) -> str:
    """The terminal as the escape sequences the app would write (for control characters)."""
    return _export(app, styles=True)

"""Keys as a fast typist sends them: every key handed to the app at once, none waited for."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from textual import events
from textual.app import App
from textual.pilot import Pilot

NAMED = {" ": "space", "\t": "tab"}


def burst(app: App[Any], *keys: str) -> None:
    """Send `keys` (names such as "tab", "ctrl+s", or single characters) as the terminal
    driver would, all before the app has handled the first."""
    driver = app._driver
    assert driver is not None
    for key in keys:
        if len(key) == 1:
            name = NAMED.get(key, key if key.isalnum() else _character_name(key))
            event = events.Key(name, key)
        else:
            event = events.Key(key, None)
        event.set_sender(app)
        driver.send_message(event)


def _character_name(character: str) -> str:
    from textual.keys import _character_to_key

    return _character_to_key(character)


async def settle(pilot: Pilot[Any], done: Callable[[], bool], timeout: float = 5.0) -> None:
    """Let the app work until `done()` holds (or fail after `timeout` seconds)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not done():
        if loop.time() > deadline:
            raise AssertionError("the app did not settle")
        await pilot.pause(0.02)
    await pilot.pause()

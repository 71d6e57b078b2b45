"""The footer, with its keys in the registry's order.

Textual moves a binding the keymap remapped to the end of its screen's bindings, so a footer
of a remapped `c` would list Claim last; this one keeps the order the registry gives.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Footer

from ...actions import ACTIONS

ORDER = {action.run: index for index, action in enumerate(ACTIONS)}


class ActionFooter(Footer):
    def compose(self) -> ComposeResult:
        keys = list(super().compose())
        # Stable: keys the registry does not know keep their places after the known ones.
        yield from sorted(keys, key=lambda key: ORDER.get(getattr(key, "action", ""), len(ORDER)))

"""The footer, with its keys in the registry's order.

Textual moves a binding the keymap remapped to the end of its screen's bindings, so a footer
of a remapped `c` would list Claim last; this one keeps the order the registry gives.
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer

from ...actions import ACTIONS

ORDER = {action.run: index for index, action in enumerate(ACTIONS)}


class ActionFooter(Footer):
    _shown: tuple[Any, ...] | None = None

    def compose(self) -> ComposeResult:
        keys = list(super().compose())
        # Stable: keys the registry does not know keep their places after the known ones.
        yield from sorted(keys, key=lambda key: ORDER.get(getattr(key, "action", ""), len(ORDER)))

    def bindings_changed(self, screen: Screen[Any]) -> None:
        """Textual builds the footer's keys again whenever a screen's bindings may have
        changed, which the review screen says on every move of the cursor (what applies
        depends on the sentence): mounting a dozen keys and laying the screen out again,
        tens of milliseconds a key. When the same keys are shown, only whether each is
        enabled is brought up to date, in place."""
        shown = [
            (key, binding.action, binding.description, tooltip)
            for key, (_, binding, _, tooltip) in screen.active_bindings.items()
            if binding.show or key == self.app.COMMAND_PALETTE_BINDING
        ]
        layout = (self.compact, self.show_command_palette, tuple(shown))
        if layout == self._shown and self.children:
            enabled = {key: on for key, (_, _, on, _) in screen.active_bindings.items()}
            # A FooterKey shows itself dimmed by its -disabled class, and refuses a click by
            # its _disabled flag: both are set when it is made, and set here the same way.
            for footer_key in self.query("FooterKey"):  # by name: the class is private
                off = not enabled.get(getattr(footer_key, "key", ""), True)
                footer_key._disabled = off  # type: ignore[attr-defined]
                footer_key.set_class(off, "-disabled")
            return
        rebuilds = screen.app.app_focus and self.is_attached and screen is self.screen
        self._shown = layout if rebuilds else None
        super().bindings_changed(screen)

"""A scrolling column of form fields that never takes focus itself, so Tab goes from field to
field."""

from __future__ import annotations

from textual.containers import VerticalScroll

SHORT_SCREEN = 32  # rows below which the long dialogs shrink their quote and lists


class Fields(VerticalScroll, can_focus=False):
    pass

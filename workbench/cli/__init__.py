"""The `workbench` command line: one Workbench call per command."""

from . import assist, exchange  # noqa: F401  (they register their commands)
from .commands import main

__all__ = ["main"]

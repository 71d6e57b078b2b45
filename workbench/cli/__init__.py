"""The `workbench` command line: one Workbench call per command."""

from . import assist  # noqa: F401  (registers the assistant commands)
from .commands import main

__all__ = ["main"]

"""Typed errors of the workbench core.

Front ends (CLI, TUI) translate these into a one-line message; the core never prints.
"""


class WorkbenchError(Exception):
    """Base of every error a reviewer can be shown as a one-line message."""


class InputError(WorkbenchError):
    """A file or text that cannot be imported (empty, binary, too large, unreadable)."""


class NotFoundError(WorkbenchError):
    """An article, sentence, source or scale that does not exist."""


class ValidationError(WorkbenchError):
    """A value a reviewer gave that the record cannot hold (unknown tag, rating off the scale)."""


class StoreError(WorkbenchError):
    """The database cannot be opened or written (locked, read-only, not a workbench file)."""


class NothingToDoError(WorkbenchError):
    """An action that would change nothing (undo with an empty history, merging the last
    sentence)."""


class ExportError(WorkbenchError):
    """An export that cannot be written."""


class ConflictError(WorkbenchError):
    """Undo or redo of an action whose rows someone has changed since, or an action on a
    sentence another reviewer has merged or split away."""


class ConstraintError(StoreError):
    """A write the database's constraints refuse (a duplicate tag, a row that is gone)."""

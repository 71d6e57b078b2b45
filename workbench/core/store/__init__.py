"""The SQLite store: the only part of the workbench that speaks SQL.

`schema` holds the numbered migrations (loaded only to migrate; `versions` is what opening
checks against), `changes` the record of one action's row changes,
`reads` every query, `derived` the search indexes, suggestions and check results, and `db`
the open database with its transactions and the action log.
"""

from .changes import TRACKED, ActionDraft, Changes
from .db import BUSY_TIMEOUT_MS, IMPORT_CHUNK, Store, describe
from .versions import KNOWN

__all__ = [
    "BUSY_TIMEOUT_MS",
    "IMPORT_CHUNK",
    "KNOWN",
    "TRACKED",
    "ActionDraft",
    "Changes",
    "Store",
    "describe",
]

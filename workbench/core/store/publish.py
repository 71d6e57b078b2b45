"""The database as Datasette shows it: how to open the file so that a browser of the data never
gets in a reviewer's way, and the metadata (labels, descriptions, canned queries) it is shown
with. The queries are SQL, so they live in the store, in `datasette.yaml` beside this module."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from ..errors import NotFoundError, StoreError
from .db import Store, describe

METADATA_FILE = "datasette.yaml"


@dataclass(frozen=True)
class Published:
    """How Datasette should open the file: `read-only` (SQLite's mode=ro: it sees every
    committed change, through the same write-ahead log as the workbench, and never takes a
    write lock), or `immutable` where that cannot work (see `published`)."""

    path: Path
    name: str  # the database's name in Datasette's URLs: the file name without its suffix
    mode: Literal["read-only", "immutable"]


def published(path: Path) -> Published:
    """Check that `path` is a workbench database Datasette can show, and how to open it.

    The file is first opened as the workbench opens it, so an older database is brought up
    to date (the queries need the current schema) and a damaged, foreign or unreadable one is
    refused with the reason. A read-only reader of a WAL database needs the `-shm` file; when
    there is none and the directory cannot be written, only an immutable open can read it,
    which is right while no `-wal` file holds changes (opening it as the workbench does has
    refused the file already when one does)."""
    if not path.is_file():
        raise NotFoundError(f"no database at {path}")
    Store(path).open().close()
    mode: Literal["read-only", "immutable"] = "read-only"
    try:
        conn = sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as error:
        raise StoreError(describe(error, path)) from None
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.Error as error:
        code = getattr(error, "sqlite_errorname", None)
        if (
            code not in ("SQLITE_READONLY_DIRECTORY", "SQLITE_CANTOPEN")
            or Path(f"{path}-wal").exists()
        ):
            raise StoreError(describe(error, path)) from None
        mode = "immutable"
    finally:
        conn.close()
    return Published(path=path, name=path.stem, mode=mode)


def datasette_metadata(database: str) -> dict[str, Any]:
    """Datasette's metadata for the database named `database` (its file name without the
    suffix): the tables' titles, label columns and column descriptions, and the desk's canned
    queries. Needs PyYAML, which comes with Datasette."""
    import yaml

    text = resources.files(__package__).joinpath(METADATA_FILE).read_text(encoding="utf-8")
    loaded: dict[str, Any] = yaml.safe_load(text)
    tables = loaded.pop("tables")
    queries = loaded.pop("queries")
    loaded["databases"] = {database: {"tables": tables, "queries": queries}}
    return loaded

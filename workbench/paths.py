"""Where the workbench keeps its files. Nothing is created on import; directories are made
only when something is written there."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_NAME = "factcheck-workbench"


@dataclass(frozen=True, slots=True)
class Locations:
    db: Path
    db_origin: str
    config: Path
    config_origin: str
    data_dir: Path
    config_dir: Path


def default_data_dir() -> Path:
    """The per-user data directory, home of the default database. Only this directory is
    created when missing; a directory named by --db or WORKBENCH_DB must exist already."""
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def locate(db: str | os.PathLike[str] | None = None) -> Locations:
    """Resolve paths: a --db option, else WORKBENCH_DB, else the per-user data directory;
    WORKBENCH_CONFIG, else the per-user config directory."""
    data_dir = default_data_dir()
    config_dir = Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))
    if db is not None:
        db_path, db_origin = Path(db), "--db option"
    elif os.environ.get("WORKBENCH_DB"):
        db_path, db_origin = Path(os.environ["WORKBENCH_DB"]), "WORKBENCH_DB"
    else:
        db_path, db_origin = data_dir / "workbench.db", "default"
    if os.environ.get("WORKBENCH_CONFIG"):
        config, config_origin = Path(os.environ["WORKBENCH_CONFIG"]), "WORKBENCH_CONFIG"
    else:
        config, config_origin = config_dir / "config.toml", "default"
    return Locations(
        db_path.expanduser(), db_origin, config.expanduser(), config_origin, data_dir, config_dir
    )

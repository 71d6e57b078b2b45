"""Saving an export to a file, the one way the CLI and the TUI both do it.

An existing file is never replaced and a missing folder never made unless the caller says so
(the CLI's `--force` and `--parents`, the TUI's questions). The text goes to a temporary file
in the same folder, is flushed to the disk, and only then takes the file's name in one
`os.replace`: a process killed midway, or a disk that fills up, leaves the old file whole (or
no file at all) and never a partial or empty one.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..errors import ExportError

TEMPORARY_PREFIX = ".workbench-export-"


class ExistsError(ExportError):
    """The file is there already; saving over it needs the reviewer's word."""


class NoFolderError(ExportError):
    """The folder to save in does not exist; making it needs the reviewer's word."""


@dataclass(frozen=True, slots=True)
class Saved:
    path: Path
    bytes: int
    replaced: bool  # an existing file was overwritten


def blocked(path: Path, *, overwrite: bool = False, parents: bool = False) -> ExportError | None:
    """Why saving to `path` needs the reviewer's word first (or cannot be done), or None.
    Checked for every file before anything is written, so a refusal writes nothing."""
    if path.is_dir():
        return ExportError(f"{path} is a folder; give a file name")
    if path.exists() or path.is_symlink():
        if not overwrite:
            return ExistsError(f"{path} exists; give --force to replace it")
        if not path.is_file():
            return ExportError(f"{path} is not a regular file; it cannot be replaced")
    folder = path.parent
    if not folder.exists():
        if not parents:
            return NoFolderError(f"folder {folder} does not exist; give --parents to create it")
    elif not folder.is_dir():
        return ExportError(f"{folder} is not a folder")
    return None


def save(path: Path, text: str, *, overwrite: bool = False, parents: bool = False) -> Saved:
    """Write `text` (UTF-8) to `path` whole or not at all; see the module's note."""
    refusal = blocked(path, overwrite=overwrite, parents=parents)
    if refusal is not None:
        raise refusal
    folder = path.parent
    data = text.encode("utf-8")
    try:
        if not folder.exists():
            folder.mkdir(parents=True)
        replaced = path.exists()
        mode = _mode(path)
        descriptor, temporary = tempfile.mkstemp(prefix=TEMPORARY_PREFIX, dir=folder)
    except OSError as error:
        raise ExportError(f"cannot write {path}: {_reason(error)}") from None
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except OSError as error:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise ExportError(f"cannot write {path}: {_reason(error)}; nothing was changed") from None
    _sync_folder(folder)
    return Saved(path, len(data), replaced)


def _mode(path: Path) -> int:
    """The permissions the file gets: those of the file it replaces, else the usual ones."""
    try:
        return path.stat().st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _sync_folder(folder: Path) -> None:
    """Make the new name itself durable (where the system allows opening a folder)."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


def _reason(error: OSError) -> str:
    if error.errno == errno.ENOSPC:
        return "the disk is full"
    return error.strerror or str(error)

"""The user's config file (TOML). Unknown keys are an error naming the file and the key."""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .actions import BINDING_IDS  # every action's id: the keys [keys] may remap
from .core.errors import ValidationError, WorkbenchError
from .core.status import DEFAULT_NAMES, StatusNames, status_names


class ConfigError(WorkbenchError):
    """A config file that cannot be read or holds a key the workbench does not know."""


@dataclass(frozen=True, slots=True)
class Organisation:
    name: str | None = None
    url: str | None = None
    # Where reviews are published; `{article}` stands for the article's number (ClaimReview).
    report_url: str | None = None


@dataclass(frozen=True, slots=True)
class Config:
    reviewer: str | None = None
    theme: str | None = None
    organisation: Organisation = field(default_factory=Organisation)
    # binding id -> comma-separated keys, passed to App.set_keymap
    keys: dict[str, str] = field(default_factory=dict)
    # No network use at all: URLs are refused, as with --offline.
    offline: bool = False
    # What the desk calls each stage of work (`statuses`: five names, in stage order).
    statuses: StatusNames = DEFAULT_NAMES


_TOP = {
    "reviewer": str,
    "theme": str,
    "organisation": dict,
    "keys": dict,
    "offline": bool,
    "statuses": list,
}
_ORGANISATION = {"name": str, "url": str, "report_url": str}


def load_config(path: Path) -> Config:
    """Read the config at `path`; a missing file means the defaults."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return Config()
    except OSError as error:
        raise ConfigError(f"cannot read config {path}: {error.strerror or error}") from None
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise ConfigError(f"config {path} is not valid TOML: {error}") from None
    _check(data, _TOP, path, "")
    organisation = data.get("organisation", {})
    _check(organisation, _ORGANISATION, path, "organisation.")
    keys = data.get("keys", {})
    for key, value in keys.items():
        if key not in BINDING_IDS:
            raise ConfigError(
                f"config {path}: unknown key keys.{key} (not a binding id; known: "
                f"{', '.join(sorted(BINDING_IDS))})"
            )
        if not isinstance(value, str):
            raise ConfigError(f'config {path}: keys.{key} must be a string such as "j,down"')
    try:
        statuses = status_names(data.get("statuses"))
    except ValidationError as error:
        raise ConfigError(f"config {path}: {error}") from None
    return Config(
        statuses=statuses,
        reviewer=data.get("reviewer"),
        theme=data.get("theme"),
        organisation=Organisation(**organisation),
        keys=dict(keys),
        offline=data.get("offline", False),
    )


def _check(data: dict[str, Any], known: Mapping[str, type], path: Path, prefix: str) -> None:
    for key, value in data.items():
        if key not in known:
            raise ConfigError(
                f"config {path}: unknown key {prefix}{key} (known: {', '.join(known)})"
            )
        if not isinstance(value, known[key]):
            raise ConfigError(f"config {path}: {prefix}{key} must be a {known[key].__name__}")


_TABLE = re.compile(r"^\s*\[\s*organisation\s*\]\s*(#.*)?$")
_ANY_TABLE = re.compile(r"^\s*\[")


def save_organisation(path: Path, values: Mapping[str, str]) -> None:
    """Set keys of the config's [organisation] table (name, url, report_url), keeping the
    rest of the file as the user wrote it. The result is read back before it replaces the
    file, which is written whole or not at all."""
    from .core.exports.files import save

    for key in values:
        if key not in _ORGANISATION:
            raise ConfigError(f"unknown key organisation.{key}")
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        text = ""
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"cannot read config {path}: {error}") from None
    load_config(path)  # a config that does not load is not edited
    lines = text.splitlines()
    header = next((i for i, line in enumerate(lines) if _TABLE.match(line)), None)
    if header is None:
        if lines and lines[-1].strip():
            lines.append("")
        lines.append("[organisation]")
        header = len(lines) - 1
    end = next((i for i in range(header + 1, len(lines)) if _ANY_TABLE.match(lines[i])), len(lines))
    for key, value in values.items():
        setting = f"{key} = {json.dumps(value, ensure_ascii=False)}"
        found = next(
            (i for i in range(header + 1, end) if re.match(rf"^\s*{key}\s*=", lines[i])), None
        )
        if found is None:
            lines.insert(header + 1, setting)
            end += 1
        else:
            lines[found] = setting
    new_text = "\n".join(lines) + "\n"
    try:
        written = tomllib.loads(new_text).get("organisation", {})
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(
            f"config {path}: the new settings would not read back ({error})"
        ) from None
    if any(written.get(key) != value for key, value in values.items()):
        raise ConfigError(f"config {path}: the organisation settings would not read back as given")
    save(path, new_text, overwrite=True, parents=True)

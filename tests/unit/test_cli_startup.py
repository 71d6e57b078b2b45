"""The command starts fast: listing commands and help import none of the core, and a command
imports only what it uses. Checked on the modules a fresh interpreter holds, not on a clock."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import ROOT, SEED

# What opening a database costs: none of it is needed to show help.
CORE = ("workbench.core.service", "workbench.core.store", "sqlite_utils", "rapidfuzz")
UI = ("textual", "workbench.tui")
# Needed by no part of `workbench --help`; a command's own help lists its choices (tags,
# export formats) and so reads the module that defines them.
LISTING = (
    *CORE,
    *UI,
    "workbench.core.models",
    "workbench.core.export",
    "workbench.config",
    "workbench.paths",
    "platformdirs",
)


def modules_after(*args: str) -> set[str]:
    """The modules loaded once `workbench ARGS` has run, in a fresh interpreter."""
    code = (
        "import sys, json\n"
        "from workbench.cli import main\n"
        "try:\n"
        f"    main({list(args)!r})\n"
        "except SystemExit as done:\n"
        "    assert not done.code, done.code\n"
        "print(json.dumps(sorted(sys.modules)), file=sys.stderr)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    return set(json.loads(done.stderr.splitlines()[-1]))


def among(modules: set[str], prefixes: tuple[str, ...]) -> list[str]:
    return sorted(m for m in modules if m.startswith(prefixes))


@pytest.mark.parametrize("args", [("--help",), ("--version",), ("scale", "--help")])
def test_listing_commands_imports_none_of_the_core(args: tuple[str, ...]) -> None:
    assert among(modules_after(*args), LISTING) == []


@pytest.mark.parametrize("args", [("tag", "--help"), ("export", "--help"), ("link", "--help")])
def test_a_commands_help_opens_no_database(args: tuple[str, ...]) -> None:
    assert among(modules_after(*args), (*CORE, *UI)) == []


def test_a_command_imports_the_core_but_not_the_ui(run) -> None:
    run("import", str(SEED))
    loaded = modules_after("articles")
    assert "workbench.core.service" in loaded
    assert among(loaded, UI) == []

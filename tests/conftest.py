"""Every test runs with its own database, config and data directories."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from click.testing import CliRunner

from workbench.core.service import Workbench

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "sample_articles"
SEED = SAMPLES / "wire_drone_attacks_2024-11-11.txt"
# Test data lives in tests/: a fresh clone has nothing beside it.
EVALDATA = ROOT / "tests" / "data" / "evaldata"


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("WORKBENCH_DB", str(tmp_path / "workbench.db"))
    monkeypatch.setenv("WORKBENCH_CONFIG", str(tmp_path / "config.toml"))
    monkeypatch.setenv("WORKBENCH_REVIEWER", "tester")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.delenv("COLUMNS", raising=False)
    monkeypatch.delenv("LINES", raising=False)
    return tmp_path


class Clock:
    """A clock that ticks one second per call, so records are deterministic."""

    def __init__(self) -> None:
        self._ticks = itertools.count()

    def __call__(self) -> str:
        n = next(self._ticks)
        return f"2024-11-12T{9 + n // 3600:02d}:{n // 60 % 60:02d}:{n % 60:02d}Z"


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "workbench.db"


@pytest.fixture
def workbench(db_path: Path):
    with Workbench(db_path, "alice", clock=Clock()) as wb:
        yield wb


@pytest.fixture
def seed(workbench: Workbench) -> int:
    return workbench.import_file(SEED).article.id


@pytest.fixture
def run():
    """The `workbench` command in-process: run("tag", "1", "2", "claim", code=0)."""
    from workbench.cli import main

    runner = CliRunner()

    def invoke(*args: str, code: int = 0):
        result = runner.invoke(main, list(args), catch_exceptions=False)
        assert result.exit_code == code, result.output + result.stderr
        return result

    return invoke

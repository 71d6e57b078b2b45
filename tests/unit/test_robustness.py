"""Found by an audit: ambiguous and infinite ratings, numbers beyond SQLite's range, failed
writes to stdout, foreign databases and missing directories."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, SEED
from workbench.core.errors import StoreError, ValidationError
from workbench.core.scales import PRESETS, parse_labels
from workbench.core.service import Workbench
from workbench.core.store import Store
from workbench.paths import default_data_dir

NEWSROOM = next(scale for scale in PRESETS if scale.name == "newsroom")
HUGE = "99999999999999999999999"


@pytest.fixture
def cli(run):  # noqa: ANN001 - the shared command runner of conftest
    return run


def one_error_line(result) -> str:
    """The single line an error prints, after checking it is nothing more (no traceback)."""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    return lines[0]


# ------------------------------------------------------------------- scales
def test_a_number_two_labels_share_is_ambiguous() -> None:
    # Only labels off the true-false axis share a number (0); each on it has its own.
    with pytest.raises(ValidationError) as refused:
        NEWSROOM.resolve("0")
    message = str(refused.value)
    assert "ambiguous" in message and "Misleading" in message and "Unverifiable" in message
    assert NEWSROOM.resolve("4").name == "Mostly true"
    assert NEWSROOM.resolve("2").name == "Mostly false"
    assert NEWSROOM.resolve("misl").name == "Misleading"


def test_the_cli_refuses_an_ambiguous_rating_and_stores_nothing(cli) -> None:
    cli("import", str(SEED))
    cli("tag", "1", "13", "claim")
    line = one_error_line(cli("verdict", "1", "13", "0", code=1))
    assert "Misleading" in line and "Unverifiable" in line
    assert json.loads(cli("sentence", "1", "13", "--json").stdout)["verdicts"] == []
    cli("verdict", "1", "13", "mostly f")
    verdicts = json.loads(cli("sentence", "1", "13", "--json").stdout)["verdicts"]
    assert [(v["label"], v["value"]) for v in verdicts] == [("Mostly false", 2)]


@pytest.mark.parametrize("number", ["inf", "-inf", "nan", "Infinity", "1e999"])
def test_infinite_and_nan_label_numbers_are_refused(number: str) -> None:
    with pytest.raises(ValidationError, match="finite"):
        parse_labels([f"A={number}", "B=1"])


def test_the_cli_refuses_an_infinite_scale_and_adds_nothing(cli) -> None:
    line = one_error_line(cli("scale", "add", "bad", "A=inf", "B=1", code=1))
    assert "'A=inf'" in line and "finite" in line
    names = [s["scale"]["name"] for s in json.loads(cli("scales", "--json").stdout)]
    assert "bad" not in names


# -------------------------------------------------------- numbers too large
def test_an_article_number_beyond_sqlite_is_no_article(cli) -> None:
    cli("import", str(SEED))
    for args in (
        ("tag", HUGE, "1", "claim"),
        ("sentences", HUGE),
        ("sentence", HUGE, "1"),
        ("tag", str(2**63), "1", "claim"),
        ("sentences", "²"),
    ):
        line = one_error_line(cli(*args, code=1))
        assert line.startswith(f"error: no article {args[1]};"), line
    assert one_error_line(cli("tag", str(2**63 - 1), "1", "claim", code=1)).startswith(
        f"error: no article {2**63 - 1};"
    )


@pytest.mark.parametrize(
    "args",
    [
        ("unlink", HUGE),
        ("source", "show", HUGE),
        ("link", "1", "2", HUGE, "--stance", "supports"),
        ("history", HUGE),
    ],
)
def test_other_numbers_beyond_sqlite_are_one_line(cli, args: tuple[str, ...]) -> None:
    cli("import", str(SEED))
    line = one_error_line(cli(*args, code=1))
    assert "too large" in line or "no article" in line


# ------------------------------------------------------------ standard output
def workbench_process(*args: str, **kwargs) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "workbench", *args],
        cwd=ROOT,
        stderr=subprocess.PIPE,
        timeout=60,
        check=False,
        **kwargs,
    )


@pytest.fixture
def stored(cli) -> None:
    cli("import", str(SEED))


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.usefixtures("stored")
@pytest.mark.parametrize(
    "args", [("articles",), ("sentences", "1", "--json"), ("export", "1", "--format", "json")]
)
def test_a_full_stdout_is_one_line_and_status_1(args: tuple[str, ...]) -> None:
    with open("/dev/full", "wb") as full:
        done = workbench_process(*args, stdout=full)
    assert done.returncode == 1
    stderr = done.stderr.decode()
    assert stderr.count("\n") == 1 and stderr.startswith("error: "), stderr
    assert "No space left on device" in stderr


@pytest.mark.usefixtures("stored")
def test_a_closed_stdout_is_one_line_and_status_1() -> None:
    done = subprocess.run(
        ["sh", "-c", 'exec "$0" -m workbench "$@" >&-', sys.executable, "articles"],
        cwd=ROOT,
        stderr=subprocess.PIPE,
        timeout=60,
        check=False,
    )
    assert done.returncode == 1
    assert done.stderr.decode() == "error: cannot write to standard output: Bad file descriptor\n"


@pytest.mark.usefixtures("stored")
@pytest.mark.parametrize(
    "args",
    [("sentences", "1"), ("articles", "--json"), ("export", "1", "--format", "json"), ("history",)],
)
def test_a_reader_that_has_gone_ends_quietly(args: tuple[str, ...]) -> None:
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader is gone before the first line: EPIPE at once
    try:
        done = workbench_process(*args, stdout=write_end)
    finally:
        os.close(write_end)
    assert done.returncode == 1
    assert done.stderr == b""


# ------------------------------------------------------------------- the file
def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_foreign_sqlite_database_is_refused_untouched(tmp_path: Path) -> None:
    other = tmp_path / "contacts.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE people (name TEXT)")
    conn.execute("INSERT INTO people VALUES ('Ana')")
    conn.commit()
    conn.close()
    before = digest(other)
    with pytest.raises(StoreError, match=f"^{other} is not a workbench database"):
        Store(other).open()
    assert digest(other) == before
    assert not (tmp_path / "contacts.db-wal").exists()
    conn = sqlite3.connect(other)
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
    conn.close()
    assert tables == {"people"}


def test_a_foreign_database_with_other_migrations_is_refused(tmp_path: Path) -> None:
    other = tmp_path / "app.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE _sqlite_migrations (migration_set TEXT, name TEXT, applied_at TEXT)")
    conn.execute("INSERT INTO _sqlite_migrations VALUES ('blog', 'm001', 'now')")
    conn.execute("CREATE TABLE posts (title TEXT)")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="is not a workbench database"):
        Store(other).open()


def test_the_cli_refuses_a_foreign_database(cli, tmp_path: Path) -> None:
    other = tmp_path / "contacts.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE people (name TEXT)")
    conn.close()
    line = one_error_line(cli("--db", str(other), "articles", code=1))
    assert line == f"error: {other} is not a workbench database (it holds other tables: people)"


def test_new_empty_and_own_databases_open(tmp_path: Path) -> None:
    empty = tmp_path / "empty.db"
    empty.touch()
    for path in (tmp_path / "new.db", empty):
        with Workbench(path, "alice") as wb:
            wb.import_file(SEED)
        with Workbench(path, "alice") as wb:  # reopened: ours, by its migrations record
            assert len(wb.articles()) == 1


def test_an_explicit_database_directory_must_exist(cli, tmp_path: Path) -> None:
    missing = tmp_path / "no" / "such" / "dir"
    with pytest.raises(StoreError, match="does not exist"):
        Store(missing / "x.db").open()
    line = one_error_line(cli("--db", str(missing / "x.db"), "import", str(SEED), code=1))
    assert line == (
        f"error: cannot open database {missing / 'x.db'}: the directory {missing} does not exist"
    )
    assert not (tmp_path / "no").exists()
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(StoreError, match="is not a directory"):
        Store(blocker / "x.db").open()


def test_the_default_data_directory_is_made_on_first_use(
    cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("WORKBENCH_DB")
    data = default_data_dir()
    assert data.is_relative_to(tmp_path)  # conftest points XDG_DATA_HOME at tmp_path
    located = json.loads(cli("locate", "--json").stdout)
    assert located["database"] == str(data / "workbench.db")
    assert located["database_from"] == "default"
    assert not data.exists()  # locate creates nothing
    cli("import", str(SEED))
    assert (data / "workbench.db").is_file()

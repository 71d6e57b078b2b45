"""Failure paths of the command line: a damaged database, a full disk, a database this
version may only read, and Ctrl-C. Each ends in one line on stderr and a non-zero status,
never a traceback. (A reader that has gone is in test_robustness.)"""

from __future__ import annotations

import array
import errno
import fcntl
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import termios
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import ROOT, SAMPLES, SEED

READS = [("articles",), ("sentences", "1"), ("export", "1"), ("export", "1", "--format", "json")]
WRITES = [("tag", "1", "2", "claim"), ("undo",), ("source", "add", "--title", "A report")]


def workbench(*args: str, **kwargs) -> subprocess.CompletedProcess[str]:
    """The real command in a fresh process, as a shell runs it."""
    return subprocess.run(
        [sys.executable, "-m", "workbench", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        **kwargs,
    )


# ---------------------------------------------------------- a damaged file
@pytest.fixture
def damaged(run, db_path: Path) -> Path:
    """A real database (the sample articles, a tag) with garbage over its middle half."""
    run("import", *(str(p) for p in sorted(SAMPLES.iterdir()) if p.name != "README.md"))
    run("tag", "1", "2", "claim")
    assert not Path(f"{db_path}-wal").exists()  # the last connection folded the WAL in
    size = db_path.stat().st_size
    with db_path.open("r+b") as file:
        file.seek(size // 4)
        file.write(random.Random(0).randbytes(size // 2))
    return db_path


def damaged_line(db: Path) -> str:
    why = "database disk image is malformed"
    return f"error: {db} is not a workbench database or is damaged ({why})\n"


@pytest.mark.parametrize("args", READS + WRITES + [("history",), ("source", "list")])
def test_a_damaged_database_is_one_line(run, damaged: Path, args: tuple[str, ...]) -> None:
    out = run(*args, code=1)
    assert out.stderr == damaged_line(damaged)
    assert out.stdout == ""


def test_a_damaged_database_is_one_line_from_the_real_command(damaged: Path) -> None:
    done = workbench("export", "--all", "-o", str(damaged.parent / "out"))
    assert (done.returncode, done.stderr, done.stdout) == (1, damaged_line(damaged), "")
    assert not (damaged.parent / "out").exists()


def test_a_file_that_is_no_database_is_one_line_before_the_tui_starts(tmp_path: Path) -> None:
    """`workbench` with no command opens the library: a bad file is refused before the
    screen starts, in one line, rather than as a traceback from inside the app."""
    notes = tmp_path / "notes.db"
    notes.write_text("notes, not a database\n")
    env = {**os.environ, "WORKBENCH_DB": str(notes)}
    done = workbench(env=env, stdin=subprocess.DEVNULL)
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        f"error: {notes} is not a workbench database or is damaged (file is not a database)"
    ]
    assert "Traceback" not in done.stdout + done.stderr


# ------------------------------------------------------------- a full disk
@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 1 MiB file system of its own (tmpfs), so the test can fill it; mounting needs root."""
    disk = tmp_path / "disk"
    disk.mkdir()
    if shutil.which("mount") is None or shutil.which("umount") is None:
        pytest.skip("no mount command")
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(disk)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip("cannot mount a small tmpfs here (needs root)")
    try:
        yield disk
    finally:
        subprocess.run(["umount", str(disk)], check=True)


def fill(disk: Path, leave: int = 0) -> None:
    """Fill the file system, then give `leave` bytes back."""
    filler = disk / "filler"
    descriptor = os.open(filler, os.O_WRONLY | os.O_CREAT | os.O_APPEND)
    try:
        while True:
            os.write(descriptor, bytes(64 * 1024 if leave == 0 else 4096))
    except OSError as error:
        assert error.errno == errno.ENOSPC
    finally:
        os.close(descriptor)
    os.truncate(filler, max(0, filler.stat().st_size - leave))


@pytest.fixture
def on_small_disk(run, small_disk: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    db = small_disk / "workbench.db"
    monkeypatch.setenv("WORKBENCH_DB", str(db))
    run("import", str(SEED))
    return db


def run_json(run, *args: str):  # noqa: ANN001, ANN201 - the shared runner of conftest
    return json.loads(run(*args, "--json").stdout)


def big_article(tmp_path: Path) -> Path:
    path = tmp_path / "big.txt"
    paragraphs = [
        f"Route {n} ran {n * 3} buses, the council said. It was late." for n in range(3000)
    ]
    path.write_text("Buses\n\n" + "\n\n".join(paragraphs) + "\n", encoding="utf-8")
    return path


def test_a_write_that_fills_the_disk_is_one_line_and_saves_nothing(
    run, on_small_disk: Path, small_disk: Path, tmp_path: Path
) -> None:
    fill(small_disk, leave=128 * 1024)  # room to read and for a small action, not an import
    out = run("import", str(big_article(tmp_path)), code=1)
    assert out.stderr == (
        f"error: database {on_small_disk}: the disk is full (database or disk is full); "
        "nothing was saved\n"
    )
    assert [a["id"] for a in run_json(run, "articles")] == [1]
    assert "tagged sentence 2 as claim" in run("tag", "1", "2", "claim").stdout


@pytest.mark.parametrize("args", READS + WRITES)
def test_a_full_disk_is_one_line_for_reads_and_writes(
    run, on_small_disk: Path, small_disk: Path, args: tuple[str, ...]
) -> None:
    fill(small_disk)
    out = run(*args, code=1)
    # SQLite cannot make the WAL index beside the file, so even a read fails; the wording is
    # the store's ("disk I/O error; nothing was saved").
    lines = out.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: database {on_small_disk}: "), lines
    assert out.stdout == ""


# ------------------------------------------------- a database only to read
def test_a_database_from_a_newer_version_is_read_but_not_written(run, db_path: Path) -> None:
    run("import", str(SEED))
    conn = sqlite3.connect(db_path)
    conn.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
        "VALUES ('workbench', 'm999_future', '2030-01-01')"
    )
    conn.commit()
    conn.close()
    assert [a["id"] for a in run_json(run, "articles")] == [1]
    assert "Iraqi Resistance" in run("export", "1").stdout
    for args in WRITES:
        line = run(*args, code=1).stderr
        assert line.startswith(f"error: database {db_path} was written by a newer workbench ")
        assert line.endswith("upgrade the workbench to change it\n") and line.count("\n") == 1


# ----------------------------------------------------------------- Ctrl-C
@pytest.mark.parametrize("args", READS + WRITES)
def test_ctrl_c_in_a_command_is_one_line_and_status_130(
    run, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...]
) -> None:
    run("import", str(SEED))

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(sqlite3, "connect", interrupted)  # while the database opens
    out = run(*args, code=130)
    assert (out.stderr, out.stdout) == ("interrupted\n", "")


def _ctrl_c_as_in_a_terminal() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def test_ctrl_c_while_reading_standard_input_is_one_line() -> None:
    # A snapshot read from standard input: once the command has read the first bytes (the
    # core imported, the read loop running), it waits there for more, and that is where
    # Ctrl-C lands.
    child = subprocess.Popen(
        [sys.executable, "-m", "workbench", "source", "add", "--title", "T", "--snapshot", "-"],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        # As from a terminal: a suite started in the background (`cmd &` in a script) runs
        # with Ctrl-C ignored, and the child would inherit that and never see it.
        preexec_fn=_ctrl_c_as_in_a_terminal,
    )
    assert child.stdin is not None
    try:
        child.stdin.write(b"The first words of a snapshot. ")
        child.stdin.flush()
        deadline = time.monotonic() + 60
        waiting = array.array("i", [1])
        while waiting[0]:  # the bytes written are gone from the pipe: the command reads
            fcntl.ioctl(child.stdin.fileno(), termios.FIONREAD, waiting)
            assert child.poll() is None and time.monotonic() < deadline
            time.sleep(0.01)
        child.send_signal(signal.SIGINT)
        stdout, stderr = child.communicate(timeout=60)
    finally:
        child.kill()
    assert (child.returncode, stderr, stdout) == (130, b"interrupted\n", b"")


def test_ctrl_c_while_the_command_starts_is_one_line() -> None:
    # Ctrl-C arriving while click itself is imported.
    code = (
        "import sys\n"
        "class CtrlC:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name == 'click':\n"
        "            raise KeyboardInterrupt\n"
        "sys.meta_path.insert(0, CtrlC())\n"
        "from workbench.cli import main\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert (done.returncode, done.stderr, done.stdout) == (130, "interrupted\n", "")


# ----------------------------------------------------- text that is not text
def test_arguments_that_are_not_utf8_are_refused_in_one_line(run) -> None:
    """A shell passes bytes that are not UTF-8 through as lone surrogates; SQLite cannot
    store them, and the refusal says which value it was."""
    run("import", str(SEED))
    out = run("source", "add", "--title", "bad\udcff", code=1)
    assert out.stderr == "error: title “bad\\xff” holds bytes that are not UTF-8 text\n"
    run("tag", "1", "2", "claim")
    out = run("verdict", "1", "2", "true", "--rationale", "\udcfe", code=1)
    assert out.stderr == "error: rationale “\\xfe” holds bytes that are not UTF-8 text\n"
    out = run("--reviewer", "bo\udcffb", "tag", "1", "3", "claim", code=1)
    assert "reviewer name" in out.stderr and out.stderr.count("\n") == 1


def test_a_snapshot_on_standard_input_is_checked_like_a_file(db_path: Path) -> None:
    env = {**os.environ, "WORKBENCH_DB": str(db_path), "WORKBENCH_REVIEWER": "tester"}
    add = ("source", "add", "--title", "piped", "--snapshot", "-")
    binary = workbench(*add, input="text\x00more", env=env)
    assert (binary.returncode, binary.stderr) == (
        1,
        "error: standard input looks like a binary file (it contains NUL bytes)\n",
    )
    latin = subprocess.run(
        [sys.executable, "-m", "workbench", *add, "--json"],
        input=b"Caf\xe9 au lait costs 3 euros.",
        capture_output=True,
        env=env,
        cwd=ROOT,
        timeout=120,
        check=False,
    )
    assert latin.returncode == 0, latin.stderr
    assert json.loads(latin.stdout)["source"]["snapshot"] == "Café au lait costs 3 euros."

"""Saving an export: a process killed at any moment, or a disk that fills up, leaves the file
that was there whole (or no file), never a partial or empty one; nothing is overwritten or
created without being asked."""

from __future__ import annotations

import errno
import os
import random
import resource
import signal
import stat
import time
from pathlib import Path

import pytest

from workbench.core.errors import ExportError
from workbench.core.exports import files
from workbench.core.exports.files import ExistsError, NoFolderError, blocked, save

from .support import FORK

KILLS = 30
# Large enough that a write takes a while, so most kills land while a file is being written.
BIG = "".join(
    f"line {i:07d} of the new export, long enough to take a while\n" for i in range(80_000)
)
OLD = "the export that was there before\n" * 1000


def _saver(target: Path, ready: object) -> None:
    ready.set()  # type: ignore[attr-defined]
    while True:
        save(target, BIG, overwrite=True)


def test_a_kill_while_saving_over_a_file_never_damages_it(tmp_path: Path) -> None:
    timing = random.Random(20241130)
    target = tmp_path / "review.md"
    outcomes = {"old": 0, "new": 0}
    for _ in range(KILLS):
        target.write_text(OLD, encoding="utf-8")
        ready = FORK.Event()
        child = FORK.Process(target=_saver, args=(target, ready))
        child.start()
        assert ready.wait(timeout=30)
        time.sleep(timing.uniform(0.0, 0.25))
        os.kill(child.pid, signal.SIGKILL)
        child.join(timeout=30)
        assert child.exitcode == -signal.SIGKILL
        text = target.read_text(encoding="utf-8")
        assert text in (OLD, BIG), f"a kill left {len(text)} characters of neither export"
        outcomes["old" if text == OLD else "new"] += 1
        for leftover in tmp_path.glob(f"{files.TEMPORARY_PREFIX}*"):
            leftover.unlink()  # a killed process cannot tidy its temporary file
    # The kills did land while files were being written (the test is not vacuous).
    assert outcomes["new"] > 0 and sum(outcomes.values()) == KILLS


def _limited_saver(target: Path, limit: int, report: object) -> None:
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    try:
        save(target, BIG, overwrite=True)
    except ExportError as error:
        report.send(str(error))  # type: ignore[attr-defined]
    else:
        report.send("saved")  # type: ignore[attr-defined]


@pytest.mark.parametrize("existing", [True, False])
def test_a_write_that_runs_out_of_room_leaves_no_partial_or_empty_file(
    tmp_path: Path, existing: bool
) -> None:
    target = tmp_path / "review.json"
    if existing:
        target.write_text(OLD, encoding="utf-8")
    receive, send = FORK.Pipe(duplex=False)
    child = FORK.Process(target=_limited_saver, args=(target, 64 * 1024, send))
    child.start()
    child.join(timeout=60)
    message = receive.recv()
    assert message.startswith(f"cannot write {target}: ") and "nothing was changed" in message
    if existing:
        assert target.read_text(encoding="utf-8") == OLD
    else:
        assert not target.exists()
    assert not list(tmp_path.glob(f"{files.TEMPORARY_PREFIX}*"))


def test_a_full_disk_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "review.csv"
    target.write_text(OLD, encoding="utf-8")

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(files.os, "fsync", full)
    with pytest.raises(ExportError) as refused:
        save(target, BIG, overwrite=True)
    assert str(refused.value) == f"cannot write {target}: the disk is full; nothing was changed"
    assert target.read_text(encoding="utf-8") == OLD
    assert not list(tmp_path.glob(f"{files.TEMPORARY_PREFIX}*"))


def test_nothing_is_overwritten_or_created_unasked(tmp_path: Path) -> None:
    target = tmp_path / "review.md"
    target.write_text(OLD, encoding="utf-8")
    with pytest.raises(ExistsError, match="exists; give --force to replace it"):
        save(target, "new\n")
    assert target.read_text(encoding="utf-8") == OLD
    assert save(target, "new\n", overwrite=True).replaced
    assert target.read_text(encoding="utf-8") == "new\n"

    nested = tmp_path / "a" / "b" / "review.md"
    with pytest.raises(NoFolderError, match=r"folder .*a/b does not exist; give --parents"):
        save(nested, "x")
    assert not (tmp_path / "a").exists()
    saved = save(nested, "x", parents=True)
    assert saved.path == nested and not saved.replaced and nested.read_text() == "x"

    assert "is a folder" in str(blocked(tmp_path))
    (tmp_path / "file").write_text("x")
    assert "is not a folder" in str(blocked(tmp_path / "file" / "review.md", parents=True))


def test_a_replaced_file_keeps_its_permissions(tmp_path: Path) -> None:
    target = tmp_path / "review.md"
    target.write_text(OLD, encoding="utf-8")
    target.chmod(0o640)
    save(target, "new\n", overwrite=True)
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    fresh = save(tmp_path / "fresh.md", "x").path
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o666 & ~umask

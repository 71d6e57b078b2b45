"""Databases this program may only read: one written by a newer workbench, and one the
process has no permission to write. Reads work; every action is refused with the reason in
one line; the file is left byte for byte as it was."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
import sysconfig
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.conftest import ROOT, SAMPLES, SEED
from workbench.core.errors import StoreError
from workbench.core.models import NewSource, SentenceId
from workbench.core.service import Workbench
from workbench.core.store import KNOWN
from workbench.core.store import db as store_db


def _fill(db: Path) -> int:
    with Workbench(db, "alice") as wb:
        article = wb.import_file(SEED).article.id
        wb.set_tag(article, 2, "claim")
        source = NewSource(url="https://example.org/r", snapshot="Drones struck on Monday.")
        wb.link(article, 2, new_source=source, stance="supports", excerpt="Drones struck")
        wb.set_verdict(article, 2, "Half true")
        wb.set_tag(article, 3, "quote")
        wb.undo()
    return article


def _fingerprint(directory: Path) -> dict[str, str]:
    return {
        path.name: hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(directory.iterdir())
    }


def _actions(wb: Workbench, article: int) -> Iterator[tuple[str, Callable[[], object]]]:
    yield "tag", lambda: wb.set_tag(article, 4, "claim")
    yield "untag", lambda: wb.set_tag(article, 2, "claim", on=False)
    yield "toggle", lambda: wb.toggle_tag(article, 2, "figure")
    yield "accept", lambda: wb.accept(article, 1)
    yield "verdict", lambda: wb.set_verdict(article, 2, "True")
    yield "link", lambda: wb.link(article, 2, 1, stance="refutes")
    yield "unlink", lambda: wb.unlink(1)
    yield "merge", lambda: wb.merge(article, 5)
    yield "split", lambda: wb.split(article, SentenceId(wb.sentences(article)[5].id), 10)
    yield "undo", wb.undo
    yield "redo", wb.redo
    yield "source", lambda: wb.add_source(url="https://example.org/new")
    yield "scale", lambda: wb.use_scale("fever")
    yield "new scale", lambda: wb.add_scale("mine", ["Yes=1", "No=0"])
    yield "import", lambda: wb.import_file(SAMPLES / "river_flood_report.html")


def _reads(wb: Workbench, article: int) -> None:
    """Every kind of read, with what the fill stored."""
    assert [a.id for a in wb.articles()] == [article]
    sentences = wb.sentences(article)
    assert [s.tags for s in sentences[:3]] == [(), ("claim",), ()]
    detail = wb.sentence(article, 2)
    assert [v.label for v in detail.verdicts] == ["Half true"]
    assert [e.source.url for e in detail.evidence] == ["https://example.org/r"]
    assert wb.review(article).sentences[1].verdict is not None
    assert "Half true" in wb.export(article, "json").text
    assert [a.verb for a in wb.history(article)][-2:] == ["tag", "tag"]
    assert [s.url for s in wb.sources()] == ["https://example.org/r"]
    assert wb.active_scale().name == "newsroom"
    # An import of a stored text finds it, which needs no writing.
    assert not wb.import_file(SEED).created


# ------------------------------------------------------------- newer schema
def _from_the_future(db: Path) -> None:
    """What a later workbench might have done: a migration this program does not know, a
    new table and new columns in tables it reads."""
    with sqlite3.connect(db) as conn:
        conn.execute("CREATE TABLE future_things (id INTEGER PRIMARY KEY, what TEXT)")
        conn.execute("ALTER TABLE sources ADD COLUMN archived_url TEXT")
        conn.execute("ALTER TABLE verdicts ADD COLUMN confidence REAL")
        conn.execute("ALTER TABLE articles ADD COLUMN language TEXT")
        conn.execute(
            "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
            "VALUES ('workbench', 'm999_future', '2030-01-01')"
        )
    conn.close()


def test_a_newer_schema_is_read_and_never_written(tmp_path: Path) -> None:
    db = tmp_path / "newer.db"
    article = _fill(db)
    _from_the_future(db)
    before = _fingerprint(tmp_path)
    with Workbench(db, "bob") as wb:
        assert wb.read_only
        _reads(wb, article)
        for name, action in _actions(wb, article):
            with pytest.raises(StoreError) as refused:
                action()
            message = str(refused.value)
            assert "newer workbench" in message and "m999_future" in message, name
            assert KNOWN[-1] in message, name
            assert "\n" not in message
    assert _fingerprint(tmp_path) == before


def test_the_cli_refuses_to_change_a_newer_schema(tmp_path: Path, run) -> None:  # noqa: ANN001
    db = tmp_path / "workbench.db"  # the CLI's WORKBENCH_DB in every test
    _fill(db)
    _from_the_future(db)
    before = _fingerprint(tmp_path)
    assert "Iraqi Resistance" in run("articles").stdout
    lines = run("tag", "1", "4", "claim", code=1).stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and "m999_future" in lines[0]
    assert _fingerprint(tmp_path) == before


# -------------------------------------------------------- no write permission
def test_a_database_the_process_may_not_write_is_read_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The store's own test of permissions, made to say no (root may write anything)."""
    db = tmp_path / "locked.db"
    article = _fill(db)
    monkeypatch.setattr(store_db, "_writable", lambda path: False)
    digest = hashlib.sha256(db.read_bytes()).hexdigest()
    with Workbench(db, "bob") as wb:
        assert wb.read_only
        _reads(wb, article)
        for name, action in _actions(wb, article):
            with pytest.raises(StoreError, match="is read-only$"):
                action()
                pytest.fail(f"{name} was not refused")
    assert hashlib.sha256(db.read_bytes()).hexdigest() == digest


def test_a_read_only_database_of_an_older_schema_says_how_to_update_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sqlite_utils import Database

    from workbench.core.store.schema import migrations

    db = tmp_path / "old.db"
    conn = sqlite3.connect(db)
    migrations.apply(Database(conn), stop_before=KNOWN[-1])
    conn.close()
    digest = hashlib.sha256(db.read_bytes()).hexdigest()
    monkeypatch.setattr(store_db, "_writable", lambda path: False)
    with pytest.raises(StoreError) as refused, Workbench(db, "bob") as wb:
        wb.articles()
    message = str(refused.value)
    assert "older workbench" in message and KNOWN[-1] in message and "\n" not in message
    assert hashlib.sha256(db.read_bytes()).hexdigest() == digest


def _as_unprivileged(directory: Path) -> dict[str, object] | None:
    """How to run a command as a user who may read but not write `directory`: as nobody
    when this process is root (root writes through any mode bits), else as this user with
    the write bits taken away. None when no interpreter is runnable that way."""
    paths = sysconfig.get_paths()
    env = {
        "PATH": os.environ.get("PATH", os.defpath),
        "HOME": str(directory),
        "PYTHONPATH": os.pathsep.join([str(ROOT), paths["purelib"], paths["platlib"]]),
        "PYTHONDONTWRITEBYTECODE": "1",
        "WORKBENCH_DB": str(directory / "shared.db"),
        "WORKBENCH_CONFIG": str(directory / "absent.toml"),
        "WORKBENCH_REVIEWER": "carol",
        "XDG_DATA_HOME": str(directory / "data"),
        "XDG_CONFIG_HOME": str(directory / "config"),
    }
    if os.geteuid() != 0:
        return {"env": env, "executable": sys.executable}
    # The venv's interpreter may live under a home directory nobody cannot enter; another
    # interpreter of the same version on PATH runs this checkout with the venv's packages.
    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    on_path = [
        os.path.join(directory_on_path, version)
        for directory_on_path in env["PATH"].split(os.pathsep)
        if os.path.isfile(os.path.join(directory_on_path, version))
    ]
    for executable in dict.fromkeys([sys.executable, os.path.realpath(sys.executable), *on_path]):
        try:
            probe = subprocess.run(
                [executable, "-c", "import sys, workbench.cli; print(sys.version_info[:2])"],
                user=65534,
                group=65534,
                env=env,
                cwd=directory,
                capture_output=True,
                text=True,
                timeout=60,
            )
        except OSError:
            continue
        if probe.returncode == 0 and probe.stdout.strip() == str(sys.version_info[:2]):
            return {"env": env, "executable": executable, "user": 65534, "group": 65534}
    return None


@pytest.fixture
def shared_directory() -> Iterator[Path]:
    """A directory only root writes and everyone may enter (tmp_path's parents are 0700)."""
    directory = Path(tempfile.mkdtemp(prefix="workbench-ro-"))
    directory.chmod(0o755)
    try:
        yield directory
    finally:
        for inner in [directory, *(p for p in directory.rglob("*") if p.is_dir())]:
            inner.chmod(0o755)
        shutil.rmtree(directory)


def test_a_user_who_may_not_write_lists_and_is_refused_in_one_line(
    shared_directory: Path,
) -> None:
    """For real: another user, the file and its directory theirs to read, not to write. A
    WAL database closed cleanly has no -shm file, and SQLite cannot make one in a directory
    it may not write, so it refused even to read ('attempt to write a readonly database')."""
    db = shared_directory / "shared.db"
    _fill(db)
    db.chmod(0o644)
    assert sorted(p.name for p in shared_directory.iterdir()) == ["shared.db"]
    how = _as_unprivileged(shared_directory)
    if how is None:
        pytest.skip("no interpreter an unprivileged user can run")
    if os.geteuid() != 0:
        db.chmod(0o444)
        shared_directory.chmod(0o555)
    before = _fingerprint(shared_directory)

    def workbench(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(how["executable"]), "-m", "workbench", *args],
            env=how["env"],  # type: ignore[arg-type]
            user=how.get("user"),  # type: ignore[arg-type]
            group=how.get("group"),  # type: ignore[arg-type]
            cwd=shared_directory,
            capture_output=True,
            text=True,
            timeout=60,
        )

    listed = workbench("articles")
    assert listed.returncode == 0, listed.stderr
    assert "Iraqi Resistance" in listed.stdout and "13 sentences" in listed.stdout
    shown = workbench("sentence", "1", "2", "--json")
    assert shown.returncode == 0 and "Half true" in shown.stdout, shown.stderr
    refused = workbench("tag", "1", "2", "quote")
    assert refused.returncode == 1
    lines = refused.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and "read-only" in lines[0]
    assert _fingerprint(shared_directory) == before

    # A -wal file beside it holds changes a reader without its -shm cannot see: refused,
    # rather than showing the file without them.
    shared_directory.chmod(0o755)
    keeper = sqlite3.connect(db)  # holds the WAL open, so it is not checkpointed away
    keeper.execute("PRAGMA wal_autocheckpoint = 0")
    keeper.execute("INSERT INTO settings (key, value) VALUES ('unseen', '1')")
    keeper.commit()
    wal = Path(f"{db}-wal").read_bytes()
    copy_directory = shared_directory / "copy"
    copy_directory.mkdir(mode=0o755)
    (copy_directory / "shared.db").write_bytes(db.read_bytes())
    (copy_directory / "shared.db-wal").write_bytes(wal)
    keeper.close()
    how["env"]["WORKBENCH_DB"] = str(copy_directory / "shared.db")  # type: ignore[index]
    if os.geteuid() != 0:
        copy_directory.chmod(0o555)
    refused = workbench("articles")
    assert refused.returncode == 1
    lines = refused.stderr.splitlines()
    assert len(lines) == 1 and "read-only" in lines[0] and "-wal" in lines[0], refused.stderr

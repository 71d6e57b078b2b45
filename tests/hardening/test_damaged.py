"""A damaged database file: whatever is broken, opening, reading, listing and acting give one
line saying the file is damaged (a StoreError), never a raw sqlite3 or decoding error, and
the CLI prints that one line and exits non-zero."""

from __future__ import annotations

import os
import random
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.conftest import SAMPLES, SEED
from workbench.core.errors import WorkbenchError
from workbench.core.models import NewSource
from workbench.core.service import Workbench

from .support import rows

PAGE = 4096
TRIALS = 25


@pytest.fixture(scope="module")
def sound(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real database with every kind of record, closed (so all of it is in the file)."""
    db = tmp_path_factory.mktemp("sound") / "sound.db"
    with Workbench(db, "alice") as wb:
        first = wb.import_file(SEED).article.id
        wb.import_file(SAMPLES / "river_flood_report.html")
        wb.import_file(SAMPLES / "council_budget_lists.md")
        for number in range(1, 8):
            wb.set_tag(first, number, "claim")
        source = NewSource(url="https://example.org/a", snapshot="Drones struck on Monday. " * 40)
        wb.link(first, 2, new_source=source, stance="supports", excerpt="Drones struck")
        wb.set_verdict(first, 2, "Mostly true")
        wb.undo()
    assert not Path(f"{db}-wal").exists()
    return db


def _copy(sound: Path, tmp_path: Path, damage: Callable[[bytearray], None]) -> Path:
    data = bytearray(sound.read_bytes())
    damage(data)
    copy = tmp_path / "damaged.db"
    copy.write_bytes(bytes(data))
    return copy


def _root_page(sound: Path, table: str) -> int:
    return int(
        rows(sound, "SELECT rootpage FROM sqlite_master WHERE name = ?", (table,))[0]["rootpage"]
    )


def _garbage_pages(*pages: int) -> Callable[[bytearray], None]:
    def damage(data: bytearray) -> None:
        for page in pages:
            start = (page - 1) * PAGE
            data[start : start + PAGE] = random.Random(page).randbytes(PAGE)

    return damage


def _sentence_pages(sound: Path) -> tuple[int, int]:
    """The root pages of the sentences table and of its index by position (which listings
    read), in the middle of the file."""
    pages = (_root_page(sound, "sentences"), _root_page(sound, "sentences_position"))
    assert all(1 < page < sound.stat().st_size // PAGE for page in pages)
    return pages


def _replace_all(old: bytes, new: bytes) -> Callable[[bytearray], None]:
    assert len(old) == len(new)

    def damage(data: bytearray) -> None:
        at = data.find(old)
        assert at >= 0, f"{old!r} is not in the file"
        while at >= 0:
            data[at : at + len(old)] = new
            at = data.find(old, at + 1)

    return damage


def _reads(wb: Workbench) -> Iterator[tuple[str, Callable[[], object]]]:
    yield "articles", wb.articles
    for article in (1, 2, 3):
        yield f"sentences {article}", lambda a=article: wb.sentences(a)
        yield f"sentence {article} 2", lambda a=article: wb.sentence(a, 2)
        yield f"review {article}", lambda a=article: wb.review(a)
        yield f"history {article}", lambda a=article: wb.history(a)
    yield "history", wb.history
    yield "sources", wb.sources
    yield "scales", wb.scales
    yield "find evidence", lambda: wb.find_evidence(1, 2)
    yield "checked before", lambda: wb.checked_before(2, 1)
    yield "tag", lambda: wb.set_tag(1, 9, "quote")
    yield "undo", wb.undo
    yield "redo", wb.redo


def _attempt(db: Path) -> dict[str, str]:
    """What each read and action gave: "ok", or the error's class and message. Anything but
    a WorkbenchError fails the test at once."""
    found = {}
    workbench = Workbench(db, "alice")
    try:
        workbench.store.open()
    except WorkbenchError as error:
        return {"open": f"{type(error).__name__}: {error}"}
    with workbench:
        for name, call in _reads(workbench):
            try:
                call()
                found[name] = "ok"
            except WorkbenchError as error:
                found[name] = f"{type(error).__name__}: {error}"
    return found


def _damaged(message: str) -> bool:
    return message.startswith("StoreError: ") and "damaged" in message and "\n" not in message


def test_a_garbage_page_in_the_middle_is_one_line_saying_damaged(
    sound: Path, tmp_path: Path
) -> None:
    found = _attempt(_copy(sound, tmp_path, _garbage_pages(*_sentence_pages(sound))))
    for name in ("articles", "sentences 1", "review 1", "tag"):
        assert _damaged(found[name]), (name, found[name])
    assert "malformed" in found["articles"]


def test_text_that_is_not_utf8_is_damage_not_a_decoding_error(sound: Path, tmp_path: Path) -> None:
    # One byte of a sentence (in the article, its sentence row and the indexes) made invalid.
    copy = _copy(sound, tmp_path, _replace_all(b"umbrella group", b"\xffmbrella group"))
    found = _attempt(copy)
    for name in ("sentences 1", "review 1"):
        assert _damaged(found[name]), (name, found[name])
        assert "mbrella" not in found[name]  # the damaged text is not echoed
    assert found["articles"] == "ok"  # what does not read the damaged text still works


def test_a_damaged_log_entry_or_scale_is_one_line(sound: Path, tmp_path: Path) -> None:
    # Still valid UTF-8, no longer JSON: the log's row changes and a scale's labels.
    damage_log = _replace_all(b'"before": null', b'"before": nul!')
    found = _attempt(_copy(sound, tmp_path, damage_log))
    assert _damaged(found["history"]), found["history"]
    assert "action" in found["history"]
    damage_scale = _replace_all(b'[{"name": "True", "value": 5}', b'!{"name": "True", "value": 5}')
    found = _attempt(_copy(sound, tmp_path, damage_scale))
    assert _damaged(found["scales"]), found["scales"]


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (b"CREATE TABLE tags", b"CREATE TABL\xff tags"),
        (b"CREATE TABLE tags", b"CREATE TABLX tags"),
        # Still a valid schema, but not the one the program reads: rows would not fit the
        # models (it was a TypeError from Source(**row)).
        (b"published TEXT", b"lublished TEXT"),
    ],
    ids=["not-utf8", "not-sql", "renamed-column"],
)
def test_a_damaged_schema_refuses_to_open_in_one_line(
    sound: Path, tmp_path: Path, old: bytes, new: bytes
) -> None:
    found = _attempt(_copy(sound, tmp_path, _replace_all(old, new)))
    assert list(found) == ["open"]
    assert _damaged(found["open"]), found


def test_random_damage_never_escapes_as_a_raw_error(sound: Path, tmp_path: Path) -> None:
    """Bytes overwritten at seeded random places: every read and action either works or is
    one line (a raw exception would fail the test inside _attempt)."""
    rng = random.Random(5)
    pages = sound.stat().st_size // PAGE
    damaged = 0
    for _ in range(TRIALS):
        page = rng.randrange(2, pages + 1)
        start = (page - 1) * PAGE + rng.randrange(0, PAGE - 16)
        noise = rng.randbytes(rng.choice([1, 4, 16]))

        def damage(data: bytearray, start: int = start, noise: bytes = noise) -> None:
            data[start : start + len(noise)] = noise

        for message in _attempt(_copy(sound, tmp_path, damage)).values():
            assert "\n" not in message
            damaged += _damaged(message)
    assert damaged > 0


def _cli(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "WORKBENCH_DB": str(db), "WORKBENCH_REVIEWER": "alice"}
    return subprocess.run(
        [sys.executable, "-m", "workbench", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )


def test_the_cli_on_a_damaged_file_prints_one_error_line(sound: Path, tmp_path: Path) -> None:
    copy = _copy(sound, tmp_path, _garbage_pages(*_sentence_pages(sound)))
    for args in (("articles",), ("tag", "1", "2", "quote")):
        result = _cli(copy, *args)
        assert result.returncode != 0
        assert "Traceback" not in result.stderr
        lines = result.stderr.splitlines()
        assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
        assert "damaged" in lines[0]

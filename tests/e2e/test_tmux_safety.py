"""The real `workbench` in a real terminal (tmux) at 80×24 and 120×35: stored escape sequences
in a verdict's fields and in a source's snapshot never reach the terminal (its title and the
raw bytes the program writes stay clean), and keys typed in a burst after `v` and Tab are all
stored in their fields."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.conftest import SEED

pytestmark = [
    pytest.mark.tmux,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]

WORKBENCH = str(Path(sys.executable).parent / "workbench")
TITLE = "\x1b]0;PWNED\x07"  # OSC 0 sets the window title
CLIPBOARD = "\x1b]52;c;ZXZpbA==\x07"  # OSC 52 writes the clipboard
CLEAR = "\x1b[2J"  # clears the screen
# What must never be in the bytes the program writes (the literal `\x1b` text is fine).
RAW = (b"\x1b]0;", b"\x1b]2;", b"\x1b]52;", b"\x1b[2J", b"PWNED\x07")
SIZES = [(80, 24), (120, 35)]


class Terminal:
    def __init__(self, socket: Path, raw: Path) -> None:
        self.socket = socket
        self.raw = raw

    def tmux(self, *args: str) -> str:
        return subprocess.run(
            ["tmux", "-S", str(self.socket), *args], check=True, capture_output=True, text=True
        ).stdout

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", "t")

    def title(self) -> str:
        return self.tmux("display", "-p", "-t", "t", "#{pane_title}").strip()

    def keys(self, *keys: str) -> None:
        self.tmux("send-keys", "-t", "t", *keys)

    def burst(self, *parts: str) -> None:
        """Key names and text in one send-keys call: written to the program at once."""
        keys: list[str] = []
        for part in parts:
            if part in {"Tab", "C-s", "Escape"}:
                keys.append(part)
            else:
                keys.extend("Space" if c == " " else c for c in part)
        self.keys(*keys)

    def wait_for(self, text: str, timeout: float = 15.0) -> str:
        deadline = time.monotonic() + timeout
        while True:
            screen = self.screen()
            if text in screen:
                return screen
            if time.monotonic() > deadline:
                raise AssertionError(f"{text!r} did not appear; screen was:\n{screen}")
            time.sleep(0.03)

    def assert_clean(self, title: str) -> None:
        assert self.title() == title, f"the title changed to {self.title()!r}"
        written = self.raw.read_bytes()
        for raw in RAW:
            assert raw not in written, f"{raw!r} was written to the terminal"


@contextmanager
def terminal(tmp_path: Path, name: str, size: tuple[int, int], command: str) -> Iterator[Terminal]:
    """A private tmux server per launch, every byte the program writes kept in a file."""
    socket = tmp_path / f"{name}.sock"
    status = tmp_path / f"{name}.status"
    raw = tmp_path / f"{name}.raw"
    raw.write_bytes(b"")
    env = " ".join(
        f"{k}={v}"
        for k, v in {
            "LANG": "C.UTF-8",
            "TERM": "xterm-256color",
            "WORKBENCH_DB": os.environ["WORKBENCH_DB"],
            "WORKBENCH_CONFIG": os.environ["WORKBENCH_CONFIG"],
            "WORKBENCH_REVIEWER": "tmux-tester",
        }.items()
    )
    # The program waits for the pipe to be set up before it starts.
    ready = tmp_path / f"{name}.ready"
    wrapped = (
        f"while [ ! -e {ready} ]; do sleep 0.02; done; "
        f"env -u COLUMNS -u LINES {env} {command}; echo $? > {status}; sleep 30"
    )
    width, height = size
    subprocess.run(
        ["tmux", "-S", str(socket), "-f", "/dev/null", "new-session", "-d", "-s", "t"]
        + ["-x", str(width), "-y", str(height), wrapped],
        check=True,
    )
    term = Terminal(socket, raw)
    term.tmux("pipe-pane", "-o", "-t", "t", f"cat >> {raw}")
    ready.touch()
    try:
        yield term
    finally:
        subprocess.run(["tmux", "-S", str(socket), "kill-server"], capture_output=True)


def cli(*args: str) -> str:
    return subprocess.run(
        [WORKBENCH, *args],
        check=True,
        capture_output=True,
        text=True,
        env={**os.environ, "WORKBENCH_REVIEWER": "tmux-tester"},
    ).stdout


def wait_for_exit(tmp_path: Path, name: str, timeout: float = 15.0) -> int:
    status = tmp_path / f"{name}.status"
    deadline = time.monotonic() + timeout
    while not status.exists() or not status.read_text().strip():
        if time.monotonic() > deadline:
            raise AssertionError("the workbench did not exit")
        time.sleep(0.05)
    return int(status.read_text())


def verdict_of(number: int) -> dict[str, object]:
    return json.loads(cli("sentence", "1", str(number), "--json"))["verdicts"][-1]


@pytest.mark.parametrize("size", SIZES)
def test_stored_escapes_never_reach_the_terminal(tmp_path: Path, size: tuple[int, int]) -> None:
    cli("import", str(SEED))
    cli("tag", "1", "13", "claim")
    cli(
        "verdict", "1", "13", "Mostly true",
        "--rationale", f"Close.{CLEAR} Counted",
        "--claim", f"At least 43,600 {CLIPBOARD}killed",
        "--claimant", f"Al-Ahed {TITLE}News",
    )  # fmt: skip
    snapshot = tmp_path / "snapshot.txt"
    snapshot.write_text(
        f"Rain fell on Monday.{TITLE} The war has resulted in the deaths of 43,603 "
        "Palestinians, the ministry said.\n",
        encoding="utf-8",
    )
    cli("source", "add", "--url", "https://example.org/moh", "--title", "Ministry update",
        "--snapshot", str(snapshot))  # fmt: skip
    name = f"safe{size[0]}"
    with terminal(tmp_path, name, size, f"{WORKBENCH} open 1") as term:
        term.wait_for("13 sentences")
        title = term.title()
        term.keys("G")
        term.wait_for("Sentence 13")
        term.keys("v")
        term.wait_for("Verdict on sentence 13")
        term.keys("Tab", "Tab", "Tab")  # past the rationale and the claim to the claimant
        term.wait_for("Claimant: who made the claim")
        # The fields fill as the dialog mounts: wait for the claimant's text, shown escaped.
        screen = term.wait_for("Al-Ahed \\x1b]0;PWNED\\x07News")
        assert "\\x1b]52;c;ZXZpbA==\\x07" in screen
        term.assert_clean(title)
        term.keys("C-s")  # saved as it was: the stored text is kept
        term.wait_for("rated sentence 13 Mostly true")
        # A passage picked from the snapshot goes into the excerpt box shown safe.
        term.keys("e")
        term.wait_for("Evidence for sentence 13")
        term.wait_for("Ministry update")
        term.keys("Tab")
        term.wait_for("Stored sources:")
        term.keys("Enter")
        term.wait_for("Excerpt: the words of the source")
        term.wait_for("the ministry said.")  # the cursor at the end of the passage
        term.keys("Up", "Up", "Up")  # to its start
        term.wait_for("Monday.\\x1b]0;PWNED\\x07")
        term.assert_clean(title)
        term.keys("C-s")
        term.wait_for("linked source 1 to sentence 13")
        term.assert_clean(title)
        term.keys("C-q")
        assert wait_for_exit(tmp_path, name) == 0
    verdict = verdict_of(13)
    assert verdict["claimant"] == f"Al-Ahed {TITLE}News"
    assert verdict["claim"] == f"At least 43,600 {CLIPBOARD}killed"
    assert verdict["rationale"] == f"Close.{CLEAR} Counted"
    evidence = json.loads(cli("sentence", "1", "13", "--json"))["evidence"]
    assert [e["excerpt"] for e in evidence] == [snapshot.read_text(encoding="utf-8").strip()]


@pytest.mark.parametrize("size", SIZES)
def test_a_burst_after_v_and_tab_is_stored_in_its_fields(
    tmp_path: Path, size: tuple[int, int]
) -> None:
    cli("import", str(SEED))
    cli("tag", "1", "13", "claim")
    cli("verdict", "1", "13", "Mostly true", "--claimant", "Al-Ahed News")
    name = f"burst{size[0]}"
    with terminal(tmp_path, name, size, f"{WORKBENCH} open 1") as term:
        term.wait_for("13 sentences")
        term.keys("G")
        term.wait_for("Sentence 13")
        term.burst(
            "v", "4", "Ministry count differs", "Tab", "43,600 killed", "Tab", " et al", "C-s"
        )
        term.wait_for("rated sentence 13 Mostly false")
        term.keys("C-q")
        assert wait_for_exit(tmp_path, name) == 0
    verdict = verdict_of(13)
    assert (verdict["label"], verdict["rationale"], verdict["claim"], verdict["claimant"]) == (
        "Mostly false",
        "Ministry count differs",
        "43,600 killed",
        "Al-Ahed News et al",
    )

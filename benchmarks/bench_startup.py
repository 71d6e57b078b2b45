"""How long the `workbench` command takes to start, against `python -c pass`.

Measures, each command in a fresh process, the commands interleaved run by run so a machine
that speeds up or slows down during the run moves them all alike:
  - `workbench --help`;
  - `workbench articles` on a database holding the sample articles;
  - `python -c pass`, the yardstick: what any Python command pays before it does anything.
Wall seconds are read around each child; CPU seconds (user + system) are the child's own.

Then time to first paint of `workbench open` on the seed article in a real terminal: a tmux
pane of 100x30 is started with the command, and the pane is read every ~10 ms until the
article's headline is on screen. The yardstick there is `python -c` printing the same line
in the same kind of pane, so tmux's own start and the polling are in both figures.

    python benchmarks/bench_startup.py [--runs 15] [--paints 7]
"""

from __future__ import annotations

import argparse
import os
import resource
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "sample_articles"
SEED = SAMPLES / "wire_drone_attacks_2024-11-11.txt"
HEADLINE = "Iraqi Resistance Launches New Drone Attacks"
POLL = 0.01  # seconds between two reads of the pane
PAINT_TIMEOUT = 30.0

T = TypeVar("T")


def workbench_command() -> list[str]:
    """The installed `workbench` script beside this interpreter, as a user runs it."""
    script = Path(sys.executable).parent / "workbench"
    return [str(script)] if script.exists() else [sys.executable, "-m", "workbench"]


def child_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def time_once(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU seconds of one run; the run must succeed."""
    cpu = child_cpu()
    started = time.perf_counter()
    done = subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    wall = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{shlex.join(argv)} failed: {done.stderr.decode()}")
    return wall, child_cpu() - cpu


def interleaved(commands: dict[str, Callable[[], T]], runs: int) -> dict[str, list[T]]:
    """Every command once per round, the order rotated each round; one warm-up round."""
    names = list(commands)
    for name in names:
        commands[name]()
    figures: dict[str, list[T]] = {name: [] for name in names}
    for round_number in range(runs):
        shift = round_number % len(names)
        for name in names[shift:] + names[:shift]:
            figures[name].append(commands[name]())
    return figures


# ------------------------------------------------------------------- tmux
class Pane:
    """A private tmux server; each measured command gets a fresh session of its own."""

    def __init__(self, directory: Path, env: dict[str, str]) -> None:
        self.socket = directory / "tmux.sock"
        self.env = env
        # An idle session keeps the server up, so each run pays for a session, not a server.
        self.tmux("new-session", "-d", "-s", "idle", "-x", "100", "-y", "30", "sleep 3600")
        self.sessions = 0

    def tmux(self, *args: str) -> str:
        return subprocess.run(
            ["tmux", "-S", str(self.socket), "-f", "/dev/null", *args],
            check=True,
            capture_output=True,
            text=True,
        ).stdout

    def first_paint(self, argv: list[str], text: str) -> float:
        """Seconds from asking tmux for a pane running argv until `text` is on screen."""
        self.sessions += 1
        name = f"run{self.sessions}"
        settings = " ".join(f"{key}={shlex.quote(value)}" for key, value in self.env.items())
        # The pane stays after the command ends, so a command that fails shows why.
        command = f"env -u COLUMNS -u LINES {settings} {shlex.join(argv)}; sleep 60"
        started = time.perf_counter()
        self.tmux("new-session", "-d", "-s", name, "-x", "100", "-y", "30", command)
        try:
            while True:
                screen = self.tmux("capture-pane", "-p", "-t", name)
                if text in screen:
                    return time.perf_counter() - started
                if time.perf_counter() - started > PAINT_TIMEOUT:
                    raise SystemExit(f"{text!r} did not appear; the pane showed:\n{screen}")
                time.sleep(POLL)
        finally:
            self.tmux("kill-session", "-t", name)

    def close(self) -> None:
        subprocess.run(
            ["tmux", "-S", str(self.socket), "kill-server"], capture_output=True, check=False
        )


# ---------------------------------------------------------------- reports
def median(values: list[float]) -> float:
    return statistics.median(values)


def report(figures: dict[str, list[tuple[float, float]]], yardstick: str) -> None:
    base_wall = median([wall for wall, _ in figures[yardstick]])
    base_cpu = median([cpu for _, cpu in figures[yardstick]])
    print(f"{'command':32} {'wall ms':>8} {'cpu ms':>8} {'wall ×':>7} {'cpu ×':>7}")
    for name, runs in figures.items():
        wall = median([w for w, _ in runs])
        cpu = median([c for _, c in runs])
        print(
            f"{name:32} {wall * 1000:8.1f} {cpu * 1000:8.1f} "
            f"{wall / base_wall:7.1f} {cpu / base_cpu if base_cpu else float('nan'):7.1f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="runs of each command")
    parser.add_argument("--paints", type=int, default=7, help="runs of each first paint")
    args = parser.parse_args()
    workbench = workbench_command()
    python = [sys.executable, "-c", "pass"]

    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp)
        env = {
            **os.environ,
            "WORKBENCH_DB": str(directory / "bench.db"),
            "WORKBENCH_CONFIG": str(directory / "config.toml"),
            "WORKBENCH_REVIEWER": "bench",
        }
        articles = sorted(p for p in SAMPLES.iterdir() if p.name != "README.md")
        subprocess.run(
            [*workbench, "import", *map(str, articles)],
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )

        print(f"{len(articles)} sample articles; {args.runs} runs each, interleaved; medians")
        figures = interleaved(
            {
                "workbench --help": lambda: time_once([*workbench, "--help"], env),
                "workbench articles": lambda: time_once([*workbench, "articles"], env),
                "python -c pass": lambda: time_once(python, env),
            },
            args.runs,
        )
        report(figures, "python -c pass")

        if shutil.which("tmux") is None:
            print("first paint: tmux is not installed; not measured")
            return
        pane_env = {
            "LANG": "C.UTF-8",
            "TERM": "xterm-256color",
            "WORKBENCH_DB": env["WORKBENCH_DB"],
            "WORKBENCH_CONFIG": env["WORKBENCH_CONFIG"],
            "WORKBENCH_REVIEWER": "bench",
        }
        pane = Pane(directory, pane_env)
        try:
            printer = [sys.executable, "-c", f"print({HEADLINE!r})"]
            paints = interleaved(
                {
                    "workbench open (first paint)": lambda: pane.first_paint(
                        [*workbench, "open", str(SEED)], HEADLINE
                    ),
                    "python -c print (same pane)": lambda: pane.first_paint(printer, HEADLINE),
                },
                args.paints,
            )
        finally:
            pane.close()
        print()
        print(f"first paint in a 100x30 tmux pane, polled every {POLL * 1000:.0f} ms; medians")
        base = median(paints["python -c print (same pane)"])
        for name, walls in paints.items():
            print(f"{name:32} {median(walls) * 1000:8.1f} ms {median(walls) / base:7.1f} ×")


if __name__ == "__main__":
    main()

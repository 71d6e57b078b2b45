"""A desk on one database: several reviewers tagging the same article at once, each in the
real review screen, against one reviewer alone.

Each session is its own process running the workbench's TUI headless (Textual's Pilot) on the
same database file, with its own reviewer name and its own run of sentences of one article.
It presses the tag keys (c, q, f) and j/k to move, and for every tag key times key -> screen:
from the press to the first frame painted with the sentence's row showing the tag set or
cleared. Frames are timed where Textual hands a finished frame to the terminal driver
(App._display), so the terminal emulator itself is left out.

Afterwards the database must hold exactly what was pressed: one action-log row per tag key
for each reviewer, and each sentence's tags as the parity of the presses on it. Any error
notice (a "database is locked", a refused write) or a change that never reached the screen is
counted and reported.

The baseline is one session alone on a copy of the same database, in the same run.

    python benchmarks/bench_desk.py [--sessions 10] [--edits 1000] [--pace 0.2]

--pace is the time from one tag key to the next per reviewer (a brisk reviewer presses a key
every few hundred milliseconds; 0 presses as fast as the session can go, which on a machine
with fewer cores than sessions measures CPU contention, not the workbench).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "sample_articles" / "wire_drone_attacks_2024-11-11.txt"
TAG_KEYS = (("c", "claim"), ("q", "quote"), ("f", "figure"))
SCREEN_TIMEOUT = 10.0  # seconds an edit may take to show before it counts as lost
MARKS = slice(6, 9)  # the tag marks' columns in a sentence row (after the number)


def plan(block: int, edits: int) -> list[tuple[int, str, str]]:
    """The edits of one session: (offset in its block, key, tag). The cursor walks down the
    block and back up, one step between edits (none at the ends), and the tag changes with
    each walk, so every sentence gets every tag set and cleared."""
    walk = list(range(block)) + list(range(block - 1, -1, -1))
    return [(walk[k % len(walk)], *TAG_KEYS[(k // block) % len(TAG_KEYS)]) for k in range(edits)]


def expected_tags(block: int, edits: int) -> dict[int, list[str]]:
    """Offset in the block -> the tags it ends with: those pressed an odd number of times."""
    presses: dict[tuple[int, str], int] = {}
    for offset, _, tag in plan(block, edits):
        presses[offset, tag] = presses.get((offset, tag), 0) + 1
    return {
        offset: sorted(t for _, t in TAG_KEYS if presses.get((offset, t), 0) % 2)
        for offset in range(block)
    }


def build_article(path: Path, sentences: int) -> None:
    """An article of at least `sentences` sentences from the seed's body, figures varied."""
    body = SEED.read_text(encoding="utf-8").split("\n\n", 2)[2].split("\n\n")
    parts = ["A desk's article for the benchmark", ""]
    n = 0
    while sum(p.count(". ") + 1 for p in parts if p) < sentences * 2:
        for paragraph in body:
            parts += [paragraph.replace("43,600", f"{43_600 + n:,}"), ""]
            n += 1
    path.write_text("\n".join(parts), encoding="utf-8")


# ------------------------------------------------------------------ one session (a child)
def session(
    db: str, article: int, reviewer: str, first: int, block: int, edits: int, pace: float, go: str
) -> dict[str, Any]:
    from textual import events

    from workbench.core.service import Workbench
    from workbench.tui.app import WorkbenchApp
    from workbench.tui.screens.review import ReviewScreen
    from workbench.tui.widgets.detail import DetailPane
    from workbench.tui.widgets.sentence_list import SentenceList

    errors: list[str] = []
    watch: dict[str, Any] = {}  # what the next frame must show, and when it first did

    def cursor_line(app: WorkbenchApp) -> tuple[int, tuple[bool, ...]] | None:
        """The cursor row as painted: its number, and which tag marks show as set."""
        screen = app.screen
        if not isinstance(screen, ReviewScreen):
            return None
        rows = screen.query_one(SentenceList)
        current = rows.current
        if current is None:
            return None
        line = rows.render_line(rows.cursor - int(rows.scroll_offset.y)).text
        return current.number, tuple(mark.isupper() for mark in line[MARKS])

    original_display = WorkbenchApp._display
    original_notify = WorkbenchApp.notify
    original_show = DetailPane.show

    def display(self, screen, renderable):  # type: ignore[no-untyped-def]
        result = original_display(self, screen, renderable)
        if renderable is None or "want" not in watch:
            return result
        if "shown" not in watch and cursor_line(self) == watch["want"]:
            watch["shown"] = time.perf_counter()
            watch["cpu"] = time.process_time()
        if "detail" in watch and "detail_shown" not in watch:
            watch["detail_shown"] = time.perf_counter()
        return result

    def show(self, detail, *args, **kwargs):  # type: ignore[no-untyped-def]
        """The detail pane given the sentence with the marks the key set: the next frame
        painted shows it (the whole screen has then caught up with the key)."""
        want = watch.get("want")
        if want is not None and detail.sentence.number == want[0]:
            tags = detail.sentence.tags
            if tuple(tag in tags for _, tag in TAG_KEYS) == want[1]:
                watch.setdefault("detail", True)
        return original_show(self, detail, *args, **kwargs)

    def notify(self, message, *, title="", severity="information", timeout=None, markup=False):  # type: ignore[no-untyped-def]
        if severity == "error":
            errors.append(f"{title}: {message}")
        return original_notify(
            self, message, title=title, severity=severity, timeout=timeout, markup=markup
        )

    WorkbenchApp._display = display  # type: ignore[method-assign]
    DetailPane.show = show  # type: ignore[method-assign]
    WorkbenchApp.notify = notify  # type: ignore[method-assign]

    async def run() -> dict[str, Any]:
        app = WorkbenchApp(Workbench(db, reviewer), article_id=article)

        def send(key: str) -> None:
            """A key as the terminal driver delivers it (Pilot.press would also wait for the
            app to go idle after it, which on a busy machine takes far longer than the key)."""
            event = events.Key(key, key)
            event.set_sender(app)
            assert app._driver is not None
            app._driver.send_message(event)

        latencies: list[float] = []
        details: list[float] = []  # key -> the frame with the detail pane caught up too
        cpu_ms: list[float] = []  # this session's own CPU time per edit, key to screen
        lost = 0
        async with app.run_test(size=(120, 40)) as pilot:
            while not (
                isinstance(app.screen, ReviewScreen)
                and app.screen.query_one(SentenceList).current is not None
            ):
                await asyncio.sleep(0.01)
            rows = app.screen.query_one(SentenceList)
            for _ in range(first - rows.current.number):  # type: ignore[union-attr]
                await pilot.press("j")
            assert rows.current is not None and rows.current.number == first
            print("ready", flush=True)
            while not os.path.exists(go):
                await asyncio.sleep(0.01)
            have: dict[tuple[int, str], bool] = {}
            offset = 0
            for target, key, tag in plan(block, edits):
                started = time.perf_counter()
                while offset != target:
                    step = 1 if target > offset else -1
                    send("j" if step > 0 else "k")
                    offset += step
                    while rows.current is None or rows.current.number != first + offset:
                        await asyncio.sleep(0.001)
                number = first + offset
                on = not have.get((number, tag), False)
                have[number, tag] = on
                current = rows.current
                if current is None or current.number != number:
                    raise SystemExit(
                        f"{reviewer}: the cursor is on {current and current.number}, "
                        f"not {number}, before edit {len(latencies) + lost + 1}"
                    )
                marks = tuple(have.get((number, t), False) for _, t in TAG_KEYS)
                watch.clear()
                watch["want"] = (number, marks)
                pressed = time.perf_counter()
                cpu = time.process_time()
                send(key)
                deadline = pressed + SCREEN_TIMEOUT
                while "detail_shown" not in watch and time.perf_counter() < deadline:
                    await asyncio.sleep(0.001)
                if "shown" in watch:
                    latencies.append((watch["shown"] - pressed) * 1000)
                    cpu_ms.append((watch["cpu"] - cpu) * 1000)
                else:
                    lost += 1
                if "detail_shown" in watch:
                    details.append((watch["detail_shown"] - pressed) * 1000)
                rest = pace - (time.perf_counter() - started)
                if rest > 0:
                    await asyncio.sleep(rest)
            app.workbench.close()
        return {
            "latencies": latencies,
            "details": details,
            "cpu": cpu_ms,
            "lost": lost,
            "errors": errors,
        }

    profile = os.environ.get("BENCH_DESK_PROFILE")
    if profile and reviewer == "reviewer-0":  # where the time goes, for one session
        import cProfile

        with cProfile.Profile() as profiler:
            result = asyncio.run(run())
        profiler.dump_stats(profile)
        return result
    return asyncio.run(run())


# ------------------------------------------------------------------ the desk (the parent)
def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))]


def run_desk(
    db: Path, article: int, sessions: int, block: int, edits: int, pace: float
) -> dict[str, Any]:
    go = db.with_suffix(".go")
    go.unlink(missing_ok=True)
    children = [
        subprocess.Popen(
            [
                sys.executable,
                __file__,
                "--child",
                json.dumps(
                    [str(db), article, f"reviewer-{i}", 2 + i * block, block, edits, pace, str(go)]
                ),
            ],
            stdout=subprocess.PIPE,
            text=True,
            cwd=ROOT,
        )
        for i in range(sessions)
    ]
    for child in children:
        assert child.stdout is not None
        line = child.stdout.readline().strip()
        if line != "ready":
            raise SystemExit(f"a session failed to start: {line!r}")
    started = time.perf_counter()
    go.touch()
    results = []
    for child in children:
        out, _ = child.communicate()
        if child.returncode:
            raise SystemExit(f"a session failed (status {child.returncode})")
        results.append(json.loads(out.strip().splitlines()[-1]))
    wall = time.perf_counter() - started
    return {
        "wall_s": wall,
        "latencies": [ms for r in results for ms in r["latencies"]],
        "cpu": [ms for r in results for ms in r["cpu"]],
        "details": [ms for r in results for ms in r["details"]],
        "lost": sum(r["lost"] for r in results),
        "errors": [e for r in results for e in r["errors"]],
        "stored": verify(db, article, sessions, block, edits),
    }


def verify(db: Path, article: int, sessions: int, block: int, edits: int) -> list[str]:
    """What the database holds against what was pressed: a list of differences."""
    from workbench.core.service import Workbench

    problems = []
    want = expected_tags(block, edits)
    with Workbench(db, "checker") as wb:
        rows = {s.number: s for s in wb.sentences(article)}
        log = wb.history(article, limit=sessions * edits * 2 + 100)
        for i in range(sessions):
            reviewer = f"reviewer-{i}"
            logged = [a for a in log if a.reviewer == reviewer and a.verb in ("tag", "untag")]
            if len(logged) != edits:
                problems.append(f"{reviewer}: {len(logged)} tag actions logged, {edits} pressed")
            first = 2 + i * block
            for offset, tags in want.items():
                have = sorted(rows[first + offset].tags)
                if have != tags:
                    problems.append(f"sentence {first + offset}: tags {have}, expected {tags}")
    return problems


def summary(name: str, result: dict[str, Any]) -> dict[str, float]:
    lat, cpu, detail = result["latencies"], result["cpu"], result["details"]
    nan = float("nan")
    figures = {
        "p50": statistics.median(lat) if lat else nan,
        "p95": percentile(lat, 95) if lat else nan,
        "p99": percentile(lat, 99) if lat else nan,
        "cpu50": statistics.median(cpu) if cpu else nan,
        "cpu95": percentile(cpu, 95) if cpu else nan,
        "detail95": percentile(detail, 95) if detail else nan,
    }
    print(
        f"{name:>22} {len(lat):>6} {figures['p50']:>7.1f} {figures['p95']:>7.1f} "
        f"{figures['p99']:>7.1f} {figures['cpu50']:>7.1f} {figures['cpu95']:>7.1f} "
        f"{figures['detail95']:>7.1f} {result['wall_s']:>7.1f} s {result['lost']:>5} "
        f"{len(result['errors']):>6} {len(result['stored']):>6}"
    )
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=10)
    parser.add_argument("--edits", type=int, default=1000, help="tag keys per session")
    parser.add_argument("--pace", type=float, default=0.2, help="seconds per edit, per session")
    parser.add_argument("--block", type=int, default=20, help="sentences per session")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(session(*json.loads(args.child))))
        return

    sys.path.insert(0, str(ROOT))
    from workbench.core.service import Workbench

    with tempfile.TemporaryDirectory() as tmp:
        shared = Path(tmp) / "desk.db"
        text = Path(tmp) / "article.txt"
        build_article(text, 2 + args.sessions * args.block)
        with Workbench(shared, "editor") as wb:
            imported = wb.import_file(text)
        article = imported.article.id
        if imported.sentences < 2 + args.sessions * args.block:
            raise SystemExit(f"the article has only {imported.sentences} sentences")
        solo = Path(tmp) / "solo.db"
        shutil.copy(shared, solo)
        print(
            f"{args.sessions} sessions x {args.edits} tag keys, one every {args.pace:.2f} s each, "
            f"on one article of {imported.sentences} sentences ({os.cpu_count()} CPUs)"
        )
        print(
            f"{'':>22} {'edits':>6} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'cpu p50':>7} "
            f"{'cpu p95':>7} {'pane 95':>7} {'wall':>9} {'lost':>5} {'errors':>6} {'wrong':>6}"
        )
        load = os.getloadavg()[0]
        alone = run_desk(solo, article, 1, args.block, args.edits, args.pace)
        base = summary("1 session (baseline)", alone)
        desk = run_desk(shared, article, args.sessions, args.block, args.edits, args.pace)
        many = summary(f"{args.sessions} sessions", desk)
    for problem in (alone["errors"] + desk["errors"] + alone["stored"] + desk["stored"])[:10]:
        print(f"  ! {problem}")
    print(
        f"ratio {args.sessions} sessions / 1: p50 {many['p50'] / base['p50']:.2f}x, "
        f"p95 {many['p95'] / base['p95']:.2f}x, p99 {many['p99'] / base['p99']:.2f}x"
    )
    print(
        f"load average {load:.1f} at the start, {os.getloadavg()[0]:.1f} at the end; "
        "cpu = the session's own CPU time from key to screen; pane 95 = p95 from the key to "
        "the frame where the detail pane shows the change too"
    )
    ok = not (desk["lost"] or desk["errors"] or desk["stored"]) and many["p95"] < 50
    print(f"target: nothing lost and p95 < 50 ms: {'met' if ok else 'MISSED'}")


if __name__ == "__main__":
    main()

"""`workbench serve`: the real command serves the TUI on 127.0.0.1; two reviewers sign in with
their tokens and drive their own sessions over textual-serve's websocket protocol (keys in,
the terminal's output read as a screen by pyte); each session writes as its reviewer and sees
the other's work. Sign-in is refused without a valid token, a header from the proxy is
believed only as asked, and no token reaches the log or a session's process."""

from __future__ import annotations

import asyncio
import base64
import json
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from unittest.mock import ANY

import pytest

from workbench.core.service import Workbench

from ..conftest import SEED

aiohttp = pytest.importorskip("aiohttp")
pyte = pytest.importorskip("pyte")
pytest.importorskip("textual_serve")

WIDTH, HEIGHT = 110, 32
TIMEOUT = 30.0  # seconds to wait for anything to appear (a loaded machine is slow)
READY = re.compile(r"Serving the desk at (http://[^/\s]+)/")


# ------------------------------------------------------------------ the desk
@pytest.fixture
def desk(tmp_path: Path) -> dict[str, str]:
    """The sample article, an editor (erin) and two reviewers with tokens."""
    with Workbench(tmp_path / "desk.db", "erin") as wb:
        wb.import_file(SEED)
        wb.add_reviewer("erin", "editor")
        wb.add_reviewer("alice")
        wb.add_reviewer("bob")
        return {name: wb.make_token(name)[1] for name in ("alice", "bob")}


class Served:
    """A running `workbench serve` and everything it printed."""

    def __init__(self, process: subprocess.Popen[str], url: str, output: list[str]) -> None:
        self.process = process
        self.url = url
        self.output = output

    @property
    def log(self) -> str:
        return "".join(self.output)

    def wait_for_log(self, text: str) -> None:
        deadline = time.monotonic() + TIMEOUT
        while text not in self.log:
            assert time.monotonic() < deadline, f"{text!r} never logged:\n{self.log}"
            time.sleep(0.05)


@contextmanager
def served(tmp_path: Path, *options: str) -> Iterator[Served]:
    env = {k: v for k, v in os.environ.items() if k != "WORKBENCH_REVIEWER"}
    process = subprocess.Popen(
        [sys.executable, "-m", "workbench", "--reviewer", "erin", "serve", "--port", "0"]
        + ["--db", str(tmp_path / "desk.db"), *options],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
    )
    output: list[str] = []
    assert process.stdout is not None
    reader = threading.Thread(target=lambda: output.extend(iter(process.stdout.readline, "")))
    reader.start()
    try:
        deadline = time.monotonic() + TIMEOUT
        while not (found := READY.search("".join(output))):
            assert process.poll() is None, "".join(output)
            assert time.monotonic() < deadline, "".join(output)
            time.sleep(0.05)
        yield Served(process, found.group(1), output)
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        reader.join(timeout=5)


# ------------------------------------------------------------------ sessions
class Session:
    """One browser tab: signed in, its websocket open and read all the time (as a browser
    does, answering the server's heartbeat), the terminal kept as a pyte screen."""

    def __init__(self, http, websocket) -> None:
        self.http = http
        self.websocket = websocket
        self.screen = pyte.Screen(WIDTH, HEIGHT)
        self.stream = pyte.ByteStream(self.screen)
        self.closed = asyncio.Event()
        self.reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        async for message in self.websocket:
            if message.type == aiohttp.WSMsgType.BINARY:
                self.stream.feed(message.data)
        self.closed.set()

    @property
    def text(self) -> str:
        return "\n".join(self.screen.display)

    async def wait_for(self, pattern: str) -> re.Match[str]:
        """Wait until `pattern` (a regex) is on screen."""
        deadline = time.monotonic() + TIMEOUT
        while not (found := re.search(pattern, self.text, re.MULTILINE)):
            ended = self.closed.is_set()
            assert time.monotonic() < deadline and not ended, (
                f"{pattern!r} never shown:\n{self.text}"
            )
            await asyncio.sleep(0.05)
        return found

    async def wait_closed(self) -> None:
        await asyncio.wait_for(self.closed.wait(), TIMEOUT)

    async def keys(self, *keys: str) -> None:
        for key in keys:
            await self.websocket.send_json(["stdin", key])


async def sign_in(url: str, token: str | None = None, headers=None):
    """A client session (cookie jar) signed in with `token`; returns it and the page status."""
    http = aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True), headers=headers or {})
    query = f"?token={token}" if token is not None else ""
    async with http.get(f"{url}/{query}") as response:
        status = response.status
        page = await response.text()
    return http, status, page


async def open_session(http, url: str) -> Session:
    websocket = await http.ws_connect(f"{url}/ws?width={WIDTH}&height={HEIGHT}")
    await websocket.send_json(["resize", {"width": WIDTH, "height": HEIGHT}])
    return Session(http, websocket)


async def close(session: Session) -> None:
    await session.websocket.close()
    await session.reader
    await session.http.close()


def tags(tmp_path: Path) -> list[tuple[int, str, str]]:
    with sqlite3.connect(tmp_path / "desk.db") as conn:
        return list(
            conn.execute(
                "SELECT s.id, t.tag, t.set_by FROM tags t JOIN sentences s ON s.id = t.sentence_id "
                "ORDER BY s.id, t.tag"
            )
        )


def row(number: int, badges: str) -> str:
    """A sentence's row in the review list with its tag badges, claim, quote and figure
    (upper case: tagged; a dot stands for any badge)."""
    return rf"^\s*{number} {badges} "


# --------------------------------------------------------------------- tests
async def test_two_reviewers_write_at_once_and_see_each_other(
    tmp_path: Path, desk: dict[str, str]
) -> None:
    with served(tmp_path) as server:
        alice_http, status, page = await sign_in(server.url, desk["alice"])
        assert status == 200  # after the redirect that takes the token out of the address
        assert "<title>Fact-check workbench: alice</title>" in page
        assert desk["alice"] not in page and "googleapis" not in page
        bob_http, status, _ = await sign_in(server.url, desk["bob"])
        assert status == 200
        started = time.monotonic()
        alice = await open_session(alice_http, server.url)
        bob = await open_session(bob_http, server.url)
        try:
            await alice.wait_for("Article library")
            await bob.wait_for("Article library")
            startup = time.monotonic() - started
            await alice.keys("\r")
            await bob.keys("\r")
            await alice.wait_for("13 sentences · 0 tagged")
            await bob.wait_for("13 sentences · 0 tagged")

            await alice.keys("c")  # sentence 1 is a claim
            await alice.wait_for("1 tagged")
            await bob.wait_for(row(1, "C.."))  # bob's screen shows alice's tag
            await bob.wait_for("1 tagged")

            await bob.keys("j", "j", "q")  # sentence 3 carries a quote
            await bob.wait_for(row(3, ".Q."))
            await alice.wait_for(row(3, ".Q."))  # and alice's shows bob's
            await alice.wait_for("2 tagged")
        finally:
            await close(alice)
            await close(bob)
        server.wait_for_log("session for alice ended")
        server.wait_for_log("session for bob ended")
    assert tags(tmp_path) == [(1, "claim", "alice"), (3, "quote", "bob")]
    with sqlite3.connect(tmp_path / "desk.db") as conn:
        actions = list(conn.execute("SELECT reviewer, verb FROM actions WHERE verb = 'tag'"))
    assert sorted(actions) == [("alice", "tag"), ("bob", "tag")]
    assert "session for alice started" in server.log and "session for bob started" in server.log
    for token in desk.values():
        assert token not in server.log
    print(f"two sessions up in {startup:.2f} s")


async def test_sign_in_is_refused_without_a_live_token(
    tmp_path: Path, desk: dict[str, str]
) -> None:
    with served(tmp_path) as server:
        for token in (None, "wbt_wrong", desk["alice"][:-2]):
            http, status, page = await sign_in(server.url, token)
            assert status == 401 and "Not signed in" in page
            assert "textual" not in page.lower()
            with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                await http.ws_connect(f"{server.url}/ws")
            assert refused.value.status == 401
            await http.close()

        # Signed in, alice works; her token is revoked: her open session ends, and her
        # cookie opens no new one.
        http, status, _ = await sign_in(server.url, desk["alice"])
        assert status == 200
        alice = await open_session(http, server.url)
        await alice.wait_for("Article library")
        pids = children(server.process.pid)
        assert pids, "the session has a process of its own"
        for pid in pids:
            seen = (
                Path(f"/proc/{pid}/cmdline").read_bytes()
                + Path(f"/proc/{pid}/environ").read_bytes()
            )
            assert desk["alice"].encode() not in seen
            assert b"WORKBENCH_REVIEWER=alice\x00" in Path(f"/proc/{pid}/environ").read_bytes()
        with Workbench(tmp_path / "desk.db", "erin") as wb:
            wb.revoke_token("alice")
        await alice.wait_closed()
        server.wait_for_log("session for alice ended: signed out")
        with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
            await http.ws_connect(f"{server.url}/ws")
        assert refused.value.status == 401
        async with http.get(f"{server.url}/?token={desk['alice']}") as response:
            assert response.status == 401
        await http.close()

        # A websocket opened from another site's page is refused even with a good cookie.
        http, status, _ = await sign_in(server.url, desk["bob"])
        with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
            await http.ws_connect(f"{server.url}/ws", headers={"Origin": "http://evil.test"})
        assert refused.value.status == 403
        await http.close()
    for token in desk.values():
        assert token not in server.log


def children(pid: int) -> list[int]:
    """The processes `pid` started, and theirs."""
    found = subprocess.run(
        ["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True
    ).stdout
    direct = [int(p) for p in found.split()]
    return direct + [grandchild for child in direct for grandchild in children(child)]


def running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"


async def test_stopping_the_server_ends_every_session(tmp_path: Path, desk: dict[str, str]) -> None:
    with served(tmp_path) as server:
        http, _, _ = await sign_in(server.url, desk["bob"])
        bob = await open_session(http, server.url)
        await bob.wait_for("Article library")
        pids = children(server.process.pid)
        assert pids
        server.process.send_signal(signal.SIGINT)
        await bob.wait_closed()
        assert server.process.wait(timeout=TIMEOUT) == 0
        await http.close()
    deadline = time.monotonic() + TIMEOUT
    while left := [pid for pid in pids if running(pid)]:
        assert time.monotonic() < deadline, f"sessions outlived the server: {left}"
        time.sleep(0.05)


async def test_a_proxy_header_names_the_reviewer(tmp_path: Path, desk: dict[str, str]) -> None:
    with served(tmp_path, "--trust-header", "X-Remote-User") as server:
        for headers, status in (({}, 403), ({"X-Remote-User": "mallory"}, 403)):
            http, got, page = await sign_in(server.url, headers=headers)
            assert got == status and "Not signed in" in page
            with pytest.raises(aiohttp.WSServerHandshakeError):
                await http.ws_connect(f"{server.url}/ws")
            await http.close()
        # A token is no way in here: only the proxy signs reviewers in.
        http, got, _ = await sign_in(server.url, desk["alice"])
        assert got == 403
        await http.close()

        http, got, _ = await sign_in(server.url, headers={"X-Remote-User": "bob"})
        assert got == 200
        bob = await open_session(http, server.url)
        try:
            await bob.wait_for("Article library")
            await bob.keys("\r")
            await bob.wait_for("13 sentences · 0 tagged")
            await bob.keys("f")
            await bob.wait_for(row(1, "..F"))
        finally:
            await close(bob)
    assert tags(tmp_path) == [(1, "figure", "bob")]


async def test_without_sign_in_only_loopback_names_are_answered(
    tmp_path: Path, desk: dict[str, str]
) -> None:
    with Workbench(tmp_path / "desk.db", "erin") as wb:
        assert wb.is_listed("erin")
    with served(tmp_path, "--no-auth") as server:
        http, status, _ = await sign_in(server.url)
        assert status == 200
        await http.close()
        # A page of another site whose name resolves to 127.0.0.1 sends its own Host.
        http, status, _ = await sign_in(server.url, headers={"Host": "evil.test"})
        assert status == 403
        await http.close()


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (("--host", "0.0.0.0", "--no-auth"), "refusing to serve 0.0.0.0 without sign-in"),
        (("--host", "0.0.0.0", "--trust-header", "X-Remote-User"), "refusing to trust"),
        (("--no-auth", "--trust-header", "X-Remote-User"), "exclude each other"),
        (("--trusted-proxy", "10.0.0.1"), "--trusted-proxy goes with --trust-header"),
        (("--trust-header", "X", "--trusted-proxy", "proxy.lan"), "not an IP address"),
        (("--public-url", "desk.example.org"), "must start with http"),
    ],
)
def test_unsafe_serving_is_refused(run, tmp_path: Path, desk, options, message: str) -> None:
    db = str(tmp_path / "desk.db")
    result = run("--reviewer", "erin", "serve", "--port", "0", "--db", db, *options, code=ANY)
    assert result.exit_code != 0
    assert message in result.stderr
    assert "Serving the desk" not in result.stdout


def test_without_textual_serve_the_command_says_what_to_install(
    run, tmp_path: Path, desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("textual_serve", "textual_serve.server", "textual_serve.app_service"):
        monkeypatch.setitem(sys.modules, name, None)  # importing it fails
    monkeypatch.delitem(sys.modules, "workbench.serve.server", raising=False)
    result = run("serve", "--port", "0", "--db", str(tmp_path / "desk.db"), code=1)
    assert result.stderr == (
        "error: textual-serve is not installed: pip install 'factcheck-workbench[serve]'\n"
    )


def test_serving_needs_a_database_and_a_listed_reviewer(run, tmp_path: Path, desk) -> None:
    missing = run("serve", "--port", "0", "--db", str(tmp_path / "none.db"), code=1)
    assert "no database at" in missing.stderr
    assert not (tmp_path / "none.db").exists()
    db = str(tmp_path / "desk.db")
    unlisted = run("--reviewer", "mallory", "serve", "--port", "0", "--db", db, "--no-auth", code=1)
    assert "mallory is not a listed reviewer" in unlisted.stderr


CHROMIUM = shutil.which("chromium")
DEVTOOLS = re.compile(r"DevTools listening on ws://127\.0\.0\.1:(\d+)/")


class Browser:
    """Headless Chromium driven over the DevTools protocol: the page is signed in with a
    token, keys are typed into its terminal, and the websocket frames the page receives are
    fed to a pyte screen, so the test reads what the browser's terminal shows."""

    def __init__(self, http, devtools) -> None:
        self.http = http
        self.devtools = devtools
        self.screen = pyte.Screen(WIDTH, HEIGHT)
        self.stream = pyte.ByteStream(self.screen)
        self.pending: dict[int, asyncio.Future] = {}
        self.next_id = 0
        self.reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        async for message in self.devtools:
            data = message.json()
            if "id" in data and data["id"] in self.pending:
                self.pending.pop(data["id"]).set_result(data.get("result", data))
            elif data.get("method") == "Network.webSocketCreated":
                # The page asks for a terminal the size of its window: read it the same size.
                size = dict(re.findall(r"(width|height)=(\d+)", data["params"]["url"]))
                self.screen.resize(int(size["height"]), int(size["width"]))
            elif data.get("method") == "Network.webSocketFrameSent":
                sent = json.loads(data["params"]["response"]["payloadData"])
                if sent[0] == "resize":
                    self.screen.resize(sent[1]["height"], sent[1]["width"])
            elif data.get("method") == "Network.webSocketFrameReceived":
                frame = data["params"]["response"]
                if frame["opcode"] == 2:  # binary: the terminal's output
                    self.stream.feed(base64.b64decode(frame["payloadData"]))

    async def call(self, method: str, **params):
        self.next_id += 1
        answer = self.pending[self.next_id] = asyncio.get_running_loop().create_future()
        await self.devtools.send_json({"id": self.next_id, "method": method, "params": params})
        return await asyncio.wait_for(answer, TIMEOUT)

    async def evaluate(self, expression: str):
        found = await self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        return found["result"].get("value")

    async def wait_for(self, pattern: str) -> None:
        deadline = time.monotonic() + TIMEOUT
        while not re.search(pattern, "\n".join(self.screen.display), re.MULTILINE):
            shown = "\n".join(self.screen.display)
            assert time.monotonic() < deadline, f"{pattern!r} never shown:\n{shown}"
            await asyncio.sleep(0.05)

    async def key(self, key: str, code: str, keycode: int, text: str) -> None:
        common = {"key": key, "code": code, "windowsVirtualKeyCode": keycode}
        await self.call("Input.dispatchKeyEvent", type="keyDown", text=text, **common)
        await self.call("Input.dispatchKeyEvent", type="keyUp", **common)


@contextmanager
def chromium(tmp_path: Path) -> Iterator[int]:
    """Headless Chromium on a blank page, reaching nothing but 127.0.0.1; its DevTools port."""
    assert CHROMIUM is not None
    process = subprocess.Popen(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
            f"--user-data-dir={tmp_path / 'profile'}",
            "--remote-debugging-address=127.0.0.1",
            "--remote-debugging-port=0",
            "--window-size=1200,800",
            "about:blank",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    lines: list[str] = []
    assert process.stderr is not None
    reader = threading.Thread(target=lambda: lines.extend(iter(process.stderr.readline, "")))
    reader.start()
    try:
        deadline = time.monotonic() + TIMEOUT
        while not (found := DEVTOOLS.search("".join(lines))):
            assert process.poll() is None and time.monotonic() < deadline, "".join(lines)
            time.sleep(0.05)
        yield int(found.group(1))
    finally:
        process.terminate()
        process.wait(timeout=15)
        reader.join(timeout=5)


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")
async def test_a_reviewer_works_in_chromium(tmp_path: Path, desk: dict[str, str]) -> None:
    with served(tmp_path) as server, chromium(tmp_path) as port:
        async with aiohttp.ClientSession() as http:
            async with http.get(f"http://127.0.0.1:{port}/json/list") as response:
                pages = [t for t in await response.json() if t["type"] == "page"]
            devtools = await http.ws_connect(pages[0]["webSocketDebuggerUrl"], max_msg_size=0)
            browser = Browser(http, devtools)
            await browser.call("Network.enable")
            await browser.call("Page.navigate", url=f"{server.url}/?token={desk['alice']}")
            await browser.wait_for("Article library")
            assert await browser.evaluate("location.href") == f"{server.url}/"
            assert await browser.evaluate("document.title") == "Fact-check workbench: alice"
            body = await browser.evaluate("document.body.className")
            assert "-first-byte" in body  # the page's own terminal got the TUI's output
            await browser.evaluate("document.querySelector('.xterm-helper-textarea').focus()")
            await browser.key("Enter", "Enter", 13, "\r")
            await browser.wait_for("13 sentences · 0 tagged")
            await browser.key("c", "KeyC", 67, "c")
            await browser.wait_for(row(1, "C.."))
            assert browser.screen.columns > 100  # the window's size, not a default
            shot = await browser.call("Page.captureScreenshot", format="png")
            (tmp_path / "served.png").write_bytes(base64.b64decode(shot["data"]))
            browser.reader.cancel()
            await devtools.close()
        server.wait_for_log("session for alice started")
    assert tags(tmp_path) == [(1, "claim", "alice")]
    assert (tmp_path / "served.png").stat().st_size > 20_000
    assert desk["alice"] not in server.log

"""textual-serve's server with sign-in in front of it.

textual-serve serves a page (xterm.js), and for each websocket the page opens it starts the
app as a process of its own and relays keys in and the terminal out. `DeskServer` keeps that
and changes three things: every page, websocket and download first asks the desk's `Auth`
who the request comes from; each session's process is `workbench` run as that reviewer (the
name goes in the process's environment as WORKBENCH_REVIEWER, so every action it takes is
theirs; no token ever reaches the process, its arguments or the log); and a session whose
token is revoked, or whose reviewer is taken off the list, is ended.
"""

from __future__ import annotations

import asyncio
import logging
import shlex
import socket
import sys
import weakref
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import aiohttp_jinja2
from aiohttp import web
from aiohttp.abc import AbstractAccessLogger
from textual_serve.app_service import AppService
from textual_serve.server import Server, to_int
from yarl import URL

from .auth import Auth, Identity, refused

log = logging.getLogger("workbench.serve")
# How often a running session's sign-in is checked again (a revoked token ends it).
RECHECK_SECONDS = 2.0
# Terminal sizes a browser may ask for; anything outside is clamped.
MAX_COLUMNS, MAX_ROWS = 500, 200


class ReviewerProcess(AppService):
    """One session's workbench process, started with the session's own environment on top
    of textual-serve's (which selects Textual's web driver and the terminal size)."""

    def __init__(self, command: str, *, environment: Mapping[str, str], **kwargs: Any) -> None:
        super().__init__(command, **kwargs)
        self.environment = dict(environment)

    def _build_environment(self, width: int = 80, height: int = 24) -> dict[str, str]:
        found = super()._build_environment(width=width, height=height)
        found.update(self.environment)
        return found

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None


class PathOnlyAccessLogger(AbstractAccessLogger):
    """One line per request without its query string: a sign-in link's token never reaches
    the log."""

    def log(self, request: web.BaseRequest, response: web.StreamResponse, time: float) -> None:
        self.logger.info(
            "%s %s %s %s",
            request.remote,
            request.method,
            request.raw_path.split("?", 1)[0],
            response.status,
        )


class DeskServer(Server):
    """The workbench TUI for browsers, one process per tab, each signed in."""

    def __init__(
        self,
        *,
        db: Path,
        auth: Auth,
        public_url: str | None = None,
        title: str = "Fact-check workbench",
        on_ready: Callable[[], None] = lambda: None,
    ) -> None:
        command = shlex.join([sys.executable, "-m", "workbench"])
        super().__init__(
            command,
            title=title,
            public_url=public_url or "",
            templates_path=Path(__file__).parent / "templates",
        )
        self.db = db
        self.auth = auth
        # None: each page names the server by the address the browser used (its Host).
        self.fixed_public_url = public_url.rstrip("/") if public_url else None
        self.on_ready = on_ready
        self._websockets: weakref.WeakSet[web.WebSocketResponse] = weakref.WeakSet()

    # ------------------------------------------------------------------ running
    def run(self, listener: socket.socket) -> None:
        """Serve on an already bound socket until Ctrl-C or SIGTERM."""
        web.run_app(
            self._make_app(),
            sock=listener,
            print=None,
            access_log_class=PathOnlyAccessLogger,
            access_log=logging.getLogger("workbench.serve.access"),
            shutdown_timeout=5,
        )

    async def on_startup(self, app: web.Application) -> None:
        self.on_ready()

    async def on_shutdown(self, app: web.Application) -> None:
        # Open sessions would hold the shutdown until their tabs close.
        for websocket in list(self._websockets):
            await websocket.close(message=b"the desk is shutting down")

    # -------------------------------------------------------------------- pages
    async def handle_index(self, request: web.Request) -> web.StreamResponse:  # type: ignore[override]
        found = self.auth.page(request)
        if not isinstance(found, Identity):
            return found
        base = self._public_url(request)
        websocket_url = URL(base).with_path("/ws")
        websocket_url = websocket_url.with_scheme("wss" if base.startswith("https") else "ws")
        context = {
            "font_size": to_int(request.query.get("fontsize", "16"), 16),
            "app_websocket_url": str(websocket_url),
            "config": {"static": {"url": f"{base}/static/"}},
            "application": {"name": f"{self.title}: {found.reviewer}"},
        }
        response = aiohttp_jinja2.render_template("desk.html", request, context)
        response.headers["Cache-Control"] = "no-store"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Frame-Options"] = "DENY"
        return response

    async def handle_download(self, request: web.Request) -> web.StreamResponse:
        self.auth.session(request)
        return await super().handle_download(request)

    def _public_url(self, request: web.Request) -> str:
        if self.fixed_public_url:
            return self.fixed_public_url
        return f"{request.scheme}://{request.host}"

    def _check_origin(self, request: web.Request) -> None:
        """A websocket opened by a page of another site is refused (browsers send its
        Origin; the session cookie alone would let any page drive a reviewer's session)."""
        origin = request.headers.get("Origin")
        if origin is None:
            return  # not a browser
        allowed = {request.host}
        if self.fixed_public_url:
            allowed.add(URL(self.fixed_public_url).authority)
        try:
            origin_authority = URL(origin).authority
        except ValueError:
            origin_authority = ""
        if origin_authority not in allowed:
            raise refused(403, "This desk's sessions open only from its own pages.")

    # --------------------------------------------------------------- websockets
    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        identity = self.auth.session(request)  # a 401/403 page before any upgrade
        self._check_origin(request)
        websocket = web.WebSocketResponse(heartbeat=15)
        width = min(max(to_int(request.query.get("width", "80"), 80), 20), MAX_COLUMNS)
        height = min(max(to_int(request.query.get("height", "24"), 24), 10), MAX_ROWS)
        await websocket.prepare(request)
        self._websockets.add(websocket)
        service = ReviewerProcess(
            self.command,
            environment={
                "WORKBENCH_REVIEWER": identity.reviewer,
                "WORKBENCH_DB": str(self.db),
            },
            write_bytes=websocket.send_bytes,
            write_str=websocket.send_str,
            close=websocket.close,
            download_manager=self.download_manager,
            debug=self.debug,
        )
        watcher: asyncio.Task[None] | None = None
        try:
            await service.start(width, height)
            log.info("session for %s started (process %s)", identity.reviewer, service.pid)
            watcher = asyncio.create_task(self._end_when_signed_out(identity, websocket))
            try:
                await self._process_messages(websocket, service)
            finally:
                await service.stop()
        except asyncio.CancelledError:
            await websocket.close()
        finally:
            if watcher is not None:
                watcher.cancel()
            log.info("session for %s ended", identity.reviewer)
        return websocket

    async def _end_when_signed_out(
        self, identity: Identity, websocket: web.WebSocketResponse
    ) -> None:
        while not websocket.closed:
            await asyncio.sleep(RECHECK_SECONDS)
            if not identity.still_valid():
                log.info("session for %s ended: signed out", identity.reviewer)
                await websocket.close(message=b"signed out")
                return

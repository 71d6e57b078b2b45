"""Who a request to the served desk comes from. Every page, websocket and download asks
the desk's `Auth`; a request it cannot put a listed reviewer's name to gets a 401 or 403
page and never a session.

Three ways to sign in:
- `TokenAuth` (the default): the reviewer opens `/?token=…` once; the token is checked
  against the database's hashes and exchanged for a session cookie (HttpOnly, SameSite=Lax),
  and the browser is sent on to `/` so the token leaves the address bar and the history.
- `HeaderAuth` (`--trust-header X-Remote-User`): an authenticating reverse proxy names the
  reviewer in a header. The header is believed only from the proxy's addresses.
- `LocalAuth` (`--no-auth`): every session is the person serving; loopback only, and only for
  requests that name a loopback host (a page on another site that resolves its own name to
  127.0.0.1 is refused).
"""

from __future__ import annotations

import html
import ipaddress
import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Protocol

from aiohttp import web
from yarl import URL

COOKIE = "workbench_session"
LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain"})


class Desk(Protocol):
    """What sign-in reads from the database (the `Workbench` facade provides it)."""

    def token_holder(self, token: str) -> str | None: ...
    def is_listed(self, name: str) -> bool: ...


@dataclass(frozen=True)
class Identity:
    """A signed-in reviewer; `still_valid` is asked again while the session runs, so a
    revoked token or a reviewer taken off the list ends it."""

    reviewer: str
    still_valid: Callable[[], bool]


class Auth(Protocol):
    description: str

    def page(self, request: web.Request) -> Identity | web.StreamResponse:
        """The identity for the page, or a response to send instead (a sign-in redirect)."""
        ...

    def session(self, request: web.Request) -> Identity:
        """The identity for a websocket or download; raises a 401/403 response."""
        ...


def refused(status: int, message: str) -> web.HTTPException:
    """A small page saying why, never echoing anything unescaped."""
    page = (
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>Not signed in</title></head>"
        f"<body><h1>Not signed in</h1><p>{html.escape(message)}</p></body></html>"
    )
    error_class = web.HTTPUnauthorized if status == 401 else web.HTTPForbidden
    return error_class(text=page, content_type="text/html", headers={"Cache-Control": "no-store"})


def is_loopback(address: str | None) -> bool:
    if not address:
        return False
    if address.lower() in LOOPBACK_NAMES:
        return True
    try:
        found = ipaddress.ip_address(address.strip("[]").split("%", 1)[0])
    except ValueError:
        return False
    mapped = getattr(found, "ipv4_mapped", None)
    return bool(found.is_loopback or (mapped is not None and mapped.is_loopback))


def _address(text: str | None) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address((text or "").split("%", 1)[0])
    except ValueError:
        return None


def host_name(host: str) -> str | None:
    """The name in a Host header ("localhost:8000" -> "localhost"), or None if unreadable."""
    try:
        return URL(f"http://{host}").host
    except ValueError:
        return None


class TokenAuth:
    description = "each reviewer signs in with their token: open /?token=…"

    def __init__(self, desk: Desk, *, secure_cookie: bool = False) -> None:
        self.desk = desk
        self.secure_cookie = secure_cookie
        # session cookie -> token; only in memory, so a restart asks everyone to sign in again
        self._sessions: dict[str, str] = {}

    def page(self, request: web.Request) -> Identity | web.StreamResponse:
        token = request.query.get("token")
        if token is None:
            return self.session(request)
        if self.desk.token_holder(token) is None:
            raise refused(
                401,
                "This sign-in link does not work: the token is wrong or has been revoked. "
                "Ask an editor for a new one (workbench reviewer token NAME).",
            )
        session_id = secrets.token_urlsafe(32)
        self._sessions[session_id] = token
        rest = [(key, value) for key, value in request.query.items() if key != "token"]
        # Sent on to the same page without the token, so it leaves the address bar.
        response = web.Response(
            status=303, headers={"Location": str(request.rel_url.with_query(rest))}
        )
        response.set_cookie(
            COOKIE,
            session_id,
            path="/",
            httponly=True,
            samesite="Lax",
            secure=self.secure_cookie or request.secure,
        )
        response.headers["Cache-Control"] = "no-store"
        response.headers["Referrer-Policy"] = "no-referrer"
        return response

    def session(self, request: web.Request) -> Identity:
        session_id = request.cookies.get(COOKIE, "")
        token = self._sessions.get(session_id)
        if token is None:
            raise refused(
                401,
                "Sign in with the link your editor gave you (the desk's address followed by "
                "/?token=…).",
            )
        name = self.desk.token_holder(token)
        if name is None:
            del self._sessions[session_id]
            raise refused(401, "Your token has been revoked: ask an editor for a new one.")
        return Identity(name, lambda: self.desk.token_holder(token) == name)


class HeaderAuth:
    def __init__(self, desk: Desk, header: str, trusted_proxies: Iterable[str] = ()) -> None:
        self.desk = desk
        self.header = header
        self.trusted = frozenset(ipaddress.ip_address(a) for a in trusted_proxies)
        self.description = f"the reverse proxy names the reviewer in the {header} header"

    def page(self, request: web.Request) -> Identity:
        return self.session(request)

    def session(self, request: web.Request) -> Identity:
        if not (is_loopback(request.remote) or _address(request.remote) in self.trusted):
            raise refused(403, "Reach the desk through its sign-in proxy.")
        name = request.headers.get(self.header, "").strip()
        if not name:
            raise refused(403, f"The proxy did not name a reviewer ({self.header} is missing).")
        if not self.desk.is_listed(name):
            raise refused(
                403,
                f"{name} is not a reviewer on this desk: an editor adds them with "
                f"workbench reviewer add.",
            )
        return Identity(name, lambda: self.desk.is_listed(name))


class LocalAuth:
    def __init__(self, desk: Desk, reviewer: str) -> None:
        self.desk = desk
        self.reviewer = reviewer
        self.description = f"no sign-in: every session is {reviewer}"

    def page(self, request: web.Request) -> Identity:
        return self.session(request)

    def session(self, request: web.Request) -> Identity:
        if not is_loopback(host_name(request.host)):
            raise refused(403, "Without sign-in the desk answers only at a loopback address.")
        name = self.reviewer
        return Identity(name, lambda: self.desk.is_listed(name))

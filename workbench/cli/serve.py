"""`workbench serve`: the review TUI in the browser for a desk of reviewers, each tab a
workbench process of its own signed in as one reviewer."""

from __future__ import annotations

import ipaddress
import logging
import socket
import sys
from typing import TYPE_CHECKING

import click

from ..core.errors import WorkbenchError
from .base import Context, pass_context, say
from .commands import main
from .desk import _listen

if TYPE_CHECKING:
    from ..core.service import Workbench
    from ..serve.auth import Auth

INSTALL_HINT = "pip install 'factcheck-workbench[serve]'"
DEFAULT_PORT = 8000


class ServeError(WorkbenchError):
    """The desk cannot be served as asked."""


@main.command("serve")
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on. Any other than a loopback address needs sign-in (tokens, "
    "the default, or --trust-header).",
)
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=DEFAULT_PORT,
    show_default=True,
    help="Port to listen on; 0 picks a free one.",
)
@click.option(
    "--db",
    type=click.Path(dir_okay=False),
    help="Database file to serve (default: as for every command).",
)
@click.option(
    "--trust-header",
    metavar="HEADER",
    help="Take each session's reviewer from this request header (e.g. X-Remote-User), set "
    "by an authenticating reverse proxy, instead of tokens.",
)
@click.option(
    "--trusted-proxy",
    "trusted_proxies",
    metavar="ADDRESS",
    multiple=True,
    help="With --trust-header on a non-loopback address: the proxy's address, the only one "
    "whose header is believed (repeatable).",
)
@click.option(
    "--no-auth",
    is_flag=True,
    help="No sign-in: every session acts as you. Only on a loopback address.",
)
@click.option(
    "--public-url",
    metavar="URL",
    help="The address browsers use, when behind a reverse proxy (e.g. https://desk.example.org).",
)
@pass_context
def serve_command(
    context: Context,
    host: str,
    port: int,
    db: str | None,
    trust_header: str | None,
    trusted_proxies: tuple[str, ...],
    no_auth: bool,
    public_url: str | None,
) -> None:
    """Serve the review TUI to browsers until Ctrl-C: one session per tab, each a workbench
    process on this database, signed in as one listed reviewer, who every action in it is
    attributed to.

    By default each reviewer signs in with a token from `workbench reviewer token NAME`, by
    opening http://HOST:PORT/?token=TOKEN once. Needs the `serve` extra.
    """
    if trust_header and no_auth:
        raise click.UsageError("--trust-header and --no-auth exclude each other")
    if trusted_proxies and not trust_header:
        raise click.UsageError("--trusted-proxy goes with --trust-header")
    if public_url is not None and not public_url.startswith(("http://", "https://")):
        raise click.UsageError("--public-url must start with http:// or https://")
    for address in trusted_proxies:
        _check_address(address)
    try:
        from ..serve.server import DeskServer
    except ImportError:
        raise ServeError(f"textual-serve is not installed: {INSTALL_HINT}") from None
    from ..paths import locate

    if db is not None:
        context.db = db
    path = locate(context.db).db.resolve()
    if not path.is_file():
        raise ServeError(f"no database at {path}: `workbench import FILE` makes one")
    desk = context.workbench()
    try:
        desk.store.open()  # a file that cannot be opened is one line here
        auth = _auth(desk, host, trust_header, trusted_proxies, no_auth, public_url)
        # Bound before the server starts: a port in use is one line, and port 0's choice
        # is known to print.
        listener = _listen(host, port)
        try:
            bound_host, bound_port = listener.getsockname()[:2]
            shown_host = f"[{bound_host}]" if ":" in bound_host else bound_host
            address = (public_url or f"http://{shown_host}:{bound_port}").rstrip("/")

            def ready() -> None:
                say(f"Serving the desk at {address}/ ({auth.description}; Ctrl-C stops it)")
                sys.stdout.flush()

            logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr)
            server = DeskServer(db=path, auth=auth, public_url=public_url, on_ready=ready)
            server.run(listener)
        finally:
            listener.close()
    finally:
        desk.close()


def _auth(
    desk: Workbench,
    host: str,
    trust_header: str | None,
    trusted_proxies: tuple[str, ...],
    no_auth: bool,
    public_url: str | None,
) -> Auth:
    """How sessions sign in; refused, before any port is opened, where it would let anyone
    who reaches the address act as a reviewer."""
    from ..serve.auth import HeaderAuth, LocalAuth, TokenAuth

    loopback = _loopback(host)
    if no_auth:
        if not loopback:
            raise ServeError(
                f"refusing to serve {host} without sign-in: anyone who reaches it would act "
                "as you. Leave out --no-auth (reviewers then sign in with tokens) or serve on "
                "127.0.0.1"
            )
        if not desk.is_listed(desk.reviewer):
            raise ServeError(
                f"{desk.reviewer} is not a listed reviewer: `workbench reviewer add "
                f"{desk.reviewer}` first"
            )
        return LocalAuth(desk, desk.reviewer)
    if trust_header:
        if not loopback and not trusted_proxies:
            raise ServeError(
                f"refusing to trust {trust_header} on {host}: anyone who reaches the port could "
                "name any reviewer. Serve on 127.0.0.1 behind the proxy, or name the proxy "
                "with --trusted-proxy ADDRESS"
            )
        return HeaderAuth(desk, trust_header, trusted_proxies)
    return TokenAuth(desk, secure_cookie=bool(public_url and public_url.startswith("https://")))


def _loopback(host: str) -> bool:
    """Whether every address `host` names is a loopback one."""
    try:
        found = socket.getaddrinfo(host, None, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as error:
        raise WorkbenchError(f"cannot listen on {host}: {error.strerror}") from None
    return all(ipaddress.ip_address(str(info[4][0]).split("%", 1)[0]).is_loopback for info in found)


def _check_address(address: str) -> None:
    try:
        ipaddress.ip_address(address)
    except ValueError:
        raise click.BadParameter(
            f"{address!r} is not an IP address", param_hint="--trusted-proxy"
        ) from None

"""The desk's view of the data: `workbench datasette` serves the database, read-only, in
Datasette, with tables labelled and the desk's canned queries."""

from __future__ import annotations

import socket
from typing import Any

import click

from ..core.errors import WorkbenchError
from .base import Context, emit_json, json_option, opened, pass_context, report, say
from .commands import main
from .workflow import reviewer_group, show_token

INSTALL_HINT = "pip install 'factcheck-workbench[desk]'"
DEFAULT_PORT = 8001  # Datasette's own default
# Article text and snapshots run to pages: a table cell shows this many characters (the row's
# own page shows all of it).
TRUNCATE_CELLS = 300


class DatasetteMissingError(WorkbenchError):
    """Datasette is an optional extra and is not installed."""


@main.command("datasette")
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on. Anything but 127.0.0.1 shows the whole record to your network.",
)
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=DEFAULT_PORT,
    show_default=True,
    help="Port to listen on; 0 picks a free one.",
)
@pass_context
def datasette_command(context: Context, host: str, port: int) -> None:
    """Browse the database in Datasette, read-only, until Ctrl-C.

    Tables show titles and sentence text in place of ids; the views sentence_numbers and
    current_verdicts number the sentences and give each its current verdict and stage; canned
    queries answer a desk's questions: rated sentences, work by status, verdicts by rating,
    claims checked before and unfinished work. Reviewers keep working while it runs: it reads
    the file as the workbench writes it and never locks it. Needs the `desk` extra.
    """
    try:
        import uvicorn
        from datasette.app import Datasette
    except ImportError:
        raise DatasetteMissingError(f"Datasette is not installed: {INSTALL_HINT}") from None
    from ..core.store.publish import datasette_metadata, published
    from ..paths import locate

    target = published(locate(context.db).db)
    path = str(target.path)
    immutable = target.mode == "immutable"
    datasette = Datasette(
        [] if immutable else [path],
        immutables=[path] if immutable else [],
        metadata=datasette_metadata(target.name),
        settings={"truncate_cells_html": TRUNCATE_CELLS},
    )
    listener = _listen(host, port)
    bound = listener.getsockname()[1]
    shown_host = f"[{host}]" if ":" in host else host
    say(f"Datasette: http://{shown_host}:{bound}/{target.name} ({target.mode}; Ctrl-C stops it)")
    server = uvicorn.Server(
        uvicorn.Config(datasette.app(), log_level="warning", lifespan="on", workers=1)
    )
    try:
        server.run(sockets=[listener])
    finally:
        listener.close()


def _listen(host: str, port: int) -> Any:
    """The listening socket, bound before the server starts, so that a port in use is one
    line, and port 0's choice is known to print."""
    try:
        family, kind, proto, _, address = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )[0]
    except socket.gaierror as error:
        raise WorkbenchError(f"cannot listen on {host}: {error.strerror}") from None
    listener = socket.socket(family, kind, proto)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        listener.bind(address)
        listener.listen(128)
    except OSError as error:
        listener.close()
        raise WorkbenchError(f"cannot listen on {host}:{port}: {error.strerror}") from None
    return listener


# ------------------------------------------------------- sign-in tokens (serve)
@reviewer_group.command("token")
@click.argument("name")
@click.option("--revoke", is_flag=True, help="Revoke the reviewer's token instead.")
@pass_context
def reviewer_token(context: Context, name: str, revoke: bool) -> None:
    """Make a sign-in token for `workbench serve` (or --revoke it).

    The token is printed once, alone on standard output, and only its hash is kept: a lost
    token is replaced by making a new one, which revokes the old. An editor makes tokens for
    anyone, a reviewer for themself.
    """
    with opened(context) as workbench:
        if revoke:
            report(workbench.revoke_token(name))
            return
        outcome, token = workbench.make_token(name)
    show_token(outcome.message, token)


@reviewer_group.command("tokens")
@json_option
@pass_context
def reviewer_tokens(context: Context, as_json: bool) -> None:
    """List the sign-in tokens made, newest first (never the tokens themselves)."""
    with opened(context) as workbench:
        records = workbench.token_records()
    if as_json:
        emit_json(records)
        return
    if not records:
        say("no tokens yet; `workbench reviewer token NAME` makes one")
    for r in records:
        state = f"revoked {r.revoked_at} by {r.revoked_by}" if r.revoked_at else "live"
        say(f"{r.reviewer}  {state}  (made {r.created_at} by {r.created_by})")

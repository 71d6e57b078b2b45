"""Fetching a web page or a PDF, within bounds, for the reviewer who asked for it.

Nothing fetches on its own: a fetch happens only when a command or a dialog is given a URL,
and never when network use is off (`--offline`, or `offline = true` in the config). Every
failure is one line that says what went wrong: a host that does not exist, a refused
connection, an error status, no answer in time, a body past the size limit (after
decompression, so a gzip bomb stops at the limit), a kind of content that is not a page, a
PDF or text, too many redirects.
"""

from __future__ import annotations

import hashlib
import socket
import ssl
import time
from dataclasses import dataclass, field
from email.message import Message
from typing import Any

from .errors import InputError

MAX_FETCH_BYTES = 32 * 1024 * 1024  # of body, after decompression
TIMEOUT = 20.0  # seconds for the whole fetch, and for each connect or read within it
MAX_REDIRECTS = 5
USER_AGENT = "factcheck-workbench/0.1 (a fact-checker's review tool; fetched on request)"
# Media types read as articles and sources, by the format the reader gives them.
MEDIA_TYPES = {
    "text/html": "html",
    "application/xhtml+xml": "html",
    "text/plain": "txt",
    "text/markdown": "md",
    "text/x-markdown": "md",
    "application/pdf": "pdf",
}
# The response headers kept in the archive: what says what the page was and when.
KEPT_HEADERS = (
    "content-type",
    "content-length",
    "content-encoding",
    "content-language",
    "last-modified",
    "etag",
    "date",
    "cache-control",
    "location",
    "link",
)


class NetworkDisabledError(InputError):
    """A URL given while network use is off."""


@dataclass(frozen=True)
class Fetched:
    """What a URL gave: the body as received (decompressed), and the facts of the fetch."""

    url: str
    final_url: str
    status: int
    media_type: str
    charset: str | None
    body: bytes
    fetched_at: str
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def format(self) -> str:
        return MEDIA_TYPES[self.media_type]

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.body).hexdigest()


@dataclass(frozen=True)
class ArchivedFetch:
    """A fetch as the archive keeps it (the body is read on its own)."""

    id: int
    url: str
    final_url: str
    status: int
    media_type: str
    headers: dict[str, str]
    fetched_at: str
    fetched_by: str
    sha256: str
    size: int
    article_id: int | None
    source_id: int | None


def archive_row(fetched: Fetched, reviewer: str, **made: int | None) -> dict[str, Any]:
    """The archive's row for a fetch; `made` names the article or source it became."""
    return {
        "url": fetched.url,
        "final_url": fetched.final_url,
        "status": fetched.status,
        "media_type": fetched.media_type,
        "headers": fetched.headers,
        "fetched_at": fetched.fetched_at,
        "fetched_by": reviewer,
        "sha256": fetched.sha256,
        **made,
    }


def is_url(text: str) -> bool:
    """Whether a command's argument names a web address rather than a file."""
    return text.strip().lower().startswith(("http://", "https://"))


@dataclass(frozen=True)
class Fetcher:
    """Fetches one URL at a time, within the limits it is given."""

    clock: Any  # () -> ISO time string
    offline: bool = False
    timeout: float = TIMEOUT
    max_bytes: int = MAX_FETCH_BYTES
    max_redirects: int = MAX_REDIRECTS

    def fetch(self, url: str) -> Fetched:
        from .validate import check_url

        url = check_url(url.strip())
        if self.offline:
            raise NetworkDisabledError(
                f"{url}: not fetched, network use is off (--offline or offline in the config)"
            )
        import httpx

        deadline = time.monotonic() + self.timeout
        try:
            with (
                httpx.Client(
                    follow_redirects=True,
                    max_redirects=self.max_redirects,
                    timeout=httpx.Timeout(self.timeout),
                    headers={"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, deflate"},
                    trust_env=False,
                ) as client,
                client.stream("GET", url) as response,
            ):
                return self._read(url, response, deadline)
        except httpx.TooManyRedirects:
            raise InputError(
                f"{url}: more than {self.max_redirects} redirects (a redirect loop?)"
            ) from None
        except httpx.TimeoutException:
            raise InputError(f"{url}: no answer within {self.timeout:g} s") from None
        except httpx.ConnectError as error:
            raise InputError(f"{url}: {_connect_failure(error)}") from None
        except httpx.DecodingError:
            raise InputError(
                f"{url}: the server's compressed body is broken (it cannot be decompressed)"
            ) from None
        except (httpx.RemoteProtocolError, httpx.ReadError) as error:
            raise InputError(f"{url}: the connection broke off ({_reason(error)})") from None
        except httpx.UnsupportedProtocol:
            raise InputError(f"{url}: only http and https addresses are fetched") from None
        except httpx.InvalidURL as error:
            raise InputError(f"{url}: not a valid address ({error})") from None
        except httpx.HTTPError as error:
            raise InputError(f"{url}: cannot fetch ({_reason(error)})") from None

    def _read(self, url: str, response: Any, deadline: float) -> Fetched:
        final = str(response.url)
        if response.status_code >= 400:
            phrase = response.reason_phrase or ""
            raise InputError(f"{url}: the server answered {response.status_code} {phrase}".strip())
        if response.status_code != 200:
            raise InputError(f"{url}: the server answered {response.status_code}, not a page")
        media_type, charset = _content_type(response.headers.get("content-type", ""))
        if media_type not in MEDIA_TYPES:
            shown = media_type or "no content type"
            raise InputError(f"{url}: {shown} is not a web page, a PDF or text; nothing was stored")
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_bytes:
            raise InputError(f"{url}: {int(declared):,} bytes is more than {_limit(self)}")
        chunks: list[bytes] = []
        total = 0
        for chunk in response.iter_bytes():
            total += len(chunk)
            if total > self.max_bytes:
                raise InputError(
                    f"{url}: the body is more than {_limit(self)}"
                    + (" once decompressed" if response.headers.get("content-encoding") else "")
                )
            if time.monotonic() > deadline:
                raise InputError(f"{url}: not all of it came within {self.timeout:g} s")
            chunks.append(chunk)
        headers = {
            name: response.headers[name] for name in KEPT_HEADERS if name in response.headers
        }
        return Fetched(
            url=url,
            final_url=final,
            status=response.status_code,
            media_type=media_type,
            charset=charset,
            body=b"".join(chunks),
            fetched_at=self.clock(),
            headers=headers,
        )


def _limit(fetcher: Fetcher) -> str:
    return f"the limit of {fetcher.max_bytes // (1024 * 1024)} MB"


def _content_type(value: str) -> tuple[str, str | None]:
    message = Message()
    message["content-type"] = value
    media_type = message.get_content_type() if value.strip() else ""
    charset = message.get_param("charset")
    return media_type.lower(), charset if isinstance(charset, str) and charset else None


def _causes(error: BaseException) -> list[BaseException]:
    found: list[BaseException] = []
    current: BaseException | None = error
    while current is not None and len(found) < 10:
        found.append(current)
        current = current.__cause__ or current.__context__
    return found


def _connect_failure(error: BaseException) -> str:
    causes = _causes(error)
    text = " ".join(str(cause) for cause in causes).lower()
    if any(isinstance(cause, socket.gaierror) for cause in causes) or (
        "name or service not known" in text
        or "nodename nor servname" in text
        or "temporary failure in name resolution" in text
        or "no address associated" in text
    ):
        return "no such host (the name does not resolve)"
    if any(isinstance(cause, ConnectionRefusedError) for cause in causes) or "refused" in text:
        return "the connection was refused"
    if any(isinstance(cause, ssl.SSLError) for cause in causes) or "certificate" in text:
        return f"the secure connection failed ({_reason(error)})"
    return f"cannot connect ({_reason(error)})"


def _reason(error: BaseException) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__

"""Checks on values a reviewer types: dates, URLs, choices, free text."""

from __future__ import annotations

import datetime as dt
import re

from .errors import ValidationError

_ISO_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
# RFC 3986 section 3.1: a scheme is a letter followed by letters, digits, "+", "-" or ".".
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
# Characters RFC 3986 allows nowhere in a URL (they must be %-escaped).
_NEVER_IN_URL = '<>"{}|\\^`'
_BAD_ESCAPE = re.compile(r"%(?![0-9A-Fa-f]{2})")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_PORT_LIMIT = 65535
# A command-line argument or environment value that was not UTF-8 arrives with its bytes as
# lone surrogates, which no text in the record may hold.
_SURROGATE = re.compile("[\ud800-\udfff]")


def check_text(value: str, what: str) -> str:
    """Refuse text that holds bytes which are not UTF-8 (as lone surrogates)."""
    if _SURROGATE.search(value):
        shown = value.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
        raise ValidationError(f"{what} “{shown}” holds bytes that are not UTF-8 text")
    return value


def check_choice(value: str, choices: tuple[str, ...], what: str) -> str:
    wanted = value.strip().lower()
    if wanted in choices:
        return wanted
    raise ValidationError(f"unknown {what} {value!r}; choose one of: {', '.join(choices)}")


def check_date(value: str, what: str) -> str:
    value = check_text(value.strip(), what)
    candidate = value[:10] if "T" in value else value
    if not _ISO_DATE.match(candidate):
        raise ValidationError(f"{what} {value!r} must be an ISO date such as 2024-11-11")
    try:
        if len(candidate) == 10:
            dt.date.fromisoformat(candidate)
        if "T" in value:
            dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise ValidationError(f"{what} {value!r} is not a real date") from None
    return value


def url_problem(value: str) -> str | None:
    """What keeps `value` from being an http(s) URL that RFC 3986 allows, in words, or None.
    Letters beyond ASCII are let through (an IRI, RFC 3987: browsers and publishers use them)."""
    if not value:
        return "is empty"
    space = next((i for i, ch in enumerate(value) if ch.isspace()), None)
    if space is not None:
        what = "a space" if value[space] == " " else "a tab or line break"
        return f"contains {what} at character {space + 1} (write %20, or remove it)"
    control = _CONTROL.search(value)
    if control:
        return f"contains the control character \\x{ord(control.group()):02x}"
    scheme = _SCHEME.match(value)
    if scheme is None or scheme.group(1).lower() not in {"http", "https"}:
        return "must start with http:// or https://"
    for ch in _NEVER_IN_URL:
        if ch in value:
            return f"contains “{ch}”, which a URL cannot hold unescaped (write %{ord(ch):02X})"
    escape = _BAD_ESCAPE.search(value)
    if escape:
        bad = value[escape.start() : escape.start() + 3]
        return f"has a bad %-escape “{bad}”: % must be followed by two hexadecimal digits"
    rest = value[scheme.end() :]
    if not rest.startswith("//"):
        return f"must have // after {scheme.group(1)}: (such as https://example.org)"
    authority = re.split(r"[/?#]", rest[2:], maxsplit=1)[0]
    after = value[scheme.end() + 2 + len(authority) :]
    if after.count("#") > 1 or ("#" in after and "#" in after.split("#", 1)[1]):
        return "has a second “#” (write %23)"
    if "[" in after or "]" in after:
        return "has “[” or “]” outside the host (write %5B and %5D)"
    host_port = authority.rpartition("@")[2]
    if host_port.startswith("["):  # an IPv6 address: [::1]:8080
        close = host_port.find("]")
        if close < 0:
            return "has an IPv6 host without its closing “]”"
        host, port = host_port[: close + 1], host_port[close + 1 :]
        if port and not port.startswith(":"):
            return "has text after the IPv6 host"
        port = port[1:]
    else:
        if "[" in host_port or "]" in host_port:
            return "has “[” or “]” in the host"
        host, _, port = host_port.partition(":")
        if ":" in port:
            return "has more than one “:” in the host"
    if not host:
        return "has no host name after //"
    if port:
        if not port.isascii() or not port.isdigit():
            return f"has the port “{port}”, which is not a number"
        if int(port) > _PORT_LIMIT:
            return f"has the port {int(port)}, over the highest port {_PORT_LIMIT}"
    return None


def check_url(value: str, what: str = "URL") -> str:
    """An http(s) URL as given (trimmed), or a ValidationError that says what is wrong."""
    value = check_text(value.strip(), what)
    problem = url_problem(value)
    if problem is not None:
        raise ValidationError(f"{what} {value!r} {problem}")
    return value


def clean(value: str | None, what: str = "text") -> str | None:
    """Free text as stored: stripped, None when empty, refused when it is not text."""
    if value is None:
        return None
    value = check_text(value.strip(), what)
    return value or None


def squash(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.casefold()).split())

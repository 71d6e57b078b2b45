"""Checks on values a reviewer types: dates, URLs, choices, free text."""

from __future__ import annotations

import datetime as dt
import re

from .errors import ValidationError

_ISO_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)
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


def check_url(value: str) -> str:
    value = check_text(value.strip(), "URL")
    if not _URL.match(value):
        raise ValidationError(f"URL {value!r} must start with http:// or https://")
    return value


def clean(value: str | None, what: str = "text") -> str | None:
    """Free text as stored: stripped, None when empty, refused when it is not text."""
    if value is None:
        return None
    value = check_text(value.strip(), what)
    return value or None


def squash(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.casefold()).split())

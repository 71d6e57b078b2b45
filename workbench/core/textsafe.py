"""Untrusted text made safe to print on a terminal or to embed in JSON."""

from __future__ import annotations

import json
import re
from typing import Any

# C0 controls except tab and newline, DEL, and C1 controls (U+0080-U+009F: 0x9B is a CSI on
# some terminals), plus bidi overrides that could reorder what a reviewer reads.
_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def terminal_safe(text: str, *, one_line: bool = False) -> str:
    """Show control characters and escape sequences as the characters they are made of."""
    if one_line:
        text = " ".join(text.split("\n"))
    return _UNSAFE.sub(_visible, text)


def dumps(data: Any, *, indent: int | None = 2) -> str:
    """JSON with non-ASCII kept readable but every control character escaped."""
    text = json.dumps(data, ensure_ascii=False, indent=indent)
    return re.sub(
        r"[\x7f-\x9f\u202a-\u202e\u2066-\u2069]", lambda m: f"\\u{ord(m.group()):04x}", text
    )

"""An article file's bytes: read within a size limit, binary files refused, decoded to text."""

from __future__ import annotations

import codecs
from pathlib import Path

from .errors import InputError

_MB = 1024 * 1024  # the README's "MB"
MAX_BYTES = 64 * _MB
_SNIFF = 64 * 1024  # bytes (and characters) looked at for binary content
_MAX_CONTROL_SHARE = 0.05  # more control characters than this in the sample: binary
# Not BMP's "BM": an article may start with those letters (BMW). A bitmap's header holds
# NUL bytes, which are refused anyway.
_MAGIC = (
    (b"%PDF", "PDF"),
    (b"PK\x03\x04", "ZIP or Office"),
    (b"\x89PNG", "PNG"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"GIF8", "GIF"),
    (b"\x1f\x8b", "gzip"),
    (b"\x7fELF", "ELF"),
    (b"SQLite format 3", "SQLite"),
    (b"\xd0\xcf\x11\xe0", "Office"),
    (b"Rar!", "RAR"),
    (b"7z\xbc\xaf", "7-Zip"),
    (b"OggS", "Ogg"),
    (b"ID3", "MP3"),
    (b"RIFF", "RIFF media"),
    (b"\x00\x00\x01\x00", "icon"),
)
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Bytes cp1252 leaves undefined; latin-1 maps them to C1 controls, so nothing is lost.
_CP1252_HOLES = frozenset(b"\x81\x8d\x8f\x90\x9d")


def read_bytes(path: Path, *, max_bytes: int = MAX_BYTES) -> bytes:
    """The file's bytes, or an InputError that names the file and what is wrong."""
    name = str(path)
    try:
        if path.is_dir():
            raise InputError(f"{name} is a directory, not an article file")
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(f"{name} is {size:,} bytes; the limit is {_size(max_bytes)}")
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{name}: no such file") from None
    except PermissionError:
        raise InputError(f"{name}: permission denied") from None
    except OSError as error:
        raise InputError(f"{name}: cannot read ({error.strerror or error})") from None
    if len(raw) > max_bytes:  # it grew after stat()
        raise InputError(f"{name} is {len(raw):,} bytes; the limit is {_size(max_bytes)}")
    return raw


def _size(count: int) -> str:
    """A byte count as the README states the limit: "64 MB" means 64 × 1024 × 1024 bytes."""
    if count >= _MB and count % _MB == 0:
        return f"{count // _MB} MB ({count:,} bytes)"
    return f"{count:,} bytes"


def decode(raw: bytes, *, name: str) -> tuple[str, str]:
    """Text and encoding: a BOM decides; else UTF-8 if valid; else cp1252 (latin-1 for the
    five bytes cp1252 leaves undefined). Binary data is refused."""
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            try:
                text = raw.decode(encoding)
            except UnicodeDecodeError:
                raise InputError(
                    f"{name} starts with a {encoding} byte-order mark but is not valid {encoding}"
                ) from None
            _refuse_binary_text(text, name)
            return text, encoding
    _refuse_binary_bytes(raw, name)
    try:
        text, encoding = raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        text = (
            "".join(chr(b) if b in _CP1252_HOLES else bytes([b]).decode("cp1252") for b in raw)
            if any(b in _CP1252_HOLES for b in raw)
            else raw.decode("cp1252")
        )
        encoding = "cp1252"
    _refuse_binary_text(text, name)
    return text, encoding


def _refuse_binary_bytes(raw: bytes, name: str) -> None:
    for magic, kind in _MAGIC:
        if raw.startswith(magic):
            raise InputError(f"{name} looks like a binary file ({kind}), not article text")
    if b"\x00" in raw[:_SNIFF]:
        raise InputError(f"{name} looks like a binary file (it contains NUL bytes)")


def _refuse_binary_text(text: str, name: str) -> None:
    sample = text[:_SNIFF]
    controls = sum(1 for c in sample if (ord(c) < 32 and c not in "\t\n\r\f\v\x1b") or c == "\x00")
    if sample and controls / len(sample) > _MAX_CONTROL_SHARE:
        raise InputError(
            f"{name} looks like a binary file ({controls} control characters "
            f"in the first {len(sample)})"
        )

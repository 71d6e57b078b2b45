"""Bytes in: read within a size limit from a regular file or a stream, binary data refused,
decoded to text with the encoding the bytes give evidence of, and a note saying which.

Files, standard input and fetched pages all go through `decode`, with one set of checks.
"""

from __future__ import annotations

import codecs
import errno
import os
import re
import stat
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from .errors import InputError

_MB = 1024 * 1024  # the README's "MB"
MAX_BYTES = 64 * _MB
_CHUNK = 1024 * 1024  # bytes read from a stream at a time
_SNIFF = 64 * 1024  # characters of each sample looked at for control characters
_MAX_CONTROL_SHARE = 0.05  # more control characters than this in a sample: binary
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
_CONTROL = re.compile("[\x00-\x08\x0e-\x1a\x1c-\x1f]")  # not \t \n \v \f \r or ESC
_KINDS = (
    (stat.S_ISFIFO, "a named pipe"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


@dataclass(frozen=True, slots=True)
class Decoded:
    """Text, the codec that made it, and a note for the reviewer when the choice was not
    plain UTF-8 (which decoding was used, and why)."""

    text: str
    encoding: str
    note: str | None = None


# ------------------------------------------------------------------ reading
def read_bytes(path: Path, *, max_bytes: int = MAX_BYTES) -> bytes:
    """A regular file's bytes, read no further than the limit, or an InputError that names
    the file and what is wrong. Pipes, devices and sockets are refused before they are
    read: a FIFO would wait for ever and /dev/zero never ends."""
    name = str(path)
    try:
        _check_kind(os.stat(path), name)
        # O_NONBLOCK: should the path become a FIFO after stat(), opening it does not wait.
        flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
        fd = os.open(path, flags)
        with os.fdopen(fd, "rb") as handle:
            info = os.fstat(handle.fileno())
            _check_kind(info, name)
            if info.st_size > max_bytes:
                raise InputError(
                    f"{name} is {info.st_size:,} bytes; the limit is {_size(max_bytes)}"
                )
            raw = handle.read(max_bytes + 1)
    except FileNotFoundError:
        raise InputError(f"{name}: no such file") from None
    except PermissionError:
        raise InputError(f"{name}: permission denied") from None
    except IsADirectoryError:
        raise InputError(f"{name} is a directory, not an article file") from None
    except OSError as error:
        if error.errno == errno.ENXIO:  # a socket, or a FIFO with no writer on some systems
            raise InputError(f"{name} is not a regular file; only files are read") from None
        raise InputError(f"{name}: cannot read ({error.strerror or error})") from None
    if len(raw) > max_bytes:  # it grew after fstat()
        raise InputError(f"{name} is larger than the limit of {_size(max_bytes)}")
    return raw


def _check_kind(info: os.stat_result, name: str) -> None:
    if stat.S_ISDIR(info.st_mode):
        raise InputError(f"{name} is a directory, not an article file")
    if stat.S_ISREG(info.st_mode):
        return
    kind = next((what for test, what in _KINDS if test(info.st_mode)), "not a regular file")
    raise InputError(f"{name} is {kind}, not a regular file; only files are read")


def read_stream(stream: BinaryIO, *, name: str, max_bytes: int = MAX_BYTES) -> bytes:
    """A stream's bytes (standard input), read a chunk at a time and no further than one
    byte past the limit, so an endless or huge stream is refused without filling memory."""
    chunks: list[bytes] = []
    total = 0
    while True:
        try:
            chunk = stream.read(min(_CHUNK, max_bytes + 1 - total))
        except OSError as error:
            raise InputError(f"{name}: cannot read ({error.strerror or error})") from None
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
        if total > max_bytes:
            raise InputError(f"{name} is larger than the limit of {_size(max_bytes)}")
    return b"".join(chunks)


def _size(count: int) -> str:
    """A byte count as the README states the limit: "64 MB" means 64 × 1024 × 1024 bytes."""
    if count >= _MB and count % _MB == 0:
        return f"{count // _MB} MB ({count:,} bytes)"
    return f"{count:,} bytes"


# ----------------------------------------------------------------- decoding
_replaced = threading.local()


def _cp1252(raw: bytes) -> str:
    if any(b in _CP1252_HOLES for b in raw):
        return "".join(chr(b) if b in _CP1252_HOLES else bytes([b]).decode("cp1252") for b in raw)
    return raw.decode("cp1252")


def _invalid_as_cp1252(error: UnicodeError) -> tuple[str, int]:
    """Codec error handler: bytes that are not UTF-8 read as cp1252 (a curly quote pasted
    from a Windows program), counted."""
    assert isinstance(error, UnicodeDecodeError)
    bad = error.object[error.start : error.end]
    _replaced.count = getattr(_replaced, "count", 0) + len(bad)
    return _cp1252(bad), error.end


codecs.register_error("workbench-cp1252", _invalid_as_cp1252)


def decode(raw: bytes, *, name: str, declared: str | None = None) -> Decoded:
    """Text from bytes. A BOM decides; else a charset the source declared (a web page's
    Content-Type), if Python knows it and the bytes fit it; else UTF-8 if valid; else the
    evidence decides: mostly valid UTF-8 with a few stray bytes stays UTF-8 (the stray bytes
    read as cp1252, and said so); otherwise cp1252 (latin-1 for the five bytes it leaves
    undefined). Binary data, NUL bytes and control-character noise are refused."""
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            try:
                text = raw.decode(encoding)
            except UnicodeDecodeError:
                raise InputError(
                    f"{name} starts with a {encoding} byte-order mark but is not valid {encoding}"
                ) from None
            return check_text(Decoded(text.lstrip("\ufeff"), encoding), name)
    _refuse_binary_bytes(raw, name)
    if declared:
        found = _declared(raw, declared, name)
        if found is not None:
            return check_text(found, name)
    try:
        return check_text(Decoded(raw.decode("utf-8").lstrip("\ufeff"), "utf-8"), name)
    except UnicodeDecodeError:
        pass
    _replaced.count = 0
    mixed = raw.decode("utf-8", "workbench-cp1252")
    invalid = _replaced.count
    non_ascii = len(mixed) - len(mixed.encode("ascii", "ignore"))
    valid = non_ascii - invalid  # characters that were well-formed multi-byte UTF-8
    if valid > invalid:
        note = (
            f"{name}: read as UTF-8; {invalid:,} byte{'s' if invalid != 1 else ''} that "
            f"{'are' if invalid != 1 else 'is'} not UTF-8 read as cp1252 "
            f"(against {valid:,} well-formed UTF-8 characters)"
        )
        return check_text(Decoded(mixed.lstrip("\ufeff"), "utf-8", note), name)
    note = f"{name}: not UTF-8, read as cp1252 (Windows Western European)"
    return check_text(Decoded(_cp1252(raw), "cp1252", note), name)


def _declared(raw: bytes, declared: str, name: str) -> Decoded | None:
    try:
        codec = codecs.lookup(declared).name
    except LookupError:
        return None
    if codec in ("utf-8", "ascii"):
        return None  # the default path handles it, with its evidence for stray bytes
    if codec in ("latin-1", "iso8859-1"):
        codec = "cp1252"  # what browsers do with a page labelled ISO-8859-1
    if not raw.isascii():
        # Well-formed multi-byte UTF-8 is no accident in a legacy charset: a page that says
        # otherwise was saved as UTF-8 under an old label.
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            pass
        else:
            note = f"{name}: declared {declared} but is UTF-8; read as UTF-8"
            return Decoded(text.lstrip("\ufeff"), "utf-8", note)
    try:
        return Decoded(raw.decode(codec), codec, f"{name}: read as {codec}, as it declares")
    except UnicodeDecodeError:
        return None


def check_text(decoded: Decoded, name: str) -> Decoded:
    """The decoded text, or an InputError if it holds NUL or control-character noise."""
    _refuse_binary_text(decoded.text, name)
    return decoded


def _refuse_binary_bytes(raw: bytes, name: str) -> None:
    for magic, kind in _MAGIC:
        if raw.startswith(magic):
            raise InputError(f"{name} looks like a binary file ({kind}), not article text")
    if b"\x00" in raw:
        raise InputError(f"{name} looks like a binary file (it contains NUL bytes)")


def _refuse_binary_text(text: str, name: str) -> None:
    if "\x00" in text:
        raise InputError(f"{name} looks like a binary file (it contains NUL characters)")
    # The start, middle and end: binary noise appended to a text is found too.
    middle = max(0, len(text) // 2 - _SNIFF // 2)
    starts = sorted({0, middle, max(0, len(text) - _SNIFF)})
    for start in starts:
        sample = text[start : start + _SNIFF]
        controls = len(_CONTROL.findall(sample))
        if sample and controls / len(sample) > _MAX_CONTROL_SHARE:
            raise InputError(
                f"{name} looks like a binary file ({controls} control characters "
                f"in {len(sample):,} characters)"
            )

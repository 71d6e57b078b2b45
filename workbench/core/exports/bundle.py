"""The review bundle: an article's whole review as one JSON file, for a desk that shares no
server. `workbench export --format bundle` writes it and `workbench import` merges it into
another database.

Format `factcheck-workbench-bundle`, version 1 (JSON Schema: `bundle.schema.json` beside this
module); the file may be gzip-compressed:

- `format`, `version`: what the file is; `format` comes first, so a reader knows a bundle
  from its first line.
- `digest`: `sha256:` and the SHA-256 of the document without `digest`, written as compact
  JSON with sorted keys (UTF-8, no ASCII escaping). A file changed after export is refused.
- `exported_by`: the reviewer who wrote it.
- `article`: the text and its `content_hash` (SHA-256 of the text), metadata, the desk's
  status; `sentences`: every sentence with its character offsets into the text, and its
  tags, "nothing to check" mark, evidence (naming a source by `ref`), verdicts oldest first
  (each with the editors' decisions on it, and the sentence's stage on the one it was set
  on) and comments, each with who made it and when.
- `sources`: the cited sources with their snapshots (`snapshot_hash` is the snapshot's
  SHA-256) and archived fetches; `fetches`: the article's own archived fetches. A fetch's
  `body` is the body as archived: zlib-compressed, then base64.
- `scales`: the rating scales the verdicts use; `history`: the article's action log as the
  sending database has it (who did what, when; row ids left out, as they mean nothing
  elsewhere).

A verdict's `status` is the sentence's stage (`stage`, `set_by`, `set_at`) when it was set on
that verdict, else null; at most one verdict of a sentence has one. It came after version 1
first went out, so a reader takes a verdict without it as null: older bundles still import.

A bundle is deterministic, like every export: the same database gives the same bytes.
"""

from __future__ import annotations

import base64
import binascii
import gzip
import hashlib
import json
import os
import re
import stat
import zlib
from typing import Any

from ..errors import InputError
from ..status import STAGES

FORMAT = "factcheck-workbench-bundle"
VERSION = 1
# A bundle is read whole; one larger than this (or a gzip one unpacking to more) is refused.
SIZE_LIMIT = 256 * 1024 * 1024
_SNIFF = 512

TAGS = ("claim", "quote", "figure")
STANCES = ("supports", "refutes", "context")
DECISIONS = ("approved", "returned")
KINDS = ("do", "undo", "redo")


def write(document: dict[str, Any]) -> str:
    """The bundle's text: `document` (without a digest) with its digest, `format` first."""
    body = {key: value for key, value in document.items() if key != "digest"}
    ordered = {
        "format": FORMAT,
        "version": VERSION,
        "digest": digest(body),
        **{key: value for key, value in body.items() if key not in ("format", "version")},
    }
    return json.dumps(ordered, ensure_ascii=False, indent=1) + "\n"


def digest(document: dict[str, Any]) -> str:
    body = {key: value for key, value in document.items() if key != "digest"}
    canonical = json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    # surrogatepass: a bundle holding half a UTF-16 pair is refused for that, not here.
    return "sha256:" + hashlib.sha256(canonical.encode("utf-8", "surrogatepass")).hexdigest()


def is_bundle(head: bytes) -> bool:
    """Whether a file that begins with `head` is a review bundle (gzip-packed or not)."""
    if head[:2] == b"\x1f\x8b":
        try:
            head = gzip.decompress(head)
        except (OSError, EOFError, zlib.error):
            # A piece of a gzip stream: read as far as it goes.
            head = zlib.decompressobj(31).decompress(head, _SNIFF)
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    return start[:1] == b"{" and f'"format": "{FORMAT}"'.encode() in start[:_SNIFF].replace(
        b'":"', b'": "'
    )


def read(raw: bytes, name: str) -> dict[str, Any]:
    """A bundle's document, checked whole: format, version, digest, every field's type, the
    article's hash and the sentences' places in its text. Anything else is refused with one
    line naming the file."""
    if raw[:2] == b"\x1f\x8b":
        raw = _gunzip(raw, name)
    if len(raw) > SIZE_LIMIT:
        raise InputError(f"{name} is larger than a bundle may be ({SIZE_LIMIT // 2**20} MiB)")
    try:
        document = json.loads(raw.decode("utf-8-sig"), parse_constant=_no_constant)
    except UnicodeDecodeError:
        raise InputError(f"{name} is not a review bundle: it is not UTF-8 text") from None
    except ValueError as error:
        raise InputError(
            f"{name} is not a complete review bundle (cut short or damaged: {error})"
        ) from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise InputError(f"{name} is not a review bundle (no format {FORMAT!r})")
    version = document.get("version")
    if version != VERSION:
        raise InputError(
            f"{name} is a version {version!r} bundle; this workbench reads version {VERSION}"
        )
    if document.get("digest") != digest(document):
        raise InputError(
            f"{name} was changed after it was exported (its digest does not match); "
            "ask its sender for it again"
        )
    try:
        _check_text(document)
        _check(document)
        _check_consistent(document)
    except _Bad as bad:
        raise InputError(f"{name} is not a valid review bundle: {bad}") from None
    return document


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number JSON allows")


_SURROGATE = re.compile("[\ud800-\udfff]")


def _check_text(value: Any) -> None:
    """Every string is Unicode text: JSON's escapes can spell half a UTF-16 pair, which no
    text in the record may hold."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if _SURROGATE.search(item):
                raise _Bad("it holds text that is not Unicode (half of a UTF-16 pair)")
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


def _gunzip(raw: bytes, name: str) -> bytes:
    unpack = zlib.decompressobj(31)
    try:
        out = unpack.decompress(raw, SIZE_LIMIT + 1)
    except zlib.error:
        raise InputError(f"{name} is not a complete review bundle (damaged gzip)") from None
    if len(out) > SIZE_LIMIT:
        raise InputError(f"{name} unpacks to more than a bundle may be ({SIZE_LIMIT // 2**20} MiB)")
    if not unpack.eof:
        raise InputError(f"{name} is not a complete review bundle (the gzip is cut short)")
    return out


def fetch_body(fetch: dict[str, Any]) -> tuple[bytes, bytes]:
    """A bundled fetch's body as archived (compressed) and as fetched; checked against its
    size and hash when the bundle is read."""
    packed = base64.b64decode(fetch["body"], validate=True)
    body = zlib.decompressobj().decompress(packed, SIZE_LIMIT + 1)
    return packed, body


# ------------------------------------------------------------------ checks
class _Bad(Exception):
    pass


_STR, _OPT, _INT, _NUM, _LIST, _OBJ, _OPTOBJ = "s", "s?", "i", "n", "l", "o", "o?"

_SHAPES: dict[str, dict[str, str]] = {
    "top": {
        "format": _STR,
        "version": _INT,
        "digest": _STR,
        "exported_by": _STR,
        "article": _OBJ,
        "sentences": _LIST,
        "sources": _LIST,
        "fetches": _LIST,
        "scales": _LIST,
        "history": _LIST,
    },
    "article": {
        "content_hash": _STR,
        "title": _OPT,
        "date": _OPT,
        "byline": _OPT,
        "url": _OPT,
        "format": _STR,
        "encoding": _STR,
        "filename": _OPT,
        "imported_at": _STR,
        "imported_by": _STR,
        "text": _STR,
        "status": _OPTOBJ,
    },
    "status": {"status": _STR, "assignee": _OPT, "set_by": _STR, "set_at": _STR},
    "sentence": {
        "number": _INT,
        "start": _INT,
        "end": _INT,
        "paragraph": _INT,
        "kind": _STR,
        "text": _STR,
        "tags": _LIST,
        "mark": _OPTOBJ,
        "evidence": _LIST,
        "verdicts": _LIST,
        "comments": _LIST,
    },
    "tag": {"tag": _STR, "set_by": _STR, "set_at": _STR},
    "mark": {"set_by": _STR, "set_at": _STR},
    "evidence": {
        "source": _INT,
        "excerpt": _OPT,
        "stance": _STR,
        "note": _OPT,
        "created_by": _STR,
        "created_at": _STR,
    },
    "verdict": {
        "scale": _STR,
        "label": _STR,
        "value": _NUM,
        "rationale": _OPT,
        "claim": _OPT,
        "claimant": _OPT,
        "reviewer": _STR,
        "created_at": _STR,
        "decisions": _LIST,
        "status": _OPTOBJ,
    },
    "stage": {"stage": _STR, "set_by": _STR, "set_at": _STR},
    "decision": {"decision": _STR, "comment": _OPT, "reviewer": _STR, "at": _STR},
    "comment": {"text": _STR, "reviewer": _STR, "at": _STR},
    "source": {
        "ref": _INT,
        "url": _OPT,
        "title": _OPT,
        "publisher": _OPT,
        "published": _OPT,
        "accessed_at": _OPT,
        "snapshot": _OPT,
        "snapshot_hash": _OPT,
        "created_by": _STR,
        "created_at": _STR,
        "fetches": _LIST,
    },
    "fetch": {
        "url": _STR,
        "final_url": _STR,
        "status": _INT,
        "media_type": _STR,
        "headers": _OBJ,
        "fetched_at": _STR,
        "fetched_by": _STR,
        "sha256": _STR,
        "size": _INT,
        "body": _STR,
    },
    "scale": {"name": _STR, "description": _STR, "labels": _LIST},
    "label": {"name": _STR, "value": _NUM},
    "history": {
        "at": _STR,
        "reviewer": _STR,
        "kind": _STR,
        "verb": _STR,
        "summary": _STR,
        "sentence": "i?",
    },
}
# Fields added to version 1 after it first went out: a bundle written before them lacks them
# and reads as if each were null.
_LATER: dict[str, frozenset[str]] = {"verdict": frozenset({"status"})}


def _shape(value: Any, shape: str, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _Bad(f"{where} is not an object")
    fields = _SHAPES[shape]
    later = _LATER.get(shape, frozenset())
    for key, kind in fields.items():
        if key not in value and key not in later:
            raise _Bad(f"{where} has no {key!r}")
        item = value.get(key)
        optional = kind.endswith("?")
        if item is None and optional:
            continue
        ok = {
            "s": isinstance(item, str),
            "i": isinstance(item, int) and not isinstance(item, bool),
            "n": isinstance(item, int | float) and not isinstance(item, bool),
            "l": isinstance(item, list),
            "o": isinstance(item, dict),
        }[kind.rstrip("?")]
        if not ok:
            raise _Bad(f"{where}.{key} has the wrong type")
    extra = set(value) - set(fields)
    if extra:
        raise _Bad(f"{where} has unknown fields: {', '.join(sorted(extra))}")
    return value


def _choice(value: str, choices: tuple[str, ...], where: str) -> None:
    if value not in choices:
        raise _Bad(f"{where} is {value!r}, not one of {', '.join(choices)}")


def _check(document: dict[str, Any]) -> None:
    _shape(document, "top", "the bundle")
    article = _shape(document["article"], "article", "article")
    if article["status"] is not None:
        _shape(article["status"], "status", "article.status")
    for i, sentence in enumerate(document["sentences"]):
        where = f"sentence {i + 1}"
        _shape(sentence, "sentence", where)
        for tag in sentence["tags"]:
            _choice(_shape(tag, "tag", f"{where} tag")["tag"], TAGS, f"{where} tag")
        if sentence["mark"] is not None:
            _shape(sentence["mark"], "mark", f"{where} mark")
        for item in sentence["evidence"]:
            _choice(_shape(item, "evidence", f"{where} evidence")["stance"], STANCES, where)
        for verdict in sentence["verdicts"]:
            _shape(verdict, "verdict", f"{where} verdict")
            for decision in verdict["decisions"]:
                _shape(decision, "decision", f"{where} decision")
                _choice(decision["decision"], DECISIONS, f"{where} decision")
            if verdict.get("status") is not None:
                stage = _shape(verdict["status"], "stage", f"{where} status")["stage"]
                _choice(stage, STAGES, f"{where} status")
        for comment in sentence["comments"]:
            _shape(comment, "comment", f"{where} comment")
    for i, source in enumerate(document["sources"]):
        _shape(source, "source", f"source {i + 1}")
        for fetch in source["fetches"]:
            _shape(fetch, "fetch", f"source {i + 1} fetch")
    for i, fetch in enumerate(document["fetches"]):
        _shape(fetch, "fetch", f"article fetch {i + 1}")
    for scale in document["scales"]:
        _shape(scale, "scale", "scale")
        for label in scale["labels"]:
            _shape(label, "label", f"scale {scale['name']!r} label")
    for entry in document["history"]:
        _choice(_shape(entry, "history", "history entry")["kind"], KINDS, "history entry")


def _check_consistent(document: dict[str, Any]) -> None:
    """What the types cannot say: the text is the one its hash names, every sentence is
    where the bundle says in it, every source named exists, snapshots and fetches are
    what their hashes say."""
    article = document["article"]
    text = article["text"]
    if hashlib.sha256(text.encode("utf-8")).hexdigest() != article["content_hash"]:
        raise _Bad("the article's text does not match its content hash")
    end = 0
    for number, sentence in enumerate(document["sentences"], 1):
        if sentence["number"] != number:
            raise _Bad(f"sentence {number} is numbered {sentence['number']}")
        if not 0 <= sentence["paragraph"] <= len(text):
            raise _Bad(f"sentence {number} has no real paragraph number")
        start, stop = sentence["start"], sentence["end"]
        if not (end <= start < stop <= len(text)) or text[start:stop] != sentence["text"]:
            raise _Bad(
                f"sentence {sentence['number']} (characters {start}–{stop}) does not match "
                "the article's text"
            )
        end = stop
    if not document["sentences"]:
        raise _Bad("it has no sentences")
    refs = set()
    for source in document["sources"]:
        snapshot = source["snapshot"]
        expected = hashlib.sha256(snapshot.encode("utf-8")).hexdigest() if snapshot else None
        if source["snapshot_hash"] != expected:
            raise _Bad(f"source {source['ref']}'s snapshot does not match its hash")
        if not (source["url"] or source["title"]):
            raise _Bad(f"source {source['ref']} has neither a URL nor a title")
        refs.add(source["ref"])
        for fetch in source["fetches"]:
            _check_fetch(fetch)
    for fetch in document["fetches"]:
        _check_fetch(fetch)
    for sentence in document["sentences"]:
        for item in sentence["evidence"]:
            if item["source"] not in refs:
                raise _Bad(f"sentence {sentence['number']} cites a source the bundle lacks")
        if sum(verdict.get("status") is not None for verdict in sentence["verdicts"]) > 1:
            raise _Bad(f"sentence {sentence['number']} has a status on more than one verdict")


def _check_fetch(fetch: dict[str, Any]) -> None:
    try:
        _, body = fetch_body(fetch)
    except (binascii.Error, ValueError, zlib.error):
        raise _Bad(f"the archived fetch of {fetch['url']} is damaged") from None
    if len(body) != fetch["size"] or hashlib.sha256(body).hexdigest() != fetch["sha256"]:
        raise _Bad(f"the archived fetch of {fetch['url']} does not match its hash")


def sniff(path: str) -> bool:
    """Whether the file at `path` is a review bundle, from its first bytes. False for what
    is not a regular file (opening a named pipe would wait for a writer) or cannot be read:
    importing it as an article says why."""
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return False
        with open(path, "rb") as file:
            return is_bundle(file.read(_SNIFF))
    except (OSError, ValueError):
        return False

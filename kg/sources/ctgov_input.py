"""API v2 study inputs, recognised by content and streamed one study at a time.

A file may hold one study object, an API page (``{"studies": [...], "nextPageToken": ...}``), a
list of studies, or JSON Lines (one study per line); it may be gzip-compressed; a zip archive
(the registry's bulk download) holds one such file per study and is read member by member
without unpacking. Text is read in chunks and each study is decoded on its own, so memory holds
one study at a time, never a whole registry file.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, cast

from kg.errors import InputError
from kg.model import Source, Trial
from kg.sources.ctgov_json import LAYOUT, parse_study

SUFFIXES = (".json", ".jsonl", ".ndjson", ".zip", ".gz")
_MEMBER_SUFFIXES = (".json", ".jsonl", ".ndjson")
_CHUNK = 1 << 20
_FIRST_LINE_LIMIT = 64 << 20
_WS = " \t\n\r"
_DECODER = json.JSONDecoder()
_JSON_START = re.compile(rb"^(?:\xef\xbb\xbf)?\s*(?:\{|\[\s*[{\]])")


@dataclass(frozen=True, slots=True)
class RawStudy:
    """One study as it came in: where it came from (file, position) and its decoded JSON."""

    source: Source
    data: Any


StudyItem = tuple[str, RawStudy | InputError]


def sniff(head: bytes) -> str | None:
    """What the first bytes of a file say it is: ``zip``, ``gzip``, ``json`` or None."""
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return "zip"
    if head.startswith(b"\x1f\x8b"):
        return "gzip"
    return "json" if _JSON_START.match(head) else None


def iter_studies(path: Path) -> Iterator[StudyItem]:
    """Every study in a file or folder, as (label, RawStudy) or (label, InputError).

    The label names the file and the study's position in it (``page.json studies[3]``,
    ``bulk.jsonl line 7``, ``bulk.zip:NCT00000102.json``). A study that cannot be decoded is
    reported and the next one is read; a syntax error that leaves no way to find the next
    study ends that file.
    """
    if path.is_dir():
        for child in sorted(path.iterdir()):
            if child.is_file() and child.suffix.lower() in SUFFIXES:
                yield from iter_studies(child)
        return
    name = path.name
    try:
        with path.open("rb") as fh:
            head = fh.read(64)
    except OSError as exc:
        yield name, InputError(str(path), f"cannot read: {exc.strerror}")
        return
    kind = sniff(head)
    if kind == "zip":
        yield from _guarded(_zip(path, name), name)
    else:
        yield from _guarded(_file(path, name, compressed=kind == "gzip"), name)


def read_studies(path: Path) -> Iterator[Trial | InputError]:
    """Every study in a file or folder as a Trial, or the error that kept it out."""
    for _, item in iter_studies(path):
        if isinstance(item, InputError):
            yield item
            continue
        try:
            yield parse_study(item.data, item.source)
        except InputError as exc:
            yield exc


def _guarded(items: Iterator[StudyItem], label: str) -> Iterator[StudyItem]:
    """Turn a failure that ends a file into one reported error."""
    try:
        yield from items
    except InputError as exc:
        yield exc.file, exc
    except UnicodeDecodeError as exc:
        yield label, InputError(label, f"not UTF-8 text (byte {exc.start})")
    except (OSError, EOFError, zlib.error, zipfile.BadZipFile) as exc:
        yield label, InputError(label, f"cannot read: {exc}")


def _file(path: Path, name: str, compressed: bool) -> Iterator[StudyItem]:
    with path.open("rb") as raw:
        if not compressed:
            yield from _text(raw, name)
            return
        with gzip.GzipFile(fileobj=raw, mode="rb") as unpacked:
            yield from _text(cast(IO[bytes], unpacked), name)


def _zip(path: Path, name: str) -> Iterator[StudyItem]:
    with zipfile.ZipFile(path) as zf:
        for info in zf.infolist():
            base = info.filename.rsplit("/", 1)[-1]
            if info.is_dir() or base.startswith(".") or not base.lower().endswith(
                    _MEMBER_SUFFIXES):
                continue
            label = f"{name}:{info.filename}"
            with zf.open(info) as raw:
                yield from _guarded(_text(raw, label), label)


def _text(raw: IO[bytes], label: str) -> Iterator[StudyItem]:
    with io.TextIOWrapper(raw, encoding="utf-8-sig", newline="") as fh:
        text = _Text(fh, label)
        first = text.peek()
        if not first:
            yield label, InputError(label, "the file is empty")
        elif first not in "{[":
            yield label, InputError(label, "not JSON: expected a study object, a page or a list")
        elif text.is_json_lines():
            yield from _lines(text, label)
        else:
            yield from _values(text, label)


def _study(label: str, raw: str, data: Any) -> StudyItem:
    digest = hashlib.sha256(raw.encode("utf-8")).hexdigest()
    return label, RawStudy(Source(file_name=label, sha256=digest, layout=LAYOUT), data)


def _lines(text: _Text, label: str) -> Iterator[StudyItem]:
    """JSON Lines: a bad line is reported and the next line is read."""
    number = 0
    while (line := text.next_line()) is not None:
        number += 1
        raw = line.strip()
        if not raw:
            continue
        where = f"{label} line {number}"
        try:
            data = json.loads(raw)
        except json.JSONDecodeError as exc:
            yield where, InputError(where, f"invalid JSON at column {exc.colno}: {exc.msg}")
            continue
        if isinstance(data, dict) and isinstance(data.get("studies"), list):
            for n, study in enumerate(data["studies"]):
                yield _study(f"{where} studies[{n}]", json.dumps(study), study)
        else:
            yield _study(where, raw, data)


def _values(text: _Text, label: str) -> Iterator[StudyItem]:
    """One JSON document (or several, one after the other): object, page or list."""
    count = 0
    while first := text.peek():
        where = label if count == 0 else f"{label} value {count + 1}"
        if first == "[":
            text.take("[")
            yield from _elements(text, where)
        elif first == "{":
            yield from _object(text, where)
        else:
            raise text.syntax("expected a study object, a page or a list", text.pos)
        count += 1


def _elements(text: _Text, label: str) -> Iterator[StudyItem]:
    """The items of a list whose opening bracket was just read, decoded one at a time."""
    if text.peek() == "]":
        text.take("]")
        return
    n = 0
    while True:
        data, raw = text.value()
        yield _study(f"{label}[{n}]", raw, data)
        n += 1
        if text.peek() == ",":
            text.take(",")
        else:
            text.take("]")
            return


def _object(text: _Text, label: str) -> Iterator[StudyItem]:
    """A top-level object: an API page, whose studies are streamed, or one study."""
    text.mark = text.pos
    text.take("{")
    fields: dict[str, Any] = {}
    page = False
    while text.peek() != "}":
        if fields or page:
            text.take(",")
        key, _ = text.value()
        if not isinstance(key, str):
            raise text.syntax("expected a key", text.pos)
        text.take(":")
        if key == "studies" and text.peek() == "[":
            page, text.mark = True, None
            text.take("[")
            yield from _elements(text, f"{label} studies")
        else:
            fields[key], _ = text.value()
    text.take("}")
    if page:
        return
    start, text.mark = text.mark, None
    yield _study(label, text.buf[start or 0:text.pos], fields)


class _Text:
    """A text stream read in chunks; values are decoded one at a time from a sliding buffer."""

    def __init__(self, fh: IO[str], label: str) -> None:
        self.fh = fh
        self.label = label
        self.buf = ""
        self.pos = 0
        self.mark: int | None = None  # keep the text from here on (the object being read)
        self.line0 = 1  # line number of buf[0]
        self.eof = False

    def more(self, size: int = _CHUNK) -> bool:
        """Read another chunk, dropping what has been consumed; False at the end."""
        if self.eof:
            return False
        chunk = self.fh.read(max(size, _CHUNK))
        if not chunk:
            self.eof = True
            return False
        drop = self.pos if self.mark is None else min(self.pos, self.mark)
        if drop:
            self.line0 += self.buf.count("\n", 0, drop)
            self.buf = self.buf[drop:]
            self.pos -= drop
            if self.mark is not None:
                self.mark -= drop
        self.buf += chunk
        return True

    def peek(self) -> str:
        """The next character that is not white space, or "" at the end."""
        while True:
            while self.pos < len(self.buf) and self.buf[self.pos] in _WS:
                self.pos += 1
            if self.pos < len(self.buf):
                return self.buf[self.pos]
            if not self.more():
                return ""

    def take(self, char: str) -> None:
        """Consume one expected punctuation character."""
        if self.peek() != char:
            raise self.syntax(f"expected {char!r}", self.pos)
        self.pos += 1

    def value(self) -> tuple[Any, str]:
        """Decode the next JSON value; returns it with its text."""
        self.peek()
        while True:
            try:
                data, end = _DECODER.raw_decode(self.buf, self.pos)
            except json.JSONDecodeError as exc:
                cut = exc.pos >= len(self.buf) - 16 or exc.msg.startswith("Unterminated")
                if cut and self.more(len(self.buf)):
                    continue
                raise self.syntax(exc.msg, exc.pos) from None
            if end >= len(self.buf) and self.more(len(self.buf)):
                continue  # a number may go on in the next chunk
            raw = self.buf[self.pos:end]
            self.pos = end
            return data, raw

    def next_line(self) -> str | None:
        """The next line, without its end; None at the end of the text."""
        while (end := self.buf.find("\n", self.pos)) < 0:
            if not self.more():
                if self.pos >= len(self.buf):
                    return None
                line, self.pos = self.buf[self.pos:], len(self.buf)
                return line
        line, self.pos = self.buf[self.pos:end], end + 1
        return line

    def is_json_lines(self) -> bool:
        """Whether the text is JSON Lines: an object on its first line, another on the next.

        Decided without decoding anything (a pretty-printed document opens with a line that is
        ``{`` or ``[`` alone, a one-line document has no second line); nothing is consumed.
        """
        while (end := self.buf.find("\n", self.pos)) < 0:
            if len(self.buf) - self.pos > _FIRST_LINE_LIMIT or not self.more():
                return False
        first = self.buf[self.pos:end].strip()
        if len(first) < 2 or not first.startswith("{"):
            return False
        rel = end + 1 - self.pos  # offsets from pos survive the buffer sliding on
        while True:
            while self.pos + rel >= len(self.buf):
                if not self.more():
                    return False
            char = self.buf[self.pos + rel]
            if char not in _WS:
                return char == "{"
            rel += 1

    def syntax(self, message: str, pos: int) -> InputError:
        """An error at a position of the buffer, with its line and column in the file."""
        line = self.line0 + self.buf.count("\n", 0, pos)
        column = pos - (self.buf.rfind("\n", 0, pos) + 1) + 1
        return InputError(self.label, f"invalid JSON at line {line} column {column}: {message}")

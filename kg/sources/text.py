"""Text helpers shared by the page readers: cleaning, criteria lists, names, ages and dates."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from datetime import date, datetime
from typing import TypeVar

from kg.errors import InputError
from kg.model import (
    Age,
    AgeUnit,
    Criterion,
    CriterionKind,
    Outcome,
    OutcomeKind,
    PartialDate,
    Person,
)

# The registry escapes markdown characters in free text (``aged\>18``, ``\[10 minutes\]``).
_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!<>|^~])")
# Cloudflare replaces e-mail addresses in pages with this placeholder; it is not an address.
OBFUSCATED_EMAIL = "[email protected]"
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")
_SPACES = re.compile(r"[ \t\u00a0]+")

NCT_ID = re.compile(r"^NCT\d{8}$")

_NUMBERED = re.compile(r"^\s*\d{1,3}[.)]\s+")
_BULLET = re.compile(r"^\s*[*\u2022\u25cf-]\s+")
_CRITERIA_HEADING = re.compile(
    r"^(?P<prefix>.*?)\b(?P<kind>inclusion|exclusion)\s+criteria\b(?P<rest>.*?):?\s*$", re.I
)


def clean(text: str) -> str:
    """Undo markdown escapes and fold runs of spaces; keeps line breaks."""
    text = _MD_ESCAPE.sub(r"\1", text)
    return "\n".join(_SPACES.sub(" ", line).strip() for line in text.split("\n")).strip()


def lines_of(text: str) -> list[str]:
    """The non-empty lines of a page, cleaned."""
    return [line for line in (clean(raw) for raw in text.splitlines()) if line]


def email_or_none(value: str) -> str | None:
    """A real e-mail address, or None for the page's obfuscation placeholder or junk."""
    value = value.strip()
    if value == OBFUSCATED_EMAIL or not _EMAIL.match(value):
        return None
    return value


def split_person(text: str) -> Person:
    """``Giovanni Martinelli, MD, Prof`` -> name and credentials; doubled commas are tolerated."""
    parts = [p.strip() for p in text.split(",") if p.strip()]
    if not parts:
        return Person(name=text.strip())
    return Person(name=parts[0], credentials=", ".join(parts[1:]) or None)


_AGE = re.compile(r"^(\d+)\s*(year|month|week|day|hour|minute)s?$", re.I)


def parse_age(text: str, where: Callable[[str, str], InputError]) -> Age:
    """``18 Years`` -> Age(18, YEARS); raises the error ``where`` builds when unreadable."""
    m = _AGE.match(text.strip())
    if not m:
        raise where("cannot read this age", text)
    return Age(int(m.group(1)), AgeUnit(m.group(2).upper() + "S"))


_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?$")


def parse_date(text: str, where: Callable[[str, str], InputError]) -> PartialDate:
    """Read ``2025-02-27``, ``2025-02``, ``17 January 2025`` or ``January 2025``."""
    value = text.strip()
    m = _ISO_DATE.match(value)
    try:
        if m:
            y, mo, d = int(m.group(1)), int(m.group(2)), m.group(3)
            if d is None:
                date(y, mo, 1)
                return PartialDate(y, mo)
            date(y, mo, int(d))
            return PartialDate(y, mo, int(d))
        for fmt in ("%d %B %Y", "%B %d, %Y", "%b %d, %Y", "%d %b %Y"):
            try:
                parsed = datetime.strptime(value, fmt).date()
                return PartialDate(parsed.year, parsed.month, parsed.day)
            except ValueError:
                continue
        for fmt in ("%B %Y", "%b %Y"):
            try:
                parsed = datetime.strptime(value, fmt).date()
                return PartialDate(parsed.year, parsed.month)
            except ValueError:
                continue
    except ValueError:
        pass
    raise where("cannot read this date", text)


T = TypeVar("T")


def lookup(
    table: dict[str, T], text: str, where: Callable[[str, str], InputError], what: str
) -> T:
    """Look a page wording up in a code table (case- and space-insensitive)."""
    key = " ".join(text.lower().replace("_", " ").split())
    try:
        return table[key]
    except KeyError:
        raise where(f"unknown {what}", text) from None


def code_of(
    fields: Mapping[str, str | list[str]], label: str, table: dict[str, T], ctx: Context
) -> T | None:
    """The code of an optional field (a value, or the first line of a section), or None."""
    value = fields.get(label)
    if isinstance(value, list):
        value = value[0] if value else None
    return lookup(table, value, ctx.at(label), label.lower()) if value else None


def parse_criteria(
    lines: Sequence[str], paragraphs: Collection[int] = ()
) -> tuple[list[Criterion], list[str]]:
    """Split an eligibility section into criteria and notes.

    Each top-level item (numbered or bulleted, whichever style the list opens with) is one
    criterion; nested items, lettered or roman sub-items and paragraphs that continue an item
    (the item or the paragraph ends with a colon, or a nested list is open) stay in its text.
    Headings such as ``Additional exclusion criteria for blinatumomab:`` start a group. A
    paragraph that follows a finished item is a note, not a criterion.

    ``paragraphs`` holds the positions of lines that open a paragraph (a blank line comes
    before them), when the caller knows them: such a short line ending with a colon, outside
    an item that awaits its sub-items, is a group heading (``For parent participants:``).
    """
    criteria: list[Criterion] = []
    notes: list[str] = []
    kind: CriterionKind | None = None
    group: str | None = None
    style: re.Pattern[str] | None = None
    current: list[str] = []
    nested = False

    def flush() -> None:
        nonlocal current, nested
        if current and kind is not None:
            criteria.append(Criterion(kind=kind, text="\n".join(current), group=group))
        current, nested = [], False

    for n, line in enumerate(lines):
        heading = _CRITERIA_HEADING.match(line)
        if heading and len(line) < 80 and not _NUMBERED.match(line) and not _BULLET.match(line):
            flush()
            kind = CriterionKind(heading.group("kind").upper())
            plain = not heading.group("prefix").strip() and not heading.group("rest").strip()
            group = None if plain else line.rstrip(":").strip()
            style = None
            continue
        if kind is None:
            notes.append(line)
            continue
        if (n in paragraphs and line.endswith(":") and len(line) < 80 and not nested
                and not (current and current[-1].endswith(":"))
                and not _NUMBERED.match(line) and not _BULLET.match(line)):
            flush()
            group, style = line.rstrip(":").strip(), None
            continue
        marker = _NUMBERED if _NUMBERED.match(line) else _BULLET if _BULLET.match(line) else None
        if marker is not None and (style is None or marker is style):
            flush()
            style = marker
            current = [marker.sub("", line, count=1)]
        elif current and (marker is not None or nested or current[-1].endswith(":")
                          or line.endswith(":")):
            nested = nested or marker is not None or line.endswith(":")
            current.append(line)
        elif current:
            flush()
            notes.append(line)
        else:
            notes.append(line)
    flush()
    return criteria, notes


_PRIMARY = re.compile(r"\bThe primary (?:end ?point|outcome) (?:is|was) (?P<x>[^.]+)\.", re.I)
_SECONDARY = re.compile(
    r"\bThe secondary (?:end ?points|outcomes) (?:include|includes|are|were) (?P<x>[^.]+)\.", re.I
)
_AT_TIME = re.compile(r"^(?P<m>.+?) at (?P<t>\d+(?:\.\d+)? (?:days?|weeks?|months?|years?))$")


def _strip_article(text: str) -> str:
    text = text.strip()
    return text[4:] if text.lower().startswith("the ") else text


def outcomes_from_narrative(texts: Iterable[str | None]) -> list[Outcome]:
    """Outcomes that a summary states in words: ``The primary endpoint is ...``."""
    found: list[Outcome] = []
    for text in texts:
        if not text:
            continue
        flat = " ".join(text.split())
        for m in _PRIMARY.finditer(flat):
            measure, frame = _strip_article(m.group("x")), None
            timed = _AT_TIME.match(measure)
            if timed:
                measure, frame = timed.group("m"), timed.group("t")
            found.append(Outcome(OutcomeKind.PRIMARY, measure, time_frame=frame))
        for m in _SECONDARY.finditer(flat):
            items = re.split(r",\s*(?:and\s+)?|\s+and\s+", m.group("x"))
            for item in items:
                if item.strip():
                    found.append(Outcome(OutcomeKind.SECONDARY, _strip_article(item)))
        if found:
            break  # the first text that states outcomes wins; later ones repeat it
    unique: list[Outcome] = []
    for o in found:
        if o not in unique:
            unique.append(o)
    return unique


def sections(lines: Sequence[str], headings: Iterable[str]) -> dict[str, list[str]]:
    """Cut a page into sections at known heading lines; the first occurrence of each wins."""
    wanted = set(headings)
    out: dict[str, list[str]] = {"": []}
    current = ""
    for line in lines:
        if line in wanted and line not in out:
            current = line
            out[current] = []
        else:
            out[current].append(line)
    return out


class Context:
    """What a reader is working on, so that every error names the file, record and field."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.record: str | None = None

    def error(self, field: str | None, message: str, value: str | None = None) -> InputError:
        """An InputError located at this file and record."""
        return InputError(self.file, message, record=self.record, field=field, value=value)

    def at(self, field: str) -> Callable[[str, str], InputError]:
        """An error builder for one field, for the parse helpers above."""
        return lambda message, value: self.error(field, message, value)

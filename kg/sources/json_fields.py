"""Typed reading of a JSON record's fields: a wrong type or an unknown code names its path."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any, TypeVar

from kg.errors import InputError
from kg.model import Age, PartialDate
from kg.sources.text import Context, clean, lookup, parse_age, parse_date

T = TypeVar("T")

# What text.clean changes: markdown escapes, runs of spaces, tabs, no-break spaces, line ends.
_NEEDS_CLEANING = re.compile(r"[\\\t\n\r\u00a0]|  ")

_JSON_TYPES = {dict: "an object", list: "a list", str: "a string", bool: "true or false",
               int: "a number", float: "a number", type(None): "null"}


def json_type(value: object) -> str:
    """How a JSON value's type reads in an error message."""
    return _JSON_TYPES.get(type(value), type(value).__name__)


def _shown(value: object) -> str:
    """The offending value as text (InputError quotes and shortens it)."""
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, default=str)[:200]


class Fields:
    """One JSON object of a record, with the path that leads to it from the record's root."""

    def __init__(self, data: Mapping[str, Any], path: str, ctx: Context) -> None:
        self.data = data
        self.path = path
        self.ctx = ctx

    def at(self, key: str) -> str:
        """The path of one key, e.g. ``protocolSection.designModule.phases``."""
        return f"{self.path}.{key}" if self.path else key

    def error(self, key: str, message: str, value: object | None = None) -> InputError:
        """An InputError at one key of this object."""
        return self.ctx.error(self.at(key), message, None if value is None else _shown(value))

    def wrong_type(self, key: str, wanted: str, value: object) -> InputError:
        """The error for a value of the wrong JSON type."""
        return self.error(key, f"expected {wanted}, found {json_type(value)}", value)

    def where(self, key: str) -> Callable[[str, str], InputError]:
        """An error builder for the text helpers (dates, ages, code tables)."""
        return lambda message, value: self.ctx.error(self.at(key), message, value)

    def _get(self, key: str, kind: type | tuple[type, ...], wanted: str) -> Any:
        value = self.data.get(key)
        if value is None:
            return None
        if not isinstance(value, kind) or (isinstance(value, bool) and bool not in _kinds(kind)):
            raise self.wrong_type(key, wanted, value)
        return value

    # nested objects
    def obj(self, key: str) -> Fields:
        """A nested object (empty when absent)."""
        value = self._get(key, dict, "an object")
        return Fields(value or {}, self.at(key), self.ctx)

    def objs(self, key: str) -> list[Fields]:
        """A list of objects (empty when absent)."""
        items = self._get(key, list, "a list") or []
        out = []
        for n, item in enumerate(items):
            if not isinstance(item, dict):
                raise self.wrong_type(f"{key}[{n}]", "an object", item)
            out.append(Fields(item, f"{self.at(key)}[{n}]", self.ctx))
        return out

    def has(self, key: str) -> bool:
        """Whether the key is present and not null."""
        return self.data.get(key) is not None

    # scalars
    def string(self, key: str) -> str | None:
        """A string, stripped; None when absent or blank."""
        value = self._get(key, str, "a string")
        return (value.strip() or None) if value is not None else None

    def text(self, key: str) -> str | None:
        """Free text: markdown escapes undone, runs of spaces folded, line breaks kept."""
        value = self.string(key)
        if value is None:
            return None
        if not _NEEDS_CLEANING.search(value):  # most values: nothing to undo
            return value
        return clean(value) or None

    def strings(self, key: str) -> tuple[str, ...]:
        """A list of strings, stripped, blanks dropped."""
        items = self._get(key, list, "a list") or []
        out = []
        for n, item in enumerate(items):
            if not isinstance(item, str):
                raise self.wrong_type(f"{key}[{n}]", "a string", item)
            if item.strip():
                out.append(item.strip())
        return tuple(out)

    def integer(self, key: str) -> int | None:
        """A whole number (true/false and fractions are refused)."""
        value = self._get(key, (int, float), "a whole number")
        if isinstance(value, float):
            if not value.is_integer():
                raise self.wrong_type(key, "a whole number", value)
            return int(value)
        return value  # type: ignore[no-any-return]

    def number(self, key: str) -> Decimal | None:
        """A decimal number, kept exactly as written in the record."""
        value = self._get(key, (int, float), "a number")
        return None if value is None else Decimal(repr(value))

    def flag(self, key: str) -> bool | None:
        """true or false."""
        return self._get(key, bool, "true or false")  # type: ignore[no-any-return]

    # coded and structured strings
    def code(self, key: str, table: dict[str, T], what: str) -> T | None:
        """A code looked up in one of the code tables; an unknown code is an error."""
        value = self.string(key)
        return None if value is None else lookup(table, value, self.where(key), what)

    def codes(self, key: str, table: dict[str, T], what: str) -> tuple[T, ...]:
        """A list of codes, in the record's order, each once."""
        out: list[T] = []
        for n, value in enumerate(self.strings(key)):
            code = lookup(table, value, self.where(f"{key}[{n}]"), what)
            if code not in out:
                out.append(code)
        return tuple(out)

    def date(self, key: str) -> PartialDate | None:
        """An ISO date, full or year-month."""
        value = self.string(key)
        return None if value is None else parse_date(value, self.where(key))

    def age(self, key: str) -> Age | None:
        """An age limit such as ``18 Years``."""
        value = self.string(key)
        return None if value is None else parse_age(value, self.where(key))


def _kinds(kind: type | tuple[type, ...]) -> tuple[type, ...]:
    return kind if isinstance(kind, tuple) else (kind,)

"""The error family: every error the library raises names what it was working on."""

from __future__ import annotations

from dataclasses import dataclass


class KgError(ValueError):
    """Base of every error kg raises on user input or configuration."""


@dataclass
class InputError(KgError):
    """A record could not be read: names the file, the record (when known), the field and value."""

    file: str
    message: str
    record: str | None = None
    field: str | None = None
    value: str | None = None

    def __str__(self) -> str:
        where = self.file
        if self.record:
            where += f" [{self.record}]"
        if self.field:
            where += f" field {self.field!r}"
        text = f"{where}: {self.message}"
        if self.value is not None:
            shown = self.value if len(self.value) <= 80 else self.value[:77] + "..."
            text += f": {shown!r}"
        return text


@dataclass
class GraphFileError(KgError):
    """An RDF file could not be parsed; names the file and, when the parser says it, the line."""

    file: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        return f"{where}: {self.message}"


@dataclass
class QueryError(KgError):
    """A query could not be found, bound or run."""

    query: str
    message: str

    def __str__(self) -> str:
        return f"query {self.query}: {self.message}"


@dataclass
class UsageError(KgError):
    """An option or argument is not usable as given."""

    message: str

    def __str__(self) -> str:
        return self.message


@dataclass
class EndpointError(KgError):
    """A SPARQL endpoint could not be reached or refused a request: URL, HTTP status, its words."""

    url: str
    message: str
    status: int | None = None

    def __str__(self) -> str:
        status = "" if self.status is None else f"HTTP {self.status}: "
        return f"{self.url}: {status}{self.message}"


@dataclass
class ServeError(KgError):
    """The local SPARQL server could not be prepared or started."""

    message: str
    detail: str = ""

    def __str__(self) -> str:
        return f"{self.message}: {self.detail}" if self.detail else self.message


@dataclass
class ShapesError(KgError):
    """The SHACL shapes could not be read or used: names the folder or file, and the line if known.

    Broken shapes are an error, never a non-conformance of the data.
    """

    location: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = self.location if self.line is None else f"{self.location}:{self.line}"
        return f"shapes {where}: {self.message}"


@dataclass
class OntologyError(KgError):
    """The ontology could not be loaded or reasoned over (a parse error, or no Java for HermiT)."""

    file: str
    message: str

    def __str__(self) -> str:
        return f"ontology {self.file}: {self.message}"


@dataclass
class TableError(KgError):
    """A bundled vocabulary table is broken: names the file, line, column and value."""

    file: str
    message: str
    line: int | None = None
    column: str | None = None
    value: str | None = None

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        if self.column:
            where += f" column {self.column!r}"
        text = f"{where}: {self.message}"
        return text if self.value is None else f"{text}: {self.value!r}"

"""The triple collector and typed-literal helpers that the mapping modules share. Pure: no I/O."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD
from rdflib.term import Node

from kg import model
from kg.iris import Minter, concept, slug
from kg.namespaces import KG

Triple = tuple[URIRef, URIRef, Node]


def date_literal(value: model.PartialDate) -> Literal:
    """xsd:date, or xsd:gYearMonth when the record gives only a month."""
    datatype = XSD.date if value.day is not None else XSD.gYearMonth
    return Literal(value.isoformat(), datatype=datatype)


def integer(value: int) -> Literal:
    """xsd:integer."""
    return Literal(value, datatype=XSD.integer)


def boolean(value: bool) -> Literal:
    """xsd:boolean."""
    return Literal(value, datatype=XSD.boolean)


def decimal(value: Decimal) -> Literal:
    """xsd:decimal, written as the record wrote it."""
    return Literal(str(value), datatype=XSD.decimal)


def any_uri(value: str) -> Literal:
    """xsd:anyURI: web addresses stay literals, so a malformed one cannot break the graph."""
    return Literal(value, datatype=XSD.anyURI)


def unique_keys(names: Iterable[str]) -> list[str]:
    """Path segments for a trial's arms or interventions: the slug, numbered if it repeats."""
    seen: dict[str, int] = {}
    keys = []
    for name in names:
        key = slug(name)
        seen[key] = seen.get(key, 0) + 1
        keys.append(key if seen[key] == 1 else f"{key}-{seen[key]}")
    return keys


class Triples:
    """The triples of one trial, in the order they are made."""

    def __init__(self) -> None:
        self.items: list[Triple] = []

    def add(self, s: URIRef, p: URIRef, o: Node | str | None) -> None:
        """One triple; a None object adds nothing, a str becomes a plain literal."""
        if o is None:
            return
        self.items.append((s, p, o if isinstance(o, Node) else Literal(o)))

    def node(self, s: URIRef, cls: URIRef, label: str | None) -> None:
        """A typed, labelled node."""
        self.add(s, RDF.type, cls)
        self.add(s, RDFS.label, label)


def organization(t: Triples, org: model.Organization, minter: Minter) -> URIRef:
    """An organisation's shared node, with its class when the record gives one."""
    node = minter.organization(org.name)
    t.node(node, KG.Organization, org.name)
    if org.agency_class:
        t.add(node, KG.agencyClass, concept(org.agency_class))
    return node

"""Our one escaping function (slug) and the literal path, checked against library parsers."""

from __future__ import annotations

import pyoxigraph
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Graph, Literal
from rdflib.namespace import RDFS

from kg.iris import Minter, slug

M = Minter()


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_any_name_mints_a_valid_iri(name: str) -> None:
    iri = M.organization(name)
    pyoxigraph.NamedNode(str(iri))  # an RFC 3987 parser accepts it
    assert slug(name)
    line = f"<{iri}> <http://www.w3.org/2000/01/rdf-schema#label> \"x\" .\n"
    assert len(Graph().parse(data=line, format="nt")) == 1


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(exclude_categories=("Cs",))))
def test_any_text_survives_turtle(text: str) -> None:
    g = Graph()
    g.add((M.trial("NCT00000001"), RDFS.label, Literal(text)))
    data = g.serialize(format="turtle")
    (triple,) = pyoxigraph.parse(data.encode(), pyoxigraph.RdfFormat.TURTLE)
    assert triple.object.value == text


def test_slugs_are_readable() -> None:
    assert slug("Ospedale Pediatrico Bambin Gesù") == "ospedale-pediatrico-bambin-gesu"
    assert M.in_trial("NCT06713837", "arm", "Low intensity treatment").endswith(
        "/trial/NCT06713837/arm/low-intensity-treatment")

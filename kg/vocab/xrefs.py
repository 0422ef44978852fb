"""External vocabularies a drug links to: Bioregistry prefix, IRI namespace, id pattern."""

from __future__ import annotations

import re
from dataclasses import dataclass

from rdflib import URIRef


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """One external vocabulary: how its identifiers look and how they become IRIs and CURIEs."""

    prefix: str
    column: str
    name: str
    namespace: str
    pattern: re.Pattern[str]
    wikidata_property: str | None

    def curie(self, local: str) -> str:
        """The compact identifier, e.g. ``chebi:28680``."""
        return f"{self.prefix}:{local}"

    def iri(self, local: str) -> URIRef:
        """The IRI of an entry of this vocabulary."""
        return URIRef(self.namespace + local)

    def valid(self, local: str) -> bool:
        """Whether a local identifier has this vocabulary's shape."""
        return self.pattern.fullmatch(local) is not None


# Prefixes are Bioregistry's; namespaces are the resolvable IRIs the graph links to; the
# Wikidata properties are the ones that hold each identifier on Wikidata items.
VOCABULARIES: tuple[Vocabulary, ...] = (
    Vocabulary("chebi", "chebi", "ChEBI", "http://purl.obolibrary.org/obo/CHEBI_",
               re.compile(r"[0-9]+"), "P683"),
    Vocabulary("drugbank", "drugbank", "DrugBank", "http://identifiers.org/drugbank/",
               re.compile(r"DB[0-9]{5}"), "P715"),
    Vocabulary("rxnorm", "rxnorm", "RxNorm", "https://bioregistry.io/rxnorm:",
               re.compile(r"[0-9]{1,7}"), "P3345"),
    Vocabulary("atc", "atc", "ATC", "http://identifiers.org/atc/",
               re.compile(r"[A-Z]([0-9]{2}([A-Z]([A-Z]([0-9]{2})?)?)?)?"), "P267"),
    Vocabulary("mesh", "mesh", "MeSH", "http://id.nlm.nih.gov/mesh/",
               re.compile(r"[CD][0-9]{6,9}"), "P486"),
    Vocabulary("ncit", "ncit", "NCIt", "http://purl.obolibrary.org/obo/NCIT_",
               re.compile(r"C[0-9]+"), "P1748"),
    Vocabulary("unii", "unii", "UNII", "http://identifiers.org/unii/",
               re.compile(r"[A-Z0-9]{10}"), "P652"),
    Vocabulary("pubchem.compound", "pubchem", "PubChem compound",
               "http://identifiers.org/pubchem.compound/", re.compile(r"[0-9]+"), "P662"),
    Vocabulary("chembl.compound", "chembl", "ChEMBL compound",
               "http://identifiers.org/chembl.compound/", re.compile(r"CHEMBL[0-9]+"), "P592"),
    Vocabulary("wikidata", "wikidata", "Wikidata", "http://www.wikidata.org/entity/",
               re.compile(r"Q[0-9]+"), None),
)
BY_PREFIX: dict[str, Vocabulary] = {v.prefix: v for v in VOCABULARIES}
BY_COLUMN: dict[str, Vocabulary] = {v.column: v for v in VOCABULARIES}
BY_PROPERTY: dict[str, Vocabulary] = {
    v.wikidata_property: v for v in VOCABULARIES if v.wikidata_property}
WIKIDATA_ENTITY = BY_PREFIX["wikidata"].namespace
WIKIDATA_DIRECT = "http://www.wikidata.org/prop/direct/"


def normalise(vocabulary: Vocabulary, value: str) -> str:
    """A local identifier as the tables and Wikidata write it, in this vocabulary's form.

    ChEBI ids may carry their ``CHEBI:`` banana; Wikidata keeps some DrugBank ids without
    the ``DB`` letters. Anything else is returned stripped, to be checked with ``valid``.
    """
    value = value.strip()
    if vocabulary.prefix == "chebi" and value.upper().startswith("CHEBI:"):
        return value[6:]
    if vocabulary.prefix == "drugbank" and re.fullmatch(r"[0-9]{5}", value):
        return "DB" + value
    return value

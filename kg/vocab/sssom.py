"""Drug links as an SSSOM mapping set (TSV with its metadata block), deterministic."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from kg.vocab.linking import LinkRow
from kg.vocab.terms import MatchMethod
from kg.vocab.xrefs import VOCABULARIES

COLUMNS = ("subject_id", "subject_label", "predicate_id", "object_id", "mapping_justification",
           "mapping_date", "mapping_provider", "comment")
SET_ID = "https://w3id.org/kg-trials/mappings/drugs.sssom.tsv"
LICENSE = "https://opensource.org/licenses/MIT"
SUBJECT_PREFIX = "kgdrug"
# How each match method justifies a mapping, in the SEMAPV vocabulary.
JUSTIFICATION = {
    MatchMethod.CURATED.value: "semapv:ManualMappingCuration",
    MatchMethod.LOOKED_UP.value: "semapv:LexicalMatching",
}


def _drug_namespace(links: Sequence[LinkRow]) -> str:
    for link in links:
        cut = link.drug.rfind("/drug/")
        if cut >= 0:
            return link.drug[:cut] + "/drug/"
    return "https://w3id.org/kg-trials/id/drug/"


def to_sssom(links: Sequence[LinkRow], table_version: str, tool: str) -> str:
    """The mapping set: one ``skos:exactMatch`` row per link, sorted; a metadata block first."""
    namespace = _drug_namespace(links)
    prefixes = {SUBJECT_PREFIX: namespace, "skos": "http://www.w3.org/2004/02/skos/core#",
                "semapv": "https://w3id.org/semapv/vocab/"}
    prefixes |= {v.prefix: v.namespace for v in VOCABULARIES}
    head = ["# curie_map:"]
    head += [f"#   {p}: {ns}" for p, ns in sorted(prefixes.items())]
    head += [
        f"# mapping_set_id: {SET_ID}",
        f"# mapping_set_version: {table_version}",
        "# mapping_set_description: Drugs of the clinical-trial knowledge graph mapped to ChEBI,"
        " DrugBank, RxNorm, ATC, MeSH, NCIt, UNII, PubChem, ChEMBL and Wikidata.",
        f"# license: {LICENSE}",
        f"# mapping_tool: {tool}",
    ]
    rows = []
    for link in links:
        local = link.drug[len(namespace):] if link.drug.startswith(namespace) else link.drug
        looked_up = link.method == MatchMethod.LOOKED_UP.value
        comment = (f"looked up by label at {link.endpoint}" if looked_up
                   else f"bundled drug table {link.table_version}")
        rows.append((f"{SUBJECT_PREFIX}:{local}", link.drug_label, "skos:exactMatch", link.curie,
                     JUSTIFICATION.get(link.method, "semapv:UnspecifiedMatching"), link.date,
                     link.endpoint, comment))
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter="\t", lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows(sorted(set(rows)))
    return "\n".join(head) + "\n" + buf.getvalue()

"""What ``kg link`` works on: a graph's drug mentions and links, the report, live look-ups."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace

import pyoxigraph
from rdflib import URIRef

from kg.iris import Minter, concept, slug
from kg.namespaces import KG
from kg.queries import resolve, run_local
from kg.triples import Triple
from kg.vocab.lookup import LookupHit
from kg.vocab.rdf import Emitter
from kg.vocab.table import VocabTable
from kg.vocab.terms import MatchMethod
from kg.vocab.xrefs import BY_PREFIX


@dataclass(frozen=True, slots=True)
class MentionRow:
    """One mention of a graph (the ``drug-mentions`` query's row)."""

    nct_id: str
    mention: str
    text: str
    status: str
    method: str
    target: str
    target_label: str
    note: str

    @property
    def resolved(self) -> bool:
        """Whether the mention names a drug, class or regimen."""
        return self.status == "resolved"


@dataclass(frozen=True, slots=True)
class LinkRow:
    """One link from a drug to an external entry (the ``drug-links`` query's row)."""

    drug: str
    drug_label: str
    curie: str
    target: str
    vocabulary: str
    method: str
    table_version: str
    endpoint: str
    date: str


@dataclass(frozen=True, slots=True)
class LinkResult:
    """Mentions and links of a graph, after any look-up, and the triples a look-up adds."""

    mentions: tuple[MentionRow, ...]
    links: tuple[LinkRow, ...]
    triples: tuple[Triple, ...] = ()

    @property
    def unresolved(self) -> tuple[MentionRow, ...]:
        """Mentions that name nothing the tables (or a look-up) know."""
        return tuple(m for m in self.mentions if not m.resolved)

    def by_method(self) -> dict[str, int]:
        """How many mentions each match method resolved, by method name."""
        return dict(sorted(Counter(m.method for m in self.mentions if m.resolved).items()))


def read_graph(store: pyoxigraph.Store) -> LinkResult:
    """The mentions and drug links a graph holds."""
    _, mentions = run_local(resolve("drug-mentions"), store, {})
    _, links = run_local(resolve("drug-links"), store, {})
    return LinkResult(tuple(MentionRow(**m) for m in mentions),
                      tuple(LinkRow(**row) for row in links))


def base_iri(mention_iri: str) -> str:
    """The base IRI a mention was minted under (everything before ``trial/``)."""
    cut = mention_iri.rfind("trial/")
    return mention_iri[:cut] if cut > 0 else Minter().base


def apply_lookups(result: LinkResult, hits: Mapping[str, LookupHit | None],
                  table: VocabTable) -> LinkResult:
    """Resolve unresolved mentions with what a look-up found (method LOOKED_UP).

    Each found item becomes a drug node named by its label, linked to its identifiers; the
    triples say which mention resolves to it and which endpoint said so, and on which day.
    """
    mentions: list[MentionRow] = []
    links: list[LinkRow] = list(result.links)
    triples: list[Triple] = []
    done: set[str] = set()
    for m in result.mentions:
        hit = hits.get(m.text) if not m.resolved else None
        if hit is None:
            mentions.append(m)
            continue
        minter = Minter(base_iri(m.mention))
        drug_id = slug(hit.label)
        node = minter.drug(drug_id)
        e = Emitter(minter, table)
        if str(node) not in done:
            done.add(str(node))
            e.node(node, KG.Drug, hit.label)
            e.links(drug_id, node, hit.xrefs, MatchMethod.LOOKED_UP, hit.endpoint, hit.day)
            for x in hit.xrefs:
                target = str(BY_PREFIX[x.prefix].iri(x.local))
                links.append(LinkRow(str(node), hit.label, x.curie, target, x.prefix,
                                     MatchMethod.LOOKED_UP.value, table.version, hit.endpoint,
                                     hit.day.isoformat()))
        mention = URIRef(m.mention)
        e.add(mention, KG.resolvesTo, node)
        e.add(mention, KG.matchMethod, concept(MatchMethod.LOOKED_UP))
        triples.extend(e.items)
        mentions.append(replace(m, status="resolved", method=MatchMethod.LOOKED_UP.value,
                                target=str(node), target_label=hit.label, note=""))
    return LinkResult(tuple(mentions), tuple(links), tuple(triples))


def report_lines(result: LinkResult) -> list[str]:
    """The report ``kg link --report`` prints."""
    lines = [f"mentions: {len(result.mentions)}, resolved: "
             f"{len(result.mentions) - len(result.unresolved)}, "
             f"unresolved: {len(result.unresolved)}"]
    lines += [f"  {method}: {count}" for method, count in result.by_method().items()]
    drugs = sorted({link.drug for link in result.links})
    lines.append(f"drugs linked: {len(drugs)}, links: {len(result.links)}")
    for m in result.unresolved:
        lines.append(f"unresolved: {m.nct_id}: {m.text!r}" + (f" ({m.note})" if m.note else ""))
    return lines


def unresolved_names(mentions: Sequence[MentionRow]) -> list[str]:
    """The distinct words of unresolved mentions, for a look-up."""
    return sorted({m.text for m in mentions if not m.resolved})


def link_graph(store: pyoxigraph.Store, table: VocabTable,
               lookup: Callable[[list[str]], Mapping[str, LookupHit | None]] | None = None
               ) -> LinkResult:
    """A graph's mentions and links; with ``lookup``, unresolved mentions are looked up."""
    result = read_graph(store)
    if lookup is None or not result.unresolved:
        return result
    return apply_lookups(result, lookup(unresolved_names(result.mentions)), table)

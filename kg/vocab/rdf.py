"""Drug facts -> triples: drugs with their links, classes, regimens, mentions, administrations."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from functools import lru_cache

from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS, XSD

from kg import model
from kg.iris import Minter, concept, slug
from kg.namespaces import KG
from kg.triples import Triple, Triples, integer, unique_keys
from kg.vocab.doses import Schedule
from kg.vocab.extract import (
    Administration,
    InterventionDrugs,
    TrialDrugs,
    read_trial,
    received,
)
from kg.vocab.lexicon import Kind, lexicon_for
from kg.vocab.mentions import Mention, Reading
from kg.vocab.table import EntryKind, VocabTable, XRef, load_table
from kg.vocab.terms import MatchMethod
from kg.vocab.xrefs import BY_PREFIX


class Emitter(Triples):
    """Collects the triples of drug facts; each table row is described once per emitter."""

    def __init__(self, minter: Minter, table: VocabTable) -> None:
        super().__init__()
        self.minter, self.table = minter, table
        self._done: set[URIRef] = set()

    def _first(self, node: URIRef) -> bool:
        if node in self._done:
            return False
        self._done.add(node)
        return True

    def entry(self, id_: str) -> URIRef:
        """A drug or class node with its names, identifiers and members."""
        node = self.minter.drug(id_)
        if self._first(node):
            self.items.extend(_described(self.minter.base, self.table, id_))
            for member in self.table.entry(id_).members:
                self.add(node, KG.classMember, self.entry(member))
        return node

    def describe(self, id_: str) -> None:
        """The triples of one table row's own node: type, names and identifiers."""
        e = self.table.entry(id_)
        node = self.minter.drug(id_)
        self.add(node, RDF.type, KG.DrugClass if e.kind is EntryKind.CLASS else KG.Drug)
        self.add(node, RDFS.label, e.name)
        for alt in dict.fromkeys((*e.synonyms, *e.abbreviations, *e.brands)):
            self.add(node, SKOS.altLabel, alt)
        self.links(id_, node, e.xrefs, MatchMethod.CURATED)

    def links(self, id_: str, node: URIRef, xrefs: Sequence[XRef], method: MatchMethod,
              endpoint: str | None = None, when: date | None = None) -> None:
        """``skos:exactMatch`` to each identifier's IRI, and one kg:ExternalLink node each."""
        for xref in xrefs:
            vocab = BY_PREFIX[xref.prefix]
            several = sum(1 for x in xrefs if x.prefix == xref.prefix) > 1
            target = vocab.iri(xref.local)
            link = self.minter.drug_link(id_, xref.prefix, xref.local if several else None)
            self.add(node, SKOS.exactMatch, target)
            self.add(node, KG.hasLink, link)
            self.add(link, RDF.type, KG.ExternalLink)
            self.add(link, RDFS.label, xref.curie)
            self.add(link, KG.linkTarget, target)
            self.add(link, KG.curie, xref.curie)
            self.add(link, KG.vocabulary, xref.prefix)
            self.add(link, KG.matchMethod, concept(method))
            self.add(link, KG.tableVersion, self.table.version)
            if endpoint is not None:
                self.add(link, KG.lookupEndpoint, URIRef(endpoint))
            if when is not None:
                self.add(link, KG.lookupDate, Literal(when.isoformat(), datatype=XSD.date))

    def regimen(self, id_: str) -> URIRef:
        """A regimen node with its aliases and component drugs."""
        reg = self.table.regimen(id_)
        node = self.minter.regimen(id_)
        if self._first(node):
            self.add(node, RDF.type, KG.Regimen)
            self.add(node, RDFS.label, reg.name)
            for alias in reg.aliases:
                self.add(node, SKOS.altLabel, alias)
            for part in reg.components:
                self.add(node, KG.hasComponent, self.entry(part))
        return node

    def target(self, mention: Mention) -> URIRef | None:
        """The node a mention resolves to, described."""
        if mention.target is None:
            return None
        if mention.kind is Kind.REGIMEN:
            return self.regimen(mention.target)
        return self.entry(mention.target)

    def mention(self, node: URIRef, position: int, mention: Mention) -> URIRef:
        """A mention node: its text, and what it resolves to and how, or why it does not."""
        self.add(node, RDF.type, KG.DrugMention)
        self.add(node, RDFS.label, mention.text)
        self.add(node, KG.mentionText, mention.text)
        self.add(node, KG.position, integer(position))
        target = self.target(mention)
        if target is None:
            self.add(node, KG.resolutionNote, mention.note or None)
            return node
        self.add(node, KG.resolvesTo, target)
        if mention.method is not None:
            self.add(node, KG.matchMethod, concept(mention.method))
        self.add(node, KG.tableVersion, self.table.version)
        for level in mention.levels:
            self.add(node, KG.doseLevel, concept(level))
        for member in mention.members:
            self.add(node, KG.namesMember, self.entry(member))
        return node

    def reading(self, owner: URIRef, base: tuple[str, ...], reading: Reading, first: int,
                nct: str) -> list[URIRef]:
        """The mentions of a reading, numbered from ``first``, and its combinations."""
        nodes = []
        for n, m in enumerate(reading.mentions, first):
            node = self.mention(self.minter.in_trial(nct, *base, "mention", str(n)), n, m)
            self.add(owner, KG.hasMention, node)
            nodes.append(node)
        combos = reading.combinations
        if len(combos) > 1 or any(len(c) > 1 for c in combos):
            for n, combo in enumerate(combos, 1):
                c = self.minter.in_trial(nct, *base, "combination", str(n))
                self.add(owner, KG.hasCombination, c)
                self.add(c, RDF.type, KG.DrugCombination)
                self.add(c, RDFS.label, " + ".join(reading.mentions[i].text for i in combo))
                self.add(c, KG.position, integer(n))
                for i in combo:
                    self.add(c, KG.combines, nodes[i])
        return nodes

    def administration(self, node: URIRef, adm: Administration) -> URIRef:
        """A structured administration: every value the record states, and its wording."""
        s, m = adm.schedule, adm.mention
        target = self.target(m)
        name = self.table.entry(m.target).name if m.target and m.kind is not Kind.REGIMEN \
            else m.text
        self.add(node, RDF.type, KG.DrugAdministration)
        self.add(node, RDFS.label, _label(name, s))
        self.add(node, KG.administeredDrug, target)
        self.add(node, KG.sourceText, s.source_text)
        if s.dose:
            d = s.dose.value
            self.add(node, KG.doseAmount, _decimal(d.amount))
            if d.amount_max is not None:
                self.add(node, KG.doseAmountMax, _decimal(d.amount_max))
            self.add(node, KG.doseUnit, d.unit)
            self.add(node, KG.doseBasis, concept(d.basis))
        if s.frequency:
            self.add(node, KG.frequency, s.frequency.value.label)
            self.add(node, KG.doseInterval, s.frequency.value.interval)
        self.add(node, KG.cycleDays, s.days_text())
        if s.route:
            self.add(node, KG.route, concept(s.route.value))
        for prop, value in ((KG.infusionDuration, s.infusion), (KG.treatmentDuration, s.duration)):
            if value:
                self.add(node, prop, value.value)
        if s.phase:
            self.add(node, KG.treatmentPhase, s.phase.value)
        if s.cycles:
            self.add(node, KG.cycleCount, integer(s.cycles.value))
        for cond in s.conditions:
            self.add(node, KG.doseCondition, cond.value)
        for note in s.notes:
            self.add(node, KG.doseNote, note.value)
        for level in m.levels:
            self.add(node, KG.doseLevel, concept(level))
        return node


@lru_cache(maxsize=4096)
def _described(base: str, table: VocabTable, id_: str) -> tuple[Triple, ...]:
    """A row's own triples under a base IRI, made once: every trial that names it repeats them."""
    e = Emitter(Minter(base), table)
    e.describe(id_)
    return tuple(e.items)


def _decimal(value: Decimal) -> Literal:
    """xsd:decimal in canonical form (``3.0``), which every Turtle writer keeps as it is."""
    text = format(value.normalize(), "f")
    return Literal(text if "." in text else text + ".0", datatype=XSD.decimal)


def _label(name: str, s: Schedule) -> str:
    parts = [name]
    if s.dose:
        parts.append(s.dose.value.text())
    if s.frequency:
        parts.append(s.frequency.value.label)
    if s.days:
        parts.append(f"days {s.days_text()}")
    return " ".join(parts)


def _intervention(e: Emitter, nct: str, key: str, drugs: InterventionDrugs
                  ) -> tuple[list[URIRef], list[URIRef]]:
    """An intervention's mentions, options and administrations; returns its regimens and
    administrations, which the arms that receive it get."""
    node = e.minter.in_trial(nct, "intervention", key)
    regimens: list[URIRef] = []
    readings: list[tuple[URIRef, tuple[str, ...], Reading]] = []
    base: tuple[str, ...]
    if drugs.name is not None:
        readings.append((node, ("intervention", key), drugs.name))
    for n, opt in enumerate(drugs.options, 1):
        if opt is not None:
            base = ("intervention", key, "option", str(n))
            readings.append((e.minter.in_trial(nct, *base), base, opt))
    for owner, base, reading in readings:
        e.reading(owner, base, reading, 1, nct)
        for m in reading.mentions:
            target = e.target(m)
            if target is None:
                continue
            if m.kind is Kind.REGIMEN:
                regimens.append(target)
            elif m.kind is Kind.DRUG:
                e.add(node, KG.administers, target)
            for member in m.members:
                e.add(node, KG.administers, e.entry(member))
    admins = []
    counts: dict[int | None, int] = {}
    for option, adm in drugs.administrations:
        counts[option] = counts.get(option, 0) + 1
        base = ("intervention", key) if option is None else (
            "intervention", key, "option", str(option + 1))
        a = e.minter.in_trial(nct, *base, "administration", str(counts[option]))
        admins.append(e.administration(a, adm))
    return regimens, admins


def drug_triples(trial: model.Trial, minter: Minter, table: VocabTable | None = None
                 ) -> list[Triple]:
    """Every drug fact of a trial as triples, on the intervention and arm nodes the mapping
    mints (the same path segments for the same names)."""
    table = table if table is not None else load_table()
    facts: TrialDrugs = read_trial(trial, lexicon_for(table))
    e = Emitter(minter, table)
    nct = trial.nct_id
    given: dict[str, tuple[list[URIRef], list[URIRef]]] = {}
    for key, iv, drugs in zip(unique_keys(i.name for i in trial.interventions), trial.interventions,
                              facts.interventions, strict=True):
        given.setdefault(iv.name, _intervention(e, nct, key, drugs))
    for name, drugs in facts.arm_only:
        given[name] = _intervention(e, nct, slug(name), drugs)
    receives = received(trial)
    for key, arm, arm_drugs in zip(unique_keys(a.label for a in trial.arms), trial.arms,
                                   facts.arms, strict=True):
        node = minter.in_trial(nct, "arm", key)
        first = 1
        for reading in (arm_drugs.label, arm_drugs.description):
            if reading is not None:
                first += len(e.reading(node, ("arm", key), reading, first, nct))
                for m in reading.mentions:
                    if m.kind is Kind.REGIMEN and m.target:
                        e.add(node, KG.hasRegimen, e.target(m))
        for name in receives[arm.label]:
            regimens, admins = given.get(name, ([], []))
            for r in regimens:
                e.add(node, KG.hasRegimen, r)
            for a in admins:
                e.add(node, KG.hasAdministration, a)
        for n, adm in enumerate(arm_drugs.administrations, 1):
            a = minter.in_trial(nct, "arm", key, "administration", str(n))
            e.add(node, KG.hasAdministration, e.administration(a, adm))
    return e.items

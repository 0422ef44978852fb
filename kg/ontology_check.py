"""Ontology checks: HermiT consistency, declared terms, labels, definitions, concept schemes."""

from __future__ import annotations

import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import owlready2
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from kg.errors import OntologyError
from kg.namespaces import VOCAB
from kg.resources import ONTOLOGY_FILE

# What makes an IRI a term of the ontology.
_DECLARING = (OWL.Ontology, OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty,
              OWL.AnnotationProperty, OWL.NamedIndividual, SKOS.Concept, SKOS.ConceptScheme)
# Terms of RDF, RDFS and OWL themselves need no declaration.
_BUILT_IN = (str(RDF), str(RDFS), str(OWL))


@dataclass(frozen=True, slots=True)
class OntologyReport:
    """What the ontology checks found; each tuple lists IRIs, sorted."""

    consistent: bool
    unsatisfiable: tuple[str, ...]
    undeclared: tuple[str, ...]
    unlabelled: tuple[str, ...]
    undefined: tuple[str, ...]
    not_in_one_scheme: tuple[str, ...]
    reasoned: bool = True

    @property
    def ok(self) -> bool:
        """No problem of any kind."""
        return not self.problems()

    def problems(self) -> list[str]:
        """One line per problem, for people."""
        lines = [] if self.consistent else ["HermiT finds the ontology inconsistent"]
        for title, iris in (
            ("unsatisfiable class", self.unsatisfiable),
            ("used in the data but not declared in the ontology", self.undeclared),
            ("ontology term without rdfs:label", self.unlabelled),
            ("ontology term without skos:definition", self.undefined),
            ("concept not in exactly one scheme", self.not_in_one_scheme),
        ):
            lines.extend(f"{title}: {iri}" for iri in iris)
        return lines


def load_ontology(path: Path = ONTOLOGY_FILE) -> Graph:
    """The ontology as an rdflib graph; raises OntologyError if it cannot be read."""
    try:
        return Graph().parse(path, format="turtle")
    except (OSError, SyntaxError, ValueError) as exc:
        raise OntologyError(str(path), f"cannot be read: {exc}") from None


def check_ontology(data: Graph | None = None, ontology_file: Path = ONTOLOGY_FILE, *,
                   reason: bool = True) -> OntologyReport:
    """Run every ontology check; ``data`` adds the check that the data uses only declared terms.

    With ``reason``, owlready2 loads the ontology (converted to RDF/XML, which it reads) and
    HermiT, which needs Java, classifies it. Raises OntologyError if either cannot run.
    """
    onto = load_ontology(ontology_file)
    consistent, unsatisfiable = _hermit(onto, ontology_file) if reason else (True, ())
    terms = {s for t in _DECLARING for s in onto.subjects(RDF.type, t) if isinstance(s, URIRef)}
    concepts = {s for s in onto.subjects(RDF.type, SKOS.Concept) if isinstance(s, URIRef)}
    return OntologyReport(
        consistent=consistent,
        unsatisfiable=unsatisfiable,
        undeclared=_sorted(used_terms(data) - terms) if data is not None else (),
        unlabelled=_sorted(t for t in terms if onto.value(t, RDFS.label) is None),
        undefined=_sorted(t for t in terms if onto.value(t, SKOS.definition) is None),
        not_in_one_scheme=_sorted(c for c in concepts
                                  if len(set(onto.objects(c, SKOS.inScheme))) != 1),
        reasoned=reason,
    )


def used_terms(data: Graph) -> set[URIRef]:
    """The classes, properties and controlled-value concepts a data graph uses."""
    used: set[URIRef] = set()
    for _, p, o in data:
        if isinstance(p, URIRef):
            used.add(p)
        if isinstance(o, URIRef) and (p == RDF.type or str(o).startswith(str(VOCAB))):
            used.add(o)
    return {t for t in used if not str(t).startswith(_BUILT_IN)}


def _sorted(iris: Iterable[object]) -> tuple[str, ...]:
    return tuple(sorted(str(i) for i in iris))


def _hermit(onto: Graph, source: Path) -> tuple[bool, tuple[str, ...]]:
    """HermiT's verdict: consistent or not, and the unsatisfiable classes."""
    with tempfile.TemporaryDirectory() as tmp:
        owl_file = Path(tmp) / "kg.owl"
        onto.serialize(owl_file, format="xml")
        world = owlready2.World()
        try:
            ontology = world.get_ontology(owl_file.as_uri()).load()
            with ontology:
                owlready2.sync_reasoner(world, infer_property_values=False, debug=0)
        except owlready2.OwlReadyInconsistentOntologyError:
            return False, ()
        except (OSError, owlready2.OwlReadyError, owlready2.OwlReadyJavaError) as exc:
            raise OntologyError(str(source), f"HermiT could not run (it needs Java): {exc}"
                                ) from None
        unsatisfiable = tuple(sorted(c.iri for c in world.inconsistent_classes()
                                     if c is not owlready2.Nothing))
        world.close()
    return True, unsatisfiable

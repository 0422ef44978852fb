# title: Insert triples
# description: Insert triples into a named graph. kg load sends it after drop-graph.ru in the same request to replace a graph in one transaction, or alone to add a chunk to a staging graph.
# slots: graph (IRI), triples (lines of RDF terms, each written with rdflib's Term.n3())
INSERT DATA {
  GRAPH {{graph}} {
{{triples}}
  }
}

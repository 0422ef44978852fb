# title: Insert triples with blank nodes
# description: As insert-data.ru, for triples with blank nodes: Virtuoso refuses blank nodes in INSERT DATA, while a template with an empty WHERE makes one fresh node per label in every store.
# slots: graph (IRI), triples (lines of RDF terms, each written with rdflib's Term.n3())
INSERT {
  GRAPH {{graph}} {
{{triples}}
  }
}
WHERE {}

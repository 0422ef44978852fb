# title: Move a graph
# description: Replace a named graph with the content of a staging graph and drop the staging graph, in one request: a large graph loaded in chunks appears whole or not at all.
# slots: source (IRI), target (IRI)
MOVE SILENT GRAPH {{source}} TO GRAPH {{target}}

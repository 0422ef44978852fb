# title: Drop a graph
# description: Remove a named graph if it exists (a staging graph left by a load that failed).
# slots: graph (IRI)
DROP SILENT GRAPH {{graph}}

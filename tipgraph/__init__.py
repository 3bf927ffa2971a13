"""tipgraph: the cross-cutting pieces (settings and the `tipgraph` CLI) that tie
`ingest/`, `graph/`, `queries/` and `api/` together."""

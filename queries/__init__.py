"""The Cypher query library (parameterised, capped, with timeouts). Knows nothing of HTTP."""

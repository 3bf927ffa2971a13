"""The HTTP face of tipgraph: FastAPI (and, later, GraphQL). Holds no Cypher."""

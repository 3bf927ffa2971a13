"""The graph: schema, constraints, provisioning of and connection to Neo4j, and writes."""

"""The demo graph in networkx: every entity and data relationship, nothing of provenance.

Read with plain Cypher, it is an oracle that shares no code with ``queries/``.
"""

from __future__ import annotations

import networkx as nx

from tests.conftest import DemoWorld

PROVENANCE = ("FROM_SOURCE", "SUPERSEDED_BY", "NOT_SAME_AS", "SAME_AS", "MAYBE_SAME_AS")


def entity_graph(demo: DemoWorld) -> nx.Graph:
    """The entities and their data relationships, undirected; node attributes ``labels``
    and ``links`` (how many data relationships the node has, parallel ones counted)."""
    graph = nx.Graph()
    nodes = demo.db.driver.execute_query(
        "MATCH (n) WHERE NOT n:SourceRecord AND NOT n:Agency "
        "RETURN n.id AS id, labels(n) AS labels, COUNT { (n)-[r]-() WHERE NOT type(r) IN $provenance } AS links",
        provenance=list(PROVENANCE), database_=demo.db.name).records
    graph.add_nodes_from((record["id"], {"labels": set(record["labels"]), "links": record["links"]})
                         for record in nodes)
    edges = demo.db.driver.execute_query(
        "MATCH (a)-[r]->(b) WHERE NOT type(r) IN $provenance RETURN DISTINCT a.id AS a, b.id AS b",
        provenance=list(PROVENANCE), database_=demo.db.name).records
    graph.add_edges_from((record["a"], record["b"]) for record in edges)
    return graph

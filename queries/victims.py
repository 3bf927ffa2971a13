"""Which entities identify a trafficking victim, for the callers who may not see them.

A victim's identity is more than the person node: the documents, phones and addresses
(a shelter's among them) that a victim is linked to lead back to the victim. The API
redacts these for callers without the victim-PII clearance; deciding which nodes they
are is a question about the graph, so it is asked here.
"""

from __future__ import annotations

from collections.abc import Collection

from graph.schema import Label, Rel
from queries.base import Graph
from queries.entities import find_entities

# How a thing identifies the person linked to it.
IDENTIFYING_RELS: tuple[Rel, ...] = (Rel.HAS_DOCUMENT, Rel.HAS_PHONE, Rel.LIVES_AT)


def victim_identifiers(graph: Graph, ids: Collection[str]) -> set[str]:
    """The ids among ``ids`` of victims, and of the documents, phones and addresses of any victim."""
    nodes = find_entities(graph, ids)
    records = graph.read(f"""
        UNWIND $nodes AS node
        MATCH (n) WHERE elementId(n) = node
        WITH n WHERE n:{Label.VICTIM}
                  OR EXISTS {{ (n)<-[:{"|".join(IDENTIFYING_RELS)}]-(:{Label.VICTIM}) }}
        RETURN n.id AS id
        """, nodes=list(nodes.values()))
    return {record["id"] for record in records}

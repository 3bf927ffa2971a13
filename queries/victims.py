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
from queries.entities import A_VICTIMS_THING, find_entities


def victim_identifiers(graph: Graph, ids: Collection[str]) -> set[str]:
    """The ids among ``ids`` of victims, and of the documents, phones and addresses of any victim."""
    nodes = find_entities(graph, ids)
    records = graph.read(f"""
        UNWIND $nodes AS node
        MATCH (n) WHERE elementId(n) = node
        WITH n WHERE n:{Label.VICTIM} OR {A_VICTIMS_THING}
        RETURN n.id AS id
        """, nodes=list(nodes.values()))
    return {record["id"] for record in records}


def victim_records(graph: Graph, record_ids: Collection[str]) -> set[str]:
    """The ids among ``record_ids`` of source records that state a victim (a row of hers):
    a record id holds its row's key, and a DOPA row's key is the national ID number."""
    records = graph.read(f"""
        UNWIND $ids AS id
        MATCH (s:{Label.SOURCE_RECORD} {{id: id}})
        WHERE EXISTS {{ (s)<-[:{Rel.FROM_SOURCE}]-(:{Label.VICTIM}) }}
        RETURN s.id AS id
        """, ids=sorted(set(record_ids)))
    return {record["id"] for record in records}

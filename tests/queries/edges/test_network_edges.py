"""network() on small hand-built graphs: caps, filters, hubs, provenance, agencies and bad parameters."""

from __future__ import annotations

import pytest

from graph.schema import Rel
from queries.base import QueryError
from queries.network import HUB_FANOUT, network
from tests.conftest import Database
from tests.queries.edges.built import graph_of, run

# Two people sharing a phone, one a suspect in a case with four victims, both from one
# country; each fact asserted by an RTP or DOPA source record, the phone twice. Entities
# carry the agencies of their records, as the writer keeps them.
WORLD = """
CREATE (rtp1:SourceRecord {id: 'rtp:1', agency: 'RTP'}), (rtp2:SourceRecord {id: 'rtp:2', agency: 'RTP'}),
       (dopa:SourceRecord {id: 'dopa:1', agency: 'DOPA'})
CREATE (a:Person {id: 'A', name: 'Somchai', agencies: ['DOPA', 'RTP']}),
       (b:Person {id: 'B', name: 'Somsak', agencies: ['DOPA']}),
       (x:Phone {id: 'X', number: '+66800000001', agencies: ['RTP']}),
       (c:Case {id: 'C', rtp_case_no: '1/2567', agencies: ['RTP']}),
       (k:Location {id: 'country:MMR', name_en: 'Myanmar'})
CREATE (a)-[:FROM_SOURCE]->(rtp1), (a)-[:FROM_SOURCE]->(dopa), (b)-[:FROM_SOURCE]->(dopa),
       (x)-[:FROM_SOURCE]->(rtp1), (c)-[:FROM_SOURCE]->(rtp1), (rtp1)-[:SUPERSEDED_BY]->(rtp2),
       (rtp1)-[:NOT_SAME_AS]->(dopa)
CREATE (a)-[:HAS_PHONE {source_record: 'rtp:1', since: 2020}]->(x),
       (a)-[:HAS_PHONE {source_record: 'dopa:1', since: 2020}]->(x),
       (b)-[:HAS_PHONE {source_record: 'dopa:1'}]->(x),
       (a)-[:SUSPECT_IN {source_record: 'rtp:1'}]->(c),
       (a)-[:ORIGIN {source_record: 'rtp:1'}]->(k), (b)-[:ORIGIN {source_record: 'dopa:1'}]->(k)
WITH c, k
UNWIND range(1, 4) AS i
CREATE (v:Person {id: 'V' + i})-[:VICTIM_IN {source_record: 'rtp:1'}]->(c), (v)-[:ORIGIN {source_record: 'rtp:1'}]->(k)
"""
NODES = 12


@pytest.fixture
def world(db: Database) -> Database:
    run(db, WORLD)
    return db


def _ids(found) -> dict[str, int]:
    return {node.entity.id: node.hops for node in found.nodes}


def test_levels_and_merged_links_with_their_agencies(world: Database) -> None:
    found = network(graph_of(world), "A", hops=2)
    assert _ids(found) == {"A": 0, "X": 1, "C": 1, "country:MMR": 1, "B": 2, "V1": 2, "V2": 2, "V3": 2, "V4": 2}
    assert found.center.id == "A" and found.center.agencies == ("DOPA", "RTP") and not found.truncated
    phone = [link for link in found.links if link.type == Rel.HAS_PHONE and link.start == "A"]
    assert len(phone) == 1, "the two statements of A's phone are one link"
    assert phone[0].properties == {"since": 2020, "assertions": 2} and phone[0].agencies == ("DOPA", "RTP")
    assert [node.hub for node in found.nodes if node.entity.id == "country:MMR"] == [True]


def test_provenance_is_not_followed(world: Database) -> None:
    found = network(graph_of(world), "A", hops=4)
    assert not any("SourceRecord" in node.entity.labels for node in found.nodes)
    with pytest.raises(QueryError, match="entity_id: no entity with id 'rtp:1'"):
        network(graph_of(world), "rtp:1")


def test_rel_types_choose_the_links_followed(world: Database) -> None:
    found = network(graph_of(world), "A", hops=3, rel_types=["HAS_PHONE"])
    assert _ids(found) == {"A": 0, "X": 1, "B": 2}
    assert {link.type for link in found.links} == {"HAS_PHONE"}
    found = network(graph_of(world), "C", hops=2, rel_types=[Rel.VICTIM_IN, Rel.ORIGIN])
    assert set(_ids(found)) == {"C", "V1", "V2", "V3", "V4", "country:MMR"}


def test_the_limit_truncates_and_says_so(world: Database) -> None:
    found = network(graph_of(world), "C", hops=1, limit=3)
    assert found.truncated and len(found.nodes) == 3 and found.nodes[0].entity.id == "C"
    whole = network(graph_of(world), "C", hops=1, limit=6)
    assert not whole.truncated and len(whole.nodes) == 6


def test_a_level_that_overflows_is_cut_and_the_nearer_levels_kept(world: Database) -> None:
    found = network(graph_of(world), "A", hops=2, limit=6)
    levels = _ids(found)
    assert found.truncated and len(levels) == 6
    assert {"A", "X", "C", "country:MMR"} <= set(levels), "every node of level 1 is kept"


def test_a_hub_is_shown_but_not_expanded(db: Database) -> None:
    run(db, """
    CREATE (a:Person {id: 'A'})-[:LIVES_AT]->(shelter:Address {id: 'S', text: 'shelter'})
    WITH shelter UNWIND range(1, $many) AS i CREATE (:Person {id: 'P' + i})-[:LIVES_AT]->(shelter)
    """, many=HUB_FANOUT)
    found = network(graph_of(db), "A", hops=2)
    assert _ids(found) == {"A": 0, "S": 1} and found.nodes[1].hub and not found.truncated
    assert len(network(graph_of(db), "S", hops=1, limit=5_000).nodes) == HUB_FANOUT + 2, "the start is expanded"
    run(db, "MATCH (p:Person {id: 'P1'}) DETACH DELETE p")
    assert len(network(graph_of(db), "A", hops=2).nodes) == HUB_FANOUT + 1, "at HUB_FANOUT neighbours, not a hub"


@pytest.mark.parametrize(("arguments", "message"), [
    ({"hops": 0}, "hops must be between 1 and 4, got 0"),
    ({"hops": 9}, "hops must be between 1 and 4, got 9"),
    ({"limit": 0}, "limit must be between 1 and 5000, got 0"),
    ({"rel_types": ["KNOWS"]}, "rel_types: unknown relationship type 'KNOWS'"),
    ({"rel_types": ["FROM_SOURCE"]}, "rel_types: FROM_SOURCE is provenance"),
    ({"rel_types": ["HAS_PHONE]->() DETACH DELETE (n"]}, "rel_types: unknown relationship type"),
    ({"rel_types": []}, "rel_types must name at least one"),
    ({"rel_types": "HAS_PHONE"}, "rel_types must be a list"),
])
def test_bad_parameters_are_refused_by_name(world: Database, arguments: dict, message: str) -> None:
    with pytest.raises(QueryError, match=message.replace("(", r"\(").replace(")", r"\)").replace("]", r"\]")):
        network(graph_of(world), "A", **arguments)
    assert world.count("MATCH (n) RETURN count(n)") == NODES


def test_an_unknown_id_is_named_and_is_only_data(world: Database) -> None:
    for entity_id in ("nobody", "A'}) DETACH DELETE (n) //", ""):
        with pytest.raises(QueryError, match="no entity with id"):
            network(graph_of(world), entity_id)
    assert world.count("MATCH (n) RETURN count(n)") == NODES

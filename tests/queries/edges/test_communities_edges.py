"""Communities and key players on hand-built person graphs: weak bridges, hubs, kinds of evidence, caps."""

from __future__ import annotations

import pytest

from queries.base import QueryError
from queries.communities import communities, key_players
from tests.conftest import Database
from tests.queries.edges.built import graph_of, run


def _two_rings(db: Database) -> None:
    """Two cases of four suspects each, and one phone shared across them by A1 and B1."""
    run(db, """
    UNWIND ['A', 'B'] AS ring
    MERGE (c:Case {id: 'case:' + ring})
    WITH ring, c UNWIND range(1, 4) AS n
    MERGE (p:Person:Suspect {id: ring + toString(n)}) MERGE (p)-[:SUSPECT_IN]->(c)
    """)
    run(db, "MERGE (ph:Phone {id: 'phone:+66800000000'}) WITH ph MATCH (p:Person) WHERE p.id IN ['A1', 'B1'] "
            "MERGE (p)-[:HAS_PHONE]->(ph)")


def _members(found) -> list[list[str]]:
    return sorted(sorted(member.id for member in community.members) for community in found.communities)


def test_two_rings_bridged_by_one_phone_stay_two_communities(db: Database) -> None:
    _two_rings(db)
    found = communities(graph_of(db))
    assert _members(found) == [["A1", "A2", "A3", "A4"], ["B1", "B2", "B3", "B4"]]
    assert found.projection.links_by_kind == (("co_offending", 12), ("phone", 1))
    assert dict(found.communities[0].links) == {"co_offending": 6}
    assert communities(graph_of(db)) == found  # seeded: the same graph gives the same answer
    assert _members(communities(graph_of(db), kinds=["phone"], min_size=2)) == [["A1", "B1"]]


def test_the_bridges_are_the_key_players_by_betweenness(db: Database) -> None:
    _two_rings(db)
    players = key_players(graph_of(db))
    by_betweenness = sorted(players.players, key=lambda player: -player.betweenness)
    assert {player.person.id for player in by_betweenness[:2]} == {"A1", "B1"}
    assert by_betweenness[2].betweenness < by_betweenness[1].betweenness
    ring_of = {ring: {p.community for p in players.players if p.person.id.startswith(ring)} for ring in "AB"}
    assert len(ring_of["A"]) == len(ring_of["B"]) == 1 and ring_of["A"] != ring_of["B"]
    assert key_players(graph_of(db), limit=3).truncated


def test_a_shared_item_past_max_sharing_and_a_shelter_link_nothing(db: Database) -> None:
    run(db, """
    MERGE (dorm:Address {id: 'address:dorm'}) MERGE (shelter:Address {id: 'address:shelter'})
    WITH dorm, shelter UNWIND range(1, 30) AS n
    MERGE (p:Person:Victim {id: 'V' + toString(n)})
    MERGE (p)-[:LIVES_AT {house_id: 'H1'}]->(dorm) MERGE (p)-[:LIVES_AT {shelter: true}]->(shelter)
    """)
    assert communities(graph_of(db)).projection.links == 0
    assert communities(graph_of(db)).communities == ()
    assert len(communities(graph_of(db), max_sharing=30).communities[0].members) == 30


def test_money_between_held_accounts_links_their_holders(db: Database) -> None:
    run(db, """
    UNWIND [['P1', 'a1'], ['P2', 'a2'], ['P3', 'a3']] AS pair
    MERGE (p:Person:Suspect {id: pair[0]}) MERGE (a:BankAccount {id: pair[1]}) MERGE (p)-[:HOLDS]->(a)
    """)
    run(db, """
    MATCH (a1:BankAccount {id: 'a1'}), (a2:BankAccount {id: 'a2'}), (a3:BankAccount {id: 'a3'})
    CREATE (a1)-[:TRANSFERRED {amount: 10.0, at: '2024-01-01'}]->(a2),
           (a2)-[:TRANSFERRED {amount: 10.0, at: '2024-01-02'}]->(a1),
           (a2)-[:TRANSFERRED {amount: 10.0, at: '2024-01-03'}]->(a3)
    """)
    found = communities(graph_of(db))
    assert _members(found) == [["P1", "P2", "P3"]]
    assert found.projection.links_by_kind == (("money", 2),)


def test_households_without_a_role_are_left_out_unless_asked_for(db: Database) -> None:
    run(db, """
    MERGE (home:Address {id: 'address:home'})
    WITH home UNWIND ['F1', 'F2', 'F3'] AS id
    MERGE (p:Person {id: id}) MERGE (p)-[:LIVES_AT {house_id: 'H9'}]->(home)
    """)
    assert communities(graph_of(db)).communities == ()
    assert _members(communities(graph_of(db), involved_only=False)) == [["F1", "F2", "F3"]]


def test_the_edge_cap_truncates_and_says_so(db: Database) -> None:
    _two_rings(db)
    capped = communities(graph_of(db), max_edges=5, min_size=2)
    assert capped.truncated and capped.projection.truncated and capped.projection.links == 5
    assert communities(graph_of(db), limit=1).truncated


def test_an_empty_graph_has_no_communities(db: Database) -> None:
    assert communities(graph_of(db)).communities == ()
    assert key_players(graph_of(db)).players == ()


@pytest.mark.parametrize(("arguments", "message"), [
    ({"kinds": ["gossip"]}, "kinds must be a non-empty selection of co_offending, phone"),
    ({"kinds": []}, "kinds must be a non-empty selection"),
    ({"resolution": 0.0}, "resolution must be above 0"),
    ({"max_edges": 0}, "max_edges must be between 1"),
    ({"max_sharing": 1}, "max_sharing must be between 2"),
    ({"max_sharing": 201}, "max_sharing must be between 2 and 200, got 201"),
    ({"min_size": 1}, "min_size must be between 2"),
])
def test_bad_parameters_are_refused_by_name(db: Database, arguments: dict, message: str) -> None:
    with pytest.raises(QueryError, match=message):
        communities(graph_of(db), **arguments)


def test_bad_key_player_parameters_are_refused_by_name(db: Database) -> None:
    with pytest.raises(QueryError, match="cutoff must be between 1 and 20, got 0"):
        key_players(graph_of(db), cutoff=0)

"""paths() on small hand-built graphs: no path, the hop bound, the cap, parallel links, places, hubs and bad parameters."""

from __future__ import annotations

import pytest

from queries.base import QueryError
from queries.paths import HUB_LINKS, paths
from tests.conftest import Database
from tests.queries.edges.built import graph_of, run


def test_no_path_is_an_empty_result(db: Database) -> None:
    run(db, "CREATE (:Person {id: 'A'})-[:HAS_PHONE]->(:Phone {id: 'X'}), (:Person {id: 'B'})")
    found = paths(graph_of(db), "A", "B")
    assert (found.paths, found.shortest, found.length, found.truncated) == ((), None, None, False)
    assert (found.source.id, found.target.id) == ("A", "B")


def test_a_path_longer_than_max_hops_is_not_found(db: Database) -> None:
    run(db, """CREATE (:Person {id: 'A'})-[:HAS_PHONE]->(:Phone {id: 'X'})<-[:HAS_PHONE]-(:Person {id: 'M'})
               -[:LIVES_AT]->(:Address {id: 'H'})<-[:LIVES_AT]-(:Person {id: 'B'})""")
    assert paths(graph_of(db), "A", "B", max_hops=3).paths == ()
    found = paths(graph_of(db), "A", "B", max_hops=4)
    assert found.length == 4 and [n.id for n in found.shortest.nodes] == ["A", "X", "M", "H", "B"]
    assert [link.type for link in found.shortest.links] == ["HAS_PHONE", "HAS_PHONE", "LIVES_AT", "LIVES_AT"]


def test_all_shortest_paths_are_capped_and_say_so(db: Database) -> None:
    run(db, """CREATE (a:Person {id: 'A'}), (b:Person {id: 'B'})
               WITH a, b UNWIND range(1, 5) AS i
               CREATE (a)-[:HAS_PHONE]->(:Phone {id: 'X' + i})<-[:HAS_PHONE]-(b)""")
    every = paths(graph_of(db), "A", "B")
    assert len(every.paths) == 5 and not every.truncated and every.length == 2
    capped = paths(graph_of(db), "A", "B", limit=3)
    assert len(capped.paths) == 3 and capped.truncated


def test_parallel_links_are_one_path(db: Database) -> None:
    run(db, """CREATE (a:Person {id: 'A'}), (x:Phone {id: 'X'}), (b:Person {id: 'B'})
               CREATE (a)-[:HAS_PHONE {source_record: 's1'}]->(x), (a)-[:HAS_PHONE {source_record: 's2'}]->(x),
                      (a)-[:HAS_PHONE {source_record: 's3'}]->(x), (b)-[:HAS_PHONE {source_record: 's4'}]->(x)""")
    found = paths(graph_of(db), "A", "B", limit=1)
    assert len(found.paths) == 1 and not found.truncated
    assert sorted(link.properties["assertions"] for link in found.shortest.links) == [1, 3]


def test_rel_types_choose_the_links_followed(db: Database) -> None:
    run(db, """CREATE (a:Person {id: 'A'}), (b:Person {id: 'B'})
               CREATE (a)-[:HAS_PHONE]->(:Phone {id: 'X'})<-[:HAS_PHONE]-(b),
                      (a)-[:LIVES_AT]->(:Address {id: 'H1'})<-[:LIVES_AT]-(:Person {id: 'M'})
                      -[:LIVES_AT]->(:Address {id: 'H2'})<-[:LIVES_AT]-(b)""")
    assert [n.id for n in paths(graph_of(db), "A", "B").shortest.nodes] == ["A", "X", "B"]
    found = paths(graph_of(db), "A", "B", rel_types=["LIVES_AT"])
    assert [n.id for n in found.shortest.nodes] == ["A", "H1", "M", "H2", "B"]
    assert paths(graph_of(db), "A", "B", rel_types=["OWNS"]).paths == ()


def test_a_place_is_an_end_but_not_a_step(db: Database) -> None:
    run(db, "CREATE (:Person {id: 'A'})-[:ORIGIN]->(:Location {id: 'country:MMR'})<-[:ORIGIN]-(:Person {id: 'B'})")
    assert paths(graph_of(db), "A", "B").paths == ()
    assert paths(graph_of(db), "A", "country:MMR").length == 1
    assert paths(graph_of(db), "country:MMR", "A").length == 1


def test_a_hub_is_a_step_only_when_asked(db: Database) -> None:
    """A shelter's address where HUB_LINKS people lived connects none of them; it stays an
    end, and counting stops at the types searched (phones do not make it a hub for LIVES_AT)."""
    run(db, """CREATE (a:Person {id: 'A'}), (b:Person {id: 'B'}), (h:Address {id: 'H'}), (s:Address {id: 'S'})
               CREATE (a)-[:LIVES_AT]->(h)<-[:LIVES_AT]-(b), (a)-[:LIVES_AT]->(s)<-[:LIVES_AT]-(b)
               WITH h, s UNWIND range(3, $hub) AS i
               CREATE (h)<-[:LIVES_AT]-(:Person {id: 'P' + i}), (s)<-[:HAS_PHONE]-(:Person {id: 'Q' + i})""",
        hub=HUB_LINKS + 1)
    assert paths(graph_of(db), "A", "B").paths == ()
    only_homes = paths(graph_of(db), "A", "B", rel_types=["LIVES_AT"])
    assert [[n.id for n in path.nodes] for path in only_homes.paths] == [["A", "S", "B"]]
    found = paths(graph_of(db), "A", "B", through_hubs=True)
    assert sorted(n.id for path in found.paths for n in path.nodes[1:-1]) == ["H", "S"]
    assert paths(graph_of(db), "A", "H").length == 1


def test_provenance_is_not_a_path(db: Database) -> None:
    run(db, """CREATE (:Person {id: 'A'})-[:FROM_SOURCE]->(s:SourceRecord {id: 's1'})<-[:FROM_SOURCE]-(:Person {id: 'B'}),
                      (s)-[:SUPERSEDED_BY]->(:SourceRecord {id: 's2'})<-[:FROM_SOURCE]-(:Person {id: 'C'})""")
    assert paths(graph_of(db), "A", "B").paths == () and paths(graph_of(db), "A", "C").paths == ()


@pytest.mark.parametrize(("arguments", "message"), [
    ({"max_hops": 0}, "max_hops must be between 1 and 8, got 0"),
    ({"max_hops": 9}, "max_hops must be between 1 and 8, got 9"),
    ({"limit": 0}, "limit must be between 1 and 500, got 0"),
    ({"rel_types": ["NOT_SAME_AS"]}, "rel_types: NOT_SAME_AS is provenance"),
    ({"rel_types": ["knows"]}, "rel_types: unknown relationship type 'knows'"),
    ({"b_id": "A"}, "a_id and b_id are the same entity"),
    ({"a_id": "nobody"}, "a_id: no entity with id 'nobody'"),
    ({"b_id": "nobody"}, "b_id: no entity with id 'nobody'"),
])
def test_bad_parameters_are_refused_by_name(db: Database, arguments: dict, message: str) -> None:
    run(db, "CREATE (:Person {id: 'A'})-[:HAS_PHONE]->(:Phone {id: 'X'})<-[:HAS_PHONE]-(:Person {id: 'B'})")
    with pytest.raises(QueryError, match=message):
        paths(graph_of(db), **{"a_id": "A", "b_id": "B", **arguments})

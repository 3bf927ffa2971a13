"""victim_identifiers() and the entity lookups by id, on a small hand-built graph."""

from __future__ import annotations

from queries.entities import find_entities, properties_of
from queries.victims import victim_identifiers
from tests.conftest import Database
from tests.queries.edges.built import graph_of, run

# A victim with a passport, a phone and a shelter address; a suspect with his own phone
# who also calls the victim's phone; a case and a country that identify nobody.
WORLD = """
CREATE (v:Person:Victim {id: 'V', name: 'Mya Mya'}), (s:Person:Suspect {id: 'S', name: 'Somchai'}),
       (d:IdentityDocument {id: 'passport:MMR:MA123', kind: 'passport', number: 'MA123'}),
       (p:Phone {id: 'phone:1', number: '+66811111111'}), (q:Phone {id: 'phone:2', number: '+66822222222'}),
       (h:Address {id: 'address:shelter', text: 'Shelter, Chiang Rai'}), (c:Case {id: 'case:RTP:1/2567'}),
       (k:Location {id: 'country:MMR'})
CREATE (v)-[:HAS_DOCUMENT]->(d), (v)-[:HAS_PHONE]->(p), (v)-[:LIVES_AT]->(h), (s)-[:HAS_PHONE]->(p),
       (s)-[:HAS_PHONE]->(q), (v)-[:VICTIM_IN]->(c), (s)-[:SUSPECT_IN]->(c), (v)-[:ORIGIN]->(k)
"""
EVERYTHING = ["V", "S", "passport:MMR:MA123", "phone:1", "phone:2", "address:shelter", "case:RTP:1/2567",
              "country:MMR", "nobody"]


def test_a_victim_and_the_things_that_lead_to_her_are_identifiers(db: Database) -> None:
    run(db, WORLD)
    assert victim_identifiers(graph_of(db), EVERYTHING) == {"V", "passport:MMR:MA123", "phone:1", "address:shelter"}
    assert victim_identifiers(graph_of(db), ["S", "phone:2"]) == set() and victim_identifiers(graph_of(db), []) == set()


def test_entities_are_found_by_id_whatever_their_label(db: Database) -> None:
    run(db, WORLD)
    assert set(find_entities(graph_of(db), EVERYTHING)) == set(EVERYTHING) - {"nobody"}
    assert properties_of(graph_of(db), ["V", "phone:2", "nobody"]) == {
        "V": {"id": "V", "name": "Mya Mya"}, "phone:2": {"id": "phone:2", "number": "+66822222222"}}

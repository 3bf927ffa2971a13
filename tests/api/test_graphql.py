"""The GraphQL API over HTTP (httpx through Starlette's TestClient), on the small demo world.

The real app and a real Neo4j: what each field serves is compared with what the
``queries/`` function returns for the same question; then authentication, the role
matrix, victim redaction, the audit log, the limits and hostile input.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import jwt
import pytest
from fastapi.testclient import TestClient
from graphql import validate

from api.app import create_app
from api.audit import AuditLog
from api.auth import Caller, create_token
from api.policy import VICTIM_PII
from api.schema import UNEXPECTED
from api.schema.context import Context
from api.secrets import hs256_secret
from queries.base import Graph
from queries.cases import case_status, related_cases
from queries.money import money_trail
from queries.network import network
from queries.review import review_queue
from queries.search import search
from queries.victims import victim_identifiers
from tests.conftest import DemoWorld
from tests.queries.demo_truth import account_id, graph_people
from tipgraph.settings import Settings

NETWORK = """query Ring($id: ID!) { network(entityId: $id, hops: 1) {
  center { id name }
  nodes(first: 1000) { totalCount edges { node { hops hub entity { id name redacted labels agencies
    ... on Person { dob nationality } } } } }
  links { type start end agencies properties } truncated } }"""


@pytest.fixture(scope="module")
def api_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return Settings(tipgraph_data_dir=tmp_path_factory.mktemp("api"), tipgraph_rate_limit_burst=10_000,
                    tipgraph_rate_limit_per_minute=60_000)


@pytest.fixture
def client(demo: DemoWorld, api_settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(demo.db.endpoint, api_settings)) as client:
        yield client


def token(api_settings: Settings, role: str, clearances: tuple[str, ...] = (), agency: str = "RTP") -> str:
    return create_token(api_settings, f"{role}-1", agency, [role], clearances, timedelta(hours=1))


def ask(client: TestClient, bearer: str, query: str, **variables: Any) -> dict[str, Any]:
    response = client.post("/graphql", json={"query": query, "variables": variables},
                           headers={"Authorization": f"Bearer {bearer}"})
    assert response.status_code == 200, response.text
    return response.json()


def _ring_case(demo: DemoWorld) -> str:
    ring = demo.truth.rings[0]
    return f"case:{ring['agency']}:{ring['case_no']}"


def test_network_serves_what_the_query_returns(demo: DemoWorld, client: TestClient, api_settings: Settings) -> None:
    expected = network(Graph(demo.db.driver, demo.db.name), _ring_case(demo), hops=1)
    served = ask(client, token(api_settings, "investigator", (VICTIM_PII,)), NETWORK, id=_ring_case(demo))["data"]["network"]
    nodes = [edge["node"] for edge in served["nodes"]["edges"]]
    assert [(n["entity"]["id"], n["hops"], n["hub"]) for n in nodes] == \
        [(n.entity.id, n.hops, n.hub) for n in expected.nodes]
    assert [n["entity"]["name"] for n in nodes] == [n.entity.name for n in expected.nodes]
    assert [(link["type"], link["start"], link["end"]) for link in served["links"]] == \
        [(link.type, link.start, link.end) for link in expected.links]
    assert served["nodes"]["totalCount"] == len(expected.nodes) and served["truncated"] == expected.truncated
    people = [n["entity"] for n in nodes if "Person" in n["entity"]["labels"]]
    assert people and all("dob" in person for person in people)


@pytest.mark.parametrize("role", ["investigator", "prosecutor"])
def test_case_fields_serve_what_the_queries_return(demo: DemoWorld, client: TestClient, api_settings: Settings,
                                                   role: str) -> None:
    graph = Graph(demo.db.driver, demo.db.name)
    case = _ring_case(demo)
    served = ask(client, token(api_settings, role), """query C($id: ID!) {
        caseStatus(caseId: $id) { stage numbers timeline { on agency stage number } compensation { orderedBaht } }
        relatedCases(caseId: $id) { related(first: 50) { edges { node { score case { id } } } } } }""", id=case)
    status, related = case_status(graph, case), related_cases(graph, case)
    assert served["data"]["caseStatus"]["stage"] == status.stage and served["data"]["caseStatus"]["numbers"] == status.numbers
    assert [e["number"] for e in served["data"]["caseStatus"]["timeline"]] == [e.number for e in status.timeline]
    assert served["data"]["caseStatus"]["compensation"]["orderedBaht"] == status.compensation.ordered_baht
    assert [(e["node"]["case"]["id"], e["node"]["score"]) for e in served["data"]["relatedCases"]["related"]["edges"]] \
        == [(r.case.id, r.score) for r in related.related]


def test_money_trail_serves_what_the_query_returns(demo: DemoWorld, client: TestClient, api_settings: Settings) -> None:
    account = account_id(demo.truth.mule_accounts[0]["account"])
    expected = money_trail(Graph(demo.db.driver, demo.db.name), account, max_hops=4)
    served = ask(client, token(api_settings, "analyst", agency="AMLO"), """query M($id: ID!) {
        moneyTrail(accountId: $id, maxHops: 4) { account { account { id } holders { id } }
          paths(first: 1000) { totalCount edges { node { transfers { sender receiver amount at } } } }
          sinks { account amount } truncated } }""", id=account)["data"]["moneyTrail"]
    assert served["account"]["account"]["id"] == account
    assert [[(t["sender"], t["receiver"], t["amount"], t["at"]) for t in e["node"]["transfers"]]
            for e in served["paths"]["edges"]] == \
        [[(t.sender, t.receiver, t.amount, t.at) for t in path.transfers] for path in expected.paths]
    assert [(s["account"], s["amount"]) for s in served["sinks"]] == [(s.account, s.amount) for s in expected.sinks]


def test_pages_follow_their_cursors(demo: DemoWorld, client: TestClient, api_settings: Settings) -> None:
    bearer = token(api_settings, "investigator", (VICTIM_PII,))
    seen: list[str] = []
    after = None
    while True:
        page = ask(client, bearer, """query P($id: ID!, $after: String) { network(entityId: $id, hops: 1) {
            nodes(first: 7, after: $after) { totalCount pageInfo { hasNextPage endCursor }
              edges { node { entity { id } } } } } }""", id=_ring_case(demo), after=after)["data"]["network"]["nodes"]
        seen += [edge["node"]["entity"]["id"] for edge in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert len(seen) == page["totalCount"] == len(set(seen)) > 7


def test_victims_are_redacted_for_callers_without_the_clearance(demo: DemoWorld, client: TestClient,
                                                                 api_settings: Settings) -> None:
    """The same network, asked by an investigator with and without the clearance: the same
    nodes, but without it no victim's name or date of birth; suspects are shown alike."""
    def entities(bearer: str) -> dict[str, dict[str, Any]]:
        served = ask(client, bearer, NETWORK, id=_ring_case(demo))["data"]["network"]
        return {edge["node"]["entity"]["id"]: edge["node"]["entity"] for edge in served["nodes"]["edges"]}

    cleared = entities(token(api_settings, "investigator", (VICTIM_PII,)))
    uncleared = entities(token(api_settings, "investigator"))
    assert sorted(e["labels"] for e in cleared.values()) == sorted(e["labels"] for e in uncleared.values())
    victims = [entity for entity in cleared.values() if "Victim" in entity["labels"]]
    assert victims and all(victim["name"] and not victim["redacted"] for victim in victims)
    hidden = [entity for entity in uncleared.values() if "Victim" in entity["labels"]]
    assert len(hidden) == len(victims) and all(
        victim["id"].startswith("redacted:") and victim["redacted"] and (victim["name"], victim["dob"]) == (None, None)
        for victim in hidden)
    suspects = [id for id, entity in cleared.items() if "Suspect" in entity["labels"]]
    assert suspects and all(uncleared[s] == cleared[s] for s in suspects)


def test_redacted_ids_give_nothing_away(demo: DemoWorld, client: TestClient, api_settings: Settings) -> None:
    """Ids are built from natural keys (nid:<number>, address:<text>): without the clearance a
    victim's identifiers appear nowhere in the answer, and links still meet their nodes."""
    people = graph_people(demo)
    victim = next(people[m["person"]] for m in demo.truth.rings[0]["members"] if m["role"] == "victim")
    cleared = ask(client, token(api_settings, "investigator", (VICTIM_PII,)), NETWORK, id=victim)["data"]["network"]
    response = client.post("/graphql", json={"query": NETWORK, "variables": {"id": victim}},
                           headers={"Authorization": f"Bearer {token(api_settings, 'investigator')}"})
    uncleared = response.json()["data"]["network"]
    hidden = victim_identifiers(Graph(demo.db.driver, demo.db.name),
                                [edge["node"]["entity"]["id"] for edge in cleared["nodes"]["edges"]])
    assert victim in hidden and any(id.startswith(("nid:", "passport:", "address:", "phone:")) for id in hidden)
    assert not [id for id in hidden if id in response.text]
    shown = {edge["node"]["entity"]["id"] for edge in uncleared["nodes"]["edges"]}
    assert len(shown) == len(cleared["nodes"]["edges"]) and uncleared["center"]["id"].startswith("redacted:")
    assert all(link["start"] in shown and link["end"] in shown for link in uncleared["links"])
    assert not any("house_id" in link["properties"] for link in uncleared["links"] if link["type"] == "LIVES_AT")


def test_a_case_worker_sees_the_victim_an_investigator_without_clearance_does_not(
        demo: DemoWorld, client: TestClient, api_settings: Settings) -> None:
    people = graph_people(demo)
    victim = next(people[m["person"]] for m in demo.truth.rings[0]["members"] if m["role"] == "victim")
    query = """query E($id: ID!) { entity(id: $id) { id name redacted labels properties
        ... on Person { names nameTh nameLatin dob nationality } } }"""
    seen = ask(client, token(api_settings, "case-worker", agency="MSDHS"), query, id=victim)["data"]["entity"]
    hidden = ask(client, token(api_settings, "investigator"), query, id=victim)["data"]["entity"]
    assert seen["id"] == victim and hidden["id"].startswith("redacted:") and seen["labels"] == hidden["labels"]
    assert seen["name"] and seen["names"] and not seen["redacted"] and "name" in seen["properties"]
    assert hidden["redacted"] and (hidden["name"], hidden["names"], hidden["nameTh"], hidden["nameLatin"],
                                   hidden["dob"]) == (None,) * 5
    assert not {"name", "names", "name_th", "name_latin", "name_keys", "dob"} & hidden["properties"].keys()
    assert hidden["nationality"] == seen["nationality"], "what is not identity stays"


def test_search_finds_no_victim_for_a_caller_without_the_clearance(demo: DemoWorld, client: TestClient,
                                                                    api_settings: Settings) -> None:
    people = graph_people(demo)
    victim = next(people[m["person"]] for m in demo.truth.rings[0]["members"] if m["role"] == "victim")
    name = demo.db.driver.execute_query("MATCH (p:Person {id: $id}) RETURN p.name AS name", id=victim,
                                        database_=demo.db.name).records[0]["name"]
    query = """query S($text: String!) { search(text: $text) { hits { edges { node { matchedName entity { id } } } } } }"""
    cleared = ask(client, token(api_settings, "investigator", (VICTIM_PII,)), query, text=name)
    uncleared = ask(client, token(api_settings, "investigator"), query, text=name)
    hits = lambda served: [e["node"]["entity"]["id"] for e in served["data"]["search"]["hits"]["edges"]]  # noqa: E731
    assert victim in hits(cleared) and victim not in hits(uncleared)
    expected = search(Graph(demo.db.driver, demo.db.name), name)
    assert hits(cleared) == [hit.entity.id for hit in expected.hits]


@pytest.mark.parametrize(("role", "field", "allowed"), [
    ("auditor", "network", False), ("auditor", "auditLog", True), ("analyst", "caseStatus", False),
    ("analyst", "muleAccounts", True), ("investigator", "muleAccounts", False), ("case-worker", "network", False),
    ("prosecutor", "caseStatus", True), ("admin", "auditLog", False),
])
def test_the_roles_decide_the_fields(demo: DemoWorld, client: TestClient, api_settings: Settings, role: str, field: str,
                                     allowed: bool) -> None:
    queries = {"network": '{ network(entityId: "%s", hops: 1) { truncated } }' % _ring_case(demo),
               "auditLog": "{ auditLog(first: 1) { totalCount } }",
               "caseStatus": '{ caseStatus(caseId: "%s") { stage } }' % _ring_case(demo),
               "muleAccounts": "{ muleAccounts(limit: 5) { truncated } }"}
    served = ask(client, token(api_settings, role), queries[field])
    if allowed:
        assert "errors" not in served and served["data"][field] is not None
    else:
        assert served["errors"][0]["message"] == f"{field} is not allowed for {role}"


@pytest.mark.parametrize(("make", "message"), [
    (lambda s: None, "missing credentials"),
    (lambda s: create_token(s, "x", "RTP", ["investigator"], [], timedelta(hours=1),
                            now=datetime.now(UTC) - timedelta(hours=2)), "token expired"),
    (lambda s: token(s, "investigator")[:-4] + "AAAA", "token signature is invalid"),
    (lambda s: jwt.encode({"sub": "x", "agency": "RTP", "roles": ["investigator"], "clearances": [],
                           "iss": s.tipgraph_jwt_issuer, "aud": "someone-else",
                           "iat": datetime.now(UTC), "exp": datetime.now(UTC) + timedelta(hours=1)},
                          hs256_secret(s), algorithm="HS256"), "token audience"),
])
def test_bad_credentials_get_401_with_the_reason(client: TestClient, api_settings: Settings, make: Any,
                                                  message: str) -> None:
    bearer = make(api_settings)
    headers = {"Authorization": f"Bearer {bearer}"} if bearer else {}
    response = client.post("/graphql", json={"query": "{ auditLog { totalCount } }"}, headers=headers)
    assert response.status_code == 401 and response.json()["detail"].startswith(message)


def test_every_request_is_audited_in_a_chain(demo: DemoWorld, client: TestClient, api_settings: Settings) -> None:
    log = AuditLog.from_settings(api_settings)
    before = len(list(log.entries()))
    ask(client, token(api_settings, "investigator", (VICTIM_PII,)), NETWORK, id=_ring_case(demo))
    ask(client, token(api_settings, "auditor"), '{ network(entityId: "x") { truncated } }')
    client.post("/graphql", json={"query": "{ network(entityId: \"x\") { truncated } }"})
    entries = list(log.entries())[before:]
    assert [(e.subject, e.allowed) for e in entries] == [
        ("investigator-1", True), ("auditor-1", False), ("(unauthenticated)", False)]
    assert _ring_case(demo) in entries[0].entity_ids and entries[0].variables == {"id": _ring_case(demo)}
    assert entries[1].reason == "network is not allowed for auditor"
    assert log.verify().ok
    served = ask(client, token(api_settings, "auditor"), """{ auditLog(subject: "auditor-1", first: 500) {
        edges { node { subject operation allowed reason } } } }""")["data"]["auditLog"]["edges"]
    assert {"subject": "auditor-1", "operation": "network", "allowed": False,
            "reason": "network is not allowed for auditor"} in [edge["node"] for edge in served]


def test_limits_refuse_expensive_questions(demo: DemoWorld, client: TestClient, api_settings: Settings) -> None:
    bearer = token(api_settings, "investigator", (VICTIM_PII,))
    shallow = api_settings.model_copy(update={"tipgraph_max_query_depth": 4})
    with TestClient(create_app(demo.db.endpoint, shallow)) as strict:
        assert "exceeds maximum operation depth of 4" in ask(strict, bearer, NETWORK, id=_ring_case(demo))["errors"][0]["message"]
    flood = "{ " + " ".join(f'a{i}: search(text: "somchai") {{ truncated }}' for i in range(50)) + " }"
    assert "aliases" in ask(client, bearer, flood)["errors"][0]["message"]
    wordy = "{ search(text: \"somchai\") { " + "truncated " * 3_000 + "} }"
    assert "token" in ask(client, bearer, wordy)["errors"][0]["message"].lower()
    huge = '{ network(entityId: "%s") { nodes(first: 100000) { totalCount } } }' % _ring_case(demo)
    assert ask(client, bearer, huge)["errors"][0]["message"] == "first must be between 1 and 1000, got 100000"
    wide = '{ network(entityId: "%s", limit: 1000000) { truncated } }' % _ring_case(demo)
    assert ask(client, bearer, wide)["errors"][0]["message"] == "limit must be between 1 and 5000, got 1000000"


@pytest.mark.parametrize("text", ["'; MATCH (n) DETACH DELETE n //", '" OR 1=1 --', "}) RETURN n UNION MATCH (m", "\\u0000"])
def test_hostile_arguments_are_data(demo: DemoWorld, client: TestClient, api_settings: Settings, text: str) -> None:
    nodes = demo.db.count("MATCH (n) RETURN count(n) AS n")
    served = ask(client, token(api_settings, "investigator"), "query S($t: String!, $id: ID!) { search(text: $t) { truncated } "
                 "entity(id: $id) { id } }", t=text, id=text)
    assert "errors" not in served and served["data"]["entity"] is None
    assert demo.db.count("MATCH (n) RETURN count(n) AS n") == nodes


def test_a_body_without_its_length_is_refused(client: TestClient, api_settings: Settings) -> None:
    body = json.dumps({"query": "{ auditLog { totalCount } }"}).encode()
    response = client.post("/graphql", content=iter([body]), headers={
        "Authorization": f"Bearer {token(api_settings, 'auditor')}", "Content-Type": "application/json"})
    assert response.status_code == 411 and response.json()["detail"].startswith("Content-Length required")


def test_a_megabyte_argument_is_refused_before_it_is_read(client: TestClient, api_settings: Settings) -> None:
    response = client.post("/graphql", json={"query": "query S($t: String!) { search(text: $t) { truncated } }",
                                             "variables": {"t": "ก" * 1_000_000}},
                           headers={"Authorization": f"Bearer {token(api_settings, 'investigator')}"})
    assert response.status_code == 413 and "request body over 65536 bytes" in response.json()["detail"]
    last = list(AuditLog.from_settings(api_settings).entries())[-1]
    assert (last.allowed, last.reason) == (False, response.json()["detail"])


def test_a_document_that_does_not_parse_is_audited(client: TestClient, api_settings: Settings) -> None:
    for _ in range(2):  # the second time too: nothing cached may skip the audit
        served = ask(client, token(api_settings, "investigator"), "{ network(entityId: ")
        assert "Syntax Error" in served["errors"][0]["message"]
        last = list(AuditLog.from_settings(api_settings).entries())[-1]
        assert (last.subject, last.allowed, last.operation) == ("investigator-1", False, "(none)")


def test_a_victims_stored_id_is_withheld_with_the_rest(demo: DemoWorld, client: TestClient,
                                                       api_settings: Settings) -> None:
    people = graph_people(demo)
    victim = next(people[m["person"]] for m in demo.truth.rings[0]["members"] if m["role"] == "victim")
    hidden = ask(client, token(api_settings, "investigator"), "query E($id: ID!) { entity(id: $id) { id properties } }",
                 id=victim)["data"]["entity"]
    assert hidden["id"].startswith("redacted:") and victim not in json.dumps(hidden)


def test_metrics_count_requests_and_operations(client: TestClient, api_settings: Settings) -> None:
    ask(client, token(api_settings, "auditor"), "{ auditLog(first: 1) { totalCount } }")
    text = client.get("/metrics").text
    assert 'tipgraph_graphql_operations_total{operation="auditLog",outcome="ok"}' in text
    assert 'tipgraph_http_requests_total{path="/graphql",status="200"}' in text


def test_the_review_queue_serves_what_the_query_returns(demo: DemoWorld, client: TestClient,
                                                        api_settings: Settings) -> None:
    expected = review_queue(Graph(demo.db.driver, demo.db.name))
    served = ask(client, token(api_settings, "investigator", (VICTIM_PII,)), """{ reviewQueue {
        pairs(first: 1000) { edges { node { leftRecord rightRecord probability reasons left { id } right { id } } } }
        truncated } }""")["data"]["reviewQueue"]
    assert [(e["node"]["leftRecord"], e["node"]["rightRecord"], e["node"]["probability"], e["node"]["left"]["id"])
            for e in served["pairs"]["edges"]] == \
        [(p.left_record, p.right_record, p.probability, p.left.id) for p in expected.pairs]
    assert expected.pairs


def test_a_decision_on_unknown_records_names_them(client: TestClient, api_settings: Settings) -> None:
    served = ask(client, token(api_settings, "investigator"),
                 'mutation { decideMatch(leftRecord: "nobody", rightRecord: "nothing", same: true) { entityId } }')
    assert served["errors"][0]["message"] == "record(s) nobody, nothing are not current source records of a person"
    refused = ask(client, token(api_settings, "analyst", agency="AMLO"),
                  'mutation { decideMatch(leftRecord: "a", rightRecord: "b", same: true) { entityId } }')
    assert refused["errors"][0]["message"] == "decideMatch is not allowed for analyst"


def test_a_victims_provenance_withholds_rows_and_record_ids(demo: DemoWorld, client: TestClient,
                                                             api_settings: Settings) -> None:
    people = graph_people(demo)
    victim = next(people[m["person"]] for m in demo.truth.rings[0]["members"] if m["role"] == "victim")
    query = "query P($id: ID!) { provenance(entityId: $id) { name sources { sourceRecord agency raw } } }"
    seen = ask(client, token(api_settings, "investigator", (VICTIM_PII,)), query, id=victim)["data"]["provenance"]
    hidden = ask(client, token(api_settings, "investigator"), query, id=victim)["data"]["provenance"]
    assert seen["name"] and all(source["raw"] for source in seen["sources"])
    assert hidden["name"] is None and all(source["raw"] is None for source in hidden["sources"])
    assert [s["agency"] for s in hidden["sources"]] == [s["agency"] for s in seen["sources"]]
    assert all(s["sourceRecord"].startswith("redacted:") for s in hidden["sources"])
    assert not {s["sourceRecord"] for s in seen["sources"]} & {s["sourceRecord"] for s in hidden["sources"]}


def _victims_traces(demo: DemoWorld) -> dict[str, set[str]]:
    """What names the world's victims: their person ids, the ids of their documents, phones and
    addresses (shelters among them), and the ids of their source records."""
    record = demo.db.driver.execute_query("""
        RETURN COLLECT { MATCH (v:Victim) RETURN v.id } AS persons,
               COLLECT { MATCH (:Victim)-[:HAS_DOCUMENT|HAS_PHONE|LIVES_AT]->(x) RETURN DISTINCT x.id } AS things,
               COLLECT { MATCH (:Victim)-[:FROM_SOURCE]->(s) RETURN DISTINCT s.id } AS records""",
                                          database_=demo.db.name).records[0]
    return {kind: set(record[kind]) for kind in ("persons", "things", "records")}


def test_no_answer_names_a_victim_to_a_caller_without_the_clearance(demo: DemoWorld, client: TestClient,
                                                                     api_settings: Settings) -> None:
    """Provenance of a case and of a place (their records include victims' rows), a case's
    timeline, its network, related cases and the review queue: asked without the clearance,
    no answer holds a victim's person id, identifier or record id; asked with it, they do."""
    traces = _victims_traces(demo)
    place = demo.db.driver.execute_query("MATCH (:Victim)-[:ORIGIN|EXPLOITED_AT]->(l:Location) RETURN l.id AS id "
                                         "LIMIT 1", database_=demo.db.name).records[0]["id"]
    case = _ring_case(demo)
    questions = [
        ("query P($id: ID!) { provenance(entityId: $id, limit: 10000) { sources { sourceRecord } } }", {"id": case}),
        ("query P($id: ID!) { provenance(entityId: $id, limit: 10000) { sources { sourceRecord } } }", {"id": place}),
        ("query C($id: ID!) { caseStatus(caseId: $id) { timeline { people { id } } } }", {"id": case}),
        (NETWORK, {"id": case}),
        ("query R($id: ID!) { relatedCases(caseId: $id) { related(first: 100) { edges { node { "
         "shared { entity { id } } } } } } }", {"id": case}),
        ("{ reviewQueue(limit: 1000) { pairs(first: 1000) { edges { node { leftRecord rightRecord reasons "
         "left { id } right { id } } } } } }", {}),
    ]

    def said(bearer: str) -> str:
        return " ".join(json.dumps(ask(client, bearer, query, **variables)) for query, variables in questions)

    everything = set().union(*traces.values())
    cleared = said(token(api_settings, "investigator", (VICTIM_PII,)))
    uncleared = said(token(api_settings, "investigator"))
    assert {kind for kind, named in traces.items() if any(trace in cleared for trace in named)} == set(traces)
    assert not [trace for trace in everything if trace in uncleared]


def test_redacted_nodes_are_not_placed_by_what_they_hide(demo: DemoWorld, client: TestClient,
                                                         api_settings: Settings) -> None:
    """Nodes come ordered by name and id: without the clearance a redacted node follows the
    clear ones of its kind, so that its place among them does not narrow its number."""
    query = """query N($id: ID!) { network(entityId: $id, hops: 1) { nodes(first: 1000) {
        edges { node { hops entity { id labels redacted } } } } } }"""
    edges = ask(client, token(api_settings, "investigator"), query, id=_ring_case(demo))["data"]["network"]["nodes"]
    nodes = [(edge["node"]["hops"], edge["node"]["entity"]["labels"], edge["node"]["entity"])
             for edge in edges["edges"]]
    kinds = {(hops, tuple(labels)) for hops, labels, _ in nodes}
    mixed = 0
    for kind in kinds:
        group = [entity for hops, labels, entity in nodes if (hops, tuple(labels)) == kind]
        flags = [entity["redacted"] for entity in group]
        assert flags == sorted(flags), f"{kind}: a redacted node among the clear ones"
        mixed += any(flags) and not all(flags)
    assert mixed, "the case's network has a kind with both clear and redacted nodes"


def test_a_victims_number_or_address_is_unknown_to_a_caller_without_the_clearance(
        demo: DemoWorld, client: TestClient, api_settings: Settings) -> None:
    """Looking a victim's identifier up would tell that the number, phone or address is a
    victim's (a shelter's address would list whom it houses): it is answered as an unknown id."""
    things = demo.db.driver.execute_query("""
        MATCH (:Victim)-[:HAS_DOCUMENT]->(d) WITH d LIMIT 1
        MATCH (:Victim)-[:LIVES_AT {shelter: true}]->(a) RETURN d.id AS document, a.id AS shelter LIMIT 1""",
                                          database_=demo.db.name).records[0]
    cleared, uncleared = token(api_settings, "investigator", (VICTIM_PII,)), token(api_settings, "investigator")
    entity = "query E($id: ID!) { entity(id: $id) { id } }"
    for thing in (things["document"], things["shelter"]):
        assert ask(client, cleared, entity, id=thing)["data"]["entity"] == {"id": thing}
        assert ask(client, uncleared, entity, id=thing)["data"]["entity"] is None
        refused = ask(client, uncleared, NETWORK, id=thing)
        assert refused["errors"][0]["message"] == f"entity_id: no entity with id {thing!r}"
        assert ask(client, cleared, NETWORK, id=thing)["data"]["network"]["nodes"]["totalCount"] > 1


def test_a_decision_on_victims_records_needs_the_clearance(demo: DemoWorld, client: TestClient,
                                                           api_settings: Settings) -> None:
    """Without the clearance decideMatch and unmerge refuse victims' records (their answers
    name the records and their persons) and change nothing."""
    victim, first, second = demo.db.driver.execute_query("""
        MATCH (v:Victim)-[:FROM_SOURCE]->(s) WITH v, collect(s.id) AS records WHERE size(records) >= 2
        RETURN v.id AS victim, records[0] AS first, records[1] AS second LIMIT 1""",
                                                         database_=demo.db.name).records[0]
    decisions = "MATCH ()-[d:SAME_AS|NOT_SAME_AS]->() RETURN count(d)"
    before = demo.db.count(decisions)
    uncleared = token(api_settings, "investigator")
    decided = ask(client, uncleared, """mutation D($l: String!, $r: String!) {
        decideMatch(leftRecord: $l, rightRecord: $r, same: false) { entityId } }""", l=first, r=second)
    split = ask(client, uncleared, """mutation U($id: ID!, $records: [String!]!) {
        unmerge(entityId: $id, records: $records) { entityId } }""", id=victim, records=[second])
    for refused in (decided, split):
        assert refused["data"] is None
        assert refused["errors"][0]["message"] == "decisions on victims' records need the victim-pii clearance"
    assert demo.db.count(decisions) == before


def test_a_document_is_validated_once(demo: DemoWorld, client: TestClient, api_settings: Settings,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """Clients send the same documents over and over: the second time, validation (a walk
    of the document with every rule, the limits' among them) comes from the cache, and
    what it refused stays refused."""
    validated: list[object] = []

    def counted(*args: Any, **kwargs: Any) -> Any:
        validated.append(args[1])
        return validate(*args, **kwargs)

    monkeypatch.setattr("strawberry.schema.schema.validate", counted)
    bearer = token(api_settings, "investigator", (VICTIM_PII,))
    fresh = f"query Once{uuid.uuid4().hex} {{ search(text: \"somchai\") {{ truncated }} }}"  # in no cache yet
    for _ in range(3):
        assert "errors" not in ask(client, bearer, fresh)
    assert len(validated) == 1
    flood = "{ " + " ".join(f'a{i}: search(text: "{uuid.uuid4().hex}") {{ truncated }}' for i in range(50)) + " }"
    for _ in range(2):
        assert "aliases" in ask(client, bearer, flood)["errors"][0]["message"]
    assert len(validated) == 2


def test_an_entity_is_served_only_once_screened_for_victims(demo: DemoWorld, api_settings: Settings) -> None:
    """Redaction is decided from what the request learnt of the entities its answer names;
    an entity no field had screened is refused, not guessed either way."""
    people = graph_people(demo)
    ring = demo.truth.rings[0]["members"]
    victim = next(people[m["person"]] for m in ring if m["role"] == "victim")
    suspect = next(people[m["person"]] for m in ring if m["role"] != "victim")
    graph = Graph(demo.db.driver, demo.db.name)
    audit = AuditLog.from_settings(api_settings)
    uncleared = Context(Caller.of("investigator-1", "RTP", ["investigator"], [], "token"), graph, audit, b"k" * 32)
    with pytest.raises(RuntimeError, match=f"entity {victim} reached the response without being screened"):
        uncleared.shown_id(victim)
    assert asyncio.run(uncleared.victims_among([victim, suspect])) == {victim}
    assert uncleared.redacts(victim) and uncleared.shown_id(victim).startswith("redacted:")
    assert not uncleared.redacts(suspect) and uncleared.shown_id(suspect) == suspect
    cleared = Context(Caller.of("investigator-2", "RTP", ["investigator"], [VICTIM_PII], "token"), graph, audit, b"k" * 32)
    assert not cleared.redacts(victim) and cleared.shown_id(victim) == victim


def test_production_masks_unexpected_errors_and_serves_no_graphiql(demo: DemoWorld, client: TestClient,
                                                                    api_settings: Settings, tmp_path: Path) -> None:
    """A Neo4j failure reaches the caller as a generic message, without the server's text;
    the caller's own mistakes are still named. GraphiQL is for development only."""
    production = Settings(tipgraph_data_dir=tmp_path, tipgraph_env="production", tipgraph_jwt_secret="s" * 40,
                          tipgraph_audit_key="a" * 40)
    bearer = token(production, "investigator", (VICTIM_PII,))
    nowhere = dataclasses.replace(demo.db.endpoint, database="nosuchdatabase")
    with TestClient(create_app(nowhere, production)) as strict:
        failed = ask(strict, bearer, '{ search(text: "somchai") { truncated } }')
        assert failed["errors"][0]["message"] == UNEXPECTED and "nosuchdatabase" not in json.dumps(failed)
        assert ask(strict, bearer, '{ search(text: " ") { truncated } }')["errors"][0]["message"] == \
            "text must not be empty"
        assert strict.get("/graphql", headers={"Accept": "text/html"}).status_code == 404
    page = client.get("/graphql", headers={"Accept": "text/html"})
    assert page.status_code == 200 and "graphiql" in page.text.lower()

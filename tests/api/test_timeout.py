"""A question that runs past the transaction timeout is stopped, and the caller is told so."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from fastapi.testclient import TestClient

from api.app import create_app
from api.auth import create_token
from tests.conftest import Database
from tests.queries.edges.built import run
from tipgraph.settings import Settings

ACCOUNTS = 2_000
TRANSFERS = 300_000


def test_a_slow_question_is_stopped_by_the_timeout(db: Database, tmp_path: Path) -> None:
    """Scoring every account for mule patterns reads all 300,000 transfers: far more than
    the 0.05 s allowed (Neo4j checks timeouts every 0.1 s)."""
    run(db, "UNWIND range(1, $n) AS i CREATE (:BankAccount {id: 'account:' + i})", n=ACCOUNTS)
    with db.driver.session(database=db.name) as session:  # batches need an implicit transaction
        session.run("""
        UNWIND range(1, $n) AS i
        CALL (i) {
          MATCH (a:BankAccount {id: 'account:' + (1 + i % $accounts)}),
                (b:BankAccount {id: 'account:' + (1 + (i * 7919) % $accounts)})
          CREATE (a)-[:TRANSFERRED {amount: 1000.0 + i % 97, currency: 'THB',
                                    at: toString(date('2024-01-01') + duration({days: i % 300}))}]->(b)
        } IN TRANSACTIONS OF 20000 ROWS
        """, n=TRANSFERS, accounts=ACCOUNTS).consume()
    settings = Settings(tipgraph_data_dir=tmp_path, neo4j_tx_timeout_s=0.05)
    bearer = create_token(settings, "analyst-1", "AMLO", ["analyst"], [], timedelta(hours=1))
    with TestClient(create_app(db.endpoint, settings)) as client:
        served = client.post("/graphql", json={"query": "{ muleAccounts(minSenders: 2) { truncated } }"},
                             headers={"Authorization": f"Bearer {bearer}"}).json()
    assert served["data"] is None
    assert served["errors"][0]["message"] == ("the question took longer than 0.05 s and was stopped; narrow it "
                                              "(fewer hops, a smaller limit, a shorter period)")

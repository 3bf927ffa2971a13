"""Small graphs built by hand, with plain parameterised Cypher, for the query edge cases."""

from __future__ import annotations

from typing import Any

from queries.base import Graph
from tests.conftest import Database


def graph_of(db: Database) -> Graph:
    return Graph(db.driver, db.name)


def run(db: Database, cypher: str, **params: Any) -> None:
    db.driver.execute_query(cypher, params, database_=db.name)


def transfers(db: Database, rows: list[tuple[str, str, float, str]]) -> None:
    """One TRANSFERRED per (sender, receiver, amount, day), between BankAccounts of those ids,
    with references T001, T002, ... in the order given."""
    run(db, """
    UNWIND $rows AS r
    MERGE (a:BankAccount {id: r.sender})
    MERGE (b:BankAccount {id: r.receiver})
    CREATE (a)-[:TRANSFERRED {reference: r.reference, amount: r.amount, currency: 'THB', at: r.at}]->(b)
    """, rows=[{"sender": sender, "receiver": receiver, "amount": amount, "at": at, "reference": f"T{number:03d}"}
               for number, (sender, receiver, amount, at) in enumerate(rows, start=1)])

"""Bank accounts as questions name them and results show them (the account and who holds
it), and any entity by label and id.

Queries find ids (a trail, a list of hits) and name them here, through
``queries.entities.describe``, so that every result shows a node with the same name and
the same agencies (those of its source records).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from graph.schema import Label, Rel
from queries.base import EntityRef, Graph, QueryError
from queries.entities import describe

# Holders read per account: a bank's KYC names one or two; more means a data error, not more evidence.
_HOLDERS_PER_ACCOUNT = 20
MAX_ACCOUNTS = 10_000  # accounts one question may name (mule scoring of a case's or a trail's accounts)


@dataclass(frozen=True)
class AccountRef:
    """A bank account and the people or organisations the banks' KYC files name as holding it."""

    account: EntityRef
    holders: tuple[EntityRef, ...]


def entity_refs(graph: Graph, label: Label, ids: Collection[str]) -> dict[str, EntityRef]:
    """The ``EntityRef`` of each id found among the nodes of ``label`` (ids not found are left out)."""
    records = graph.read(f"UNWIND $ids AS id MATCH (n:{Label(label)} {{id: id}}) "
                         "RETURN elementId(n) AS node LIMIT $cap",
                         ids=sorted(set(ids)), cap=len(ids))
    return {ref.id: ref for ref in describe(graph, [record["node"] for record in records]).values()}


def account_refs(graph: Graph, ids: Collection[str]) -> dict[str, AccountRef]:
    """Each account found among ``ids``, with its holders (persons and organisations)."""
    records = graph.read(f"""
    UNWIND $ids AS id
    MATCH (a:{Label.BANK_ACCOUNT} {{id: id}})
    RETURN elementId(a) AS account,
           COLLECT {{ MATCH (a)<-[:{Rel.HOLDS}]-(h) WHERE h:{Label.PERSON} OR h:{Label.ORGANIZATION}
                     WITH DISTINCT h ORDER BY h.id LIMIT $holders RETURN elementId(h) }} AS holders
    LIMIT $cap
    """, ids=sorted(set(ids)), cap=len(ids), holders=_HOLDERS_PER_ACCOUNT)
    refs = describe(graph, {node for record in records for node in (record["account"], *record["holders"])})
    return {refs[record["account"]].id: AccountRef(refs[record["account"]],
                                                   tuple(refs[holder] for holder in record["holders"]))
            for record in records}


def require_accounts(graph: Graph, ids: Collection[str], parameter: str) -> None:
    """QueryError naming ``parameter`` and the ids that are no bank account's, or when there
    are more than MAX_ACCOUNTS of them (each is looked up, and scored by the caller)."""
    wanted = sorted(set(ids))
    if len(wanted) > MAX_ACCOUNTS:
        raise QueryError(f"{parameter}: at most {MAX_ACCOUNTS:,} accounts at once, got {len(wanted):,}")
    records = graph.read(f"UNWIND $ids AS id MATCH (a:{Label.BANK_ACCOUNT} {{id: id}}) RETURN a.id AS id LIMIT $cap",
                         ids=wanted, cap=len(wanted))
    unknown = [account for account in wanted if account not in {record["id"] for record in records}]
    if unknown:
        more = f" and {len(unknown) - 5} more" if len(unknown) > 5 else ""
        raise QueryError(f"{parameter}: no bank account with id {', '.join(map(repr, unknown[:5]))}{more}")

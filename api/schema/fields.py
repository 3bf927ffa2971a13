"""The query and mutation fields: one per function of ``queries/``, guarded by ``api.policy``.

A field checks the caller's rights, runs the query function on a worker thread and
returns its result unchanged, once the entities it names are screened for victims
(``Context.answer``); ``api.schema.results`` serves it. The functions check
their own parameters and raise ``QueryError`` with a message that names the bad one,
which the client receives as it is. No field holds Cypher.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Callable
from typing import Any, Optional

import strawberry

from api.audit import AuditEntry
from api.policy import Operation
from api.schema.context import Context, Denied
from api.schema.entities import Entity, entity
from api.schema.results import Connection, graphql_type, page
from graph.schema import Label
from ingest.pipeline import decide, unmerge
from queries.assets import EnforcementAssets, enforcement_assets
from queries.base import QueryError
from queries.cases import CaseStatus, RelatedCases, case_status, related_cases
from queries.communities import LINK_KINDS, Communities, KeyPlayers, communities, key_players
from queries.money import Cycles, MoneyTrail, cycles, money_trail
from queries.mules import MuleAccounts, mule_accounts
from queries.network import Network, NetworkNode, network
from queries.paths import Paths, paths
from queries.provenance import Provenance, entity_provenance
from queries.entities import refs_by_id
from queries.review import ReviewQueue, review_queue
from queries.routes import Routes, routes
from queries.search import SearchResult, search
from queries.victims import victim_records

Info = strawberry.Info[Context, None]


@strawberry.type
class Query:
    @strawberry.field(description="The ego network of an entity: what lies within `hops` links of it.")
    async def network(self, info: Info, entity_id: strawberry.ID, hops: int = 2,
                      rel_types: Optional[list[str]] = None, limit: int = 500) -> graphql_type(Network):
        info.context.require(Operation.NETWORK)
        found = await info.context.answer(network, info.context.graph, entity_id, hops, rel_types, limit)
        if info.context.caller.sees_victim_pii:
            return found

        # Nodes come in the order of their names and ids: a redacted phone's place among the
        # clear ones would narrow its number. Redacted nodes follow the clear ones of their
        # kind (a stable sort: in the same order on every server, unlike their digests).
        def place(node: NetworkNode) -> tuple[Any, ...]:
            return node.hops, node.entity.labels, info.context.redacts(node.entity.id)

        return dataclasses.replace(found, nodes=tuple(sorted(found.nodes, key=place)))

    @strawberry.field(description="All shortest paths between two entities, over every kind of link.")
    async def paths(self, info: Info, a_id: strawberry.ID, b_id: strawberry.ID, max_hops: int = 6,
                    rel_types: Optional[list[str]] = None, limit: int = 25,
                    through_hubs: bool = False) -> graphql_type(Paths):
        info.context.require(Operation.PATHS)
        return await info.context.answer(paths, info.context.graph, a_id, b_id, max_hops, rel_types, limit, through_hubs)

    @strawberry.field(description="Other cases sharing people, phones, accounts, vehicles or places, by evidence.")
    async def related_cases(self, info: Info, case_id: strawberry.ID, limit: int = 20) -> graphql_type(RelatedCases):
        info.context.require(Operation.RELATED_CASES)
        return await info.context.answer(related_cases, info.context.graph, case_id, limit)

    @strawberry.field(description="One timeline of a case across agencies, where it stands, and compensation.")
    async def case_status(self, info: Info, case_id: strawberry.ID) -> graphql_type(CaseStatus):
        info.context.require(Operation.CASE_STATUS)
        return await info.context.answer(case_status, info.context.graph, case_id)

    @strawberry.field(description="Time-ordered transfer paths from (or to) an account, the flows and where money ends.")
    async def money_trail(self, info: Info, account_id: strawberry.ID, direction: str = "out", max_hops: int = 3,
                          since: Optional[datetime.date] = None, until: Optional[datetime.date] = None,
                          min_amount: Optional[float] = None, tolerance: Optional[float] = None,
                          limit: int = 1000) -> graphql_type(MoneyTrail):
        info.context.require(Operation.MONEY_TRAIL)
        return await info.context.answer(money_trail, info.context.graph, account_id, direction=direction,
                                      max_hops=max_hops, since=since, until=until, min_amount=min_amount,
                                      tolerance=tolerance, limit=limit)

    @strawberry.field(description="Money that returns to where it started, from one account or anywhere.")
    async def cycles(self, info: Info, account_id: Optional[strawberry.ID] = None, max_len: int = 4,
                     since: Optional[datetime.date] = None, until: Optional[datetime.date] = None,
                     limit: int = 1000) -> graphql_type(Cycles):
        info.context.require(Operation.CYCLES)
        return await info.context.answer(cycles, info.context.graph, account_id, max_len=max_len, since=since,
                                      until=until, limit=limit)

    @strawberry.field(description="Accounts that fan in, fan out or pass money through quickly, scored with evidence.")
    async def mule_accounts(self, info: Info, min_senders: int = 5, min_receivers: int = 5,
                            since: Optional[datetime.date] = None, until: Optional[datetime.date] = None,
                            within_days: int = 7, tolerance: float = 0.2, accounts: Optional[list[strawberry.ID]] = None,
                            limit: int = 1000) -> graphql_type(MuleAccounts):
        info.context.require(Operation.MULE_ACCOUNTS)
        return await info.context.answer(mule_accounts, info.context.graph, min_senders=min_senders,
                                      min_receivers=min_receivers, since=since, until=until, within_days=within_days,
                                      tolerance=tolerance, accounts=accounts, limit=limit)

    @strawberry.field(description="Leiden communities of the person graph projected from co-offending, shared "
                                  "identifiers and money.")
    async def communities(self, info: Info, kinds: list[str] = list(LINK_KINDS), max_sharing: int = 20,
                          resolution: float = 1.0, seed: int = 0, min_size: int = 2, involved_only: bool = True,
                          limit: int = 100) -> graphql_type(Communities):
        info.context.require(Operation.COMMUNITIES)
        return await info.context.answer(communities, info.context.graph, kinds=kinds, max_sharing=max_sharing,
                                      resolution=resolution, seed=seed, min_size=min_size,
                                      involved_only=involved_only, limit=limit)

    @strawberry.field(description="PageRank and betweenness of persons on the same projection.")
    async def key_players(self, info: Info, kinds: list[str] = list(LINK_KINDS), max_sharing: int = 20,
                          resolution: float = 1.0, seed: int = 0, cutoff: int = 6,
                          limit: int = 50) -> graphql_type(KeyPlayers):
        info.context.require(Operation.KEY_PLAYERS)
        return await info.context.answer(key_players, info.context.graph, kinds=kinds, max_sharing=max_sharing,
                                      resolution=resolution, seed=seed, cutoff=cutoff, limit=limit)

    @strawberry.field(description="Victim flows origin -> transit -> destination, by place, exploitation and period.")
    async def routes(self, info: Info, nationality: Optional[str] = None, origin: Optional[str] = None,
                     province: Optional[str] = None, exploitation: Optional[str] = None,
                     since: Optional[datetime.date] = None, until: Optional[datetime.date] = None,
                     level: str = "province", period: Optional[str] = None, limit: int = 1000) -> graphql_type(Routes):
        info.context.require(Operation.ROUTES)
        return await info.context.answer(routes, info.context.graph, nationality=nationality, origin=origin,
                                      province=province, exploitation=exploitation, since=since, until=until,
                                      level=level, period=period, limit=limit)

    @strawberry.field(description="Accounts and vehicles of convicted offenders and their nominees, for compensation.")
    async def enforcement_assets(self, info: Info, person_or_judgment_id: strawberry.ID,
                                 limit: int = 1000) -> graphql_type(EnforcementAssets):
        info.context.require(Operation.ENFORCEMENT_ASSETS)
        return await info.context.answer(enforcement_assets, info.context.graph, person_or_judgment_id, limit=limit)

    @strawberry.field(description="Thai-aware, cross-script name search over persons and organisations. Callers "
                                  "who may not see victims' identities never find victims by name.")
    async def search(self, info: Info, text: str, kinds: Optional[list[str]] = None, fuzzy: bool = True,
                     limit: int = 20) -> graphql_type(SearchResult):
        info.context.require(Operation.SEARCH)
        exclude = () if info.context.caller.sees_victim_pii else (Label.VICTIM,)
        return await info.context.answer(search, info.context.graph, text, kinds, fuzzy, limit, exclude)

    @strawberry.field(description="One entity by id (null when there is none).")
    async def entity(self, info: Info, id: strawberry.ID) -> Optional[Entity]:
        info.context.require(Operation.ENTITY)
        found = await info.context.answer(refs_by_id, info.context.graph, [id])
        return entity(found[id], info.context) if id in found else None

    @strawberry.field(description="The source records behind an entity and why they were joined. Raw rows are "
                                  "withheld from callers who may not see victims' identities.")
    async def provenance(self, info: Info, entity_id: strawberry.ID, limit: int = 1000) -> graphql_type(Provenance):
        info.context.require(Operation.PROVENANCE)
        found = await info.context.answer(entity_provenance, info.context.graph, entity_id, limit)
        if info.context.caller.sees_victim_pii:
            return found
        # Record ids hold their rows' keys (a DOPA row's is the national ID number): the
        # records of a victim-identifying entity, and any victim's row behind another
        # entity (a province, a case), are shown as digests.
        identifies = bool(await info.context.victims_among([entity_id]))
        hers = set() if identifies else await info.context.ask(victim_records, info.context.graph,
                                                               [link.source_record for link in found.sources])
        return dataclasses.replace(found, name=None if identifies else found.name, sources=tuple(dataclasses.replace(
            link, raw=None, source_record=info.context.digest(link.source_record)
            if identifies or link.source_record in hers else link.source_record) for link in found.sources))

    @strawberry.field(description="Pairs of person records the resolver left for a person to decide, most "
                                  "probable first.")
    async def review_queue(self, info: Info, limit: int = 100) -> graphql_type(ReviewQueue):
        info.context.require(Operation.REVIEW_QUEUE)
        found = await info.context.answer(review_queue, info.context.graph, limit)
        if info.context.caller.sees_victim_pii:
            return found
        # A pair with a victim's record is left out whole: the other side's name and the
        # reasons ("family name: equal") would tell hers. Cleared investigators decide it.
        victims = await info.context.victims_among({person.id for pair in found.pairs
                                                    for person in (pair.left, pair.right)})
        return dataclasses.replace(found, pairs=tuple(pair for pair in found.pairs
                                                      if not {pair.left.id, pair.right.id} & victims))

    @strawberry.field(description="The audit log, for auditors: newest last, one page at a time.")
    async def audit_log(self, info: Info, subject: Optional[str] = None, operation: Optional[str] = None,
                        since: Optional[datetime.datetime] = None, until: Optional[datetime.datetime] = None,
                        first: int = 100, after: Optional[str] = None) -> Connection[graphql_type(AuditEntry)]:
        info.context.require(Operation.AUDIT_LOG)
        entries = info.context.audit.entries(subject=subject, operation=operation, since=since, until=until)
        return await info.context.ask(page, entries, first, after)  # reads the log file


async def _changing(info: Info, records: list[str], change: Callable[..., dict[str, str]],
                    *args: Any) -> dict[str, str]:
    """Run a change of the person layer on ``records``; its ValueError names the records it
    refused. Victims' records are changed only by callers who may see them (the answer
    names them and their persons)."""
    if not info.context.caller.sees_victim_pii and \
            await info.context.ask(victim_records, info.context.graph, records):
        info.context.denied = "decisions on victims' records need the victim-pii clearance"
        raise Denied(info.context.denied)
    try:
        return await info.context.ask(change, *args)
    except ValueError as refused:
        raise QueryError(str(refused)) from None


@strawberry.type(description="A source record and the person entity it belongs to.")
class RecordEntity:
    source_record: str
    entity_id: strawberry.ID


@strawberry.type
class Mutation:
    @strawberry.mutation(description="Decide whether two person records (a review pair, or any two) are one "
                                     "person (same: true) or two; every later resolution honours it. Returns each "
                                     "record's entity id afterwards (a national-ID conflict keeps them apart).")
    async def decide_match(self, info: Info, left_record: str, right_record: str,
                           same: bool) -> list[RecordEntity]:
        info.context.require(Operation.DECIDE_MATCH)
        graph = info.context.graph
        entity_of = await _changing(info, [left_record, right_record], decide, graph.driver, graph.database,
                                    left_record, right_record, same)
        return [RecordEntity(source_record=record, entity_id=entity_of[record]) for record in (left_record, right_record)]

    @strawberry.mutation(description="Split source records off a person without re-ingesting; they are kept apart "
                                     "from the rest by every later resolution. Returns each record's new entity id.")
    async def unmerge(self, info: Info, entity_id: strawberry.ID, records: list[str]) -> list[RecordEntity]:
        info.context.require(Operation.UNMERGE)
        graph = info.context.graph
        entity_of = await _changing(info, records, unmerge, graph.driver, graph.database, entity_id, records)
        return [RecordEntity(source_record=record, entity_id=entity_of[record]) for record in sorted(entity_of)
                if record in set(records) or entity_of[record] == entity_id]

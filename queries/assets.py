"""Assets for enforcement: what convicted offenders could pay their victims' compensation from.

Offenders rarely hold assets in their own names. Besides the accounts (``HOLDS``) and vehicles
(``OWNS``) of each convicted offender (a ``Judgment`` with verdict guilty ``AGAINST`` them),
this looks at their nominees: the members of their household in the DOPA civil registry
(people whose registered address carries the same house registration number, ``house_id``)
and the companies the offender or those relatives are officers of (``OFFICER_OF``). Each
asset says whose name it is in and how it reaches the offender, and carries the LED
seizures already recorded on it; the judgments give the compensation ordered, for context.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Literal

from graph.schema import AgencyCode, Label, Rel
from queries.base import DEFAULT_LIMIT, EntityRef, Graph, QueryError, check_range
from queries.cases import compensation_orders
from queries.refs import entity_refs

Route = Literal["own", "household", "company"]
GUILTY = "guilty"


@dataclass(frozen=True)
class Seizure:
    """An LED enforcement recorded on the holding (the link carries the LED case)."""

    led_case_no: str
    seized_on: str | None
    amount_recovered_baht: float | None
    paid_to_victims_baht: float | None


@dataclass(frozen=True)
class Asset:
    """A bank account or vehicle, whose name it is in, and how that reaches the offender:
    ``own``; ``household`` (``relative`` holds it); ``company`` (a company the offender, or
    the ``relative``, is an officer of holds it)."""

    asset: EntityRef
    kind: Literal["bank_account", "vehicle"]
    holder: EntityRef
    route: Route
    relative: EntityRef | None
    seizures: tuple[Seizure, ...]


@dataclass(frozen=True)
class Conviction:
    judgment: EntityRef
    case: str | None
    court_red_no: str | None
    judged_on: str | None
    sentence_months: float | None
    compensation_ordered_baht: float | None


@dataclass(frozen=True)
class OffenderAssets:
    offender: EntityRef
    convictions: tuple[Conviction, ...]
    assets: tuple[Asset, ...]


@dataclass(frozen=True)
class EnforcementAssets:
    offenders: tuple[OffenderAssets, ...]  # empty when the person has no guilty judgment
    compensation_ordered_baht: float  # over the convictions listed
    recovered_baht: float  # over the LED seizures on the assets listed
    paid_to_victims_baht: float
    truncated: bool


_CONVICTIONS = f"""
CALL () {{
  MATCH (j:{Label.JUDGMENT} {{id: $id}})-[:{Rel.AGAINST}]->(p:{Label.PERSON}) RETURN j, p
  UNION
  MATCH (p:{Label.PERSON} {{id: $id}})<-[:{Rel.AGAINST}]-(j:{Label.JUDGMENT}) RETURN j, p
}}
WITH DISTINCT j, p WHERE j.verdict = $guilty
OPTIONAL MATCH (c:{Label.CASE})-[:{Rel.DECIDED}]->(j)
WITH j, p, min(c.id) AS case, min(c.court_red_no) AS red_no
RETURN p.id AS offender, j.id AS judgment, case, red_no, j.judged_on AS judged_on, j.sentence_months AS sentence_months,
       COLLECT {{ MATCH (j)-[:{Rel.FROM_SOURCE}]->(s:{Label.SOURCE_RECORD} {{agency: $coj, current: true}})
                  RETURN s {{.source, .agency, .source_file, .row, .key, .raw}} }} AS court_rows
ORDER BY offender, judged_on, judgment
LIMIT $cap
"""

_ASSETS = f"""
UNWIND $offenders AS offender
MATCH (o:{Label.PERSON} {{id: offender}})
CALL (o) {{
  OPTIONAL MATCH (o)-[l:{Rel.LIVES_AT}]->(:{Label.ADDRESS})<-[m:{Rel.LIVES_AT}]-(n:{Label.PERSON})
  WHERE l.house_id <> '' AND m.house_id = l.house_id AND n <> o
  RETURN collect(DISTINCT n) AS household
}}
UNWIND [o] + household AS person
CALL (o, person) {{
  MATCH (person)-[h:{Rel.HOLDS}|{Rel.OWNS}]->(x)
  WHERE x:{Label.BANK_ACCOUNT} OR x:{Label.VEHICLE}
  RETURN person AS holder, h, x, CASE WHEN person = o THEN 'own' ELSE 'household' END AS route
  UNION ALL
  MATCH (person)-[:{Rel.OFFICER_OF}]->(c:{Label.ORGANIZATION})-[h:{Rel.HOLDS}|{Rel.OWNS}]->(x)
  WHERE x:{Label.BANK_ACCOUNT} OR x:{Label.VEHICLE}
  RETURN c AS holder, h, x, 'company' AS route
}}
RETURN o.id AS offender, x.id AS asset, CASE WHEN x:{Label.BANK_ACCOUNT} THEN 'bank_account' ELSE 'vehicle' END AS kind,
       holder.id AS holder, holder:{Label.ORGANIZATION} AS company, route,
       CASE WHEN person = o THEN null ELSE person.id END AS relative,
       [s IN collect(h {{.led_case_no, .seized_on, .amount_recovered_baht, .paid_to_victims_baht}})
        WHERE s.led_case_no IS NOT NULL] AS seizures
ORDER BY offender, CASE route WHEN 'own' THEN 0 WHEN 'household' THEN 1 ELSE 2 END, kind, asset
LIMIT $cap
"""


def enforcement_assets(graph: Graph, person_or_judgment_id: str, *, limit: int = DEFAULT_LIMIT) -> EnforcementAssets:
    """The assets of the offenders a judgment convicted, or of one person over all their
    convictions (see the module docstring); at most ``limit`` assets."""
    check_range("limit", limit, 1, 10_000)
    if not _exists(graph, person_or_judgment_id):
        raise QueryError(f"no person or judgment with id {person_or_judgment_id!r}")
    convictions = graph.read(_CONVICTIONS, id=person_or_judgment_id, guilty=GUILTY, coj=AgencyCode.COJ, cap=limit + 1)
    offenders = sorted({record["offender"] for record in convictions})
    holdings = graph.read(_ASSETS, offenders=offenders, cap=limit + 1)
    kept = holdings[:limit]

    people = entity_refs(graph, Label.PERSON, {*offenders, *(r["holder"] for r in kept if not r["company"]),
                                               *(r["relative"] for r in kept if r["relative"])})
    companies = entity_refs(graph, Label.ORGANIZATION, {r["holder"] for r in kept if r["company"]})
    things = entity_refs(graph, Label.BANK_ACCOUNT, {r["asset"] for r in kept if r["kind"] == "bank_account"}) | \
        entity_refs(graph, Label.VEHICLE, {r["asset"] for r in kept if r["kind"] == "vehicle"})
    judgments = entity_refs(graph, Label.JUDGMENT, {r["judgment"] for r in convictions})

    assets: dict[str, list[Asset]] = defaultdict(list)
    for r in kept:
        assets[r["offender"]].append(Asset(
            things[r["asset"]], r["kind"], (companies if r["company"] else people)[r["holder"]], r["route"],
            people.get(r["relative"]) if r["relative"] else None,
            tuple(Seizure(s["led_case_no"], s["seized_on"], s["amount_recovered_baht"], s["paid_to_victims_baht"])
                  for s in sorted(r["seizures"], key=lambda s: s["led_case_no"]))))
    convicted: dict[str, list[Conviction]] = defaultdict(list)
    for r in convictions[:limit]:
        convicted[r["offender"]].append(Conviction(judgments[r["judgment"]], r["case"], r["red_no"], r["judged_on"],
                                                   r["sentence_months"], sum(compensation_orders(r["court_rows"]))))
    seizures = {(asset.asset.id, seizure) for found in assets.values() for asset in found for seizure in asset.seizures}
    return EnforcementAssets(
        offenders=tuple(OffenderAssets(people[o], tuple(convicted[o]), tuple(assets[o])) for o in offenders),
        compensation_ordered_baht=sum(c.compensation_ordered_baht or 0.0 for found in convicted.values() for c in found),
        recovered_baht=sum(s.amount_recovered_baht or 0.0 for _, s in seizures),
        paid_to_victims_baht=sum(s.paid_to_victims_baht or 0.0 for _, s in seizures),
        truncated=len(holdings) > limit or len(convictions) > limit,
    )


def _exists(graph: Graph, entity_id: str) -> bool:
    return bool(graph.read(f"""
    OPTIONAL MATCH (p:{Label.PERSON} {{id: $id}}) OPTIONAL MATCH (j:{Label.JUDGMENT} {{id: $id}})
    RETURN p IS NOT NULL OR j IS NOT NULL AS found
    """, id=entity_id)[0]["found"])

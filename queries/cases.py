"""Cases as prosecutors and investigators follow them: related cases, and where a case stands.

``related_cases`` ranks the other cases that share something with a case; ``case_status``
lays out what every agency recorded about one case, police report to compensation.
"""

from __future__ import annotations

import enum
import json
import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any, Final

from graph.schema import AgencyCode, Label, Rel
from ingest.sources import SOURCES, SourceRow
from queries.base import EntityRef, Graph, check_range
from queries.entities import REF_OF_N, describe, entity_ref, find_entity, type_pattern

# ---------------------------------------------------------------------------------------------- related cases

# What a case is linked to, and how: its people by their role, the things its people
# hold, use or live at, the things used in it, and its places.
_ROLES: Final = type_pattern((Rel.SUSPECT_IN, Rel.VICTIM_IN, Rel.BROKER_IN))
_HELD: Final = type_pattern((Rel.HAS_PHONE, Rel.HOLDS, Rel.OWNS, Rel.HAS_DOCUMENT, Rel.LIVES_AT, Rel.ORIGIN,
                             Rel.TRANSIT, Rel.DESTINATION, Rel.EXPLOITED_AT))
_PLACES: Final = type_pattern((Rel.ORIGIN, Rel.TRANSIT, Rel.DESTINATION, Rel.EXPLOITED_AT))

# Evidence weight of one shared item, by kind (see ``related_cases``).
WEIGHTS: Final[dict[str, float]] = {"person": 3.0, "document": 3.0, "phone": 2.0, "account": 2.0, "vehicle": 2.0,
                                    "address": 1.0, "place": 0.5}
_KIND_OF: Final[dict[str, str]] = {Label.PERSON: "person", Label.IDENTITY_DOCUMENT: "document", Label.PHONE: "phone",
                                   Label.BANK_ACCOUNT: "account", Label.VEHICLE: "vehicle", Label.ADDRESS: "address",
                                   Label.LOCATION: "place"}
COMMON_CASES = 100  # an item linked to more cases than this is too common to be evidence
DEFAULT_RELATED = 20
MAX_RELATED = 500


@dataclass(frozen=True)
class SharedItem:
    entity: EntityRef
    kind: str  # person, document, phone, account, vehicle, address, place
    cases: int  # how many cases the item is linked to (this one included)
    evidence: float  # what it adds to the score


@dataclass(frozen=True)
class RelatedCase:
    case: EntityRef
    score: float
    shared: tuple[SharedItem, ...]  # strongest evidence first


@dataclass(frozen=True)
class RelatedCases:
    case: EntityRef
    related: tuple[RelatedCase, ...]  # highest score first
    too_common: tuple[EntityRef, ...]  # shared items left out: linked to more than COMMON_CASES cases
    truncated: bool  # more related cases than the limit returned


def related_cases(graph: Graph, case_id: str, limit: int = DEFAULT_RELATED) -> RelatedCases:
    """The cases that share people, identity documents, phones, accounts, vehicles,
    addresses or places with ``case_id``, best evidence first.

    An item is linked to a case when it is a person in the case (suspect, victim,
    broker), when a person in the case holds, uses or lives at it (phone, account,
    vehicle, document, address, place of origin, transit or exploitation), or when it is
    used in the case or is one of its places. The score of a related case is

        score = sum over shared items x of  weight(kind of x) * ln((N + 1) / n(x))

    where N is the number of cases in the graph and n(x) the number of cases x is linked
    to. Weights: person and identity document 3, phone, account and vehicle 2, address
    1, place 0.5. The logarithm is an inverse document frequency: an item shared by two
    cases of a thousand adds 6.2 times its weight, one shared by half of them 0.7 times,
    one shared by all of them almost nothing, so common items cannot add up to a rare
    one; an item linked to more than COMMON_CASES cases (a country, a province) is left
    out altogether and listed in ``too_common``.

    A shelter is not a link: where MSDHS placed two cases' victims is the ministry's
    choice, not the traffickers' (``LIVES_AT {shelter: true}`` is not followed).

    An item is not counted again when the other case reaches it only through people
    who hold it in this case too: those people are shared, and counted as persons (a
    shared suspect's phone is the same evidence as the suspect).
    """
    check_range("limit", limit, 1, MAX_RELATED)
    case = find_entity(graph, case_id, "case_id", (Label.CASE,))
    records = graph.read(f"""
        MATCH (c) WHERE elementId(c) = $case
        WITH c, COUNT {{ MATCH (:{Label.CASE}) }} AS total
        CALL (c) {{
            MATCH (c)<-[:{_ROLES}]-(p:{Label.PERSON}) RETURN p AS item, null AS holder
          UNION
            MATCH (c)<-[:{_ROLES}]-(p:{Label.PERSON})-[h:{_HELD}]->(x) WHERE h.shelter IS NULL
            RETURN x AS item, p AS holder
          UNION
            MATCH (c)<-[:{Rel.USED_IN}]-(x) RETURN x AS item, null AS holder
          UNION
            MATCH (c)-[:{_PLACES}]->(x) RETURN x AS item, null AS holder
        }}
        WITH c, total, item, collect(DISTINCT elementId(holder)) AS holders
        CALL (item) {{
            CALL (item) {{ {_CASES_OF_ITEM} }}
            WITH DISTINCT d LIMIT $common + 1
            RETURN count(d) AS cases
        }}
        CALL (c, item, cases) {{
            WITH * WHERE cases <= $common
            CALL (item) {{ {_CASES_OF_ITEM} }}
            WITH d, via WHERE d <> c
            RETURN collect([elementId(d), elementId(via)]) AS reached
        }}
        RETURN elementId(item) AS item, labels(item) AS labels, holders, cases, reached, total
        """, case=case, common=COMMON_CASES)
    evidence: dict[str, list[tuple[str, str, int, float]]] = defaultdict(list)  # case -> (item, kind, n, evidence)
    too_common = []
    for record in records:
        kind = next(_KIND_OF[label] for label in record["labels"] if label in _KIND_OF)
        if record["cases"] > COMMON_CASES:
            too_common.append(record["item"])
            continue
        holders = set(record["holders"])
        through: dict[str, set[str | None]] = defaultdict(set)
        for other, via in record["reached"]:
            through[other].add(via)
        for other, vias in through.items():
            if None in vias or not vias <= holders:
                weight = WEIGHTS[kind] * math.log((record["total"] + 1) / record["cases"])
                evidence[other].append((record["item"], kind, record["cases"], weight))
    ranked = sorted(evidence.items(), key=lambda entry: (-sum(e[3] for e in entry[1]), entry[0]))
    shown = ranked[:limit]
    refs = describe(graph, {case, *too_common, *(other for other, _ in shown),
                            *(item for _, items in shown for item, *_ in items)})
    related = tuple(
        RelatedCase(refs[other], round(sum(e[3] for e in items), 4),
                    tuple(SharedItem(refs[item], kind, n, round(weight, 4))
                          for item, kind, n, weight in sorted(items, key=lambda e: (-e[3], refs[e[0]].id))))
        for other, items in shown)
    return RelatedCases(refs[case], related, tuple(sorted((refs[item] for item in too_common), key=lambda r: r.id)),
                        len(ranked) > limit)


# The cases an item is linked to, and the person through whom (null: directly), by the
# same patterns as the items of a case, read from the item's end.
_CASES_OF_ITEM: Final = f"""
        MATCH (item:{Label.PERSON})-[:{_ROLES}]->(d:{Label.CASE}) RETURN d, null AS via
      UNION
        MATCH (item)<-[h:{_HELD}]-(via:{Label.PERSON})-[:{_ROLES}]->(d:{Label.CASE}) WHERE h.shelter IS NULL
        RETURN d, via
      UNION
        MATCH (item)-[:{Rel.USED_IN}]->(d:{Label.CASE}) RETURN d, null AS via
      UNION
        MATCH (item)<-[:{_PLACES}]-(d:{Label.CASE}) RETURN d, null AS via
"""


# ------------------------------------------------------------------------------------------------ case status

class Stage(enum.StrEnum):
    """How far a case has gone, in the order cases go."""

    INVESTIGATION = "investigation"  # reported to the police or DSI
    NOT_PROSECUTED = "not prosecuted"  # OAG decided not to prosecute anyone
    PROSECUTION = "prosecution"  # OAG decided to prosecute
    TRIAL = "trial"  # filed in court: black case number
    JUDGED = "judged"  # judgment: red case number
    ENFORCEMENT = "enforcement"  # LED is enforcing the compensation order
    VICTIM_ASSISTANCE = "victim assistance"  # MSDHS: alongside the case, never where it stands


@dataclass(frozen=True)
class CaseEvent:
    on: date | None  # None: the agency gave no date
    agency: str
    stage: Stage
    number: str | None  # the agency's own number for the case
    summary: str
    people: tuple[EntityRef, ...]  # the persons the event concerns (entities: screened, redacted)


@dataclass(frozen=True)
class Compensation:
    """Compensation for the victims, in baht, as each agency recorded it."""

    ordered_baht: float  # the court's orders (COJ)
    orders: int  # how many victims the court ordered compensation for
    paid_by_enforcement_baht: float  # what LED paid to victims from seized assets
    received_by_victims_baht: float  # what victims told MSDHS they received
    victims_receiving: int

    @property
    def outstanding_baht(self) -> float:
        """Ordered and not yet paid through enforcement."""
        return max(self.ordered_baht - self.paid_by_enforcement_baht, 0.0)


@dataclass(frozen=True)
class CaseStatus:
    case: EntityRef
    stage: Stage  # where the case stands now
    numbers: dict[str, str]  # each agency's number for the case: police/dsi, oag, black, red, led
    timeline: tuple[CaseEvent, ...]  # in date order; undated events last
    compensation: Compensation


def case_status(graph: Graph, case_id: str) -> CaseStatus:
    """One timeline of ``case_id`` across agencies, where the case stands and how much of
    the compensation ordered has been paid.

    Police or DSI report (reported_on); OAG decisions, one event per prosecution
    (filed_on, decision and sections per defendant); court filing with the black number,
    dated by the prosecutor's filing (the court files give no filing date of their own);
    judgment with the red number, verdicts and sentences; LED seizures (seized_on,
    recovered, paid to victims); and the victims' assistance by MSDHS.

    The court's compensation orders are read from the COJ rows themselves (each row
    parsed again by the COJ adapter): the rows of one defendant share one Judgment node,
    which keeps only the last row's order.
    """
    case = find_entity(graph, case_id, "case_id", (Label.CASE,))
    record = graph.read(f"""
        MATCH (c) WHERE elementId(c) = $case
        RETURN properties(c) AS case,
          COLLECT {{ MATCH (c)<-[r:{Rel.SUSPECT_IN}]-(n:{Label.PERSON}) WHERE r.oag_case_no IS NOT NULL
                    RETURN r {{.oag_case_no, .decision, .filed_on, .sections, person: n.id, name: n.name,
                              ref: {REF_OF_N}}} }} AS prosecutions,
          COLLECT {{ MATCH (c)-[:{Rel.DECIDED}]->(j:{Label.JUDGMENT})-[:{Rel.AGAINST}]->(n:{Label.PERSON})
                    RETURN DISTINCT j {{.verdict, .sentence_months, .judged_on, person: n.id, name: n.name,
                                       ref: {REF_OF_N}}} }} AS judgments,
          COLLECT {{ MATCH (c)-[:{Rel.FROM_SOURCE}]->(s:{Label.SOURCE_RECORD} {{agency: $led, current: true}})
                          <-[:{Rel.FROM_SOURCE}]-(n:{Label.PERSON})-[h:{Rel.HOLDS}|{Rel.OWNS}]->(asset)
                    WHERE h.source_record = s.id
                    RETURN h {{.led_case_no, .seized_on, .amount_recovered_baht, .paid_to_victims_baht,
                              person: n.id, asset: asset.id, ref: {REF_OF_N}}} }} AS seizures,
          COLLECT {{ MATCH (c)<-[r:{Rel.VICTIM_IN}]-(n:{Label.PERSON})
                    OPTIONAL MATCH (n)-[shelter:{Rel.LIVES_AT} {{shelter: true}}]->()
                    WITH n, r, min(shelter.admitted_on) AS admitted
                    WHERE r.compensation_received_baht IS NOT NULL OR admitted IS NOT NULL
                    RETURN {{person: n.id, received: r.compensation_received_baht, admitted: admitted,
                            ref: {REF_OF_N}}} }} AS assisted,
          COLLECT {{ MATCH (c)-[:{Rel.FROM_SOURCE}]->(s:{Label.SOURCE_RECORD} {{agency: $coj, current: true}})
                    RETURN s {{.source, .agency, .source_file, .row, .key, .raw}} }} AS court_rows
        """, case=case, led=AgencyCode.LED, coj=AgencyCode.COJ)[0]
    properties = record["case"]
    numbers = {name: properties[key] for name, key in _NUMBERS.items() if properties.get(key)}
    orders = compensation_orders(record["court_rows"])
    received = [r["received"] for r in record["assisted"] if r["received"] is not None]
    compensation = Compensation(
        ordered_baht=sum(orders, 0.0), orders=len(orders),
        paid_by_enforcement_baht=sum((s["paid_to_victims_baht"] or 0.0 for s in record["seizures"]), 0.0),
        received_by_victims_baht=sum(received, 0.0), victims_receiving=len(received))
    # Each row names its person as results show them: the events list them as entities.
    people = {row["person"]: entity_ref(row["ref"]) for part in ("prosecutions", "judgments", "seizures", "assisted")
              for row in record[part]}
    timeline = sorted(
        [*_police(properties), *_prosecutions(record["prosecutions"], people),
         *_court(properties, record["prosecutions"], record["judgments"], orders, people),
         *_enforcement(record["seizures"], people), *_assistance(record["assisted"], people)],
        key=lambda event: (event.on is None, event.on or date.min, list(Stage).index(event.stage)))
    return CaseStatus(describe(graph, [case])[case], _stage(timeline), numbers, tuple(timeline), compensation)


_NUMBERS: Final = {"police": "rtp_case_no", "dsi": "dsi_case_no", "oag": "oag_case_no", "black": "court_black_no",
                   "red": "court_red_no", "led": "led_case_no"}


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _police(case: dict[str, Any]) -> list[CaseEvent]:
    for agency, key in ((AgencyCode.RTP, "rtp_case_no"), (AgencyCode.DSI, "dsi_case_no")):
        if case.get(key):
            where = f" at {case['station']}" if case.get("station") else ""
            return [CaseEvent(_day(case.get("reported_on")), agency, Stage.INVESTIGATION, case[key],
                              f"case reported{where}: {case.get('offence') or 'offence not given'}", ())]
    return []


def _prosecutions(links: list[dict[str, Any]], people: dict[str, EntityRef]) -> list[CaseEvent]:
    """One event per OAG case and filing date, with each defendant's decision."""
    by_filing: dict[tuple[str, str | None], list[dict[str, Any]]] = defaultdict(list)
    for link in links:
        by_filing[(link["oag_case_no"], link["filed_on"])].append(link)
    events = []
    for (number, filed_on), group in sorted(by_filing.items(), key=lambda item: (item[0][0], item[0][1] or "")):
        decided: dict[str, set[str]] = defaultdict(set)
        for link in group:
            decided[link["decision"]].add(link["name"] or link["person"])
        sections = sorted({s for link in group for s in link["sections"] or ()}, key=lambda s: (len(s), s))
        prosecuted = "prosecute" in decided
        summary = "; ".join(f"{decision}: {', '.join(sorted(names))}" for decision, names in sorted(decided.items())) \
            + (f"; sections {', '.join(sections)}" if sections else "")
        stage = Stage.PROSECUTION if prosecuted else Stage.NOT_PROSECUTED
        events.append(CaseEvent(_day(filed_on), AgencyCode.OAG, stage, number, summary,
                                tuple(people[person] for person in sorted({link["person"] for link in group}))))
    return events


def _court(case: dict[str, Any], prosecutions: list[dict[str, Any]], judgments: list[dict[str, Any]],
           orders: list[float], people: dict[str, EntityRef]) -> list[CaseEvent]:
    events = []
    if case.get("court_black_no"):
        filed = min((p["filed_on"] for p in prosecutions if p["filed_on"] and p["decision"] == "prosecute"),
                    default=case.get("filed_on"))
        events.append(CaseEvent(_day(filed), AgencyCode.COJ, Stage.TRIAL, case["court_black_no"],
                                "filed in court (black case number)", ()))
    if judgments:
        defendants = sorted({(j["person"], j["name"] or j["person"], j["verdict"], j["sentence_months"])
                             for j in judgments})
        verdicts = "; ".join(f"{name}: {verdict}" + (f", {months:g} months" if months else "")
                             for _, name, verdict, months in defendants)
        ordered = f"; compensation ordered for {len(orders)} victim(s): {sum(orders):,.0f} baht" if orders else ""
        judged_on = min((j["judged_on"] for j in judgments if j["judged_on"]), default=None)
        events.append(CaseEvent(_day(judged_on), AgencyCode.COJ, Stage.JUDGED, case.get("court_red_no"),
                                f"judgment: {verdicts}{ordered}", tuple(people[d[0]] for d in defendants)))
    return events


def _enforcement(seizures: list[dict[str, Any]], people: dict[str, EntityRef]) -> list[CaseEvent]:
    return [CaseEvent(_day(s["seized_on"]), AgencyCode.LED, Stage.ENFORCEMENT, s["led_case_no"],
                      f"seized {s['asset']}: recovered {s['amount_recovered_baht'] or 0:,.0f} baht, "
                      f"paid to victims {s['paid_to_victims_baht'] or 0:,.0f} baht", (people[s["person"]],))
            for s in sorted(seizures, key=lambda s: (s["seized_on"] or "", s["asset"]))]


def _assistance(assisted: list[dict[str, Any]], people: dict[str, EntityRef]) -> list[CaseEvent]:
    """One event: the victims MSDHS assisted, dated by the first shelter admission."""
    if not assisted:
        return []
    admitted = min((a["admitted"] for a in assisted if a["admitted"]), default=None)
    received = [a["received"] for a in assisted if a["received"] is not None]
    summary = f"{len({a['person'] for a in assisted})} victim(s) assisted" + (
        f"; {len(received)} received compensation: {sum(received):,.0f} baht" if received else "")
    return [CaseEvent(_day(admitted), AgencyCode.MSDHS, Stage.VICTIM_ASSISTANCE, None, summary,
                      tuple(people[person] for person in sorted({a["person"] for a in assisted})))]


def compensation_orders(court_rows: Iterable[dict[str, Any]]) -> list[float]:
    """The compensation each current COJ row orders, as the COJ adapter reads it (a judgment
    node keeps one row's amount; a defendant has a row per victim)."""
    orders = []
    for row in court_rows:
        parsed = SOURCES[row["source"]].parse(SourceRow(row["source"], AgencyCode(row["agency"]), row["source_file"],
                                                        row["row"], row["key"], json.loads(row["raw"])))
        for thing in parsed.things:
            amount = thing.properties.get("compensation_ordered_baht") if thing.label == Label.JUDGMENT else None
            if amount:
                orders.append(float(amount))
    return orders


def _stage(timeline: list[CaseEvent]) -> Stage:
    """The furthest stage any event reached (not prosecuted counts only when nobody was)."""
    stages = {event.stage for event in timeline}
    order = [Stage.ENFORCEMENT, Stage.JUDGED, Stage.TRIAL, Stage.PROSECUTION, Stage.NOT_PROSECUTED]
    return next((stage for stage in order if stage in stages), Stage.INVESTIGATION)

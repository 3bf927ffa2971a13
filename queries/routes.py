"""Trafficking routes: how victims were moved, origin → transit → destination, counted.

Each victim's route is read from their own links, as MSDHS and the police recorded them:
``ORIGIN`` (where they were recruited, or their country), ``TRANSIT`` (in order) and
``EXPLOITED_AT`` (the destination: where and how they were exploited; no adapter writes the
schema's plain ``DESTINATION`` today). Agencies may disagree, so one value is chosen per
victim: the most specific origin (a province before a country: MSDHS's recruitment province of
a Thai victim rather than the police file's "Thailand"), the place that names an exploitation
type before one that does not. A victim's
period is the first day an agency recorded them (shelter admission or case report).

Flows are then counted by victim in one capped aggregating read, at province level or rolled
up to countries (every place below country level is in Thailand), and tallied by origin,
transit place, destination, exploitation type and period.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Literal

from graph.schema import Label, Rel
from ingest.normalize import NormalizationError, normalize_country, normalize_place
from ingest.sources.msdhs import EXPLOITATION
from queries.base import DEFAULT_LIMIT, Graph, QueryError, check_range
from queries.bounds import check_period, day_bounds

Level = Literal["province", "country"]
Period = Literal["year", "quarter", "month"]
EXPLOITATION_TYPES: tuple[str, ...] = tuple(sorted(set(EXPLOITATION.values())))
THAILAND = "country:THA"
# Distinct flows read at most; the tallies are exact below this.
_FLOW_CAP = 100_000
_LOCATION_ID = re.compile(r"^(country|province):\w+$")


@dataclass(frozen=True)
class Place:
    id: str  # the Location id: "country:MMR", "province:74"
    kind: str
    name_en: str | None
    name_th: str | None


@dataclass(frozen=True)
class RouteFlow:
    """Victims who went the same way, for the same exploitation, in the same period."""

    origin: Place | None
    transit: tuple[Place, ...]
    destination: Place | None
    exploitation: str | None
    period: str | None  # "2023", "2023-Q2" or "2023-05"; None when not asked for, or no date known
    victims: int
    cases: int


@dataclass(frozen=True)
class PlaceCount:
    place: Place | None
    victims: int


@dataclass(frozen=True)
class ValueCount:
    value: str | None
    victims: int


@dataclass(frozen=True)
class Routes:
    flows: tuple[RouteFlow, ...]  # most victims first, at most `limit`
    by_origin: tuple[PlaceCount, ...]
    by_transit: tuple[PlaceCount, ...]  # a victim counts once for each place passed through
    by_destination: tuple[PlaceCount, ...]
    by_exploitation: tuple[ValueCount, ...]
    by_period: tuple[ValueCount, ...]
    victims: int
    truncated: bool  # more flows than `limit` (the tallies still count them all) or than the read cap


_ROUTES = f"""
MATCH (v:{Label.PERSON}:{Label.VICTIM})
WHERE $nationality IS NULL OR v.nationality = $nationality
CALL (v) {{
  OPTIONAL MATCH (v)-[:{Rel.ORIGIN}]->(o:{Label.LOCATION})
  WITH o ORDER BY CASE o.kind WHEN 'country' THEN 1 ELSE 0 END, o.id
  RETURN head(collect(o)) AS origin
}}
CALL (v) {{
  OPTIONAL MATCH (v)-[r:{Rel.TRANSIT}]->(l:{Label.LOCATION})
  WITH l, min(r.order) AS position ORDER BY position, l.id
  RETURN collect(l) AS transit
}}
CALL (v) {{
  OPTIONAL MATCH (v)-[r:{Rel.EXPLOITED_AT}]->(l:{Label.LOCATION})
  WITH l, r ORDER BY r.exploitation IS NULL, l.id
  RETURN head(collect(l)) AS destination, head(collect(r.exploitation)) AS exploitation
}}
WITH v, origin, transit, destination, exploitation,
     reduce(first = null, day IN [(v)-[s:{Rel.LIVES_AT}]->() WHERE s.admitted_on IS NOT NULL | s.admitted_on]
                              + [(v)-[:{Rel.VICTIM_IN}]->(c:{Label.CASE}) WHERE c.reported_on IS NOT NULL | c.reported_on]
            | CASE WHEN first IS NULL OR day < first THEN day ELSE first END) AS seen_on
WHERE ($exploitation IS NULL OR exploitation = $exploitation)
  AND ($since IS NULL OR seen_on >= $since) AND ($until IS NULL OR seen_on < $until)
  AND ($origin IS NULL OR origin.id = $origin
       OR ($origin = '{THAILAND}' AND origin.kind <> 'country'))
  AND ($province IS NULL OR $province IN [place IN [origin, destination] + transit | place.id])
WITH v, exploitation,
     [place IN [origin] + transit + [destination] |
        CASE WHEN place IS NULL THEN null WHEN $countries AND place.kind <> 'country' THEN '{THAILAND}'
             ELSE place.id END] AS places,
     CASE $period WHEN 'year' THEN left(seen_on, 4) WHEN 'month' THEN left(seen_on, 7)
                  WHEN 'quarter' THEN left(seen_on, 4) + '-Q' + toString((toInteger(substring(seen_on, 5, 2)) + 2) / 3)
     END AS period
WITH v, exploitation, period, head(places) AS origin, last(places) AS destination, places[1..-1] AS transit
WITH v, exploitation, period, origin, destination,
     CASE WHEN $countries  // rolled up, a route through Thai provinces passes "Thailand" once, if not its end
          THEN reduce(route = [], place IN transit | CASE WHEN place IN route OR place IN [origin, destination]
                                                     THEN route ELSE route + place END)
          ELSE transit END AS transit
OPTIONAL MATCH (v)-[:{Rel.VICTIM_IN}]->(c:{Label.CASE})
RETURN origin, transit, destination, exploitation, period, count(DISTINCT v) AS victims, count(DISTINCT c) AS cases
ORDER BY victims DESC, origin, destination, exploitation, period
LIMIT $cap
"""


def routes(graph: Graph, *, nationality: str | None = None, origin: str | None = None, province: str | None = None,
           exploitation: str | None = None, since: date | None = None, until: date | None = None,
           level: Level = "province", period: Period | None = None, limit: int = DEFAULT_LIMIT) -> Routes:
    """Victim flows, filtered by the victims' ``nationality`` (any spelling or ISO code), the
    route's ``origin`` (a country or province, by Location id or name; "Thailand" takes every
    Thai origin), a ``province`` anywhere on the route, the ``exploitation`` type and the
    period ``since``..``until`` (inclusive); counted at ``level`` and by ``period``."""
    check_range("limit", limit, 1, 10_000)
    if level not in ("province", "country"):
        raise QueryError(f"level must be province or country, got {level!r}")
    if period not in (None, "year", "quarter", "month"):
        raise QueryError(f"period must be year, quarter or month, got {period!r}")
    if exploitation is not None and exploitation not in EXPLOITATION_TYPES:
        raise QueryError(f"exploitation must be one of {', '.join(EXPLOITATION_TYPES)}, got {exploitation!r}")
    check_period(since, until)
    nationality_code = _checked("nationality", nationality, lambda text: normalize_country(text).code)
    origin_id = _checked("origin", origin, _location_id)
    province_id = _checked("province", province, _location_id)
    if province_id is not None and not province_id.startswith("province:"):
        raise QueryError(f"province must be a Thai province, got {province!r}")
    asked = {name: place for name, place in (("origin", origin_id), ("province", province_id)) if place is not None}
    known = _places(graph, set(asked.values()))
    for name, place in asked.items():
        if place not in known:
            raise QueryError(f"{name}: no place with id {place!r} in the graph")
    records = graph.read(_ROUTES, nationality=nationality_code, origin=origin_id, province=province_id,
                         exploitation=exploitation, countries=level == "country", period=period,
                         cap=_FLOW_CAP + 1, **day_bounds(since, until))
    rows = records[:_FLOW_CAP]
    places = _places(graph, {place for row in rows for place in (row["origin"], row["destination"], *row["transit"])
                             if place is not None})
    flows = [RouteFlow(places.get(row["origin"]), tuple(places[p] for p in row["transit"] if p in places),
                       places.get(row["destination"]), row["exploitation"], row["period"], row["victims"],
                       row["cases"]) for row in rows]
    return Routes(
        flows=tuple(flows[:limit]),
        by_origin=_place_counts((flow.origin, flow.victims) for flow in flows),
        by_transit=_place_counts((place, flow.victims) for flow in flows for place in flow.transit),
        by_destination=_place_counts((flow.destination, flow.victims) for flow in flows),
        by_exploitation=_value_counts((flow.exploitation, flow.victims) for flow in flows),
        by_period=_value_counts((flow.period, flow.victims) for flow in flows) if period else (),
        victims=sum(flow.victims for flow in flows),
        truncated=len(flows) > limit or len(records) > _FLOW_CAP,
    )


def _checked(name: str, value: str | None, normalise: Callable[[str], str]) -> str | None:
    """``normalise(value)``, or a QueryError naming the parameter when it cannot be read."""
    if value is None:
        return None
    try:
        return normalise(value)
    except NormalizationError as error:
        raise QueryError(f"{name}: {error.message}") from None


def _location_id(text: str) -> str:
    """A Location id as given, or the id of the province or country the text names."""
    if _LOCATION_ID.match(text):
        return text
    place = normalize_place(text)
    return f"{place.kind}:{place.code}"


def _places(graph: Graph, ids: set[str]) -> dict[str, Place]:
    records = graph.read(f"UNWIND $ids AS id MATCH (l:{Label.LOCATION} {{id: id}}) "
                         "RETURN l.id AS id, l.kind AS kind, l.name_en AS name_en, l.name_th AS name_th LIMIT $cap",
                         ids=sorted(ids), cap=len(ids))
    return {r["id"]: Place(r["id"], r["kind"], r["name_en"], r["name_th"]) for r in records}


def _place_counts(pairs: Iterable[tuple[Place | None, int]]) -> tuple[PlaceCount, ...]:
    counts: Counter[Place | None] = Counter()
    for place, victims in pairs:
        counts[place] += victims
    return tuple(PlaceCount(place, n) for place, n in
                 sorted(counts.items(), key=lambda item: (-item[1], item[0].id if item[0] else "")))


def _value_counts(pairs: Iterable[tuple[str | None, int]]) -> tuple[ValueCount, ...]:
    counts: Counter[str | None] = Counter()
    for value, victims in pairs:
        counts[value] += victims
    return tuple(ValueCount(value, n) for value, n in sorted(counts.items(), key=lambda item: (-item[1], item[0] or "")))

"""Routes against the demo world's planted routes (read-only)."""

from __future__ import annotations

from collections import Counter

from queries.base import Graph
from queries.routes import routes
from tests.conftest import DemoWorld


def test_every_planted_route_is_counted(demo: DemoWorld) -> None:
    victims = {ring["ring_id"]: sum(m["role"] == "victim" for m in ring["members"]) for ring in demo.truth.rings}
    planted: Counter[tuple] = Counter()
    for route in demo.truth.routes:
        planted[(route["origin"], tuple(route["transit"]), route["destination"], route["exploitation"])] += \
            victims[route["ring"]]
    found = routes(Graph(demo.db.driver, demo.db.name))
    assert not found.truncated
    counted = {(f.origin.id if f.origin else None, tuple(p.id for p in f.transit),
                f.destination.id if f.destination else None, f.exploitation): f.victims for f in found.flows}
    assert {route: counted.get(route) for route in planted} == dict(planted)


def test_the_tallies_add_up_and_the_filters_agree_with_them(demo: DemoWorld) -> None:
    graph = Graph(demo.db.driver, demo.db.name)
    found = routes(graph, period="year")
    for tally in (found.by_origin, found.by_destination, found.by_exploitation, found.by_period):
        assert sum(count.victims for count in tally) == found.victims
    for count in found.by_exploitation:
        if count.value is not None:
            assert routes(graph, exploitation=count.value).victims == count.victims
    for count in found.by_origin:
        if count.place is not None:
            assert routes(graph, origin=count.place.id).victims == count.victims
    countries = routes(graph, level="country")
    assert countries.victims == found.victims
    assert {f.destination.id for f in countries.flows if f.destination} == {"country:THA"}

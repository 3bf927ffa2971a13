"""Enforcement assets against the demo world's offenders' planted assets (read-only)."""

from __future__ import annotations

from collections import defaultdict

from queries.assets import enforcement_assets
from queries.base import Graph
from tests.conftest import DemoWorld
from tests.queries.demo_truth import account_id, entities_by_record, record_key, vehicle_id


def test_the_assets_of_convicted_offenders_and_their_nominees_are_found(demo: DemoWorld) -> None:
    """Asked about the person each offender's judgment (their COJ record) is against, as a
    prosecutor would be. An offender whose records resolution left split in two can have the
    judgment on one entity and the account on the other: such misses are counted apart."""
    graph = Graph(demo.db.driver, demo.db.name)
    entity_of = entities_by_record(demo)
    entities: dict[str, set[str]] = defaultdict(set)
    convicted: dict[str, str] = {}
    for identity in demo.truth.identities:
        entities[identity["person"]].add(entity_of[record_key(identity)])
        if identity["source"] == "coj":
            convicted[identity["person"]] = entity_of[record_key(identity)]

    wanted = found = 0
    unexplained, split = [], []
    for offender in demo.truth.offender_assets:
        answer = enforcement_assets(graph, convicted[offender["person"]])
        assert [o.offender.id for o in answer.offenders] == [convicted[offender["person"]]]
        assert answer.offenders[0].convictions and not answer.truncated
        got = {(asset.route, asset.asset.id) for asset in answer.offenders[0].assets}
        want = {("own", account_id(key)) for key in offender["accounts"]} | \
               {("own", vehicle_id(text)) for text in offender["vehicles"]} | \
               {("household", account_id(key)) for key in offender["nominee_accounts"]} | \
               {("household", vehicle_id(text)) for text in offender["nominee_vehicles"]}
        wanted += len(want)
        found += len(want & got)
        if want - got:
            (split if len(entities[offender["person"]]) > 1 else unexplained).append((offender["person"], want - got))
    print(f"\nenforcement assets: {found}/{wanted} planted assets of {len(demo.truth.offender_assets)} offenders found; "
          f"missed only where resolution split the offender: {split}")
    assert unexplained == []
    assert found / wanted >= 0.95

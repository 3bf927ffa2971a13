"""Communities and key players against the demo world's planted rings (read-only)."""

from __future__ import annotations

from collections import Counter
from itertools import combinations

from queries.base import Graph
from queries.communities import communities, key_players
from tests.conftest import DemoWorld
from tests.queries.demo_truth import graph_people

OFFENDERS = ("suspect", "broker", "nominee")


def test_every_planted_ring_is_one_community(demo: DemoWorld) -> None:
    """A ring is found when most of its suspects and brokers fall in one community. Precision
    and recall are pairwise over the rings' offenders (suspects, brokers and their nominees):
    of the pairs put together, how many are of one ring, and of one ring's pairs, how many
    were put together."""
    person = graph_people(demo)
    found = communities(Graph(demo.db.driver, demo.db.name), limit=1000)
    assert not found.truncated
    community_of = {member.id: community.index for community in found.communities for member in community.members}

    missed = []
    for ring in demo.truth.rings:
        core = [person[m["person"]] for m in ring["members"] if m["role"] in ("suspect", "broker")]
        best, together = Counter(community_of.get(p) for p in core).most_common(1)[0]
        if best is None or 2 * together <= len(core):
            missed.append(ring["ring_id"])
    ring_of = {person[m["person"]]: ring["ring_id"] for ring in demo.truth.rings for m in ring["members"]
               if m["role"] in OFFENDERS}
    together = {(a, b) for a, b in combinations(sorted(ring_of), 2)
                if community_of.get(a) is not None and community_of.get(a) == community_of.get(b)}
    same_ring = {(a, b) for a, b in combinations(sorted(ring_of), 2) if ring_of[a] == ring_of[b]}
    precision = len(together & same_ring) / len(together)
    recall = len(together & same_ring) / len(same_ring)
    print(f"\ncommunities: {len(found.communities)} involving a suspect, broker or victim; rings found "
          f"{len(demo.truth.rings) - len(missed)}/{len(demo.truth.rings)}; pairwise precision {precision:.3f} "
          f"recall {recall:.3f} over {len(ring_of)} offenders ({found.projection})")
    assert missed == []
    assert precision >= 0.9 and recall >= 0.9


def test_the_key_players_are_ring_offenders(demo: DemoWorld) -> None:
    person = graph_people(demo)
    role = {person[m["person"]]: m["role"] for ring in demo.truth.rings for m in ring["members"]}
    players = key_players(Graph(demo.db.driver, demo.db.name), limit=20).players
    offenders = sum(role.get(player.person.id) in OFFENDERS for player in players)
    print(f"\nkey players: {offenders}/{len(players)} of the top PageRank are ring offenders")
    assert offenders / len(players) >= 0.9
    assert all(a.pagerank >= b.pagerank for a, b in zip(players, players[1:]))

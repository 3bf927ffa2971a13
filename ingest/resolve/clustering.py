"""Clustering linked pairs into entities, under constraints that no score can override.

Pairs are merged strongest first (union-find). A merge is refused when the joined
entity would hold
- two different checksum-valid national IDs;
- two passports more than one character apart (one apart is taken as a typing error);
- two records that the model confidently scored as different people although their
  names agree (namesakes), the "cannot-link" pairs;
- with ``one_per_agency``, two records of the same agency.
Refusing at merge time, rather than per pair, stops chains: A-B and B-C cannot pull
together A and C when A and C carry different IDs or are known namesakes.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np
from rapidfuzz.distance import Levenshtein


@dataclass
class _Entity:
    members: list[int]
    national_ids: set[str] = field(default_factory=set)
    passports: set[str] = field(default_factory=set)
    agencies: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class Clusters:
    """``labels[i]`` is the cluster of record i; ``refused`` the pair positions the constraints blocked."""

    labels: np.ndarray
    refused: np.ndarray


@dataclass(frozen=True)
class RecordKeys:
    """Per record: what the constraints look at."""

    national_ids: np.ndarray
    national_id_valid: np.ndarray
    passports: np.ndarray
    agencies: np.ndarray


def cluster(
    left: np.ndarray,
    right: np.ndarray,
    strength: np.ndarray,
    keys: RecordKeys,
    cannot_link: tuple[np.ndarray, np.ndarray],
    one_per_agency: bool,
) -> Clusters:
    """Merge the given pairs (record positions), strongest first."""
    n = len(keys.national_ids)
    parent = list(range(n))
    entities: dict[int, _Entity] = {}
    apart: dict[int, list[int]] = defaultdict(list)
    for a, b in zip(*(side.tolist() for side in cannot_link), strict=True):
        apart[a].append(b)
        apart[b].append(a)

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def entity(i: int) -> _Entity:
        if i not in entities:
            entities[i] = _Entity(
                members=[i],
                national_ids={keys.national_ids[i]} if keys.national_id_valid[i] else set(),
                passports={keys.passports[i]} if keys.passports[i] else set(),
                agencies={keys.agencies[i]},
            )
        return entities[i]

    def conflict(a: _Entity, b: _Entity, b_root: int) -> bool:
        if len(a.national_ids | b.national_ids) > 1:
            return True
        if any(Levenshtein.distance(p, q) > 1 for p in a.passports for q in b.passports):
            return True
        if one_per_agency and a.agencies & b.agencies:
            return True
        return any(root(other) == b_root for member in a.members for other in apart.get(member, ()))

    refused = []
    for position in np.argsort(-strength, kind="stable").tolist():
        a, b = root(int(left[position])), root(int(right[position]))
        if a == b:
            continue
        ea, eb = entity(a), entity(b)
        if len(ea.members) < len(eb.members):
            a, b, ea, eb = b, a, eb, ea
        if conflict(eb, ea, a):
            refused.append(position)
            continue
        parent[b] = a
        ea.members += eb.members
        ea.national_ids |= eb.national_ids
        ea.passports |= eb.passports
        ea.agencies |= eb.agencies
        del entities[b]
    labels = np.fromiter((root(i) for i in range(n)), dtype=np.int64, count=n)
    return Clusters(labels, np.asarray(refused, dtype=np.int64))

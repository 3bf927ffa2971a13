"""Pairwise accuracy of an entity resolution against ground truth (tests and bench/).

Every resolver, whatever it outputs (scored pairs, clusters), is judged on the same
thing: the set of unordered record pairs it says are the same person. Pairs are kept
as sorted tuples so that (a, b) and (b, a) are one pair no matter which side a tool
put each record on.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from itertools import combinations

Pair = tuple[str, str]


def canonical(pairs: Iterable[tuple[str, str]]) -> set[Pair]:
    """The pairs as sorted tuples, so that orientation never counts as a difference."""
    return {(a, b) if a <= b else (b, a) for a, b in pairs}


def pairwise_scores(predicted: set[Pair], truth: set[Pair]) -> tuple[float, float, float]:
    """Precision, recall and F1 of `predicted` against `truth`.

    Both sets are canonicalised first, so callers may pass pairs in any orientation.
    An empty prediction has precision 0 (rather than undefined) so that a resolver
    that links nothing scores 0 everywhere instead of crashing the report.
    """
    predicted, truth = canonical(predicted), canonical(truth)
    hits = len(predicted & truth)
    precision = hits / len(predicted) if predicted else 0.0
    recall = hits / len(truth) if truth else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def pairs_from_clusters(entity_ids: dict[str, str]) -> set[Pair]:
    """Every pair of records that share an entity id, as sorted tuples.

    A cluster of n records asserts n(n-1)/2 pairs; scoring all of them (not just a
    spanning tree) is what makes an over-merged cluster cost precision.
    """
    members: dict[str, list[str]] = defaultdict(list)
    for record_id, entity_id in entity_ids.items():
        members[entity_id].append(record_id)
    pairs: set[Pair] = set()
    for records in members.values():
        pairs.update(combinations(sorted(records), 2))
    return pairs

"""The review queue: pairs of person records the resolver could not decide alone.

Resolution joins a pair at p >= 0.999 and leaves it apart below 0.9; between the two, a
person should look (``ingest.resolve``). Each run writes those grey-zone pairs as
``MAYBE_SAME_AS`` between their source records; an investigator accepts or rejects one
with ``ingest.pipeline.decide``, and later runs honour the decision. Each pair is shown
with the persons its records belong to now.
"""

from __future__ import annotations

from dataclasses import dataclass

from graph.schema import Label, Rel
from queries.base import EntityRef, Graph, check_range
from queries.entities import describe

DEFAULT_LIMIT = 100
MAX_LIMIT = 5_000


@dataclass(frozen=True)
class ReviewPair:
    left_record: str
    left_agency: str
    left: EntityRef  # the person the left record belongs to now
    right_record: str
    right_agency: str
    right: EntityRef
    probability: float
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class ReviewQueue:
    pairs: tuple[ReviewPair, ...]  # most probable first
    truncated: bool  # more pairs wait than the limit returned


def review_queue(graph: Graph, limit: int = DEFAULT_LIMIT) -> ReviewQueue:
    """The grey-zone pairs waiting for a decision, most probable first."""
    check_range("limit", limit, 1, MAX_LIMIT)
    records = graph.read(f"""
        MATCH (a:{Label.SOURCE_RECORD})-[m:{Rel.MAYBE_SAME_AS}]->(b:{Label.SOURCE_RECORD})
        WITH a, b, m ORDER BY m.probability DESC, a.id, b.id LIMIT $limit + 1
        MATCH (p:{Label.PERSON})-[:{Rel.FROM_SOURCE}]->(a), (q:{Label.PERSON})-[:{Rel.FROM_SOURCE}]->(b)
        RETURN a.id AS a, a.agency AS a_agency, elementId(p) AS p, b.id AS b, b.agency AS b_agency,
               elementId(q) AS q, m.probability AS probability, m.reasons AS reasons
        ORDER BY probability DESC, a, b
        """, limit=limit)
    refs = describe(graph, {node for record in records for node in (record["p"], record["q"])})
    pairs = tuple(ReviewPair(r["a"], r["a_agency"], refs[r["p"]], r["b"], r["b_agency"], refs[r["q"]],
                             r["probability"], tuple(r["reasons"])) for r in records[:limit])
    return ReviewQueue(pairs, len(records) > limit)

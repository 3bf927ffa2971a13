"""Entity resolution from person records to entity ids: the one engine behind
`tipgraph resolve` and the ingest pipeline.

blocking -> pairwise comparison -> Fellegi-Sunter weights (u from random pairs, m by
EM) -> constrained clustering. Every linked pair keeps its probability and the
reasons behind it; pairs in the grey zone go to a review list for a person to decide.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum

import numpy as np

from ingest.resolve.blocking import block_pairs, candidate_pairs
from ingest.resolve.clustering import RecordKeys, cluster
from ingest.resolve.compare import COMPARISONS, FAMILY, GIVEN, MISSING, NAME_LEVELS, ComparedPairs, compare, column_of
from ingest.resolve.features import Features, extract_features
from ingest.resolve.fellegi_sunter import Model, Session, estimate_u, estimate_u_relatives, train
from ingest.resolve.records import PersonRecord


# EM training sessions: pairs blocked on a key, and the comparisons that key forces to
# agree. Earlier sessions win: pairs sharing an identifier are nearly all true matches,
# so they teach how often a true match disagrees on a name or a phone; sessions on the
# date of birth and the name stand in where identifiers are scarce.
TRAINING_SESSIONS: tuple[tuple[str, tuple[int, ...]], ...] = (
    ("national_id", (column_of("national ID"),)),
    ("passport", (column_of("passport"),)),
    ("dob", (column_of("date of birth"),)),
    ("name", (column_of("given name"), column_of("family name"))),
)


NAME_CLOSE = NAME_LEVELS.index("close")


@dataclass(frozen=True)
class ResolveOptions:
    """Thresholds are match probabilities of the Fellegi-Sunter model."""

    # Precision first: a false merge puts one person's records on another, which in an
    # investigation is worse than a missed link. Pairs between the two thresholds go to
    # the review list for a person to decide.
    match_threshold: float = 0.999
    review_threshold: float = 0.9
    # Pairs whose names agree but score below this are namesakes: never in one entity.
    cannot_link_below: float = 0.01
    one_per_agency: bool = False  # true only where each agency lists each person once (FEBRL's two files)
    window: int = 3
    u_sample: int = 150_000  # random pairs for u
    training_pairs: int = 300_000  # at most this many pairs per EM training session
    seed: int = 0


class Decision(StrEnum):
    MATCH = "match"  # linked into one entity
    REVIEW = "review"  # grey zone: a person should decide
    REFUSED = "refused"  # scored as a match, but a constraint (different IDs) forbade the merge
    NON_MATCH = "non-match"  # below the review threshold


DECISIONS: tuple[Decision, ...] = tuple(Decision)


@dataclass(frozen=True)
class PairDecision:
    left: str
    right: str
    probability: float
    weight: float
    decision: Decision
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class Resolution:
    """The outcome: an entity id per record, and the scored pairs that explain it."""

    entity_ids: dict[str, str]
    model: Model
    candidate_pairs: int
    pairs_by_key: dict[str, int]
    _features: Features
    _compared: ComparedPairs
    _left: np.ndarray
    _right: np.ndarray
    _total_weight: np.ndarray
    _probability: np.ndarray
    _decision: np.ndarray  # the Decision of each candidate pair, as its index in DECISIONS

    def name_keys(self) -> dict[str, list[str]]:
        """Each record's name as resolution compared it: the romanised key of every word,
        the same for สมชาย ใจดี and "Somchai Jaidee"."""
        return {record: full.split() for record, full in zip(self._features.record_ids, self._features.full_name,
                                                             strict=True)}

    def count(self, decision: Decision) -> int:
        return int((self._decision == DECISIONS.index(decision)).sum())

    def pairs(self, *decisions: Decision) -> Iterator[PairDecision]:
        """The scored pairs with the given decisions, strongest first, with their reasons."""
        wanted = np.isin(self._decision, [DECISIONS.index(d) for d in decisions])
        positions = np.flatnonzero(wanted)
        yield from self._pairs(self._strongest_first(positions))

    def strongest_links(self) -> dict[str, PairDecision]:
        """For each record joined to others, the strongest matched pair that joins it to a
        record of its own entity: the evidence that put it there (provenance)."""
        entity = np.unique(np.array([self.entity_ids[r] for r in self._features.record_ids]),
                           return_inverse=True)[1]
        linked = ((self._decision == DECISIONS.index(Decision.MATCH))
                  & (entity[self._left] == entity[self._right]))
        positions = self._strongest_first(np.flatnonzero(linked))
        ends = np.stack([self._left[positions], self._right[positions]], axis=1).ravel()
        records, first = np.unique(ends, return_index=True)  # each record's first, i.e. strongest, pair
        ids = self._features.record_ids
        chosen = positions[first // 2]
        return {ids[record]: pair for record, pair in zip(records, self._pairs(chosen), strict=True)}

    def _strongest_first(self, positions: np.ndarray) -> np.ndarray:
        return positions[np.argsort(-self._probability[positions], kind="stable")]

    def _pairs(self, positions: np.ndarray, chunk: int = 10_000) -> Iterator[PairDecision]:
        """The pairs at ``positions``, in that order; weights are computed a chunk at a time."""
        ids = self._features.record_ids
        for start in range(0, len(positions), chunk):
            some = positions[start:start + chunk]
            compared = self._compared.take(some)
            weights = self.model.weights(compared)
            strongest = np.argsort(-np.abs(weights), axis=1, kind="stable")
            for row, position in enumerate(some.tolist()):
                levels = compared.gamma[row]
                yield PairDecision(
                    left=ids[self._left[position]],
                    right=ids[self._right[position]],
                    probability=float(self._probability[position]),
                    weight=float(self._total_weight[position]),
                    decision=DECISIONS[self._decision[position]],
                    reasons=tuple(
                        f"{COMPARISONS[c].name}: {COMPARISONS[c].levels[levels[c]]} ({weights[row, c]:+.1f})"
                        for c in strongest[row].tolist() if levels[c] != MISSING
                    ),
                )


def _random_pairs(n: int, size: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    if n < 2:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    size = min(size, n * (n - 1) // 2)
    left = rng.integers(0, n, size)
    right = rng.integers(0, n - 1, size)
    right = right + (right >= left)  # never a record with itself
    return left, right


def _sample(pairs: tuple[np.ndarray, np.ndarray], size: int,
            rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    left, right = pairs
    if len(left) <= size:
        return left, right
    chosen = rng.choice(len(left), size, replace=False)
    return left[chosen], right[chosen]


def _entity_id(record_ids: list[str]) -> str:
    """Stable across runs: derived from the smallest record id in the entity."""
    return "E-" + hashlib.blake2b(min(record_ids).encode(), digest_size=6).hexdigest()


def _train(features: Features, candidates: ComparedPairs, options: ResolveOptions) -> Model:
    """u from random pairs, u among relatives from same-family pairs known to be two people
    (different valid national IDs), m from the training sessions, then the prior."""
    rng = np.random.default_rng(options.seed)
    n = len(features)
    random_left, random_right = _random_pairs(n, options.u_sample, rng)
    u = estimate_u(compare(features, random_left, random_right))
    sessions = [
        Session(compare(features, *_sample(block_pairs(features, key), options.training_pairs, rng)),
                frozenset(agreeing))
        for key, agreeing in TRAINING_SESSIONS
    ]
    family_left, family_right = _sample(block_pairs(features, "family"), options.training_pairs, rng)
    valid, ids = features.national_id_valid, features.national_id
    known_apart = valid[family_left] & valid[family_right] & (ids[family_left] != ids[family_right])
    u_relatives = estimate_u_relatives(compare(features, family_left, family_right), known_apart, u)
    return train(sessions, candidates, u, u_relatives)


def _namesakes(compared: ComparedPairs, probability: np.ndarray, options: ResolveOptions) -> np.ndarray:
    """Pairs whose names agree but that the model confidently calls two people."""
    given, family = compared.gamma[:, GIVEN], compared.gamma[:, FAMILY]
    names_agree = (given >= NAME_CLOSE) & ((family >= NAME_CLOSE) | (family == MISSING))
    return names_agree & (probability < options.cannot_link_below)


def _positions(pairs: Sequence[tuple[str, str]], position: dict[str, int]) -> np.ndarray:
    """Record-id pairs as rows of record positions (pairs naming an absent record are left out)."""
    return np.array([(position[a], position[b]) for a, b in pairs if a in position and b in position],
                    dtype=np.int64).reshape(-1, 2)


def _pair_keys(left: np.ndarray, right: np.ndarray, n: int) -> np.ndarray:
    """One number per unordered pair of positions, to compare pair sets."""
    return np.minimum(left, right) * n + np.maximum(left, right)


def resolve(
    records: Sequence[PersonRecord],
    options: ResolveOptions = ResolveOptions(),
    progress: Callable[[str], None] = lambda stage: None,
    kept_apart: Sequence[tuple[str, str]] = (),
    kept_together: Sequence[tuple[str, str]] = (),
) -> Resolution:
    """Resolve person records into entities; ``progress`` hears the name of each stage as it starts.

    ``kept_apart`` holds record-id pairs that a person decided are two people (an
    unmerge, a rejected review pair): no entity will hold both, whatever the scores.
    ``kept_together`` holds pairs a person decided are one (an accepted review pair):
    they are joined before any scored pair, unless the rules that no score can break
    forbid it (two valid national IDs, passports apart, a pair kept apart). Pairs a
    person decided are never sent to review again.
    """
    progress(f"normalising {len(records):,} records")
    features = extract_features(records)
    progress("blocking")
    blocked = candidate_pairs(features, options.window)
    left, right = blocked.left, blocked.right
    progress(f"comparing {len(left):,} candidate pairs")
    compared = compare(features, left, right)
    progress("training the Fellegi-Sunter model")
    model = _train(features, compared, options)
    total_weight = model.weights(compared).sum(axis=1)
    probability = model.match_probability(total_weight)

    progress("clustering")
    linked = probability >= options.match_threshold
    namesakes = _namesakes(compared, probability, options)
    position = {record_id: i for i, record_id in enumerate(features.record_ids)}
    apart_pairs, together = _positions(kept_apart, position), _positions(kept_together, position)
    clusters = cluster(
        np.concatenate([together[:, 0], left[linked]]), np.concatenate([together[:, 1], right[linked]]),
        np.concatenate([np.full(len(together), 2.0), probability[linked]]),  # 2: above any probability
        RecordKeys(features.national_id, features.national_id_valid, features.passport, features.agencies),
        (np.concatenate([left[namesakes], apart_pairs[:, 0]]), np.concatenate([right[namesakes], apart_pairs[:, 1]])),
        options.one_per_agency,
    )
    decision = np.full(len(left), DECISIONS.index(Decision.NON_MATCH), dtype=np.int8)
    apart = clusters.labels[left] != clusters.labels[right]  # a grey pair already joined needs no review
    undecided = ~np.isin(_pair_keys(left, right, len(position)),
                         _pair_keys(*np.concatenate([apart_pairs, together]).T, len(position)))
    decision[(probability >= options.review_threshold) & ~linked & apart & undecided] = DECISIONS.index(Decision.REVIEW)
    linked_positions = np.flatnonzero(linked)
    decision[linked_positions] = DECISIONS.index(Decision.MATCH)
    scored_refusals = clusters.refused[clusters.refused >= len(together)] - len(together)
    decision[linked_positions[scored_refusals]] = DECISIONS.index(Decision.REFUSED)

    members: dict[int, list[str]] = {}
    for record_id, label in zip(features.record_ids, clusters.labels.tolist(), strict=True):
        members.setdefault(label, []).append(record_id)
    entity_ids = {rid: _entity_id(ids) for ids in members.values() for rid in ids}
    return Resolution(
        entity_ids=entity_ids,
        model=model,
        candidate_pairs=len(left),
        pairs_by_key=blocked.by_key,
        _features=features,
        _compared=compared,
        _left=left,
        _right=right,
        _total_weight=total_weight,
        _probability=probability,
        _decision=decision,
    )

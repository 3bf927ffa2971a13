"""The Fellegi-Sunter model: how much each agreement level says for or against a match.

For every comparison level, m is the probability of that level among true matches
and u among non-matches; the level's weight is log2(m / u). Nothing is hand-tuned:
- u comes from random record pairs, which are non-matches but for a negligible few;
- m comes from expectation-maximisation in training sessions (the approach Splink
  documents). Each session takes the pairs that agree exactly on one blocking field
  (an identifier, the date of birth, or the whole name) and learns m for the *other*
  fields: among such pairs the non-matches still look random on the other fields, so
  the fixed u holds;
- the prior (the share of candidate pairs that match) is then fitted by EM on the
  candidate pairs with m and u held.

Two refinements keep namesakes and families apart:
- exact agreement on a name is weighed by how rare that name is (term frequency), and
  where given and family name both agree, by how rare the whole name is;
- non-matches that share a family name are mostly relatives, and relatives share
  phones, addresses, even birth dates (twins) far more often than random people do.
  So where the family names agree, the other fields are weighed against a second u,
  counted on pairs that share a family name and are known to be two people because
  their national IDs differ (``u_relatives``). Without it, a household would add up
  to one person.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ingest.resolve.compare import COMPARISONS, FAMILY, GIVEN, MISSING, NAME_LEVELS, ComparedPairs

FLOOR = 1e-6
MIN_SESSION_MATCHES = 20.0  # below this expected number of matches, a session's m is not trusted
# One imagined match at every level (Laplace smoothing): a level never seen among a few
# thousand matches is rare, not impossible, so a single typo cannot veto a match outright.
PSEUDO_COUNT = 1.0
MIN_RELATIVE_PAIRS = 100  # fewer known-apart relatives than this cannot estimate u_relatives

FAMILY_EQUAL = len(COMPARISONS[FAMILY].levels) - 1
GIVEN_EQUAL = len(COMPARISONS[GIVEN].levels) - 1
NAME_DIFFERENT = NAME_LEVELS.index("different")
NAME_COLUMNS = (GIVEN, FAMILY)

Levels = tuple[np.ndarray, ...]


@dataclass(frozen=True)
class Model:
    """m and u per comparison and level, u among relatives, and the prior of a candidate pair."""

    m: Levels
    u: Levels
    u_relatives: Levels
    prior: float

    def level_weights(self) -> Levels:
        return tuple(np.log2(m / u) for m, u in zip(self.m, self.u, strict=True))

    def relativeweights_by_level(self) -> Levels:
        return tuple(np.log2(m / u) for m, u in zip(self.m, self.u_relatives, strict=True))

    def weights(self, pairs: ComparedPairs) -> np.ndarray:
        """Each pair's weight per comparison (0 where a value is missing)."""
        out = self.weights_by_level(pairs.gamma)
        for column, frequency in pairs.term_frequency.items():
            top = len(self.m[column]) - 1
            exact = pairs.gamma[:, column] == top
            share = np.maximum(frequency[exact], self.u[column][top])
            out[exact, column] = np.log2(self.m[column][top] / share)
        self._weigh_whole_name(pairs, out)
        return out

    def weights_by_level(self, gamma: np.ndarray) -> np.ndarray:
        """Weights by level alone; fields beside an agreeing family name use u_relatives."""
        out = np.zeros(gamma.shape, dtype=np.float32)
        relatives = _share_one_name(gamma)
        tables = zip(self.level_weights(), self.relativeweights_by_level(), strict=True)
        for column, (table, relative_table) in enumerate(tables):
            levels = gamma[:, column]
            present = levels != MISSING
            out[present, column] = table[levels[present]]
            if column not in NAME_COLUMNS:
                beside_family = present & relatives
                out[beside_family, column] = relative_table[levels[beside_family]]
        return out

    def _weigh_whole_name(self, pairs: ComparedPairs, out: np.ndarray) -> None:
        """Where given and family name are both equal, weigh the whole name by its own
        frequency: the words of a common name ("Khin Aye") are each rare-ish, but together
        they are common, and two namesakes must not look like one person."""
        both = (pairs.gamma[:, GIVEN] == GIVEN_EQUAL) & (pairs.gamma[:, FAMILY] == FAMILY_EQUAL)
        if not both.any():
            return
        independent = out[both, GIVEN] + out[both, FAMILY]
        floor = self.u[GIVEN][GIVEN_EQUAL] * self.u[FAMILY][FAMILY_EQUAL]
        joint = np.log2(self.m[GIVEN][GIVEN_EQUAL] * self.m[FAMILY][FAMILY_EQUAL]
                        / np.maximum(pairs.whole_name_frequency[both], floor))
        scale = np.where(independent > joint, joint / np.maximum(independent, 1e-9), 1.0)
        out[both, GIVEN] *= scale
        out[both, FAMILY] *= scale

    def match_probability(self, total_weight: np.ndarray) -> np.ndarray:
        prior_weight = np.log2(self.prior / (1 - self.prior))
        return 1.0 / (1.0 + np.exp2(-(total_weight + prior_weight)))


def _share_one_name(gamma: np.ndarray) -> np.ndarray:
    """Pairs that look like relatives: the same family name, or, for names whose order was
    read differently (Khmer family-first), the same given name beside a different family name."""
    family, given = gamma[:, FAMILY], gamma[:, GIVEN]
    return (family == FAMILY_EQUAL) | ((given == GIVEN_EQUAL) & (family >= 0) & (family <= NAME_DIFFERENT))


@dataclass(frozen=True)
class Session:
    """Pairs that agree exactly on the ``blocked`` columns; m is learnt for the others."""

    pairs: ComparedPairs
    blocked: frozenset[int]


def estimate_u(pairs: ComparedPairs) -> Levels:
    """Level frequencies among pairs taken to be non-matches."""
    u = []
    for column, comparison in enumerate(COMPARISONS):
        levels = pairs.gamma[:, column]
        counts = np.bincount(levels[levels != MISSING], minlength=len(comparison.levels)).astype(np.float64)
        floor = 1.0 / (2.0 * max(len(levels), 1))
        u.append(np.maximum(counts / max(counts.sum(), 1.0), floor))
    return tuple(u)


def estimate_u_relatives(same_family: ComparedPairs, known_apart: np.ndarray, u: Levels) -> Levels:
    """u of the other fields among people who share a family name, from the pairs of them
    known to be two people (two different checksum-valid national IDs). Too few such
    pairs to learn from: plain u."""
    if known_apart.sum() < MIN_RELATIVE_PAIRS:
        return u
    relatives = estimate_u(same_family.take(np.flatnonzero(known_apart)))
    return tuple(mine if column in NAME_COLUMNS else theirs
                 for column, (mine, theirs) in enumerate(zip(u, relatives, strict=True)))


def _initial_m() -> list[np.ndarray]:
    """EM's starting point: matches mostly agree at the top level."""
    m = []
    for comparison in COMPARISONS:
        k = len(comparison.levels)
        start = np.full(k, 0.1 / (k - 1))
        start[-1] = 0.9
        m.append(start)
    return m


def _patterns(gamma: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct rows of the level matrix and how often each occurs: EM runs on these,
    so an iteration costs the same for a thousand pairs or ten million."""
    base = max(len(c.levels) for c in COMPARISONS) + 1
    codes = np.zeros(len(gamma), dtype=np.int64)
    for column in range(gamma.shape[1]):
        codes = codes * base + (gamma[:, column].astype(np.int64) + 1)
    _, first, counts = np.unique(codes, return_index=True, return_counts=True)
    return gamma[first], counts.astype(np.float64)


def _posterior(log_ratio: np.ndarray, prior: float) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(log_ratio + np.log(prior / (1 - prior)), -700, 700)))


def _learn_m(patterns: np.ndarray, counts: np.ndarray, m: list[np.ndarray], u: Levels,
             columns: Sequence[int], max_iterations: int = 100,
             tolerance: float = 1e-6) -> tuple[list[np.ndarray], float]:
    """EM for m on ``columns`` (u fixed); returns m and the expected number of matches."""
    m = [level.copy() for level in m]
    prior, expected = 0.1, 0.0
    for _ in range(max_iterations):
        log_ratio = np.zeros(len(patterns))
        for column in columns:
            levels = patterns[:, column]
            present = levels != MISSING
            log_ratio[present] += np.log(m[column][levels[present]]) - np.log(u[column][levels[present]])
        match = _posterior(log_ratio, prior) * counts
        expected = float(match.sum())
        new_prior = float(np.clip(expected / counts.sum(), FLOOR, 1 - FLOOR))
        change = abs(new_prior - prior)
        for column in columns:
            levels = patterns[:, column]
            present = levels != MISSING
            mass = np.bincount(levels[present], weights=match[present], minlength=len(m[column]))
            if mass.sum() > 0:
                mass += PSEUDO_COUNT
                new = mass / mass.sum()
                change = max(change, float(np.abs(new - m[column]).max()))
                m[column] = new
        prior = new_prior
        if change < tolerance:
            break
    return m, expected


def _learn_prior(total_weight: np.ndarray, counts: np.ndarray, max_iterations: int = 200,
                 tolerance: float = 1e-8) -> float:
    """EM for the share of matches among pairs whose log2 Bayes factors are known."""
    log_ratio = total_weight * np.log(2)
    prior = 0.1
    for _ in range(max_iterations):
        new = float(np.clip((_posterior(log_ratio, prior) * counts).sum() / counts.sum(), FLOOR, 1 - FLOOR))
        if abs(new - prior) < tolerance:
            return new
        prior = new
    return prior


def train(sessions: Sequence[Session], candidates: ComparedPairs, u: Levels, u_relatives: Levels) -> Model:
    """Learn m in the sessions (the first session that can estimate a column wins), then the prior."""
    m = _initial_m()
    learnt: set[int] = set()
    for session in sessions:
        if len(session.pairs.gamma) == 0:
            continue
        patterns, counts = _patterns(session.pairs.gamma)
        columns = [c for c in range(len(COMPARISONS)) if c not in session.blocked]
        session_m, expected = _learn_m(patterns, counts, m, u, columns)
        if expected < MIN_SESSION_MATCHES:
            continue
        for column in columns:
            observed = bool((session.pairs.gamma[:, column] != MISSING).any())
            if column not in learnt and observed:
                m[column] = session_m[column]
                learnt.add(column)
    model = Model(tuple(m), u, u_relatives, 0.5)
    if len(candidates.gamma) == 0:
        return model
    patterns, counts = _patterns(candidates.gamma)
    prior = _learn_prior(model.weights_by_level(patterns).sum(axis=1).astype(np.float64), counts)
    return Model(model.m, model.u, model.u_relatives, prior)

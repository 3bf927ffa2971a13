"""Blocking: the candidate pairs worth scoring, found without comparing all pairs.

A pair is a candidate when the two records share at least one blocking key: an
exact identifier, a name key combined with the date of birth, a phonetic name key
in either script, or when they sit near each other in a sort on the name key
(sorted neighbourhood, which catches typos that change every key). Blocks larger
than a cap are skipped for that key, since a very common key ("somchai") says
little; because each record has a bounded number of keys in bounded blocks, the
number of pairs grows about linearly with the number of records.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from ingest.resolve.features import Features


# Blocks larger than this are skipped for that key. A single field (a given name, a
# date of birth) gets the smaller cap: in a small file its blocks are tiny and catch
# records whose names are mangled, in a national-scale file they are crowds.
MAX_BLOCK = 32
MAX_BLOCK_SINGLE_FIELD = 8


@dataclass(frozen=True)
class BlockingKey:
    """One way of putting records into blocks; ``build`` returns one key string per record."""

    name: str
    build: Callable[[Features], np.ndarray]
    max_block: int = MAX_BLOCK


def _dob_text(f: Features) -> np.ndarray:
    return np.where(f.dob > 0, f.dob.astype(str), "").astype(object)


def _join(*columns: np.ndarray) -> np.ndarray:
    """Key of several columns; empty when any part is empty, so that missing never matches."""
    joined = columns[0].copy()
    missing = joined == ""
    for column in columns[1:]:
        joined = joined + "|" + column
        missing |= column == ""
    joined[missing] = ""
    return joined


def _token(column: np.ndarray, index: int) -> np.ndarray:
    """The index-th space-separated word of each value ('' if absent)."""
    out = np.empty(len(column), dtype=object)
    for i, value in enumerate(column):
        words = value.split()
        out[i] = words[index] if len(words) > index else ""
    return out


def _prefix(column: np.ndarray, length: int) -> np.ndarray:
    return np.array([value[:length] for value in column], dtype=object)


KEYS: tuple[BlockingKey, ...] = (
    BlockingKey("national_id", lambda f: f.national_id),
    BlockingKey("passport", lambda f: f.passport),
    BlockingKey("phone", lambda f: f.phone),
    BlockingKey("name", lambda f: f.sorted_name),
    BlockingKey("given", lambda f: f.given, MAX_BLOCK_SINGLE_FIELD),
    BlockingKey("family", lambda f: f.family, MAX_BLOCK_SINGLE_FIELD),
    BlockingKey("dob", _dob_text, MAX_BLOCK_SINGLE_FIELD),
    BlockingKey("address-numbers", lambda f: f.address_numbers, MAX_BLOCK_SINGLE_FIELD),
    BlockingKey("address-last-number", lambda f: f.address_last_number, MAX_BLOCK_SINGLE_FIELD),
    BlockingKey("given+dob", lambda f: _join(f.given, _dob_text(f))),
    BlockingKey("family+dob", lambda f: _join(f.family, _dob_text(f))),
    BlockingKey("first-word+dob", lambda f: _join(_token(f.full_name, 0), _dob_text(f))),
    BlockingKey("skeleton", lambda f: _join(f.given_skeleton, f.family_skeleton)),
    BlockingKey("thai-soundex", lambda f: f.thai_soundex),
    BlockingKey("family+given-initial", lambda f: _join(f.family, _prefix(f.given, 1))),
    BlockingKey("given+family-initial", lambda f: _join(f.given, _prefix(f.family, 1))),
    BlockingKey("national-id-prefix+dob", lambda f: _join(_prefix(f.national_id, 9), _dob_text(f))),
    # Two weak fields together are a strong key, and survive a typo in any third field.
    BlockingKey("given+birth-year", lambda f: _join(f.given, _prefix(_dob_text(f), 4))),
    BlockingKey("family+birth-year", lambda f: _join(f.family, _prefix(_dob_text(f), 4))),
    BlockingKey("dob+address-last-number", lambda f: _join(_dob_text(f), f.address_last_number)),
    BlockingKey("given+address-last-number", lambda f: _join(f.given, f.address_last_number)),
    BlockingKey("family+address-last-number", lambda f: _join(f.family, f.address_last_number)),
)


@dataclass(frozen=True)
class CandidatePairs:
    """Record index pairs (left < right), each once, with how many each key contributed."""

    left: np.ndarray
    right: np.ndarray
    by_key: dict[str, int]

    def __len__(self) -> int:
        return len(self.left)


def block_pairs(features: Features, key_name: str) -> tuple[np.ndarray, np.ndarray]:
    """The pairs of one blocking key alone (used to train the model on pairs that agree on it)."""
    key = next(k for k in KEYS if k.name == key_name)
    return _block_pairs(key.build(features), key.max_block)


def _block_pairs(keys: np.ndarray, max_block: int) -> tuple[np.ndarray, np.ndarray]:
    """All pairs inside each block of equal, non-empty keys of at most ``max_block`` records.

    Vectorised: after sorting by key, record k places apart are in the same block
    exactly when their keys are equal, so one pass per distance finds every pair.
    """
    present = np.flatnonzero(keys != "")
    if len(present) < 2:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    codes, sizes = np.unique(keys[present].astype(str), return_inverse=True, return_counts=True)[1:]
    keep = sizes[codes] <= max_block
    members, codes = present[keep], codes[keep]
    order = np.argsort(codes, kind="stable")
    members, codes = members[order], codes[order]
    lefts, rights = [], []
    for distance in range(1, min(max_block, len(members))):
        same = codes[:-distance] == codes[distance:]
        if not same.any():
            break
        lefts.append(members[:-distance][same])
        rights.append(members[distance:][same])
    if not lefts:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    return np.concatenate(lefts), np.concatenate(rights)


def _neighbourhood_pairs(keys: np.ndarray, window: int) -> tuple[np.ndarray, np.ndarray]:
    """Pairs of records within ``window`` places of each other in the sort on ``keys``."""
    present = np.flatnonzero(keys != "")
    order = present[np.argsort(keys[present].astype(str), kind="stable")]
    lefts = [order[:-d] for d in range(1, min(window, len(order)))]
    rights = [order[d:] for d in range(1, min(window, len(order)))]
    if not lefts:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    return np.concatenate(lefts), np.concatenate(rights)


# Sorted neighbourhoods: records near each other in a sort on these keys are paired,
# which catches typos that change every exact key. Names are also sorted backwards, so
# that a typo in the first letters still leaves neighbours; an address needs both its
# words and its numbers (a shelter's name alone would pair unrelated residents).
NEIGHBOURHOODS: tuple[BlockingKey, ...] = (
    BlockingKey("sorted-neighbourhood", lambda f: f.sorted_name),
    BlockingKey("sorted-neighbourhood-reversed", lambda f: _reversed(f.sorted_name)),
    BlockingKey("address-neighbourhood", lambda f: _join(f.address_words, f.address_numbers)),
)


def candidate_pairs(features: Features, window: int) -> CandidatePairs:
    """The union of the pairs of every blocking key and every sorted neighbourhood."""
    n = len(features)
    parts: list[np.ndarray] = []
    by_key: dict[str, int] = {}
    sources = [(key.name, _block_pairs(key.build(features), key.max_block)) for key in KEYS]
    sources += [(key.name, _neighbourhood_pairs(key.build(features), window)) for key in NEIGHBOURHOODS]
    for name, (left, right) in sources:
        low, high = np.minimum(left, right), np.maximum(left, right)
        distinct = low != high
        parts.append(low[distinct].astype(np.int64) * n + high[distinct])
        by_key[name] = int(distinct.sum())
    encoded = np.unique(np.concatenate(parts)) if parts else np.empty(0, np.int64)
    return CandidatePairs(encoded // n, encoded % n, by_key)


def _reversed(column: np.ndarray) -> np.ndarray:
    """Each key spelt backwards, so that a typo early in a name still leaves neighbours."""
    return np.array([value[::-1] for value in column], dtype=object)

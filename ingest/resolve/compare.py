"""Pairwise comparison: each field of a candidate pair becomes an agreement level.

Levels are small integers, higher meaning closer agreement, and -1 meaning that one
side lacks the value (it then neither supports nor opposes the match). How much
each level weighs is not decided here: the Fellegi-Sunter model learns it.
All comparisons run column-wise over arrays of pairs (numpy, rapidfuzz cpdist).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import JaroWinkler, Levenshtein
from rapidfuzz.fuzz import token_set_ratio

from ingest.resolve.features import Features

MISSING = -1


@dataclass(frozen=True)
class Comparison:
    """One column of the comparison matrix: the field and the meaning of each level."""

    name: str
    levels: tuple[str, ...]
    term_frequency: bool = False  # exact agreement on a rare value weighs more than on a common one


# A name that differs between two records in one script is strong evidence of two
# people; across scripts (Thai against romanised) it may be a failed transliteration.
NAME_LEVELS = ("different across scripts", "different", "similar", "close", "equal")
_WORDS = ("address words unknown", "address words differ", "address words similar", "address words close")
_NUMBERS = ("numbers unknown", "no number shared", "house number or postcode shared", "all numbers equal")
_ADDRESS = tuple(f"{words}, {numbers}" for words in _WORDS for numbers in _NUMBERS)
CONTACT_LEVELS = (*(f"phone differs or unknown, {a}" for a in _ADDRESS), *(f"same phone, {a}" for a in _ADDRESS))
COMPARISONS: tuple[Comparison, ...] = (
    Comparison("given name", NAME_LEVELS, term_frequency=True),
    Comparison("family name", NAME_LEVELS, term_frequency=True),
    Comparison("date of birth", ("different", "same year", "typo or day/month swap", "equal")),
    Comparison("national ID", ("different", "one digit off", "equal")),
    Comparison("passport", ("different", "one character off", "equal")),
    Comparison("nationality", ("different", "equal")),
    Comparison("sex", ("different", "equal")),
    Comparison("phone and address", CONTACT_LEVELS),
)


def column_of(name: str) -> int:
    """The column of a comparison in the level matrix, by its name."""
    return next(i for i, comparison in enumerate(COMPARISONS) if comparison.name == name)


GIVEN, FAMILY = column_of("given name"), column_of("family name")


@dataclass(frozen=True)
class ComparedPairs:
    """The levels of every pair (one int8 column per comparison), and for the name
    columns how common the left record's value is among all records (term frequency)."""

    gamma: np.ndarray
    term_frequency: dict[int, np.ndarray]
    whole_name_frequency: np.ndarray  # how common the left record's whole name is

    def take(self, positions: np.ndarray) -> ComparedPairs:
        """The comparisons of some of the pairs only."""
        return ComparedPairs(
            self.gamma[positions],
            {c: tf[positions] for c, tf in self.term_frequency.items()},
            self.whole_name_frequency[positions],
        )


# Below this many pairs, rapidfuzz's thread pool costs more (~0.5 ms a call) than it saves:
# a name search compares a few dozen pairs, a resolution run millions.
_PARALLEL_FROM = 10_000


def _similarity(scorer: object, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    if len(a) == 0:
        return np.empty(0, dtype=np.float32)
    workers = -1 if len(a) >= _PARALLEL_FROM else 1
    return process.cpdist(list(a), list(b), scorer=scorer, workers=workers, dtype=np.float32)


def _missing(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return (a == "") | (b == "")


def _name_similarity(a: np.ndarray, b: np.ndarray, skel_a: np.ndarray, skel_b: np.ndarray,
                     thai_a: np.ndarray | None = None, thai_b: np.ndarray | None = None) -> np.ndarray:
    """3 equal key, 2 close (JW >= 0.92 or same consonants), 1 similar (JW >= 0.80), 0 different.

    Where ``thai_a``/``thai_b`` are given (the Thai-script text of pairs written in Thai on
    both sides, else ""), the better of the key and the Thai-text similarity counts: a
    typo in Thai script can throw the romanisation far off.
    """
    jw = _similarity(JaroWinkler.normalized_similarity, a, b)
    equal = a == b
    if thai_a is not None and thai_b is not None:
        both_thai = ~_missing(thai_a, thai_b)
        jw[both_thai] = np.maximum(
            jw[both_thai], _similarity(JaroWinkler.normalized_similarity, thai_a[both_thai], thai_b[both_thai]))
        equal |= both_thai & (thai_a == thai_b)
    same_skeleton = (skel_a == skel_b) & (skel_a != "")
    levels = np.zeros(len(a), dtype=np.int8)
    levels[jw >= 0.80] = 1
    levels[(jw >= 0.92) | same_skeleton] = 2
    levels[equal] = 3
    levels[_missing(a, b)] = MISSING
    return levels


def _whole_name_similarity(a: np.ndarray, b: np.ndarray, thai_a: np.ndarray, thai_b: np.ndarray) -> np.ndarray:
    """Name levels for whole names, where one name may hold words the other lacks (a
    missing given name, a Burmese name written with more or fewer words): all words of
    the shorter name found in the longer one counts as close, if the shorter is not a
    mere fragment ("Bo Bo" is not "Win Seya Bo")."""
    levels = _name_similarity(a, b, a, b, thai_a, thai_b)
    candidates = np.flatnonzero((levels >= 0) & (levels < 2))
    levels[candidates[[_covers(a[i], b[i]) for i in candidates]]] = 2
    return levels


def _covers(a: str, b: str) -> bool:
    """Every word of the shorter name is in the longer, and it has at least half as many words."""
    short, long = sorted((set(a.split()), set(b.split())), key=len)
    return short <= long and 2 * len(short) >= len(long)


def _aligned_names(f: Features, left: np.ndarray, right: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Given and family levels under the better of the straight and swapped alignments.

    A romanised name may arrive family-first without a comma ("Chaidi Somchai"), so
    the given name of one record is also compared with the family name of the other.
    When either side has no family name (Burmese names have none), the whole name is
    compared as the given name and the family level is missing; the third result
    marks those pairs.
    """
    thai = f.name_script == "thai"
    pair_thai = thai[left] & thai[right]

    def text(column: np.ndarray, side: np.ndarray) -> np.ndarray:
        return np.where(pair_thai, column[side], "")

    given = _name_similarity(f.given[left], f.given[right], f.given_skeleton[left], f.given_skeleton[right],
                             text(f.given_text, left), text(f.given_text, right))
    family = _name_similarity(f.family[left], f.family[right], f.family_skeleton[left], f.family_skeleton[right],
                              text(f.family_text, left), text(f.family_text, right))
    cross_given = _name_similarity(f.given[left], f.family[right], f.given_skeleton[left], f.family_skeleton[right],
                                   text(f.given_text, left), text(f.family_text, right))
    cross_family = _name_similarity(f.family[left], f.given[right], f.family_skeleton[left], f.given_skeleton[right],
                                    text(f.family_text, left), text(f.given_text, right))
    swap = (cross_given.astype(np.int16) + cross_family) > (given.astype(np.int16) + family)
    given = np.where(swap, cross_given, given)
    family = np.where(swap, cross_family, family)

    whole_name = (f.family[left] == "") | (f.family[right] == "")
    whole = _whole_name_similarity(f.full_name[left], f.full_name[right],
                                   text(f.full_text, left), text(f.full_text, right))
    given = np.where(whole_name, whole, given).astype(np.int8)
    family = np.where(whole_name, MISSING, family).astype(np.int8)
    across = f.name_script[left] != f.name_script[right]
    return _split_different(given, across), _split_different(family, across), whole_name


def _split_different(levels: np.ndarray, across_scripts: np.ndarray) -> np.ndarray:
    """From the 4-level scale of _name_similarity to NAME_LEVELS."""
    out = levels.copy()
    out[levels >= 1] += 1
    out[(levels == 0) & ~across_scripts] = 1
    return out


def _dob(f: Features, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """3 equal, 2 one digit off or day and month swapped (typing errors), 1 same year, 0 different."""
    a, b = f.dob[left], f.dob[right]
    differing_digits = np.zeros(len(a), dtype=np.int8)
    for power in range(8):
        differing_digits += ((a // 10**power) % 10) != ((b // 10**power) % 10)
    swapped = (a // 10_000 == b // 10_000) & ((a // 100) % 100 == b % 100) & (a % 100 == (b // 100) % 100)
    levels = np.zeros(len(a), dtype=np.int8)
    levels[a // 10_000 == b // 10_000] = 1
    levels[(differing_digits == 1) | swapped] = 2
    levels[a == b] = 3
    levels[(a == 0) | (b == 0)] = MISSING
    return levels


def _identifier(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """2 equal, 1 one edit apart (a typing error), 0 different."""
    edits = _similarity(Levenshtein.distance, a, b)
    levels = np.zeros(len(a), dtype=np.int8)
    levels[edits <= 1] = 1
    levels[a == b] = 2
    levels[_missing(a, b)] = MISSING
    return levels


def _exact(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    levels = (a == b).astype(np.int8)
    levels[_missing(a, b)] = MISSING
    return levels


def _address_words(f: Features, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """0 unknown, 1 different, 2 similar (token-set ratio >= 0.7), 3 close (>= 0.9); the
    token-set ratio lets a word missing on one side cost little."""
    a, b = f.address_words[left], f.address_words[right]
    ratio = _similarity(token_set_ratio, a, b) / 100
    levels = np.ones(len(a), dtype=np.int8)
    levels[ratio >= 0.7] = 2
    levels[ratio >= 0.9] = 3
    levels[_missing(a, b)] = 0
    return levels


def _address_numbers(f: Features, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """0 unknown, 1 none shared, 2 the same first (house) or last (postcode) number, 3 all equal."""
    a, b = f.address_numbers[left], f.address_numbers[right]
    first, last = f.address_first_number, f.address_last_number
    levels = 1 + ((first[left] == first[right]) | (last[left] == last[right])).astype(np.int8)
    levels[a == b] = 3
    levels[_missing(a, b)] = 0
    return levels


def _contact(f: Features, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """One level for phone, address words and address numbers together (CONTACT_LEVELS):
    people of one household share all three, so counting them as independent evidence
    would add a family up to one person."""
    address = _address_words(f, left, right) * len(_NUMBERS) + _address_numbers(f, left, right)
    phone = _exact(f.phone[left], f.phone[right])
    levels = (address + len(_ADDRESS) * (phone == 1)).astype(np.int8)
    levels[(address == 0) & (phone == MISSING)] = MISSING
    return levels


def _frequencies(column: np.ndarray) -> np.ndarray:
    """For each record, the share of records (with a value) that have the same value."""
    present = column != ""
    _, inverse, counts = np.unique(column.astype(str), return_inverse=True, return_counts=True)
    share = counts[inverse] / max(int(present.sum()), 1)
    return np.where(present, share, 1.0).astype(np.float32)


CHUNK = 1_000_000  # pairs compared at a time, which bounds the temporary string lists


def compare(features: Features, left: np.ndarray, right: np.ndarray) -> ComparedPairs:
    """Compare every candidate pair on every field of COMPARISONS, in that order."""
    gamma = np.empty((len(left), len(COMPARISONS)), dtype=np.int8)
    whole_name = np.empty(len(left), dtype=bool)
    for start in range(0, len(left), CHUNK):
        chunk = slice(start, start + CHUNK)
        gamma[chunk], whole_name[chunk] = _compare_chunk(features, left[chunk], right[chunk])
    f = features
    given_share = np.where(whole_name, _frequencies(f.full_name)[left], _frequencies(f.given)[left])
    return ComparedPairs(
        gamma=gamma,
        term_frequency={GIVEN: given_share, FAMILY: _frequencies(f.family)[left]},
        whole_name_frequency=_frequencies(f.sorted_name)[left],
    )


def name_levels(features: Features, left: np.ndarray, right: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The given and family levels of each pair, as ``compare`` grades them, and nothing
    else: what a name search ranks by, at a fraction of the cost of every field."""
    given, family, _ = _aligned_names(features, left, right)
    return given, family


def _compare_chunk(f: Features, left: np.ndarray, right: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    given, family, whole_name = _aligned_names(f, left, right)
    columns = (
        given,
        family,
        _dob(f, left, right),
        _identifier(f.national_id[left], f.national_id[right]),
        _identifier(f.passport[left], f.passport[right]),
        _exact(f.nationality[left], f.nationality[right]),
        _exact(f.sex[left], f.sex[right]),
        _contact(f, left, right),
    )
    return np.column_stack(columns), whole_name

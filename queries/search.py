"""Name search across scripts: "somchai jaidee" finds สมชาย ใจดี, and a typo still finds its person.

Two stages:

1. Candidates from the full-text index ``entity_names`` (Lucene, ``thai`` analyser,
   which splits Thai text into words). The query searches the names as written and,
   for the cross-script case, ``name_keys``: the loose romanised keys of every word of
   every name a person was seen under (the resolver's ``latin_key``: ใจดี, "Jaidee"
   and "chaidi" all give "jaidi"). The searched text gets the same keys, so a Latin
   query meets a name seen only in Thai, and back. With ``fuzzy``, the keys also match
   at one edit, which absorbs most typos in either script (a Thai typo moves the
   romanised key by a letter or two). The words as written match exactly: fuzzy words
   would add nothing the keys do not catch, and Lucene's fuzzy expansion over every
   Thai and Latin word of the index costs several times the rest of the query.
2. Re-ranking with the resolver's own name comparison
   (``ingest.resolve.compare.name_levels``: the given and family names, across scripts,
   word order and titles), so that the order reflects how alike the names are, not
   Lucene's term statistics. Organisation names, which the person-name rules do not
   fit, are compared as word sets (rapidfuzz token-set ratio).

The user's text is data: it is passed as a parameter, every Lucene operator character
in it is escaped and words are lower-cased (so AND, OR and NOT are words), and a text
with no letter or digit finds nothing without reaching the index.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from rapidfuzz.fuzz import token_set_ratio

from graph.schema import Label
from ingest.normalize import NormalizationError, normalize_name
from ingest.normalize.text import is_thai
from ingest.resolve.compare import MISSING, NAME_LEVELS, name_levels
from ingest.resolve.features import extract_features
from ingest.resolve.records import PersonRecord
from queries.base import EntityRef, Graph, QueryError, check_range
from queries.entities import REF_OF_N, entity_ref

INDEX = "entity_names"
KINDS: tuple[Label, ...] = (Label.PERSON, Label.ORGANIZATION, Label.SUSPECT, Label.VICTIM, Label.BROKER)
MAX_TEXT = 200  # characters: longer is not a name
DEFAULT_LIMIT = 20
MAX_LIMIT = 200
CANDIDATES_PER_HIT = 2  # index candidates re-ranked per hit wanted
MIN_CANDIDATES = 20

# Points of the resolver's name levels: how much of a name part agrees.
_POINTS: dict[str, float] = {"different across scripts": 0.0, "different": 0.0, "similar": 0.5, "close": 0.8,
                             "equal": 1.0}
_LEVEL_POINTS = tuple(_POINTS[level] for level in NAME_LEVELS)
_LUCENE_SPECIAL = re.compile(r'[+\-&|!(){}\[\]^"~*?:\\/]')
_FUZZY_FROM = 4  # letters: shorter keys match exactly (one edit away is another name)


@dataclass(frozen=True)
class SearchHit:
    entity: EntityRef
    score: float  # name similarity in [0, 1], of the best-matching name
    matched_name: str  # that name, as written
    text_score: float  # Lucene's score, which breaks ties


@dataclass(frozen=True)
class SearchResult:
    text: str
    hits: tuple[SearchHit, ...]  # best first
    truncated: bool  # more names matched than the limit returned, or the index held more candidates than were ranked


@dataclass(frozen=True)
class _Candidate:
    ref: EntityRef
    person: bool
    names: tuple[str, ...]
    text_score: float


def search(graph: Graph, text: str, kinds: Iterable[str] | None = None, fuzzy: bool = True,
           limit: int = DEFAULT_LIMIT, exclude: Iterable[str] = ()) -> SearchResult:
    """Persons and organisations (or only ``kinds``: Person, Organization, Suspect,
    Victim, Broker), but none of the kinds in ``exclude``, whose names match ``text`` in
    Thai or Latin script, best first; a hit needs some name similarity, not just a shared
    word. (Excluding victims keeps a caller who may not see them from probing names.)"""
    check_range("limit", limit, 1, MAX_LIMIT)
    wanted = _kinds(kinds)
    unwanted = set(_kinds(exclude, "exclude")) if exclude else set()
    text = " ".join(text.split())
    if not text:
        raise QueryError("text must not be empty")
    if len(text) > MAX_TEXT:
        raise QueryError(f"text must be at most {MAX_TEXT} characters (a name), got {len(text)}")
    query = lucene_query(text, fuzzy)
    if not query:
        return SearchResult(text, (), False)
    pool = max(CANDIDATES_PER_HIT * limit, MIN_CANDIDATES)
    # One record with every candidate, each with what its hit will show: the driver reads
    # a record per message, and a second statement to describe the hits cost as much.
    [record] = graph.read(f"""
        CALL db.index.fulltext.queryNodes('{INDEX}', $query, {{limit: $pool}}) YIELD node AS n, score
        RETURN collect([{REF_OF_N}, coalesce(n.names, []) + coalesce(n.name, []), score]) AS candidates
        """, query=query, pool=pool)
    found = record["candidates"]
    candidates = []
    for returned, names, score in found:
        ref = entity_ref(returned)
        if set(wanted) & set(ref.labels) and not unwanted & set(ref.labels):
            candidates.append(_Candidate(ref, Label.PERSON in ref.labels, tuple(dict.fromkeys(names)), score))
    ranked = sorted((hit for hit in _scored(text, candidates) if hit[0] > 0),
                    key=lambda hit: (-hit[0], -hit[2].text_score))
    hits = tuple(SearchHit(candidate.ref, round(score, 4), name, candidate.text_score)
                 for score, name, candidate in ranked[:limit])
    return SearchResult(text, hits, len(ranked) > limit or len(found) == pool)


def lucene_query(text: str, fuzzy: bool) -> str:
    """The Lucene query for ``text``: its words (escaped, lower-cased) against the names,
    and its romanised keys against ``name_keys``; "" when it has no word to search."""
    words = [_escaped(word) for word in text.lower().split() if any(c.isalnum() or is_thai(c) for c in word)]
    try:
        keys = [key for key in normalize_name(text).latin_key if key]
    except NormalizationError:
        keys = []
    fuzzy_keys = [f"{key}~1" if fuzzy and len(key) >= _FUZZY_FROM else key for key in keys]
    return " ".join([*words, *(f"name_keys:{key}" for key in fuzzy_keys)])


def _escaped(word: str) -> str:
    return _LUCENE_SPECIAL.sub(lambda match: "\\" + match.group(0), word)


def _kinds(kinds: Iterable[str] | None, parameter: str = "kinds") -> tuple[Label, ...]:
    if kinds is None:
        return (Label.PERSON, Label.ORGANIZATION)
    if isinstance(kinds, str):
        raise QueryError(f"{parameter} must be a list of labels, not the single string {kinds!r}")
    chosen = []
    for kind in kinds:
        if kind not in KINDS:
            raise QueryError(f"{parameter}: cannot search {kind!r}; expected any of {', '.join(KINDS)}")
        chosen.append(Label(kind))
    if not chosen:
        raise QueryError(f"{parameter} must name at least one kind (or be left out for persons and organisations)")
    return tuple(dict.fromkeys(chosen))


def _scored(text: str, candidates: Sequence[_Candidate]) -> list[tuple[float, str, _Candidate]]:
    """Each candidate with the similarity of its best-matching name and that name."""
    person_names = sorted({name for candidate in candidates if candidate.person for name in candidate.names})
    points = dict(zip(person_names, person_similarity(text, person_names), strict=True))
    scored = []
    for candidate in candidates:
        best = max(((_similarity(text, name, points.get(name)), name) for name in candidate.names),
                   default=(0.0, ""))
        scored.append((best[0], best[1], candidate))
    return scored


def _similarity(text: str, name: str, person_points: float | None) -> float:
    """The resolver's points for a readable person name; else the word-set ratio."""
    if person_points is not None:
        return person_points
    return token_set_ratio(text.casefold(), name.casefold()) / 100


def person_similarity(text: str, names: Sequence[str]) -> list[float | None]:
    """How alike ``text`` is to each person name, by the resolver's comparison: the mean
    of the points of the given and family name levels (the whole name when either has
    no family name). None where neither side's name could be read."""
    if not names:
        return []
    records = [PersonRecord(record_id=str(i), name=name) for i, name in enumerate((text, *names))]
    levels = name_levels(extract_features(records), np.zeros(len(names), dtype=np.int64), np.arange(1, len(names) + 1))
    result: list[float | None] = []
    for given, family in zip(*levels, strict=True):
        parts = [_LEVEL_POINTS[level] for level in (int(given), int(family)) if level != MISSING]
        result.append(sum(parts) / len(parts) if parts else None)
    return result

"""Synthetic multi-agency person records with ground truth, for entity resolution.

``generate_people(n)`` draws true people (``population``), gives each one to
six records from the agencies that would hold them (``agencies``), writes
every record the way that agency writes (``variants``), shuffles them and
numbers them. The truth says which records are one person; ``true_pairs``
turns it into the record pairs pairwise precision and recall are counted on.

What makes the set hard, and realistic: one person appears in Thai script and
in several romanisations, with or without titles, ranks and Burmese
honorifics, with dates in either era and in Thai digits, with keying errors;
and about a fifth of people belong to groups that must not be merged although
they share a family name, address and phone (households, twins, similar-named
siblings) or a whole name (namesakes).
"""

from __future__ import annotations

import gc
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import combinations
from typing import Final

from ingest.resolve.records import PersonRecord
from ingest.synthetic.agencies import Agency, agencies_for, write_record
from ingest.synthetic.population import Kind, Person, Population
from ingest.synthetic.sampling import FastRandom, Weighted

# Records per person: most people turn up in one to three agencies' files.
_RECORDS_PER_PERSON: Final = Weighted({1: 0.32, 2: 0.28, 3: 0.19, 4: 0.11, 5: 0.06, 6: 0.04})


@dataclass(frozen=True)
class SyntheticPeople:
    """Records in random order, and the truth about them.

    ``truth`` maps every record ID to its person's ID, ``kinds`` every person
    to a ``Kind`` (their hard-negative group, or their origin if none), and
    ``people`` every person to everything true about them.
    """

    records: list[PersonRecord]
    truth: dict[str, str]
    kinds: dict[str, Kind]
    people: dict[str, Person]


def generate_people(n_records: int, seed: int = 0) -> SyntheticPeople:
    """Exactly ``n_records`` records of synthetic people; the same seed gives
    the same records. The last person drawn may get fewer records than drawn
    so the total is exact; people left without a record are not included."""
    if n_records < 0:
        raise ValueError("n_records cannot be negative")
    rng = FastRandom(seed)
    population = Population(rng)
    people: dict[str, Person] = {}
    drafts: list[tuple[Person, Agency]] = []
    with _cyclic_gc_paused():
        while len(drafts) < n_records:
            for person in population.draw_unit():
                count = min(_RECORDS_PER_PERSON.pick(rng), n_records - len(drafts))
                if count == 0:
                    break
                people[person.person_id] = person
                drafts.extend((person, agency) for agency in agencies_for(person, count, rng))
        # Shuffled before numbering, so record IDs say nothing about who is who.
        rng.shuffle(drafts)
        width = max(6, len(str(n_records)))
        records = [
            write_record(person, agency, f"R{number:0{width}d}", rng) for number, (person, agency) in enumerate(drafts, start=1)
        ]
    truth = {record.record_id: person.person_id for record, (person, _) in zip(records, drafts, strict=True)}
    return SyntheticPeople(records, truth, {pid: person.kind for pid, person in people.items()}, people)


@contextmanager
def _cyclic_gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector. Millions of new objects make it
    rescan the heap over and over (a fifth of the time for a million records)
    and none of the records, people or pairs can form a cycle, so there is
    nothing for it to collect."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def true_pairs(truth: dict[str, str]) -> set[tuple[str, str]]:
    """Every pair of record IDs (lower ID first) that belong to one person."""
    by_person: defaultdict[str, list[str]] = defaultdict(list)
    with _cyclic_gc_paused():
        for record_id, person_id in truth.items():
            by_person[person_id].append(record_id)
        return {pair for record_ids in by_person.values() for pair in combinations(sorted(record_ids), 2)}

"""The resolver on small hand-made cases whose right answer is known (no database)."""

from __future__ import annotations

import itertools

import numpy as np

from ingest.resolve import Decision, PersonRecord, ResolveOptions, resolve
import ingest.resolve.compare as comparison
from ingest.resolve.compare import compare, name_levels
from ingest.resolve.features import extract_features

# Background population: the model estimates u from random pairs and m by EM, so it
# needs a crowd of unrelated people around the cases under test.
GIVEN = ["อนันต์", "บุญมี", "ประเสริฐ", "วิชัย", "สุดา", "มาลี", "กมล", "ณัฐพล", "ปราณี", "ธนา", "อรุณ", "จันทร์เพ็ญ"]
FAMILY = ["ศรีสุข", "บุญมา", "แก้วมณี", "ทองดี", "สายบุญ", "พรหมมา", "วงศ์ใหญ่", "มีสุข", "คำแก้ว", "ชัยมงคล"]


def _crowd() -> list[PersonRecord]:
    """Unrelated people, each written twice by two agencies (once in Thai, once romanised)."""
    records = []
    for number, (given, family) in enumerate(itertools.product(GIVEN, FAMILY)):
        dob = f"{1960 + number % 40}-{1 + number % 12:02d}-{1 + number % 28:02d}"
        records.append(PersonRecord(f"dopa-{number}", "DOPA", f"{given} {family}", dob))
        records.append(PersonRecord(f"rtp-{number}", "RTP", f"นาย{given} {family}", dob))
    return records


def _entity(resolution, record_id: str) -> str:
    return resolution.entity_ids[record_id]


def test_every_record_gets_exactly_one_entity() -> None:
    records = _crowd()
    resolution = resolve(records)
    assert set(resolution.entity_ids) == {r.record_id for r in records}
    # each crowd person was written twice and should come back as one entity
    assert len(set(resolution.entity_ids.values())) == len(records) // 2


def test_thai_script_and_romanised_records_meet_with_reasons() -> None:
    records = [
        *_crowd(),
        PersonRecord("dopa-x", "DOPA", "นายสมชาย ใจดี", "07/03/2528", national_id="1101700203450"),
        PersonRecord("amlo-x", "AMLO", "JAIDEE, SOMCHAI", "1985-03-07", phone="081-234-5678"),
        PersonRecord("rtp-x", "RTP", "ร.ต.ท. สมชาย ใจดี", "๗ มี.ค. ๒๕๒๘", phone="+66 81 234 5678"),
    ]
    resolution = resolve(records)
    assert _entity(resolution, "dopa-x") == _entity(resolution, "amlo-x") == _entity(resolution, "rtp-x")
    pair = next(p for p in resolution.pairs(Decision.MATCH) if {p.left, p.right} == {"amlo-x", "rtp-x"})
    assert pair.probability >= ResolveOptions().match_threshold
    assert any(reason.startswith("date of birth: equal (+") for reason in pair.reasons)
    assert any(reason.startswith("phone and address: same phone") and "(+" in reason for reason in pair.reasons)


def test_two_different_valid_national_ids_never_merge() -> None:
    """Identical name and birth date, but two checksum-valid IDs: namesakes, not one person."""
    records = [
        *_crowd(),
        PersonRecord("a", "DOPA", "สมศักดิ์ รักไทย", "1980-01-01", national_id="1101700203450"),
        PersonRecord("b", "DOPA", "สมศักดิ์ รักไทย", "1980-01-01", national_id="3100600123450"),
        PersonRecord("c", "RTP", "Somsak Rakthai", "1980-01-01"),
    ]
    resolution = resolve(records)
    assert _entity(resolution, "a") != _entity(resolution, "b")
    refused_or_split = {p.decision for p in resolution.pairs(Decision.MATCH, Decision.REFUSED, Decision.REVIEW)
                        if {p.left, p.right} == {"a", "b"}}
    assert refused_or_split <= {Decision.REFUSED, Decision.REVIEW}


def test_household_members_stay_apart() -> None:
    """Same family name, address and phone; different given names and birth dates."""
    address = "99/1 หมู่ 3 ต.บ้านใหม่ อ.เมือง จ.ขอนแก่น"
    records = [
        *_crowd(),
        PersonRecord("h1", "DOPA", "นายบุญส่ง ทองคำ", "1961-05-02", phone="0812345678", address=address),
        PersonRecord("h2", "DOPA", "นางคำปุ่น ทองคำ", "1964-11-20", phone="0812345678", address=address),
        PersonRecord("h3", "DOPA", "ด.ช.ก้องภพ ทองคำ", "2012-08-14", phone="0812345678", address=address),
    ]
    resolution = resolve(records)
    assert len({_entity(resolution, r) for r in ("h1", "h2", "h3")}) == 3


def test_one_per_agency_keeps_two_records_of_one_agency_apart() -> None:
    records = [
        *_crowd(),
        PersonRecord("a1", "A", "Ko Ko Aung", "1990-02-02"),
        PersonRecord("a2", "A", "Ko Ko Aung", "1990-02-02"),
    ]
    assert _entity(resolve(records), "a1") == _entity(resolve(records), "a2")
    split = resolve(records, ResolveOptions(one_per_agency=True))
    assert _entity(split, "a1") != _entity(split, "a2")


def test_entity_ids_do_not_depend_on_record_order() -> None:
    records = _crowd()
    forward = resolve(records).entity_ids
    backward = resolve(list(reversed(records))).entity_ids
    assert forward == backward


def test_empty_and_single_record_inputs() -> None:
    assert resolve([]).entity_ids == {}
    assert list(resolve([PersonRecord("only", "DOPA", "สมชาย ใจดี")]).entity_ids) == ["only"]


def test_kept_apart_pairs_split_an_entity_whatever_the_scores() -> None:
    records = [
        *_crowd(),
        PersonRecord("x1", "DOPA", "นายสมชาย ใจดี", "1985-03-07", national_id="1101700203450"),
        PersonRecord("x2", "RTP", "สมชาย ใจดี", "7 มี.ค. 2528"),
    ]
    assert _entity(resolve(records), "x1") == _entity(resolve(records), "x2")
    split = resolve(records, kept_apart=[("x2", "x1")])
    assert _entity(split, "x1") != _entity(split, "x2")


def _grey_pair() -> list[PersonRecord]:
    """Somchai Jaidee twice: the same name, one date of birth missing; the model is unsure."""
    return [*_crowd(), PersonRecord("g1", "DOPA", "นายสมชาย ใจดี", "1985-03-07"),
            PersonRecord("g2", "RTP", "สมชาย ใจดี", "")]


def _reviewed(resolution) -> set[frozenset[str]]:
    return {frozenset((pair.left, pair.right)) for pair in resolution.pairs(Decision.REVIEW)}


def test_a_pair_kept_together_is_one_entity_and_leaves_review() -> None:
    unsure = resolve(_grey_pair())
    assert frozenset(("g1", "g2")) in _reviewed(unsure) and _entity(unsure, "g1") != _entity(unsure, "g2")
    accepted = resolve(_grey_pair(), kept_together=[("g2", "g1")])
    assert _entity(accepted, "g1") == _entity(accepted, "g2")
    assert frozenset(("g1", "g2")) not in _reviewed(accepted)


def test_a_pair_kept_apart_leaves_review() -> None:
    rejected = resolve(_grey_pair(), kept_apart=[("g1", "g2")])
    assert _entity(rejected, "g1") != _entity(rejected, "g2")
    assert frozenset(("g1", "g2")) not in _reviewed(rejected)


def test_keeping_together_cannot_join_two_national_ids() -> None:
    records = [*_crowd(), PersonRecord("n1", "DOPA", "นายสมชาย ใจดี", "1985-03-07", national_id="1101700203450"),
               PersonRecord("n2", "DOPA", "นายสมชาย ใจดี", "1985-03-07", national_id="3100600123450")]
    kept = resolve(records, kept_together=[("n1", "n2")])
    assert _entity(kept, "n1") != _entity(kept, "n2")


def test_strongest_links_are_each_records_best_match_within_its_entity() -> None:
    """Provenance: a record's link is the strongest matched pair joining it to its own
    entity (the first such pair in ``pairs``, strongest first); a record alone has none."""
    records = [*_crowd(), PersonRecord("alone", "DOPA", "ประยุทธ์ สิงห์คำ", "1950-05-05")]
    resolution = resolve(records)
    expected = {}
    for pair in resolution.pairs(Decision.MATCH):
        if _entity(resolution, pair.left) == _entity(resolution, pair.right):
            for record in (pair.left, pair.right):
                expected.setdefault(record, pair)
    links = resolution.strongest_links()
    assert links == expected
    assert len(links) == len(records) - 1 and "alone" not in links



def test_name_levels_are_the_name_columns_of_compare() -> None:
    """A name search ranks by the given and family levels alone; they must be the ones the
    resolver's full comparison grades, in either script and name order."""
    records = [PersonRecord(record_id=str(i), name=name, dob=dob) for i, (name, dob) in enumerate([
        ("สมชาย ใจดี", "1980-01-02"), ("Somchai Jaidee", "1980-01-02"), ("Jaidee Somchai", None),
        ("นาย สมชัย ใจดี", None), ("Aung Kyaw", "1991-05-05"), ("Kyaw Aung Min", None), ("Malee Srisuk", None)])]
    features = extract_features(records)
    left, right = (np.array(side) for side in zip(*itertools.combinations(range(len(records)), 2)))
    gamma = compare(features, left, right).gamma
    given, family = name_levels(features, left, right)
    assert given.tolist() == gamma[:, comparison.GIVEN].tolist()
    assert family.tolist() == gamma[:, comparison.FAMILY].tolist()
    assert len(set(given.tolist())) > 2, "the names differ in more than one way"

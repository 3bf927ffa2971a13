"""The synthetic person records: exact, reproducible, and as hard as promised.

Entity-resolution scores are only meaningful if the test data really holds the
difficulties it claims (cross-script pairs, Buddhist-era dates, namesakes,
households) and its ground truth is right, so these tests look at the written
records, not just at the generator's intentions.
"""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
from collections import Counter, defaultdict
from collections.abc import Callable
from itertools import combinations
from pathlib import Path

import pytest

from ingest.normalize import normalize_country, normalize_date, normalize_name, normalize_passport, normalize_phone
from ingest.normalize.national_id import national_id_digits
from ingest.resolve.records import PersonRecord
from ingest.synthetic.people import SyntheticPeople, generate_people, true_pairs
from ingest.synthetic.population import Person

REPO = Path(__file__).resolve().parents[2]
THAI_DIGIT_VALUES = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
HARD_NEGATIVE_KINDS = {"household_member", "twin", "similar_sibling", "namesake"}
HOUSEHOLD_KINDS = {"household_member", "twin", "similar_sibling"}


@pytest.fixture(scope="module")
def world() -> SyntheticPeople:
    return generate_people(4000, seed=11)


def _has_thai(text: str) -> bool:
    return any("\u0e00" <= char <= "\u0e7f" for char in text)


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text.translate(THAI_DIGIT_VALUES))


def _valid_checksum(digits: str) -> bool:
    """The DOPA rule, written out here rather than imported, as an independent check."""
    total = sum(int(digit) * (13 - i) for i, digit in enumerate(digits[:12]))
    return (11 - total % 11) % 10 == int(digits[12])


def _digest(people: SyntheticPeople) -> str:
    text = repr((people.records, sorted(people.truth.items())))
    return hashlib.sha256(text.encode()).hexdigest()


def _records_by_person(world: SyntheticPeople) -> dict[str, list[PersonRecord]]:
    by_person: defaultdict[str, list[PersonRecord]] = defaultdict(list)
    for record in world.records:
        by_person[world.truth[record.record_id]].append(record)
    return by_person


def _thai_name(person: Person) -> str:
    return " ".join(word.thai for word in person.given + person.family)


# --- size, identity and determinism ---------------------------------------------


@pytest.mark.parametrize("n_records", [0, 1, 2, 37, 1000])
def test_exactly_the_requested_number_of_records(n_records: int) -> None:
    people = generate_people(n_records, seed=5)
    assert len(people.records) == n_records
    assert set(people.truth) == {record.record_id for record in people.records}
    assert set(people.truth.values()) == set(people.people) == set(people.kinds)


def test_negative_size_is_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        generate_people(-1)


def test_record_ids_are_unique_and_numbered(world: SyntheticPeople) -> None:
    record_ids = [record.record_id for record in world.records]
    assert len(set(record_ids)) == len(record_ids) == 4000
    assert all(re.fullmatch(r"R\d{6}", record_id) for record_id in record_ids)


def test_same_seed_same_records_other_seed_other_records() -> None:
    first, again, other = generate_people(600, seed=3), generate_people(600, seed=3), generate_people(600, seed=4)
    assert first.records == again.records and first.truth == again.truth
    assert first.records != other.records


def test_records_do_not_depend_on_the_hash_seed() -> None:
    """Set or dict iteration order leaking into draws would make a seed give
    different worlds in different processes."""
    script = (
        "import hashlib; from ingest.synthetic.people import generate_people; "
        "p = generate_people(300, seed=8); "
        "print(hashlib.sha256(repr((p.records, sorted(p.truth.items()))).encode()).hexdigest())"
    )
    env = {**os.environ, "PYTHONHASHSEED": "12345", "PYTHAINLP_OFFLINE": "1"}
    result = subprocess.run([sys.executable, "-c", script], cwd=REPO, env=env, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == _digest(generate_people(300, seed=8))


def test_records_of_one_person_are_scattered(world: SyntheticPeople) -> None:
    """Record IDs are assigned after shuffling, so neighbouring IDs rarely share a person."""
    neighbours_same = sum(
        world.truth[a.record_id] == world.truth[b.record_id] for a, b in zip(world.records, world.records[1:], strict=False)
    )
    assert neighbours_same < 0.01 * len(world.records)


# --- true_pairs ------------------------------------------------------------------


def test_true_pairs_lists_each_same_person_pair_once_lower_id_first() -> None:
    truth = {"R3": "P1", "R1": "P1", "R2": "P2", "R5": "P1", "R4": "P3", "R6": "P3"}
    assert true_pairs(truth) == {("R1", "R3"), ("R1", "R5"), ("R3", "R5"), ("R4", "R6")}
    assert true_pairs({"R1": "P1"}) == set()


def test_true_pairs_count_matches_the_truth(world: SyntheticPeople) -> None:
    sizes = Counter(world.truth.values()).values()
    assert len(true_pairs(world.truth)) == sum(k * (k - 1) // 2 for k in sizes) > 0


# --- the people ------------------------------------------------------------------


def test_true_national_ids_are_valid(world: SyntheticPeople) -> None:
    thai = [person for person in world.people.values() if person.origin == "thai"]
    assert thai and all(re.fullmatch(r"[1-8]\d{12}", person.national_id) for person in thai)
    assert all(_valid_checksum(person.national_id) for person in thai)
    assert len({person.national_id for person in thai}) == len(thai)
    assert all(person.national_id == "" for person in world.people.values() if person.origin != "thai")


def test_origins_and_hard_negative_shares(world: SyntheticPeople) -> None:
    people = list(world.people.values())
    thai_share = sum(person.origin == "thai" for person in people) / len(people)
    assert 0.65 <= thai_share <= 0.75
    assert {person.origin for person in people} == {"thai", "myanmar", "cambodian", "lao"}
    hard_share = sum(kind in HARD_NEGATIVE_KINDS for kind in world.kinds.values()) / len(people)
    assert 0.15 <= hard_share <= 0.25
    assert set(world.kinds.values()) >= HARD_NEGATIVE_KINDS


def test_records_per_person_are_one_to_six_mostly_few(world: SyntheticPeople) -> None:
    counts = Counter(world.truth.values()).values()
    assert min(counts) >= 1 and max(counts) == 6
    assert sum(count <= 3 for count in counts) / len(counts) >= 0.7


def test_migrant_passports_follow_national_formats(world: SyntheticPeople) -> None:
    patterns = {"myanmar": r"M[A-D]\d{6}", "cambodian": r"N\d{7}", "lao": r"P\d{7}"}
    migrants = [person for person in world.people.values() if person.origin in patterns]
    with_passport = [person for person in migrants if person.passport]
    assert all(re.fullmatch(patterns[person.origin], person.passport) for person in with_passport)
    assert 0.3 < len(with_passport) / len(migrants) < 0.8  # many victims have no document at all


def test_foreign_names_have_one_thai_rendering_each(world: SyntheticPeople) -> None:
    renderings: defaultdict[str, set[str]] = defaultdict(set)
    for person in world.people.values():
        if person.origin != "thai":
            for word in person.given + person.family:
                renderings[word.latin].add(word.thai)
    assert renderings and all(len(thai) == 1 for thai in renderings.values())


# --- hard negatives ----------------------------------------------------------------


def test_only_household_members_share_phones_and_they_share_the_home(world: SyntheticPeople) -> None:
    """Identifiers are unique per person, except a household's phone; so two
    different people with one phone must be one household at one address."""
    holders: defaultdict[str, list[Person]] = defaultdict(list)
    for person in world.people.values():
        for phone in set(person.phones):
            holders[phone].append(person)
    shared = [people for people in holders.values() if len(people) > 1]
    assert len(shared) >= 20
    for people in shared:
        assert {person.kind for person in people} <= HOUSEHOLD_KINDS
        assert len({person.addresses[0] for person in people}) == 1


def test_records_of_different_household_members_carry_the_same_phone(world: SyntheticPeople) -> None:
    """The hard negative must show in the records, not only in the truth."""
    holders: defaultdict[str, set[str]] = defaultdict(set)
    for record in world.records:
        if record.phone:
            holders[_digits(record.phone)[-9:]].add(world.truth[record.record_id])
    assert sum(len(people) > 1 for people in holders.values()) >= 20


def test_thai_households_share_the_family_name(world: SyntheticPeople) -> None:
    homes: defaultdict[tuple[object, str], list[Person]] = defaultdict(list)
    for person in world.people.values():
        if person.kind in HOUSEHOLD_KINDS and person.origin == "thai":
            homes[person.addresses[0], person.phones[0]].append(person)
    households = [members for members in homes.values() if len(members) > 1]
    assert len(households) >= 10
    for members in households:
        assert len({person.family[0].thai for person in members}) == 1
        assert len({person.given[0].thai for person in members}) == len(members)


def test_twins_share_birthday_and_home_but_not_given_name_or_id(world: SyntheticPeople) -> None:
    twins: defaultdict[tuple[object, object], list[Person]] = defaultdict(list)
    for person in world.people.values():
        if person.kind == "twin":
            twins[person.addresses[0], person.dob].append(person)
    pairs = [pair for pair in twins.values() if len(pair) == 2]
    assert len(pairs) >= 3
    for first, second in pairs:
        assert first.person_id != second.person_id
        assert first.given[0].thai[:2] != second.given[0].thai[:2]
        assert first.family == second.family or first.origin == "myanmar"
        if first.origin == "thai":
            assert first.national_id[:10] == second.national_id[:10] and first.national_id != second.national_id


def test_similar_siblings_share_a_first_syllable_but_not_a_birthday(world: SyntheticPeople) -> None:
    homes: defaultdict[object, list[Person]] = defaultdict(list)
    for person in world.people.values():
        if person.kind == "similar_sibling":
            homes[person.addresses[0]].append(person)
    pairs = [pair for pair in homes.values() if len(pair) == 2]
    assert len(pairs) >= 3
    for first, second in pairs:
        assert _thai_name(first) != _thai_name(second) and first.dob != second.dob
        if first.origin == "thai":
            assert first.given[0].thai[:3] == second.given[0].thai[:3]
        else:
            assert first.given[0] == second.given[0]


def test_namesakes_share_the_whole_name_and_nothing_that_identifies(world: SyntheticPeople) -> None:
    by_name: defaultdict[str, list[Person]] = defaultdict(list)
    for person in world.people.values():
        if person.kind == "namesake":
            by_name[_thai_name(person)].append(person)
    groups = [people for people in by_name.values() if len(people) > 1]
    assert len(groups) >= 5
    for people in groups:
        assert len({person.dob for person in people}) > 1
        documents = [person.national_id or person.passport for person in people if person.national_id or person.passport]
        assert len(set(documents)) == len(documents)


def test_namesakes_records_share_the_written_name(world: SyntheticPeople) -> None:
    names: defaultdict[str, set[str]] = defaultdict(set)
    for record in world.records:
        if world.kinds[world.truth[record.record_id]] == "namesake":
            names[record.name].add(world.truth[record.record_id])
    assert sum(len(people) > 1 for people in names.values()) >= 5


# --- how records are written ---------------------------------------------------------


def test_cross_script_pairs_exist_for_thai_people_and_migrants(world: SyntheticPeople) -> None:
    cross: Counter[str] = Counter()
    for person_id, records in _records_by_person(world).items():
        scripts = {_has_thai(record.name) for record in records}
        if scripts == {True, False}:
            cross[world.people[person_id].origin] += 1
    assert cross["thai"] >= 50
    assert cross["myanmar"] + cross["cambodian"] + cross["lao"] >= 30


def test_each_name_is_written_in_one_script(world: SyntheticPeople) -> None:
    """A romaniser leaking a Thai vowel into a Latin spelling would make a name no clerk writes."""
    for record in world.records:
        letters = [char for char in record.name if char.isalpha() or "\u0e00" <= char <= "\u0e7f"]
        assert all(_has_thai(char) for char in letters) or all(char.isascii() for char in letters), record.name


def test_burmese_names_appear_transliterated_into_thai(world: SyntheticPeople) -> None:
    written = [
        record.name
        for record in world.records
        if world.people[world.truth[record.record_id]].origin == "myanmar" and _has_thai(record.name)
    ]
    assert len(written) >= 50
    assert any(name.split()[0] in ("อู", "ดอ", "หม่อง", "โก", "มะ") for name in written)


def _share_matching(values: list[str], pattern: str) -> int:
    compiled = re.compile(pattern)
    return sum(bool(compiled.search(value)) for value in values)


@pytest.mark.parametrize(
    ("field", "pattern", "why"),
    [
        ("dob", r"^\d{2}/\d{2}/25\d\d$", "BE dates with slashes"),
        ("dob", r"^\d{1,2} (ม\.ค|ก\.พ|มี\.ค|เม\.ย|พ\.ค|มิ\.ย|ก\.ค|ส\.ค|ก\.ย|ต\.ค|พ\.ย|ธ\.ค)\. 25\d\d$", "Thai month abbreviations"),
        ("dob", r"[๐-๙]", "Thai digits"),
        ("dob", r"พ\.ศ\.", "an explicit era"),
        ("dob", r"^\d{2}-\d{2}-\d{2}$", "two-digit BE years"),
        ("dob", r"^(19|20)\d\d-\d{2}-\d{2}$", "ISO AD dates"),
        ("dob", r"^\d{1,2} [A-Z][a-z]{2} (19|20)\d\d$", "English month names"),
        ("national_id", r"^\d-\d{4}-\d{5}-\d{2}-\d$", "IDs with dashes"),
        ("national_id", r"^\d \d{4} \d{5} \d{2} \d$", "IDs with spaces"),
        ("national_id", r"^\d{13}$", "plain IDs"),
        ("national_id", r"^[๐-๙]", "IDs in Thai digits"),
        ("passport", r"^M[A-D]\d{6}$", "Myanmar passports"),
        ("passport", r"^N\d{7}$", "Cambodian passports"),
        ("passport", r"^[A-Z]{3}:", "passports with the issuing state"),
        ("phone", r"^0\d{2}-\d{3}-\d{4}$", "local phones with dashes"),
        ("phone", r"^0\d{9}$", "local phones plain"),
        ("phone", r"^\+66 \d{2} \d{3} \d{4}$", "international phones spaced"),
        ("phone", r"^66\d{9}$", "phones with the country code but no plus"),
        ("phone", r"[๐-๙]", "phones in Thai digits"),
        ("phone", r"^(\+|00)(95|855|856)", "phones from Myanmar, Cambodia or Laos"),
        ("name", r"^นาย", "the Thai title for men"),
        ("name", r"^(น\.ส\.|นางสาว)", "both spellings of the Thai title for unmarried women"),
        ("name", r"^(ด\.ช\.|เด็กชาย|ด\.ญ\.|เด็กหญิง)", "titles of children"),
        ("name", r"^(พ\.ต\.[อทต]\.|ร\.ต\.[อทต]\.|ด\.ต\.|จ\.ส\.ต\.|ส\.ต\.อ\.)", "police ranks"),
        ("name", r"^(Mr\.?|MR\.?|Mrs\.?|Miss) ", "English titles"),
        ("name", r"^[A-Z]+, [A-Z]+", "upper-case family-first names"),
        ("name", r"^[A-Z][a-z]+, [A-Z][a-z]+", "title-case family-first names"),
        ("name", r"^[A-Z]{3,} [A-Z]{3,}$", "upper-case given-first names"),
        ("name", r"^(U|Daw|Ko|Ma|Maung|Mg|MG|MAUNG|DAW) [A-Z]", "Burmese honorifics"),
        ("nationality", r"^(TH|THA|ไทย|Thai|สัญชาติไทย)$", "Thai nationality"),
        ("nationality", r"^(MMR|MM|พม่า|เมียนมา|Myanmar|Burmese)$", "Myanmar nationality"),
        ("sex", r"^(ชาย|หญิง)$", "sex in Thai"),
        ("sex", r"^[MF]$", "sex as a code"),
        ("sex", r"^(male|female)$", "sex in English"),
        ("address", r"อ\.เมือง จ\.", "the capital district abbreviated"),
        ("address", r"ตำบล.+อำเภอ.+จังหวัด", "addresses written out in full"),
        ("address", r"Moo \d+, Tambon", "romanised addresses"),
        ("address", r"แขวง.+เขต", "Bangkok addresses"),
        ("address", r"^(บ้านพัก|สถานคุ้มครอง)", "shelter addresses"),
    ],
)
def test_variant_formats_occur(world: SyntheticPeople, field: str, pattern: str, why: str) -> None:
    values = [getattr(record, field) for record in world.records]
    assert _share_matching(values, pattern) >= 5, why


def test_roughly_one_record_in_ten_misspells_a_thai_name(world: SyntheticPeople) -> None:
    """Thai-script names of Thai people, title removed, compared with the truth."""
    checked = misspelt = 0
    for record in world.records:
        person = world.people[world.truth[record.record_id]]
        if person.origin != "thai" or not _has_thai(record.name):
            continue
        name = record.name
        for title in sorted(person.title.thai, key=len, reverse=True):
            if name.startswith(title):
                name = name[len(title) :].strip()
                break
        checked += 1
        misspelt += name != _thai_name(person)
    assert checked > 1000
    assert 0.05 <= misspelt / checked <= 0.15


def test_some_written_ids_fail_the_checksum_most_pass(world: SyntheticPeople) -> None:
    written = [_digits(record.national_id) for record in world.records if record.national_id]
    failing = sum(not _valid_checksum(digits) for digits in written)
    assert 0.005 <= failing / len(written) <= 0.05


def test_every_record_keeps_enough_to_be_linked(world: SyntheticPeople) -> None:
    """At least two of birth date, ID or passport, and phone whenever the person
    has a document or a phone; a birth date at the very least."""
    for record in world.records:
        person = world.people[world.truth[record.record_id]]
        carried = bool(record.dob) + bool(record.national_id or record.passport) + bool(record.phone)
        has = bool(person.national_id or person.passport) + bool(person.phones)
        assert record.name and carried >= min(2, 1 + has), record


# --- agency habits ---------------------------------------------------------------


def _by_agency(world: SyntheticPeople, agency: str) -> list[PersonRecord]:
    records = [record for record in world.records if record.agency == agency]
    assert len(records) > 50
    return records


def test_dopa_writes_thai_names_with_titles_clean_ids_and_be_dates(world: SyntheticPeople) -> None:
    for record in _by_agency(world, "DOPA"):
        person = world.people[world.truth[record.record_id]]
        assert person.origin == "thai"
        assert any(record.name.startswith(title) for title in person.title.thai)
        assert _digits(record.national_id) == person.national_id
        assert int(_digits(record.dob)[-4:]) > 2400


def test_persons_appear_in_dopa_at_most_once(world: SyntheticPeople) -> None:
    dopa = Counter(world.truth[record.record_id] for record in world.records if record.agency == "DOPA")
    assert max(dopa.values()) == 1


def test_amlo_mostly_writes_romanised_upper_case(world: SyntheticPeople) -> None:
    names = [record.name for record in _by_agency(world, "AMLO")]
    latin = [name for name in names if not _has_thai(name)]
    assert len(latin) / len(names) > 0.6
    assert sum(name.isupper() for name in latin) / len(latin) > 0.5


def test_msdhs_records_migrants_with_nationality_and_no_national_id(world: SyntheticPeople) -> None:
    migrants = [record for record in _by_agency(world, "MSDHS") if world.people[world.truth[record.record_id]].origin != "thai"]
    assert len(migrants) > 50
    assert all(record.nationality and not record.national_id for record in migrants)


# --- readable by the project's normalisers ------------------------------------------

_NORMALISERS: dict[str, Callable[[str], object]] = {
    "name": normalize_name,
    "dob": normalize_date,
    "national_id": national_id_digits,
    "passport": normalize_passport,
    "phone": normalize_phone,
    "nationality": normalize_country,
}


def test_every_written_value_is_readable_by_the_normalisers(world: SyntheticPeople) -> None:
    """Variation must stay within what real records do, or a resolver benchmark
    on this data measures parse failures instead of resolution."""
    for record in world.records:
        for field, normalise in _NORMALISERS.items():
            if value := getattr(record, field):
                normalise(value)


def test_written_birth_dates_mean_the_true_date_apart_from_keying_errors(world: SyntheticPeople) -> None:
    dated = [record for record in world.records if record.dob]
    right = sum(normalize_date(record.dob) == world.people[world.truth[record.record_id]].dob for record in dated)
    assert 0.93 <= right / len(dated) < 1.0


def test_written_phones_are_the_persons_phones_apart_from_keying_errors(world: SyntheticPeople) -> None:
    phoned = [record for record in world.records if record.phone]
    right = sum(normalize_phone(record.phone) in world.people[world.truth[record.record_id]].phones for record in phoned)
    assert 0.95 <= right / len(phoned) < 1.0


def test_pairs_of_one_person_include_combinations_that_share_no_identifier(world: SyntheticPeople) -> None:
    """Some same-person pairs must be linkable only through a third record or
    through name plus weaker evidence: otherwise exact ID matching alone would
    solve the set."""
    by_person = _records_by_person(world)
    pairs = [(a, b) for records in by_person.values() for a, b in combinations(records, 2)]
    no_shared_id = sum(
        not (a.national_id and _digits(a.national_id) == _digits(b.national_id))
        and not (
            a.passport
            and a.passport.upper().split(":")[-1].replace(" ", "") == b.passport.upper().split(":")[-1].replace(" ", "")
        )
        for a, b in pairs
    )
    assert no_shared_id / len(pairs) > 0.3

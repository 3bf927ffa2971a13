"""Thai vehicle plates with their province."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.normalize.errors import NormalizationError
from ingest.normalize.plate import Plate, normalize_plate

PROPERTY = settings(max_examples=150, deadline=None, database=None)

THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
BANGKOK = Plate("1กข1234", "10", "กรุงเทพมหานคร")


@pytest.mark.parametrize(
    "raw",
    [
        "1กข 1234 กรุงเทพมหานคร",
        "1กข1234 กรุงเทพมหานคร",
        "1 กข 1234 Bangkok",
        "1กข-1234 กทม.",
        "1กข 1234 กรุงเทพฯ",
        "๑กข ๑๒๓๔ กรุงเทพมหานคร",
        "1กข 1234\nกรุงเทพมหานคร",  # two-line plate copied as written
        "1กข 1234 BANGKOK",
    ],
)
def test_one_bangkok_plate_many_ways(raw: str) -> None:
    plate = normalize_plate(raw)
    assert plate == BANGKOK
    assert plate.key == "10:1กข1234"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("กข-1234 กทม.", Plate("กข1234", "10", "กรุงเทพมหานคร")),
        ("ฮฮ 9999 จ.ภูเก็ต", Plate("ฮฮ9999", "83", "ภูเก็ต")),
        ("ก 1 Chiang Mai", Plate("ก1", "50", "เชียงใหม่")),
        ("กข 0123 ตาก", Plate("กข123", "63", "ตาก")),  # leading zeros are padding
        ("กข 1234", Plate("กข1234", None, None)),
    ],
)
def test_examples(raw: str, expected: Plate) -> None:
    assert normalize_plate(raw) == expected


def test_without_province_the_key_is_the_plate() -> None:
    assert normalize_plate("กข 1234").key == "กข1234"


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("", "empty"),
        ("AB 1234", "format"),
        ("กข 12345", "format"),
        ("กขค 123", "format"),  # three consonants
        ("ฤข 1234", "format"),  # ฤ is a vowel
        ("กข", "format"),
        ("กข 0", "format"),
        ("12กข 1234", "format"),
        ("กข 1234 Atlantis", "unknown_province"),
    ],
)
def test_rejects(raw: str, reason: str) -> None:
    with pytest.raises(NormalizationError) as caught:
        normalize_plate(raw)
    assert caught.value.reason == reason


consonants = st.sampled_from("กขคฆงจฉชซฌญฎฏฐฑฒณดตถทธนบปผฝพฟภมยรลวศษสหฬอฮ")
provinces = st.sampled_from(
    (
        ("กรุงเทพมหานคร", ("กรุงเทพมหานคร", "กทม.", "Bangkok", "จ.กรุงเทพมหานคร")),
        ("เชียงใหม่", ("เชียงใหม่", "จ.เชียงใหม่", "Chiang Mai", "CHIANGMAI", "จังหวัดเชียงใหม่")),
        ("ชลบุรี", ("ชลบุรี", "Chon Buri", "Chonburi", "Chonburi Province")),
    )
)


@PROPERTY
@given(
    st.sampled_from(("", "1", "9")),
    st.lists(consonants, min_size=1, max_size=2).map("".join),
    st.integers(1, 9999),
    provinces,
    st.data(),
)
def test_spellings_of_one_plate_meet(
    series: str, letters: str, number: int, province: tuple[str, tuple[str, ...]], data: st.DataObject
) -> None:
    name_th, spellings = province
    gap = data.draw(st.sampled_from(("", " ", "-")))
    written = f"{series}{letters}{gap}{number} {data.draw(st.sampled_from(spellings))}"
    if data.draw(st.booleans()):
        written = written.translate(THAI_DIGITS)
    plate = normalize_plate(written)
    assert (plate.plate, plate.province) == (f"{series}{letters}{number}", name_th)
    assert normalize_plate(f"{plate.plate} {plate.province}") == plate

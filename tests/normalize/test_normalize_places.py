"""Provinces (DOPA codes) and countries (ISO alpha-3)."""

from __future__ import annotations

from importlib.resources import files

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.normalize.errors import NormalizationError
from ingest.normalize.places import Place, normalize_country, normalize_place, normalize_province, provinces

PROPERTY = settings(max_examples=200, deadline=None, database=None)

BANGKOK = Place("province", "10", "กรุงเทพมหานคร", "Bangkok")
CHIANG_MAI = Place("province", "50", "เชียงใหม่", "Chiang Mai")


def test_all_77_provinces_with_distinct_dopa_codes() -> None:
    places = provinces()
    assert len(places) == 77
    assert len({place.code for place in places}) == 77
    assert all(place.code.isdigit() and len(place.code) == 2 for place in places)


@pytest.mark.parametrize(
    ("name_en", "code"),
    [
        # DOPA codes, which the kongvut data set does not use as province ids.
        ("Bangkok", "10"),
        ("Samut Prakan", "11"),
        ("Phra Nakhon Si Ayutthaya", "14"),
        ("Nakhon Ratchasima", "30"),
        ("Bueng Kan", "38"),
        ("Chiang Mai", "50"),
        ("Tak", "63"),
        ("Phuket", "83"),
        ("Songkhla", "90"),
        ("Narathiwat", "96"),
    ],
)
def test_dopa_codes(name_en: str, code: str) -> None:
    assert normalize_province(name_en).code == code


@pytest.mark.parametrize(
    "raw",
    [
        "เชียงใหม่",
        "จ.เชียงใหม่",
        "จ. เชียงใหม่",
        "จังหวัดเชียงใหม่",
        "จังหวัด เชียงใหม่",
        "Chiang Mai",
        "CHIANG MAI",
        "chiangmai",
        "Chiang Mai Province",
        "Changwat Chiang Mai",
        "50",
        " Chiang  Mai ",
    ],
)
def test_spellings_of_chiang_mai(raw: str) -> None:
    assert normalize_province(raw) == CHIANG_MAI


@pytest.mark.parametrize(
    "raw", ["กรุงเทพมหานคร", "กรุงเทพฯ", "กทม.", "กทม", "ก.ท.ม.", "Bangkok", "BKK", "Krung Thep Maha Nakhon", "10"]
)
def test_spellings_of_bangkok(raw: str) -> None:
    assert normalize_province(raw) == BANGKOK


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("อยุธยา", "14"),
        ("Ayutthaya", "14"),
        ("Korat", "30"),
        ("โคราช", "30"),
        ("Petchaburi", "76"),  # ph/p spelling variant, found phonetically
        ("Samut Prakarn", "11"),
        ("Lop Buri", "16"),
        ("Sisaket", "33"),
        ("Sa Kaew", "27"),
    ],
)
def test_common_variants(raw: str, code: str) -> None:
    assert normalize_province(raw).code == code


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("พม่า", "MMR"),
        ("เมียนมา", "MMR"),
        ("เมียนมาร์", "MMR"),
        ("Myanmar", "MMR"),
        ("Burma", "MMR"),
        ("สัญชาติเมียนมา", "MMR"),
        ("Burmese", "MMR"),
        ("MMR", "MMR"),
        ("mm", "MMR"),
        ("กัมพูชา", "KHM"),
        ("เขมร", "KHM"),
        ("Cambodia", "KHM"),
        ("Cambodian nationals", "KHM"),
        ("ชาวกัมพูชา", "KHM"),
        ("ลาว", "LAO"),
        ("สปป.ลาว", "LAO"),
        ("สปป. ลาว", "LAO"),
        ("Lao PDR", "LAO"),
        ("Laos", "LAO"),
        ("Laotian", "LAO"),
        ("เวียดนาม", "VNM"),
        ("Viet Nam", "VNM"),
        ("Vietnam", "VNM"),
        ("มาเลเซีย", "MYS"),
        ("Malaysia", "MYS"),
        ("Indonesia", "IDN"),
        ("อินโดนีเซีย", "IDN"),
        ("ไทย", "THA"),
        ("ประเทศไทย", "THA"),
        ("Thailand", "THA"),
        ("Thai", "THA"),
        ("Philippines", "PHL"),
        ("Singapore", "SGP"),
        ("Brunei", "BRN"),
        ("Timor-Leste", "TLS"),
        ("จีน", "CHN"),
    ],
)
def test_countries(raw: str, code: str) -> None:
    place = normalize_country(raw)
    assert (place.kind, place.code) == ("country", code)
    assert normalize_place(raw) == place


def test_place_prefers_province_then_country() -> None:
    assert normalize_place("จ.เชียงใหม่") == CHIANG_MAI
    assert normalize_place("พม่า").kind == "country"


@pytest.mark.parametrize(
    ("function", "raw", "reason"),
    [
        (normalize_province, "", "empty"),
        (normalize_province, "Atlantis", "unknown_province"),
        (normalize_province, "พม่า", "unknown_province"),  # a country, not a province
        (normalize_province, "99", "unknown_province"),
        (normalize_country, "Atlantis", "unknown_country"),
        (normalize_country, "เชียงใหม่", "unknown_country"),
        (normalize_place, "", "empty"),
        (normalize_place, "   ", "empty"),
        (normalize_place, "Atlantis", "unknown_place"),
    ],
)
def test_rejects(function: object, raw: str, reason: str) -> None:
    with pytest.raises(NormalizationError) as caught:
        function(raw)  # type: ignore[operator]
    assert caught.value.reason == reason


def test_reference_data_and_licence_are_packaged() -> None:
    data = files("ingest.normalize") / "data" / "thai_geography"
    assert "MIT License" in (data / "LICENSE").read_text(encoding="utf-8")
    assert (data / "provinces.csv").is_file() and (data / "districts.csv").is_file()


@st.composite
def province_spellings(draw: st.DrawFn) -> tuple[Place, str]:
    place = draw(st.sampled_from(provinces()))
    spelling = draw(
        st.sampled_from(
            (
                place.name_th,
                f"จ.{place.name_th}",
                f"จังหวัด{place.name_th}",
                place.name_en,
                place.name_en.upper(),
                place.name_en.replace(" ", ""),
                f"{place.name_en} Province",
                place.code,
            )
        )
    )
    return place, spelling


@PROPERTY
@given(province_spellings())
def test_every_spelling_of_every_province(case: tuple[Place, str]) -> None:
    place, spelling = case
    assert normalize_place(spelling) == place
    assert normalize_place(place.name_th) == normalize_place(place.name_en) == place  # idempotent


@PROPERTY
@given(st.text(max_size=20))
def test_any_text_is_a_place_or_a_normalization_error(text: str) -> None:
    try:
        place = normalize_place(text)
    except NormalizationError:
        return
    assert normalize_place(place.code) == place

"""Person names: titles and ranks, scripts, order, and phonetic keys."""

from __future__ import annotations

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from ingest.normalize.errors import NormalizationError
from ingest.normalize.names import PersonName, normalize_name

PROPERTY = settings(max_examples=60, deadline=None, database=None)

THAI_GIVEN = ("สมชาย", "สมศรี", "วิชัย", "ประเสริฐ", "มาลี", "บุญมี", "ณัฐพล", "พรทิพย์", "ศิริพร", "อรุณ", "ชาญชัย", "น้ำฝน")
THAI_FAMILY = ("ใจดี", "ศรีสุข", "ทองคำ", "แก้วมณี", "สุขเกษม", "บุญมา", "รักษาดี", "ณ อยุธยา", "น้ำใจ")
THAI_TITLES = (
    "นาย",
    "นาย ",
    "นางสาว",
    "น.ส.",
    "น.ส. ",
    "ด.ช.",
    "เด็กหญิง ",
    "พ.ต.อ.",
    "พันตำรวจเอก ",
    "ร.ต.ท.",
    "ส.ต.อ. ",
    "จ.ส.ต.",
    "ด.ต.",
    "พล.ต.อ. ",
    "ว่าที่ร้อยตรี",
    "ว่าที่ ร.ต. ",
    "ร.ต.อ.หญิง ",
    "ดร.",
    "คุณ ",
)
LATIN_TITLES = ("Mr ", "Mr. ", "MR. ", "Mrs ", "Ms. ", "Miss ", "Dr. ", "Pol.Col. ", "Pol. Lt. Gen. ")

latin_words = st.from_regex(r"[a-z]{3,10}", fullmatch=True)


def _same_name(one: PersonName, other: PersonName) -> None:
    assert (one.given, one.family, one.canonical, one.latin) == (
        other.given,
        other.family,
        other.canonical,
        other.latin,
    )
    assert (one.latin_key, one.consonant_key, one.thai_keys, one.sorted_key) == (
        other.latin_key,
        other.consonant_key,
        other.thai_keys,
        other.sorted_key,
    )


@pytest.mark.parametrize(
    "raw",
    [
        "สมชาย ใจดี",
        "นายสมชาย ใจดี",
        "นาย สมชาย ใจดี",
        "  สมชาย   ใจดี ",
        "สม\u200bชาย ใจดี",  # zero-width space from Thai line breaking
        "สมชาย\u00a0ใจดี",
        "สมชาย ใจดีี",  # doubled vowel
        "ใจดี, สมชาย",  # family name first
        "ใจดี, นายสมชาย",
        "พ.ต.อ.สมชาย ใจดี",
        "พ. ต. อ. สมชาย ใจดี",
        "พ.ต.อ สมชาย ใจดี",  # final dot dropped
        "พันตำรวจเอกสมชาย ใจดี",
        "พล.ต.อ. สมชาย ใจดี",
        "ร.ต.ท.สมชาย ใจดี",
        "ส.ต.อ. สมชาย ใจดี",
        "จ.ส.ต.สมชาย ใจดี",
        "ด.ต.สมชาย ใจดี",
        "ว่าที่ร้อยตรีสมชาย ใจดี",
        "ว่าที่ ร.ต. สมชาย ใจดี",
        "ด.ช.สมชาย ใจดี",
        "เด็กชาย สมชาย ใจดี",
        "ศ.ดร.สมชาย ใจดี",
        "คุณ สมชาย ใจดี",
    ],
)
def test_thai_variants_normalise_alike(raw: str) -> None:
    name = normalize_name(raw)
    assert (name.given, name.family, name.canonical) == ("สมชาย", "ใจดี", "สมชาย ใจดี")
    assert name.script == "thai"
    assert name.latin == "somchai chaidi"
    assert name.thai_keys == normalize_name("สมชาย ใจดี").thai_keys


@pytest.mark.parametrize(
    ("raw", "title"),
    [
        ("นายสมชาย ใจดี", "นาย"),
        ("นางสมศรี ใจดี", "นาง"),
        ("นางสาวสมศรี ใจดี", "นางสาว"),  # not นาง + "สาวสมศรี"
        ("น.ส.สมศรี ใจดี", "นางสาว"),
        ("ด.ญ.สมศรี ใจดี", "เด็กหญิง"),
        ("เด็กหญิงสมศรี ใจดี", "เด็กหญิง"),
        ("พ.ต.อ.หญิง สมศรี ใจดี", "พ.ต.อ.หญิง"),
        ("ร.ต.อ.หญิงสมศรี ใจดี", "ร.ต.อ.หญิง"),
        ("พันตำรวจโท สมชาย ใจดี", "พ.ต.ท."),
        ("สิบตำรวจเอกสมชาย ใจดี", "ส.ต.อ."),
        ("ส.ต. สมชาย ใจดี", "ส.ต."),  # army สิบตรี, not the longer police ส.ต.อ.
        ("จ่าสิบตำรวจ สมชาย ใจดี", "จ.ส.ต."),
        ("ว่าที่ร้อยตรี สมชาย ใจดี", "ว่าที่ ร.ต."),
        ("ว่าที่ร.ต.สมชาย ใจดี", "ว่าที่ ร.ต."),
        ("พลฯ สมชาย ใจดี", "พลฯ"),
        ("Pol.Col. Somchai Jaidee", "พ.ต.อ."),  # RTP English rank maps to the Thai rank
        ("Pol. Maj. Gen. Somchai Jaidee", "พล.ต.ต."),
        ("Mr. Somchai Jaidee", "mr"),
        ("MRS Somsri Jaidee", "mrs"),
        ("Ms Somsri Jaidee", "ms"),
        ("Miss Somsri Jaidee", "miss"),
        ("Dr. Somchai Jaidee", "dr"),
        ("JAIDEE/SOMCHAI MR", "mr"),
        ("Somchai Jaidee", None),
        ("คุณากร ใจดี", None),  # a name that starts with คุณ
    ],
)
def test_titles_are_stripped_and_normalised(raw: str, title: str | None) -> None:
    assert normalize_name(raw).title == title


def test_title_glued_to_given_name_is_separated() -> None:
    name = normalize_name("คุณากร ใจดี")
    assert (name.given, name.family) == ("คุณากร", "ใจดี")
    assert normalize_name("นางสาวสมศรี ใจดี").given == "สมศรี"


@pytest.mark.parametrize(
    "raw",
    [
        "SOMCHAI JAIDEE",
        "Somchai Jaidee",
        "somchai   jaidee",
        "Mr. Somchai Jaidee",
        "MR SOMCHAI JAIDEE",
        "JAIDEE, Somchai",
        "Jaidee, Mr. Somchai",
        "JAIDEE/SOMCHAI MR",  # airline manifest
        "Jaidee , Somchai",
    ],
)
def test_latin_variants_normalise_alike(raw: str) -> None:
    name = normalize_name(raw)
    assert (name.given, name.family, name.canonical, name.latin) == (
        "somchai",
        "jaidee",
        "somchai jaidee",
        "somchai jaidee",
    )
    assert name.script == "latin"
    assert name.thai_keys == ()


def test_thai_and_latin_spellings_share_phonetic_keys() -> None:
    thai = normalize_name("นายสมชาย ใจดี")
    assert normalize_name("SOMCHAI JAIDEE").latin_key == thai.latin_key == ("somjai", "jaidi")
    assert normalize_name("Somchai Chaidi").latin_key == thai.latin_key
    assert normalize_name("Chaidi Somchai").sorted_key == thai.sorted_key
    assert normalize_name("Chaidi Somchai").latin_key != thai.latin_key  # order kept per token


def test_consonant_key_survives_rtgs_vowel_errors() -> None:
    # pythainlp's RTGS romaniser turns เจริญ into "cherin"; people write Charoen.
    assert normalize_name("เจริญ ใจดี").latin_key[0] != normalize_name("Charoen Jaidee").latin_key[0]
    assert normalize_name("เจริญ ใจดี").consonant_key == normalize_name("Charoen Jaidee").consonant_key


def test_thai_soundex_matches_homophones() -> None:
    assert normalize_name("สมศรี ศรีสุข").thai_keys == normalize_name("สมศรี สีสุก").thai_keys
    assert normalize_name("สมศรี ศรีสุข").thai_keys != normalize_name("สมศรี ทองคำ").thai_keys


@pytest.mark.parametrize(
    ("raw", "family"),
    [("น้ำฝน นํ้าใจ", "น้ำใจ"), ("น้ำฝน น้ําใจ", "น้ำใจ"), ("น้ำฝน นําใจ", "นำใจ")],
)
def test_sara_am_typed_as_two_characters_is_repaired(raw: str, family: str) -> None:
    assert normalize_name(raw).family == family


def test_noble_family_name_with_a_space_stays_whole() -> None:
    name = normalize_name("ด.ญ.มาลี ณ อยุธยา")
    assert (name.title, name.given, name.family) == ("เด็กหญิง", "มาลี", "ณ อยุธยา")
    assert len(name.latin_key) == 3


@pytest.mark.parametrize(
    ("raw", "title", "given"),
    [
        ("U Aung Kyaw", "u", "aung kyaw"),
        ("Daw Aung San Suu Kyi", "daw", "aung san suu kyi"),
        ("Mg Thura", "maung", "thura"),
        ("Ko Zaw Min", "ko", "zaw min"),
        ("Ma Hla Hla", "ma", "hla hla"),
        ("Maung Maung", None, "maung"),  # reduplicated name, not Maung + name
        ("Ko Ko Aung", None, "ko"),
        ("Ma", None, "ma"),  # the honorific word alone is a name
        ("AYE, Ma", "ma", "aye"),  # a bare form of address after the comma
    ],
)
def test_burmese_lao_khmer_honorifics(raw: str, title: str | None, given: str) -> None:
    name = normalize_name(raw)
    assert (name.title, name.given) == (title, given)
    if title is not None:
        assert name.family is None  # Burmese names have no family name


@pytest.mark.parametrize(
    ("raw", "title", "given", "family"),
    [
        ("Lok Srey Sokha Chan", "lok srey", "sokha", "chan"),
        ("MR. THAO BOUNMY PHOMMAVONG", "mr thao", "bounmy", "phommavong"),
        ("ท้าว บุนมี พมมะวง", "thao", "บุนมี", "พมมะวง"),
    ],
)
def test_lao_and_khmer_names_keep_their_family_name(raw: str, title: str, given: str, family: str) -> None:
    """Unlike Burmese names, Lao and Khmer names have a family name after Thao or Lok."""
    name = normalize_name(raw)
    assert (name.title, name.given, name.family) == (title, given, family)


@pytest.mark.parametrize(
    ("raw", "given"),
    [("นาย อู หน่อง หน่อง", "หน่อง หน่อง"), ("มะ หนิ่น เม", "หนิ่น เม"), ("นาง ดอ ซาน ซา", "ซาน ซา")],
)
def test_burmese_honorifics_in_thai_script(raw: str, given: str) -> None:
    name = normalize_name(raw)
    assert name.given == given and name.family is None


def test_thai_names_that_begin_like_an_honorific_keep_it() -> None:
    assert normalize_name("มะลิ ใจดี").given == "มะลิ"
    assert normalize_name("โกวิท วงศ์สุรวัฒน์").given == "โกวิท"


def test_latin_diacritics_fold_in_latin_but_not_canonical() -> None:
    name = normalize_name("NGUYỄN Văn An")
    assert name.canonical == "nguyễn văn an"
    assert name.latin == "nguyen van an"


@pytest.mark.parametrize(
    ("raw", "script"),
    [("สมชาย ใจดี", "thai"), ("Somchai Jaidee", "latin"), ("Somchai ใจดี", "mixed"), ("นาย Somchai Jaidee", "latin")],
)
def test_script(raw: str, script: str) -> None:
    assert normalize_name(raw).script == script


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("\u200b", "empty"),
        ("นาย", "empty"),
        ("Mr.", "empty"),
        ("--", "empty"),
        ("สมชาย 123", "format"),
        ("สมชาย ๑๒๓", "format"),
        ("@@@", "format"),
        ("สมชาย ฿", "format"),
        ("Smith, John, Jr", "format"),
        ("မောင်မောင်", "script"),  # Myanmar script
        ("សុខា", "script"),  # Khmer script
        ("张伟", "script"),
    ],
)
def test_rejects(raw: str, reason: str) -> None:
    with pytest.raises(NormalizationError) as caught:
        normalize_name(raw)
    assert caught.value.reason == reason


@st.composite
def thai_name_variants(draw: st.DrawFn) -> tuple[str, str, str]:
    """A Thai name and one of the ways a record might write it."""
    given_name, family = draw(st.sampled_from(THAI_GIVEN)), draw(st.sampled_from(THAI_FAMILY))
    title = draw(st.sampled_from(("", *THAI_TITLES)))
    gap = draw(st.sampled_from((" ", "  ", "\u00a0", " \u200b")))
    if draw(st.booleans()):
        raw = f"{family},{gap}{title}{given_name}"
    else:
        raw = f"{draw(st.sampled_from(('', ' ')))}{title}{given_name}{gap}{family}"
    return raw, given_name, family


@PROPERTY
@given(thai_name_variants())
def test_thai_name_variants_meet(variant: tuple[str, str, str]) -> None:
    raw, given_name, family = variant
    _same_name(normalize_name(raw), normalize_name(f"{given_name} {family}"))


@st.composite
def latin_name_variants(draw: st.DrawFn) -> tuple[str, str, str]:
    given_name, family = draw(latin_words), draw(latin_words)
    # A given name that is itself a Burmese honorific would legitimately be read as one.
    assume(
        given_name
        not in {
            "mrs",
            "daw",
            "maung",
            "saw",
            "naw",
            "thao",
            "nang",
            "sao",
            "lok",
            "miss",
            "master",
            "mister",
            "doctor",
            "khun",
            "mstr",
        }
    )
    case = draw(st.sampled_from((str.upper, str.lower, str.title)))
    title = draw(st.sampled_from(("", *LATIN_TITLES)))
    order = draw(st.sampled_from(("given first", "comma", "slash")))
    if order == "comma":
        raw = f"{case(family)}, {title}{case(given_name)}"
    elif order == "slash":
        raw = f"{case(family)}/{case(given_name)}{' MR' if title else ''}"
    else:
        raw = f"{title}{case(given_name)}  {case(family)}"
    return raw, given_name, family


@PROPERTY
@given(latin_name_variants())
def test_latin_name_variants_meet(variant: tuple[str, str, str]) -> None:
    raw, given_name, family = variant
    name = normalize_name(raw)
    assert (name.given, name.family) == (given_name, family)
    _same_name(name, normalize_name(f"{given_name} {family}"))


@PROPERTY
@given(st.one_of(thai_name_variants(), latin_name_variants()))
def test_normalising_the_canonical_form_changes_nothing(variant: tuple[str, str, str]) -> None:
    name = normalize_name(variant[0])
    _same_name(normalize_name(name.canonical), name)


NAME_ALPHABET = st.sampled_from(
    list("กขคงจชซณดตทนบปพมยรลวศสหอะัาิีึืุูเแโใไ่้๊๋์็ำํ") + list("abcdeiklmnorstuyAEIOU") + list(" .,-'/\u200bé๑2")
)


@PROPERTY
@given(st.text(NAME_ALPHABET, max_size=30))
def test_any_text_normalises_stably_or_raises_normalization_error(text: str) -> None:
    try:
        name = normalize_name(text)
    except NormalizationError:
        return
    assert name.canonical and name.canonical == name.canonical.strip()
    assert normalize_name(name.canonical).canonical == name.canonical

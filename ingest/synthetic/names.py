"""The stock of names synthetic people get, and every way each name word is spelled.

A name word has a Thai-script form, the Latin spelling its bearer uses (the one
in a passport or bank KYC file), and the other Latin spellings clerks produce.
For Thai words those come from RTGS (pythainlp's ``royin``, computed once per
word because it costs ~200 µs) and from the looser habits people follow
("Jaidee" for RTGS "Chaidi"). For Burmese, Khmer and Lao words the Latin form
is native and the Thai-script form is the one Thai police and courts write;
both are hand-made tables below, so one foreign name always gets the same Thai
rendering, as it does when one clerk transliterates it.

Thai given and family names come from pythainlp's corpora (~12,000 given and
~9,800 family names). Real Thai family names are nearly unique per family, so
they are drawn uniformly; deliberate namesakes use the short lists of very
common names at the end of this module.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import cache
from typing import Final, Literal

from pythainlp.corpus import thai_family_names as _corpus_family_names
from pythainlp.corpus import thai_female_names as _corpus_female_names
from pythainlp.corpus import thai_male_names as _corpus_male_names
from pythainlp.transliterate import romanize

from ingest.synthetic.sampling import Weighted

Sex = Literal["M", "F"]


@dataclass(frozen=True, slots=True)
class Word:
    """One word of a name: Thai script, its bearer's own Latin spelling, and
    the other Latin spellings that turn up in records."""

    thai: str
    latin: str
    variants: tuple[str, ...] = ()


# --- Thai names ---------------------------------------------------------------

_THAI_WORD: Final = re.compile(r"[\u0e01-\u0e4e]+")


def _single_words(names: frozenset[str]) -> tuple[str, ...]:
    """Sorted, so draws do not depend on set order; multi-word entries ("ณ อยุธยา")
    and abbreviations are left out because a name word is one Thai word."""
    return tuple(sorted(name for name in names if _THAI_WORD.fullmatch(name)))


@cache
def thai_given_names(sex: Sex) -> tuple[str, ...]:
    return _single_words(_corpus_male_names() if sex == "M" else _corpus_female_names())


@cache
def thai_family_names() -> tuple[str, ...]:
    return _single_words(_corpus_family_names())


_SIMILAR_PREFIX: Final = 3


def similar_thai_given(name: str, sex: Sex) -> tuple[str, ...]:
    """Given names that start like ``name`` (สมชาย, สมชัย, สมชาติ): parents often
    give siblings names that share their first syllable."""
    names = thai_given_names(sex)
    prefix = name[:_SIMILAR_PREFIX]
    start = bisect_left(names, prefix)
    similar = []
    for candidate in names[start:]:
        if not candidate.startswith(prefix):
            break
        if candidate != name:
            similar.append(candidate)
    return tuple(similar)


_LEADING_VOWELS: Final = "เแโใไ"
_NOT_LATIN: Final = re.compile(r"[^a-z]")


@cache
def _latin_spellings(thai: str) -> tuple[str, str, str, str]:
    """RTGS, then RTGS with looser vowels ("chaidee"), with looser consonants
    ("jaidi"), and with both ("jaidee"): the spellings Thai people actually
    choose fold the same sounds differently, but always the same sounds."""
    # royin leaves a Thai vowel or tone mark in about one name in sixty ("khaoี").
    rtgs = _NOT_LATIN.sub("", romanize(thai, engine="royin"))
    consonants = rtgs.replace("ph", "p").replace("th", "t").replace("kh", "k")
    if thai.lstrip(_LEADING_VOWELS).startswith("จ"):  # จ, which RTGS writes "ch", is "j" to its bearers
        consonants = re.sub(r"^ch", "j", consonants)
    return rtgs, _loosen_vowels(rtgs), consonants, _loosen_vowels(consonants)


def _loosen_vowels(spelling: str) -> str:
    """Long vowels written double at the end of a word (chaidi -> chaidee, suk ->
    sook) and พร as "porn"."""
    spelling = re.sub(r"(?<![aeiou])i$", "ee", spelling)
    spelling = re.sub(r"(?<![aeiou])u(?=[kptmn]$)", "oo", spelling)
    return re.sub(r"(ph?)on(?![gaeiou])", r"\1orn", spelling)


# Which of the four spellings a Thai person uses for a name word of their own.
THAI_OWN_SPELLING: Final = Weighted({0: 0.2, 1: 0.25, 2: 0.15, 3: 0.4})


@cache
def thai_word(thai: str, own: int) -> Word:
    """A Thai name word whose bearer uses spelling number ``own`` (see
    ``THAI_OWN_SPELLING``); the other distinct spellings are its variants.
    Cached, so a million people share one Word per name and spelling."""
    spellings = _latin_spellings(thai)
    latin = spellings[own]
    return Word(thai, latin, tuple(dict.fromkeys(s for s in spellings if s != latin)))


# --- Burmese, Khmer and Lao names ---------------------------------------------
#
# Short lists would make strangers share whole names more often the more people
# are drawn, so Lao and Khmer names are built from parts, as the names
# themselves are ("Souk" + "savanh", "So" + "phea"), and Burmese names from
# syllables: tens of thousands of names each, from tables short enough to read.


def _table(text: str) -> tuple[Word, ...]:
    """Rows of "Latin Thai [other Latin spellings...]"."""
    return tuple(Word(thai, latin, tuple(variants)) for latin, thai, *variants in map(str.split, text.strip().splitlines()))


def _compounds(firsts: tuple[Word, ...], seconds: tuple[Word, ...]) -> tuple[Word, ...]:
    """Every first part joined to every second part, in both scripts; the
    first spelling of a Latin name wins, so one name has one Thai rendering."""
    words: dict[str, Word] = {}
    for first in firsts:
        for second in seconds:
            latin = first.latin + second.latin
            spellings = (a + b for a in (first.latin, *first.variants) for b in (second.latin, *second.variants))
            variants = tuple(dict.fromkeys(spelling for spelling in spellings if spelling != latin))
            words.setdefault(latin, Word(first.thai + second.thai, latin, variants))
    return tuple(words.values())


# Burmese names have no family name: two to four of these syllables, often
# with one repeated ("Mya Mya Aye"). The Thai column follows how Thai news and
# police spell well-known Burmese names (มิน อ่อง หล่าย, เต็ง เส่ง, อู ถั่น).
BURMESE_SYLLABLES: Final[dict[Sex, tuple[Word, ...]]] = {
    "M": _table(
        """
        Aung    อ่อง    Aong
        Kyaw    จ่อ
        Zaw     ซอ
        Min     มิน     Minn
        Htun    ทุน     Htoon
        Tun     ตัน
        Win     วิน     Winn
        Myint   มยิ่น
        Soe     โซ
        Naing   หน่าย
        Thein   เต็ง    Thien
        Hla     หล่า
        Htet    เท็ต
        Lin     ลิน     Lynn
        Myo     เมียว   Myoe
        Thant   ถั่น
        Swe     ส่วย
        Than    ตาน
        Tin     ติน
        Yan     ยาน
        Pyae    แป      Pyay
        Phyo    เพียว   Phyoe
        Hein    เฮง
        Hlaing  หล่าย
        Kaung   กอง
        Thura   ตุระ
        Zeya    เซยะ
        Ye      เย
        Wunna   วุนนะ
        Htoo    ทู
        Khant   ขั่น
        Sithu   สีทู
        Phone   โพน
        Naung   หน่อง
        Shwe    ฉ่วย
        Thiha   ตีฮะ
        Wai     ไหว
        Htike   ไท่
        Bo      โบ
        Nyi     ญี
        """
    ),
    "F": _table(
        """
        Mya     เมี้ยะ
        Aye     เอ
        Khin    ขิ่น
        San     ซาน
        Nu      นุ
        Moe     โม      Mo
        Thida   ธิดา
        Phyu    พยู
        Su      ซู      Sue
        Thiri   ตีรี
        Nyein   เญ่ง
        Hnin    หนิ่น
        Yadanar ยะดะนา  Yadana
        Zar     ซา
        May     เม
        Cho     โช
        Khaing  ข่าย
        Htwe    ทเว
        Sandar  ซันดา   Sanda
        Chit    ชิต
        Nwe     หน่วย
        Thuzar  ตูซา
        Lwin    ลวิน
        Myat    เมี้ยต
        Wut     วุต
        Hmone   หโมน
        Thin    ทิน
        Yin     ยิน
        Khine   ไข่
        Phoo    พู
        Ni      นี
        Pwint   ปวิน
        Nandar  นันดา
        Ohmar   โอมา
        Wah     วา
        Eaindra เอนดรา
        Kay     เค
        Hay     เฮ
        Theingi เต็งจี
        """
    ),
}

# Khmer names are written family name first ("Sok Dara"). Family names are
# few and shared by many; given names join two parts.
KHMER_FAMILY_NAMES: Final = _table(
    """
    Sok     สก
    Chan    จัน
    Chea    เจีย
    Kim     คิม
    Heng    เฮง
    Keo     แก้ว    Keov
    Lim     ลิม
    Ly      ลี      Lee
    Meas    เมียส
    Nhem    เญิม
    Ouk     อุก
    Pen     เปน
    Phan    พัน
    Prak    ปรัก
    Seng    เส็ง
    Sim     ซิม
    Tep     เทพ
    Touch   ตูจ
    Vann    วัน     Van
    Yim     ยิม
    Mao     เหมา
    Long    ลอง
    Nuon    นวน
    Hem     เหม
    Khiev   เขียว   Khieu
    Kong    กง
    Chhay   ฉาย     Chhai
    Hong    ฮง
    Nget    เงต
    Sam     สาม
    Mom     มม
    Chhim   ฉิม
    Ros     รส
    Hun     ฮุน
    Tith    ติด
    Un      อุน
    Srun    สรุน
    Kang    กัง
    Men     เม็น
    Sao     เสา
    """
)

KHMER_GIVEN_NAMES: Final[dict[Sex, tuple[Word, ...]]] = {
    "M": _compounds(
        _table(
            """
            So      โส
            Vi      วิ
            Ri      ริ
            Pi      พิ
            Sam     สัม
            Bun     บุน
            Chan    จัน
            Da      ดา
            Ko      โก
            Ma      มะ
            Ro      โร
            Van     วัน
            Vu      วุ
            Sa      สา
            Bo      บอ
            Vea     เวีย
            Phi     พี
            Ki      คี
            """
        ),
        _table(
            """
            kha     คา      khar
            ra      รา
            seth    เสฐ
            thy     ที      thi
            nak     นัก
            sal     ศาล
            nang    นาง
            pheak   เพียก
            vuth    วุฒ
            reth    เรด
            ny      นี
            rin     ริน
            phal    พล
            sna     สนา
            tha     ทา
            rith    ริทธิ์
            """
        ),
    ),
    "F": _compounds(
        _table(
            """
            So      โส
            Chan    จัน
            Bo      บอ
            Chen    เจน
            Lea     เลีย
            Ma      มะ
            Ne      เน
            Pi      พิ
            Ra      รัช
            Srey    สรี
            Da      ดา
            Kun     คุน
            Van     วัน
            Thi     ธิ
            Mo      โม
            Ka      กัน
            """
        ),
        _table(
            """
            phea    เพีย
            nary    นารี
            pha     ผา
            da      ดา      dar
            kha     คา
            lin     ลิน
            mony    มุนี    moni
            leak    ลักษ์
            neang   เนียง
            ny      นี
            thea    เทีย
            vy      วี
            mom     มม
            ka      กา
            na      นา
            """
        ),
    ),
}

# Lao names are given name first, like Thai, and both parts are compounds; the
# final "h" of Lao romanisation is often dropped in Thai-made records.
LAO_GIVEN_NAMES: Final[dict[Sex, tuple[Word, ...]]] = {
    "M": _compounds(
        _table(
            """
            Souk    สุก
            Phone   โพน     Phon
            Kham    คำ
            Boun    บุน
            Thong   ทอง
            Seng    แสง
            Vieng   เวียง   Viang
            Som     สม
            Sy      สี      Si
            Khoun   คูน
            Phou    ภู
            Vanh    วัน     Van
            Chanh   จัน     Chan
            Sai     ไซ
            Outh    อุด
            """
        ),
        _table(
            """
            savanh  สะหวัน  savan
            pheng   แพง
            my      มี      mi
            phet    เพ็ด
            sack    สัก     sak
            xay     ไซ      say
            vong    วง
            keo     แก้ว
            lath    ลาด
            sing    สิงห์
            deth    เดช
            phanh   พัน     phan
            thong   ทอง
            phone   พอน     phon
            """
        ),
    ),
    "F": _compounds(
        _table(
            """
            Mani    มะนี
            Chan    จัน
            Dao     ดาว
            Phet    เพ็ด
            Soupha  สุพา
            Vong    วง
            Boua    บัว
            Vilay   วิไล
            Malay   มาลัย
            Seng    แสง
            Kham    คำ
            Phout   พุด
            Lat     ลัด
            Ket     เกด
            Aly     อาลี
            Souda   สุดา
            """
        ),
        _table(
            """
            vone    วอน     von
            thavy   ทะวี
            samone  สะหมอน
            phone   พอน     phon
            deuane  เดือน   duan
            sone    สอน
            vanh    วัน     van
            dao     ดาว
            la      หล้า
            sady    สะดี
            samy    สะหมี
            sana    สะหนา
            kham    คำ
            """
        ),
    ),
}

LAO_FAMILY_NAMES: Final = _compounds(
    _table(
        """
        Phomma    พมมะ
        Intha     อินทะ
        Saya      ไซยะ    Xaya
        Chantha   จันทะ
        Souvanna  สุวันนะ
        Keo       แก้ว
        Seng      แสง
        Thamma    ทำมะ
        Vilay     วิไล
        Mani      มะนี
        Rattana   รัดตะนะ
        Phimma    พิมมะ
        Douang    ดวง
        Khoun     คูน
        Si        สี
        Luang     หลวง
        Sipha     สีพะ
        Phan      พัน
        Xay       ไซ      Say
        Sone      สอน
        """
    ),
    _table(
        """
        vong      วง
        chanh     จัน     chan
        sone      สอน
        many      มะนี    mani
        dara      ดารา
        phoum     พูม
        panya     ปัญญา
        vilay     วิไล
        souk      สุก
        rath      ลาด     rat
        seuth     เสิด
        sy        สี
        thavong   ทะวง
        kham      คำ
        phet      เพ็ด
        """
    ),
)

# Burmese forms of address, by sex and age: U for older men, Ko for young men,
# Maung ("Mg") for boys and youths; Daw for older women, Ma for younger ones.
# Thai clerks transliterate these with the name. Lao adults are Thao (men) and
# Nang (women) in Latin script; in Thai script they become the Thai titles
# นาย and นาง, so they have no Thai form of their own.
HONORIFICS: Final[dict[str, Word]] = {
    word.latin: word
    for word in (
        *_table(
            """
            U       อู
            Ko      โก
            Maung   หม่อง   Mg
            Daw     ดอ
            Ma      มะ
            """
        ),
        Word("", "Thao"),
        Word("", "Nang"),
    )
}

# --- Very common names, for namesakes -------------------------------------------

COMMON_THAI_GIVEN: Final[dict[Sex, tuple[str, ...]]] = {
    "M": ("สมชาย", "สมศักดิ์", "สมพงษ์", "สมบัติ", "วิชัย", "ประเสริฐ", "สุนทร", "บุญมี", "ชัยวัฒน์", "อนุชา", "ธีระ", "สุรชัย"),
    "F": ("สมหญิง", "สมใจ", "มาลี", "กาญจนา", "สุดารัตน์", "วันเพ็ญ", "อรุณี", "สุภาพ", "รัตนา", "นงลักษณ์", "จันทร์เพ็ญ", "บุญเรือน"),
}
COMMON_THAI_FAMILY: Final = (
    "ใจดี", "แสงทอง", "ศรีสุข", "มีสุข", "บุญมา", "ทองดี", "แก้วมณี", "จันทร์แก้ว",
    "ศรีทอง", "บุญเรือง", "ทองคำ", "สุขสวัสดิ์", "ทองมา", "ศรีสวัสดิ์", "วงศ์ใหญ่",
)  # fmt: skip


def _burmese(*names: str) -> tuple[tuple[Word, ...], ...]:
    syllables = {word.latin: word for words in (*BURMESE_SYLLABLES.values(), HONORIFICS.values()) for word in words}
    return tuple(tuple(syllables[latin] for latin in name.split()) for name in names)


def _pick(table: tuple[Word, ...], *latin: str) -> tuple[Word, ...]:
    by_latin = {word.latin: word for word in table}
    return tuple(by_latin[name] for name in latin)


# Burmese names repeat far more than Thai ones: these are whole given names.
COMMON_BURMESE: Final[dict[Sex, tuple[tuple[Word, ...], ...]]] = {
    "M": _burmese("Aung Aung", "Zaw Zaw", "Kyaw Kyaw", "Min Min", "Aung Ko Ko", "Zaw Min", "Myo Min", "Kyaw Win"),
    "F": _burmese("Mya Mya", "Aye Aye", "Khin Khin", "Su Su", "Mya Mya Aye", "Moe Moe", "Thida", "Khin Aye"),
}
COMMON_KHMER_FAMILY: Final = _pick(KHMER_FAMILY_NAMES, "Sok", "Chan", "Chea", "Kim")
COMMON_KHMER_GIVEN: Final[dict[Sex, tuple[Word, ...]]] = {
    "M": _pick(KHMER_GIVEN_NAMES["M"], "Dara", "Sokha", "Vannak", "Bora"),
    "F": _pick(KHMER_GIVEN_NAMES["F"], "Sophea", "Channary", "Sreymom", "Bopha"),
}
COMMON_LAO_FAMILY: Final = _pick(LAO_FAMILY_NAMES, "Phommachanh", "Phommavong", "Sisouk", "Inthavong")
COMMON_LAO_GIVEN: Final[dict[Sex, tuple[Word, ...]]] = {
    "M": _pick(LAO_GIVEN_NAMES["M"], "Bounmy", "Somphone", "Khampheng"),
    "F": _pick(LAO_GIVEN_NAMES["F"], "Daovone", "Manivone", "Khamla"),
}

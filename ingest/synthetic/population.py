"""The true people behind synthetic records, drawn in the groups that make
entity resolution hard.

Telling records apart is only as hard as the people behind them are alike, so
people are drawn in units: most alone, but some as households (family name,
home address and phone shared; twins share the birthday too; siblings may
have near-identical given names) and some as namesakes (different people with
one very common name). Everything an agency might write about a person is fixed
here, once, so that every record of that person is a variant of the same truth.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from random import Random
from typing import Final, Literal, cast

from pythainlp.corpus import provinces as _corpus_provinces

from ingest.normalize.national_id import check_digit
from ingest.synthetic.names import (
    BURMESE_SYLLABLES,
    COMMON_BURMESE,
    COMMON_KHMER_FAMILY,
    COMMON_KHMER_GIVEN,
    COMMON_LAO_FAMILY,
    COMMON_LAO_GIVEN,
    COMMON_THAI_FAMILY,
    COMMON_THAI_GIVEN,
    HONORIFICS,
    KHMER_FAMILY_NAMES,
    KHMER_GIVEN_NAMES,
    LAO_FAMILY_NAMES,
    LAO_GIVEN_NAMES,
    THAI_OWN_SPELLING,
    Sex,
    Word,
    similar_thai_given,
    thai_family_names,
    thai_given_names,
    thai_word,
)
from ingest.synthetic.sampling import Weighted

Origin = Literal["thai", "myanmar", "cambodian", "lao"]
# A person's category for reporting: the hard-negative group they belong to, or
# their origin when they belong to none.
Kind = Literal["thai", "myanmar", "cambodian", "lao", "household_member", "twin", "similar_sibling", "namesake"]
Name = tuple[tuple[Word, ...], tuple[Word, ...]]  # given words, family words

# Ages are reckoned on this date, not today, so a seed always gives the same world.
AS_OF: Final = date(2025, 1, 1)
_YEAR: Final = 365


@dataclass(frozen=True, slots=True)
class Title:
    """A courtesy title or rank as Thai-script and Latin-script records write it."""

    thai: tuple[str, ...]
    latin: tuple[str, ...]


_MR: Final = Title(("นาย",), ("Mr.", "Mr", "MR."))
_MRS: Final = Title(("นาง",), ("Mrs.", "Mrs"))
_MISS: Final = Title(("นางสาว", "น.ส."), ("Miss", "Ms."))
# Thai law titles children under 15 เด็กชาย / เด็กหญิง.
_BOY: Final = Title(("เด็กชาย", "ด.ช."), ("Master", "Mstr."))
_GIRL: Final = Title(("เด็กหญิง", "ด.ญ."), ("Miss",))
_CHILD_TITLE_AGE: Final = 15
# Police officers turn up in trafficking cases as suspects as well as witnesses.
_POLICE_RANKS: Final = (
    ("พ.ต.อ.", "พันตำรวจเอก", "Pol.Col."),
    ("พ.ต.ท.", "พันตำรวจโท", "Pol.Lt.Col."),
    ("ร.ต.อ.", "ร้อยตำรวจเอก", "Pol.Capt."),
    ("ร.ต.ท.", "ร้อยตำรวจโท", "Pol.Lt."),
    ("ด.ต.", "ดาบตำรวจ", "Pol.Snr.Sgt.Maj."),
    ("จ.ส.ต.", "จ่าสิบตำรวจ", "Pol.Sgt.Maj."),
    ("ส.ต.อ.", "สิบตำรวจเอก", "Pol.Sgt."),
)
_OFFICER_SHARE: Final = 0.04
_OFFICER_AGES: Final = (25, 60)


def _rank(thai_abbreviation: str, thai_full: str, latin: str, sex: Sex) -> Title:
    """Female officers add หญิง to the Thai rank ("ร.ต.ท.หญิง")."""
    suffix = "หญิง" if sex == "F" else ""
    return Title((thai_abbreviation + suffix, thai_full + suffix), (latin,))


@dataclass(frozen=True, slots=True)
class Address:
    """A Thai address. Outside Bangkok it has a village number (หมู่) in a
    tambon and amphoe; in Bangkok a lane (ซอย) in a khwaeng and khet."""

    house: str
    moo: int
    lane: str
    subdistrict: str
    district: str
    province: str
    province_latin: str

    @property
    def in_bangkok(self) -> bool:
        return self.province == _BANGKOK


@dataclass(frozen=True, slots=True)
class Person:
    """One real person: what every record of them is a variant of.

    ``phones`` and ``addresses`` are in order of how often records carry them:
    a household's shared phone and registered home come first. Thai people have
    a ``national_id`` (13 digits, valid check digit); ``passport`` is the number
    alone, its issuing state follows from ``origin``.
    """

    person_id: str
    origin: Origin
    kind: Kind
    sex: Sex
    dob: date
    given: tuple[Word, ...]
    family: tuple[Word, ...]
    honorific: Word | None
    title: Title
    national_id: str
    passport: str
    phones: tuple[str, ...]
    addresses: tuple[Address, ...]

    @property
    def family_first(self) -> bool:
        """Khmer names put the family name first ("Sok Dara")."""
        return self.origin == "cambodian"

    @property
    def minor(self) -> bool:
        return _age(self.dob) < 18


def _age(dob: date) -> int:
    return (AS_OF - dob).days // _YEAR


# --- Places ---------------------------------------------------------------------

_BANGKOK: Final = "กรุงเทพมหานคร"
# Bangkok khet and one of its khwaeng; roads whose numbered lanes (ซอย) people live on.
_BANGKOK_DISTRICTS: Final = (
    ("จตุจักร", "จอมพล"), ("จตุจักร", "ลาดยาว"), ("บางกะปิ", "คลองจั่น"), ("ห้วยขวาง", "ห้วยขวาง"),
    ("ดินแดง", "ดินแดง"), ("บางนา", "บางนาเหนือ"), ("คลองเตย", "คลองตัน"), ("วัฒนา", "คลองเตยเหนือ"),
    ("หนองจอก", "หนองจอก"), ("ลาดกระบัง", "ลาดกระบัง"), ("บางแค", "บางแค"), ("บางขุนเทียน", "แสมดำ"),
)  # fmt: skip
_BANGKOK_ROADS: Final = ("สุขุมวิท", "ลาดพร้าว", "รามคำแหง", "พหลโยธิน", "เพชรเกษม", "ประชาอุทิศ", "อ่อนนุช")
# Tambon and amphoe names that recur all over the country.
_LOCAL_PLACE_NAMES: Final = (
    "บ้านใหม่", "บ้านเหนือ", "บ้านใต้", "หนองบัว", "หนองแก", "โนนสูง", "โนนสะอาด", "ท่าช้าง", "ท่าข้าม",
    "ดอนตูม", "ดอนแก้ว", "นาดี", "นาเมือง", "บ้านไผ่", "บ้านโคก", "โคกสูง", "ทุ่งใหญ่", "ทุ่งโพธิ์",
    "วังน้ำเย็น", "วังทอง", "หนองปลิง", "สันทราย", "คลองหลวง", "คลองใหม่", "บางพลี", "บางใหญ่",
    "ในเมือง", "ในเวียง", "เวียงชัย", "ห้วยยาง", "ห้วยทราย", "ป่าแดด", "ป่าซาง", "เขาทอง", "ท่าฉลอม",
)  # fmt: skip
# Where migrant workers live: fishing and seafood ports, border towns, Bangkok.
_MIGRANT_PROVINCES: Final = Weighted(
    {"สมุทรสาคร": 0.25, "ตาก": 0.15, "ระนอง": 0.12, "กรุงเทพมหานคร": 0.15, "ชลบุรี": 0.1,
     "สงขลา": 0.08, "เชียงใหม่": 0.07, "สุราษฎร์ธานี": 0.05, "ตราด": 0.03}
)  # fmt: skip
_BANGKOK_SHARE: Final = 0.12
# DOPA province codes, the 2nd-3rd digits of a national ID.
_PROVINCE_CODES: Final = (*range(10, 28), *range(30, 59), *range(60, 68), *range(70, 78), *range(80, 87), *range(90, 97))


@cache
def _province_latin() -> dict[str, str]:
    rows = cast(list[dict[str, str]], _corpus_provinces(details=True))  # details=True gives rows, not names
    return {row["name_th"]: row["name_en"] for row in rows}


@cache
def _thai_provinces() -> Weighted[str]:
    """Every province, Bangkok with its share of the population and the rest evenly."""
    others = sorted(name for name in _province_latin() if name != _BANGKOK)
    return Weighted({_BANGKOK: _BANGKOK_SHARE, **{name: (1 - _BANGKOK_SHARE) / len(others) for name in others}})


# --- How people are grouped -------------------------------------------------------

_ORIGINS: Final = Weighted[Origin]({"thai": 0.70, "myanmar": 0.17, "cambodian": 0.08, "lao": 0.05})
_HOUSEHOLD_SIZES: Final = Weighted({2: 0.35, 3: 0.30, 4: 0.20, 5: 0.15})
_NAMESAKE_GROUP_SIZES: Final = Weighted({2: 0.5, 3: 0.3, 4: 0.2})
# Shares of people; a unit is drawn with weight (people share / mean people per unit).
_UNITS: Final = Weighted[Literal["single", "household", "namesakes"]](
    {
        "single": 0.80,
        "household": 0.13 / _HOUSEHOLD_SIZES.mean(),
        "namesakes": 0.07 / _NAMESAKE_GROUP_SIZES.mean(),
    }
)
_NAME_DRAWS: Final = 8  # tries for a whole name no one else has before a repeat is accepted
_PARTNER_SHARE: Final = 0.75
_BURMESE_NAME_LENGTHS: Final = Weighted({2: 0.45, 3: 0.45, 4: 0.1})
_TWIN_SHARE: Final = 0.3  # of households with two or more children
_SIMILAR_SIBLING_SHARE: Final = 0.4  # of Thai and Burmese households with two or more children
_AGES_OUTSIDE_HOUSEHOLDS: Final[dict[Origin, tuple[int, int]]] = {
    "thai": (18, 70),
    # Trafficked migrants include 14-17-year-olds.
    "myanmar": (14, 50),
    "cambodian": (14, 50),
    "lao": (14, 50),
}
# Who holds a passport, by (Thai national, adult): about half of adult migrant
# victims (many never had one, or had it taken), fewer minors, a tenth of Thai adults.
_PASSPORT_HOLDERS: Final[dict[tuple[bool, bool], float]] = {
    (False, True): 0.55,
    (False, False): 0.3,
    (True, True): 0.1,
    (True, False): 0.0,
}
# Adults who have moved since registering, so records disagree on their address.
_MOVED_SHARE: Final = 0.25
_ISSUERS: Final[dict[Origin, str]] = {"thai": "THA", "myanmar": "MMR", "cambodian": "KHM", "lao": "LAO"}


def passport_issuer(origin: Origin) -> str:
    """ICAO code of the state that issued a person's passport."""
    return _ISSUERS[origin]


@dataclass(frozen=True, slots=True)
class _Home:
    """What a household's members share: the address, a phone, and the DOPA
    district (2nd-5th ID digits) their births were registered in."""

    address: Address
    phone: str
    district: str


class Population:
    """Draws people unit by unit, keeping identifiers unique across the whole
    population (a repeated phone or ID between strangers would be a false link)."""

    def __init__(self, rng: Random) -> None:
        self._rng = rng
        self._people = 0
        self._taken: set[str] = set()

    def draw_unit(self) -> list[Person]:
        """A single person, a household or a group of namesakes."""
        unit = _UNITS.pick(self._rng)
        if unit == "household":
            return self._household()
        if unit == "namesakes":
            return self._namesakes()
        origin = _ORIGINS.pick(self._rng)
        sex = self._sex()
        dob = self._dob(*_AGES_OUTSIDE_HOUSEHOLDS[origin])
        return [self._person(origin, origin, sex, dob, self._name(origin, sex))]

    # --- groups

    def _household(self) -> list[Person]:
        """Head, usually a partner, and children; all share the home, its phone
        and (except Burmese, who have none) the family name."""
        rng = self._rng
        origin = _ORIGINS.pick(rng)
        size = _HOUSEHOLD_SIZES.pick(rng)
        phone = self._thai_mobile() if origin == "thai" or rng.random() < 0.8 else self._home_country_phone(origin)
        home = _Home(self._address(origin), phone, self._district_code())

        head_sex = self._sex()
        head_dob = self._dob(38, 65)
        head_given, family = self._name(origin, head_sex)
        has_partner = rng.random() < _PARTNER_SHARE
        members = [
            self._person(origin, "household_member", head_sex, head_dob, (head_given, family), home=home, married=has_partner)
        ]
        taken = [head_given]
        if has_partner:
            partner_sex: Sex = "F" if head_sex == "M" else "M"
            partner_dob = head_dob + timedelta(days=rng.randint(-6 * _YEAR, 6 * _YEAR))
            # Thai and Lao wives usually take the husband's family name; Khmer wives keep theirs.
            partner_family = self._family(origin) if origin == "cambodian" else family
            partner_given = self._fresh_given(origin, partner_sex, partner_family, taken)
            taken.append(partner_given)
            members.append(
                self._person(
                    origin, "household_member", partner_sex, partner_dob, (partner_given, partner_family), home=home, married=True
                )
            )
        return members + self._children(origin, size - len(members), head_dob, family=family, home=home, taken=taken)

    def _children(
        self,
        origin: Origin,
        count: int,
        parent_dob: date,
        *,
        family: tuple[Word, ...],
        home: _Home,
        taken: list[tuple[Word, ...]],
    ) -> list[Person]:
        """Children born one to three years apart, the first when the parent
        was 20-28. Two of them may be twins (same birthday, consecutive national
        IDs, clearly different names), and one may be named like the sibling
        born before them. ``taken`` holds given names already in the household."""
        rng = self._rng
        if count == 0:
            return []
        dobs = [parent_dob + timedelta(days=rng.randint(20 * _YEAR, 28 * _YEAR))]
        for _ in range(count - 1):
            dobs.append(dobs[-1] + timedelta(days=rng.randint(400, 3 * _YEAR)))
        sexes = [self._sex() for _ in range(count)]
        kinds: list[Kind] = ["household_member"] * count
        national_ids: dict[int, str] = {}
        twin: int | None = None  # the older twin
        if count >= 2 and rng.random() < _TWIN_SHARE:
            twin = rng.randrange(count - 1)
            dobs[twin + 1] = dobs[twin]
            kinds[twin] = kinds[twin + 1] = "twin"
            if origin == "thai":
                national_ids = dict(zip((twin, twin + 1), self._twin_national_ids(dobs[twin], home.district), strict=True))
        similar: int | None = None  # the older of two similarly named siblings, neither of them a twin
        pairs = [i for i in range(count - 1) if twin is None or not twin - 1 <= i <= twin + 1]
        if pairs and origin in ("thai", "myanmar") and rng.random() < _SIMILAR_SIBLING_SHARE:
            similar = rng.choice(pairs)
            sexes[similar + 1] = sexes[similar]

        for i in range(count):
            given = None
            if similar is not None and i == similar + 1:
                given = self._similar_given(origin, sexes[i], taken)
                if given is not None:
                    kinds[similar] = kinds[i] = "similar_sibling"
                    self._unique(_full_key(given, family))
            if given is None:
                given = self._fresh_given(origin, sexes[i], family, taken, clearly=twin is not None and i == twin + 1)
            taken.append(given)
        return [
            self._person(origin, kinds[i], sexes[i], dobs[i], (given, family), home=home, national_id=national_ids.get(i))
            for i, given in enumerate(taken[-count:])
        ]

    def _namesakes(self) -> list[Person]:
        """Different people, same sex and origin, with one very common name; Thai
        namesakes each spell it in Latin script their own way, as different people do."""
        rng = self._rng
        origin = _ORIGINS.pick(rng)
        sex = self._sex()
        given, family = self._common_name(origin, sex)
        self._unique(_full_key(given, family))  # so that no stranger drawn later joins the group by chance
        return [
            self._person(
                origin,
                "namesake",
                sex,
                self._dob(*_AGES_OUTSIDE_HOUSEHOLDS[origin]),
                (self._respelled(origin, given), self._respelled(origin, family)),
            )
            for _ in range(_NAMESAKE_GROUP_SIZES.pick(rng))
        ]

    # --- one person

    def _person(
        self,
        origin: Origin,
        kind: Kind,
        sex: Sex,
        dob: date,
        name: Name,
        *,
        home: _Home | None = None,
        national_id: str | None = None,
        married: bool | None = None,
    ) -> Person:
        """Everything not given is drawn; ``married`` decides นาง or นางสาว for women."""
        self._people += 1
        adult = _age(dob) >= 18
        if origin == "thai":
            national_id = national_id or self._national_id(dob, home.district if home else None)
        has_passport = self._rng.random() < _PASSPORT_HOLDERS[origin == "thai", adult]
        addresses: tuple[Address, ...] = (home.address if home else self._address(origin),)
        if adult and self._rng.random() < _MOVED_SHARE:
            addresses += (self._address(origin),)
        return Person(
            person_id=f"P{self._people:07d}",
            origin=origin,
            kind=kind,
            sex=sex,
            dob=dob,
            given=name[0],
            family=name[1],
            honorific=self._honorific(origin, sex, dob),
            title=self._title(origin, sex, dob, married),
            national_id=national_id or "",
            passport=self._passport(origin) if has_passport else "",
            phones=self._phones(origin, dob, home.phone if home else None),
            addresses=addresses,
        )

    def _sex(self) -> Sex:
        return "M" if self._rng.random() < 0.5 else "F"

    def _dob(self, youngest: int, oldest: int) -> date:
        return AS_OF - timedelta(days=self._rng.randrange(youngest * _YEAR + 1, (oldest + 1) * _YEAR))

    def _title(self, origin: Origin, sex: Sex, dob: date, married: bool | None) -> Title:
        age = _age(dob)
        if age < _CHILD_TITLE_AGE:
            return _BOY if sex == "M" else _GIRL
        rng = self._rng
        if origin == "thai" and _OFFICER_AGES[0] <= age <= _OFFICER_AGES[1] and rng.random() < _OFFICER_SHARE:
            return _rank(*rng.choice(_POLICE_RANKS), sex)
        if sex == "M":
            return _MR
        if married is None:
            married = rng.random() < (0.6 if age >= 30 else 0.25)
        return _MRS if married else _MISS

    def _honorific(self, origin: Origin, sex: Sex, dob: date) -> Word | None:
        age = _age(dob)
        if origin == "myanmar":
            if sex == "M":
                return HONORIFICS["U" if age >= 40 else "Ko" if age >= 22 else "Maung"]
            return HONORIFICS["Daw" if age >= 40 else "Ma"]
        if origin == "lao" and age >= 18:
            return HONORIFICS["Thao" if sex == "M" else "Nang"]
        return None

    # --- names

    def _thai_word(self, thai: str) -> Word:
        return thai_word(thai, THAI_OWN_SPELLING.pick(self._rng))

    def _name(self, origin: Origin, sex: Sex) -> Name:
        family = self._family(origin)
        return self._fresh_given(origin, sex, family), family

    def _given(self, origin: Origin, sex: Sex) -> tuple[Word, ...]:
        rng = self._rng
        if origin == "thai":
            return (self._thai_word(rng.choice(thai_given_names(sex))),)
        if origin == "cambodian":
            return (rng.choice(KHMER_GIVEN_NAMES[sex]),)
        if origin == "lao":
            return (rng.choice(LAO_GIVEN_NAMES[sex]),)
        return self._burmese_name(sex, ())

    def _family(self, origin: Origin) -> tuple[Word, ...]:
        rng = self._rng
        if origin == "thai":
            return (self._thai_word(rng.choice(thai_family_names())),)
        if origin == "cambodian":
            return (rng.choice(KHMER_FAMILY_NAMES),)
        if origin == "lao":
            return (rng.choice(LAO_FAMILY_NAMES),)
        return ()

    def _burmese_name(self, sex: Sex, start: tuple[Word, ...]) -> tuple[Word, ...]:
        """Two to four syllables in all, ``start`` first; a quarter of names
        repeat one syllable ("Mya Mya Aye", "Aung Ko Ko")."""
        rng = self._rng
        syllables = BURMESE_SYLLABLES[sex]
        length = _BURMESE_NAME_LENGTHS.pick(rng)
        words = list(start)
        while len(words) < length:
            words.append(rng.choice(syllables))
        if rng.random() < 0.25:
            position = rng.randrange(length - 1)
            words[position + 1] = words[position]
        return tuple(words)

    def _respelled(self, origin: Origin, words: tuple[Word, ...]) -> tuple[Word, ...]:
        """The same name words with this person's own choice of Latin spelling,
        which only Thai names leave open."""
        return tuple(self._thai_word(word.thai) for word in words) if origin == "thai" else words

    def _fresh_given(
        self,
        origin: Origin,
        sex: Sex,
        family: tuple[Word, ...],
        household: list[tuple[Word, ...]] | None = None,
        *,
        clearly: bool = False,
    ) -> tuple[Word, ...]:
        """A given name no one in ``household`` has (with ``clearly``, one that
        also starts differently from the last of them: twins must not look alike
        by name as well as by birthday, address and phone), and that with
        ``family`` makes a whole name no one else has, if one turns up within a
        few draws. Strangers who share a whole name are the namesake groups'
        job; by chance alone their share would grow with the number of people."""
        household = household or []
        household_keys = {_key(name) for name in household}
        draws = 0
        while True:
            given = self._given(origin, sex)
            key = _key(given)
            if key in household_keys or (clearly and key[:2] == _key(household[-1])[:2]):
                continue
            draws += 1
            if self._unique(_full_key(given, family)) or draws >= _NAME_DRAWS:
                return given

    def _similar_given(self, origin: Origin, sex: Sex, taken: list[tuple[Word, ...]]) -> tuple[Word, ...] | None:
        """A given name close to the last one in ``taken`` and equal to none:
        the same first syllable, from the Thai name corpus (สมชาย, สมชัย) or
        from Burmese syllables. None if there is no such name."""
        keys = {_key(name) for name in taken}
        sibling = taken[-1]
        if origin == "myanmar":
            candidates = [self._burmese_name(sex, sibling[:1]) for _ in range(10)]
            return next((given for given in candidates if _key(given) not in keys), None)
        names = [name for name in similar_thai_given(sibling[0].thai, sex) if name not in keys]
        return (self._thai_word(self._rng.choice(names)),) if names else None

    def _common_name(self, origin: Origin, sex: Sex) -> Name:
        rng = self._rng
        if origin == "thai":
            return (self._thai_word(rng.choice(COMMON_THAI_GIVEN[sex])),), (self._thai_word(rng.choice(COMMON_THAI_FAMILY)),)
        if origin == "myanmar":
            return rng.choice(COMMON_BURMESE[sex]), ()
        if origin == "cambodian":
            return (rng.choice(COMMON_KHMER_GIVEN[sex]),), (rng.choice(COMMON_KHMER_FAMILY),)
        return (rng.choice(COMMON_LAO_GIVEN[sex]),), (rng.choice(COMMON_LAO_FAMILY),)

    # --- identifiers

    def _unique(self, draw: str) -> bool:
        """Whether ``draw`` is new to the population, which then takes it."""
        if draw in self._taken:
            return False
        self._taken.add(draw)
        return True

    def _id_category(self, dob: date) -> str:
        """First ID digit: 1 for people registered at birth since 1984, 3 for
        those on the 1984 register; 2, 4, 5 and 8 are late or special registrations."""
        u = self._rng.random()
        if dob.year >= 1984:
            return "1" if u < 0.95 else "2"
        return "3" if u < 0.9 else "4" if u < 0.94 else "5" if u < 0.97 else "8"

    def _district_code(self) -> str:
        """DOPA province and district of registration: the 2nd-5th ID digits."""
        return f"{self._rng.choice(_PROVINCE_CODES):02d}{self._rng.randrange(1, 20):02d}"

    def _national_id(self, dob: date, district: str | None) -> str:
        """Category, DOPA province and district of registration, book, sequence, check digit."""
        rng = self._rng
        while True:
            first_twelve = (
                f"{self._id_category(dob)}{district or self._district_code()}{rng.randrange(100_000):05d}{rng.randrange(100):02d}"
            )
            national_id = first_twelve + str(check_digit(first_twelve))
            if self._unique(national_id):
                return national_id

    def _twin_national_ids(self, dob: date, district: str) -> tuple[str, str]:
        """Twins are registered together: their IDs differ only in the sequence
        number and check digit, a near miss a one-digit typo can imitate."""
        while True:
            first = self._national_id(dob, district)
            second_twelve = first[:10] + f"{(int(first[10:12]) + 1) % 100:02d}"
            second = second_twelve + str(check_digit(second_twelve))
            if self._unique(second):
                return first, second

    def _passport(self, origin: Origin) -> str:
        """Thai "AA1234567", Myanmar "MA123456", Cambodian "N1234567", Lao "P1234567"."""
        rng = self._rng
        while True:
            if origin == "thai":
                number = rng.choice(("AA", "AB", "AC")) + f"{rng.randrange(10**7):07d}"
            elif origin == "myanmar":
                number = "M" + rng.choice("ABCD") + f"{rng.randrange(10**6):06d}"
            else:
                number = ("N" if origin == "cambodian" else "P") + f"{rng.randrange(10**7):07d}"
            if self._unique(number):
                return number

    def _thai_mobile(self) -> str:
        """E.164 Thai mobile: nine digits after +66, starting 6, 8 or 9."""
        while True:
            phone = f"+66{self._rng.choice('689')}{self._rng.randrange(10**8):08d}"
            if self._unique(phone):
                return phone

    def _home_country_phone(self, origin: Origin) -> str:
        rng = self._rng
        while True:
            if origin == "myanmar":
                phone = f"+959{rng.randrange(10**8):08d}"
            elif origin == "cambodian":
                phone = f"+855{rng.choice(('12', '15', '17', '70', '77', '92', '96'))}{rng.randrange(10**6):06d}"
            else:
                phone = f"+85620{rng.randrange(10**8):08d}"
            if self._unique(phone):
                return phone

    def _phones(self, origin: Origin, dob: date, shared: str | None) -> tuple[str, ...]:
        """Children have only the household's phone; adults usually their own
        mobile, Thai ones sometimes a second; migrants a Thai SIM, a number from
        home, or none."""
        rng = self._rng
        phones: tuple[str, ...] = (shared,) if shared else ()
        if _age(dob) < _CHILD_TITLE_AGE:
            return phones
        u = rng.random()
        if origin == "thai":
            if u < (0.5 if shared else 0.92):
                phones += (self._thai_mobile(),)
                if rng.random() < 0.12:
                    phones += (self._thai_mobile(),)
        elif u < (0.4 if shared else 0.65):
            phones += (self._thai_mobile(),)
        elif u < 0.8 and not shared:
            phones += (self._home_country_phone(origin),)
        return phones

    def _address(self, origin: Origin) -> Address:
        rng = self._rng
        province = (_thai_provinces() if origin == "thai" else _MIGRANT_PROVINCES).pick(rng)
        house = str(rng.randint(1, 300)) + (f"/{rng.randint(1, 30)}" if rng.random() < 0.4 else "")
        latin = _province_latin()[province]
        if province == _BANGKOK:
            district, subdistrict = rng.choice(_BANGKOK_DISTRICTS)
            lane = f"{rng.choice(_BANGKOK_ROADS)} {rng.randint(1, 120)}"
            return Address(house, 0, lane, subdistrict, district, province, latin)
        district = "เมือง" + province if rng.random() < 0.35 else rng.choice(_LOCAL_PLACE_NAMES)
        return Address(house, rng.randint(1, 15), "", rng.choice(_LOCAL_PLACE_NAMES), district, province, latin)


def _key(words: tuple[Word, ...]) -> str:
    return " ".join(word.thai for word in words)


def _full_key(given: tuple[Word, ...], family: tuple[Word, ...]) -> str:
    return f"{_key(given)}/{_key(family)}"

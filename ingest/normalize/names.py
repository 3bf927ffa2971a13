"""Person names as they appear across RTP, DSI, court, DOPA and passport records.

One person is "นายสมชาย ใจดี" in a police report, "สมชาย  ใจดี" in DOPA, "SOMCHAI
JAIDEE" in a passport scan and "JAIDEE, Somchai" in a bank KYC export. The entity
resolver cannot compare those directly, so this module turns each into a
``PersonName``: the title or rank set aside, the name in its own script, a
romanised form, and loose phonetic keys that let the resolver *block* (find
candidates) on any single token even when spelling and word order differ.
The keys are deliberately loose; deciding that two names are the same person is
the resolver's job, with more evidence than a name.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Final, Literal

from pythainlp.soundex import lk82
from pythainlp.transliterate import romanize
from pythainlp.util import normalize as thai_normalize

from ingest.normalize.errors import NormalizationError
from ingest.normalize.text import (
    ascii_fold,
    clean,
    compact,
    consonant_skeleton,
    has_thai,
    is_thai,
    latin_phonetic_key,
)

Script = Literal["thai", "latin", "mixed"]
TitleKind = Literal["courtesy", "rank", "honorific"]


@dataclass(frozen=True, slots=True)
class PersonName:
    """A normalised person name.

    ``canonical`` is always given-name first. ``latin_key``, ``consonant_key``
    and ``thai_keys`` hold one entry per token so the resolver can block on any
    token; ``sorted_key`` ignores token order so "Chaidi Somchai" meets
    "Somchai Chaidi".
    """

    title: str | None
    given: str
    family: str | None
    canonical: str
    latin: str
    script: Script
    latin_key: tuple[str, ...]
    consonant_key: tuple[str, ...]
    thai_keys: tuple[str, ...]
    sorted_key: str


@dataclass(frozen=True, slots=True)
class _Title:
    """A title or rank and every way it is written.

    ``honorific`` marks Burmese/Lao/Khmer forms of address that are also
    ordinary name words ("Maung", "Ma"); those are stripped more cautiously.
    ``attached`` says whether the Thai spelling may be glued to the name
    ("นายสมชาย"); "คุณ" may not, because names such as คุณากร start with it,
    nor may the Thai spellings of honorifics (มะลิ is a Thai given name).
    ``no_family_name`` marks Burmese honorifics: Burmese names have no family
    name, while Lao and Khmer names after Thao or Lok do.
    """

    canonical: str
    kind: TitleKind
    spellings: tuple[str, ...]
    attached: bool = True
    no_family_name: bool = False  # Burmese names: every word after the honorific is the name


def _ranks(*rows: tuple[str, ...]) -> tuple[_Title, ...]:
    """Rank rows: canonical abbreviation first, then the other spellings."""
    return tuple(_Title(row[0], "rank", row) for row in rows)


_TITLES: Final[tuple[_Title, ...]] = (
    _Title("นาย", "courtesy", ("นาย",)),
    _Title("นาง", "courtesy", ("นาง",)),
    _Title("นางสาว", "courtesy", ("นางสาว", "น.ส.")),
    _Title("เด็กชาย", "courtesy", ("เด็กชาย", "ด.ช.")),
    _Title("เด็กหญิง", "courtesy", ("เด็กหญิง", "ด.ญ.")),
    _Title("คุณ", "courtesy", ("คุณ",), attached=False),
    _Title("ว่าที่", "courtesy", ("ว่าที่",)),
    _Title("ดร.", "courtesy", ("ดร.", "ดอกเตอร์")),
    _Title("นพ.", "courtesy", ("นพ.", "นายแพทย์")),
    _Title("พญ.", "courtesy", ("พญ.", "แพทย์หญิง")),
    _Title("ศ.", "courtesy", ("ศ.", "ศาสตราจารย์")),
    _Title("รศ.", "courtesy", ("รศ.", "รองศาสตราจารย์")),
    _Title("ผศ.", "courtesy", ("ผศ.", "ผู้ช่วยศาสตราจารย์")),
    _Title("ม.ร.ว.", "courtesy", ("ม.ร.ว.", "หม่อมราชวงศ์")),
    _Title("ม.ล.", "courtesy", ("ม.ล.", "หม่อมหลวง")),
    _Title("mr", "courtesy", ("mr", "mister")),
    _Title("mrs", "courtesy", ("mrs",)),
    _Title("ms", "courtesy", ("ms",)),
    _Title("miss", "courtesy", ("miss",)),
    _Title("master", "courtesy", ("master", "mstr")),
    _Title("dr", "courtesy", ("dr", "doctor")),
    _Title("khun", "courtesy", ("khun",)),
    # Royal Thai Police, with the RTP's own English rank titles.
    *_ranks(
        ("พล.ต.อ.", "พลตำรวจเอก", "pol.gen."),
        ("พล.ต.ท.", "พลตำรวจโท", "pol.lt.gen."),
        ("พล.ต.ต.", "พลตำรวจตรี", "pol.maj.gen."),
        ("พ.ต.อ.", "พันตำรวจเอก", "pol.col."),
        ("พ.ต.ท.", "พันตำรวจโท", "pol.lt.col."),
        ("พ.ต.ต.", "พันตำรวจตรี", "pol.maj."),
        ("ร.ต.อ.", "ร้อยตำรวจเอก", "pol.capt."),
        ("ร.ต.ท.", "ร้อยตำรวจโท", "pol.lt."),
        ("ร.ต.ต.", "ร้อยตำรวจตรี", "pol.sub.lt."),
        ("ด.ต.", "ดาบตำรวจ", "pol.snr.sgt.maj."),
        # จ.ส.ต. abbreviates both the police จ่าสิบตำรวจ and the army จ่าสิบตรี.
        ("จ.ส.ต.", "จ่าสิบตำรวจ", "จ่าสิบตรี", "pol.sgt.maj."),
        ("ส.ต.อ.", "สิบตำรวจเอก", "pol.sgt."),
        ("ส.ต.ท.", "สิบตำรวจโท", "pol.cpl."),
        ("ส.ต.ต.", "สิบตำรวจตรี", "pol.l.cpl."),
        ("พลฯ", "พลตำรวจ"),
    ),
    # Army; navy and air-force officers share the ร./น. abbreviations.
    *_ranks(
        ("พล.อ.", "พลเอก"),
        ("พล.ท.", "พลโท"),
        ("พล.ต.", "พลตรี"),
        ("พ.อ.", "พันเอก"),
        ("พ.ท.", "พันโท"),
        ("พ.ต.", "พันตรี"),
        ("ร.อ.", "ร้อยเอก", "เรือเอก", "เรืออากาศเอก"),
        ("ร.ท.", "ร้อยโท", "เรือโท", "เรืออากาศโท"),
        ("ร.ต.", "ร้อยตรี", "เรือตรี", "เรืออากาศตรี"),
        ("จ.ส.อ.", "จ่าสิบเอก"),
        ("จ.ส.ท.", "จ่าสิบโท"),
        ("ส.อ.", "สิบเอก"),
        ("ส.ท.", "สิบโท"),
        ("ส.ต.", "สิบตรี"),
        ("พลทหาร",),
        ("พล.ร.อ.", "พลเรือเอก"),
        ("พล.ร.ท.", "พลเรือโท"),
        ("พล.ร.ต.", "พลเรือตรี"),
        ("น.อ.", "นาวาเอก", "นาวาอากาศเอก"),
        ("น.ท.", "นาวาโท", "นาวาอากาศโท"),
        ("น.ต.", "นาวาตรี", "นาวาอากาศตรี"),
        ("พ.จ.อ.", "พันจ่าเอก"),
        ("พ.จ.ท.", "พันจ่าโท"),
        ("พ.จ.ต.", "พันจ่าตรี"),
        ("จ.อ.", "จ่าเอก", "จ่าอากาศเอก"),
        ("จ.ท.", "จ่าโท", "จ่าอากาศโท"),
        ("จ.ต.", "จ่าตรี", "จ่าอากาศตรี"),
        ("พล.อ.อ.", "พลอากาศเอก"),
        ("พล.อ.ท.", "พลอากาศโท"),
        ("พล.อ.ต.", "พลอากาศตรี"),
        ("พ.อ.อ.", "พันจ่าอากาศเอก"),
        ("พ.อ.ท.", "พันจ่าอากาศโท"),
        ("พ.อ.ต.", "พันจ่าอากาศตรี"),
    ),
    # Burmese (U, Daw, Maung, Ko, Ma; Karen Saw, Naw), Lao (Thao, Nang, Sao)
    # and Khmer (Lok, Lok Srey) forms of address.
    # Thai police write them in Thai script too (อู, ดอ, หม่อง, โก, มะ, ท้าว).
    _Title("u", "honorific", ("u", "อู"), attached=False, no_family_name=True),
    _Title("daw", "honorific", ("daw", "ดอ"), attached=False, no_family_name=True),
    _Title("maung", "honorific", ("maung", "mg", "หม่อง"), attached=False, no_family_name=True),
    _Title("ko", "honorific", ("ko", "โก"), attached=False, no_family_name=True),
    _Title("ma", "honorific", ("ma", "มะ"), attached=False, no_family_name=True),
    _Title("saw", "honorific", ("saw", "ซอ"), attached=False, no_family_name=True),
    _Title("naw", "honorific", ("naw",), attached=False, no_family_name=True),  # นอ would be น.อ.
    _Title("thao", "honorific", ("thao", "ท้าว"), attached=False),
    _Title("nang", "honorific", ("nang",), attached=False),
    _Title("sao", "honorific", ("sao",), attached=False),
    _Title("lok srey", "honorific", ("lok srey",), attached=False),
    _Title("lok", "honorific", ("lok",), attached=False),
)

_FEMALE_RANK_SUFFIX: Final = "หญิง"

# Punctuation a name may carry: hyphen and apostrophe inside words, comma and
# slash for "family name first", dots after abbreviations and initials.
_NAME_PUNCTUATION: Final = frozenset(" -'.,/")
_EDGE_PUNCTUATION: Final = "-'"
_APOSTROPHES: Final = str.maketrans({"’": "'", "ʼ": "'", "‘": "'", "`": "'"})
_THAI_NON_LETTERS: Final = frozenset("฿๏๚๛")
_FAMILY_FIRST: Final = re.compile(r"[,/]")
_LETTER: Final = re.compile(r"[ก-ฮ]|[^\W\d_\u0e00-\u0e7f]")  # a Thai consonant or a Latin letter
# Only a consonant or a leading vowel (เ แ โ ใ ไ) can start a Thai word; other
# vowels, tone marks and accents at the start of a word are stray keystrokes.
_DANGLING_MARKS: Final = "".join(
    char
    for char in map(chr, (*range(0x0E00, 0x0E80), *range(0x0300, 0x0370)))
    if not ("ก" <= char <= "ฮ" or "เ" <= char <= "ไ")
)
_LEADING_JUNK: Final = " ." + _EDGE_PUNCTUATION + _DANGLING_MARKS
_MAX_THAI_NORMALIZE_PASSES: Final = 4


def _spelling_pattern(title: _Title, spelling: str) -> str:
    """Regex for one spelling: dots may be followed by spaces ("พ. ต. อ."), the
    final dot of a Thai abbreviation with inner dots may be dropped before a
    space ("พ.ต.อ สมชาย"), Latin spellings may use spaces for dots ("Pol Col")
    and must end the word ("Ma" is no title in "Mai", "Ma-Aye" or "MA, Aye").
    """
    latin = spelling.isascii()
    between = r"(?:\.\s*|\s+)" if latin else r"\.\s*"
    pieces = spelling.rstrip(".").split(".")
    body = between.join(r"\s+".join(map(re.escape, piece.split())) for piece in pieces)
    if latin or not title.attached:
        body += r"(?:\.|(?=[-']*(?:\s|$)))"
    elif len(pieces) > 1:
        body += r"(?:\.|(?=\s))"
    elif spelling.endswith("."):
        # Without its dot, "ศ" or "ดร" is as likely a name as a title.
        body += r"\."
    if title.kind == "rank":
        body += rf"(?:\s*{_FEMALE_RANK_SUFFIX})?"
    return body


def _build_title_index() -> tuple[re.Pattern[str], dict[str, _Title]]:
    """One regex for every spelling, and the titles by compact spelling to
    tell which one matched."""
    by_compact: dict[str, _Title] = {}
    patterns: list[tuple[int, str]] = []
    for title in _TITLES:
        for spelling in title.spellings:
            if by_compact.setdefault(compact(spelling), title) is not title:
                raise RuntimeError(f"title spelling {spelling!r} is ambiguous")
            patterns.append((len(spelling), _spelling_pattern(title, spelling)))
    # Longest spelling first: the regex alternation takes the first that matches,
    # and นางสาว must win over นาง.
    alternation = "|".join(pattern for _, pattern in sorted(patterns, key=lambda item: -item[0]))
    return re.compile(rf"(?:{alternation})\s*", re.IGNORECASE), by_compact


_TITLE_RE, _TITLE_BY_COMPACT = _build_title_index()
_HONORIFIC_WORDS: Final = frozenset(key for key, title in _TITLE_BY_COMPACT.items() if title.kind == "honorific")
_LATIN_COURTESY_WORDS: Final = frozenset(
    key for key, title in _TITLE_BY_COMPACT.items() if title.kind == "courtesy" and key.isascii()
)


def _lookup_title(matched: str) -> tuple[_Title, bool]:
    """The title a regex match spelled, and whether it carried the หญิง suffix
    that female officers add to their rank."""
    key = compact(matched)
    if key in _TITLE_BY_COMPACT:
        return _TITLE_BY_COMPACT[key], False
    return _TITLE_BY_COMPACT[key.removesuffix(_FEMALE_RANK_SUFFIX)], True


def _strip_titles(text: str) -> tuple[list[str], str, bool]:
    """Peel titles off the front of ``text``.

    Returns the canonical titles, the rest, and whether a Burmese honorific
    was among them (then the name has no family name). Courtesy titles and ranks chain ("ว่าที่ ร.ต.",
    "ศ.ดร.", "Mr. U"); at most one honorific is taken, and only when a name
    follows that does not itself start with an honorific word, so "Maung Maung"
    and "Ma Ma Aye" stay whole and normalising a canonical name again changes
    nothing.
    """
    titles: list[str] = []
    honorific: _Title | None = None
    while match := _TITLE_RE.match(text := text.lstrip(_LEADING_JUNK)):
        title, female = _lookup_title(match.group(0))
        rest = text[match.end() :]
        if title.kind == "honorific":
            following = _tokens(rest)
            if honorific or not following or following[0] in _HONORIFIC_WORDS:
                break
            honorific = title
        titles.append(title.canonical + (_FEMALE_RANK_SUFFIX if female else ""))
        text = rest
    return titles, text, honorific is not None and honorific.no_family_name


def _check_characters(text: str) -> None:
    """Reject digits, symbols and scripts we cannot romanise; a name with those
    is a mis-keyed column or another script's name that needs a human."""
    for char in text:
        if is_thai(char):
            if char in _THAI_NON_LETTERS:
                raise NormalizationError("format", f"{char!r} does not belong in a name")
        elif char.isdigit():
            raise NormalizationError("format", "a name cannot contain digits")
        elif char.isalpha():
            if not (char.isascii() or unicodedata.name(char, "").startswith("LATIN")):
                raise NormalizationError(
                    "script", f"cannot romanise {char!r}: only Thai and Latin script names are supported"
                )
        elif not (unicodedata.combining(char) or char in _NAME_PUNCTUATION):
            raise NormalizationError("format", f"{char!r} does not belong in a name")


@lru_cache(maxsize=65536)
def _thai_normalize_word(word: str) -> str:
    """pythainlp's clean-up, repeated until stable: on piles of tone marks one
    pass can leave work for the next, and a second normalisation of our output
    must change nothing. Cached: a pass costs ~20 µs and name words recur."""
    for _ in range(_MAX_THAI_NORMALIZE_PASSES):
        normalized = thai_normalize(word)
        if normalized == word:
            break
        word = normalized
    return word


def _tokens(text: str) -> list[str]:
    """Name words with dots (initials, stray abbreviation dots), edge
    punctuation and stray marks removed; Latin words lower-cased. A "word"
    without a Thai consonant or Latin letter is noise and dropped."""
    words = (word.lstrip(_LEADING_JUNK).rstrip(_EDGE_PUNCTUATION) for word in text.replace(".", " ").split())
    return [unicodedata.normalize("NFC", word.casefold()) for word in words if _LETTER.search(word)]


_THAI_OR_NOT: Final = re.compile(r"[\u0e00-\u0e7f]+|[^\u0e00-\u0e7f]+")
_NOT_ROMAN: Final = re.compile(r"[^a-z-]")


@lru_cache(maxsize=65536)
def _romanize_thai(word: str) -> str:
    """RTGS romanisation; cached because pythainlp needs ~100-300 µs a word and
    the same given and family names recur thousands of times in a case file."""
    return romanize(word, engine="royin")


def _romanize_token(token: str) -> str:
    """Thai runs romanised, Latin runs stripped of diacritics."""
    parts = (_romanize_thai(run) if is_thai(run[0]) else ascii_fold(run) for run in _THAI_OR_NOT.findall(token))
    return _NOT_ROMAN.sub("", "".join(parts).casefold())


def _script(tokens: list[str]) -> Script:
    scripts: set[Script] = {
        "thai" if is_thai(char) else "latin" for token in tokens for char in token if char.isalpha() or is_thai(char)
    }
    return scripts.pop() if len(scripts) == 1 else "mixed"


def _family_first(family_text: str, given_text: str) -> tuple[list[str], list[str], list[str]]:
    """Titles, given and family words of "FAMILY, Given" or of the airline
    "FAMILY/GIVEN MR", whose trailing title is taken as a title too."""
    titles, given_text, _ = _strip_titles(given_text)
    family, given = _tokens(family_text), _tokens(given_text)
    if len(given) > 1 and given[-1] in _LATIN_COURTESY_WORDS:
        titles.append(_TITLE_BY_COMPACT[given.pop()].canonical)
    if len(given) == 1 and given[0] in _HONORIFIC_WORDS:
        # "AYE, Ma": a bare form of address after the comma; the name is on the left.
        return [*titles, _TITLE_BY_COMPACT[given[0]].canonical], family, []
    if given:
        return titles, given, family
    return titles, family, []  # "JAIDEE, Mr.": only a title after the comma


def normalize_name(text: str) -> PersonName:
    """Normalise one person's name written in Thai or Latin script.

    Without a comma or slash the Thai order holds: the first word is the given
    name and the rest the family name (so "ณ อยุธยา" stays one family name).
    Burmese names have no family name, so after a Burmese/Lao/Khmer honorific
    every word is given name.
    """
    cleaned = clean(text.translate(_APOSTROPHES))
    if has_thai(cleaned):
        # Repairs duplicated and misordered vowels and tone marks, and sara am
        # typed as nikhahit + sara aa (ํ + า -> ำ). Word by word, because on a
        # whole string it also deletes spaces, which would merge name words.
        cleaned = " ".join(map(_thai_normalize_word, cleaned.split()))
    if not cleaned:
        raise NormalizationError("empty", "no name given")
    _check_characters(cleaned)
    titles, rest, after_honorific = _strip_titles(cleaned)
    # A comma or slash with nothing on one side means nothing.
    parts = [part for part in _FAMILY_FIRST.split(rest) if _tokens(part)]
    if len(parts) > 2:
        raise NormalizationError("format", "more than one comma or slash: is this several names?")
    if len(parts) == 2:
        more_titles, given, family = _family_first(*parts)
    else:
        more_titles, rest, honorific = _strip_titles(" ".join(parts))
        words = _tokens(rest)
        given, family = (words, []) if after_honorific or honorific else (words[:1], words[1:])
    titles += more_titles
    tokens = given + family
    if not tokens:
        raise NormalizationError("empty", "no name given (only a title)" if titles else "no letters in name")

    romanised = [_romanize_token(token) for token in tokens]
    latin_key = tuple(latin_phonetic_key(word) for word in romanised)
    thai_words = ("".join(filter(is_thai, token)) for token in tokens)
    return PersonName(
        title=" ".join(titles) or None,
        given=" ".join(given),
        family=" ".join(family) or None,
        canonical=" ".join(tokens),
        latin=" ".join(word for word in romanised if word),
        script=_script(tokens),
        latin_key=latin_key,
        consonant_key=tuple(consonant_skeleton(key) for key in latin_key),
        thai_keys=tuple(lk82(word) for word in thai_words if word),
        sorted_key=" ".join(sorted(latin_key)),
    )

"""Character-level clean-up shared by every normaliser.

Records reach us from police spreadsheets, court PDFs, bank exports and DOPA
printouts typed on Thai keyboards. The same value turns up with Thai digits
(๐-๙), full-width digits from CJK input methods, invisible zero-width spaces left
by Thai line-breaking, non-breaking spaces, and five kinds of dash. Every kind of
value needs those undone first, so they live here once.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Final

THAI_DIGITS: Final = "๐๑๒๓๔๕๖๗๘๙"

# Invisible characters that Thai word processors and web pages scatter inside
# words: zero-width space/non-joiner/joiner, word joiner, BOM, soft hyphen.
ZERO_WIDTH: Final = "\u200b\u200c\u200d\u2060\ufeff\u00ad"

_DASHES: Final = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63"

_FULLWIDTH_OFFSET: Final = 0xFF01 - 0x21

_CLEAN_TABLE: Final = {
    **{ord(thai): str(arabic) for arabic, thai in enumerate(THAI_DIGITS)},
    **{code: chr(code - _FULLWIDTH_OFFSET) for code in range(0xFF01, 0xFF5F)},
    **{ord(dash): "-" for dash in _DASHES},
    **{ord(invisible): None for invisible in ZERO_WIDTH},
}


def clean(text: str) -> str:
    """NFC, zero-width removal, Thai/full-width digits to ASCII, one kind of dash,
    whitespace collapsed and trimmed.

    NFC and not NFKC: NFKC splits Thai sara am (ำ) into nikhahit + sara aa, the
    very corruption the name normaliser has to repair.
    """
    text = unicodedata.normalize("NFC", text).translate(_CLEAN_TABLE)
    return " ".join(text.split())


def is_thai(char: str) -> bool:
    """True for a character of the Thai Unicode block (U+0E00-U+0E7F)."""
    return "\u0e00" <= char <= "\u0e7f"


def has_thai(text: str) -> bool:
    return any(is_thai(char) for char in text)


# Only punctuation that separates parts of a written value; letters, digits and
# Thai marks survive so that compact keys of different values stay different.
_COMPACT_DROP: Final = re.compile(r"[\s.,\-/()'\"’ฯ:]+")


def compact(text: str) -> str:
    """Lookup key that ignores case, spacing and dots: "Chiang Mai" and
    "chiangmai", "ม.ค." and "มค" meet. Callers clean() first.
    """
    return _COMPACT_DROP.sub("", text.casefold())


# Latin letters that do not decompose under NFKD but have an obvious ASCII form,
# mostly from Vietnamese (đ) and European passports.
_ASCII_EXTRA: Final = str.maketrans(
    {
        "đ": "d",
        "Đ": "D",
        "ø": "o",
        "Ø": "O",
        "ł": "l",
        "Ł": "L",
        "ß": "ss",
        "æ": "ae",
        "Æ": "AE",
        "œ": "oe",
        "Œ": "OE",
        "ı": "i",
    }
)


def ascii_fold(text: str) -> str:
    """Strip diacritics so "Nguyễn" and "Nguyen" compare equal."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_ASCII_EXTRA))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


# Ordered rewrites that fold the spellings Thai names get in Latin script:
# the same ช is written ch, j or sh; ท/ธ th, t or dh; long vowels doubled or not;
# พร as "phon" (RTGS) or "porn" (personal spelling). Order matters: "ng" is
# parked as "N" so that folding g -> k leaves the nasal alone.
_PHONETIC_RULES: Final[tuple[tuple[re.Pattern[str], str], ...]] = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        (r"ng", "N"),
        (r"tch", "ch"),
        (r"sh", "ch"),
        (r"ph", "p"),
        (r"th", "t"),
        (r"dh", "t"),
        (r"kh", "k"),
        (r"bh", "b"),
        (r"ch", "j"),
        (r"g", "k"),
        (r"q", "k"),
        (r"v", "w"),
        (r"x", "s"),
        (r"z", "s"),
        (r"ee", "i"),
        (r"oo", "u"),
        (r"ou", "u"),
        (r"eu", "ue"),
        (r"uea", "ua"),
        (r"oe", "e"),
        (r"(?<=[aeiou])r(?![aeiou])", ""),  # silent r: porn ~ phon, charern ~ charoen
        (r"(?<=[aeiou])l$", "n"),  # final ล is an n: kamol ~ kamon
        (r"(?<=[aeiou])d$", "t"),  # final ด is a t
        (r"(?<=[aeiou])y(?![aeiou])", "i"),  # chay ~ chai
        (r"(?<=[aeiu])o(?![aeiou])", "w"),  # kaeo ~ kaew
        (r"(.)\1+", r"\1"),  # doubled letters: sittichai ~ sitichai, kaa ~ ka
        (r"N", "ng"),
    )
)

_NOT_ASCII_LETTER: Final = re.compile(r"[^a-z]")


@lru_cache(maxsize=65536)
def latin_phonetic_key(word: str) -> str:
    """Loose key for one romanised word, so that "Jaidee", "JAIDEE" and the
    RTGS "chaidi" of ใจดี all give "jaidi". Meant for blocking (finding
    candidates), not for deciding that two names are the same.
    """
    key = _NOT_ASCII_LETTER.sub("", ascii_fold(word).casefold())
    for pattern, replacement in _PHONETIC_RULES:
        key = pattern.sub(replacement, key)
    return key


_VOWELS: Final = re.compile(r"[aeiou]")


def consonant_skeleton(phonetic_key: str) -> str:
    """The consonants of a phonetic key.

    pythainlp's RTGS romaniser guesses vowels badly on names (เจริญ -> "cherin",
    ณัฐพล -> "natpn") while its consonants are right, so a vowel-free key lets
    those meet the spellings people actually use ("Charoen", "Nattaphon").
    A word made of vowels only keeps its full key rather than becoming empty.
    """
    return _VOWELS.sub("", phonetic_key) or phonetic_key

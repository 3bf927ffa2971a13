"""Shared character clean-up and phonetic folding."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.normalize.text import ascii_fold, clean, compact, consonant_skeleton, latin_phonetic_key

PROPERTY = settings(max_examples=200, deadline=None, database=None)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("๐๘๑-๒๓๔-๕๖๗๘", "081-234-5678"),
        ("０８１２３４５６７８", "0812345678"),  # full-width digits from CJK input
        ("081–234—5678", "081-234-5678"),  # en and em dash
        ("สม\u200bชาย\u200c ใจดี\ufeff", "สมชาย ใจดี"),
        ("  สมชาย\u00a0\u00a0ใจดี \n", "สมชาย ใจดี"),
        ("Jose\u0301", "José"),  # NFC composes
        ("น้ำใจ", "น้ำใจ"),  # NFC must not split sara am as NFKC would
        ("", ""),
    ],
)
def test_clean(raw: str, expected: str) -> None:
    assert clean(raw) == expected


def test_compact_ignores_case_spaces_and_dots() -> None:
    assert compact("Chiang Mai") == compact("CHIANGMAI") == "chiangmai"
    assert compact("ม.ค.") == compact("มค") == "มค"
    assert compact("กรุงเทพฯ") == "กรุงเทพ"
    assert compact("chiang mai") != compact("chiang rai")


def test_ascii_fold() -> None:
    assert ascii_fold("Nguyễn Văn Đức") == "Nguyen Van Duc"
    assert ascii_fold("Müller Łukasz") == "Muller Lukasz"


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Jaidee", "chaidi"),  # j/ch, ee/i
        ("SOMCHAI", "somchai"),
        ("Siriporn", "siriphon"),  # silent r, ph/p
        ("Kamol", "kamon"),  # final l is n
        ("Kaew", "kaeo"),
        ("Thanaphat", "Tanapat"),  # th/t, ph/p
        ("Sittichai", "Sitichai"),  # doubled letters
        ("Wichai", "Vichai"),  # v/w
        ("Boonmee", "bunmi"),  # oo/u
        ("Charoen", "Charern"),
        ("Mueang", "Muang"),
        ("Nattaphon", "Natthaphol"),
        ("Shinawatra", "Chinawatra"),  # sh for ช
    ],
)
def test_phonetic_key_folds_spelling_variants(one: str, other: str) -> None:
    assert latin_phonetic_key(one) == latin_phonetic_key(other)


@pytest.mark.parametrize(("one", "other"), [("Somchai", "Somsak"), ("Kamon", "Kamin"), ("Sunee", "Suda")])
def test_phonetic_key_keeps_different_names_apart(one: str, other: str) -> None:
    assert latin_phonetic_key(one) != latin_phonetic_key(other)


def test_phonetic_key_keeps_the_velar_nasal() -> None:
    # g folds to k, but ng is one sound and must not become nk.
    assert latin_phonetic_key("Thongkham") == "tongkam"
    assert latin_phonetic_key("Gosol") == latin_phonetic_key("Kosol")


def test_consonant_skeleton_ignores_the_vowels_rtgs_gets_wrong() -> None:
    # pythainlp romanises ณัฐพล as "natpn" and เจริญ as "cherin".
    assert consonant_skeleton(latin_phonetic_key("natpn")) == consonant_skeleton(latin_phonetic_key("Nattaphon"))
    assert consonant_skeleton(latin_phonetic_key("cherin")) == consonant_skeleton(latin_phonetic_key("Charoen"))
    assert consonant_skeleton("ai") == "ai"  # all vowels: keep the key rather than return nothing


@PROPERTY
@given(st.text())
def test_clean_is_idempotent(text: str) -> None:
    assert clean(clean(text)) == clean(text)


@PROPERTY
@given(st.from_regex(r"[A-Za-z]{1,15}", fullmatch=True))
def test_phonetic_key_ignores_case_and_is_ascii_lower(word: str) -> None:
    key = latin_phonetic_key(word)
    assert key == latin_phonetic_key(word.upper()) == latin_phonetic_key(word.lower())
    assert key == "" or (key.isascii() and key.isalpha() and key.islower())

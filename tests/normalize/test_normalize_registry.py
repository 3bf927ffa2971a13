"""The ``normalize(kind, text)`` registry behind ``tipgraph normalize KIND``."""

from __future__ import annotations

import json
import pickle

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.normalize import KINDS, NormalizationError, normalize


def test_kinds() -> None:
    assert KINDS == ("name", "national-id", "passport", "phone", "account", "plate", "date", "place")


@pytest.mark.parametrize(
    ("kind", "raw", "expected"),
    [
        ("national-id", "1-1037-02071-83-8", "1103702071838"),
        ("phone", "081-234-5678", "+66812345678"),
        ("date", "7 มี.ค. 2528", "1985-03-07"),
        ("passport", "MMR:MA123456", {"number": "MA123456", "country": "MMR", "key": "MMR:MA123456"}),
        ("account", "KBANK 123-4-56789-0", {"bank_code": "004", "number": "1234567890", "key": "004:1234567890"}),
        (
            "plate",
            "1กข 1234 กทม.",
            {"plate": "1กข1234", "province_code": "10", "province": "กรุงเทพมหานคร", "key": "10:1กข1234"},
        ),
        ("place", "จ.เชียงใหม่", {"kind": "province", "code": "50", "name_th": "เชียงใหม่", "name_en": "Chiang Mai"}),
    ],
)
def test_values(kind: str, raw: str, expected: object) -> None:
    assert normalize(kind, raw) == expected


def test_name_is_a_json_object_with_keys_as_lists() -> None:
    value = normalize("name", "นายสมชาย ใจดี")
    assert isinstance(value, dict)
    assert {
        "title": "นาย",
        "given": "สมชาย",
        "family": "ใจดี",
        "canonical": "สมชาย ใจดี",
        "latin": "somchai chaidi",
    }.items() <= value.items()
    assert value["latin_key"] == ["somjai", "jaidi"]
    assert set(value) >= {"consonant_key", "thai_keys", "sorted_key", "script"}


@pytest.mark.parametrize(
    ("kind", "raw"),
    [
        ("name", "Somchai Jaidee"),
        ("national-id", "1103702071838"),
        ("passport", "MA123456"),
        ("phone", "0812345678"),
        ("account", "1234567890"),
        ("plate", "กข 1234"),
        ("date", "2024-03-07"),
        ("place", "Laos"),
    ],
)
def test_every_kind_is_json_serialisable(kind: str, raw: str) -> None:
    value = normalize(kind, raw)
    assert json.loads(json.dumps(value, ensure_ascii=False)) == value


@pytest.mark.parametrize(
    ("kind", "raw", "reason"),
    [
        ("name", "", "empty"),
        ("national-id", "1103702071831", "checksum"),
        ("phone", "12", "format"),
        ("account", "Foo Bank 1234567890", "unknown_bank"),
        ("plate", "กข 1 Atlantis", "unknown_province"),
        ("date", "31/2/2528", "range"),
        ("place", "Atlantis", "unknown_place"),
        ("passport", "X", "format"),
    ],
)
def test_failures_carry_a_reason(kind: str, raw: str, reason: str) -> None:
    with pytest.raises(NormalizationError) as caught:
        normalize(kind, raw)
    assert caught.value.reason == reason
    assert str(caught.value)  # a human message too


def test_unknown_kind_is_a_caller_error_not_bad_data() -> None:
    with pytest.raises(ValueError, match="unknown kind") as caught:
        normalize("email", "a@b.c")
    assert not isinstance(caught.value, NormalizationError)


def test_errors_survive_pickling_for_worker_processes() -> None:
    error = NormalizationError("checksum", "check digit should be 8")
    copy = pickle.loads(pickle.dumps(error))
    assert (copy.reason, str(copy)) == ("checksum", "check digit should be 8")


RAW_PIECES = st.sampled_from(
    list("0123456789๐๑๒๓ -/.:+(),กขคงมยรลศสอาิีเแโนทพะั่้ำ")
    + list("ABKMNRTXabkmr")
    + ["\u200b", "ม.ค.", "พ.ศ.", "KBANK", "กทม."]
)


@pytest.mark.parametrize("kind", KINDS)
@settings(max_examples=150, deadline=None, database=None)
@given(text=st.lists(RAW_PIECES, max_size=20).map("".join))
def test_any_input_gives_json_or_a_normalization_error(kind: str, text: str) -> None:
    """Ingest feeds whole columns through normalize(); a stray cell must never
    crash it with anything but NormalizationError."""
    try:
        value = normalize(kind, text)
    except NormalizationError as error:
        assert error.reason
        return
    json.dumps(value)

"""Bank accounts: bank codes and digits."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.normalize.account import BankAccount, normalize_account
from ingest.normalize.errors import NormalizationError

PROPERTY = settings(max_examples=150, deadline=None, database=None)

THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")


@pytest.mark.parametrize(
    ("name", "code"),
    [
        # Bank of Thailand bank codes
        ("BBL", "002"),
        ("Bangkok Bank", "002"),
        ("ธนาคารกรุงเทพ", "002"),
        ("KBANK", "004"),
        ("Kasikornbank", "004"),
        ("กสิกรไทย", "004"),
        ("ธ.กสิกรไทย", "004"),
        ("KTB", "006"),
        ("Krungthai", "006"),
        ("กรุงไทย", "006"),
        ("TTB", "011"),
        ("TMB", "011"),
        ("ทหารไทยธนชาต", "011"),
        ("SCB", "014"),
        ("ไทยพาณิชย์", "014"),
        ("ธนาคารไทยพาณิชย์ จำกัด (มหาชน)", "014"),
        ("BAY", "025"),
        ("Krungsri", "025"),
        ("กรุงศรีอยุธยา", "025"),
        ("Bank of Ayudhya", "025"),
        ("GSB", "030"),
        ("ออมสิน", "030"),
        ("ธนาคารออมสิน", "030"),
        ("BAAC", "034"),
        ("ธ.ก.ส.", "034"),
        ("ธกส", "034"),
    ],
)
def test_bank_names_map_to_bot_codes(name: str, code: str) -> None:
    number = "123456789012" if code in {"030", "034"} else "1234567890"
    assert normalize_account(f"{name} {number}").bank_code == code


@pytest.mark.parametrize(
    "raw",
    [
        "KBANK 123-4-56789-0",
        "kbank 1234567890",
        "004-1234567890",
        "004 123-4-56789-0",
        "0041234567890",
        "004:1234567890",
        "กสิกรไทย ๑๒๓-๔-๕๖๗๘๙-๐",
        "ธนาคารกสิกรไทย เลขที่บัญชี 123-4-56789-0",
        "ธ.กสิกรไทย สาขาสีลม 123-4-56789-0",
        "Kasikorn Bank A/C No. 123-4-56789-0",
        "123-4-56789-0 KBANK",
    ],
)
def test_one_kbank_account_many_ways(raw: str) -> None:
    account = normalize_account(raw)
    assert account == BankAccount("004", "1234567890")
    assert account.key == "004:1234567890"


def test_without_a_bank_the_key_is_the_number() -> None:
    account = normalize_account("123-4-56789-0")
    assert account == BankAccount(None, "1234567890")
    assert account.key == "1234567890"


def test_digits_that_merely_start_like_a_bank_code_stay_whole() -> None:
    # A ten-digit account starting 002: no separator after the "code", and the
    # whole run is a valid account length.
    assert normalize_account("0021234567") == BankAccount(None, "0021234567")
    assert normalize_account("SCB 002-1-23456-7") == BankAccount("014", "0021234567")


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("", "empty"),
        ("KBANK", "format"),  # no digits
        ("KBANK 12345", "format"),  # KBANK accounts have ten digits
        ("ออมสิน 1234567890", "format"),  # GSB accounts have twelve
        ("1234567", "format"),
        ("123-4-56789-0 / 987-6-54321-0", "format"),  # two accounts
        ("Bank of Atlantis 1234567890", "unknown_bank"),
        ("014-1234567890 KBANK", "format"),  # code and name disagree, so 13 digits remain
    ],
)
def test_rejects(raw: str, reason: str) -> None:
    with pytest.raises(NormalizationError) as caught:
        normalize_account(raw)
    assert caught.value.reason == reason


TEN_DIGIT_BANKS = {"KBANK": "004", "SCB": "014", "กรุงเทพ": "002", "กรุงไทย": "006", "กรุงศรี": "025", "TTB": "011"}


@PROPERTY
@given(
    st.from_regex(r"[0-9]{10}", fullmatch=True),
    st.sampled_from(sorted(TEN_DIGIT_BANKS)),
    st.sampled_from(("name", "code", "both")),
    st.booleans(),
)
def test_layouts_of_one_account_meet(number: str, bank: str, label: str, thai_digits: bool) -> None:
    dashed = f"{number[:3]}-{number[3]}-{number[4:9]}-{number[9]}"
    if thai_digits:
        dashed = dashed.translate(THAI_DIGITS)
    code = TEN_DIGIT_BANKS[bank]
    written = {"name": f"{bank} {dashed}", "code": f"{code}-{dashed}", "both": f"ธนาคาร{bank} {code}-{number}"}[label]
    account = normalize_account(written)
    assert account == BankAccount(code, number)
    assert normalize_account(account.key) == account

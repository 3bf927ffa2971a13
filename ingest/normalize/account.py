"""Bank accounts, the backbone of AMLO money-trail analysis.

Statements, freeze orders and victims' transfer slips write one mule account as
"KBANK 123-4-56789-0", "ธ.กสิกรไทย 1234567890", "004-1234567890" or with Thai
digits. The account becomes (Bank of Thailand bank code, digits). A number is
only unique within its bank, but records often omit the bank, so ``key`` has
the code when known and the resolver can always fall back to ``number``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from ingest.normalize.errors import NormalizationError
from ingest.normalize.text import clean, compact


@dataclass(frozen=True, slots=True)
class BankAccount:
    bank_code: str | None
    number: str

    @property
    def key(self) -> str:
        return f"{self.bank_code}:{self.number}" if self.bank_code else self.number


@dataclass(frozen=True, slots=True)
class _Bank:
    """A bank's Bank of Thailand code, its names and abbreviations, and its
    account number lengths where we know them for certain."""

    code: str
    names: tuple[str, ...]
    lengths: frozenset[int] | None = None


_TEN: Final = frozenset({10})
_TWELVE: Final = frozenset({12})

_BANKS: Final[tuple[_Bank, ...]] = (
    _Bank("002", ("BBL", "Bangkok Bank", "Bualuang", "กรุงเทพ", "บัวหลวง"), _TEN),
    _Bank("004", ("KBANK", "KBank", "Kasikorn", "Kasikornbank", "Kasikorn Thai", "กสิกร", "กสิกรไทย"), _TEN),
    _Bank("006", ("KTB", "Krungthai", "Krung Thai", "กรุงไทย"), _TEN),
    # TMB and Thanachart merged into TTB (TMBThanachart) in 2021 under TMB's code.
    _Bank("011", ("TTB", "TMB", "TMBThanachart", "Thanachart", "ทหารไทย", "ธนชาต", "ทหารไทยธนชาต", "ทีเอ็มบีธนชาต"), _TEN),
    _Bank("014", ("SCB", "Siam Commercial", "ไทยพาณิชย์"), _TEN),
    _Bank("022", ("CIMB", "CIMB Thai", "ซีไอเอ็มบี", "ซีไอเอ็มบีไทย"), _TEN),
    _Bank("024", ("UOB", "ยูโอบี"), _TEN),
    _Bank("025", ("BAY", "Krungsri", "Bank of Ayudhya", "Krungsri Ayudhya", "กรุงศรี", "กรุงศรีอยุธยา"), _TEN),
    _Bank("030", ("GSB", "Government Savings", "ออมสิน"), _TWELVE),
    _Bank("033", ("GHB", "Government Housing", "ธ.อ.ส.", "ธอส", "อาคารสงเคราะห์")),
    _Bank("034", ("BAAC", "ธ.ก.ส.", "ธกส", "เพื่อการเกษตรและสหกรณ์การเกษตร"), _TWELVE),
    _Bank("066", ("ibank", "Islamic Bank of Thailand", "อิสลาม", "อิสลามแห่งประเทศไทย")),
    _Bank("067", ("TISCO", "ทิสโก้"), _TEN),
    _Bank("069", ("KKP", "Kiatnakin", "Kiatnakin Phatra", "เกียรตินาคิน", "เกียรตินาคินภัทร"), _TEN),
    _Bank("073", ("LH Bank", "LHB", "Land and Houses", "แลนด์ แอนด์ เฮ้าส์"), _TEN),
)

# Without a known bank we only insist on a plausible run of digits; foreign and
# e-money accounts are longer than Thai bank accounts.
_ANY_LENGTH: Final = range(8, 21)

# Words around a bank name that say what it is, not which bank: "ธนาคาร",
# "เลขที่บัญชี ออมทรัพย์", "Bank", "A/C No.", "PCL". Everything from "สาขา" /
# "branch" on names a branch.
_NOISE: Final = re.compile(
    r"(?:สาขา|\bbranch\b).*$"
    r"|ธนาคาร|ธ\.|บัญชี|เลขที่|เลข|ออมทรัพย์|กระแสรายวัน|ฝากประจำ|จำกัด|มหาชน|บมจ\.?"
    r"|\b(?:bank|account|acct|acc|a/c|no|number|savings?|current|pcl|public|company|limited|ltd|co|of|the)\b",
    re.IGNORECASE,
)


def _bank_key(label: str) -> str:
    return compact(_NOISE.sub(" ", label.casefold()))


def _index_banks() -> dict[str, _Bank]:
    by_key: dict[str, _Bank] = {}
    for bank in _BANKS:
        for name in bank.names:
            if by_key.setdefault(_bank_key(name), bank) is not bank:
                raise RuntimeError(f"bank name {name!r} is ambiguous")
    return by_key


_BANK_BY_KEY: Final = _index_banks()
_BANK_BY_CODE: Final[dict[str, _Bank]] = {bank.code: bank for bank in _BANKS}

# The account number: digits possibly broken by dashes, spaces or dots, or by
# the colon of a "004:1234567890" key.
_DIGIT_RUN: Final = re.compile(r"\d(?:[\d\s.:\-]*\d)?")


def _valid_length(bank: _Bank | None, number: str) -> bool:
    lengths = bank.lengths if bank and bank.lengths else _ANY_LENGTH
    return len(number) in lengths


def _split_bank_code(run: str, bank: _Bank | None) -> tuple[_Bank | None, str]:
    """Take a leading bank code off "004-1234567890" or "0041234567890".

    Only when the first three digits are a known code that agrees with any bank
    named, what follows has that bank's account length, and either a separator
    follows the code or the whole run is too long to be that bank's account.
    So an account "002-1-23456-7", ten digits in all, stays whole.
    """
    digits = re.sub(r"\D", "", run)
    prefixed = _BANK_BY_CODE.get(digits[:3])
    if prefixed is None or prefixed.lengths is None or bank not in (None, prefixed):
        return bank, digits
    rest = digits[3:]
    code_separated = not run[3:4].isdigit()
    if len(rest) in prefixed.lengths and (code_separated or len(digits) not in prefixed.lengths):
        return prefixed, rest
    return bank, digits


def normalize_account(text: str) -> BankAccount:
    """Bank code (when named or prefixed) and account digits."""
    cleaned = clean(text)
    if not cleaned:
        raise NormalizationError("empty", "no account given")
    runs = _DIGIT_RUN.findall(cleaned)
    if len(runs) != 1:
        raise NormalizationError("format", "an account has one run of digits" if runs else "an account needs digits")
    label = _bank_key(_DIGIT_RUN.sub(" ", cleaned))
    bank = _BANK_BY_KEY.get(label) if label else None
    if label and bank is None:
        raise NormalizationError("unknown_bank", f"unknown bank: {text!r}")
    bank, number = _split_bank_code(runs[0], bank)
    if not _valid_length(bank, number):
        raise NormalizationError(
            "format", f"{len(number)} digits is not an account number length{' of bank ' + bank.code if bank else ''}"
        )
    return BankAccount(bank.code if bank else None, number)

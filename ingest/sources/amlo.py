"""AMLO exports: account holders (one row per account) and transactions (one row per transfer)."""

from __future__ import annotations

from typing import ClassVar

from graph.schema import AgencyCode, Rel
from ingest.normalize import (
    BankAccount,
    normalize_account,
    normalize_date,
    normalize_moment,
    normalize_national_id,
    normalize_passport,
)
from ingest.resolve.records import PersonRecord
from ingest.sources import things
from ingest.sources.amounts import amount
from ingest.sources.base import PERSON, Adapter, Link, Parsed, RowError, SourceRow


class AmloAccounts(Adapter):
    source = "amlo-accounts"
    agency = AgencyCode.AMLO
    required = ("bank", "account_no", "holder_name")
    key_columns = ("bank", "account_no", "holder_name")
    aliases: ClassVar[dict[str, str]] = {
        "ธนาคาร": "bank", "เลขที่บัญชี": "account_no", "ชื่อเจ้าของบัญชี": "holder_name",
        "เลขประจำตัวประชาชน": "holder_id", "หนังสือเดินทาง": "holder_passport", "วันเกิด": "holder_dob",
        "วันเปิดบัญชี": "opened_on", "วันปิดบัญชี": "closed_on",
    }

    def parse(self, row: SourceRow) -> Parsed:
        account = _account(self, row, "bank", "account_no")
        self.required_cell(row, "holder_name")
        nid = self.normalised(row, "holder_id", normalize_national_id)
        document = self.normalised(row, "holder_passport", normalize_passport)
        self.normalised(row, "holder_dob", normalize_date)
        opened = self.normalised(row, "opened_on", normalize_date)
        closed = self.normalised(row, "closed_on", normalize_date)
        held = things.bank_account(account)
        documents, document_links = things.held_documents(nid, document)
        found = [held, *documents]
        links = [Link(Rel.HOLDS, PERSON, held.id, {
            "opened_on": opened.isoformat() if opened else None, "closed_on": closed.isoformat() if closed else None}),
            *document_links]
        person = PersonRecord(
            record_id=row.record_id, agency=self.agency, name=row.raw["holder_name"], dob=row.raw.get("holder_dob", ""),
            national_id=str(nid or ""), passport=document.key if document else "",
        )
        return Parsed(person=person, things=tuple(found), links=tuple(links))


class AmloTransfers(Adapter):
    source = "amlo-transfers"
    agency = AgencyCode.AMLO
    required = ("reference", "from_bank", "from_account", "to_bank", "to_account", "amount", "at")
    key_columns = ("reference",)
    aliases: ClassVar[dict[str, str]] = {
        "เลขอ้างอิง": "reference", "ธนาคารต้นทาง": "from_bank", "บัญชีต้นทาง": "from_account",
        "ธนาคารปลายทาง": "to_bank", "บัญชีปลายทาง": "to_account", "จำนวนเงิน": "amount", "สกุลเงิน": "currency",
        "วันเวลา": "at",
    }

    def parse(self, row: SourceRow) -> Parsed:
        reference = self.required_cell(row, "reference")
        sender = things.bank_account(_account(self, row, "from_bank", "from_account"))
        receiver = things.bank_account(_account(self, row, "to_bank", "to_account"))
        self.required_cell(row, "amount")
        value = amount(self, row, "amount")
        if not value:
            raise RowError("amount", "a transfer of nothing: the amount must be positive")
        self.required_cell(row, "at")
        at = self.normalised(row, "at", normalize_moment)
        transfer = Link(Rel.TRANSFERRED, sender.id, receiver.id, {
            "reference": reference, "amount": value, "currency": row.raw.get("currency") or "THB",
            "at": at,
        })
        return Parsed(things=(sender, receiver), links=(transfer,))


def _account(adapter: Adapter, row: SourceRow, bank_column: str, number_column: str) -> BankAccount:
    """The account a bank cell and a number cell name together (both required)."""
    bank = adapter.required_cell(row, bank_column)
    adapter.required_cell(row, number_column)
    account = adapter.normalised(row, number_column, lambda text: normalize_account(f"{bank} {text}"))
    assert isinstance(account, BankAccount)  # the cell is not empty: required_cell checked it
    return account

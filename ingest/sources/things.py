"""The non-person entities rows name, built from normalised values with stable ids.

An id is derived from the natural key alone, so that every agency's mention of the
same phone, account, plate or document lands on the same node.
"""

from __future__ import annotations

from graph.schema import Label, Rel
from ingest.normalize import BankAccount, Passport, Place, Plate
from ingest.sources.base import PERSON, Link, Thing


def phone(number: str) -> Thing:
    return Thing(Label.PHONE, f"phone:{number}", {"number": number})


def national_id(number: str) -> Thing:
    return Thing(Label.IDENTITY_DOCUMENT, f"nid:{number}", {"kind": "national_id", "number": number})


def passport(document: Passport) -> Thing:
    return Thing(Label.IDENTITY_DOCUMENT, f"passport:{document.key}",
                 {"kind": "passport", "number": document.key, "country": document.country})


def held_documents(national_id_number: object | None,
                   passport_document: Passport | None) -> tuple[list[Thing], list[Link]]:
    """The identity documents a row gives for its person, and the person's HAS_DOCUMENT links."""
    documents = [national_id(str(national_id_number))] if national_id_number else []
    if passport_document:
        documents.append(passport(passport_document))
    return documents, [Link(Rel.HAS_DOCUMENT, PERSON, document.id) for document in documents]


def bank_account(account: BankAccount) -> Thing:
    bank = account.bank_code or ""
    return Thing(Label.BANK_ACCOUNT, f"account:{bank}:{account.number}", {"bank_code": bank, "number": account.number})


def vehicle(plate: Plate) -> Thing:
    province = plate.province_code or ""
    return Thing(Label.VEHICLE, f"vehicle:{province}:{plate.plate}",
                 {"plate": plate.plate, "province": province, "province_name": plate.province})


def location(place: Place) -> Thing:
    return Thing(Label.LOCATION, f"{place.kind}:{place.code}",
                 {"kind": place.kind, "code": place.code, "name_th": place.name_th, "name_en": place.name_en})


def address(text: str) -> Thing:
    """An address keyed by its cleaned text (spaces and case folded)."""
    key = " ".join(text.casefold().split())
    return Thing(Label.ADDRESS, f"address:{key}", {"key": key, "text": text})


def case(agency: str, number: str, properties: dict[str, object]) -> Thing:
    return Thing(Label.CASE, f"case:{agency}:{number}", properties)

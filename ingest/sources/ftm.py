"""FollowTheMoney entities, one JSON object per line, as OpenSanctions and Aleph export them.

With these, suspects are resolved against leak and sanctions data: an FtM Person is a
person statement like any agency's. Companies and organisations become
`Organization` nodes, addresses `Address` nodes, and payments `PAID` links between
the parties (in FtM a payment names its payer and beneficiary by entity id, so the
file is read whole to connect them). Schemas not listed here are quarantined, not
dropped.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from graph.schema import AgencyCode, Label, Rel
from ingest.normalize import normalize_date
from ingest.resolve.records import PersonRecord
from ingest.sources import things
from ingest.sources.amounts import normalize_amount
from ingest.sources.base import PERSON, Adapter, FileError, Link, Parsed, RowError, SourceRow, Thing, node_of

PARTIES = ("Person", "Company", "Organization", "LegalEntity")


class FollowTheMoney(Adapter):
    source = "ftm"
    agency = AgencyCode.PUBLIC
    required = ()
    key_columns = ("id",)

    def rows(self, path: Path) -> Iterator[SourceRow]:
        """Rows with cross-references filled in: a party's address text, and the parties of a
        payment that the file holds (their links find them after resolution)."""
        entities = list(_entities(path))
        by_id = {entity["id"]: entity for entity in entities}
        for number, entity in enumerate(entities, start=1):
            yield self._row(path, number, entity, {**_address_of(entity, by_id), **_parties(entity, by_id)})

    def _row(self, path: Path, number: int, entity: dict, extra: dict[str, str]) -> SourceRow:
        raw = {"id": entity["id"], "schema": entity["schema"],
               "properties": json.dumps(entity["properties"], ensure_ascii=False, sort_keys=True), **extra}
        return SourceRow(self.source, self.agency, path.name, number, _key(path.name, entity["id"]), raw)

    def parse(self, row: SourceRow) -> Parsed:
        schema = row.raw["schema"]
        properties = json.loads(row.raw["properties"])
        if schema == "Person":
            return self._person(row, properties)
        if schema in PARTIES:
            return Parsed(things=(_organization(row.raw["id"], schema, properties, row.raw.get("address", "")),))
        if schema == "Address":
            text = _first(properties, "full")
            if not text:
                raise RowError("full", "an Address without its full text")
            return Parsed(things=(things.address(text),))
        if schema == "Payment":
            return self._payment(row, properties)
        raise RowError("schema", f"unsupported FollowTheMoney schema {schema!r}")

    def _person(self, row: SourceRow, properties: dict[str, list[str]]) -> Parsed:
        name = _first(properties, "name")
        if not name:
            raise RowError("name", "missing")
        dob = _first(properties, "birthDate")
        self.checked("birthDate", dob, normalize_date)
        address = row.raw.get("address", "")
        person = PersonRecord(record_id=row.record_id, agency=self.agency, name=name, dob=dob,
                              nationality=_first(properties, "nationality") or _first(properties, "country"),
                              passport=_first(properties, "passportNumber"), address=address)
        if not address:
            return Parsed(person=person)
        home = things.address(address)
        return Parsed(person=person, things=(home,), links=(Link(Rel.LIVES_AT, PERSON, home.id),))

    def _payment(self, row: SourceRow, properties: dict[str, list[str]]) -> Parsed:
        ends = []
        for side in ("payer", "beneficiary"):
            party = row.raw.get(side)
            if not party:
                raise RowError(side, f"the {side} is not an entity of this file")
            # the party's person if its row is a Person, else its Organization
            ends.append(node_of(self.source, _key(row.file, party), _organization_id(party)))
        currency = "EUR" if "amountEur" in properties else _first(properties, "currency") or "unknown"
        value = self.checked("amount", _first(properties, "amountEur") or _first(properties, "amount"),
                             normalize_amount)
        if value is None:
            raise RowError("amount", "missing")
        date = _first(properties, "date")
        return Parsed(links=(Link(Rel.PAID, ends[0], ends[1], {
            "amount": float(value), "currency": currency, "at": date or None, "reference": row.raw["id"]}),))


def _address_of(entity: dict, by_id: dict[str, dict]) -> dict[str, str]:
    """The text of the Address entity a party points at, if the file holds it."""
    address = next((by_id[a] for a in entity["properties"].get("addressEntity", []) if a in by_id), None)
    if address is None:
        return {}
    parts = address["properties"]
    return {"address": _first(parts, "full") or " ".join(p for p in (_first(parts, "street"), _first(parts, "city")) if p)}


def _parties(entity: dict, by_id: dict[str, dict]) -> dict[str, str]:
    """A payment's payer and beneficiary, where the file holds them."""
    if entity["schema"] != "Payment":
        return {}
    parties = {side: next((p for p in entity["properties"].get(side, []) if p in by_id), "")
               for side in ("payer", "beneficiary")}
    return {side: party for side, party in parties.items() if party}


def _key(file: str, ftm_id: str) -> str:
    """A row's key: the entity id within its file."""
    return f"{file}:{ftm_id}"


def _entities(path: Path) -> Iterator[dict]:
    """The file's entities, one JSON object a line. Lines end at a newline only: a name may
    hold a line separator (U+2028) that ``splitlines`` would cut it at."""
    try:
        lines = path.read_text(encoding="utf-8-sig").split("\n")
    except UnicodeDecodeError as error:
        raise FileError(f"{path}: not UTF-8 ({error.reason} at byte {error.start})") from None
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            entity = json.loads(line)
        except json.JSONDecodeError as error:
            raise FileError(f"{path}: line {number}: not JSON ({error.msg})") from None
        if not (isinstance(entity, dict) and {"id", "schema"} <= entity.keys()):
            raise FileError(f"{path}: line {number}: not a FollowTheMoney entity (it needs id and schema)")
        entity["properties"] = _properties(path, number, entity.get("properties"))
        yield entity


def _properties(path: Path, number: int, properties: object) -> dict[str, list[str]]:
    """An entity's properties as FollowTheMoney writes them: each a list of strings. Anything
    else is refused with the line and the property: read as it is, a string would give its
    first letter as the value (a person named "A"), and a number would stop the run."""
    if properties is None:
        return {}
    if not isinstance(properties, dict):
        raise FileError(f"{path}: line {number}: properties must be an object, got {json.dumps(properties)[:60]}")
    for name, values in properties.items():
        if not (isinstance(values, list) and all(isinstance(value, str) for value in values)):
            raise FileError(f"{path}: line {number}: property {name!r} must be a list of strings, "
                            f"got {json.dumps(values, ensure_ascii=False)[:60]}")
    return properties


def _first(properties: dict[str, list[str]], name: str) -> str:
    values = properties.get(name) or [""]
    return values[0].strip()


def _organization_id(ftm_id: str) -> str:
    return f"org:ftm:{ftm_id}"


def _organization(ftm_id: str, schema: str, properties: dict[str, list[str]], address: str) -> Thing:
    return Thing(Label.ORGANIZATION, _organization_id(ftm_id), {
        "name": _first(properties, "name"), "names": properties.get("name", []), "kind": schema.lower(),
        "country": _first(properties, "country") or None, "address": address or None,
        "registration_number": _first(properties, "registrationNumber") or None,
    })

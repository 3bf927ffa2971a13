"""ICIJ Offshore Leaks database CSV files: offshore entities, officers, intermediaries,
addresses and the relationships between them.

ICIJ publishes one file per node kind (`nodes-entities.csv`, `nodes-officers.csv`,
`nodes-intermediaries.csv`, `nodes-addresses.csv`) and `relationships.csv`, all keyed
by a node id unique across the files; the file's name says which kind it holds.
Officers are people: they are resolved with the agencies' people, so that a suspect
who directs an offshore company is found. Entities and intermediaries become
`Organization` nodes, addresses `Address` nodes (keyed by node id: ICIJ addresses are
free text). Relationships name their ends by node id, which may be an officer (a
person, known only after resolution) or any other node.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

from graph.schema import AgencyCode, Label, Rel
from ingest.resolve.records import PersonRecord
from ingest.sources.base import Adapter, FileError, Link, Parsed, RowError, SourceRow, Thing, node_of

KINDS: dict[str, tuple[str, ...]] = {  # file name -> required columns
    "nodes-entities": ("node_id", "name"),
    "nodes-officers": ("node_id", "name"),
    "nodes-intermediaries": ("node_id", "name"),
    "nodes-addresses": ("node_id", "address"),
    "relationships": ("node_id_start", "node_id_end", "rel_type"),
}
RELATIONSHIPS: dict[str, Rel] = {
    "officer_of": Rel.OFFICER_OF, "intermediary_of": Rel.INTERMEDIARY_OF, "registered_address": Rel.REGISTERED_AT,
}


class IcijOffshoreLeaks(Adapter):
    source = "icij"
    agency = AgencyCode.PUBLIC
    required = ()
    key_columns = ("node_id",)
    kind_column: ClassVar[str] = "icij_file"

    def rows(self, path: Path) -> Iterator[SourceRow]:
        kind = path.stem
        if kind not in KINDS:
            raise FileError(f"{path}: not an ICIJ Offshore Leaks file; expected one of "
                            f"{', '.join(name + '.csv' for name in KINDS)}")
        # An officer may be a shareholder and a director of one entity: the link is part of the key.
        keys = ("node_id_start", "node_id_end", "rel_type", "link") if kind == "relationships" else ("node_id",)
        for row in self.read_csv(path, KINDS[kind], keys):
            yield dataclasses.replace(row, raw={**row.raw, self.kind_column: kind})

    def parse(self, row: SourceRow) -> Parsed:
        kind = row.raw[self.kind_column]
        if kind == "relationships":
            return _relationship(self, row)
        node = self.required_cell(row, "node_id")
        if kind == "nodes-officers":
            name = self.required_cell(row, "name")
            person = PersonRecord(record_id=row.record_id, agency=self.agency, name=name,
                                  nationality=row.raw.get("country_codes", "").split(";")[0])
            return Parsed(person=person)
        if kind == "nodes-addresses":
            text = self.required_cell(row, "address")
            return Parsed(things=(Thing(Label.ADDRESS, _thing_id(node), {
                "key": _thing_id(node), "text": text, "countries": row.raw.get("countries") or None}),))
        name = self.required_cell(row, "name")
        return Parsed(things=(Thing(Label.ORGANIZATION, _thing_id(node), {
            "name": name, "names": [name], "kind": "intermediary" if kind == "nodes-intermediaries" else "offshore entity",
            "jurisdiction": row.raw.get("jurisdiction_description") or row.raw.get("jurisdiction") or None,
            "incorporation_date": row.raw.get("incorporation_date") or None, "status": row.raw.get("status") or None,
            "countries": row.raw.get("countries") or None, "leak": row.raw.get("sourceID") or None,
        }),))


def _thing_id(node: str) -> str:
    return f"icij:{node}"


def _relationship(adapter: Adapter, row: SourceRow) -> Parsed:
    start, end = adapter.required_cell(row, "node_id_start"), adapter.required_cell(row, "node_id_end")
    rel_type = adapter.required_cell(row, "rel_type").casefold()
    if start == end:
        raise RowError("node_id_end", "a node related to itself")
    rel = RELATIONSHIPS.get(rel_type, Rel.CONNECTED_TO)
    properties = {"icij_rel_type": rel_type, "link": row.raw.get("link") or None,
                  "start_date": row.raw.get("start_date") or None, "end_date": row.raw.get("end_date") or None}
    return Parsed(links=(Link(rel, node_of(adapter.source, start, _thing_id(start)),
                              node_of(adapter.source, end, _thing_id(end)), properties),))

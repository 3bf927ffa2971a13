"""Constraints and indexes of the graph, applied idempotently (`tipgraph db init`).

Each definition has a fixed name, so that `SHOW CONSTRAINTS` / `SHOW INDEXES` can be
compared with this module, and `IF NOT EXISTS` makes a second run a no-op.
Schema statements cannot take parameters; every name and label below is a constant
of this module, never user input.
"""

from __future__ import annotations

from dataclasses import dataclass

from neo4j import Driver

from graph.schema import ENTITY_LABELS, Label, Rel


@dataclass(frozen=True)
class Uniqueness:
    """A uniqueness constraint on one label over one or more properties."""

    name: str
    label: Label
    properties: tuple[str, ...]

    def ddl(self) -> str:
        keys = ", ".join(f"n.{prop}" for prop in self.properties)
        target = keys if len(self.properties) == 1 else f"({keys})"
        return f"CREATE CONSTRAINT {self.name} IF NOT EXISTS FOR (n:{self.label}) REQUIRE {target} IS UNIQUE"


@dataclass(frozen=True)
class RangeIndex:
    """A range index on node (or, with ``rel`` set, relationship) properties used by lookups."""

    name: str
    properties: tuple[str, ...]
    label: Label | None = None
    rel: Rel | None = None

    def ddl(self) -> str:
        keys = ", ".join(f"x.{prop}" for prop in self.properties)
        pattern = f"()-[x:{self.rel}]-()" if self.rel else f"(x:{self.label})"
        return f"CREATE INDEX {self.name} IF NOT EXISTS FOR {pattern} ON ({keys})"


@dataclass(frozen=True)
class FullTextIndex:
    """A Lucene full-text index; the `thai` analyser splits Thai text into words."""

    name: str
    labels: tuple[Label, ...]
    properties: tuple[str, ...]
    analyzer: str

    def ddl(self) -> str:
        labels = "|".join(self.labels)
        keys = ", ".join(f"n.{prop}" for prop in self.properties)
        return (
            f"CREATE FULLTEXT INDEX {self.name} IF NOT EXISTS FOR (n:{labels}) ON EACH [{keys}] "
            f"OPTIONS {{indexConfig: {{`fulltext.analyzer`: '{self.analyzer}'}}}}"
        )


def _snake(label: Label) -> str:
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in label).lstrip("_")


ENTITY_IDS: tuple[Uniqueness, ...] = tuple(
    Uniqueness(f"{_snake(label)}_id", label, ("id",)) for label in ENTITY_LABELS
)

# Natural keys: the normalised values that identify a thing across agencies.
# Composite keys are enforced only where every property is set, so writers always
# set them (for example bank_code "" when the bank is unknown).
NATURAL_KEYS: tuple[Uniqueness, ...] = (
    Uniqueness("identity_document_key", Label.IDENTITY_DOCUMENT, ("kind", "number")),
    Uniqueness("bank_account_key", Label.BANK_ACCOUNT, ("bank_code", "number")),
    Uniqueness("vehicle_key", Label.VEHICLE, ("plate", "province")),
    Uniqueness("phone_key", Label.PHONE, ("number",)),
    Uniqueness("address_key", Label.ADDRESS, ("key",)),
    Uniqueness("agency_code", Label.AGENCY, ("code",)),
    Uniqueness("location_key", Label.LOCATION, ("kind", "code")),
)

CONSTRAINTS: tuple[Uniqueness, ...] = ENTITY_IDS + NATURAL_KEYS

# Only indexes that a statement seeks on: each costs every write of its label, and there
# are millions of source records (their row key for supersession; a record's id already
# holds its content hash).
RANGE_INDEXES: tuple[RangeIndex, ...] = (
    RangeIndex("case_police_no", ("police_case_no",), label=Label.CASE),
    RangeIndex("case_oag_no", ("oag_case_no",), label=Label.CASE),
    RangeIndex("case_black_no", ("court_black_no",), label=Label.CASE),
    RangeIndex("case_red_no", ("court_red_no",), label=Label.CASE),
    RangeIndex("person_dob", ("dob",), label=Label.PERSON),
    RangeIndex("source_record_row", ("source", "key"), label=Label.SOURCE_RECORD),
    RangeIndex("transferred_at", ("at",), rel=Rel.TRANSFERRED),
)

FULLTEXT_INDEXES: tuple[FullTextIndex, ...] = (
    FullTextIndex(
        "entity_names",
        (Label.PERSON, Label.ORGANIZATION),
        ("name", "name_th", "name_latin", "names", "name_keys"),
        analyzer="thai",
    ),
)


@dataclass(frozen=True)
class SchemaReport:
    """What `apply_schema` found: the names it created and those that already existed."""

    created: tuple[str, ...]
    existing: tuple[str, ...]


def expected_names() -> set[str]:
    return {d.name for d in (*CONSTRAINTS, *RANGE_INDEXES, *FULLTEXT_INDEXES)}


def present_names(driver: Driver, database: str) -> set[str]:
    """Names of all constraints and indexes in the database (constraint-backing indexes included)."""
    constraints = driver.execute_query("SHOW CONSTRAINTS YIELD name", database_=database).records
    indexes = driver.execute_query("SHOW INDEXES YIELD name", database_=database).records
    return {r["name"] for r in constraints} | {r["name"] for r in indexes}


def apply_schema(driver: Driver, database: str, index_timeout_s: int = 300) -> SchemaReport:
    """Create what is missing, then wait until every index is online."""
    before = present_names(driver, database)
    for definition in (*CONSTRAINTS, *RANGE_INDEXES, *FULLTEXT_INDEXES):
        driver.execute_query(definition.ddl(), database_=database)
    driver.execute_query("CALL db.awaitIndexes($timeout)", timeout=index_timeout_s, database_=database)
    names = sorted(expected_names())
    return SchemaReport(
        created=tuple(n for n in names if n not in before),
        existing=tuple(n for n in names if n in before),
    )


def drop_schema(driver: Driver, database: str) -> int:
    """Drop every constraint and every non-lookup index; returns how many were dropped."""
    dropped = 0
    for record in driver.execute_query("SHOW CONSTRAINTS YIELD name", database_=database).records:
        driver.execute_query(f"DROP CONSTRAINT `{_quoted(record['name'])}` IF EXISTS", database_=database)
        dropped += 1
    indexes = driver.execute_query(
        "SHOW INDEXES YIELD name, type WHERE type <> 'LOOKUP' RETURN name", database_=database
    ).records
    for record in indexes:
        driver.execute_query(f"DROP INDEX `{_quoted(record['name'])}` IF EXISTS", database_=database)
        dropped += 1
    return dropped


def _quoted(name: str) -> str:
    """Names come from the database itself; backticks inside are doubled as Cypher requires."""
    return name.replace("`", "``")

"""The entities of the graph model as GraphQL types, redacted for who is asking.

Every result of ``queries/`` names entities by ``EntityRef`` (id, labels, display name,
agencies). Here each becomes an object of the ``Entity`` interface, typed by its label
(``Person``, ``Case``, ``BankAccount`` ...), whose fields beyond the reference are read
only when a client asks for them, through the request's DataLoader (one round trip
for all the entities of a response, whatever their number).

Victim identities are redacted unless the caller may see them (``api.policy``): the
identity fields of a victim, and of the documents, phones and addresses that lead to a
victim, are null and ``redacted`` is true. The entity itself stays in the result, so the
shape of a network or a case is the same for every caller.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Any, Optional

import strawberry
from strawberry.scalars import JSON

from api.policy import VICTIM_IDENTITY, VICTIM_MENTIONS
from graph.schema import Label
from queries.base import EntityRef, Link as QueryLink

if TYPE_CHECKING:
    from api.schema.context import Context


@strawberry.interface(description="A node of the investigation graph: a person, case, account, phone, place ...")
class Entity:
    """The reference fields are decided when the object is made (``entity``), redaction
    included, and served as plain values: a resolver per field, for every entity of a
    long list, cost more than the query. Only the stored properties are read when asked."""

    ref: strawberry.Private[EntityRef]
    context: strawberry.Private[Any]  # the request's api.schema.context.Context
    id: strawberry.ID = strawberry.field(
        description="Stable id; for a redacted entity a digest of it (`redacted:...`), the same wherever the entity "
                    "appears, since ids are built from the values withheld.")
    labels: list[str] = strawberry.field(
        description="Neo4j labels: the kind and, for persons, their roles (Suspect, Victim, Broker).")
    agencies: list[str] = strawberry.field(description="The agencies whose records assert this entity.")
    name: Optional[str] = strawberry.field(
        description="A name for a reader: a person's name, a case number, a plate, a number; null when redacted.")
    redacted: bool = strawberry.field(description="True when victim-identifying fields were withheld from this caller.")

    @strawberry.field(description="Every stored property, less what this caller may not see.")
    async def properties(self) -> JSON:
        return await self._visible()

    async def _visible(self) -> dict[str, Any]:
        properties = dict(await self.context.properties(self.ref.id))
        if not self.context.caller.sees_victim_pii:
            hidden = VICTIM_MENTIONS | (VICTIM_IDENTITY if self.redacted else frozenset())
            properties = {name: value for name, value in properties.items() if name not in hidden}
        return properties


def _stated(name: str, kind: type, description: str | None = None) -> Any:
    """A field read from the entity's stored property ``name`` (null when redacted)."""
    async def resolve(self: Entity) -> Any:
        return (await self._visible()).get(name)

    resolve.__annotations__["return"] = Optional[kind]
    return strawberry.field(resolver=resolve, description=description)


@strawberry.type(description="A person after entity resolution: every name the agencies wrote, and the facts.")
class Person(Entity):
    names: Optional[list[str]] = _stated("names", list[str], "Every spelling seen, Thai and romanised.")
    name_th: Optional[str] = _stated("name_th", str)
    name_latin: Optional[str] = _stated("name_latin", str)
    dob: Optional[str] = _stated("dob", str, "Date of birth (ISO, Gregorian).")
    sex: Optional[str] = _stated("sex", str)
    nationality: Optional[str] = _stated("nationality", str, "ISO 3166 alpha-3.")
    source_records: Optional[int] = _stated("source_records", int, "How many current records were joined.")


@strawberry.type(description="A company, recruitment agency, vessel owner or shelter.")
class Organization(Entity):
    kind: Optional[str] = _stated("kind", str)
    registration_no: Optional[str] = _stated("registration_no", str)
    jurisdiction: Optional[str] = _stated("jurisdiction", str)


@strawberry.type(description="One case, under every agency's number for it.")
class Case(Entity):
    police_case_no: Optional[str] = _stated("police_case_no", str)
    rtp_case_no: Optional[str] = _stated("rtp_case_no", str)
    dsi_case_no: Optional[str] = _stated("dsi_case_no", str)
    oag_case_no: Optional[str] = _stated("oag_case_no", str)
    court_black_no: Optional[str] = _stated("court_black_no", str)
    court_red_no: Optional[str] = _stated("court_red_no", str)
    led_case_no: Optional[str] = _stated("led_case_no", str)


@strawberry.type(description="A court's judgment against one defendant, with the compensation ordered.")
class Judgment(Entity):
    verdict: Optional[str] = _stated("verdict", str)
    judged_on: Optional[str] = _stated("judged_on", str)
    court: Optional[str] = _stated("court", str)
    sentence_months: Optional[float] = _stated("sentence_months", float)
    fine_baht: Optional[float] = _stated("fine_baht", float)
    compensation_ordered_baht: Optional[float] = _stated("compensation_ordered_baht", float,
                                                         "One of the court's rows (a row per victim); "
                                                         "caseStatus and enforcementAssets add them up.")


@strawberry.type(description="A bank account, by Bank of Thailand bank code and normalised number.")
class BankAccount(Entity):
    bank_code: Optional[str] = _stated("bank_code", str)
    number: Optional[str] = _stated("number", str)


@strawberry.type(description="A vehicle, by plate and province of registration.")
class Vehicle(Entity):
    plate: Optional[str] = _stated("plate", str)
    province: Optional[str] = _stated("province", str)
    kind: Optional[str] = _stated("kind", str)


@strawberry.type(description="A phone number (E.164).")
class Phone(Entity):
    number: Optional[str] = _stated("number", str)


@strawberry.type(description="A national ID card or a passport.")
class IdentityDocument(Entity):
    kind: Optional[str] = _stated("kind", str)
    number: Optional[str] = _stated("number", str)
    country: Optional[str] = _stated("country", str)


@strawberry.type(description="An address, by its normalised key.")
class Address(Entity):
    text: Optional[str] = _stated("text", str)


@strawberry.type(description="A country, province or other place of the gazetteer.")
class Location(Entity):
    kind: Optional[str] = _stated("kind", str)
    code: Optional[str] = _stated("code", str)
    name_th: Optional[str] = _stated("name_th", str)
    name_en: Optional[str] = _stated("name_en", str)


ENTITY_TYPES: dict[Label, type[Entity]] = {
    Label.PERSON: Person, Label.ORGANIZATION: Organization, Label.CASE: Case, Label.JUDGMENT: Judgment,
    Label.BANK_ACCOUNT: BankAccount, Label.VEHICLE: Vehicle, Label.PHONE: Phone,
    Label.IDENTITY_DOCUMENT: IdentityDocument, Label.ADDRESS: Address, Label.LOCATION: Location,
}


@lru_cache(maxsize=256)
def _kind(labels: tuple[str, ...]) -> type[Entity]:
    """The GraphQL type of an entity with these labels (a few combinations recur)."""
    return next(ENTITY_TYPES[label] for label in ENTITY_TYPES if label in labels)


def entity(ref: EntityRef, context: Context) -> Entity:
    """The typed GraphQL object of ``ref``, as this caller may see it; the context records
    its id for the audit log."""
    context.returned.add(ref.id)
    kind = _kind(ref.labels)
    redacted = context.redacts(ref.id)
    return kind(ref=ref, context=context, id=strawberry.ID(context.shown_id(ref.id)), labels=list(ref.labels),
                agencies=list(ref.agencies), name=None if redacted else ref.name, redacted=redacted)


@strawberry.type(description="A relationship between two entities: every source record stating it, merged.")
class Link:
    type: str = strawberry.field(description="The relationship type: SUSPECT_IN, HAS_PHONE, TRANSFERRED ...")
    start: strawberry.ID = strawberry.field(description="Id of the start entity (as the entity shows it).")
    end: strawberry.ID = strawberry.field(description="Id of the end entity (as the entity shows it).")
    properties: JSON = strawberry.field(
        description="The properties every statement agrees on, and `assertions`: how many there are; less what "
                    "identifies a victim at either end.")
    agencies: list[str] = strawberry.field(description="The agencies of the source records stating it.")


def link(stated: QueryLink, context: Context) -> Link:
    """The GraphQL object of a link, its ends as this caller sees them."""
    properties = stated.properties
    if context.redacts(stated.start) or context.redacts(stated.end):
        properties = {name: value for name, value in properties.items() if name not in VICTIM_IDENTITY}
    return Link(type=stated.type, start=strawberry.ID(context.shown_id(stated.start)),
                end=strawberry.ID(context.shown_id(stated.end)), properties=properties,
                agencies=list(stated.agencies))

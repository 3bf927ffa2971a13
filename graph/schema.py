"""The graph model of design section 2, as named constants.

Everything that writes or reads the graph names labels and relationship types
through these enums, so that a typo is an AttributeError rather than an empty result.
"""

from __future__ import annotations

import enum


class Label(enum.StrEnum):
    """Node labels. Entities carry a stable ``id``; role labels qualify a Person."""

    PERSON = "Person"
    SUSPECT = "Suspect"
    VICTIM = "Victim"
    BROKER = "Broker"
    ORGANIZATION = "Organization"
    CASE = "Case"
    JUDGMENT = "Judgment"
    BANK_ACCOUNT = "BankAccount"
    VEHICLE = "Vehicle"
    PHONE = "Phone"
    IDENTITY_DOCUMENT = "IdentityDocument"
    ADDRESS = "Address"
    LOCATION = "Location"
    AGENCY = "Agency"
    SOURCE_RECORD = "SourceRecord"


# Labels of nodes that stand for one real-world thing (role labels excluded).
ENTITY_LABELS: tuple[Label, ...] = (
    Label.PERSON,
    Label.ORGANIZATION,
    Label.CASE,
    Label.JUDGMENT,
    Label.BANK_ACCOUNT,
    Label.VEHICLE,
    Label.PHONE,
    Label.IDENTITY_DOCUMENT,
    Label.ADDRESS,
    Label.LOCATION,
    Label.AGENCY,
    Label.SOURCE_RECORD,
)

ROLE_LABELS: tuple[Label, ...] = (Label.SUSPECT, Label.VICTIM, Label.BROKER)


class Rel(enum.StrEnum):
    """Relationship types, with the verbs of the domain."""

    SUSPECT_IN = "SUSPECT_IN"  # Person -> Case
    VICTIM_IN = "VICTIM_IN"  # Person -> Case
    BROKER_IN = "BROKER_IN"  # Person -> Case
    RECRUITED = "RECRUITED"  # Broker -> Victim (date, place)
    CO_OFFENDER = "CO_OFFENDER"  # Person - Person, derived from shared cases
    HOLDS = "HOLDS"  # Person/Organization -> BankAccount
    TRANSFERRED = "TRANSFERRED"  # BankAccount -> BankAccount, one per transaction
    OFFICER_OF = "OFFICER_OF"  # Person/Organization -> Organization (ICIJ: officer, director, shareholder...)
    INTERMEDIARY_OF = "INTERMEDIARY_OF"  # Organization -> Organization (ICIJ: the agent that set it up)
    REGISTERED_AT = "REGISTERED_AT"  # Organization/Person -> Address (ICIJ registered address)
    CONNECTED_TO = "CONNECTED_TO"  # any -> any, other ICIJ relationships, with their ICIJ type
    PAID = "PAID"  # Person/Organization -> Person/Organization, a payment without known accounts (FtM)
    OWNS = "OWNS"  # Person/Organization -> Vehicle
    USED_IN = "USED_IN"  # Vehicle/Phone/BankAccount -> Case
    HAS_PHONE = "HAS_PHONE"
    HAS_DOCUMENT = "HAS_DOCUMENT"
    LIVES_AT = "LIVES_AT"
    ORIGIN = "ORIGIN"  # Case/Victim -> Location
    TRANSIT = "TRANSIT"
    DESTINATION = "DESTINATION"
    EXPLOITED_AT = "EXPLOITED_AT"
    IN = "IN"  # Location -> Location (district IN province IN country)
    DECIDED = "DECIDED"  # Case -> Judgment
    AGAINST = "AGAINST"  # Judgment -> Person
    COMPENSATES = "COMPENSATES"  # Judgment -> Person
    FROM_SOURCE = "FROM_SOURCE"  # entity -> SourceRecord (score, reasons)
    SUPERSEDED_BY = "SUPERSEDED_BY"  # SourceRecord -> its corrected version
    NOT_SAME_AS = "NOT_SAME_AS"  # SourceRecord -> SourceRecord: a person decided these are two people
    SAME_AS = "SAME_AS"  # SourceRecord -> SourceRecord: a person decided these are one person
    MAYBE_SAME_AS = "MAYBE_SAME_AS"  # SourceRecord -> SourceRecord: a grey-zone pair for a person to decide


class AgencyCode(enum.StrEnum):
    """The agencies of the two memoranda; `Agency` nodes are keyed by these codes."""

    RTP = "RTP"
    DSI = "DSI"
    OAG = "OAG"
    COJ = "COJ"
    AMLO = "AMLO"
    PACC = "PACC"
    RLPD = "RLPD"
    DOPA = "DOPA"
    DGA = "DGA"
    MSDHS = "MSDHS"
    LED = "LED"
    DLT = "DLT"
    PUBLIC = "PUBLIC"  # public datasets: leaks and sanctions lists (ICIJ, OpenSanctions, Aleph)

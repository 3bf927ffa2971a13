"""Entity resolution: blocking, Fellegi-Sunter scoring and constrained clustering."""

from ingest.resolve.engine import Decision, PairDecision, Resolution, ResolveOptions, resolve
from ingest.resolve.records import PersonRecord, read_records

__all__ = ["Decision", "PairDecision", "PersonRecord", "Resolution", "ResolveOptions", "read_records", "resolve"]

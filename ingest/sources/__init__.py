"""Agency adapters, by source name (as `tipgraph ingest SOURCE` and the manifest name them)."""

from ingest.sources.amlo import AmloAccounts, AmloTransfers
from ingest.sources.base import Adapter, FileError, Parsed, RowError, SourceRow
from ingest.sources.case_file import CaseFile, DsiCaseFile
from ingest.sources.dopa import DopaRegistry

SOURCES: dict[str, Adapter] = {
    adapter.source: adapter for adapter in (DopaRegistry(), CaseFile(), DsiCaseFile(), AmloAccounts(), AmloTransfers())
}

__all__ = ["SOURCES", "Adapter", "FileError", "Parsed", "RowError", "SourceRow"]

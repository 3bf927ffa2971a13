"""Agency adapters, by source name (as `tipgraph ingest SOURCE` and the manifest name them)."""

from ingest.sources.amlo import AmloAccounts, AmloTransfers
from ingest.sources.base import Adapter, FileError, Parsed, RowError, SourceRow
from ingest.sources.case_file import CaseFile, DsiCaseFile
from ingest.sources.coj import CojJudgments
from ingest.sources.dlt import DltRegistrations
from ingest.sources.dopa import DopaRegistry
from ingest.sources.ftm import FollowTheMoney
from ingest.sources.icij import IcijOffshoreLeaks
from ingest.sources.led import LedEnforcement
from ingest.sources.msdhs import MsdhsAssistance
from ingest.sources.oag import OagProsecutions

SOURCES: dict[str, Adapter] = {
    adapter.source: adapter
    for adapter in (DopaRegistry(), CaseFile(), DsiCaseFile(), OagProsecutions(), CojJudgments(), AmloAccounts(),
                    AmloTransfers(), MsdhsAssistance(), DltRegistrations(), LedEnforcement(), FollowTheMoney(),
                    IcijOffshoreLeaks())
}

__all__ = ["SOURCES", "Adapter", "FileError", "Parsed", "RowError", "SourceRow"]

"""The audit chain: it verifies when intact, and every kind of tampering is named."""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from api.audit import HEAD_BYTES, KEPT_PREFIX, AuditError, AuditLog

KEY = b"k" * 32


@pytest.fixture
def log(tmp_path: Path) -> AuditLog:
    return AuditLog(tmp_path / "audit" / "audit.jsonl", KEY)


def _record(log: AuditLog, n: int, subject: str = "somchai", operation: str = "network") -> None:
    for i in range(n):
        log.append(
            subject=subject, agency="DSI", roles=["investigator"], operation=operation,
            variables={"id": f"person-{i}", "depth": 2}, entity_ids=[f"person-{i}"], allowed=True, duration_ms=1.5,
        )


def _lines(log: AuditLog) -> list[str]:
    return log.path.read_text().splitlines(keepends=True)


def _rewrite(log: AuditLog, lines: list[str]) -> None:
    log.path.write_text("".join(lines))


def _problems(log: AuditLog) -> tuple[str, ...]:
    report = log.verify()
    assert not report.ok
    return report.problems


def test_entries_chain_and_verify(log: AuditLog) -> None:
    _record(log, 3)
    denied = log.append(subject="nok", agency="MSDHS", roles=["case-worker"], operation="moneyTrail",
                        variables={}, allowed=False, reason="role case-worker may not run moneyTrail", duration_ms=0.2)
    entries = list(log.entries())
    assert [e.seq for e in entries] == [1, 2, 3, 4] and entries[-1] == denied
    assert entries[0].prev == "" and all(b.prev == a.hash for a, b in zip(entries, entries[1:]))
    assert denied.allowed is False and denied.reason.startswith("role case-worker") and denied.entity_ids == ()
    assert datetime.fromisoformat(denied.at).tzinfo is not None and denied.at.endswith("Z")
    report = log.verify()
    assert report.ok and report.entries == 4 and report.problems == ()


def test_files_are_private(log: AuditLog) -> None:
    _record(log, 1)
    assert log.path.stat().st_mode & 0o777 == 0o600
    assert log.head_path.stat().st_mode & 0o777 == 0o600
    assert log.path.parent.stat().st_mode & 0o777 == 0o700


def test_empty_log_verifies(log: AuditLog) -> None:
    report = log.verify()
    assert report.ok and report.entries == 0


def test_another_key_cannot_verify(log: AuditLog) -> None:
    _record(log, 2)
    problems = _problems(AuditLog(log.path, b"x" * 32))
    assert "entry 1 (line 1): hash mismatch: the entry was edited" in problems
    assert any("head file" in problem and "tampered" in problem for problem in problems)


def test_edited_entry(log: AuditLog) -> None:
    _record(log, 4)
    lines = _lines(log)
    entry = json.loads(lines[1])
    entry["subject"] = "someone-else"
    lines[1] = json.dumps(entry) + "\n"
    _rewrite(log, lines)
    assert _problems(log) == ("entry 2 (line 2): hash mismatch: the entry was edited",)


def test_deleted_middle_entry(log: AuditLog) -> None:
    _record(log, 4)
    lines = _lines(log)
    _rewrite(log, lines[:1] + lines[2:])
    assert _problems(log) == ("entry 3 (line 2): expected entry 2 here: entries were deleted or reordered",)


def test_deleted_last_entry(log: AuditLog) -> None:
    _record(log, 4)
    _rewrite(log, _lines(log)[:-1])
    assert _problems(log) == (
        "the log ends at entry 3, but the head records entry 4: entries were cut off the end",)


def test_swapped_lines(log: AuditLog) -> None:
    _record(log, 4)
    lines = _lines(log)
    lines[1], lines[2] = lines[2], lines[1]
    _rewrite(log, lines)
    assert _problems(log) == (
        "entry 3 (line 2): expected entry 2 here: entries were deleted or reordered",
        "entry 2 (line 3): expected entry 4 here: entries were deleted or reordered",
        "entry 4 (line 4): expected entry 3 here: entries were deleted or reordered",
    )


def test_edited_head(log: AuditLog) -> None:
    _record(log, 3)
    head = json.loads(log.head_path.read_text())
    head["seq"] = 2
    log.head_path.write_text(json.dumps(head))
    assert _problems(log) == (f"head file {log.head_path} was tampered with: its MAC does not match",)


def test_deleted_head(log: AuditLog) -> None:
    _record(log, 2)
    log.head_path.unlink()
    assert _problems(log) == (f"head file {log.head_path} is missing, yet the log has entries",)


def test_emptied_log(log: AuditLog) -> None:
    _record(log, 2)
    log.path.unlink()
    assert _problems(log) == ("the log ends at no entry, but the head records entry 2: entries were cut off the end",)


def test_garbage_line(log: AuditLog) -> None:
    _record(log, 3)
    lines = _lines(log)
    _rewrite(log, lines[:2] + ["{not json\n"] + lines[2:])
    [problem] = _problems(log)
    assert problem.startswith("line 3: not an audit entry (unparseable")


def test_append_refuses_to_bury_a_truncation(log: AuditLog) -> None:
    _record(log, 3)
    _rewrite(log, _lines(log)[:-1])
    with pytest.raises(AuditError, match="the log ends at entry 2, but the head records entry 3"):
        _record(log, 1)


def test_an_entry_edited_to_the_same_length_is_still_found_after_more_appends(log: AuditLog) -> None:
    """The writer trusts the end it wrote while the file keeps its size: the edit is not
    read then, and the entries after it chain to what was written, so verify names it."""
    _record(log, 2)
    lines = _lines(log)
    edited = lines[-1].replace('"somchai"', '"somchay"')
    assert len(edited) == len(lines[-1]) and edited != lines[-1]
    with log.path.open("r+") as stream:  # in place: same file, same size
        stream.seek(len("".join(lines[:-1])))
        stream.write(edited)
    _record(log, 2)
    assert _problems(log) == ("entry 2 (line 2): hash mismatch: the entry was edited",)


def test_append_refuses_after_a_garbage_last_line(log: AuditLog) -> None:
    _record(log, 1)
    log.path.write_text(log.path.read_text() + "garbage\n")
    with pytest.raises(AuditError, match="last line of .* is not an audit entry"):
        _record(log, 1)


def test_append_continues_after_a_crash_before_the_head_was_written(log: AuditLog) -> None:
    _record(log, 2)
    stale_head = log.head_path.read_bytes()
    _record(log, 1)
    log.head_path.write_bytes(stale_head)  # as if the process died between the line and the head
    assert log.verify().ok
    _record(log, 1)
    assert [e.seq for e in log.entries()] == [1, 2, 3, 4] and log.verify().ok


def test_head_is_rewritten_in_place_at_its_fixed_length(log: AuditLog) -> None:
    """The head is overwritten, not replaced: a longer head left by hand (or by an older
    version) loses its tail, else the next reader would find two heads run together."""
    _record(log, 1)
    inode = log.head_path.stat().st_ino
    log.head_path.write_text(json.dumps(json.loads(log.head_path.read_text()), indent=60))
    assert log.head_path.stat().st_size > HEAD_BYTES
    _record(log, 1)
    assert log.head_path.stat().st_ino == inode and log.head_path.stat().st_size == HEAD_BYTES
    assert json.loads(log.head_path.read_text())["seq"] == 2 and log.verify().ok


def test_megabyte_variable_is_truncated_yet_identifiable(log: AuditLog) -> None:
    huge = "ก" * 1_000_000
    entry = log.append(subject="s", agency="AMLO", roles=["analyst"], operation="search",
                       variables={"query": huge, "filters": [{"note": huge}], "short": "x" * 1000},
                       allowed=True, duration_ms=3.0)
    marker = {"truncated": huge[:KEPT_PREFIX], "length": 1_000_000, "sha256": hashlib.sha256(huge.encode()).hexdigest()}
    assert entry.variables == {"query": marker, "filters": [{"note": marker}], "short": "x" * 1000}
    assert log.path.stat().st_size < 10_000
    assert list(log.entries()) == [entry] and log.verify().ok


def test_variables_that_are_not_json_are_recorded_as_text(log: AuditLog) -> None:
    entry = log.append(subject="s", agency="AMLO", roles=["analyst"], operation="moneyTrail",
                       variables={"since": datetime(2024, 1, 2, tzinfo=UTC), "ids": ("a", "b"), 7: "seven"},
                       allowed=True, duration_ms=1.0)
    assert entry.variables == {"since": "2024-01-02 00:00:00+00:00", "ids": ["a", "b"], "7": "seven"}
    assert log.verify().ok


def test_entries_filters(log: AuditLog) -> None:
    _record(log, 3, subject="somchai", operation="network")
    _record(log, 2, subject="malee", operation="moneyTrail")
    assert [e.seq for e in log.entries(subject="malee")] == [4, 5]
    assert [e.seq for e in log.entries(operation="network", after_seq=1)] == [2, 3]
    assert [e.seq for e in log.entries(after_seq=2)] == [3, 4, 5]
    assert list(log.entries(since=datetime.now(UTC) + timedelta(minutes=1))) == []
    assert len(list(log.entries(until=datetime.now(UTC), since=datetime.now(UTC) - timedelta(minutes=1)))) == 5


def test_concurrent_appends_form_one_chain(log: AuditLog) -> None:
    threads = [threading.Thread(target=_record, args=(log, 50, f"user-{n}")) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    report = log.verify()
    assert report.ok and report.entries == 400
    assert [e.seq for e in log.entries()] == list(range(1, 401))


def _record_in_child(path: Path, n: int, subject: str) -> None:
    _record(AuditLog(path, KEY), n, subject)


def test_concurrent_appends_from_processes_form_one_chain(log: AuditLog) -> None:
    spawn = multiprocessing.get_context("spawn")
    workers = [spawn.Process(target=_record_in_child, args=(log.path, 25, f"service-{n}")) for n in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert [worker.exitcode for worker in workers] == [0, 0, 0, 0]
    report = log.verify()
    assert report.ok and report.entries == 100

"""The append-only, hash-chained audit log: who asked what, when, and what they were shown.

Investigators query victims and suspects; the law that lets them also demands a
record that nobody, administrators included, can quietly rewrite. Each entry is a
JSON line whose `hash` is an HMAC (audit key) over the previous entry's hash and
its own content, so editing, deleting, inserting or reordering entries breaks the
chain. A head file (`<log>.head`) keeps the last seq and hash under its own MAC,
so that cutting entries off the end is detected too. Without the key nobody can
forge a chain that verifies.
"""

from __future__ import annotations

import fcntl
import hashlib
import hmac
import json
import os
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, BinaryIO, NamedTuple

from api.secrets import audit_key
from tipgraph.settings import Settings

MAX_STRING = 1000
"""Longer strings in variables are replaced by a digest, so a megabyte argument cannot bloat the log."""

KEPT_PREFIX = 200
"""How much of a replaced string is kept, so a reader still sees what it was about."""

_TAIL_CHUNK = 64 * 1024

HEAD_BYTES = 256
"""The head is written in place at this fixed length (padded with spaces), in one write."""


class AuditError(Exception):
    """The log cannot be appended to safely; requests that cannot be audited must not be served."""


@dataclass(frozen=True)
class AuditEntry:
    """One request: who, what, which entities came back, whether it was allowed, and its chain links."""

    seq: int
    at: str
    subject: str
    agency: str
    roles: tuple[str, ...]
    operation: str
    variables: dict[str, Any]
    entity_ids: tuple[str, ...]
    allowed: bool
    reason: str | None
    duration_ms: float
    prev: str
    hash: str


_FIELD_TYPES: dict[str, type | tuple[type, ...]] = {
    "seq": int,
    "at": str,
    "subject": str,
    "agency": str,
    "roles": list,
    "operation": str,
    "variables": dict,
    "entity_ids": list,
    "allowed": bool,
    "reason": (str, type(None)),
    "duration_ms": (int, float),
    "prev": str,
    "hash": str,
}


@dataclass(frozen=True)
class AuditReport:
    """What `AuditLog.verify` found: each problem names the entry or line and what is wrong."""

    entries: int
    problems: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not self.problems


class _Head(NamedTuple):
    seq: int
    hash: str


def audit_log_path(settings: Settings) -> Path:
    """TIPGRAPH_AUDIT_LOG, else inside the data directory, so that `make up` audits from the start."""
    return settings.tipgraph_audit_log or settings.data_dir / "audit" / "audit.jsonl"


class AuditLog:
    """One audit log file and its head; safe to share between threads and processes.

    Every append holds an exclusive `flock` on the log while it reads the chain's end,
    appends its line and rewrites the head, so concurrent writers form one chain.

    Reading the chain's end means parsing the last line and checking it against the head.
    An append skips that when the file is exactly as this object's last append left it
    (same inode and size): nobody else appended, truncated or replaced it since. A line
    edited in place to the same length is not looked at then, and needs not be: the new
    entry chains to the hash that was written, so `verify` still finds the edit.
    """

    def __init__(self, path: Path, key: bytes) -> None:
        self.path = path
        self.head_path = path.with_name(path.name + ".head")
        self._key = key
        self._left: tuple[int, int, int, str] | None = None  # inode, size, seq, hash after the last append

    @classmethod
    def from_settings(cls, settings: Settings) -> AuditLog:
        """The configured log with the configured (or, in development, generated) audit key."""
        return cls(audit_log_path(settings), audit_key(settings))

    def append(
        self,
        *,
        subject: str,
        agency: str,
        roles: Iterable[str],
        operation: str,
        variables: Mapping[str, Any],
        allowed: bool,
        duration_ms: float,
        entity_ids: Iterable[str] = (),
        reason: str | None = None,
    ) -> AuditEntry:
        """Record one request and return its entry.

        Raises AuditError when the log's end does not match its head (entries were cut
        off, or the head was tampered with): appending would bury the evidence.
        """
        try:
            descriptor = os.open(self.path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o600)
        except FileNotFoundError:
            self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            descriptor = os.open(self.path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX)
            status = os.fstat(descriptor)
            if self._left is not None and self._left[:2] == (status.st_ino, status.st_size):
                seq, prev = self._left[2:]
            else:
                seq, prev = self._chain_end(descriptor)
            entry, encoded = self._sealed(
                seq=seq + 1,
                at=datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z"),
                subject=subject,
                agency=str(agency),
                roles=tuple(str(role) for role in sorted(roles)),
                operation=operation,
                # The JSON round trip makes what is hashed equal to what is read back
                # (tuples become lists, keys strings, dates text).
                variables=_bounded(json.loads(json.dumps(dict(variables), default=str))),
                entity_ids=tuple(map(str, entity_ids)),
                allowed=allowed,
                reason=reason,
                duration_ms=float(duration_ms),
                prev=prev,
            )
            line = memoryview(encoded)
            while line:
                line = line[os.write(descriptor, line) :]
            self._write_head(_Head(entry.seq, entry.hash))
            self._left = (status.st_ino, status.st_size + len(encoded), entry.seq, entry.hash)
        finally:
            os.close(descriptor)
        return entry

    def entries(
        self,
        subject: str | None = None,
        operation: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        after_seq: int = 0,
    ) -> Iterator[AuditEntry]:
        """Entries in log order that match every given filter, after `after_seq`, read from the
        file as they are taken: the log grows by an entry a request, and a question about
        it must not hold it all.

        Lines that are not entries are skipped: answering questions is this method's
        job, judging the log's integrity is `verify`'s.
        """
        try:
            stream = self.path.open("rb")
        except FileNotFoundError:
            return
        with stream:
            for _, entry in _read(stream):
                if (
                    isinstance(entry, AuditEntry)
                    and entry.seq > after_seq
                    and subject in (None, entry.subject)
                    and operation in (None, entry.operation)
                    and (since is None or datetime.fromisoformat(entry.at) >= _utc(since))
                    and (until is None or datetime.fromisoformat(entry.at) <= _utc(until))
                ):
                    yield entry

    def verify(self) -> AuditReport:
        """Check every entry's hash, the chain of seq and prev, and the end against the head."""
        try:
            stream = self.path.open("rb")
        except FileNotFoundError:
            return AuditReport(entries=0, problems=tuple(filter(None, [self._end_problem(None)])))
        problems: list[str] = []
        checked = 0
        last: AuditEntry | None = None
        with stream:
            fcntl.flock(stream, fcntl.LOCK_SH)  # a consistent snapshot: no append between log and head
            for number, entry in _read(stream):
                if not isinstance(entry, AuditEntry):
                    problems.append(f"line {number}: not an audit entry ({entry})")
                    continue
                checked += 1
                where = f"entry {entry.seq} (line {number})"
                if not self._intact(entry):
                    problems.append(f"{where}: hash mismatch: the entry was edited")
                expected_seq, expected_prev = (last.seq + 1, last.hash) if last else (1, "")
                if entry.seq != expected_seq:
                    problems.append(f"{where}: expected entry {expected_seq} here: entries were deleted or reordered")
                elif entry.prev != expected_prev:
                    problems.append(f"{where}: prev is not the hash of the entry before it: entries were replaced")
                last = entry
            problems.extend(filter(None, [self._end_problem(last)]))
        return AuditReport(entries=checked, problems=tuple(problems))

    def _chain_end(self, descriptor: int) -> tuple[int, str]:
        """The seq and hash a new entry follows, once the log's last line agrees with the head."""
        line = _last_line(descriptor)
        last = None if line is None else _parse(line)
        if isinstance(last, str):
            raise AuditError(f"the last line of {self.path} is not an audit entry ({last}); run `tipgraph audit verify`")
        problem = self._end_problem(last)
        if problem:
            raise AuditError(f"{problem}; run `tipgraph audit verify`")
        return (last.seq, last.hash) if last else (0, "")

    def _end_problem(self, last: AuditEntry | None) -> str | None:
        """Why the log's last entry does not match the head, or None when it does.

        An intact entry one past the head is accepted: the process died between
        appending the line and rewriting the head.
        """
        try:
            head = self._read_head()
        except AuditError as error:
            return str(error)
        if head is None:
            return None if last is None else f"head file {self.head_path} is missing, yet the log has entries"
        if last is None or last.seq < head.seq:
            ends = f"entry {last.seq}" if last else "no entry"
            return f"the log ends at {ends}, but the head records entry {head.seq}: entries were cut off the end"
        if (last.seq, last.hash) == head or (last.seq == head.seq + 1 and last.prev == head.hash and self._intact(last)):
            return None
        return f"the last entry ({last.seq}) does not match the head (entry {head.seq}): the log's end was replaced"

    def _write_head(self, head: _Head) -> None:
        """Overwrite the head in place, in one write of HEAD_BYTES at the start of the file.

        A process that dies cannot leave half of such a write (replacing the file through a
        renamed copy cost more than the rest of the append). If it dies between the line
        and this write, the head is one entry behind, which `_end_problem` accepts.
        """
        signed = json.dumps(self._signed_head(head)).encode().ljust(HEAD_BYTES)
        descriptor = os.open(self.head_path, os.O_WRONLY | os.O_CREAT, 0o600)
        try:
            os.pwrite(descriptor, signed, 0)
            if os.fstat(descriptor).st_size != len(signed):  # a longer file someone wrote: its tail must go
                os.ftruncate(descriptor, len(signed))
        finally:
            os.close(descriptor)

    def _read_head(self) -> _Head | None:
        try:
            data = json.loads(self.head_path.read_bytes())
            head = _Head(int(data["seq"]), str(data["hash"]))
            mac = str(data["mac"])
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError, TypeError) as error:
            raise AuditError(f"head file {self.head_path} is unreadable ({error!r})") from None
        if not hmac.compare_digest(mac.encode(), self._signed_head(head)["mac"].encode()):
            raise AuditError(f"head file {self.head_path} was tampered with: its MAC does not match")
        return head

    def _signed_head(self, head: _Head) -> dict[str, Any]:
        mac = hmac.new(self._key, f"head:{head.seq}:{head.hash}".encode(), hashlib.sha256).hexdigest()
        return {"seq": head.seq, "hash": head.hash, "mac": mac}

    def _sealed(self, **body: Any) -> tuple[AuditEntry, bytes]:
        """The entry and its line: the canonical JSON that is hashed, with the hash added last."""
        canonical = _canonical(body)
        digest = self._digest(body["prev"], canonical)
        return AuditEntry(**body, hash=digest), f'{canonical[:-1]},"hash":"{digest}"}}\n'.encode()

    def _intact(self, entry: AuditEntry) -> bool:
        body = _fields(entry)
        return hmac.compare_digest(body.pop("hash").encode(), self._mac(body).encode())

    def _mac(self, body: Mapping[str, Any]) -> str:
        return self._digest(body["prev"], _canonical(body))

    def _digest(self, prev: str, canonical: str) -> str:
        """HMAC-SHA256 over the previous hash and the canonical JSON of the entry without its hash."""
        return hmac.new(self._key, (prev + canonical).encode(), hashlib.sha256).hexdigest()


def _fields(entry: AuditEntry) -> dict[str, Any]:
    """The entry as a mapping of its fields, as they are: what is hashed and written is
    JSON, which serialises them as they stand (``dataclasses.asdict`` deep-copies them first)."""
    return {name: getattr(entry, name) for name in _FIELD_TYPES}


def _canonical(value: Mapping[str, Any]) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _bounded(value: Any) -> Any:
    """`value` with every string longer than MAX_STRING replaced by its prefix, length and SHA-256."""
    if isinstance(value, str) and len(value) > MAX_STRING:
        digest = hashlib.sha256(value.encode()).hexdigest()
        return {"truncated": value[:KEPT_PREFIX], "length": len(value), "sha256": digest}
    if isinstance(value, dict):
        return {name: _bounded(item) for name, item in value.items()}
    if isinstance(value, list):
        return [_bounded(item) for item in value]
    return value


def _read(stream: BinaryIO) -> Iterator[tuple[int, AuditEntry | str]]:
    """(line number, entry) for each line, or (line number, why it is not an entry)."""
    for number, line in enumerate(stream, start=1):
        yield number, _parse(line)


def _parse(line: bytes) -> AuditEntry | str:
    try:
        data = json.loads(line)
    except ValueError as error:
        return f"unparseable: {error}"
    if not isinstance(data, dict) or set(data) != set(_FIELD_TYPES):
        return "not an object with the audit fields"
    wrong = [name for name, kind in _FIELD_TYPES.items() if not isinstance(data[name], kind)]
    if wrong:
        return f"wrong type of {', '.join(wrong)}"
    try:
        at = datetime.fromisoformat(data["at"])
    except ValueError:
        at = None
    if at is None or at.tzinfo is None:
        return f"'at' is not a timestamp with a zone: {data['at']!r}"
    return AuditEntry(**{**data, "roles": tuple(data["roles"]), "entity_ids": tuple(data["entity_ids"])})


def _last_line(descriptor: int) -> bytes | None:
    """The file's last line without its newline (None when there is none), read backwards from the end."""
    position = os.fstat(descriptor).st_size
    tail = b""
    while position > 0:
        start = max(0, position - _TAIL_CHUNK)
        tail = os.pread(descriptor, position - start, start) + tail
        position = start
        newline = tail.rstrip(b"\n").rfind(b"\n")
        if newline >= 0:
            return tail[newline + 1 :].rstrip(b"\n")
    return tail.rstrip(b"\n") or None


def _utc(moment: datetime) -> datetime:
    """Naive datetimes are taken as UTC, the log's own zone."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)

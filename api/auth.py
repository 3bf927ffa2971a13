"""Who is calling: signed tokens for people, API keys for services.

People get short-lived JWTs from `tipgraph token create`; their claims carry the
agency, roles and clearances that `api.policy` judges. Services (nightly ETL, a
partner system) cannot renew tokens by hand, so they get long-lived API keys, of
which only a SHA-256 hash is stored: a copy of the keys file lets nobody in.
Every refusal is an `AuthError` whose message tells the caller what was wrong.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import secrets
import time
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cached_property
from pathlib import Path
from typing import Any, Literal, NamedTuple

import jwt

from api import policy
from api.policy import CALLER_AGENCIES, CLEARANCES, Role
from api.secrets import SecretsError, secrets_dir, signing_key, verifying_key, write_private
from graph.schema import AgencyCode
from tipgraph.settings import Settings

TOKEN_LEEWAY = timedelta(seconds=30)
"""Tolerated clock difference between the issuing machine and the API."""

MAX_TTL = timedelta(days=30)
"""A leaked token stays useful until it expires, so no token lives longer than this."""

API_KEY_PREFIX = "tgk_"
"""Marks tipgraph keys, so that secret scanners and people recognise a leaked one."""

TOKENS_REMEMBERED = 10_000
"""Verified tokens an app keeps, so that a client's next request with the same token skips the signature check."""

MISSING_CREDENTIALS = "missing credentials: send 'Authorization: Bearer <token>' or an 'X-API-Key' header"

_REQUIRED_CLAIMS = ["exp", "iat", "sub", "aud", "iss", "agency", "roles"]
_TTL = re.compile(r"(\d{1,9})([smhd])")
_TTL_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days"}
_AGENCY_NAMES = tuple(agency.value for agency in AgencyCode if agency in CALLER_AGENCIES)


class AuthError(Exception):
    """The request is not authenticated; the app answers 401 with this message."""


@dataclass(frozen=True)
class Caller:
    """An authenticated caller, as the policy and the audit log see them."""

    subject: str
    agency: AgencyCode
    roles: frozenset[Role]
    clearances: frozenset[str]
    via: Literal["token", "api-key"]

    @classmethod
    def of(
        cls,
        subject: object,
        agency: object,
        roles: Iterable[object],
        clearances: Iterable[object],
        via: Literal["token", "api-key"],
    ) -> Caller:
        """A caller from untrusted values; ValueError names the first value that is not acceptable."""
        if not isinstance(subject, str) or not subject.strip():
            raise ValueError(f"subject {subject!r} must be a non-empty name")
        granted = frozenset(Role(_one_of(role, tuple(Role), "role")) for role in roles)
        if not granted:
            raise ValueError("no role given: a caller needs at least one role")
        return cls(
            subject=subject,
            agency=AgencyCode(_one_of(agency, _AGENCY_NAMES, "agency")),
            roles=granted,
            clearances=frozenset(_one_of(clearance, tuple(sorted(CLEARANCES)), "clearance") for clearance in clearances),
            via=via,
        )

    @cached_property
    def sees_victim_pii(self) -> bool:
        """Asked of `api.policy`, so that the rule lives in one place; once per caller, as
        redaction asks it for every entity and link end of an answer."""
        return policy.sees_victim_pii(self.roles, self.clearances)


def _one_of(value: object, choices: Sequence[str], what: str) -> str:
    if isinstance(value, str) and value in choices:
        return value
    raise ValueError(f"{what} {value!r} is not one of {', '.join(choices)}")


def parse_ttl(text: str) -> timedelta:
    """A lifetime such as 90s, 30m, 8h or 2d; ValueError when it is malformed, zero or over 30 days."""
    match = _TTL.fullmatch(text.strip())
    if match is None:
        raise ValueError(f"ttl {text!r} is not a duration such as 90s, 30m, 8h or 2d")
    return _checked_ttl(timedelta(**{_TTL_UNITS[match[2]]: int(match[1])}), text)


def _checked_ttl(ttl: timedelta, written: str) -> timedelta:
    if ttl <= timedelta(0):
        raise ValueError(f"ttl {written!r} is not positive")
    if ttl > MAX_TTL:
        raise ValueError(f"ttl {written!r} exceeds the maximum of {MAX_TTL.days} days")
    return ttl


def create_token(
    settings: Settings,
    subject: str,
    agency: str,
    roles: Iterable[str],
    clearances: Iterable[str],
    ttl: timedelta,
    now: datetime | None = None,
) -> str:
    """A signed JWT for one person; ValueError when a value is not acceptable, SecretsError without a key."""
    caller = Caller.of(subject, agency, roles, clearances, via="token")
    issued = now or datetime.now(UTC)
    claims = {
        "sub": caller.subject,
        "agency": caller.agency.value,
        "roles": sorted(caller.roles),
        "clearances": sorted(caller.clearances),
        "iss": settings.tipgraph_jwt_issuer,
        "aud": settings.tipgraph_jwt_audience,
        "iat": issued,
        "nbf": issued,
        "exp": issued + _checked_ttl(ttl, str(ttl)),
        "jti": str(uuid.uuid4()),
    }
    return jwt.encode(claims, signing_key(settings), algorithm=settings.tipgraph_jwt_algorithm)


def api_keys_path(settings: Settings) -> Path:
    """TIPGRAPH_API_KEYS_FILE, else next to the generated keys, where only the owner can read."""
    return settings.tipgraph_api_keys_file or secrets_dir(settings) / "api-keys.json"


def create_api_key(settings: Settings, name: str, agency: str, roles: Iterable[str], clearances: Iterable[str]) -> str:
    """A new API key for a service, returned once and stored only as a hash.

    Issuing a key for a name that already has one replaces it, which is how a leaked
    key is rotated: the old key stops working as soon as the file is rewritten.
    """
    caller = Caller.of(name, agency, roles, clearances, via="api-key")
    key = API_KEY_PREFIX + secrets.token_urlsafe(32)
    path = api_keys_path(settings)
    records = [record for record in _read_api_key_records(path) if record["name"] != name]
    records.append(
        {
            "name": caller.subject,
            "sha256": _digest(key),
            "agency": caller.agency.value,
            "roles": sorted(caller.roles),
            "clearances": sorted(caller.clearances),
            "created": datetime.now(UTC).isoformat(timespec="seconds"),
        }
    )
    write_private(path, (json.dumps(records, indent=2, ensure_ascii=False) + "\n").encode())
    return key


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def _read_api_key_records(path: Path) -> list[dict[str, Any]]:
    try:
        records = json.loads(path.read_bytes())
    except FileNotFoundError:
        return []
    except (OSError, ValueError) as error:
        raise SecretsError(f"API keys file {path} cannot be read: {error}") from None
    if not isinstance(records, list) or not all(
        isinstance(record, dict) and isinstance(record.get("name"), str) and isinstance(record.get("sha256"), str)
        for record in records
    ):
        raise SecretsError(f"API keys file {path} is not a list of keys with a name and a sha256 each")
    return records


def _api_key_callers(path: Path) -> tuple[tuple[str, Caller], ...]:
    """(hash, caller) for every key in the file; a record that is not acceptable is a SecretsError."""
    callers = []
    for record in _read_api_key_records(path):
        try:
            caller = Caller.of(
                record["name"], record.get("agency"), record.get("roles", []), record.get("clearances", []), "api-key"
            )
        except (ValueError, TypeError) as error:
            raise SecretsError(f"API keys file {path}: key {record['name']!r}: {error}") from None
        callers.append((record["sha256"], caller))
    return tuple(callers)


class _Verified(NamedTuple):
    """A token already verified: who it names, and the period it is good for (epoch seconds, leeway included)."""

    caller: Caller
    valid_from: float
    valid_until: float


class Authenticator:
    """Turns a request's credentials into a `Caller`, or an `AuthError` that says what was wrong.

    Built once per app: the verifying key is loaded (and checked) at start, and the
    API keys file is reread whenever it changes, so `tipgraph token apikey` takes
    effect without a restart.
    """

    def __init__(self, settings: Settings, clock: Callable[[], float] = time.time) -> None:
        self._key = verifying_key(settings)
        self._clock = clock
        self._verified: dict[str, _Verified] = {}
        self._algorithm = settings.tipgraph_jwt_algorithm
        self._issuer = settings.tipgraph_jwt_issuer
        self._audience = settings.tipgraph_jwt_audience
        self._api_keys_path = api_keys_path(settings)
        self._api_keys: tuple[object, tuple[tuple[str, Caller], ...]] = (None, ())
        self._current_api_keys()

    def caller(self, authorization: str | None, api_key: str | None) -> Caller:
        """The caller behind an `Authorization` header value or an `X-API-Key` header value."""
        if authorization and api_key:
            raise AuthError("ambiguous credentials: send either 'Authorization: Bearer <token>' or 'X-API-Key'")
        if authorization:
            return self._token_caller(authorization)
        if api_key:
            return self._api_key_caller(api_key)
        raise AuthError(MISSING_CREDENTIALS)

    def _token_caller(self, authorization: str) -> Caller:
        scheme, _, token = authorization.strip().partition(" ")
        token = token.strip()
        if scheme.lower() != "bearer" or not token or " " in token:
            raise AuthError("malformed Authorization header: expected 'Bearer <token>'")
        # A client sends the same token with every request. The same bytes verify the same
        # way, so once verified only its period is checked again; the signature check cost
        # more than the rest of authenticating and rate limiting together.
        known, now = self._verified.get(token), self._clock()
        if known is not None:
            if now >= known.valid_until:
                del self._verified[token]
                raise AuthError("token expired")
            if now >= known.valid_from:
                return known.caller
        claims = self._verified_claims(token)
        roles, clearances = claims["roles"], claims.get("clearances", [])
        if not isinstance(roles, list) or not isinstance(clearances, list):
            raise AuthError("token claims 'roles' and 'clearances' must be lists of names")
        try:
            caller = Caller.of(claims["sub"], claims["agency"], roles, clearances, via="token")
        except ValueError as error:
            raise AuthError(f"token claim rejected: {error}") from None
        if len(self._verified) >= TOKENS_REMEMBERED:
            del self._verified[next(iter(self._verified))]  # the oldest
        leeway = TOKEN_LEEWAY.total_seconds()
        self._verified[token] = _Verified(caller, max(claims["iat"], claims.get("nbf", claims["iat"])) - leeway,
                                          claims["exp"] + leeway)
        return caller

    def _verified_claims(self, token: str) -> dict[str, Any]:
        """The claims of a token signed with our key and algorithm, for us, by us, and current."""
        try:
            return jwt.decode(
                token,
                self._key,
                algorithms=[self._algorithm],
                audience=self._audience,
                issuer=self._issuer,
                leeway=TOKEN_LEEWAY,
                options={"require": _REQUIRED_CLAIMS},
            )
        except jwt.ExpiredSignatureError:
            raise AuthError("token expired") from None
        except jwt.InvalidSignatureError:
            raise AuthError("token signature is invalid") from None
        except jwt.InvalidAlgorithmError:
            raise AuthError(f"token algorithm is not {self._algorithm}") from None
        except jwt.InvalidAudienceError:
            raise AuthError(f"token audience is not {self._audience}") from None
        except jwt.InvalidIssuerError:
            raise AuthError(f"token issuer is not {self._issuer}") from None
        except jwt.ImmatureSignatureError:
            raise AuthError("token is not valid yet (nbf or iat in the future)") from None
        except jwt.MissingRequiredClaimError as error:
            raise AuthError(f"token lacks the '{error.claim}' claim") from None
        except jwt.DecodeError as error:
            raise AuthError(f"token is malformed: {error}") from None
        except jwt.InvalidTokenError as error:
            raise AuthError(f"token is invalid: {error}") from None

    def _api_key_caller(self, presented: str) -> Caller:
        digest = _digest(presented.strip())
        found = None
        for stored, caller in self._current_api_keys():
            if hmac.compare_digest(stored.encode(), digest.encode()):
                found = caller
        if found is None:
            raise AuthError("unknown API key")
        return found

    def _current_api_keys(self) -> tuple[tuple[str, Caller], ...]:
        """The keys file's entries, reread when its mtime, size or inode changed (a rewrite is a new inode)."""
        try:
            status = self._api_keys_path.stat()
            version: object = (status.st_mtime_ns, status.st_size, status.st_ino)
        except FileNotFoundError:
            version = None
        if version != self._api_keys[0]:
            self._api_keys = (version, _api_key_callers(self._api_keys_path))
        return self._api_keys[1]

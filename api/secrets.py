"""The keys that sign tokens and chain the audit log.

`make up` must work with no configuration, so in development a missing HS256 or
audit key is generated once into `data_dir/secrets` (mode 0600) and reused, which
keeps tokens and the audit chain valid across restarts. Production must never run
on a key that appeared by itself, so there a missing key is an error that names
the environment variable to set. RS256 keys are always configured: a key pair
belongs to whoever issues tokens, and generating one would hide who that is.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Literal

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey, RSAPublicKey
from pydantic import SecretStr

from tipgraph.settings import Settings

MIN_SECRET_BYTES = 32
"""HMAC-SHA256 keys shorter than the digest weaken it (RFC 7518 section 3.2)."""

MIN_RSA_BITS = 2048

RSAKey = RSAPrivateKey | RSAPublicKey


class SecretsError(Exception):
    """A key or the API keys file is missing or unusable; the message says which and how to fix it."""


def secrets_dir(settings: Settings) -> Path:
    """Where generated keys and the API keys file live, readable by the owner only."""
    return settings.data_dir / "secrets"


def hs256_secret(settings: Settings) -> bytes:
    """The shared secret that signs and verifies HS256 tokens."""
    return _symmetric_key(settings, settings.tipgraph_jwt_secret, "TIPGRAPH_JWT_SECRET", "jwt-hs256")


def audit_key(settings: Settings) -> bytes:
    """The HMAC key of the audit log's hash chain."""
    return _symmetric_key(settings, settings.tipgraph_audit_key, "TIPGRAPH_AUDIT_KEY", "audit")


def signing_key(settings: Settings) -> bytes | RSAKey:
    """The key that signs tokens with the configured algorithm."""
    if settings.tipgraph_jwt_algorithm == "RS256":
        return _rsa_key(settings.tipgraph_jwt_private_key_file, "TIPGRAPH_JWT_PRIVATE_KEY_FILE", "private")
    return hs256_secret(settings)


def verifying_key(settings: Settings) -> bytes | RSAKey:
    """The key that verifies tokens: for RS256 only the public half, so the API cannot issue tokens."""
    if settings.tipgraph_jwt_algorithm == "RS256":
        return _rsa_key(settings.tipgraph_jwt_public_key_file, "TIPGRAPH_JWT_PUBLIC_KEY_FILE", "public")
    return hs256_secret(settings)


def write_private(path: Path, data: bytes) -> None:
    """Replace `path` atomically with a file only the owner can read."""
    with _staged(path, data) as staged:
        os.replace(staged, path)


@contextmanager
def _staged(path: Path, data: bytes) -> Iterator[Path]:
    """A complete copy of `data` next to `path`, to be moved into place; removed if it was not.

    The file is created 0600 before any byte is written, so a secret is never
    readable by others, not even for an instant.
    """
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    staged = path.with_name(f".{path.name}.{secrets.token_hex(8)}.tmp")
    descriptor = os.open(staged, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(data)
        yield staged
    finally:
        staged.unlink(missing_ok=True)


def _symmetric_key(settings: Settings, configured: SecretStr | None, variable: str, name: str) -> bytes:
    if configured is not None:
        key = configured.get_secret_value().encode()
        if len(key) < MIN_SECRET_BYTES:
            raise SecretsError(f"{variable} is {len(key)} bytes long; use at least {MIN_SECRET_BYTES} random bytes")
        return key
    if settings.tipgraph_env == "production":
        raise SecretsError(f"{variable} is not set; TIPGRAPH_ENV=production refuses to generate keys")
    return _generated_key(secrets_dir(settings) / f"{name}.key", variable)


def _generated_key(path: Path, variable: str) -> bytes:
    """The key in `path`, created on first use.

    The key is 32 random bytes written as hex text, and the text itself is the key,
    so copying the file's content into `variable` keeps every token and audit entry
    valid. Creation links a finished file into place, so two processes starting at
    once agree on one key and neither reads a half-written file.
    """
    if not path.exists():
        with suppress(FileExistsError), _staged(path, secrets.token_hex(MIN_SECRET_BYTES).encode()) as staged:
            os.link(staged, path)  # fails if another process created the key first: use theirs
    try:
        key = path.read_text().strip().encode()
    except (OSError, UnicodeDecodeError) as error:
        raise SecretsError(f"cannot read the generated key {path} ({error}); or set {variable}") from None
    if len(key) < MIN_SECRET_BYTES:
        raise SecretsError(f"the generated key {path} is damaged (too short); delete it or set {variable}")
    return key


def _rsa_key(path: Path | None, variable: str, half: Literal["private", "public"]) -> RSAKey:
    if path is None:
        raise SecretsError(f"{variable} is not set; TIPGRAPH_JWT_ALGORITHM=RS256 needs the {half} key (PEM)")
    try:
        pem = path.expanduser().read_bytes()
    except OSError as error:
        raise SecretsError(f"{variable}={path} cannot be read: {error.strerror}") from None
    try:
        if half == "private":
            key = serialization.load_pem_private_key(pem, password=None)
        else:
            key = serialization.load_pem_public_key(pem)
    except (ValueError, TypeError) as error:
        raise SecretsError(f"{variable}={path} is not an unencrypted PEM {half} key ({error})") from None
    if not isinstance(key, RSAPrivateKey | RSAPublicKey):
        raise SecretsError(f"{variable}={path} is not an RSA key; RS256 needs one")
    if key.key_size < MIN_RSA_BITS:
        raise SecretsError(f"{variable}={path} is a {key.key_size}-bit RSA key; RS256 needs at least {MIN_RSA_BITS}")
    return key

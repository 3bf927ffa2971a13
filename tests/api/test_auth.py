"""Tokens, API keys and their keys: what is accepted, and the message for everything that is not."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from api.auth import (
    MISSING_CREDENTIALS,
    AuthError,
    Authenticator,
    Caller,
    api_keys_path,
    create_api_key,
    create_token,
    parse_ttl,
)
from api.policy import VICTIM_PII, Role
from api.secrets import SecretsError, audit_key, hs256_secret
from graph.schema import AgencyCode
from tipgraph.settings import Settings

HOUR = timedelta(hours=1)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(tipgraph_data_dir=tmp_path)


@pytest.fixture(scope="module")
def rsa_pems(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A fresh RSA key pair as the PEM files an operator would configure."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    directory = tmp_path_factory.mktemp("rsa")
    private, public = directory / "private.pem", directory / "public.pem"
    private.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    public.write_bytes(
        key.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    )
    return private, public


@pytest.fixture
def rs256(tmp_path: Path, rsa_pems: tuple[Path, Path]) -> Settings:
    private, public = rsa_pems
    return Settings(
        tipgraph_data_dir=tmp_path,
        tipgraph_jwt_algorithm="RS256",
        tipgraph_jwt_private_key_file=private,
        tipgraph_jwt_public_key_file=public,
    )


def _token(settings: Settings, **changes: object) -> str:
    values: dict = {"subject": "somchai", "agency": "DSI", "roles": ["investigator"], "clearances": [], "ttl": HOUR}
    return create_token(settings, **{**values, **changes})


def _refusal(settings: Settings, authorization: str | None = None, api_key: str | None = None) -> str:
    with pytest.raises(AuthError) as refused:
        Authenticator(settings).caller(authorization, api_key)
    return str(refused.value)


def _signed_claims(settings: Settings, **changes: object) -> str:
    """A correctly signed token whose claims we choose, as a careless or hostile issuer would make."""
    now = datetime.now(UTC)
    claims = {"sub": "somchai", "agency": "DSI", "roles": ["investigator"], "clearances": [],
              "iss": "tipgraph", "aud": "tipgraph-api", "iat": now, "exp": now + HOUR}
    claims.update(changes)
    return jwt.encode({k: v for k, v in claims.items() if v is not None}, hs256_secret(settings), algorithm="HS256")


def _hand_made(header: dict, claims: dict, hmac_key: bytes | None) -> str:
    """A JWT assembled by hand, to send what PyJWT itself refuses to produce."""

    def segment(data: bytes) -> str:
        return base64.urlsafe_b64encode(data).rstrip(b"=").decode()

    signing_input = f"{segment(json.dumps(header).encode())}.{segment(json.dumps(claims).encode())}"
    signature = hmac.new(hmac_key, signing_input.encode(), hashlib.sha256).digest() if hmac_key else b""
    return f"{signing_input}.{segment(signature)}"


def test_hs256_round_trip(settings: Settings) -> None:
    token = _token(settings, roles=["investigator", "prosecutor"], clearances=[VICTIM_PII])
    caller = Authenticator(settings).caller(f"Bearer {token}", None)
    assert caller == Caller(
        subject="somchai",
        agency=AgencyCode.DSI,
        roles=frozenset({Role.INVESTIGATOR, Role.PROSECUTOR}),
        clearances=frozenset({VICTIM_PII}),
        via="token",
    )
    assert caller.sees_victim_pii


def test_hs256_claims_are_complete(settings: Settings) -> None:
    now = datetime(2030, 1, 1, tzinfo=UTC)
    claims = jwt.decode(
        _token(settings, now=now), hs256_secret(settings), algorithms=["HS256"], audience="tipgraph-api",
        options={"verify_exp": False, "verify_iat": False, "verify_nbf": False},
    )
    assert claims["iat"] == claims["nbf"] == int(now.timestamp())
    assert claims["exp"] == int((now + HOUR).timestamp())
    assert claims["iss"] == "tipgraph" and claims["roles"] == ["investigator"] and claims["clearances"] == []
    assert len(claims["jti"]) == 36


def test_rs256_round_trip_needs_only_the_public_key_to_verify(rs256: Settings) -> None:
    token = _token(rs256, agency="AMLO", roles=["analyst"])
    verifier = rs256.model_copy(update={"tipgraph_jwt_private_key_file": None})
    caller = Authenticator(verifier).caller(f"bearer {token}", None)
    assert (caller.subject, caller.agency, caller.roles) == ("somchai", AgencyCode.AMLO, frozenset({Role.ANALYST}))
    assert not caller.sees_victim_pii


def test_missing_credentials(settings: Settings) -> None:
    assert _refusal(settings) == MISSING_CREDENTIALS
    assert MISSING_CREDENTIALS == (
        "missing credentials: send 'Authorization: Bearer <token>' or an 'X-API-Key' header"
    )


@pytest.mark.parametrize("header", ["Basic c29tY2hhaTpwdw==", "Bearer", "Bearer a b", "Token abc"])
def test_malformed_authorization_header(settings: Settings, header: str) -> None:
    assert _refusal(settings, header) == "malformed Authorization header: expected 'Bearer <token>'"


def test_expired_token_is_refused_beyond_the_leeway(settings: Settings) -> None:
    expired = _token(settings, now=datetime.now(UTC) - HOUR - timedelta(seconds=60))
    assert _refusal(settings, f"Bearer {expired}") == "token expired"
    within_leeway = _token(settings, now=datetime.now(UTC) - HOUR - timedelta(seconds=10))
    assert Authenticator(settings).caller(f"Bearer {within_leeway}", None).subject == "somchai"


def test_a_verified_token_is_remembered_until_it_expires(settings: Settings) -> None:
    """The second request with a token skips the signature check, not the expiry."""
    clock = [datetime.now(UTC).timestamp()]
    authenticator = Authenticator(settings, clock=lambda: clock[0])
    token = f"Bearer {_token(settings, ttl=timedelta(minutes=10))}"
    first = authenticator.caller(token, None)
    assert authenticator.caller(token, None) is first  # remembered, not verified again
    clock[0] += 10 * 60 + 29  # within the leeway
    assert authenticator.caller(token, None) is first
    clock[0] += 2
    with pytest.raises(AuthError, match="^token expired$"):
        authenticator.caller(token, None)
    # A forged token is not taken for a remembered one: different bytes, verified afresh.
    header, payload, signature = token.removeprefix("Bearer ").split(".")
    with pytest.raises(AuthError, match="signature is invalid"):
        authenticator.caller(f"Bearer {header}.{payload}.{signature[:-4]}AAAA", None)


def test_token_from_the_future_is_refused(settings: Settings) -> None:
    early = _token(settings, now=datetime.now(UTC) + timedelta(minutes=5))
    assert _refusal(settings, f"Bearer {early}") == "token is not valid yet (nbf or iat in the future)"


def test_token_signed_with_another_secret(settings: Settings, tmp_path: Path) -> None:
    stranger = Settings(tipgraph_data_dir=tmp_path / "elsewhere")
    assert _refusal(settings, f"Bearer {_token(stranger)}") == "token signature is invalid"


def test_token_with_an_edited_payload(settings: Settings) -> None:
    header, _, signature = _token(settings).split(".")
    promoted = _signed_claims(settings, roles=["admin"]).split(".")[1]
    assert _refusal(settings, f"Bearer {header}.{promoted}.{signature}") == "token signature is invalid"


def test_wrong_audience_and_issuer(settings: Settings) -> None:
    other_audience = settings.model_copy(update={"tipgraph_jwt_audience": "other-api"})
    other_issuer = settings.model_copy(update={"tipgraph_jwt_issuer": "someone-else"})
    assert _refusal(settings, f"Bearer {_token(other_audience)}") == "token audience is not tipgraph-api"
    assert _refusal(settings, f"Bearer {_token(other_issuer)}") == "token issuer is not tipgraph"
    assert _refusal(other_audience, f"Bearer {_token(settings)}") == "token audience is not other-api"


@pytest.mark.parametrize("claim", ["sub", "exp", "iat", "iss", "aud", "agency", "roles"])
def test_required_claims(settings: Settings, claim: str) -> None:
    assert _refusal(settings, f"Bearer {_signed_claims(settings, **{claim: None})}") == f"token lacks the '{claim}' claim"


@pytest.mark.parametrize(
    ("claims", "named"),
    [
        ({"roles": ["investigator", "boss"]}, "role 'boss'"),
        ({"agency": "FBI"}, "agency 'FBI'"),
        ({"agency": "PUBLIC"}, "agency 'PUBLIC'"),
        ({"clearances": ["top-secret"]}, "clearance 'top-secret'"),
        ({"roles": []}, "no role given"),
    ],
)
def test_unknown_claim_values_are_named(settings: Settings, claims: dict, named: str) -> None:
    message = _refusal(settings, f"Bearer {_signed_claims(settings, **claims)}")
    assert message.startswith("token claim rejected: ") and named in message


def test_roles_claim_must_be_a_list(settings: Settings) -> None:
    message = _refusal(settings, f"Bearer {_signed_claims(settings, roles='admin')}")
    assert message == "token claims 'roles' and 'clearances' must be lists of names"


def test_alg_none_is_refused(settings: Settings) -> None:
    claims = {"sub": "x", "agency": "DSI", "roles": ["admin"], "iss": "tipgraph", "aud": "tipgraph-api",
              "iat": 2_000_000_000, "exp": 2_000_003_600}
    unsigned = _hand_made({"alg": "none", "typ": "JWT"}, claims, None)
    assert _refusal(settings, f"Bearer {unsigned}") == "token algorithm is not HS256"


def test_hs256_token_keyed_with_the_rs256_public_key_is_refused(rs256: Settings, rsa_pems: tuple[Path, Path]) -> None:
    """The classic algorithm confusion: the public key is public, so it must never work as an HMAC secret."""
    now = int(datetime.now(UTC).timestamp())
    claims = {"sub": "x", "agency": "DSI", "roles": ["admin"], "iss": "tipgraph", "aud": "tipgraph-api",
              "iat": now, "exp": now + 3600}
    forged = _hand_made({"alg": "HS256", "typ": "JWT"}, claims, rsa_pems[1].read_bytes())
    assert _refusal(rs256, f"Bearer {forged}") == "token algorithm is not RS256"


def test_garbage_token(settings: Settings) -> None:
    assert _refusal(settings, "Bearer not-a-jwt").startswith("token is malformed: ")


def test_api_key_round_trip_stores_only_a_hash(settings: Settings) -> None:
    authenticator = Authenticator(settings)  # built before the key exists: it must notice the new file
    key = create_api_key(settings, "nightly-etl", "AMLO", ["analyst"], [])
    assert key.startswith("tgk_") and len(key) > 40
    caller = authenticator.caller(None, key)
    assert caller == Caller("nightly-etl", AgencyCode.AMLO, frozenset({Role.ANALYST}), frozenset(), "api-key")
    path = api_keys_path(settings)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    [record] = json.loads(path.read_text())
    assert key not in path.read_text() and record["sha256"] == hashlib.sha256(key.encode()).hexdigest()
    assert (record["name"], record["agency"], record["roles"]) == ("nightly-etl", "AMLO", ["analyst"])


def test_reissuing_a_name_rotates_its_key(settings: Settings) -> None:
    old = create_api_key(settings, "partner", "OAG", ["prosecutor"], [])
    other = create_api_key(settings, "shelter", "MSDHS", ["case-worker"], [])
    new = create_api_key(settings, "partner", "OAG", ["prosecutor"], [VICTIM_PII])
    authenticator = Authenticator(settings)
    assert _refusal(settings, api_key=old) == "unknown API key"
    assert authenticator.caller(None, new).clearances == frozenset({VICTIM_PII})
    assert authenticator.caller(None, other).sees_victim_pii


def test_unknown_api_key_and_ambiguous_credentials(settings: Settings) -> None:
    create_api_key(settings, "nightly-etl", "AMLO", ["analyst"], [])
    assert _refusal(settings, api_key="tgk_guess") == "unknown API key"
    message = _refusal(settings, f"Bearer {_token(settings)}", "tgk_guess")
    assert message.startswith("ambiguous credentials")


def test_damaged_api_keys_file_names_the_file(settings: Settings) -> None:
    path = api_keys_path(settings)
    path.parent.mkdir(parents=True)
    path.write_text('[{"name": "etl", "sha256": "00", "agency": "NASA", "roles": ["analyst"]}]')
    with pytest.raises(SecretsError, match=r"api-keys.json: key 'etl': agency 'NASA' is not one of"):
        Authenticator(settings)


def test_issuing_refuses_bad_values(settings: Settings) -> None:
    with pytest.raises(ValueError, match="agency 'PUBLIC' is not one of RTP, DSI"):
        _token(settings, agency="PUBLIC")
    with pytest.raises(ValueError, match="role 'boss'"):
        create_api_key(settings, "etl", "AMLO", ["boss"], [])
    with pytest.raises(ValueError, match="exceeds the maximum of 30 days"):
        _token(settings, ttl=timedelta(days=31))


@pytest.mark.parametrize(
    ("text", "ttl"),
    [("90s", timedelta(seconds=90)), ("30m", timedelta(minutes=30)), ("8h", timedelta(hours=8)),
     ("2d", timedelta(days=2)), ("30d", timedelta(days=30))],
)
def test_parse_ttl(text: str, ttl: timedelta) -> None:
    assert parse_ttl(text) == ttl


@pytest.mark.parametrize(
    ("text", "message"),
    [("8", "is not a duration"), ("h", "is not a duration"), ("8 hours", "is not a duration"),
     ("-1h", "is not a duration"), ("0m", "is not positive"), ("31d", "exceeds the maximum of 30 days"),
     ("721h", "exceeds the maximum")],
)
def test_parse_ttl_refuses(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_ttl(text)


def test_generated_keys_are_private_distinct_and_reused(settings: Settings) -> None:
    secret, key = hs256_secret(settings), audit_key(settings)
    assert secret != key and len(secret) == len(key) == 64
    assert hs256_secret(settings) == secret and audit_key(settings) == key
    directory = settings.data_dir / "secrets"
    assert stat.S_IMODE(directory.stat().st_mode) == 0o700
    assert {p.name: stat.S_IMODE(p.stat().st_mode) for p in directory.iterdir()} == {
        "jwt-hs256.key": 0o600, "audit.key": 0o600}


def test_configured_secret_wins_and_must_be_long(tmp_path: Path) -> None:
    assert hs256_secret(Settings(tipgraph_data_dir=tmp_path, tipgraph_jwt_secret="s" * 40)) == b"s" * 40
    short = Settings(tipgraph_data_dir=tmp_path, tipgraph_audit_key="short")
    with pytest.raises(SecretsError, match="TIPGRAPH_AUDIT_KEY is 5 bytes long; use at least 32"):
        audit_key(short)


def test_production_refuses_to_generate_keys(tmp_path: Path) -> None:
    production = Settings(tipgraph_data_dir=tmp_path, tipgraph_env="production")
    with pytest.raises(SecretsError, match="TIPGRAPH_JWT_SECRET is not set"):
        Authenticator(production)
    with pytest.raises(SecretsError, match="TIPGRAPH_AUDIT_KEY is not set"):
        audit_key(production)
    assert not (tmp_path / "secrets").exists()


def test_rs256_key_files_are_named_when_unusable(rs256: Settings, tmp_path: Path) -> None:
    unset = rs256.model_copy(update={"tipgraph_jwt_public_key_file": None})
    with pytest.raises(SecretsError, match="TIPGRAPH_JWT_PUBLIC_KEY_FILE is not set"):
        Authenticator(unset)
    missing = rs256.model_copy(update={"tipgraph_jwt_private_key_file": tmp_path / "nope.pem"})
    with pytest.raises(SecretsError, match=r"TIPGRAPH_JWT_PRIVATE_KEY_FILE=.*nope.pem cannot be read"):
        _token(missing)
    swapped = rs256.model_copy(update={"tipgraph_jwt_public_key_file": rs256.tipgraph_jwt_private_key_file})
    with pytest.raises(SecretsError, match="TIPGRAPH_JWT_PUBLIC_KEY_FILE=.* is not an unencrypted PEM public key"):
        Authenticator(swapped)

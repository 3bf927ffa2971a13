"""All configuration, read from environment variables and `.env`.

One settings object keeps the CLI, the API, the tests and `docker-compose.yml`
in agreement about ports, credentials and directories; a test checks the compose
file against the defaults here.
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

REPO_ROOT = Path(__file__).resolve().parents[1]


class Settings(BaseSettings):
    """Environment variable names are the upper-case field names (NEO4J_URI, ...)."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    neo4j_uri: str | None = Field(
        default=None,
        description="Use this Neo4j server (bolt://, neo4j://, neo4j+s://) instead of starting one.",
    )
    neo4j_user: str = "neo4j"
    neo4j_password: str = Field(default="tipgraph-local", min_length=8)
    neo4j_database: str = "neo4j"
    neo4j_bolt_port: int = Field(default=7687, ge=1, le=65535)
    neo4j_http_port: int = Field(default=7474, ge=1, le=65535, description="Neo4j Browser (Docker only).")
    neo4j_heap: str = Field(default="1g", description="JVM heap of the local launcher, e.g. 1g.")
    neo4j_pagecache: str = Field(default="512m", description="Page cache of the local launcher, e.g. 512m.")
    neo4j_tx_timeout_s: float = Field(default=30.0, gt=0, description="Timeout of one Cypher transaction.")

    tipgraph_data_dir: Path = Field(default=Path(".tipgraph"), description="Local state: database, logs.")
    tipgraph_launcher_dir: Path = Field(
        default=REPO_ROOT / "neo4j-local", description="Maven project of the local Neo4j launcher."
    )
    tipgraph_api_host: str = "127.0.0.1"
    tipgraph_api_port: int = Field(default=8000, ge=1, le=65535)
    tipgraph_api_workers: int = Field(
        default=1, ge=1, le=64,
        description="API worker processes: GraphQL resolution is Python, one core per worker.",
    )

    tipgraph_env: Literal["development", "production"] = Field(
        default="development",
        description="production refuses to generate keys: every secret must be configured.",
    )
    tipgraph_jwt_algorithm: Literal["HS256", "RS256"] = Field(
        default="HS256", description="HS256: one shared secret. RS256: the API holds only the public key."
    )
    tipgraph_jwt_secret: SecretStr | None = Field(
        default=None,
        description="HS256 signing secret, at least 32 bytes; unset in development: generated in data_dir/secrets.",
    )
    tipgraph_jwt_private_key_file: Path | None = Field(
        default=None, description="RS256 private key (PEM), needed only by `tipgraph token create`."
    )
    tipgraph_jwt_public_key_file: Path | None = Field(
        default=None, description="RS256 public key (PEM) with which the API verifies tokens."
    )
    tipgraph_jwt_issuer: str = Field(default="tipgraph", description="`iss` claim issued and required.")
    tipgraph_jwt_audience: str = Field(default="tipgraph-api", description="`aud` claim issued and required.")
    tipgraph_audit_key: SecretStr | None = Field(
        default=None,
        description="HMAC key of the audit hash chain, at least 32 bytes; unset in development: generated.",
    )
    tipgraph_audit_log: Path | None = Field(
        default=None, description="Audit log (JSON lines); default data_dir/audit/audit.jsonl."
    )
    tipgraph_api_keys_file: Path | None = Field(
        default=None, description="Hashed API keys of service accounts; default data_dir/secrets/api-keys.json."
    )
    tipgraph_rate_limit_per_minute: int = Field(default=600, ge=1, description="Sustained requests per caller.")
    tipgraph_rate_limit_burst: int = Field(default=60, ge=1, description="Requests a caller may send at once.")
    tipgraph_max_query_depth: int = Field(default=10, ge=2, description="Deepest nesting a GraphQL query may have.")
    tipgraph_max_aliases: int = Field(default=15, ge=1, description="Aliases one GraphQL request may use.")
    tipgraph_max_tokens: int = Field(default=2_000, ge=50, description="Tokens one GraphQL document may have.")
    tipgraph_max_request_bytes: int = Field(default=64 * 1024, ge=1024,
                                            description="Largest request body the API reads (query and variables).")

    @cached_property
    def data_dir(self) -> Path:
        """The data directory as an absolute path, so that a later `cd` cannot move it."""
        return self.tipgraph_data_dir.expanduser().resolve()

    @property
    def auth(self) -> tuple[str, str]:
        return (self.neo4j_user, self.neo4j_password)


def get_settings() -> Settings:
    """Fresh settings from the current environment (not cached: tests change the environment)."""
    return Settings()

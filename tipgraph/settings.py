"""All configuration, read from environment variables and `.env`.

One settings object keeps the CLI, the API, the tests and `docker-compose.yml`
in agreement about ports, credentials and directories; a test checks the compose
file against the defaults here.
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path

from pydantic import Field
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

"""`/health` reports the real Neo4j: 200 with its version when up, 503 with the reason when down."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from api.app import create_app
from graph.server import Endpoint, Provider, free_port
from tests.conftest import Database
from tipgraph.settings import Settings


def test_health_is_200_with_the_version_when_neo4j_is_up(db: Database, tmp_path: Path) -> None:
    with TestClient(create_app(db.endpoint, Settings(tipgraph_data_dir=tmp_path))) as client:
        response = client.get("/health")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["neo4j"]["version"].startswith("5.26.")
    assert body["neo4j"]["connected"] is True


def test_health_is_503_with_a_clear_message_when_neo4j_is_down(tmp_path: Path) -> None:
    dead = Endpoint(f"bolt://127.0.0.1:{free_port()}", ("neo4j", "unused-password"), "neo4j", Provider.EXTERNAL)
    with TestClient(create_app(dead, Settings(tipgraph_data_dir=tmp_path))) as client:
        response = client.get("/health")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable" and body["neo4j"]["connected"] is False
    assert body["detail"].startswith(f"Neo4j at {dead.uri} is not reachable")

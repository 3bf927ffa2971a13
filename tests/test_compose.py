"""docker-compose.yml agrees with the settings module (Docker cannot run on this machine)."""

from __future__ import annotations

import re

import yaml

from graph.server import COMPOSE_FILE, COMPOSE_SERVICE, DOCKER_IMAGE
from tipgraph.settings import Settings

VARIABLE = re.compile(r"\$\{(?P<name>[A-Z0-9_]+)(?::-(?P<default>[^}]*))?\}")


def _compose() -> dict:
    return yaml.safe_load(COMPOSE_FILE.read_text())


def test_services_and_image() -> None:
    services = _compose()["services"]
    assert set(services) == {COMPOSE_SERVICE, "api"}
    assert services[COMPOSE_SERVICE]["image"] == DOCKER_IMAGE
    assert "healthcheck" in services[COMPOSE_SERVICE]
    assert services["api"]["depends_on"][COMPOSE_SERVICE]["condition"] == "service_healthy"


def test_every_variable_is_a_setting_with_the_same_default() -> None:
    defaults = Settings.model_fields
    lines = COMPOSE_FILE.read_text().splitlines()
    used = VARIABLE.findall("\n".join(line for line in lines if not line.lstrip().startswith("#")))
    assert used, "the compose file should take its ports and credentials from the environment"
    for name, default in used:
        field = name.lower()
        assert field in defaults, f"${{{name}}} is not a setting of tipgraph/settings.py"
        assert default == str(defaults[field].default), f"${{{name}}} defaults differ"


def test_ports_and_api_environment_match_the_settings() -> None:
    services = _compose()["services"]
    neo4j_ports = services[COMPOSE_SERVICE]["ports"]
    assert "127.0.0.1:${NEO4J_BOLT_PORT:-7687}:7687" in neo4j_ports
    assert "127.0.0.1:${NEO4J_HTTP_PORT:-7474}:7474" in neo4j_ports
    api_env = services["api"]["environment"]
    settings_env = {name.upper() for name in Settings.model_fields}
    assert set(api_env) <= settings_env
    assert api_env["NEO4J_URI"] == f"bolt://{COMPOSE_SERVICE}:7687"
    assert services[COMPOSE_SERVICE]["environment"]["NEO4J_AUTH"] == (
        "${NEO4J_USER:-neo4j}/${NEO4J_PASSWORD:-tipgraph-local}"
    )

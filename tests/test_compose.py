"""The production layout (docker-compose.yml, Dockerfile, deploy/) checked statically: no Docker needed."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from app.cli import COMMANDS

ROOT = Path(__file__).resolve().parent.parent
SERVICES = {"postgres", "redis", "kafka", "migrate", "api", "scheduler", "relay", "consumer", "nginx"}
APP_SERVICES = ("migrate", "api", "scheduler", "relay", "consumer")
LONG_RUNNING = ("api", "scheduler", "relay", "consumer")


@pytest.fixture(scope="module")
def services() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]


def environment(service: dict) -> dict[str, str]:
    """A service's environment, given as a mapping or as a list of KEY=VALUE strings."""
    env = service.get("environment") or {}
    if isinstance(env, list):
        env = dict(item.partition("=")[::2] for item in env)
    return {str(k): str(v) for k, v in env.items()}


def command(service: dict) -> list[str]:
    cmd = service.get("command", [])
    return cmd.split() if isinstance(cmd, str) else [str(part) for part in cmd]


def test_compose_has_exactly_the_production_services(services):
    assert set(services) == SERVICES


@pytest.mark.parametrize("name", APP_SERVICES)
def test_every_app_service_runs_an_ifarm_command(services, name):
    cmd = command(services[name])
    assert cmd[0] == "ifarm" and cmd[1] in COMMANDS, cmd


@pytest.mark.parametrize("name", APP_SERVICES)
def test_every_app_service_gets_database_url(services, name):
    assert environment(services[name]).get("DATABASE_URL", "").startswith("postgresql://")


@pytest.mark.parametrize("name", LONG_RUNNING)
def test_long_running_services_start_after_migrate_succeeds(services, name):
    depends_on = services[name]["depends_on"]
    assert isinstance(depends_on, dict), "use the long depends_on form to state a condition"
    assert depends_on["migrate"]["condition"] == "service_completed_successfully"


def test_every_app_environment_variable_is_documented_in_the_readme(services):
    readme = ROOT / "README.md"
    assert readme.exists(), "README.md is missing"
    documented = set(re.findall(r"`([A-Z][A-Z0-9_]*)`", readme.read_text()))
    used = {name for svc in APP_SERVICES for name in environment(services[svc])}
    assert used - documented == set()


def test_postgres_runs_with_logical_wal(services):
    in_command = "wal_level=logical" in command(services["postgres"])
    in_conf = re.search(r"^\s*wal_level\s*=\s*'?logical'?", (ROOT / "deploy/postgresql.conf").read_text(), re.M)
    assert in_command or in_conf


def test_postgresql_conf_is_ascii_and_sets_logical_wal():
    text = (ROOT / "deploy/postgresql.conf").read_bytes()
    assert text.isascii()
    assert re.search(rb"^wal_level = logical\b", text, re.M)


def test_nginx_proxies_to_the_api_with_its_body_limit():
    conf = (ROOT / "deploy/nginx.conf").read_text()
    assert re.search(r"server\s+api:8000\s*;", conf)
    assert re.search(r"client_max_body_size\s+1m\s*;", conf)


def test_dockerfile_installs_libpq_dev_for_pgmigrate():
    dockerfile = ROOT / "Dockerfile"
    assert dockerfile.exists()
    assert re.search(r"apt-get install[^\n]*\blibpq-dev\b", dockerfile.read_text())

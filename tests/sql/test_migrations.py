"""Migrations: pgmigrate for the append-only files, checksummed re-application for functions and views."""

from __future__ import annotations

import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg
import pytest

from app.migrate import DB_DIR, MigrationError, migrate
from tests.conftest import conn_dsn
from tests.schema_snapshot import SNAPSHOT, dump_schema


@pytest.fixture
def empty_db(pg18_server):
    """A brand-new empty database on the embedded PostgreSQL 18."""
    name = f"empty_{uuid.uuid4().hex[:10]}"
    admin = f"postgresql://postgres@{pg18_server.host}:{pg18_server.port}/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'create database "{name}"')
    yield f"postgresql://postgres@{pg18_server.host}:{pg18_server.port}/{name}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'drop database "{name}" with (force)')


def test_every_sql_file_is_ascii():
    for path in DB_DIR.rglob("*.sql"):
        path.read_bytes().decode("ascii")  # pgmigrate rejects any other byte


def test_migrating_an_empty_database_then_again_changes_nothing(empty_db):
    first = migrate(empty_db)
    assert first.version == max(int(p.name[1:5]) for p in (DB_DIR / "migrations").glob("V*.sql"))
    assert set(first.reapplied) == {p.relative_to(DB_DIR).as_posix()
                                    for d in ("functions", "views") for p in (DB_DIR / d).glob("*.sql")}
    before = dump_schema(empty_db)
    second = migrate(empty_db)
    assert second.reapplied == [] and second.version == first.version
    assert dump_schema(empty_db) == before


def test_pgmigrate_run_by_hand_builds_the_same_schema(empty_db, pg18):
    """A DBA with no Python from this project: `pgmigrate -d db -t latest -c DSN migrate`."""
    exe = Path(sys.executable).with_name("pgmigrate")
    subprocess.run([str(exe), "-d", str(DB_DIR), "-t", "latest", "-c", empty_db, "migrate"],
                   check=True, capture_output=True)
    assert dump_schema(empty_db) == dump_schema(conn_dsn(pg18))


def test_the_migrated_schema_matches_the_committed_snapshot(pg18):
    assert dump_schema(conn_dsn(pg18)) == SNAPSHOT.read_text(), (
        "db/schema.sql is stale: run `make schema` after an intended schema change")


def test_editing_a_function_then_migrate_deploys_the_edit(empty_db, tmp_path):
    db_dir = tmp_path / "db"
    shutil.copytree(DB_DIR, db_dir)
    migrate(empty_db, db_dir)
    path = db_dir / "functions" / "011_tenancy_api.sql"
    text = path.read_text()
    edited = text.replace("SELECT jsonb_build_object('role', current_user,",
                          "SELECT jsonb_build_object('edited', true, 'role', current_user,")
    assert edited != text
    path.write_text(edited)
    result = migrate(empty_db, db_dir)
    assert result.reapplied == ["functions/011_tenancy_api.sql"]
    with psycopg.connect(empty_db) as conn:
        assert conn.execute("select api.whoami() ->> 'edited'").fetchone()[0] == "true"


def test_a_broken_function_file_rolls_back_every_file_of_the_run(empty_db, tmp_path):
    db_dir = tmp_path / "db"
    shutil.copytree(DB_DIR, db_dir)
    migrate(empty_db, db_dir)
    good = db_dir / "functions" / "000_base.sql"
    good.write_text(good.read_text() + "\n-- touched\n")
    bad = db_dir / "functions" / "011_tenancy_api.sql"
    bad.write_text(bad.read_text() + "\nCREATE FUNCTION api.broken( RETURNS int;\n")
    with pytest.raises(MigrationError, match="011_tenancy_api.sql"):
        migrate(empty_db, db_dir)
    with psycopg.connect(empty_db) as conn:
        deployed = dict(conn.execute("select path, checksum from private.deployed_sql_files").fetchall())
    # 000_base.sql's new checksum was not recorded: the whole run rolled back.
    import hashlib
    assert deployed["functions/000_base.sql"] != hashlib.sha256(good.read_bytes()).hexdigest()


def test_auth_shim_leaves_an_existing_auth_schema_alone(empty_db):
    """On Supabase, schema auth exists (with more columns than we use): the shim must not touch it."""
    with psycopg.connect(empty_db, autocommit=True) as conn:
        conn.execute("""
            create schema auth;
            create table auth.users (
                instance_id uuid, id uuid primary key, aud varchar(255), role varchar(255), email varchar(255),
                encrypted_password varchar(255), email_confirmed_at timestamptz, last_sign_in_at timestamptz,
                raw_app_meta_data jsonb, raw_user_meta_data jsonb, is_super_admin boolean,
                created_at timestamptz, updated_at timestamptz, phone text, banned_until timestamptz,
                deleted_at timestamptz, is_anonymous boolean not null default false, is_sso_user boolean,
                supabase_marker text default 'real');
            create function auth.uid() returns uuid language sql stable as
              $$ select (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'sub')::uuid $$;
            create function auth.jwt() returns jsonb language sql stable as
              $$ select nullif(current_setting('request.jwt.claims', true), '')::jsonb $$;
            create function auth.role() returns text language sql stable as
              $$ select nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'role' $$;
            create function auth.email() returns text language sql stable as
              $$ select nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'email' $$;
            grant usage on schema auth to public;
            grant execute on all functions in schema auth to public;
        """)
    migrate(empty_db)
    with psycopg.connect(empty_db) as conn:
        cols = [r[0] for r in conn.execute(
            "select column_name from information_schema.columns where table_schema = 'auth' "
            "and table_name = 'users' order by ordinal_position")]
        assert cols[-2:] == ["is_sso_user", "supabase_marker"]
        assert conn.execute("select to_regclass('auth.users_email_key')").fetchone()[0] is None
        # and the policies work on top of it
        user = conn.execute("insert into auth.users (id, email) values (gen_random_uuid(), 'x@example.test') "
                            "returning id").fetchone()[0]
        conn.execute("select set_config('role', 'authenticated', false), set_config('request.jwt.claims', %s, false)",
                     (f'{{"sub": "{user}", "role": "authenticated"}}',))
        tenant = conn.execute("select api.create_tenant(name => 'On Supabase', slug => 'on-supabase')").fetchone()[0]
        assert tenant["role"] == "owner"


def test_storage_shim_leaves_an_existing_storage_schema_alone_and_applies_the_policies_to_it(empty_db):
    """On Supabase, schema storage exists (Supabase Storage's own tables, more columns than the shim):
    V0020 adds iFarm's buckets and 120_media.sql its policies and triggers to the real storage.objects."""
    with psycopg.connect(empty_db, autocommit=True) as conn:
        conn.execute("""
            create schema storage;
            create table storage.buckets (id text primary key, name text not null unique, owner uuid, owner_id text,
                public boolean default false, avif_autodetection boolean default false, file_size_limit bigint,
                allowed_mime_types text[], type text default 'STANDARD', created_at timestamptz default now(),
                updated_at timestamptz default now());
            create table storage.objects (id uuid primary key default gen_random_uuid(),
                bucket_id text references storage.buckets (id), name text, owner uuid, owner_id text,
                created_at timestamptz default now(), updated_at timestamptz default now(),
                last_accessed_at timestamptz default now(), metadata jsonb,
                path_tokens text[] generated always as (string_to_array(name, '/')) stored, version text,
                user_metadata jsonb, level integer, supabase_marker text default 'real');
            create unique index bucketid_objname on storage.objects (bucket_id, name);
            alter table storage.objects enable row level security;
            create function storage.foldername(name text) returns text[] language sql immutable as
              $$ select (string_to_array(name, '/'))[1:array_length(string_to_array(name, '/'), 1) - 1] $$;
            insert into storage.buckets (id, name, public) values ('avatars', 'avatars', true);
        """)
    migrate(empty_db)
    with psycopg.connect(empty_db) as conn:
        assert conn.execute("select count(*) from storage.objects where supabase_marker is null").fetchone()[0] == 0
        assert conn.execute("select to_regprocedure('storage.search(text, text, integer, integer, integer, text, "
                            "text, text)')").fetchone()[0] is None  # the shim's functions were not made
        assert sorted(r[0] for r in conn.execute("select id from storage.buckets")) == [
            "animal-photos", "avatars", "documents", "farm-photos", "profile-pictures"]
        policies = {r[0] for r in conn.execute("select policyname from pg_policies where schemaname = 'storage'")}
        assert "ifarm members upload the media they added" in policies
        triggers = {r[0] for r in conn.execute(
            "select tgname from pg_trigger where tgrelid = 'storage.objects'::regclass")}
        assert {"ifarm_check_media_object", "ifarm_media_object_stored", "ifarm_media_object_removed"} <= triggers


def test_migrate_sets_the_authenticator_password_when_given(empty_db, monkeypatch):
    monkeypatch.setenv("AUTHENTICATOR_PASSWORD", "s3cret-for-the-api")
    migrate(empty_db)
    with psycopg.connect(empty_db) as conn:
        stored = conn.execute("select rolpassword from pg_authid where rolname = 'authenticator'").fetchone()[0]
    assert stored and stored.startswith("SCRAM-SHA-256$")

"""The Supabase Storage backend (STORAGE_BACKEND=supabase), proven against Supabase Storage's documented
HTTP contract only: real Supabase cannot be reached from here, so SUPABASE_URL points at a second iFarm
API (its own database, the local backend) whose /storage/v1 speaks that API, and SUPABASE_SERVICE_KEY
is a service_role key for it. The first API keeps deciding in its own database (the same policies);
the bytes live in the second."""

from __future__ import annotations

import os
from datetime import UTC, datetime

import httpx
import psycopg
import pytest
from storage3 import SyncStorageClient

from tests.api.conftest import SECRET, start_api, stop_api
from tests.api.test_storage import ANON_KEY, JPEG, PDF, Storage, key, storage_error
from tests.conftest import TODAY, dsn, noon_utc, set_database_clock


@pytest.fixture(scope="module")
def standin(pg18_proc, tmp_path_factory) -> Storage:
    """'Supabase Storage': an iFarm API on its own database and data directory."""
    name = f"ifarm_supabase_{os.getpid()}"
    admin = dsn(pg18_proc.host, pg18_proc.port, "postgres", "postgres")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'drop database if exists "{name}" with (force)')
        conn.execute(f'create database "{name}" template "{pg18_proc.template_dbname}"')
    url = dsn(pg18_proc.host, pg18_proc.port, "postgres", name)
    with psycopg.connect(url, autocommit=True) as conn:
        set_database_clock(conn, noon_utc(TODAY))
    data_dir = tmp_path_factory.mktemp("supabase-standin")
    proc, base = start_api(url, {}, data_dir)
    yield Storage(base, url, data_dir, proc.pid)
    stop_api(proc)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'drop database if exists "{name}" with (force)')


SERVICE_KEY = key("service_role")
pytestmark = pytest.mark.xdist_group("storage")


@pytest.fixture(scope="module")
def ifarm(api_db, standin, tmp_path_factory) -> Storage:
    data_dir = tmp_path_factory.mktemp("supabase-backed")
    proc, base = start_api(api_db, {"STORAGE_BACKEND": "supabase", "SUPABASE_URL": standin.base_url,
                                    "SUPABASE_SERVICE_KEY": SERVICE_KEY}, data_dir)
    yield Storage(base, api_db, data_dir, proc.pid)
    stop_api(proc)


def test_uploads_through_ifarm_land_in_supabase_storage_and_come_back(ifarm: Storage, standin: Storage):
    f = ifarm.farm()
    owner = f["owner"]
    item = ifarm.media(owner, f["t"], f"animals/{f['cow']}").json()
    client = SyncStorageClient(f"{ifarm.base_url}/storage/v1/",
                               {"apikey": ANON_KEY, "Authorization": f"Bearer {owner['access_token']}"})
    photos = client.from_("animal-photos")
    photos.upload(item["path"], JPEG, {"content-type": "image/jpeg"})
    assert standin.file("animal-photos", item["path"]).read_bytes() == JPEG  # the bytes are in "Supabase"
    assert not ifarm.file("animal-photos", item["path"]).exists()
    assert ("animal-photos", item["path"]) in ifarm.objects() and ("animal-photos", item["path"]) in standin.objects()
    assert photos.download(item["path"]) == JPEG  # streamed back from it
    assert httpx.get(photos.create_signed_url(item["path"], 60)["signedURL"]).content == JPEG

    listed = ifarm.http.get(f"{f['t']}/animals/{f['cow']}/media", headers=owner["headers"]).json()["results"]
    signed = listed[0]["signed_url"]
    assert signed.startswith(f"{standin.base_url}/storage/v1/object/sign/animal-photos/")  # Supabase's own URL
    assert httpx.get(signed).content == JPEG

    assert [o["name"] for o in photos.remove([item["path"]])] == [item["path"]]
    assert not standin.file("animal-photos", item["path"]).exists()
    assert ("animal-photos", item["path"]) not in standin.objects()


def test_ifarms_policies_still_decide_with_the_supabase_backend(ifarm: Storage, standin: Storage):
    f = ifarm.farm()
    item = ifarm.media(f["owner"], f["t"], f"animals/{f['cow']}").json()
    storage_error(ifarm.upload(f["worker"], item["bucket"], item["path"], JPEG), "403")  # no access to the farm
    stranger = ifarm.signup()
    ifarm.tenant(stranger)
    storage_error(ifarm.upload(stranger, item["bucket"], item["path"], JPEG, upsert=True), "403")
    assert ("animal-photos", item["path"]) not in standin.objects()
    assert ifarm.upload(f["owner"], item["bucket"], item["path"], JPEG).status_code == 200
    storage_error(ifarm.http.get(f"/storage/v1/object/animal-photos/{item['path']}", headers=ifarm.headers(stranger)),
                  "404")
    storage_error(ifarm.upload(f["owner"], item["bucket"], item["path"], PDF, "image/jpeg", upsert=True), "415")
    assert standin.file("animal-photos", item["path"]).read_bytes() == JPEG


def test_the_cleanup_job_removes_orphans_from_supabase_storage(ifarm: Storage, standin: Storage, monkeypatch):
    from scheduler.jobs import REGISTRY

    f = ifarm.farm()
    item = ifarm.media(f["owner"], f["t"], f"animals/{f['cow']}").json()
    assert ifarm.upload(f["owner"], item["bucket"], item["path"], JPEG).status_code == 200
    assert ifarm.http.delete(f"{f['t']}/animals/{f['cow']}", headers=f["owner"]["headers"]).status_code == 200
    monkeypatch.setenv("STORAGE_BACKEND", "supabase")
    monkeypatch.setenv("SUPABASE_URL", standin.base_url)
    monkeypatch.setenv("SUPABASE_SERVICE_KEY", SERVICE_KEY)
    monkeypatch.setenv("IFARM_DATA_DIR", str(ifarm.data_dir))
    monkeypatch.setenv("JWT_SECRET", SECRET)
    job = next(j for j in REGISTRY if j.name == "remove_orphaned_media")
    with psycopg.connect(ifarm.db_url, autocommit=True) as conn:
        assert job.run(conn, datetime.now(UTC)) >= 1
    assert not standin.file("animal-photos", item["path"]).exists()
    assert ("animal-photos", item["path"]) not in standin.objects()
    assert ("animal-photos", item["path"]) not in ifarm.objects()

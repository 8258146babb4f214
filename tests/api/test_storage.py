"""iFarm's /storage/v1 over real HTTP (httpx), with the real storage3 and supabase clients, against an
`ifarm api` process on the local storage backend: uploads, downloads, signed and public URLs, lists,
removals, the media routes; what a stranger, a worker without the farm, a wrong file, an oversized file
or a forged path get; and a 50 MB file through bounded memory."""

from __future__ import annotations

import hashlib
import http.client
import os
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

import httpx
import jwt
import psycopg
import pytest
from storage3 import SyncStorageClient
from storage3.exceptions import StorageApiError

from tests.api.conftest import SECRET, Api, start_api, stop_api

# One xdist worker runs every storage module: they start API processes and move 50 MB.
pytestmark = pytest.mark.xdist_group("storage")

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 5000 + b"\xff\xd9"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 5000
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n" + b"0" * 5000 + b"\n%%EOF\n"
HTML = b"<!DOCTYPE html><html><script>alert(1)</script></html>" + b" " * 5000


def key(role: str, **extra) -> str:
    now = int(time.time())
    return jwt.encode({"role": role, "iss": "supabase", "iat": now, "exp": now + 3600, **extra}, SECRET,
                      algorithm="HS256")


ANON_KEY = key("anon")


class Storage(Api):
    def __init__(self, base_url: str, db_url: str, data_dir: Path, pid: int):
        super().__init__(base_url, db_url)
        self.data_dir = data_dir
        self.pid = pid

    def headers(self, session: dict | None) -> dict:
        return {"apikey": ANON_KEY, **(session["headers"] if session else {"Authorization": f"Bearer {ANON_KEY}"})}

    def farm(self) -> dict:
        """An owner, their tenant, two farms (a worker granted the first), an animal on the second."""
        owner = self.signup()
        tenant = self.tenant(owner)
        t = f"/api/v1/tenants/{tenant}"
        north, south = (self.http.post(f"{t}/farms", json={"name": n}, headers=owner["headers"]).json()["id"]
                        for n in ("North", "South"))
        cow = self.http.post(f"{t}/animals", json={"farm_id": south, "tag_number": "C1", "species": "cattle",
                                                   "sex": "female"}, headers=owner["headers"]).json()["id"]
        worker = self.join(owner, tenant, "worker")
        r = self.http.put(f"{t}/farms/{north}/access/{worker['user']['id']}", headers=owner["headers"])
        assert r.status_code == 200, r.text
        return {"owner": owner, "tenant": tenant, "t": t, "north": north, "south": south, "cow": cow,
                "worker": worker}

    def media(self, session: dict, t: str, subject: str, content_type: str = "image/jpeg", **extra) -> httpx.Response:
        return self.http.post(f"{t}/{subject}/media", json={"content_type": content_type, **extra},
                              headers=session["headers"])

    def upload(self, session: dict | None, bucket: str, path: str, data: bytes, content_type: str = "image/jpeg",
               upsert: bool = False, method: str = "POST") -> httpx.Response:
        return self.http.request(method, f"/storage/v1/object/{bucket}/{path}",
                                 data={"cacheControl": "3600"}, files={"file": ("photo", data, content_type)},
                                 headers={**self.headers(session), "x-upsert": str(upsert).lower()})

    def objects(self) -> list[tuple[str, str]]:
        return self.sql("select bucket_id, name from storage.objects order by 1, 2")

    def file(self, bucket: str, name: str) -> Path:
        return self.data_dir / "media" / "buckets" / bucket / name


@pytest.fixture(scope="module")
def storage(api_db, tmp_path_factory) -> Storage:
    data_dir = tmp_path_factory.mktemp("storage-api")
    proc, base = start_api(api_db, {}, data_dir)
    yield Storage(base, api_db, data_dir, proc.pid)
    stop_api(proc)


def storage_error(r: httpx.Response, status: str, error: str | None = None) -> dict:
    """Storage's shape: HTTP 400 and the real status in the body."""
    assert r.status_code == 400, (r.status_code, r.text)
    body = r.json()
    assert set(body) == {"statusCode", "code", "error", "message"} and body["statusCode"] == status, body
    if error:
        assert body["error"] == error, body
    return body


def test_upload_download_sign_list_and_remove_over_http(storage: Storage):
    f = storage.farm()
    owner = f["owner"]
    item = storage.media(owner, f["t"], f"animals/{f['cow']}").json()
    r = storage.upload(owner, item["bucket"], item["path"], JPEG)
    assert r.status_code == 200, r.text
    assert r.json()["Key"] == f"animal-photos/{item['path']}" and uuid.UUID(r.json()["Id"])
    assert storage.file("animal-photos", item["path"]).read_bytes() == JPEG

    for route in ("object", "object/authenticated"):
        r = storage.http.get(f"/storage/v1/{route}/animal-photos/{item['path']}", headers=storage.headers(owner))
        assert r.status_code == 200 and r.content == JPEG
        assert r.headers["content-type"] == "image/jpeg" and r.headers["cache-control"] == "max-age=3600"
        assert r.headers["etag"] == f'"{hashlib.md5(JPEG).hexdigest()}"'
    info = storage.http.get(f"/storage/v1/object/info/animal-photos/{item['path']}", headers=storage.headers(owner))
    assert info.json()["size"] == len(JPEG)

    for expires in ("60", 60):  # supabase-py sends a string, supabase-js a number
        r = storage.http.post(f"/storage/v1/object/sign/animal-photos/{item['path']}", json={"expiresIn": expires},
                              headers=storage.headers(owner))
        signed = r.json()["signedURL"]
        assert signed.startswith(f"/object/sign/animal-photos/{item['path']}?token=")
        assert httpx.get(f"{storage.base_url}/storage/v1{signed}").content == JPEG  # no credentials

    r = storage.http.post("/storage/v1/object/list/animal-photos", json={
        "prefix": f["tenant"], "limit": 100, "offset": 0, "sortBy": {"column": "name", "order": "asc"}},
        headers=storage.headers(owner))
    assert [o["name"] for o in r.json()] == [item["path"].split("/")[1]]
    assert r.json()[0]["metadata"]["mimetype"] == "image/jpeg"

    listed = storage.http.get(f"{f['t']}/animals/{f['cow']}/media", headers=owner["headers"]).json()
    assert listed["count"] == 1 and listed["results"][0]["status"] == "ready"
    assert httpx.get(storage.base_url + listed["results"][0]["signed_url"]).content == JPEG

    r = storage.http.request("DELETE", "/storage/v1/object/animal-photos", json={"prefixes": [item["path"]]},
                             headers=storage.headers(owner))
    assert [o["name"] for o in r.json()] == [item["path"]]
    assert not storage.file("animal-photos", item["path"]).exists()
    storage_error(storage.http.get(f"/storage/v1/object/animal-photos/{item['path']}", headers=storage.headers(owner)),
                  "404", "not_found")
    assert storage.http.get(f"{f['t']}/animals/{f['cow']}/media", headers=owner["headers"]).json()["count"] == 0


def test_the_real_storage3_client_uploads_signs_lists_and_removes(storage: Storage):
    f = storage.farm()
    owner = f["owner"]
    item = storage.media(owner, f["t"], f"farms/{f['north']}", "image/png").json()
    client = SyncStorageClient(f"{storage.base_url}/storage/v1/",
                               {"apikey": ANON_KEY, "Authorization": f"Bearer {owner['access_token']}"})
    bucket = client.from_("farm-photos")
    assert bucket.upload(item["path"], PNG, {"content-type": "image/png"}).path == item["path"]
    assert bucket.download(item["path"]) == PNG
    assert bucket.exists(item["path"])
    signed = bucket.create_signed_url(item["path"], 60)["signedURL"]
    assert httpx.get(signed).content == PNG
    [many] = bucket.create_signed_urls([item["path"]], 60)
    assert many["error"] is None and httpx.get(many["signedURL"]).content == PNG
    assert [o["name"] for o in bucket.list(f["tenant"])] == [item["path"].split("/")[1]]
    assert bucket.update(item["path"], PNG + b"more", {"content-type": "image/png"}).path == item["path"]
    assert bucket.download(item["path"]) == PNG + b"more"
    assert {b.id for b in client.list_buckets()} == {"profile-pictures", "animal-photos", "farm-photos", "documents"}
    assert [o["name"] for o in bucket.remove([item["path"]])] == [item["path"]]
    assert not bucket.exists(item["path"])


def test_the_supabase_client_signed_in_against_ifarm_works_unchanged(storage: Storage):
    from supabase import create_client

    f = storage.farm()
    item = storage.media(f["owner"], f["t"], f"animals/{f['cow']}").json()
    client = create_client(storage.base_url, ANON_KEY)
    client.auth.sign_in_with_password({"email": f["owner"]["email"], "password": f["owner"]["password"]})
    photos = client.storage.from_("animal-photos")
    photos.upload(item["path"], JPEG, {"content-type": "image/jpeg"})
    assert httpx.get(photos.create_signed_url(item["path"], 30)["signedURL"]).content == JPEG
    assert [o["name"] for o in photos.list(f["tenant"])] == [item["path"].split("/")[1]]
    photos.remove([item["path"]])
    assert photos.list(f["tenant"]) == []


def test_a_user_of_another_tenant_reads_signs_lists_and_removes_none_of_it(storage: Storage):
    f = storage.farm()
    item = storage.media(f["owner"], f["t"], f"animals/{f['cow']}").json()
    assert storage.upload(f["owner"], item["bucket"], item["path"], JPEG).status_code == 200
    stranger = storage.signup()
    storage.tenant(stranger)
    h = storage.headers(stranger)
    for route in ("object", "object/authenticated", "object/info"):
        storage_error(storage.http.get(f"/storage/v1/{route}/animal-photos/{item['path']}", headers=h), "404")
    storage_error(storage.http.post(f"/storage/v1/object/sign/animal-photos/{item['path']}", json={"expiresIn": 60},
                                    headers=h), "404")
    [signed] = storage.http.post("/storage/v1/object/sign/animal-photos", json={"paths": [item["path"]],
                                                                                "expiresIn": 60}, headers=h).json()
    assert signed["signedURL"] is None and signed["error"]
    assert storage.http.post("/storage/v1/object/list/animal-photos", json={"prefix": f["tenant"]},
                             headers=h).json() == []
    assert storage.http.request("DELETE", "/storage/v1/object/animal-photos", json={"prefixes": [item["path"]]},
                                headers=h).json() == []
    body = storage_error(storage.upload(stranger, item["bucket"], item["path"], PNG, upsert=True), "403")
    assert body["message"] == "new row violates row-level security policy"
    r = storage.http.get(f"{f['t']}/animals/{f['cow']}/media", headers=stranger["headers"])
    assert r.status_code == 403
    anon = storage.headers(None)
    storage_error(storage.http.get(f"/storage/v1/object/animal-photos/{item['path']}", headers=anon), "404")
    storage_error(storage.http.get(f"/storage/v1/object/public/animal-photos/{item['path']}"), "404",
                  "Bucket not found")
    assert storage.file("animal-photos", item["path"]).read_bytes() == JPEG


def test_a_worker_without_the_farm_cannot_upload_an_animal_photo_of_it(storage: Storage):
    f = storage.farm()
    worker = f["worker"]
    r = storage.media(worker, f["t"], f"animals/{f['cow']}")
    assert r.status_code == 403 and r.json()["hint"] == "permission_denied"
    item = storage.media(f["owner"], f["t"], f"animals/{f['cow']}").json()
    storage_error(storage.upload(worker, item["bucket"], item["path"], JPEG), "403", "Unauthorized")
    assert not storage.file("animal-photos", item["path"]).exists()
    calf = storage.http.post(f"{f['t']}/animals", json={"farm_id": f["north"], "tag_number": "N1", "species": "cattle",
                                                        "sex": "male"}, headers=f["owner"]["headers"]).json()["id"]
    mine = storage.media(worker, f["t"], f"animals/{calf}").json()
    assert storage.upload(worker, mine["bucket"], mine["path"], JPEG).status_code == 200


def test_a_file_whose_bytes_are_not_the_declared_type_is_refused(storage: Storage):
    f = storage.farm()
    item = storage.media(f["owner"], f["t"], f"animals/{f['cow']}").json()
    before = len(os.listdir(storage.data_dir / "media" / ".staging"))
    body = storage_error(storage.upload(f["owner"], item["bucket"], item["path"], HTML, "image/jpeg"), "415",
                         "invalid_mime_type")
    assert body["message"] == "mime type text/html is not supported"
    # an accepted type, but not the one the media file was added for
    storage_error(storage.upload(f["owner"], item["bucket"], item["path"], PNG, "image/jpeg"), "415")
    assert (item["bucket"], item["path"]) not in storage.objects()
    assert not storage.file("animal-photos", item["path"]).exists()
    assert len(os.listdir(storage.data_dir / "media" / ".staging")) == before
    r = storage.media(f["owner"], f["t"], f"animals/{f['cow']}", "text/html")
    assert r.status_code == 415 and r.json()["hint"] == "invalid_mime_type"


def test_a_file_over_the_buckets_limit_is_refused(storage: Storage):
    f = storage.farm()
    item = storage.media(f["owner"], f["t"], f"members/{f['owner']['user']['id']}").json()
    big = JPEG[:-2] + b"\x00" * (2 * 1024 * 1024) + b"\xff\xd9"  # profile pictures take 2 MiB
    storage_error(storage.upload(f["owner"], item["bucket"], item["path"], big), "413", "Payload too large")
    raw = storage.http.post(f"/storage/v1/object/{item['bucket']}/{item['path']}", content=big,
                            headers={**storage.headers(f["owner"]), "content-type": "image/jpeg"})
    storage_error(raw, "413")
    chunked = storage.http.post(f"/storage/v1/object/{item['bucket']}/{item['path']}", content=iter([big]),
                                headers={**storage.headers(f["owner"]), "content-type": "image/jpeg"})
    storage_error(chunked, "413")  # no Content-Length: counted while streaming
    assert (item["bucket"], item["path"]) not in storage.objects()
    assert storage.upload(f["owner"], item["bucket"], item["path"], JPEG).status_code == 200


def test_a_signed_url_serves_until_it_expires_and_only_its_object(storage: Storage):
    f = storage.farm()
    item = storage.media(f["owner"], f["t"], f"animals/{f['cow']}").json()
    storage.upload(f["owner"], item["bucket"], item["path"], JPEG)
    url = f"/storage/v1/object/sign/animal-photos/{item['path']}"

    def token(issued: float, expires_in: int, url_claim: str = f"animal-photos/{item['path']}",
              secret: str = SECRET) -> str:
        return jwt.encode({"url": url_claim, "scope": "download", "iat": int(issued),
                           "exp": int(issued) + expires_in}, secret, algorithm="HS256")

    now = time.time()
    assert storage.http.get(url, params={"token": token(now, 60)}).content == JPEG
    storage_error(storage.http.get(url, params={"token": token(now - 120, 60)}), "400", "ExpiredToken")
    storage_error(storage.http.get(url, params={"token": token(now, 60, "animal-photos/other.jpg")}), "400",
                  "InvalidSignature")
    storage_error(storage.http.get(url, params={"token": token(now, 60, secret="x" * 40)}), "400", "InvalidJWT")
    storage_error(storage.http.get(url), "400", "MissingParameter")
    # exp is the whole second of signing plus expiresIn (as Storage signs): 2 leaves at least a second
    # for the first fetch, however late in its second the URL was signed.
    short = storage.http.post(url, json={"expiresIn": 2}, headers=storage.headers(f["owner"])).json()["signedURL"]
    assert storage.http.get(f"/storage/v1{short}").status_code == 200
    expires = jwt.decode(short.split("token=")[1], options={"verify_signature": False})["exp"]
    time.sleep(max(0.0, expires - time.time()) + 0.05)  # at most two seconds past the signing
    storage_error(storage.http.get(f"/storage/v1{short}"), "400", "ExpiredToken")
    for bad in (0, "0", -5, "soon", None, 1.5):
        storage_error(storage.http.post(url, json={"expiresIn": bad}, headers=storage.headers(f["owner"])), "400")


def test_a_50_mb_document_streams_through_bounded_memory(storage: Storage):
    f = storage.farm()
    item = storage.media(f["owner"], f["t"], f"farms/{f['north']}", "application/pdf",
                         document_type="contract").json()
    size, block = 50_000_000, os.urandom(1 << 20)
    digest = hashlib.md5()

    def body():
        yield PDF[:64]
        sent = 64
        digest.update(PDF[:64])
        while sent < size:
            part = block[: min(len(block), size - sent)]
            digest.update(part)
            sent += len(part)
            yield part

    Path(f"/proc/{storage.pid}/clear_refs").write_text("5")  # resets the process's peak RSS
    before = _rss(storage.pid)
    r = storage.http.post(f"/storage/v1/object/documents/{item['path']}", content=body(), timeout=120,
                          headers={**storage.headers(f["owner"]), "content-type": "application/pdf"})
    assert r.status_code == 200, r.text
    upload_peak = _peak(storage.pid) - before
    assert storage.file("documents", item["path"]).stat().st_size == size
    Path(f"/proc/{storage.pid}/clear_refs").write_text("5")
    before = _rss(storage.pid)
    received = hashlib.md5()
    with storage.http.stream("GET", f"/storage/v1/object/documents/{item['path']}", timeout=120,
                             headers=storage.headers(f["owner"])) as r:
        assert r.headers["content-length"] == str(size)
        for chunk in r.iter_bytes():
            received.update(chunk)
    download_peak = _peak(storage.pid) - before
    assert received.hexdigest() == digest.hexdigest()
    # A 50 MB body held whole would raise the peak by at least 50 MB.
    assert upload_peak < 20 * 1024 * 1024 and download_peak < 20 * 1024 * 1024, (upload_peak, download_peak)


def _status(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) * 1024
    raise AssertionError(field)


def _rss(pid: int) -> int:
    return _status(pid, "VmRSS")


def _peak(pid: int) -> int:
    return _status(pid, "VmHWM")


def test_path_traversal_and_bucket_or_name_injection_are_refused(storage: Storage):
    f = storage.farm()
    h = storage.headers(f["owner"])
    outside = storage.data_dir / "media" / "escaped.jpg"
    for path in ("..%2F..%2Fescaped.jpg", f"{f['tenant']}/%2E%2E/%2E%2E/%2E%2E/escaped.jpg", "a//b.jpg",
                 "a/./b.jpg", "a\\..\\b.jpg", "a%00.jpg", "a/b.jpg%0D%0AX-Injected:1", "%2Fetc%2Fpasswd"):
        r = storage.http.post(f"/storage/v1/object/animal-photos/{path}", content=JPEG,
                              headers={**h, "content-type": "image/jpeg"})
        assert r.status_code in (400, 404), (path, r.status_code)
        if r.status_code == 400:
            assert r.json()["statusCode"] in ("400", "403"), (path, r.text)
    # a client that does not normalize the path (http.client sends it as given)
    conn = http.client.HTTPConnection(storage.base_url.removeprefix("http://"))
    conn.request("GET", "/storage/v1/object/animal-photos/../../../../etc/passwd", headers=h)
    resp = conn.getresponse()
    assert resp.status in (400, 404) and b"root:" not in resp.read()
    conn.close()
    for bucket in ("animal-photos'%3B drop table media_files--", "..", "nope", "animal-photos%2F.."):
        r = storage.http.post(f"/storage/v1/object/list/{bucket}", json={"prefix": ""}, headers=h)
        assert r.status_code in (400, 404) and "statusCode" in r.json(), (bucket, r.text)
    storage_error(storage.http.post("/storage/v1/object/list/nope", json={"prefix": ""}, headers=h), "404",
                  "Bucket not found")
    for sort in ({"column": "name; drop table media_files", "order": "asc"}, {"column": "name", "order": "up"}):
        storage_error(storage.http.post("/storage/v1/object/list/animal-photos", json={"prefix": "", "sortBy": sort},
                                        headers=h), "400")
    hostile = storage.http.post("/storage/v1/object/list/animal-photos", json={"prefix": "' or 1=1 --/"}, headers=h)
    assert hostile.json() == []
    assert not outside.exists()
    assert storage.sql("select count(*) from media_files")[0][0] >= 0  # the table is still there


def test_profile_pictures_are_served_by_public_url_without_credentials(storage: Storage):
    f = storage.farm()
    item = storage.media(f["worker"], f["t"], f"members/{f['worker']['user']['id']}", "image/webp").json()
    webp = b"RIFF\x24\x00\x00\x00WEBPVP8 \x18\x00\x00\x00" + b"\x00" * 3000
    assert storage.upload(f["worker"], item["bucket"], item["path"], webp, "image/webp").status_code == 200
    r = httpx.get(storage.base_url + item["public_url"])
    assert r.status_code == 200 and r.content == webp and r.headers["content-type"] == "image/webp"


def test_buckets_are_listed_as_storage_lists_them(storage: Storage):
    owner = storage.signup()
    buckets = storage.http.get("/storage/v1/bucket", headers=storage.headers(owner)).json()
    assert {b["id"]: (b["public"], b["file_size_limit"], b["allowed_mime_types"]) for b in buckets} == {
        "profile-pictures": (True, 2097152, ["image/jpeg", "image/png", "image/webp"]),
        "animal-photos": (False, 10485760, ["image/jpeg", "image/png", "image/webp"]),
        "farm-photos": (False, 10485760, ["image/jpeg", "image/png", "image/webp"]),
        "documents": (False, 52428800, ["application/pdf", "image/jpeg", "image/png"])}
    assert all(isinstance(b["owner"], str) and b["created_at"] for b in buckets)
    assert storage.http.get("/storage/v1/bucket", headers=storage.headers(None)).json() == []
    storage_error(storage.http.get("/storage/v1/bucket/nope", headers=storage.headers(owner)), "404")


def test_a_bad_jwt_is_refused_and_a_new_format_key_is_anon(storage: Storage):
    bad = jwt.encode({"role": "authenticated", "sub": str(uuid.uuid4()), "exp": int(time.time()) + 60}, "wrong" * 8,
                     algorithm="HS256")
    storage_error(storage.http.get("/storage/v1/bucket", headers={"Authorization": f"Bearer {bad}"}), "403",
                  "Unauthorized")
    r = storage.http.get("/storage/v1/bucket", headers={"apikey": "sb_publishable_abc",
                                                        "Authorization": "Bearer sb_publishable_abc"})
    assert r.status_code == 200 and r.json() == []


def test_the_cleanup_job_removes_the_files_of_deleted_animals_and_tenants(storage: Storage, monkeypatch):
    from scheduler.jobs import REGISTRY

    f = storage.farm()
    owner, t = f["owner"], f["t"]
    pic = storage.media(owner, t, f"animals/{f['cow']}").json()
    report = storage.media(owner, t, f"animals/{f['cow']}", "application/pdf", document_type="vet_report").json()
    barn = storage.media(owner, t, f"farms/{f['north']}").json()
    for item, data in ((pic, JPEG), (report, PDF), (barn, JPEG)):
        assert storage.upload(owner, item["bucket"], item["path"], data,
                              "application/pdf" if data is PDF else "image/jpeg").status_code == 200
    assert storage.http.delete(f"{t}/animals/{f['cow']}", headers=owner["headers"]).status_code == 200
    assert storage.file("animal-photos", pic["path"]).exists()  # until the job runs
    job = next(j for j in REGISTRY if j.name == "remove_orphaned_media")
    monkeypatch.setenv("IFARM_DATA_DIR", str(storage.data_dir))
    monkeypatch.setenv("JWT_SECRET", SECRET)
    with psycopg.connect(storage.db_url, autocommit=True) as conn:
        assert job.run(conn, datetime.now(UTC)) >= 1
    assert not storage.file("animal-photos", pic["path"]).exists()
    assert storage.file("documents", report["path"]).exists() and storage.file("farm-photos", barn["path"]).exists()
    assert ("animal-photos", pic["path"]) not in storage.objects()
    storage.sql("delete from tenants where id = %s", (f["tenant"],))
    with psycopg.connect(storage.db_url, autocommit=True) as conn:
        job.run(conn, datetime.now(UTC))
    assert not storage.file("documents", report["path"]).exists()
    assert not storage.file("farm-photos", barn["path"]).exists()
    assert [o for o in storage.objects() if o[1].startswith(f["tenant"])] == []


def test_storage_errors_reach_storage3_as_its_exceptions(storage: Storage):
    owner = storage.signup()
    client = SyncStorageClient(f"{storage.base_url}/storage/v1/",
                               {"apikey": ANON_KEY, "Authorization": f"Bearer {owner['access_token']}"})
    with pytest.raises(StorageApiError) as err:
        client.from_("animal-photos").download(f"{uuid.uuid4()}/{uuid.uuid4()}.jpg")
    assert (err.value.status, err.value.code) == ("404", "not_found")

"""Where object bytes live. Two backends behind one interface:

- LocalBackend (the default; `make run` and the tests): files under STORAGE_DIR (default
  `<IFARM_DATA_DIR>/media/buckets/<bucket>/<name>`), written to a staging file beside them and moved
  into place with os.replace (atomic), read back in chunks: an object is never whole in memory.
- SupabaseBackend (STORAGE_BACKEND=supabase): Supabase Storage through storage3 with the service key
  (SUPABASE_URL, SUPABASE_SERVICE_KEY). Uploads stream from the staging file; downloads stream from
  Storage's authenticated object route with the client storage3 holds (its `download` reads whole
  bodies into memory, which large files must avoid).

Who may do what is decided before a backend is called, by the policies in iFarm's database
(db/functions/120_media.sql); a backend only moves bytes.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import tempfile
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Protocol
from urllib.parse import quote

import httpx

from app.config import Config, ConfigError
from app.storage import errors, naming

CHUNK = 256 * 1024


class Staged:
    """An upload being received: written to a temporary file, its size counted against the bucket's
    limit, its first bytes checked against the bucket's types, its MD5 (the ETag) taken on the way."""

    def __init__(self, directory: Path, limit: int | None, allowed: list[str] | None):
        directory.mkdir(parents=True, exist_ok=True)
        fd, path = tempfile.mkstemp(dir=directory, prefix="upload-")
        self.path = Path(path)
        self.file = os.fdopen(fd, "wb")
        self.limit = limit
        self.allowed = allowed
        self.size = 0
        self.md5 = hashlib.md5()
        self.head = bytearray()
        self.content_type: str | None = None

    def write(self, data: bytes) -> None:
        self.size += len(data)
        if self.limit is not None and self.size > self.limit:
            raise errors.entity_too_large()
        self.md5.update(data)
        if self.content_type is not None:
            self.file.write(data)
            return
        self.head += data
        if len(self.head) >= naming.SNIFF_BYTES:
            self._typed()

    def _typed(self) -> None:
        self.content_type = naming.sniff(bytes(self.head[: naming.SNIFF_BYTES]))
        if not naming.type_allowed(self.content_type, self.allowed):
            raise errors.invalid_mime_type(self.content_type)
        self.file.write(self.head)
        self.head = bytearray()

    def finish(self) -> None:
        if self.content_type is None:
            self._typed()
        self.file.flush()
        os.fsync(self.file.fileno())
        self.file.close()

    def discard(self) -> None:
        if not self.file.closed:
            self.file.close()
        self.path.unlink(missing_ok=True)

    @property
    def etag(self) -> str:
        return f'"{self.md5.hexdigest()}"'


class StorageBackend(Protocol):
    name: str

    def stage(self, limit: int | None, allowed: list[str] | None) -> Staged: ...

    async def commit(self, staged: Staged, bucket: str, name: str, cache_control: str) -> None:
        """Makes the staged bytes the object's (replacing any earlier version)."""

    async def open(self, bucket: str, name: str) -> tuple[int | None, AsyncIterator[bytes]]:
        """The object's size (None when unknown) and its bytes in chunks."""

    async def delete(self, bucket: str, names: list[str]) -> None:
        """Removes the objects' bytes; a missing object is not an error."""

    async def signed_urls(self, bucket: str, names: list[str], expires_in: int) -> dict[str, str]:
        """A URL that serves each object without credentials until it expires."""

    async def close(self) -> None: ...


class LocalBackend:
    name = "local"

    def __init__(self, root: Path, secret: str):
        self.root = root
        self.objects = root / "buckets"
        self.staging = root / ".staging"  # same filesystem as the objects: os.replace is atomic
        self.secret = secret

    def path(self, bucket: str, name: str) -> Path:
        """The file of an object, never outside its bucket's directory (names are checked before too)."""
        base = (self.objects / naming.valid_bucket(bucket)).resolve()
        path = (base / naming.valid_key(name)).resolve()
        if not path.is_relative_to(base) or path == base:
            raise errors.invalid_key(name)
        return path

    def stage(self, limit: int | None, allowed: list[str] | None) -> Staged:
        return Staged(self.staging, limit, allowed)

    async def commit(self, staged: Staged, bucket: str, name: str, cache_control: str) -> None:
        target = self.path(bucket, name)

        def move() -> None:
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(staged.path, target)

        await asyncio.to_thread(move)

    async def open(self, bucket: str, name: str) -> tuple[int | None, AsyncIterator[bytes]]:
        try:
            handle = open(self.path(bucket, name), "rb")  # noqa: SIM115 - closed by the iterator
        except (FileNotFoundError, IsADirectoryError, NotADirectoryError) as exc:
            raise errors.no_such_key() from exc
        size = os.fstat(handle.fileno()).st_size

        async def chunks() -> AsyncIterator[bytes]:
            try:
                while chunk := await asyncio.to_thread(handle.read, CHUNK):
                    yield chunk
            finally:
                handle.close()

        return size, chunks()

    async def delete(self, bucket: str, names: list[str]) -> None:
        paths = [self.path(bucket, name) for name in names]
        await asyncio.to_thread(lambda: [p.unlink(missing_ok=True) for p in paths])

    async def signed_urls(self, bucket: str, names: list[str], expires_in: int) -> dict[str, str]:
        return {name: f"/storage/v1/object/sign/{bucket}/{quote(name)}?token="
                      f"{naming.sign(self.secret, bucket, name, expires_in)}" for name in names}

    async def close(self) -> None:
        return None


class SupabaseBackend:
    name = "supabase"

    def __init__(self, url: str, service_key: str, staging: Path):
        from storage3 import AsyncStorageClient

        self.base = url.rstrip("/") + "/storage/v1/"
        self.headers = {"apikey": service_key, "Authorization": f"Bearer {service_key}"}
        self.staging = staging
        self.http = httpx.AsyncClient(timeout=httpx.Timeout(120, connect=5))
        self.client = AsyncStorageClient(self.base, self.headers, http_client=self.http)

    def stage(self, limit: int | None, allowed: list[str] | None) -> Staged:
        return Staged(self.staging, limit, allowed)

    async def commit(self, staged: Staged, bucket: str, name: str, cache_control: str) -> None:
        from storage3.exceptions import StorageApiError

        seconds = cache_control.removeprefix("max-age=")
        try:
            with open(staged.path, "rb") as body:  # httpx streams a file object's multipart part
                await self.client.from_(bucket).upload(name, body, {
                    "content-type": staged.content_type or "application/octet-stream",
                    "cache-control": seconds, "upsert": "true"})
        except StorageApiError as exc:
            raise errors.StorageError(int(exc.status) if str(exc.status).isdigit() else 500, "StorageBackend",
                                      f"Supabase Storage refused the upload: {exc.message}") from exc

    async def open(self, bucket: str, name: str) -> tuple[int | None, AsyncIterator[bytes]]:
        url = f"{self.base}object/authenticated/{quote(bucket)}/{quote(name)}"
        response = await self.http.send(self.http.build_request("GET", url, headers=self.headers), stream=True)
        if response.status_code != 200:
            await response.aread()
            await response.aclose()
            raise errors.no_such_key() if "not_found" in response.text or "404" in response.text \
                else errors.internal(f"Supabase Storage answered {response.status_code}")
        length = response.headers.get("content-length")

        async def chunks() -> AsyncIterator[bytes]:
            try:
                async for chunk in response.aiter_bytes(CHUNK):
                    yield chunk
            finally:
                await response.aclose()

        return (int(length) if length and "content-encoding" not in response.headers else None), chunks()

    async def delete(self, bucket: str, names: list[str]) -> None:
        if names:
            await self.client.from_(bucket).remove(names)

    async def signed_urls(self, bucket: str, names: list[str], expires_in: int) -> dict[str, str]:
        if not names:
            return {}
        signed = await self.client.from_(bucket).create_signed_urls(names, expires_in)
        return {item["path"]: item["signedURL"] for item in signed if not item.get("error") and item["signedURL"]}

    async def close(self) -> None:
        await self.http.aclose()


def make_backend(config: Config) -> StorageBackend:
    """The backend STORAGE_BACKEND names: local (default) or supabase."""
    if config.storage_backend == "supabase":
        if not config.supabase_url or not config.supabase_service_key:
            raise ConfigError("STORAGE_BACKEND=supabase needs SUPABASE_URL and SUPABASE_SERVICE_KEY")
        return SupabaseBackend(config.supabase_url, config.supabase_service_key, config.storage_dir / ".staging")
    if config.storage_backend != "local":
        raise ConfigError(f"STORAGE_BACKEND must be local or supabase, not {config.storage_backend!r}")
    return LocalBackend(config.storage_dir, config.secret())

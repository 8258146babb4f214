"""Reading an upload's body as Supabase Storage accepts it, streamed into a Staged file.

- multipart/form-data (supabase-py, supabase-js with a Blob or File): form fields (`cacheControl`,
  `metadata`, `contentType`) and the first part that has a filename, whatever its field name
  (supabase-js sends an empty one). Parsed incrementally by python-multipart.
- anything else is the raw bytes (supabase-js with a Buffer or ArrayBuffer): `cache-control` and
  `x-metadata` come from the headers. A raw body whose Content-Length is over the bucket's limit is
  refused before a byte is read, as Storage does.
"""

from __future__ import annotations

from sanic import Request

from app.storage import errors
from app.storage.backends import Staged

MAX_FIELD_BYTES = 64 * 1024
# A refused upload's remaining body is read and dropped, up to this much, so the client gets the
# answer instead of a reset connection; past it the connection is closed.
DRAIN_LIMIT = 64 * 1024 * 1024


async def chunks(request: Request):
    while (chunk := await request.stream.read()) is not None:
        yield chunk


async def drain(request: Request) -> None:
    """Reads what is left of a refused upload's body, within DRAIN_LIMIT."""
    if request.stream is None:
        return
    seen = 0
    try:
        async for chunk in chunks(request):
            seen += len(chunk)
            if seen > DRAIN_LIMIT:
                return
    except Exception:  # noqa: BLE001 - the client may hang up; the answer is already decided
        return


class _Form:
    """python-multipart callbacks: fields kept (small), the first file part written to the staged file."""

    def __init__(self, staged: Staged):
        self.staged = staged
        self.fields: dict[str, str] = {}
        self.file_seen = False
        self._part()

    def _part(self) -> None:
        self.headers: dict[bytes, bytes] = {}
        self.field = bytearray()
        self.value = bytearray()
        self.kind = "skip"
        self.name = ""
        self.buffer = bytearray()

    def callbacks(self) -> dict:
        return {
            "on_part_begin": self._part,
            "on_header_field": lambda data, start, end: self.field.extend(data[start:end]),
            "on_header_value": lambda data, start, end: self.value.extend(data[start:end]),
            "on_header_end": self._header_end,
            "on_headers_finished": self._headers_finished,
            "on_part_data": self._data,
            "on_part_end": self._part_end,
        }

    def _header_end(self) -> None:
        self.headers[bytes(self.field).lower()] = bytes(self.value)
        self.field = bytearray()
        self.value = bytearray()

    def _headers_finished(self) -> None:
        from python_multipart.multipart import parse_options_header

        _, params = parse_options_header(self.headers.get(b"content-disposition", b""))
        if b"filename" in params:
            self.kind = "skip" if self.file_seen else "file"  # Storage takes the first file only
            self.file_seen = True
        else:
            self.kind = "field"
            self.name = params.get(b"name", b"").decode("utf-8", "replace")

    def _data(self, data: bytes, start: int, end: int) -> None:
        if self.kind == "file":
            self.staged.write(data[start:end])
        elif self.kind == "field":
            self.buffer.extend(data[start:end])
            if len(self.buffer) > MAX_FIELD_BYTES:
                raise errors.StorageError(413, "EntityTooLarge", "The form field exceeded the maximum allowed size",
                                          "Payload too large")

    def _part_end(self) -> None:
        if self.kind == "field":
            self.fields[self.name] = self.buffer.decode("utf-8", "replace")


async def receive(request: Request, staged: Staged) -> dict[str, str | None]:
    """Streams the upload into `staged`; returns cacheControl and metadata as the client gave them."""
    content_type = request.headers.get("content-type", "")
    if content_type.lower().startswith("multipart/form-data"):
        from python_multipart.multipart import MultipartParser, parse_options_header

        _, params = parse_options_header(content_type)
        boundary = params.get(b"boundary")
        if not boundary:
            raise errors.invalid_request("multipart/form-data without a boundary")
        form = _Form(staged)
        parser = MultipartParser(boundary, form.callbacks())
        try:
            async for chunk in chunks(request):
                parser.write(chunk)
            parser.finalize()
        except errors.StorageError:
            raise
        except Exception as exc:  # noqa: BLE001 - python-multipart raises its own errors for malformed bodies
            raise errors.invalid_request(f"malformed multipart body: {exc}") from exc
        if not form.file_seen:
            raise errors.invalid_request("No content provided")
        fields = {"cacheControl": form.fields.get("cacheControl"), "metadata": form.fields.get("metadata")}
    else:
        declared = request.headers.get("content-length")
        if declared and declared.isdigit() and staged.limit is not None and int(declared) > staged.limit:
            raise errors.entity_too_large()
        async for chunk in chunks(request):
            staged.write(chunk)
        cache = request.headers.get("cache-control", "")
        fields = {"cacheControl": cache.removeprefix("max-age=") if cache else None,
                  "metadata": request.headers.get("x-metadata")}
    staged.finish()
    return fields

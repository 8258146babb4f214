"""Signed URLs for the media files the API lists (the rows come from SQL; only the signing is here)."""

from __future__ import annotations

import orjson


async def add_signed_urls(app, text: str) -> str:
    """Adds `signed_url` to each media file of an API answer (one, or a page's results) that is ready:
    the backend's signed URL (iFarm's own, or Supabase Storage's), valid STORAGE_SIGNED_URL_TTL seconds."""
    data = orjson.loads(text)
    items = data["results"] if isinstance(data, dict) and isinstance(data.get("results"), list) else [data]
    by_bucket: dict[str, list[str]] = {}
    for item in items:
        if item.get("status") == "ready":
            by_bucket.setdefault(item["bucket"], []).append(item["path"])
    urls: dict[tuple[str, str], str] = {}
    for bucket, names in by_bucket.items():
        signed = await app.ctx.storage.signed_urls(bucket, names, app.ctx.config.signed_url_ttl)
        urls.update({(bucket, name): url for name, url in signed.items()})
    for item in items:
        item["signed_url"] = urls.get((item.get("bucket"), item.get("path")))
    return orjson.dumps(data).decode()

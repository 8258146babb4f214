"""/docs works offline: Swagger UI comes from a wheel, not a CDN, renders the operations in a real browser,
and every response carries the security headers."""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile

from tests.api.conftest import Api

SECURITY = {"x-content-type-options": "nosniff", "x-frame-options": "DENY", "referrer-policy": "no-referrer"}


def chromium() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    assert path, "Debian's chromium is needed for this test (`make test` installs it when run as root)"
    return path


def test_the_docs_page_loads_nothing_from_another_origin_and_says_so_in_its_policy(api: Api):
    page = api.http.get("/docs")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    sources = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert sources and all(s.startswith("/docs/static/") for s in sources), sources
    csp = dict(p.strip().split(" ", 1) for p in page.headers["content-security-policy"].split(";"))
    assert csp["default-src"] == "'none'" and csp["script-src"] == "'self'" and csp["frame-ancestors"] == "'none'"
    for name in ("swagger-ui-bundle.js", "swagger-ui.css", "docs.js"):
        asset = api.http.get(f"/docs/static/{name}")
        assert asset.status_code == 200 and len(asset.content) > 100, name
    assert "openapi.json" in api.http.get("/docs/static/docs.js").text


def test_only_the_listed_docs_assets_are_served(api: Api):
    for name in ("swagger-editor-bundle.js", "..%2f..%2fconfig.py", "%2e%2e%2fops.py", "index.html"):
        r = api.http.get(f"/docs/static/{name}")
        assert r.status_code == 404 and r.json()["code"] == "PGRST125", name


def test_every_response_carries_the_security_headers(api: Api):
    for response in (api.http.get("/health"), api.http.get("/openapi.json"), api.http.get("/api/v1/tenants"),
                     api.http.get("/no/such/route"), api.http.get("/docs/static/docs.js")):
        assert {k: response.headers.get(k) for k in SECURITY} == SECURITY, response.url
    api_csp = api.http.get("/api/v1/tenants").headers["content-security-policy"]
    assert api_csp.startswith("default-src 'none'") and "frame-ancestors 'none'" in api_csp


def test_headless_chromium_renders_the_operations(api: Api):
    with tempfile.TemporaryDirectory() as profile:
        dom = subprocess.run(
            [chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={profile}", "--virtual-time-budget=20000", "--dump-dom", f"{api.base_url}/docs"],
            capture_output=True, text=True, timeout=90).stdout
    operations = re.findall(r'class="opblock-summary-path"[^>]*data-path="([^"]+)"', dom)
    assert "/api/v1/tenants/{tenant_id}/animals" in operations and len(operations) > 50, dom[:2000]
    assert "iFarm API" in dom

"""Asymmetric tokens (Supabase's newer signing keys) verified against a JWKS served over real HTTP."""

from __future__ import annotations

import json
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import ec
from jwt.algorithms import ECAlgorithm

from tests.api.conftest import SECRET, Api, start_api, stop_api
from tests.api.test_request_path import assert_error

KEY = ec.generate_private_key(ec.SECP256R1())
OTHER_KEY = ec.generate_private_key(ec.SECP256R1())


@pytest.fixture(scope="module")
def jwks_url():
    jwk = json.loads(ECAlgorithm.to_jwk(KEY.public_key()))
    body = json.dumps({"keys": [{**jwk, "kid": "key-1", "alg": "ES256", "use": "sig"}]}).encode()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - http.server's naming
            self.send_response(200)
            self.send_header("content-type", "application/json")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/auth/v1/.well-known/jwks.json"
    server.shutdown()


@pytest.fixture(scope="module")
def jwks_api(api_db, jwks_url, tmp_path_factory):
    proc, base = start_api(api_db, {"JWKS_URL": jwks_url, "JWT_SECRET": ""}, tmp_path_factory.mktemp("jwks"))
    yield Api(base, api_db)
    stop_api(proc)


def es256(key, **claims) -> str:
    now = int(time.time())
    payload = {"sub": str(uuid.uuid4()), "role": "authenticated", "aud": "authenticated", "exp": now + 60, **claims}
    return jwt.encode(payload, key, algorithm="ES256", headers={"kid": "key-1"})


def test_a_token_signed_with_the_published_key_is_accepted(jwks_api: Api):
    sub = str(uuid.uuid4())
    r = jwks_api.http.post("/rpc/whoami", headers={"Authorization": f"Bearer {es256(KEY, sub=sub)}"})
    assert r.status_code == 200 and r.json()["user_id"] == sub


def test_a_token_signed_with_another_key_is_refused(jwks_api: Api):
    r = jwks_api.http.post("/rpc/whoami", headers={"Authorization": f"Bearer {es256(OTHER_KEY)}"})
    assert_error(r, 401, "PGRST301")


def test_hs256_is_refused_when_only_a_jwks_is_configured(jwks_api: Api):
    token = jwt.encode({"role": "authenticated", "aud": "authenticated", "exp": int(time.time()) + 60}, SECRET,
                       algorithm="HS256")
    assert_error(jwks_api.http.post("/rpc/whoami", headers={"Authorization": f"Bearer {token}"}), 401)


def test_self_hosted_sign_in_is_off_when_supabase_auth_issues_tokens(jwks_api: Api):
    r = jwks_api.http.post("/auth/v1/token?grant_type=password", json={"email": "a@example.test", "password": "x"})
    assert assert_error(r, 404)["error_code"] == "auth_disabled"

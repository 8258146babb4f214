"""Asymmetric tokens (Supabase's newer signing keys) verified against a JWKS served over real HTTP."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
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


# ---------------------------------------------------------------- both configured, as on a Supabase project


@pytest.fixture(scope="module")
def both_api(api_db, jwks_url, tmp_path_factory):
    """The legacy JWT secret and the JWKS at once, as a Supabase project that rotated to signing keys."""
    proc, base = start_api(api_db, {"JWKS_URL": jwks_url}, tmp_path_factory.mktemp("both"))
    yield Api(base, api_db)
    stop_api(proc)


def claims() -> dict:
    return {"sub": str(uuid.uuid4()), "role": "authenticated", "aud": "authenticated", "exp": int(time.time()) + 60}


def hs256_by_hand(payload: dict, secret: bytes) -> str:
    """PyJWT refuses to use a public key as an HMAC secret; an attacker's own code does not."""
    b64 = jwt.utils.base64url_encode
    signing_input = b64(json.dumps({"alg": "HS256", "typ": "JWT", "kid": "key-1"}).encode()) + b"." + b64(
        json.dumps(payload).encode())
    return (signing_input + b"." + b64(hmac.new(secret, signing_input, hashlib.sha256).digest())).decode()


def test_the_published_public_key_used_as_an_hmac_secret_is_refused(both_api: Api):
    """Algorithm confusion: the attacker signs HS256 with the public key (PEM or JWK text) it can download."""
    pem = KEY.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    jwk_text = ECAlgorithm.to_jwk(KEY.public_key()).encode()
    for secret in (pem, jwk_text):
        forged = hs256_by_hand(claims(), secret)
        assert_error(both_api.http.post("/rpc/whoami", headers={"Authorization": f"Bearer {forged}"}), 401)
    good = jwt.encode(claims(), SECRET, algorithm="HS256")
    assert both_api.http.post("/rpc/whoami", headers={"Authorization": f"Bearer {good}"}).status_code == 200
    assert both_api.http.post("/rpc/whoami", headers={"Authorization": f"Bearer {es256(KEY)}"}).status_code == 200


def test_a_kid_pointing_nowhere_or_a_key_url_in_the_token_is_refused(both_api: Api):
    nowhere = jwt.encode(claims(), KEY, algorithm="ES256", headers={"kid": "no-such-key"})
    assert_error(both_api.http.post("/rpc/whoami", headers={"Authorization": f"Bearer {nowhere}"}), 401)
    # jku/x5u/jwk in the header name a key the attacker controls: only the configured JWKS is trusted.
    attacker = json.loads(ECAlgorithm.to_jwk(OTHER_KEY.public_key()))
    for header in ({"kid": "key-1", "jku": "http://127.0.0.1:1/jwks.json"}, {"kid": "key-1", "jwk": attacker},
                   {"kid": "key-1", "x5u": "http://127.0.0.1:1/cert.pem"}):
        forged = jwt.encode(claims(), OTHER_KEY, algorithm="ES256", headers=header)
        assert_error(both_api.http.post("/rpc/whoami", headers={"Authorization": f"Bearer {forged}"}), 401)

"""Self-hosted /auth/v1: Supabase-shaped sessions, argon2id passwords, rotating refresh tokens, rate limits."""

from __future__ import annotations

import uuid

import jwt

from tests.api.conftest import SECRET, Api
from tests.api.test_request_path import assert_error


def login(api: Api, email: str, password: str):
    return api.http.post("/auth/v1/token?grant_type=password", json={"email": email, "password": password})


def test_signup_returns_a_supabase_session(api: Api):
    s = api.signup()
    assert s["token_type"] == "bearer" and s["expires_in"] == 3600 and len(s["refresh_token"]) == 64
    claims = jwt.decode(s["access_token"], SECRET, algorithms=["HS256"], audience="authenticated")
    assert claims["sub"] == s["user"]["id"] and claims["role"] == "authenticated"
    assert claims["email"] == s["email"] and claims["app_metadata"]["provider"] == "email"
    assert claims["session_id"] and claims["exp"] == s["expires_at"]


def test_password_is_stored_as_argon2id(api: Api):
    s = api.signup()
    stored = api.sql("select encrypted_password from auth.users where id = %s", (s["user"]["id"],))[0][0]
    assert stored.startswith("$argon2id$") and s["password"] not in stored


def test_signup_twice_and_weak_passwords_are_refused(api: Api):
    s = api.signup()
    body = assert_error(api.http.post("/auth/v1/signup", json={"email": s["email"].upper(), "password": "x" * 12}),
                        422, "PT422")
    assert body["hint"] == "user_already_exists"
    weak = api.http.post("/auth/v1/signup",
                         json={"email": f"w{uuid.uuid4().hex[:6]}@example.test", "password": "short"})
    assert assert_error(weak, 422)["error_code"] == "weak_password"
    bad_email = api.http.post("/auth/v1/signup", json={"email": "not-an-email", "password": "x" * 12})
    assert_error(bad_email, 400)


def test_password_login_and_wrong_password(api: Api):
    s = api.signup()
    ok = login(api, s["email"], s["password"])
    assert ok.status_code == 200 and ok.json()["user"]["email"] == s["email"]
    assert assert_error(login(api, s["email"], "wrong password"), 400)["error_code"] == "invalid_credentials"
    assert assert_error(login(api, "nobody@example.test", "whatever"), 400)["error_code"] == "invalid_credentials"


def test_refresh_rotates_and_reuse_revokes_the_session(api: Api):
    s = api.signup()
    first = s["refresh_token"]
    r = api.http.post("/auth/v1/token?grant_type=refresh_token", json={"refresh_token": first})
    assert r.status_code == 200
    second = r.json()["refresh_token"]
    assert second != first
    # Replaying the rotated token is treated as theft: the whole session dies...
    reused = api.http.post("/auth/v1/token?grant_type=refresh_token", json={"refresh_token": first})
    assert assert_error(reused, 400)["error_code"] == "refresh_token_already_used"
    # ...including the newest token.
    dead = api.http.post("/auth/v1/token?grant_type=refresh_token", json={"refresh_token": second})
    assert dead.status_code == 400
    user = api.http.get("/auth/v1/user", headers={"Authorization": f"Bearer {r.json()['access_token']}"})
    assert assert_error(user, 403)["error_code"] == "session_not_found"


def test_refresh_tokens_are_stored_hashed_and_expire(api: Api):
    s = api.signup()
    rows = api.sql("select token_hash from private.refresh_tokens where user_id = %s", (s["user"]["id"],))
    assert len(rows) == 1 and bytes(rows[0][0]) != s["refresh_token"].encode()
    api.sql("update private.refresh_tokens set expires_at = now() - interval '1 second' where user_id = %s",
            (s["user"]["id"],))
    r = api.http.post("/auth/v1/token?grant_type=refresh_token", json={"refresh_token": s["refresh_token"]})
    assert assert_error(r, 400)["error_code"] == "session_expired"


def test_logout_revokes_refresh_tokens(api: Api):
    s = api.signup()
    other = login(api, s["email"], s["password"]).json()
    assert api.http.post("/auth/v1/logout", headers=s["headers"]).status_code == 204
    for token in (s["refresh_token"], other["refresh_token"]):
        r = api.http.post("/auth/v1/token?grant_type=refresh_token", json={"refresh_token": token})
        assert r.status_code == 400
    assert_error(api.http.post("/auth/v1/logout"), 401)


def test_user_endpoint_returns_the_signed_in_user(api: Api):
    s = api.signup()
    r = api.http.get("/auth/v1/user", headers=s["headers"])
    assert r.status_code == 200 and r.json()["id"] == s["user"]["id"]


def test_login_attempts_are_rate_limited_per_account(api: Api):
    s = api.signup()
    for _ in range(5):
        assert login(api, s["email"], "nope").status_code == 400
    limited = login(api, s["email"], s["password"])  # even the right password now waits
    assert assert_error(limited, 429)["hint"] == "over_request_rate_limit"
    other = api.signup()
    assert login(api, other["email"], other["password"]).status_code == 200


def test_login_attempts_are_rate_limited_per_address(api: Api):
    # Requests come from 127.0.0.1: count that address's failures across many accounts.
    api.sql("delete from private.login_attempts where ip = '127.0.0.1'")
    try:
        for i in range(20):
            assert login(api, f"ghost{i}-{uuid.uuid4().hex[:6]}@example.test", "nope").status_code == 400
        victim = f"v{uuid.uuid4().hex[:6]}@example.test"
        assert_error(login(api, victim, "whatever"), 429)
    finally:
        api.sql("delete from private.login_attempts where ip = '127.0.0.1'")


def test_unknown_grant_type_is_400(api: Api):
    assert_error(api.http.post("/auth/v1/token?grant_type=magic", json={}), 400)


# ---------------------------------------------------------------- what supabase-py parses and calls


def test_sessions_and_users_have_the_fields_supabase_py_requires(api: Api):
    from supabase_auth.types import Session, User

    r = api.http.post("/auth/v1/signup", json={
        "email": f"p{uuid.uuid4().hex[:8]}@example.test", "password": "correct horse battery", "data": {},
        "gotrue_meta_security": {"captcha_token": None}, "code_challenge": "x" * 43, "code_challenge_method": "s256"})
    assert r.status_code == 200, r.text  # supabase-py's PKCE fields are accepted
    session = Session.model_validate(r.json())
    assert session.expires_at and session.user.identities[0].provider == "email"
    user = User.model_validate(api.http.get("/auth/v1/user", headers={
        "Authorization": f"Bearer {session.access_token}"}).json())
    assert user.id == session.user.id and user.email_confirmed_at and user.phone == ""


def test_auth_answers_carry_the_api_version_so_clients_read_the_error_code(api: Api):
    ok = api.http.get("/auth/v1/settings")
    assert ok.headers["x-supabase-api-version"] == "2024-01-01"
    assert ok.json()["external"]["email"] is True and ok.json()["external"]["google"] is False
    assert ok.json()["mailer_autoconfirm"] is True
    bad = login(api, "nobody@example.test", "whatever")
    assert bad.headers["x-supabase-api-version"] == "2024-01-01" and bad.json()["code"] == "invalid_credentials"


def test_update_user_merges_metadata_and_a_null_removes_a_key(api: Api):
    s = api.signup()
    r = api.http.put("/auth/v1/user", json={"data": {"name": "Ann", "farm": "North"}}, headers=s["headers"])
    assert r.status_code == 200 and r.json()["user_metadata"] == {"name": "Ann", "farm": "North"}
    r = api.http.put("/auth/v1/user", json={"data": {"farm": None, "lang": "sw"}}, headers=s["headers"])
    assert r.json()["user_metadata"] == {"name": "Ann", "lang": "sw"}
    assert_error(api.http.put("/auth/v1/user", json={"data": ["not", "an", "object"]}, headers=s["headers"]), 400)
    assert_error(api.http.put("/auth/v1/user", json={"data": {}}), 401)
    entries = api.sql("select new_values from audit.log where actor_id = %s and action = 'user_updated'",
                      (s["user"]["id"],))
    assert [e[0]["changed"] for e in entries] == [["user_metadata"], ["user_metadata"]]


def test_a_password_change_signs_out_the_other_sessions_and_refuses_the_same_password(api: Api):
    s = api.signup()
    other = login(api, s["email"], s["password"]).json()
    same = api.http.put("/auth/v1/user", json={"password": s["password"]}, headers=s["headers"])
    assert assert_error(same, 422)["code"] == "same_password"
    wrong = api.http.put("/auth/v1/user", json={"password": "a new battery staple", "current_password": "nope"},
                         headers=s["headers"])
    assert assert_error(wrong, 400)["code"] == "current_password_mismatch"
    assert assert_error(api.http.put("/auth/v1/user", json={"password": "short"}, headers=s["headers"]),
                        422)["code"] == "weak_password"
    changed = api.http.put("/auth/v1/user", json={"password": "a new battery staple",
                                                  "current_password": s["password"]}, headers=s["headers"])
    assert changed.status_code == 200
    mine = api.http.post("/auth/v1/token?grant_type=refresh_token", json={"refresh_token": s["refresh_token"]})
    theirs = api.http.post("/auth/v1/token?grant_type=refresh_token", json={"refresh_token": other["refresh_token"]})
    assert mine.status_code == 200 and theirs.status_code == 400
    assert login(api, s["email"], "a new battery staple").status_code == 200
    assert login(api, s["email"], s["password"]).status_code == 400


def test_an_email_change_waits_for_the_notification_channel(api: Api):
    s = api.signup()
    r = api.http.put("/auth/v1/user", json={"email": "new@example.test"}, headers=s["headers"])
    assert assert_error(r, 422)["code"] == "email_change_not_supported"
    same = api.http.put("/auth/v1/user", json={"email": s["email"], "data": {"a": 1}}, headers=s["headers"])
    assert same.status_code == 200

"""Password recovery by email, as Supabase Auth does it: the real supabase-py client asks for it, the email
reaches a real SMTP server (the embedded aiosmtpd sink), and its six-digit code or its link signs the
user in, once, to set a new password."""

from __future__ import annotations

import re
import time
import uuid
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from supabase import create_client
from supabase_auth.errors import AuthApiError

from app.auth import api_keys
from app.embedded import EmbeddedSmtp, free_port
from app.mailsink import message_files, read_message, text_of
from tests.api.conftest import SECRET, Api, start_api, stop_api

SITE = "http://app.example"
APP = "http://localhost:3000"


@pytest.fixture(scope="module")
def mail(tmp_path_factory):
    smtp = EmbeddedSmtp(tmp_path_factory.mktemp("recovery-mail") / "mail").start()
    yield smtp
    smtp.stop()


@pytest.fixture(scope="module")
def recovery_api(api_db, mail, tmp_path_factory):
    proc, base = start_api(api_db, {"SMTP_URL": mail.url, "SITE_URL": SITE, "ADDITIONAL_REDIRECT_URLS": APP,
                                    "MAIL_FROM": "iFarm <accounts@ifarm.example>"},
                           tmp_path_factory.mktemp("recovery-api"))
    yield Api(base, api_db)
    stop_api(proc)


def new_user(api: Api) -> tuple[str, str]:
    email, password = f"r-{uuid.uuid4().hex[:10]}@example.com", "the old password"
    api.signup(email, password)
    return email, password


def mails_to(directory: Path, email: str) -> list:
    return [m for m in map(read_message, message_files(directory)) if email in m["To"]]


def recovery_mail(directory: Path, email: str, count: int = 1) -> tuple[str, str, str]:
    """The link and the code of the count-th recovery email to the address (waits for it)."""
    deadline = time.monotonic() + 10
    while len(found := mails_to(directory, email)) < count and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(found) == count, f"{len(found)} emails to {email}"
    message = found[-1]
    text = text_of(message)
    link = re.search(r"(http://\S+/auth/v1/verify\?\S+)", text).group(1)
    code = re.search(r"code in the app: (\d{6})", text).group(1)
    assert link in text_of(message, "html").replace("&amp;", "&") and code in text_of(message, "html")
    return message["Subject"], link, code


def client(api: Api):
    return create_client(api.base_url, api_keys(SECRET)["anon"])


def signs_in(api: Api, email: str, password: str) -> bool:
    return api.http.post("/auth/v1/token?grant_type=password", json={"email": email, "password": password}
                         ).status_code == 200


def test_supabase_py_resets_a_password_with_the_emailed_code(recovery_api: Api, mail):
    email, old = new_user(recovery_api)
    sb = client(recovery_api)
    sb.auth.reset_password_for_email(email, {"redirect_to": f"{APP}/reset"})
    subject, link, code = recovery_mail(mail.data_dir, email)
    assert subject == "Reset your iFarm password"
    assert parse_qs(urlsplit(link).query)["redirect_to"] == [f"{APP}/reset"]
    session = sb.auth.verify_otp({"email": email, "token": code, "type": "recovery"}).session
    assert session is not None and session.user.email == email
    sb.auth.update_user({"password": "a brand new password"})
    assert signs_in(recovery_api, email, "a brand new password") and not signs_in(recovery_api, email, old)
    with pytest.raises(AuthApiError) as err:  # spent
        sb.auth.verify_otp({"email": email, "token": code, "type": "recovery"})
    assert err.value.code == "otp_expired" and err.value.status == 403
    # the audit trail has the request and the sign-in by code; the code itself is nowhere in the database
    actions = recovery_api.sql("select action, new_values ->> 'by' from audit.log where actor_id = "
                               "(select id from auth.users where email = %s) order by occurred_at", (email,))
    assert ("recovery_requested", None) in actions and ("sign_in", "code") in actions
    assert recovery_api.sql("select count(*) from private.recovery_tokens r join auth.users u on u.id = r.user_id "
                            "where u.email = %s", (email,))[0][0] == 0


def test_supabase_py_follows_the_link_with_pkce_and_exchanges_the_code(recovery_api: Api, mail):
    email, _ = new_user(recovery_api)
    sb = client(recovery_api)  # supabase-py's default flow is PKCE: it sent a code challenge
    sb.auth.reset_password_for_email(email, {"redirect_to": f"{APP}/reset"})
    _, link, _ = recovery_mail(mail.data_dir, email)
    followed = httpx.get(link, follow_redirects=False)  # the user's browser
    assert followed.status_code == 303
    landing = urlsplit(followed.headers["location"])
    assert f"{landing.scheme}://{landing.netloc}{landing.path}" == f"{APP}/reset"
    auth_code = parse_qs(landing.query)["code"][0]
    # another client (no verifier) cannot use the code; it is spent by the try
    other = httpx.post(f"{recovery_api.base_url}/auth/v1/token?grant_type=pkce",
                       json={"auth_code": auth_code, "code_verifier": "x" * 43}, headers={"apikey": "k"})
    assert other.status_code == 403 and other.json()["error_code"] == "bad_code_verifier"
    with pytest.raises(AuthApiError):
        sb.auth.exchange_code_for_session({"auth_code": auth_code})
    # a fresh request and link: the client holding the verifier gets the session
    recovery_api.sql("update private.recovery_tokens set created_at = created_at - interval '2 minutes'")
    sb.auth.reset_password_for_email(email, {"redirect_to": f"{APP}/reset"})
    _, link, _ = recovery_mail(mail.data_dir, email, count=2)
    auth_code = parse_qs(urlsplit(httpx.get(link).headers["location"]).query)["code"][0]
    session = sb.auth.exchange_code_for_session({"auth_code": auth_code}).session
    assert session.user.email == email
    again = urlsplit(httpx.get(link).headers["location"])  # the link is spent
    assert parse_qs(again.fragment)["error_code"] == ["otp_expired"]


def test_a_link_without_pkce_lands_with_the_session_in_the_fragment(recovery_api: Api, mail):
    email, _ = new_user(recovery_api)
    assert recovery_api.http.post("/auth/v1/recover", json={"email": email}).json() == {}
    _, link, _ = recovery_mail(mail.data_dir, email)
    landing = urlsplit(httpx.get(link).headers["location"])
    assert f"{landing.scheme}://{landing.netloc}" == SITE  # no redirect_to asked: SITE_URL
    fragment = {k: v[0] for k, v in parse_qs(landing.fragment).items()}
    assert fragment["type"] == "recovery" and fragment["token_type"] == "bearer"
    me = recovery_api.http.get("/auth/v1/user", headers={"Authorization": f"Bearer {fragment['access_token']}"})
    assert me.status_code == 200 and me.json()["email"] == email


def test_the_answer_does_not_tell_whether_an_address_has_an_account(recovery_api: Api, mail):
    email, _ = new_user(recovery_api)
    nobody = f"nobody-{uuid.uuid4().hex[:8]}@example.com"
    answers = [recovery_api.http.post("/auth/v1/recover", json={"email": address})
               for address in (nobody, email, email)]
    assert [(a.status_code, a.json()) for a in answers] == [(200, {})] * 3
    recovery_mail(mail.data_dir, email)  # one email: the second request came within a minute
    time.sleep(0.3)
    assert len(mails_to(mail.data_dir, email)) == 1 and mails_to(mail.data_dir, nobody) == []


def test_five_wrong_codes_spend_the_recovery(recovery_api: Api, mail):
    email, _ = new_user(recovery_api)
    recovery_api.http.post("/auth/v1/recover", json={"email": email})
    _, _, code = recovery_mail(mail.data_dir, email)
    wrong = f"{(int(code) + 1) % 1000000:06d}"
    for _ in range(5):
        r = recovery_api.http.post("/auth/v1/verify", json={"type": "recovery", "email": email, "token": wrong})
        assert r.status_code == 403 and r.json()["code"] == "otp_expired"
    r = recovery_api.http.post("/auth/v1/verify", json={"type": "recovery", "email": email, "token": code})
    assert r.status_code == 403


def test_an_expired_recovery_signs_nobody_in(recovery_api: Api, mail):
    email, _ = new_user(recovery_api)
    recovery_api.http.post("/auth/v1/recover", json={"email": email})
    _, link, code = recovery_mail(mail.data_dir, email)
    recovery_api.sql("update private.recovery_tokens r set expires_at = now() - interval '1 second' "
                     "from auth.users u where u.id = r.user_id and u.email = %s", (email,))
    r = recovery_api.http.post("/auth/v1/verify", json={"type": "recovery", "email": email, "token": code})
    assert r.status_code == 403 and r.json()["error_code"] == "otp_expired"
    assert parse_qs(urlsplit(httpx.get(link).headers["location"]).fragment)["error_code"] == ["otp_expired"]


def test_links_never_send_tokens_to_a_site_not_allowed(recovery_api: Api, mail):
    email, _ = new_user(recovery_api)
    recovery_api.http.post("/auth/v1/recover?redirect_to=http://evil.example/steal", json={"email": email})
    _, link, _ = recovery_mail(mail.data_dir, email)
    assert parse_qs(urlsplit(link).query)["redirect_to"] == [SITE]
    token = parse_qs(urlsplit(link).query)["token"][0]
    # a link edited to point elsewhere lands on SITE_URL; lookalike hosts are not "under" an allowed URL
    for forged in ("http://evil.example/steal", f"{APP}.evil.example/", "http://app.example.evil/"):
        r = httpx.get(f"{recovery_api.base_url}/auth/v1/verify", params={"token": token, "type": "recovery",
                                                                          "redirect_to": forged})
        assert r.headers["location"].startswith(f"{SITE}#"), forged


def test_bad_requests_get_clear_errors(recovery_api: Api):
    cases = [("/auth/v1/recover", {}, 400, "validation_failed"),
             ("/auth/v1/recover", {"email": "a@b.example", "code_challenge": "short", "code_challenge_method": "s256"},
              400, "validation_failed"),
             ("/auth/v1/verify", {"type": "signup", "email": "a@b.example", "token": "123456"}, 400,
              "validation_failed"),
             ("/auth/v1/verify", {"type": "recovery", "email": "a@b.example"}, 400, "validation_failed"),
             ("/auth/v1/token?grant_type=pkce", {"auth_code": "nope", "code_verifier": "x" * 43}, 404,
              "flow_state_not_found")]
    for path, body, status, code in cases:
        r = recovery_api.http.post(path, json=body)
        assert (r.status_code, r.json()["code"]) == (status, code), (path, body, r.text)
        assert set(r.json()) >= {"code", "message", "details", "hint"}


def test_when_the_mail_server_is_down_the_answer_is_503_and_the_user_can_ask_again(api_db, tmp_path):
    proc, base = start_api(api_db, {"SMTP_URL": f"smtp://127.0.0.1:{free_port()}", "SMTP_TIMEOUT": "2"}, tmp_path)
    try:
        api = Api(base, api_db)
        email, _ = new_user(api)
        for _ in range(2):  # withdrawn each time, so not held back by the one-a-minute rule
            r = api.http.post("/auth/v1/recover", json={"email": email})
            assert r.status_code == 503 and r.json()["code"] == "email_send_failed"
        assert api.sql("select count(*) from private.recovery_tokens r join auth.users u on u.id = r.user_id "
                       "where u.email = %s", (email,))[0][0] == 0
    finally:
        stop_api(proc)

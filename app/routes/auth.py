"""Self-hosted Supabase Auth subset: /auth/v1/signup, /token (password, refresh_token), /logout,
GET and PUT /user, /settings -- what supabase-py's and auth-js's calls need, answered in GoTrue's
shapes (every response echoes `X-Supabase-Api-Version`, so the clients read the error `code`).

Passwords are hashed with argon2id here (PostgreSQL has no argon2); users, rate limits, sessions and
refresh-token rotation live in SQL (db/functions/020_auth.sql), called as service_role. Password
recovery by email: /recover mails a link and a code, /verify turns either into a session. Not built:
email change by email, magic links and sign-up confirmation, phone sign-in, OAuth and MFA.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta
from urllib.parse import urlencode

import orjson
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from psycopg.types.json import Jsonb
from sanic import Blueprint, Request
from sanic.response import HTTPResponse, empty

from app.errors import ApiError
from app.notifications import SendError, send_account_email
from app.routes.api import json_body

bp = Blueprint("auth", url_prefix="/auth/v1")
log = logging.getLogger("ifarm.auth")
API_VERSION = "2024-01-01"  # GoTrue's dated API version; supabase-py reads `code` when it is echoed
HASHER = PasswordHasher()  # argon2id, the library's current recommended parameters
# Verifying against this when the email is unknown keeps both paths equally slow.
_DUMMY_HASH = HASHER.hash("not a real password")
MIN_PASSWORD_LENGTH = 8
JSON = "application/json"


def auth_error(status: int, code: str, message: str) -> ApiError:
    """PostgREST's shape plus GoTrue's error_code/msg, which supabase clients read."""
    return ApiError(status, code, message, extra={"error_code": code, "msg": message})


def _raise_if_error(result: dict) -> None:
    """The auth functions that must commit what they did on a refusal (a revoked session, a wrong code
    counted) return {"error": {status, code, message}} instead of raising."""
    if "error" in result:
        err = result["error"]
        raise auth_error(err["status"], err["code"], err["message"])


def _ttl(request: Request) -> timedelta:
    return timedelta(days=request.app.ctx.config.refresh_token_ttl_days)


def _ip(request: Request) -> str | None:
    return request.ctx.client_ip or None


def _credentials(body: dict) -> tuple[str, str]:
    email, password = body.get("email"), body.get("password")
    if not isinstance(email, str) or not isinstance(password, str) or not email or not password:
        raise auth_error(400, "validation_failed", "email and password are required")
    return email, password


def _issuer(request: Request):
    issuer = request.app.ctx.issuer
    if issuer is None:
        raise auth_error(404, "auth_disabled", "self-hosted auth is off (no JWT_SECRET); use Supabase Auth")
    return issuer


def _json(body: dict, status: int = 200) -> HTTPResponse:
    return HTTPResponse(orjson.dumps(body), status=status, content_type=JSON)


async def _password_session(request: Request, email: str, password: str) -> dict:
    db = request.app.ctx.db
    ip = _ip(request)
    candidate = await db.call_internal("select private.auth_password_login_begin(%s, %s::inet)", (email, ip))
    stored = (candidate or {}).get("password_hash") or _DUMMY_HASH
    try:
        ok = await asyncio.to_thread(HASHER.verify, stored, password)
    except (VerificationError, InvalidHashError):
        ok = False
    ok = ok and candidate is not None
    result = await db.call_internal(
        "select private.auth_password_login_finish(%s, %s::inet, %s::uuid, %s, %s)",
        (email, ip, candidate and candidate["user_id"], ok, _ttl(request)))
    if not ok:
        raise auth_error(400, "invalid_credentials", "Invalid login credentials")
    return result


@bp.post("/signup")
async def signup(request: Request) -> HTTPResponse:
    issuer = _issuer(request)
    body = json_body(request)
    email, password = _credentials(body)
    # Password policy is checked before hashing: the database never sees the password.
    if len(password) < MIN_PASSWORD_LENGTH:
        raise auth_error(422, "weak_password", f"Password should be at least {MIN_PASSWORD_LENGTH} characters")
    data = body.get("data") or {}
    hashed = await asyncio.to_thread(HASHER.hash, password)
    await request.app.ctx.db.call_internal("select private.auth_signup(%s, %s, %s)", (email, hashed, Jsonb(data)))
    session = await _password_session(request, email, password)
    return _json(issuer.session(session))


@bp.post("/token")
async def token(request: Request) -> HTTPResponse:
    issuer = _issuer(request)
    grant = request.args.get("grant_type")
    body = json_body(request)
    if grant == "password":
        email, password = _credentials(body)
        return _json(issuer.session(await _password_session(request, email, password)))
    if grant == "refresh_token":
        refresh = body.get("refresh_token")
        if not isinstance(refresh, str) or not refresh:
            raise auth_error(400, "validation_failed", "refresh_token is required")
        result = await request.app.ctx.db.call_internal(
            "select private.auth_refresh(%s, %s)", (refresh, _ttl(request)))
        _raise_if_error(result)
        return _json(issuer.session(result, method="token_refresh"))
    if grant == "pkce":  # supabase-py's exchange_code_for_session, after a recovery link
        code, verifier = body.get("auth_code"), body.get("code_verifier")
        if not isinstance(code, str) or not isinstance(verifier, str) or not code or not verifier:
            raise auth_error(400, "validation_failed", "auth_code and code_verifier are required")
        result = await request.app.ctx.db.call_internal(
            "select private.auth_exchange_code(%s, %s, %s::inet, %s)", (code, verifier, _ip(request), _ttl(request)))
        _raise_if_error(result)
        return _json(issuer.session(result, method=result["method"]))
    raise auth_error(400, "unsupported_grant_type", "grant_type must be password, refresh_token or pkce")


def _signed_in(request: Request) -> dict:
    claims = request.ctx.claims
    if claims.get("role") != "authenticated" or not claims.get("sub"):
        raise ApiError(401, "no_authorization", "This endpoint requires a Bearer token",
                       headers={"WWW-Authenticate": "Bearer"}, extra={"error_code": "no_authorization"})
    return claims


@bp.post("/logout")
async def logout(request: Request) -> HTTPResponse:
    claims = _signed_in(request)
    scope = request.args.get("scope", "global")
    await request.app.ctx.db.call_internal(
        "select private.auth_logout(%s::uuid, %s::uuid, %s)", (claims["sub"], claims.get("session_id"), scope))
    return empty(status=204)


async def _live_session(request: Request) -> dict:
    claims = _signed_in(request)
    session_id = claims.get("session_id")
    if session_id and not await request.app.ctx.db.call_internal(
            "select private.auth_session_is_live(%s::uuid)", (session_id,)):
        raise auth_error(403, "session_not_found", "Session from session_id claim in JWT does not exist")
    return claims


@bp.get("/user")
async def user(request: Request) -> HTTPResponse:
    claims = await _live_session(request)
    found = await request.app.ctx.db.call_internal("select private.auth_user_json(%s::uuid)", (claims["sub"],))
    if found is None:
        raise auth_error(404, "user_not_found", "User from sub claim in JWT does not exist")
    return _json(found)


@bp.put("/user")
async def update_user(request: Request) -> HTTPResponse:
    """supabase-py's update_user: `data` (user metadata, merged) and `password`. A password change needs
    the current password when the client sends it, refuses the same password (422 same_password) and
    signs out the user's other sessions. Email and phone changes confirm by message, which waits for the
    notification channel: refused with 422 for now."""
    claims = await _live_session(request)
    body = json_body(request)
    db = request.app.ctx.db
    for field in ("email", "phone"):
        if body.get(field) not in (None, claims.get(field)):
            raise auth_error(422, f"{field}_change_not_supported",
                             f"Changing the {field} is not supported by self-hosted iFarm Auth yet")
    data = body.get("data")
    if data is not None and not isinstance(data, dict):
        raise auth_error(400, "validation_failed", "data must be a JSON object")
    hashed = None
    password = body.get("password")
    if password is not None:
        if not isinstance(password, str) or len(password) < MIN_PASSWORD_LENGTH:
            raise auth_error(422, "weak_password", f"Password should be at least {MIN_PASSWORD_LENGTH} characters")
        stored = await db.call_internal("select private.auth_password_hash(%s::uuid)", (claims["sub"],)) or ""
        current = body.get("current_password")
        if current is not None and not await _verifies(stored, current):
            raise auth_error(400, "current_password_mismatch", "Current password required when setting new password.")
        if await _verifies(stored, password):
            raise auth_error(422, "same_password", "New password should be different from the old password.")
        hashed = await asyncio.to_thread(HASHER.hash, password)
    found = await db.call_internal("select private.auth_update_user(%s::uuid, %s, %s, %s::uuid)",
                                   (claims["sub"], Jsonb(data) if data is not None else None, hashed,
                                    claims.get("session_id")))
    return _json(found)


async def _verifies(stored: str, password: str) -> bool:
    try:
        return await asyncio.to_thread(HASHER.verify, stored, password)
    except (VerificationError, InvalidHashError):
        return False


# ---------------------------------------------------------------- password recovery


def _redirect_target(request: Request, asked: str | None) -> str:
    """Where an email link may send the user: SITE_URL or under it, or under one of
    ADDITIONAL_REDIRECT_URLS; anything else falls back to SITE_URL (as Supabase Auth does), so a link
    can never be made to hand tokens to another site."""
    config = request.app.ctx.config
    site = config.site_url()
    if asked:
        for allowed in (site, *config.redirect_urls):
            base = allowed.rstrip("/")
            if asked == base or asked.startswith(base + "/") or asked.startswith(base + "?"):
                return asked
    return site


@bp.post("/recover")
async def recover(request: Request) -> HTTPResponse:
    """supabase-py's reset_password_for_email: mails a link and a six-digit code if the address has an
    account. The answer is the same whether it has one or not (200 {}), so it tells nobody which
    addresses are registered; a second request within a minute sends nothing. The email goes out at
    once over SMTP_URL; if the server refuses it or cannot be reached the recovery is withdrawn and the
    answer is 503, so the user can ask again."""
    _issuer(request)
    body = json_body(request)
    email = body.get("email")
    if not isinstance(email, str) or "@" not in email:
        raise auth_error(400, "validation_failed", "An email address is required")
    config = request.app.ctx.config
    if not config.smtp_url:
        raise auth_error(503, "email_provider_disabled", "Email sending is not configured (SMTP_URL)")
    db = request.app.ctx.db
    challenge, method = body.get("code_challenge"), body.get("code_challenge_method")
    if challenge is not None and not (isinstance(challenge, str) and 43 <= len(challenge) <= 128
                                      and isinstance(method, str) and method.lower() in ("s256", "plain")):
        raise auth_error(400, "validation_failed",
                         "code_challenge needs code_challenge_method s256 or plain and 43 to 128 characters")
    started = await db.call_internal(
        "select private.auth_recovery_begin(%s, %s::inet, make_interval(secs => %s), %s, %s)",
        (email, _ip(request), config.recovery_ttl, challenge if isinstance(challenge, str) else None,
         method if isinstance(method, str) else None))
    if started is not None:
        link = (f"{config.public_url()}/auth/v1/verify?" + urlencode(
            {"token": started["link_token"], "type": "recovery",
             "redirect_to": _redirect_target(request, request.args.get("redirect_to"))}))
        context = {"recipient_name": started["full_name"] or started["email"], "email": started["email"],
                   "link": link, "code": started["code"], "minutes": config.recovery_ttl // 60,
                   "site_url": config.site_url()}
        try:
            await asyncio.to_thread(send_account_email, config, "recovery", started["email"], context)
        except SendError as exc:
            await db.call_internal("select private.auth_recovery_cancel(%s::uuid)", (started["user_id"],))
            log.warning("recovery email not sent", extra={"fields": {"error": exc.error}})
            raise auth_error(503, "email_send_failed", "Error sending recovery email") from exc
    return _json({})


async def _verify_recovery(request: Request, link_token: str | None, email: str | None, code: str | None,
                           redirect: bool = False) -> dict:
    result = await request.app.ctx.db.call_internal(
        "select private.auth_recovery_verify(%s, %s, %s, %s::inet, %s, %s)",
        (link_token, email, code, _ip(request), _ttl(request), redirect))
    _raise_if_error(result)
    if "auth_code" in result:
        return result
    return _issuer(request).session(result, method="recovery")


@bp.post("/verify")
async def verify(request: Request) -> HTTPResponse:
    """supabase-py's verify_otp with type "recovery": the email and its six-digit code (`token`), or the
    link's token (`token_hash`). Answers the session; the client then sets the password (PUT /user)."""
    _issuer(request)
    body = json_body(request)
    if body.get("type") != "recovery":
        raise auth_error(400, "validation_failed", "Only type recovery is supported by self-hosted iFarm Auth")
    token_hash, email, code = body.get("token_hash"), body.get("email"), body.get("token")
    if isinstance(token_hash, str) and token_hash:
        return _json(await _verify_recovery(request, token_hash, None, None))
    if not isinstance(email, str) or not isinstance(code, str) or not email or not code:
        raise auth_error(400, "validation_failed", "Verify requires the email and its token, or a token_hash")
    return _json(await _verify_recovery(request, None, email, code))


@bp.get("/verify")
async def verify_link(request: Request) -> HTTPResponse:
    """The email's link: signs the user in and sends the browser on to redirect_to (checked as in
    _redirect_target) with the session in the URL fragment, as Supabase Auth's implicit flow does, or
    with the error there when the link is spent, expired or unknown."""
    target = _redirect_target(request, request.args.get("redirect_to"))
    if request.args.get("type") != "recovery" or not request.args.get("token"):
        fragment = {"error": "invalid_request", "error_code": "validation_failed",
                    "error_description": "Only recovery links are supported"}
    else:
        try:
            session = await _verify_recovery(request, request.args.get("token"), None, None, redirect=True)
        except ApiError as exc:
            fragment = {"error": "access_denied", "error_code": exc.code, "error_description": exc.message}
        else:
            if "auth_code" in session:  # a PKCE client: the code in the query, for it to exchange
                joiner = "&" if "?" in target else "?"
                return HTTPResponse(status=303, headers={
                    "Location": f"{target}{joiner}{urlencode({'code': session['auth_code']})}",
                    "Cache-Control": "no-store"})
            fragment = {"access_token": session["access_token"], "expires_at": session["expires_at"],
                        "expires_in": session["expires_in"], "refresh_token": session["refresh_token"],
                        "token_type": "bearer", "type": "recovery"}
    return HTTPResponse(status=303, headers={"Location": f"{target}#{urlencode(fragment)}",
                                             "Cache-Control": "no-store"})


@bp.get("/settings")
async def settings(request: Request) -> HTTPResponse:
    """GoTrue's public settings: email sign-up with the address confirmed at once, nothing else."""
    providers = ("anonymous_users", "apple", "azure", "bitbucket", "discord", "facebook", "figma", "fly", "github",
                 "gitlab", "google", "keycloak", "kakao", "linkedin", "linkedin_oidc", "notion", "spotify", "slack",
                 "slack_oidc", "workos", "twitch", "twitter", "zoom", "phone")
    return _json({"external": {"email": True, **dict.fromkeys(providers, False)}, "disable_signup": False,
                  "mailer_autoconfirm": True, "phone_autoconfirm": False, "sms_provider": "", "saml_enabled": False})


@bp.on_response
async def api_version(request: Request, response: HTTPResponse) -> None:
    response.headers["X-Supabase-Api-Version"] = API_VERSION

"""JWT verification compatible with Supabase (HS256 with the project's JWT secret, or asymmetric keys
from a JWKS URL), and issuance of Supabase-shaped access tokens for the self-hosted /auth/v1.

A token is refused (401, PostgREST body) when its algorithm is not one we accept (never `none`), its
signature or expiry fails, its audience is wrong, or its `role` claim is not one of the three API
roles -- before any SQL runs.
"""

from __future__ import annotations

import asyncio
import time

import jwt

from app.db import API_ROLES
from app.errors import ApiError

ASYMMETRIC = ("RS256", "RS384", "RS512", "ES256", "ES384", "EdDSA")


VERIFIED_CACHE_SIZE = 10_000  # tokens remembered per worker (past it, the cache starts over)
# Supabase's new-format API keys: not JWTs; iFarm issues none, so they carry the anon role.
NEW_FORMAT_KEYS = ("sb_publishable_", "sb_secret_")
# The anon and service_role keys `ifarm keys` prints: fixed issue time, ten years, so the same secret
# always gives the same keys (a configured client keeps working across restarts).
KEYS_ISSUED_AT = 1767225600  # 2026-01-01T00:00:00Z
KEYS_LIFETIME = 10 * 365 * 24 * 3600


def api_keys(secret: str) -> dict[str, str]:
    """The project's anon and service_role keys, as Supabase makes them: JWTs signed with the JWT secret."""
    return {role: jwt.encode({"iss": "ifarm", "role": role, "iat": KEYS_ISSUED_AT,
                              "exp": KEYS_ISSUED_AT + KEYS_LIFETIME}, secret, algorithm="HS256")
            for role in ("anon", "service_role")}


def _invalid_key() -> ApiError:
    return ApiError(401, "PGRST301", "Invalid API key",
                    hint="Double check your anon or service_role API key (`ifarm keys` prints them).",
                    headers={"WWW-Authenticate": 'Bearer error="invalid_token", error_description="Invalid API key"'})


def _unauthorized(message: str, details: str | None = None) -> ApiError:
    return ApiError(401, "PGRST301", message, details=details, hint="send a valid Bearer token or none",
                    headers={"WWW-Authenticate": f'Bearer error="invalid_token", error_description="{message}"'})


class TokenVerifier:
    def __init__(self, secret: str | None, jwks_url: str | None, audience: str, leeway: int = 0):
        self.secret = secret
        self.audience = audience
        self.leeway = leeway
        self.jwks = jwt.PyJWKClient(jwks_url, cache_keys=True, lifespan=300) if jwks_url else None
        self._verified: dict[str, tuple[dict, float]] = {}  # token -> (claims, expiry)

    async def claims(self, authorization: str | None, apikey: str | None = None) -> dict:
        """The caller's verified claims, as Supabase's gateway and PostgREST decide them together.

        The `apikey` (header or query parameter) is the project's anon or service_role key -- a JWT
        signed with the JWT secret, verified here -- or a new-format key (`sb_publishable_...`),
        which is not a JWT and means anon. The Bearer token decides the role: absent, or equal to
        the apikey, or a new-format key, it is the apikey's role (anon without one); otherwise it is
        a user's JWT, verified as always."""
        key_claims = await self._apikey(apikey.strip()) if apikey else None
        if not authorization:
            return key_claims or {"role": "anon"}
        scheme, _, token = authorization.partition(" ")
        token = token.strip()
        if scheme.lower() != "bearer" or not token:
            raise _unauthorized("Authorization must be 'Bearer <token>'")
        if apikey and token == apikey.strip():
            return key_claims
        if token.startswith(NEW_FORMAT_KEYS):
            return {"role": "anon"}
        return await self.verify(token)

    async def _apikey(self, key: str) -> dict:
        """The role of an API key; a JWT key is verified once and remembered until it expires."""
        if key.startswith(NEW_FORMAT_KEYS) or key.count(".") != 2:
            return {"role": "anon"}
        try:
            claims = await self.verify(key)
        except ApiError as exc:
            raise _invalid_key() from exc
        if claims["role"] not in ("anon", "service_role"):
            raise _invalid_key()
        return claims

    async def verify(self, token: str) -> dict:
        """A token's verified claims; a token that verified is remembered until it expires (PostgREST's
        JWT cache: verifying costs more than the rest of a cached request), so the same Bearer on the
        next request skips the signature check. What it says cannot change: it is signed."""
        known = self._verified.get(token)
        if known is not None and known[1] > time.time():
            return known[0]
        claims = await self._verify(token)
        if len(self._verified) >= VERIFIED_CACHE_SIZE:
            self._verified.clear()
        self._verified[token] = (claims, claims["exp"])
        return claims

    async def _verify(self, token: str) -> dict:
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError as exc:
            raise _unauthorized("JWT is malformed", str(exc)) from exc
        alg = header.get("alg")
        if alg == "HS256" and self.secret:
            key = self.secret
        elif alg in ASYMMETRIC and self.jwks is not None:
            try:
                key = (await asyncio.to_thread(self.jwks.get_signing_key_from_jwt, token)).key
            except jwt.PyJWTError as exc:
                raise _unauthorized("JWT signing key not found", str(exc)) from exc
        else:
            raise _unauthorized(f"JWT algorithm {alg!r} is not accepted")
        try:
            claims = jwt.decode(token, key, algorithms=[alg], leeway=self.leeway,
                                options={"require": ["exp"], "verify_aud": False})
        except jwt.ExpiredSignatureError as exc:
            raise _unauthorized("JWT expired") from exc
        except jwt.PyJWTError as exc:
            raise _unauthorized("JWT is invalid", str(exc)) from exc
        role = claims.get("role", "anon")
        if not isinstance(role, str) or role not in API_ROLES:
            raise _unauthorized("JWT role is not allowed", f"role={role!r}")
        claims["role"] = role
        aud = claims.get("aud")
        if aud is not None or role == "authenticated":
            auds = aud if isinstance(aud, list) else [aud]
            if self.audience not in auds:
                raise _unauthorized("JWT audience is not accepted", f"aud={aud!r}")
        return claims


class TokenIssuer:
    """Signs access tokens with the same claims Supabase Auth puts in them."""

    def __init__(self, secret: str, expiry: int, issuer: str = "ifarm"):
        self.secret = secret
        self.expiry = expiry
        self.issuer = issuer

    def access_token(self, user: dict, session_id: str, method: str = "password") -> tuple[str, int]:
        now = int(time.time())
        exp = now + self.expiry
        claims = {
            "iss": self.issuer, "sub": user["id"], "aud": "authenticated", "exp": exp, "iat": now,
            "email": user.get("email") or "", "phone": "", "role": "authenticated",
            "app_metadata": user.get("app_metadata") or {}, "user_metadata": user.get("user_metadata") or {},
            "aal": "aal1", "amr": [{"method": method, "timestamp": now}],
            "session_id": session_id, "is_anonymous": False,
        }
        return jwt.encode(claims, self.secret, algorithm="HS256"), exp

    def session(self, result: dict, method: str = "password") -> dict:
        """The /auth/v1/token response body for a session started or refreshed in SQL."""
        token, exp = self.access_token(result["user"], result["session_id"], method)
        return {"access_token": token, "token_type": "bearer", "expires_in": self.expiry, "expires_at": exp,
                "refresh_token": result["refresh_token"], "user": result["user"]}

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


def _unauthorized(message: str, details: str | None = None) -> ApiError:
    return ApiError(401, "PGRST301", message, details=details, hint="send a valid Bearer token or none",
                    headers={"WWW-Authenticate": f'Bearer error="invalid_token", error_description="{message}"'})


class TokenVerifier:
    def __init__(self, secret: str | None, jwks_url: str | None, audience: str, leeway: int = 0):
        self.secret = secret
        self.audience = audience
        self.leeway = leeway
        self.jwks = jwt.PyJWKClient(jwks_url, cache_keys=True, lifespan=300) if jwks_url else None

    async def claims(self, authorization: str | None) -> dict:
        """The verified claims of an `Authorization: Bearer` header; {"role": "anon"} without one."""
        if not authorization:
            return {"role": "anon"}
        scheme, _, token = authorization.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise _unauthorized("Authorization must be 'Bearer <token>'")
        return await self.verify(token.strip())

    async def verify(self, token: str) -> dict:
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

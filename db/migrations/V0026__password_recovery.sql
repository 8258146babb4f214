-- V0026: password recovery by email (POST /auth/v1/recover, /auth/v1/verify), as Supabase Auth does it:
-- the email carries a link and a six-digit code; either, once, within an hour, signs the user in, and
-- the client then sets a new password (PUT /auth/v1/user). One live recovery per user; only hashes
-- are kept. A client using PKCE (supabase-py's default) sent a code challenge with its request: its
-- link then yields a short-lived authorization code, which only that client (holding the verifier)
-- exchanges for a session (POST /auth/v1/token?grant_type=pkce). Functions: db/functions/020_auth.sql.
CREATE TABLE private.recovery_tokens (
    user_id uuid PRIMARY KEY REFERENCES auth.users (id) ON DELETE CASCADE,
    link_hash bytea NOT NULL UNIQUE,  -- SHA-256 of the link's token
    code_hash bytea NOT NULL,         -- SHA-256 of the user id and the six-digit code
    code_challenge text CHECK (length(code_challenge) BETWEEN 43 AND 128),
    code_challenge_method text CHECK (code_challenge_method IN ('s256', 'plain')),
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    failed_attempts smallint NOT NULL DEFAULT 0 CHECK (failed_attempts >= 0),
    CHECK ((code_challenge IS NULL) = (code_challenge_method IS NULL))
);
CREATE INDEX recovery_tokens_expires_idx ON private.recovery_tokens (expires_at);

-- PKCE authorization codes from followed links: one use, five minutes.
CREATE TABLE private.auth_codes (
    code_hash bytea PRIMARY KEY,      -- SHA-256 of the code
    user_id uuid NOT NULL REFERENCES auth.users (id) ON DELETE CASCADE,
    code_challenge text NOT NULL,
    code_challenge_method text NOT NULL CHECK (code_challenge_method IN ('s256', 'plain')),
    authentication_method text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL
);
CREATE INDEX auth_codes_expires_idx ON private.auth_codes (expires_at);

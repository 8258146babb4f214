-- 020_auth: the self-hosted replacement for Supabase Auth's email/password flow. Passwords are
-- hashed with argon2id by the API (PostgreSQL has no argon2); everything else -- the users,
-- rate limits, refresh-token rotation and reuse detection -- is decided here. Only service_role
-- (the API's auth routes) may call these functions.

-- A user as Supabase Auth returns it (the fields supabase-py's User model and auth-js read),
-- with the one email identity a password user has.
CREATE OR REPLACE FUNCTION private.auth_user_json(p_user_id uuid) RETURNS jsonb
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = '' AS $$
    SELECT jsonb_build_object('id', u.id, 'aud', u.aud, 'role', u.role, 'email', u.email,
        'email_confirmed_at', u.email_confirmed_at, 'phone', coalesce(u.phone, ''),
        'confirmed_at', u.email_confirmed_at, 'last_sign_in_at', u.last_sign_in_at,
        'app_metadata', coalesce(u.raw_app_meta_data, '{}'::jsonb),
        'user_metadata', coalesce(u.raw_user_meta_data, '{}'::jsonb),
        'identities', jsonb_build_array(jsonb_build_object(
            'identity_id', u.id, 'id', u.id, 'user_id', u.id, 'provider', 'email', 'email', u.email,
            'identity_data', jsonb_build_object('sub', u.id, 'email', u.email,
                'email_verified', u.email_confirmed_at IS NOT NULL, 'phone_verified', false),
            'last_sign_in_at', u.last_sign_in_at, 'created_at', u.created_at, 'updated_at', u.updated_at)),
        'created_at', u.created_at, 'updated_at', u.updated_at, 'is_anonymous', u.is_anonymous)
    FROM auth.users u WHERE u.id = p_user_id
$$;

-- The stored hash of a signed-in user, for the API to check a password change against (the
-- current password when the client sends it; a new password equal to the old is refused).
CREATE OR REPLACE FUNCTION private.auth_password_hash(p_user_id uuid) RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = '' AS $$
    SELECT u.encrypted_password FROM auth.users u WHERE u.id = p_user_id AND u.deleted_at IS NULL
$$;

-- PUT /auth/v1/user: metadata merged as GoTrue does (a key set to null is removed) and/or a new
-- password hash. A password change signs out every other session of the user (GoTrue's
-- LogoutAllExceptMe). Audited as user_updated with the names of what changed.
CREATE OR REPLACE FUNCTION private.auth_update_user(p_user_id uuid, p_user_metadata jsonb, p_password_hash text,
    p_session_id uuid) RETURNS jsonb
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = '' AS $$
DECLARE
    v_changed text[] := '{}'::text[];
BEGIN
    IF p_user_metadata IS NOT NULL THEN
        IF jsonb_typeof(p_user_metadata) <> 'object' THEN
            RAISE EXCEPTION USING ERRCODE = 'PT400', MESSAGE = 'data must be a JSON object', HINT = 'validation_failed';
        END IF;
        UPDATE auth.users u
        SET raw_user_meta_data = (coalesce(u.raw_user_meta_data, '{}'::jsonb) || p_user_metadata)
                - ARRAY(SELECT e.key FROM jsonb_each(p_user_metadata) e WHERE e.value = 'null'::jsonb),
            updated_at = now()
        WHERE u.id = p_user_id;
        v_changed := array_append(v_changed, 'user_metadata');
    END IF;
    IF p_password_hash IS NOT NULL THEN
        UPDATE auth.users u SET encrypted_password = p_password_hash, updated_at = now() WHERE u.id = p_user_id;
        UPDATE private.refresh_tokens t SET revoked_at = now()
        WHERE t.user_id = p_user_id AND t.revoked_at IS NULL AND t.session_id IS DISTINCT FROM p_session_id;
        v_changed := array_append(v_changed, 'password');
    END IF;
    IF cardinality(v_changed) > 0 THEN
        PERFORM audit.record('user_updated', p_user_id, NULL, jsonb_build_object('changed', to_jsonb(v_changed)),
            p_session_id::text);
    END IF;
    RETURN private.auth_user_json(p_user_id);
END
$$;

-- Sign up with email and an argon2id hash. Email is confirmed at once (no mailer: like
-- GoTrue's MAILER_AUTOCONFIRM).
CREATE OR REPLACE FUNCTION private.auth_signup(p_email text, p_password_hash text, p_user_metadata jsonb)
RETURNS jsonb
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = '' AS $$
DECLARE
    v_email text := lower(btrim(p_email));
    v_id uuid := private.uuid7();
BEGIN
    IF v_email IS NULL OR v_email !~ '^[^@\s]+@[^@\s]+\.[^@\s]+$' OR length(v_email) > 255 THEN
        RAISE EXCEPTION USING ERRCODE = 'PT400', MESSAGE = 'Unable to validate email address: invalid format',
            HINT = 'validation_failed';
    END IF;
    IF jsonb_typeof(coalesce(p_user_metadata, '{}'::jsonb)) <> 'object' THEN
        RAISE EXCEPTION USING ERRCODE = 'PT400', MESSAGE = 'data must be a JSON object', HINT = 'validation_failed';
    END IF;
    IF EXISTS (SELECT 1 FROM auth.users u WHERE lower(u.email) = v_email) THEN
        RAISE EXCEPTION USING ERRCODE = 'PT422', MESSAGE = 'User already registered', HINT = 'user_already_exists';
    END IF;
    INSERT INTO auth.users (id, aud, role, email, encrypted_password, email_confirmed_at,
        raw_app_meta_data, raw_user_meta_data, created_at, updated_at)
    VALUES (v_id, 'authenticated', 'authenticated', v_email, p_password_hash, now(),
        '{"provider": "email", "providers": ["email"]}'::jsonb, coalesce(p_user_metadata, '{}'::jsonb), now(), now());
    PERFORM private.ensure_profile(v_id);
    RETURN private.auth_user_json(v_id);
END
$$;

-- First half of a password sign-in: refuses (429) when the account or the client address has
-- too many recent failures, else returns the stored hash for the API to verify.
-- Limits: 5 failures per account or 20 per address in 15 minutes.
CREATE OR REPLACE FUNCTION private.auth_password_login_begin(p_email text, p_ip inet) RETURNS jsonb
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = '' AS $$
DECLARE
    v_email text := lower(btrim(p_email));
    v_window timestamptz := now() - interval '15 minutes';
BEGIN
    IF (SELECT count(*) FROM private.login_attempts a
        WHERE a.email = v_email AND NOT a.succeeded AND a.attempted_at > v_window) >= 5
       OR (p_ip IS NOT NULL AND (SELECT count(*) FROM private.login_attempts a
        WHERE a.ip = p_ip AND NOT a.succeeded AND a.attempted_at > v_window) >= 20) THEN
        RAISE EXCEPTION USING ERRCODE = 'PT429', MESSAGE = 'Too many sign-in attempts; try again later',
            HINT = 'over_request_rate_limit';
    END IF;
    RETURN (SELECT jsonb_build_object('user_id', u.id, 'password_hash', u.encrypted_password)
            FROM auth.users u
            WHERE lower(u.email) = v_email AND u.deleted_at IS NULL
              AND (u.banned_until IS NULL OR u.banned_until < now()));
END
$$;

-- Starts a session for a user: a new refresh-token family. Returns what the API needs to sign
-- the access token.
CREATE OR REPLACE FUNCTION private.auth_start_session(p_user_id uuid, p_ttl interval) RETURNS jsonb
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = '' AS $$
DECLARE
    v_token text := replace(gen_random_uuid()::text, '-', '') || replace(gen_random_uuid()::text, '-', '');
    v_session uuid := gen_random_uuid();
BEGIN
    INSERT INTO private.refresh_tokens (token_hash, user_id, session_id, expires_at)
    VALUES (sha256(convert_to(v_token, 'UTF8')), p_user_id, v_session, now() + p_ttl);
    UPDATE auth.users u SET last_sign_in_at = now() WHERE u.id = p_user_id;
    RETURN jsonb_build_object('user', private.auth_user_json(p_user_id), 'session_id', v_session,
        'refresh_token', v_token);
END
$$;

-- Second half of a password sign-in: records the attempt (and the audit entry: sign_in, or
-- sign_in_failed with the email tried); on success starts a session.
CREATE OR REPLACE FUNCTION private.auth_password_login_finish(p_email text, p_ip inet, p_user_id uuid,
    p_succeeded boolean, p_ttl interval) RETURNS jsonb
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = '' AS $$
DECLARE
    v_session jsonb;
BEGIN
    INSERT INTO private.login_attempts (email, ip, succeeded) VALUES (lower(btrim(p_email)), p_ip, p_succeeded);
    IF NOT p_succeeded THEN
        PERFORM audit.record('sign_in_failed', p_user_id, host(p_ip),
            jsonb_build_object('email', lower(btrim(p_email))));
        RETURN NULL;
    END IF;
    v_session := private.auth_start_session(p_user_id, p_ttl);
    PERFORM audit.record('sign_in', p_user_id, host(p_ip), jsonb_build_object('method', 'password'),
        v_session ->> 'session_id');
    RETURN v_session;
END
$$;

-- Rotates a refresh token. A token that was already rotated or revoked is a sign of theft:
-- the whole session is revoked. Returns {"error": ...} instead of raising so that revocation
-- commits.
CREATE OR REPLACE FUNCTION private.auth_refresh(p_token text, p_ttl interval) RETURNS jsonb
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = '' AS $$
DECLARE
    v_old private.refresh_tokens;
    v_token text := replace(gen_random_uuid()::text, '-', '') || replace(gen_random_uuid()::text, '-', '');
BEGIN
    SELECT * INTO v_old FROM private.refresh_tokens t
    WHERE t.token_hash = sha256(convert_to(coalesce(p_token, ''), 'UTF8'))
    FOR UPDATE;
    IF NOT FOUND THEN
        RETURN jsonb_build_object('error', jsonb_build_object('status', 400,
            'code', 'refresh_token_not_found', 'message', 'Invalid Refresh Token: Refresh Token Not Found'));
    END IF;
    IF v_old.rotated_at IS NOT NULL OR v_old.revoked_at IS NOT NULL THEN
        UPDATE private.refresh_tokens t SET revoked_at = now()
        WHERE t.session_id = v_old.session_id AND t.revoked_at IS NULL;
        RETURN jsonb_build_object('error', jsonb_build_object('status', 400,
            'code', 'refresh_token_already_used', 'message', 'Invalid Refresh Token: Already Used',
            'details', 'the session was revoked'));
    END IF;
    IF v_old.expires_at <= now() THEN
        RETURN jsonb_build_object('error', jsonb_build_object('status', 400,
            'code', 'session_expired', 'message', 'Invalid Refresh Token: Session Expired'));
    END IF;
    UPDATE private.refresh_tokens t SET rotated_at = now() WHERE t.id = v_old.id;
    INSERT INTO private.refresh_tokens (token_hash, user_id, session_id, parent_id, expires_at)
    VALUES (sha256(convert_to(v_token, 'UTF8')), v_old.user_id, v_old.session_id, v_old.id, now() + p_ttl);
    RETURN jsonb_build_object('user', private.auth_user_json(v_old.user_id), 'session_id', v_old.session_id,
        'refresh_token', v_token);
END
$$;

-- Signs out: 'local' revokes this session, 'global' every session of the user, 'others' all but this one.
-- Audited as sign_out.
CREATE OR REPLACE FUNCTION private.auth_logout(p_user_id uuid, p_session_id uuid, p_scope text) RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = '' AS $$
DECLARE
    v_count bigint;
BEGIN
    IF p_scope NOT IN ('global', 'local', 'others') THEN
        RAISE EXCEPTION USING ERRCODE = 'PT400', MESSAGE = 'scope must be global, local or others',
            HINT = 'validation_failed';
    END IF;
    UPDATE private.refresh_tokens t SET revoked_at = now()
    WHERE t.user_id = p_user_id AND t.revoked_at IS NULL
      AND CASE p_scope WHEN 'global' THEN true
                       WHEN 'local' THEN t.session_id = p_session_id
                       ELSE t.session_id IS DISTINCT FROM p_session_id END;
    GET DIAGNOSTICS v_count = ROW_COUNT;
    PERFORM audit.record('sign_out', p_user_id, NULL, jsonb_build_object('scope', p_scope, 'tokens_revoked', v_count),
        p_session_id::text);
    RETURN v_count;
END
$$;

-- Is this session still live? (Access tokens carry session_id; a revoked session's tokens stop
-- refreshing, and /auth/v1/user refuses them.)
CREATE OR REPLACE FUNCTION private.auth_session_is_live(p_session_id uuid) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = '' AS $$
    SELECT EXISTS (SELECT 1 FROM private.refresh_tokens t
                   WHERE t.session_id = p_session_id AND t.revoked_at IS NULL AND t.expires_at > now())
$$;

-- ===================================================================== password recovery

-- Starts a recovery for the account of an email: a link token and a six-digit code, returned once
-- to be mailed, kept only as hashes, good for p_ttl and one use. NULL when there is no such active
-- account, or when one was started less than a minute ago (the caller answers the same either way,
-- so the answer does not tell whether an address has an account). A new recovery replaces the last.
-- A PKCE client's code challenge is kept for its link (see auth_recovery_verify); the table's checks
-- hold its length and method.
CREATE OR REPLACE FUNCTION private.auth_recovery_begin(p_email text, p_ip inet, p_ttl interval,
    p_code_challenge text DEFAULT NULL, p_code_challenge_method text DEFAULT NULL) RETURNS jsonb
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = '' AS $$
DECLARE
    v_user auth.users;
    v_link text := replace(gen_random_uuid()::text, '-', '') || replace(gen_random_uuid()::text, '-', '');
    -- six digits from 60 random bits (gen_random_uuid draws from the strong random source)
    v_code text := lpad(abs(('x' || substr(replace(gen_random_uuid()::text, '-', ''), 1, 16))::bit(64)::bigint
                            % 1000000)::text, 6, '0');
    v_method text := lower(nullif(p_code_challenge_method, ''));
BEGIN
    SELECT * INTO v_user FROM auth.users u
    WHERE lower(u.email) = lower(btrim(p_email)) AND u.deleted_at IS NULL
      AND (u.banned_until IS NULL OR u.banned_until < now());
    IF NOT FOUND OR EXISTS (SELECT 1 FROM private.recovery_tokens r
                            WHERE r.user_id = v_user.id AND r.created_at > now() - interval '60 seconds') THEN
        RETURN NULL;
    END IF;
    INSERT INTO private.recovery_tokens (user_id, link_hash, code_hash, code_challenge, code_challenge_method,
                                         expires_at)
    VALUES (v_user.id, sha256(convert_to(v_link, 'UTF8')), sha256(convert_to(v_user.id::text || ':' || v_code, 'UTF8')),
            nullif(p_code_challenge, ''), CASE WHEN nullif(p_code_challenge, '') IS NOT NULL THEN v_method END,
            now() + p_ttl)
    ON CONFLICT (user_id) DO UPDATE
        SET link_hash = EXCLUDED.link_hash, code_hash = EXCLUDED.code_hash, code_challenge = EXCLUDED.code_challenge,
            code_challenge_method = EXCLUDED.code_challenge_method, created_at = now(),
            expires_at = EXCLUDED.expires_at, failed_attempts = 0;
    PERFORM audit.record('recovery_requested', v_user.id, host(p_ip));
    RETURN jsonb_build_object('user_id', v_user.id, 'email', v_user.email, 'link_token', v_link, 'code', v_code,
        'full_name', (SELECT p.full_name FROM public.profiles p WHERE p.id = v_user.id));
END
$$;

-- The email could not be sent: the recovery is withdrawn, so asking again is not held back a minute.
CREATE OR REPLACE FUNCTION private.auth_recovery_cancel(p_user_id uuid) RETURNS void
LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = '' AS $$
    DELETE FROM private.recovery_tokens r WHERE r.user_id = p_user_id
$$;

-- Uses a recovery: the link's token, or the email and its six-digit code. A good one is spent and
-- starts a session (the client then sets the new password) -- except a link followed in a browser
-- (p_redirect) that a PKCE client asked for, which yields {"auth_code": ...} for that client to exchange
-- (auth_exchange_code). A wrong code counts
-- against the recovery, and the fifth wrong one spends it. Errors come back as {"error": ...} (not
-- raised, so the count of wrong codes commits): GoTrue's 403 otp_expired whatever was wrong.
CREATE OR REPLACE FUNCTION private.auth_recovery_verify(p_link_token text, p_email text, p_code text, p_ip inet,
    p_ttl interval, p_redirect boolean DEFAULT false) RETURNS jsonb
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = '' AS $$
DECLARE
    v_token private.recovery_tokens;
    v_user_id uuid;
    v_session jsonb;
    v_auth_code text := replace(gen_random_uuid()::text, '-', '') || replace(gen_random_uuid()::text, '-', '');
BEGIN
    IF p_link_token IS NOT NULL THEN
        SELECT * INTO v_token FROM private.recovery_tokens r
        WHERE r.link_hash = sha256(convert_to(p_link_token, 'UTF8')) FOR UPDATE;
    ELSE
        SELECT u.id INTO v_user_id FROM auth.users u
        WHERE lower(u.email) = lower(btrim(p_email)) AND u.deleted_at IS NULL;
        SELECT * INTO v_token FROM private.recovery_tokens r WHERE r.user_id = v_user_id FOR UPDATE;
        IF FOUND AND v_token.expires_at > now()
           AND v_token.code_hash <> sha256(convert_to(v_user_id::text || ':' || coalesce(p_code, ''), 'UTF8')) THEN
            IF v_token.failed_attempts >= 4 THEN
                DELETE FROM private.recovery_tokens r WHERE r.user_id = v_token.user_id;
            ELSE
                UPDATE private.recovery_tokens r SET failed_attempts = r.failed_attempts + 1
                WHERE r.user_id = v_token.user_id;
            END IF;
            v_token := NULL;
        END IF;
    END IF;
    IF v_token.user_id IS NULL OR v_token.expires_at <= now() OR NOT EXISTS (
            SELECT 1 FROM auth.users u WHERE u.id = v_token.user_id AND u.deleted_at IS NULL
              AND (u.banned_until IS NULL OR u.banned_until < now())) THEN
        RETURN jsonb_build_object('error', jsonb_build_object('status', 403, 'code', 'otp_expired',
            'message', 'Email link is invalid or has expired'));
    END IF;
    DELETE FROM private.recovery_tokens r WHERE r.user_id = v_token.user_id;
    IF p_redirect AND v_token.code_challenge IS NOT NULL THEN
        INSERT INTO private.auth_codes (code_hash, user_id, code_challenge, code_challenge_method,
                                        authentication_method, expires_at)
        VALUES (sha256(convert_to(v_auth_code, 'UTF8')), v_token.user_id, v_token.code_challenge,
                v_token.code_challenge_method, 'recovery', now() + interval '5 minutes');
        RETURN jsonb_build_object('auth_code', v_auth_code);
    END IF;
    v_session := private.auth_start_session(v_token.user_id, p_ttl);
    PERFORM audit.record('sign_in', v_token.user_id, host(p_ip),
        jsonb_build_object('method', 'recovery', 'by', CASE WHEN p_link_token IS NULL THEN 'code' ELSE 'link' END),
        v_session ->> 'session_id');
    RETURN v_session || jsonb_build_object('method', 'recovery');
END
$$;

-- Exchanges a PKCE authorization code for a session: the code is spent whatever happens, and only the
-- verifier whose challenge came with the request (S256: base64url of its SHA-256) gets the session.
CREATE OR REPLACE FUNCTION private.auth_exchange_code(p_auth_code text, p_code_verifier text, p_ip inet,
    p_ttl interval) RETURNS jsonb
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = '' AS $$
DECLARE
    v_code private.auth_codes;
    v_challenge text;
    v_session jsonb;
BEGIN
    DELETE FROM private.auth_codes c WHERE c.code_hash = sha256(convert_to(coalesce(p_auth_code, ''), 'UTF8'))
    RETURNING * INTO v_code;
    IF v_code.user_id IS NULL OR v_code.expires_at <= now() THEN
        RETURN jsonb_build_object('error', jsonb_build_object('status', 404, 'code', 'flow_state_not_found',
            'message', 'invalid flow state, no valid flow state found'));
    END IF;
    v_challenge := CASE v_code.code_challenge_method
        WHEN 'plain' THEN p_code_verifier
        ELSE rtrim(translate(encode(sha256(convert_to(coalesce(p_code_verifier, ''), 'UTF8')), 'base64'),
                             '+/', '-_'), '=') END;
    IF v_code.code_challenge IS DISTINCT FROM v_challenge THEN
        RETURN jsonb_build_object('error', jsonb_build_object('status', 403, 'code', 'bad_code_verifier',
            'message', 'code challenge does not match previously saved code verifier'));
    END IF;
    v_session := private.auth_start_session(v_code.user_id, p_ttl);
    PERFORM audit.record('sign_in', v_code.user_id, host(p_ip),
        jsonb_build_object('method', v_code.authentication_method, 'by', 'link'), v_session ->> 'session_id');
    RETURN v_session || jsonb_build_object('method', v_code.authentication_method);
END
$$;

REVOKE EXECUTE ON FUNCTION private.auth_recovery_begin(text, inet, interval, text, text),
    private.auth_recovery_cancel(uuid), private.auth_recovery_verify(text, text, text, inet, interval, boolean),
    private.auth_exchange_code(text, text, inet, interval) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION private.auth_recovery_begin(text, inet, interval, text, text),
    private.auth_recovery_cancel(uuid), private.auth_recovery_verify(text, text, text, inet, interval, boolean),
    private.auth_exchange_code(text, text, inet, interval) TO service_role;

REVOKE EXECUTE ON FUNCTION private.auth_user_json(uuid), private.auth_signup(text, text, jsonb),
    private.auth_password_login_begin(text, inet), private.auth_start_session(uuid, interval),
    private.auth_password_login_finish(text, inet, uuid, boolean, interval), private.auth_refresh(text, interval),
    private.auth_logout(uuid, uuid, text), private.auth_session_is_live(uuid), private.auth_password_hash(uuid),
    private.auth_update_user(uuid, jsonb, text, uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION private.auth_user_json(uuid), private.auth_signup(text, text, jsonb),
    private.auth_password_login_begin(text, inet), private.auth_start_session(uuid, interval),
    private.auth_password_login_finish(text, inet, uuid, boolean, interval), private.auth_refresh(text, interval),
    private.auth_logout(uuid, uuid, text), private.auth_session_is_live(uuid), private.auth_password_hash(uuid),
    private.auth_update_user(uuid, jsonb, text, uuid) TO service_role;

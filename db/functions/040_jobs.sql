-- 040_jobs: the scheduler's bookkeeping and the job procedures it calls. Each job is one SQL
-- function taking the run's scheduled time, so a missed run can be replayed for its own time.

-- Opens a run; returns null when this (job, scheduled time) already ran or runs elsewhere.
CREATE OR REPLACE FUNCTION private.job_started(p_job text, p_scheduled_for timestamptz, p_runner text)
RETURNS bigint
LANGUAGE sql VOLATILE AS $$
    INSERT INTO private.job_runs (job, scheduled_for, runner) VALUES (p_job, p_scheduled_for, p_runner)
    ON CONFLICT (job, scheduled_for) DO NOTHING
    RETURNING id
$$;

-- Closes a run with its row count, or its error.
CREATE OR REPLACE FUNCTION private.job_finished(p_run_id bigint, p_rows bigint, p_error text) RETURNS void
LANGUAGE sql VOLATILE AS $$
    UPDATE private.job_runs SET finished_at = clock_timestamp(), rows_affected = p_rows, error = p_error,
        status = CASE WHEN p_error IS NULL THEN 'succeeded' ELSE 'failed' END
    WHERE id = p_run_id
$$;

-- Job: forget what no longer matters -- refresh tokens a day past expiry, sign-in attempts older
-- than a day, invitations a month past expiry.
CREATE OR REPLACE FUNCTION private.cleanup_expired_sessions(p_as_of timestamptz) RETURNS bigint
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    v_tokens bigint;
    v_attempts bigint;
    v_invitations bigint;
BEGIN
    DELETE FROM private.refresh_tokens t WHERE t.expires_at < p_as_of - interval '1 day';
    GET DIAGNOSTICS v_tokens = ROW_COUNT;
    DELETE FROM private.login_attempts a WHERE a.attempted_at < p_as_of - interval '1 day';
    GET DIAGNOSTICS v_attempts = ROW_COUNT;
    DELETE FROM public.invitations i WHERE i.accepted_at IS NULL AND i.expires_at < p_as_of - interval '30 days';
    GET DIAGNOSTICS v_invitations = ROW_COUNT;
    RETURN v_tokens + v_attempts + v_invitations;
END
$$;

-- Job: published outbox events are kept a week for replay, then deleted; so are the consumers'
-- inbox rows (a redelivery comes within minutes, not a week), and replayed dead letters after 30 days.
CREATE OR REPLACE FUNCTION private.purge_published_events(p_as_of timestamptz) RETURNS bigint
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    v_events bigint;
    v_inbox bigint;
    v_dead bigint;
BEGIN
    DELETE FROM outbox.events e WHERE e.published_at < p_as_of - interval '7 days';
    GET DIAGNOSTICS v_events = ROW_COUNT;
    DELETE FROM outbox.inbox i WHERE i.processed_at < p_as_of - interval '7 days';
    GET DIAGNOSTICS v_inbox = ROW_COUNT;
    DELETE FROM outbox.dead_letters d WHERE d.replayed_at < p_as_of - interval '30 days';
    GET DIAGNOSTICS v_dead = ROW_COUNT;
    RETURN v_events + v_inbox + v_dead;
END
$$;

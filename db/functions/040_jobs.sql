-- 040_jobs: the scheduler's bookkeeping and the job procedures it calls. Each job is one SQL
-- function taking the run's scheduled time, so a missed run can be replayed for its own time.

-- A run's connection holds a session advisory lock (class 4243, key from the run id) from its start
-- until the connection ends. A 'running' row whose lock is free therefore belongs to a runner that
-- stopped mid-run: its connection is gone, and with it the job's uncommitted transaction.
CREATE OR REPLACE FUNCTION private.job_run_lock_key(p_run_id bigint) RETURNS integer
LANGUAGE sql IMMUTABLE AS $$
    SELECT (p_run_id % 2147483647)::integer
$$;

-- Opens a run and takes its lock; returns null when this (job, scheduled time) already ran or runs
-- elsewhere. A run abandoned mid-way is taken over as the next attempt of the same firing.
CREATE OR REPLACE FUNCTION private.job_started(p_job text, p_scheduled_for timestamptz, p_runner text)
RETURNS bigint
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    v_id bigint;
    v_attempts integer;
BEGIN
    INSERT INTO private.job_runs AS r (job, scheduled_for, runner) VALUES (p_job, p_scheduled_for, p_runner)
    ON CONFLICT (job, scheduled_for) DO UPDATE
        SET runner = excluded.runner, started_at = clock_timestamp(), attempts = r.attempts + 1,
            error = format('attempt %s by %s stopped mid-run; retried', r.attempts, r.runner)
        WHERE CASE WHEN r.status = 'running'
                   THEN pg_try_advisory_lock(4243, private.job_run_lock_key(r.id)) ELSE false END
    RETURNING r.id, r.attempts INTO v_id, v_attempts;
    IF v_attempts = 1 THEN
        PERFORM pg_advisory_lock(4243, private.job_run_lock_key(v_id));
    END IF;
    RETURN v_id;
END
$$;

-- Closes a run with its row count, or its error. The scheduler calls it inside the job's own
-- transaction on success, so a run is 'succeeded' exactly when the job's work committed.
CREATE OR REPLACE FUNCTION private.job_finished(p_run_id bigint, p_rows bigint, p_error text) RETURNS void
LANGUAGE sql VOLATILE AS $$
    UPDATE private.job_runs SET finished_at = clock_timestamp(), rows_affected = p_rows,
        error = coalesce(p_error, error),
        status = CASE WHEN p_error IS NULL THEN 'succeeded' ELSE 'failed' END
    WHERE id = p_run_id
$$;

-- Runs left 'running' by a runner that stopped: those scheduled at or after p_retry_after are returned
-- for the leader to run again (job_started takes them over); older ones are closed as failed.
CREATE OR REPLACE FUNCTION private.abandoned_job_runs(p_retry_after timestamptz)
RETURNS TABLE (job text, scheduled_for timestamptz)
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    v_run record;
BEGIN
    FOR v_run IN SELECT j.id, j.job, j.scheduled_for, j.runner, j.attempts
                 FROM private.job_runs j WHERE j.status = 'running' ORDER BY j.id LOOP
        CONTINUE WHEN NOT pg_try_advisory_lock(4243, private.job_run_lock_key(v_run.id));
        PERFORM pg_advisory_unlock(4243, private.job_run_lock_key(v_run.id));
        IF v_run.scheduled_for >= p_retry_after THEN
            job := v_run.job;
            scheduled_for := v_run.scheduled_for;
            RETURN NEXT;
        ELSE
            UPDATE private.job_runs j SET status = 'failed', finished_at = clock_timestamp(),
                error = format('attempt %s by %s stopped mid-run; too late to retry', v_run.attempts, v_run.runner)
            WHERE j.id = v_run.id AND j.status = 'running';
        END IF;
    END LOOP;
END
$$;

-- Job: forget what no longer matters -- refresh tokens a day past expiry, sign-in attempts older
-- than a day, invitations a month past expiry, password recoveries and PKCE codes once expired.
CREATE OR REPLACE FUNCTION private.cleanup_expired_sessions(p_as_of timestamptz) RETURNS bigint
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    v_tokens bigint;
    v_attempts bigint;
    v_invitations bigint;
    v_recoveries bigint;
    v_codes bigint;
BEGIN
    DELETE FROM private.refresh_tokens t WHERE t.expires_at < p_as_of - interval '1 day';
    GET DIAGNOSTICS v_tokens = ROW_COUNT;
    DELETE FROM private.login_attempts a WHERE a.attempted_at < p_as_of - interval '1 day';
    GET DIAGNOSTICS v_attempts = ROW_COUNT;
    DELETE FROM public.invitations i WHERE i.accepted_at IS NULL AND i.expires_at < p_as_of - interval '30 days';
    GET DIAGNOSTICS v_invitations = ROW_COUNT;
    DELETE FROM private.recovery_tokens r WHERE r.expires_at < p_as_of;
    GET DIAGNOSTICS v_recoveries = ROW_COUNT;
    DELETE FROM private.auth_codes c WHERE c.expires_at < p_as_of;
    GET DIAGNOSTICS v_codes = ROW_COUNT;
    RETURN v_tokens + v_attempts + v_invitations + v_recoveries + v_codes;
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

-- V0023: a job run survives its runner dying. A scheduler killed mid-job (or cut from the database)
-- leaves its run 'running' while its connection's transaction rolls back; the next leader finds such
-- runs (db/functions/040_jobs.sql: the run's session advisory lock is free) and runs the firing again,
-- counting the attempts. The partial index keeps that search cheap on a long job history.
ALTER TABLE private.job_runs ADD COLUMN attempts integer NOT NULL DEFAULT 1;
CREATE INDEX job_runs_running_idx ON private.job_runs (id) WHERE status = 'running';

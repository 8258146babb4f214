-- 010_operations: what `ifarm status` and /metrics read about the running system.

-- The latest run of each job.
CREATE OR REPLACE VIEW private.job_last_runs AS
SELECT DISTINCT ON (r.job) r.job, r.scheduled_for, r.started_at, r.finished_at, r.status, r.rows_affected, r.error
FROM private.job_runs r
ORDER BY r.job, r.started_at DESC;

"""The scheduler: APScheduler fires jobs; each job is one SQL function (see scheduler.jobs)."""

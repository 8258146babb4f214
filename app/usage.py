"""API calls per tenant, counted in each worker and added to PostgreSQL every few seconds (the
usage-metrics job reads them). Counting is in memory, so a request costs no extra round trip; a
failed flush keeps the counts for the next one."""

from __future__ import annotations

import asyncio
import logging
from collections import Counter

import orjson

log = logging.getLogger("ifarm.usage")
FLUSH_SECONDS = 10


class ApiCallCounter:
    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()

    def count(self, tenant_id: str) -> None:
        self.counts[tenant_id] += 1

    async def flush(self, db) -> None:
        if not self.counts:
            return
        batch, self.counts = self.counts, Counter()
        try:
            await db.call_internal("select private.record_api_calls(%s::jsonb)", (orjson.dumps(batch).decode(),))
        except Exception:  # the database is down: keep the counts for the next flush
            self.counts.update(batch)
            log.warning("could not record API call counts; keeping them", exc_info=True)

    async def run(self, db) -> None:
        """Flushes every FLUSH_SECONDS. The last flush is the server's before-stop listener's: a task
        still awaiting the database when Sanic cancels its tasks would keep the worker from exiting."""
        while True:
            await asyncio.sleep(FLUSH_SECONDS)
            await self.flush(db)

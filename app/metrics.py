"""Prometheus metrics. Sanic runs several worker processes, so when PROMETHEUS_MULTIPROC_DIR is set
(`ifarm api` sets it) every worker writes its samples there and /metrics aggregates them."""

from __future__ import annotations

import os

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest, multiprocess

REQUESTS = Counter("ifarm_http_requests_total", "HTTP requests by route and status", ["method", "route", "status"])
LATENCY = Histogram(
    "ifarm_http_request_duration_seconds", "HTTP request latency by route", ["method", "route"],
    buckets=(0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
CACHE = Counter("ifarm_cache_requests_total", "Cache lookups by result (hit, miss, error)", ["result"])
RATE_LIMITED = Counter("ifarm_rate_limited_total", "Requests refused with 429, by the limit that refused them",
                       ["limit"])
RATE_LIMIT_UNCHECKED = Counter("ifarm_rate_limit_unchecked_total",
                               "Requests let through unchecked because Redis failed or was slow")
POOL = Gauge("ifarm_db_pool_connections", "Database pool connections by state", ["state"],
             multiprocess_mode="livesum")


def render(extra_lines: list[str]) -> bytes:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
    else:
        from prometheus_client import REGISTRY as registry
    text = generate_latest(registry)
    return text + "".join(line + "\n" for line in extra_lines).encode()


def record_pool(stats: dict) -> None:
    size = stats.get("pool_size", 0)
    available = stats.get("pool_available", 0)
    POOL.labels("in_use").set(size - available)
    POOL.labels("idle").set(available)
    POOL.labels("waiting").set(stats.get("requests_waiting", 0))
